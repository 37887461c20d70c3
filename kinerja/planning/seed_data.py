"""Seed data loaded by a data migration and editable afterwards: the seven BerAKHLAK values with
their official behaviour guides (SE MenPANRB 20/2021), and starter libraries."""

BERAKHLAK = [
    ("berorientasi_pelayanan", "Berorientasi Pelayanan", [
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ]),
    ("akuntabel", "Akuntabel", [
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ]),
    ("kompeten", "Kompeten", [
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ]),
    ("harmonis", "Harmonis", [
        "Menghargai setiap orang apa pun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ]),
    ("loyal", "Loyal", [
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, "
        "setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
        "Menjaga rahasia jabatan dan negara",
    ]),
    ("adaptif", "Adaptif", [
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ]),
    ("kolaboratif", "Kolaboratif", [
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    ]),
]  # fmt: skip

EXPECTATIONS = {
    "berorientasi_pelayanan": [
        "Menanggapi setiap permintaan layanan paling lambat satu hari kerja.",
        "Menindaklanjuti keluhan masyarakat sampai tuntas dan melaporkannya.",
    ],
    "akuntabel": [
        "Melaporkan realisasi kegiatan tepat waktu dengan bukti dukung yang lengkap.",
        "Menggunakan anggaran kegiatan sesuai rencana dan ketentuan.",
    ],
    "kompeten": [
        "Mengikuti paling sedikit satu pengembangan kompetensi tahun ini.",
        "Berbagi pengetahuan kepada rekan kerja melalui coaching atau forum internal.",
    ],
    "harmonis": ["Menjaga komunikasi yang santun dan saling menghargai di dalam tim."],
    "loyal": ["Menjaga kerahasiaan data pribadi masyarakat dan dokumen dinas."],
    "adaptif": ["Mengusulkan paling sedikit satu perbaikan proses kerja tahun ini."],
    "kolaboratif": [
        "Aktif berkoordinasi dengan unit dan instansi lain untuk mencapai target bersama."
    ],
}

INDICATORS = [
    ("Pendidikan", "kuantitas", "Angka Partisipasi Murni (APM) SD/MI", "persen", "higher"),
    ("Pendidikan", "kuantitas", "Angka Partisipasi Kasar (APK) SMP/MTs", "persen", "higher"),
    ("Pendidikan", "kuantitas", "Jumlah sekolah yang dibina", "sekolah", "higher"),
    ("Pendidikan", "kuantitas", "Angka putus sekolah", "persen", "lower"),
    ("Kesehatan", "kuantitas", "Cakupan imunisasi dasar lengkap", "persen", "higher"),
    ("Kesehatan", "kuantitas", "Cakupan pelayanan kesehatan ibu hamil (K4)", "persen", "higher"),
    ("Kesehatan", "kuantitas", "Prevalensi stunting pada balita", "persen", "lower"),
    ("Kesehatan", "kuantitas", "Jumlah posyandu yang dibina", "posyandu", "higher"),
    (
        "Perhubungan",
        "kualitas",
        "Indeks kepuasan masyarakat layanan angkutan umum",
        "indeks",
        "higher",
    ),
    ("Perhubungan", "kuantitas", "Jumlah kendaraan yang diuji berkala", "kendaraan", "higher"),
    ("Perhubungan", "waktu", "Waktu rata-rata pelayanan uji KIR", "menit", "lower"),
    ("Umum", "kuantitas", "Jumlah dokumen yang diselesaikan", "dokumen", "higher"),
    ("Umum", "kualitas", "Persentase dokumen tanpa revisi", "persen", "higher"),
    ("Umum", "waktu", "Ketepatan waktu penyelesaian laporan", "hari", "lower"),
    ("Umum", "biaya", "Realisasi anggaran kegiatan", "persen", "higher"),
    (
        "Kepegawaian",
        "kuantitas",
        "Jumlah usulan kenaikan pangkat yang diproses",
        "usulan",
        "higher",
    ),
    ("Kepegawaian", "waktu", "Waktu penyelesaian layanan kepegawaian", "hari", "lower"),
]
