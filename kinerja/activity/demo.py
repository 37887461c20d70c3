"""The demo regency's daily work in 2026 (`manage.py seed_demo_cycle`, after the plans of
`kinerja.planning.demo`): entries from the day each SKP was approved up to today, evidence,
verification, manual realisations, corrections, feedback and dialogues.

Dinas Pendidikan, Dinas Kesehatan and Dinas Perhubungan report every working day (sometimes
twice); the other agencies about once a week. Quantities follow each indicator's target (most
people on track, some ahead, a few behind); older work is verified by the rater, the last week
mostly waits in the queues; a few entries are rejected, a few corrected, some still drafts, and
two people stopped reporting a week and a half ago.

The volume (entries, evidence, realisations and the audit rows the services would have written
for them: created, submitted, verified or rejected, evidence added) goes in with `insert_rows`,
a plain executemany, in the caller's transaction; statuses and verification are set directly.
The few corrections, the feedback and the dialogues go through the services under the
simulated clock. Deterministic: one `random.Random` decides everything."""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import struct
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone

from kinerja.core.audit import snapshot
from kinerja.core.models import AuditLog, Notification
from kinerja.organisation.models import Pegawai
from kinerja.planning.choices import Aspek, Direction, TargetKind
from kinerja.planning.demo import (
    FULL_AGENCIES,
    PlanningDemo,
    add_workdays,
    agency_codes,
    at,
    clock_at,
    is_workday,
    last_workday,
    wipe_audit_and_notifications,
    workdays,
)
from kinerja.planning.models import ActionPlan, Indicator, Period, Skp

from . import services
from .choices import EntryStatus, EvidenceKind
from .models import DailyEntry, Dialogue, Evidence, Feedback, FeedbackPhrase, ManualRealisation

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip

# ---------------------------------------------------------------- words the texts draw from

VOCAB: dict[str, tuple[str, ...]] = {
    "sd": ("SDN 1 Sukamaju", "SDN 2 Sukamaju", "SDN 3 Sukamaju", "SDN 4 Sukamaju", "SDN Cibening",
           "SDN 2 Cibening", "SDN 1 Karangsari", "SDN 2 Karangsari", "SDN Mekarjaya",
           "SDN Sindangsari", "SDN Sukaresmi", "SDN Cijambu", "SDN Margahayu", "SDN Tanjungsari"),
    "smp": ("SMPN 1 Sukamaju", "SMPN 2 Sukamaju", "SMPN 3 Sukamaju", "SMPN 1 Cibening",
            "SMPN Satu Atap Cijambu"),
    "kelas": ("1A", "1B", "2A", "2B", "3A", "3B", "4A", "4B", "5A", "5B", "6A", "6B"),
    "kelas_smp": ("VII A", "VII B", "VII C", "VIII A", "VIII B", "VIII C", "IX A", "IX B", "IX C"),
    "mapel": ("Bahasa Indonesia", "Matematika", "IPAS", "Pendidikan Pancasila", "Seni Budaya"),
    "mapel_smp": ("Matematika", "Bahasa Indonesia", "IPA", "IPS", "Bahasa Inggris", "Informatika",
                  "Pendidikan Pancasila"),
    "posyandu": ("Posyandu Melati", "Posyandu Mawar", "Posyandu Anggrek", "Posyandu Dahlia",
                 "Posyandu Kenanga", "Posyandu Flamboyan", "Posyandu Cempaka", "Posyandu Teratai",
                 "Posyandu Kamboja", "Posyandu Bougenville"),
    "desa": ("Sukamaju", "Karangsari", "Cibening", "Mekarjaya", "Sindangsari", "Sukaresmi",
             "Cijambu", "Margahayu", "Tanjungsari", "Cikadu"),
    "opd": ("Dinas Pendidikan", "Dinas Kesehatan", "Dinas Perhubungan", "Dinas PUPR", "Bappeda",
            "BKPSDM", "Dinas Sosial", "Dinas Pertanian", "Dinas Kependudukan dan Pencatatan Sipil",
            "Dinas Lingkungan Hidup", "Kecamatan Cibening", "Kecamatan Sukamaju Kota",
            "RSUD Sukamaju", "Satpol PP"),
    "ruas": ("ruas Cibening–Karangsari", "ruas Sukamaju–Mekarjaya", "Jalan Siliwangi",
             "Jalan Ahmad Yani", "ruas Sindangsari–Cijambu", "Jalan Pasar Baru",
             "ruas Margahayu–Tanjungsari", "Jalan Raya Cibening"),
    "simpang": ("simpang Pasar Baru", "simpang Alun-alun Sukamaju", "simpang Terminal Sukamaju",
                "simpang Jalan Ahmad Yani–Siliwangi", "depan SMPN 1 Sukamaju", "bundaran Tugu Tani"),
    "trayek": ("trayek Sukamaju–Cibening", "trayek Terminal Sukamaju–Karangsari",
               "trayek Sukamaju–Cijambu", "trayek angkot 03 Pasar Baru–Mekarjaya"),
    "di": ("DI Cikadu", "DI Cibening", "DI Leuwigoong", "DI Sukaresmi", "DI Cijambu", "DI Margahayu"),
    "penyakit": ("DBD", "diare", "campak", "TBC", "leptospirosis", "ISPA"),
    "topik_kes": ("PHBS dan cuci tangan pakai sabun", "pencegahan DBD (3M Plus)", "gizi seimbang balita",
                  "tablet tambah darah remaja putri", "bahaya merokok", "ASI eksklusif"),
    "tempat": ("SDN 2 Karangsari", "balai Desa Mekarjaya", "Posyandu Melati", "SMPN 1 Cibening",
               "majelis taklim Al-Ikhlas", "aula Kecamatan Cibening"),
    "fasyankes": ("UPTD Puskesmas Sukamaju", "UPTD Puskesmas Cibening", "Klinik Pratama Medika",
                  "Klinik Pratama Bhakti Husada", "Praktik Mandiri Bidan Yulia"),
    "jenis_audit": ("kinerja", "keuangan", "dengan tujuan tertentu", "atas pengadaan barang/jasa"),
    "reviu": ("RKA", "laporan keuangan", "LKjIP", "pengadaan barang/jasa"),
    "urusan": ("pendidikan", "kesehatan", "perhubungan", "pekerjaan umum", "pemerintahan desa"),
    "pasar": ("Pasar Baru Sukamaju", "Pasar Cibening", "Pasar Karangsari"),
    "bumd": ("PDAM Tirta Sukamaju", "PD BPR Sukamaju", "Perumda Pasar Sukamaju"),
    "acara": ("rapat paripurna DPRD", "pelantikan pejabat administrator", "upacara Hari Kesaktian Pancasila",
              "kunjungan kerja Bupati ke Kecamatan Cibening", "musrenbang kabupaten", "peringatan HUT RI"),
    "perbup": ("TPP ASN", "standar harga satuan", "penjabaran APBD", "pedoman SPMB", "tarif retribusi"),
    "hukum_topik": ("perjanjian kerja sama daerah", "sengketa aset tanah", "permohonan keberatan informasi",
                    "rancangan perjanjian hibah"),
    "kegiatan_kesra": ("Musabaqah Tilawatil Quran tingkat kabupaten", "pemberangkatan calon jemaah haji",
                       "peringatan Maulid Nabi", "bantuan sosial korban bencana", "safari Ramadan Bupati"),
    "pelatihan": ("Latsar CPNS", "PKA", "PKP", "orientasi PPPK", "pelatihan penyusunan SKP"),
    "inovasi": ("Si-Gesit (layanan perizinan daring)", "Posyandu Digital", "KIR Keliling",
                "Sekolah Ramah Anak", "Lapor Jalan Rusak"),
    "dokumen_rencana": ("rancangan awal RKPD 2027", "Renja perangkat daerah 2027", "evaluasi RPJMD",
                        "KUA-PPAS 2027", "bahan musrenbang kecamatan"),
    "kegiatan_belanja": ("belanja ATK", "perjalanan dinas", "honorarium narasumber", "belanja modal",
                         "makan minum rapat"),
    "dok_keu": ("laporan realisasi anggaran bulanan", "laporan keuangan semesteran", "DPA perubahan",
                "laporan kinerja triwulanan", "rencana kebutuhan barang"),
    "pemberdayaan": ("kerja bakti", "pelatihan UMKM", "bank sampah", "posyandu remaja"),
    "rw": ("01", "02", "03", "04", "05", "06", "07"),
    "lokasi_patroli": ("kawasan Pasar Baru", "alun-alun", "jalur sekolah", "kawasan pertokoan",
                       "taman kota"),
}  # fmt: skip
LIST_LABEL = {"sd": "sekolah", "smp": "sekolah", "posyandu": "posyandu", "opd": "perangkat daerah"}

# Activity texts per indicator: (needle in the indicator text, texts with quantity, texts of
# preparatory work that realise nothing yet). First match wins.
ACTIVITIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("data dapodiknya diverifikasi",
     ("Verifikasi data Dapodik {sd_list}", "Memeriksa kelengkapan data peserta didik dan PTK di Dapodik {sd_list}",
      "Rekonsiliasi data rombongan belajar {sd_list} dengan operator sekolah"),
     ("Koordinasi dengan operator sekolah terkait sinkronisasi Dapodik", "Rekap hasil verifikasi Dapodik")),
    ("surat masuk dan keluar yang diagendakan",
     ("Mengagendakan {n} surat masuk dan keluar", "Mengagendakan dan mendistribusikan disposisi {n} surat"), ()),
    ("jam pelajaran tatap muka", ("Mengajar {ajar} ({n} JP)", "Pembelajaran {ajar} ({n} JP)"), ()),
    ("modul ajar", ("Menyusun modul ajar {mapel} untuk kelas {kelas}",),
     ("Menelaah capaian pembelajaran {mapel} fase berikutnya",)),
    ("asesmen sumatif yang dilaksanakan",
     ("Melaksanakan dan mengoreksi asesmen sumatif {mapel} kelas {kelas}",
      "Mengolah nilai asesmen sumatif {mapel} kelas {kelas}"), ()),
    ("kkg/mgmp", ("Memfasilitasi KKG gugus {desa} tentang asesmen diagnostik",
                  "Narasumber MGMP {mapel_smp} tentang pembelajaran berdiferensiasi"), ()),
    ("supervisi akademik guru", ("Supervisi akademik pembelajaran {mapel} di kelas {kelas}",),
     ("Menyiapkan instrumen supervisi akademik", "Rapat dewan guru evaluasi pembelajaran")),
    ("kunjungan supervisi", ("Kunjungan supervisi akademik ke {sd_list}",),
     ("Menyusun instrumen supervisi manajerial",)),
    ("laporan hasil pengawasan", ("Menyusun laporan hasil pengawasan sekolah binaan bulan {bulan}",), ()),
    ("kepala sekolah dan guru yang didampingi",
     ("Pendampingan {n} guru {sd} dalam penyusunan modul ajar",), ()),
    ("data peserta didik yang dimutakhirkan",
     ("Memutakhirkan data {n} peserta didik di Dapodik", "Input mutasi masuk dan keluar {n} peserta didik"), ()),
    ("surat dan arsip sekolah", ("Mengagendakan dan mengarsipkan {n} surat sekolah",), ()),
    ("anak tidak sekolah", ("Pendataan dan pendampingan {n} anak tidak sekolah di Desa {desa}",), ()),
    ("kurikulum merdeka", ("Pendampingan implementasi Kurikulum Merdeka di {sd_list}",), ()),
    ("sd yang didampingi implementasi", ("Pendampingan implementasi kurikulum di {sd_list}",), ()),
    ("analisis rapor pendidikan", ("Menyusun laporan analisis Rapor Pendidikan SD",
                                   "Menyiapkan bahan analisis rapor pendidikan {sd_list}"),
     ("Mengunduh dan memilah data Rapor Pendidikan",)),
    ("ruang kelas sd yang direhabilitasi", ("Serah terima rehabilitasi {n} ruang kelas {sd}",),
     ("Monitoring pekerjaan rehabilitasi ruang kelas {sd}",)),
    ("data kelembagaan", ("Verifikasi izin operasional dan data kelembagaan {sd_list}",), ()),
    ("usulan rehabilitasi ruang kelas", ("Verifikasi lapangan usulan rehabilitasi ruang kelas {sd_list}",), ()),
    ("kemajuan fisik rehabilitasi", ("Menyusun laporan kemajuan fisik rehabilitasi ruang kelas {sd}",), ()),
    ("data hasil asesmen", ("Mengolah {n} data hasil asesmen sumatif sekolah",), ()),
    ("telaahan teknis", ("Menyusun telaahan staf tentang {topik}",), ("Menghimpun bahan telaahan {topik}",)),
    ("dipantau pelaksanaan program", ("Pemantauan pelaksanaan program di {sd_list}",), ()),
    ("lulusan sd", ("Pendataan {n} lulusan SD yang belum melanjutkan ke SMP di Desa {desa}",), ()),
    ("smp yang didampingi", ("Pendampingan implementasi kurikulum di {smp}",), ()),
    ("mgmp yang difasilitasi", ("Memfasilitasi MGMP {mapel_smp} tingkat kabupaten",), ()),
    ("rawan putus sekolah", ("Kunjungan rumah dan pendampingan {n} siswa rawan putus sekolah {smp}",), ()),
    ("penerima pip", ("Verifikasi {n} usulan penerima PIP dari {smp}",), ()),
    ("pendidikan profesi guru", ("Verifikasi berkas {n} calon peserta PPG",), ()),
    ("dipetakan kebutuhan gurunya", ("Pemetaan kebutuhan guru {sd_list}",), ()),
    ("pangkat dan jabatan guru", ("Verifikasi {n} usulan kenaikan pangkat dan jabatan fungsional guru SD",), ()),
    ("tunjangan profesi guru", ("Verifikasi {n} usulan tunjangan profesi guru SMP di Info GTK",), ()),
    ("pendampingan peningkatan mutu", ("Rapat koordinasi peningkatan mutu dengan kepala {n} sekolah",), ()),
    ("balita stunting", ("Monitoring intervensi gizi {n} balita stunting di Desa {desa}",), ()),
    ("ibu hamil kek", ("Distribusi makanan tambahan untuk {n} ibu hamil KEK di {posyandu}",), ()),
    ("posyandu aktif", ("Pembinaan {posyandu} Desa {desa}",), ()),
    ("kampanye kesehatan", ("Publikasi kampanye {topik_kes} di media sosial Dinas Kesehatan",), ()),
    ("skdr mingguan yang dianalisis", ("Analisis laporan SKDR minggu ke-{minggu}",), ()),
    ("rapat koordinasi pengendalian", ("Memimpin rapat koordinasi pengendalian {penyakit}",),
     ("Menelaah laporan kasus {penyakit} dari puskesmas",)),
    ("kasus tbc", ("Investigasi kontak dan penemuan {n} kasus TBC di Desa {desa}",), ()),
    ("fasyankes yang dibina", ("Pembinaan mutu pelayanan di {fasyankes}",), ()),
    ("permintaan obat", ("Verifikasi LPLPO {fasyankes} bulan {bulan}",), ("Stock opname obat di gudang farmasi",)),
    ("kunjungan pasien rawat jalan", ("Rekap kunjungan rawat jalan harian: {n} pasien",), ()),
    ("pelayanan medis", ("Pelayanan poli umum: {n} pasien", "Pemeriksaan pasien poli umum dan MTBS ({n} pasien)"), ()),
    ("kesehatan gigi dan mulut", ("Pelayanan poli gigi: {n} pasien",), ()),
    ("ukgs", ("Pemeriksaan gigi {n} siswa {sd} (UKGS)",), ()),
    ("asuhan keperawatan", ("Asuhan keperawatan {n} pasien di ruang tindakan",), ()),
    ("perawatan kesehatan masyarakat", ("Kunjungan Perkesmas ke {n} keluarga rawan di Desa {desa}",), ()),
    ("balita yang diimunisasi", ("Pelayanan imunisasi di {posyandu}: {n} balita",
                                 "Imunisasi rutin dan kejar di {posyandu} ({n} balita)"), ()),
    ("tindakan keperawatan", ("Tindakan keperawatan di ruang tindakan: {n} pasien",), ()),
    ("pelayanan k4", ("Pelayanan ANC K4 untuk {n} ibu hamil di {posyandu}",
                      "Pemeriksaan kehamilan K4 di poli KIA ({n} ibu hamil)"), ()),
    ("persalinan yang ditolong", ("Pertolongan persalinan normal di ruang bersalin ({n} persalinan)",), ()),
    ("resep yang dilayani", ("Pelayanan {n} resep di apotek puskesmas",), ()),
    ("sampel yang diperiksa", ("Pemeriksaan laboratorium {n} sampel (darah rutin, urine, BTA)",), ()),
    ("konseling gizi", ("Konseling gizi {n} ibu balita di {posyandu}",), ()),
    ("dipantau status gizinya", ("Penimbangan dan pemantauan status gizi {n} balita di {posyandu}",), ()),
    ("pmt lokal", ("Pemberian PMT lokal untuk {n} balita gizi kurang di {posyandu}",), ()),
    ("pelaksanaan pmt", ("Pembinaan pelaksanaan PMT di {posyandu}",), ()),
    ("penyuluhan kesehatan", ("Penyuluhan {topik_kes} di {tempat}",), ()),
    ("surveilans mingguan", ("Menyusun laporan surveilans mingguan (SKDR) minggu ke-{minggu}",), ()),
    ("penyelidikan epidemiologi", ("Penyelidikan epidemiologi kasus {penyakit} di Desa {desa}",), ()),
    ("inspeksi sanitasi", ("Inspeksi kesehatan lingkungan {n} tempat umum dan TPP di Desa {desa}",), ()),
    ("pasien yang didaftarkan", ("Pendaftaran dan pengelolaan rekam medis {n} pasien",), ()),
    ("klaim bpjs", ("Menyusun berkas klaim BPJS Kesehatan bulan {bulan}",), ("Verifikasi kelengkapan berkas klaim",)),
    ("hasil uji yang diverifikasi", ("Verifikasi {n} hasil uji sebelum penerbitan kartu BLUe",), ()),
    ("kendaraan bermotor yang diuji", ("Rekap dan pengesahan hasil uji berkala {n} kendaraan",), ()),
    ("kendaraan yang diuji", ("Uji berkala {n} kendaraan angkutan umum dan barang di UPT PKB",
                              "Uji berkala {n} kendaraan angkutan umum", "Pengujian {n} kendaraan barang (uji rem, emisi, lampu)"),
     ()),
    ("kartu uji", ("Penerbitan {n} kartu uji BLUe dan tanda lulus uji",), ()),
    ("kartu pengawasan trayek", ("Penerbitan {n} kartu pengawasan {trayek}",), ()),
    ("diperiksa kelaikan", ("Pemeriksaan kelaikan operasional {n} armada {trayek} di Terminal Sukamaju",), ()),
    ("survei kepuasan penumpang", ("Survei kepuasan penumpang {trayek}: {n} responden",), ()),
    ("simpang rawan kemacetan yang ditangani", ("Evaluasi penanganan kemacetan di {simpang}",), ()),
    ("pengaturan lalu lintas", ("Pengaturan lalu lintas jam sibuk di {simpang}",
                                "Pengaturan lalu lintas pagi dan sore di {simpang} ({n} kegiatan)"), ()),
    ("rambu lalu lintas yang dipasang", ("Pemasangan {n} rambu lalu lintas di {ruas}",), ()),
    ("rambu dan marka", ("Pemasangan dan pemeliharaan {n} rambu dan marka di {ruas}",), ()),
    ("penerangan jalan umum", ("Perbaikan {n} titik lampu PJU di {ruas}",), ()),
    ("jalan kabupaten yang ditingkatkan", ("Pengawasan peningkatan jalan {ruas} ({n} km)",), ()),
    ("paket pekerjaan jalan", ("Pengawasan paket pekerjaan jalan {ruas}",), ("Rapat pembuktian kualifikasi penyedia",)),
    ("dipelihara rutin", ("Pemeliharaan rutin {ruas} sepanjang {n} km",), ()),
    ("laporan pengawasan pekerjaan jalan", ("Menyusun laporan harian pengawasan pekerjaan {ruas}",), ()),
    ("jalan yang diukur", ("Pengukuran dan survei topografi {ruas} ({n} km)",), ()),
    ("disurvei kondisinya", ("Survei kondisi jalan {ruas}",), ()),
    ("saluran irigasi yang direhabilitasi", ("Pengawasan rehabilitasi saluran {di} ({n} km)",), ()),
    ("daerah irigasi yang dipantau", ("Pemantauan kondisi jaringan {di}",), ()),
    ("rehabilitasi saluran", ("Menyusun laporan pengawasan rehabilitasi saluran {di}",), ()),
    ("pintu air", ("Menyusun laporan operasi pintu air {di}",), ()),
    ("sambungan rumah spam", ("Pengawasan pemasangan {n} sambungan rumah SPAM di Desa {desa}",), ()),
    ("sanitasi komunal", ("Pengawasan pembangunan IPAL komunal di Desa {desa}",), ()),
    ("air minum dan sanitasi yang diawasi", ("Pengawasan sarana air minum dan sanitasi di Desa {desa}",), ()),
    ("rekomendasi kkpr", ("Penerbitan {n} rekomendasi KKPR",), ()),
    ("permohonan kkpr", ("Kajian teknis {n} permohonan KKPR",), ()),
    ("layanan kepegawaian yang diselesaikan", ("Penandatanganan {n} layanan kepegawaian (kenaikan pangkat, KGB, cuti)",), ()),
    ("usulan pensiun", ("Verifikasi {n} usulan pensiun batas usia di SIASN",), ()),
    ("data asn", ("Validasi dan pemutakhiran {n} data ASN di SIASN",), ()),
    ("usulan kenaikan pangkat", ("Verifikasi {n} usulan kenaikan pangkat periode Oktober",
                                 "Verifikasi {n} usulan kenaikan pangkat di SIASN"), ()),
    ("seleksi terbuka", ("Tahapan seleksi terbuka JPT Pratama: uji kompetensi bidang",),
     ("Rapat panitia seleksi terbuka JPT Pratama",)),
    ("pengembangan kompetensi", ("Fasilitasi {pelatihan} untuk {n} ASN",), ()),
    ("analisis kebutuhan pelatihan", ("Menyusun dokumen analisis kebutuhan pelatihan {opd}",), ()),
    ("sertifikat pelatihan", ("Verifikasi dan pencatatan {n} sertifikat pelatihan di SIASN",), ()),
    ("pengelolaan kinerjanya", ("Pendampingan pengelolaan kinerja di {opd}",), ()),
    ("pendampingan pengelolaan kinerja", ("Pendampingan penyusunan SKP di {opd}",), ()),
    ("tanda kehormatan", ("Verifikasi {n} usulan Satyalancana Karya Satya",), ()),
    ("skp perangkat daerah", ("Monitoring persetujuan {n} SKP pegawai {opd} di e-Kinerja",), ()),
    ("dukungan aplikasi", ("Penyelesaian {n} tiket dukungan aplikasi e-Kinerja",), ()),
    ("gaji berkala", ("Memproses {n} berkas kenaikan gaji berkala",), ()),
    ("renja perangkat daerah", ("Verifikasi Renja {opd} Tahun 2027",), ()),
    ("pengendalian pelaksanaan program", ("Menyusun laporan pengendalian pelaksanaan program triwulan",), ()),
    ("laporan evaluasi pembangunan", ("Menyusun laporan evaluasi RKPD",), ("Rapat evaluasi capaian RKPD triwulan",)),
    ("inovasi daerah", ("Fasilitasi inovasi daerah {inovasi}",), ("Verifikasi dokumen inovasi dari {opd}",)),
    ("statistik sektoral", ("Mengolah {n} set data statistik sektoral {opd}",), ()),

    ("laporan hasil audit", ("Menyampaikan laporan hasil audit {jenis_audit} pada {opd}",),
     ("Pemeriksaan dokumen pertanggungjawaban pada {opd}", "Entry meeting audit {jenis_audit} {opd}")),
    ("kertas kerja audit yang direviu", ("Mereviu {n} kertas kerja audit tim {opd}",), ()),
    ("kertas kerja audit", ("Menyusun {n} kertas kerja audit {jenis_audit} pada {opd}",), ()),
    ("laporan hasil reviu", ("Menyusun laporan hasil reviu {reviu} {opd}",), ()),
    ("laporan hasil pengawasan", ("Menandatangani laporan hasil pengawasan {opd}",), ()),
    ("maturitas spip", ("Penilaian maturitas SPIP {opd}",), ()),
    ("evaluasi penyelenggaraan", ("Menyusun laporan hasil evaluasi penyelenggaraan urusan {urusan}",), ()),
    ("pengaduan masyarakat", ("Menelaah {n} pengaduan masyarakat",), ()),
    ("dievaluasi akuntabilitas", ("Memimpin evaluasi AKIP {opd}",), ()),
    ("rekomendasi kebijakan", ("Menyusun rekomendasi kebijakan tentang {topik}",), ("Menghimpun bahan kajian {topik}",)),
    ("lppd dan lkpj", ("Menyusun bahan LPPD dan LKPJ Tahun 2025",), ("Rapat penyusunan LPPD bersama perangkat daerah",)),
    ("kecamatan yang dievaluasi", ("Evaluasi kinerja penyelenggaraan pemerintahan Kecamatan Cibening",), ()),
    ("segmen batas desa", ("Fasilitasi penegasan batas Desa {desa}–{desa2}",), ()),
    ("rancangan produk hukum", ("Fasilitasi {n} rancangan produk hukum daerah",), ()),
    ("perkara yang didampingi", ("Pendampingan sidang perkara di Pengadilan Negeri Sukamaju",), ()),
    ("keagamaan dan sosial", ("Fasilitasi {kegiatan_kesra}",), ()),
    ("proposal hibah", ("Verifikasi {n} proposal hibah dan bantuan sosial",), ()),
    ("harga bahan pokok", ("Pemantauan harga bahan pokok di {pasar}",), ()),
    ("kinerja bumd", ("Evaluasi kinerja {bumd}",), ()),
    ("paket tender", ("Proses pemilihan {n} paket tender di SPSE",), ()),
    ("paket pengadaan", ("Proses pemilihan penyedia {n} paket pengadaan di SPSE",), ()),
    ("aset kantor", ("Pemeliharaan {n} unit aset kantor dan rumah jabatan",), ()),
    ("surat dinas pimpinan", ("Memproses {n} naskah dinas pimpinan",), ()),
    ("pemeliharaan sarana prasarana", ("Pemeliharaan sarana prasarana kantor ({n} kegiatan)",), ()),
    ("analisis jabatan", ("Menyusun {n} dokumen anjab dan ABK {opd}",), ()),
    ("sop", ("Reviu {n} SOP {opd}",), ()),
    ("acara pimpinan", ("Menyiapkan keprotokolan {acara}",), ()),
    ("publikasi kegiatan pimpinan", ("Publikasi {n} berita kegiatan Bupati di laman dan media sosial",), ()),
    ("berita kegiatan pimpinan", ("Publikasi {n} berita kegiatan Bupati di laman dan media sosial",), ()),
    ("agenda pimpinan", ("Memfasilitasi {n} agenda pimpinan",), ()),
    ("rancangan peraturan bupati", ("Harmonisasi rancangan peraturan bupati tentang {perbup}",), ()),
    ("telaahan hukum", ("Menyusun telaahan hukum atas {hukum_topik}",), ()),
    ("jdih", ("Unggah {n} produk hukum ke JDIH",), ()),
    ("layanan administrasi", ("Pelayanan administrasi terpadu kecamatan: {n} layanan",), ()),
    ("surat pengantar", ("Penerbitan {n} surat pengantar dan keterangan",), ()),
    ("pemberdayaan masyarakat kelurahan", ("Fasilitasi kegiatan {pemberdayaan} di RW {rw}",), ()),
    ("pemerintahan desa/kelurahan yang dievaluasi", ("Evaluasi {n} laporan penyelenggaraan pemerintahan Desa {desa}",), ()),
    ("administrasi pemerintahan yang diverifikasi", ("Verifikasi {n} laporan administrasi pemerintahan RT/RW",), ()),
    ("patroli", ("Patroli ketenteraman dan ketertiban di {lokasi_patroli}",), ()),
    ("musyawarah perencanaan", ("Fasilitasi musrenbang Desa {desa}",), ()),
    ("pembangunan kelurahan", ("Monitoring kegiatan pembangunan di RW {rw}",), ()),
    ("penerima bantuan sosial", ("Verifikasi {n} data keluarga penerima bansos di Desa {desa}",), ()),
    ("layanan administrasi kepegawaian", ("Memproses {n} layanan kepegawaian (cuti, KGB, presensi)",), ()),
    ("usulan layanan kepegawaian", ("Memproses {n} usulan cuti dan kenaikan gaji berkala",), ()),
    ("laporan keuangan dan kinerja", ("Menyusun {dok_keu}",), ()),
    ("perencanaan dan laporan", ("Menyusun {dok_keu}",), ("Rekonsiliasi data realisasi anggaran",)),
    ("dokumen perencanaan", ("Menyusun bahan {dokumen_rencana}",), ("Rapat koordinasi penyusunan {dokumen_rencana}",)),
    ("naskah dinas dan disposisi", ("Menandatangani {n} naskah dinas dan disposisi",), ()),
    ("naskah dinas yang diperiksa", ("Memeriksa dan memaraf {n} naskah dinas",), ()),
    ("spp dan spm", ("Verifikasi {n} dokumen SPP dan SPM",), ()),
    ("dokumen kurikulum", ("Reviu {n} dokumen kurikulum satuan pendidikan",), ()),
    ("laporan layanan fasyankes", ("Verifikasi {n} laporan layanan fasyankes",), ()),
    ("item obat", ("Verifikasi stok dan masa kedaluwarsa {n} item obat",), ()),
    ("skdr puskesmas dan klinik", ("Validasi {n} laporan SKDR puskesmas dan klinik",), ()),
    ("imunisasi rutin puskesmas", ("Verifikasi {n} laporan imunisasi rutin puskesmas",), ()),
    ("didampingi dalam supervisi", ("Pendampingan {n} guru {smp} dalam supervisi akademik",), ()),
    ("data sarana prasarana", ("Pemutakhiran {n} data sarana prasarana {sd} di Dapodik",), ()),
    ("dokumen masuk yang ditelaah", ("Menelaah {n} surat dan dokumen masuk",), ()),
    ("usulan program dan kegiatan", ("Verifikasi {n} usulan program dan kegiatan di SIPD",), ()),
    ("dokumen administrasi sekolah", ("Memeriksa dan menandatangani {n} dokumen administrasi sekolah",), ()),
    ("spj", ("Verifikasi {n} dokumen SPJ {kegiatan_belanja}",), ()),
    ("berkas yang diarsipkan", ("Pengarsipan {n} berkas",), ()),
    ("laporan kinerja", ("Rapat tim penyusun laporan kinerja: bahan capaian IKU",), ()),
    ("satu data", ("Validasi {n} set data untuk portal Satu Data",), ()),
    ("bahan dan data dukung", ("Menyiapkan {n} bahan dan data dukung kegiatan",), ()),
    ("data ruang", ("Pemutakhiran data kondisi jalan di aplikasi",), ()),
)  # fmt: skip
GENERIC = (("Menyelesaikan {n} {unit}",), ("Menyiapkan bahan kegiatan",))
TOPICS = ("pelaksanaan program", "usulan kebijakan", "hasil rapat koordinasi", "pengaduan masyarakat",
          "permohonan audiensi", "evaluasi kegiatan")  # fmt: skip

# Work that happens in season: month weights of the year's realisation (default: evenly).
SEASONS = (("lppd dan lkpj", {3: 1}), ("pendidikan profesi guru", {3: 1, 4: 1, 8: 1, 9: 1}))
LEAD_DAYS = 10  # people work a little ahead of the straight line (their last week is unverified)
PREP = ("Rapat koordinasi internal {unit_short}", "Menyusun rekap kegiatan mingguan",
        "Mengikuti rapat staf dan pembagian tugas", "Menyiapkan bahan laporan bulanan",
        "Mengikuti rapat koordinasi di {opd}", "Monitoring pelaksanaan kegiatan di lapangan",
        "Menyusun bahan paparan untuk pimpinan", "Mengikuti rapat evaluasi kinerja bulanan")  # fmt: skip

REJECT_COMMENTS = (
    "Bukti dukung belum sesuai; lampirkan daftar hadir atau foto kegiatan.",
    "Kuantitas tidak sesuai dengan bukti dukung, mohon diperiksa kembali.",
    "Uraian terlalu umum: sebutkan lokasi atau sekolah dan hasilnya.",
    "Kegiatan ini tidak mendukung indikator yang dipilih; pindahkan ke indikator yang sesuai.",
)
FEEDBACK_TEXTS = {
    "appreciation": ("", "", "Terima kasih atas kerja kerasnya.", "Bagikan caranya di rapat staf minggu depan."),
    "constructive": ("", "Kita bahas di dialog kinerja berikutnya.", "Saya tunggu perbaikannya minggu ini."),
}  # fmt: skip
REPLIES = (
    "Baik, terima kasih atas masukannya.",
    "Siap, akan saya perbaiki dan lengkapi buktinya.",
    "Terima kasih, Bu/Pak. Akan saya pertahankan.",
    "Baik, minggu ini saya kejar ketertinggalannya.",
)
DIALOGUES = (
    (
        "Capaian indikator semester I dan kendala di lapangan.",
        "Menyusun jadwal kerja mingguan; atasan membantu koordinasi dengan sekolah yang lambat merespons.",
    ),
    (
        "Kualitas bukti dukung laporan harian.",
        "Setiap laporan dilengkapi foto atau dokumen hasil; contoh bukti yang baik dibagikan di grup unit.",
    ),
    (
        "Rencana pengembangan kompetensi tahun ini.",
        "Mengikuti pelatihan pengolahan data bulan depan; berbagi hasilnya dalam forum internal.",
    ),
    (
        "Realisasi triwulan III yang masih di bawah rencana.",
        "Menambah target mingguan hingga akhir November; evaluasi ulang pada dialog berikutnya.",
    ),
)

# ---------------------------------------------------------------- evidence files


def tiny_pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF with `lines` of text (Helvetica, latin-1)."""

    def esc(s: str) -> str:
        s = s.replace("–", "-").replace("—", "-").replace("’", "'")
        s = s.encode("latin-1", "replace").decode("latin-1")
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 11 Tf 56 780 Td 16 TL " + " ".join(f"({esc(s)}) Tj T*" for s in lines) + " ET"
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def tiny_png(seed: bytes, caption: str, width: int = 48, height: int = 32) -> bytes:
    """A small valid PNG (a colour field derived from `seed`) with the caption in a tEXt chunk."""
    digest = hashlib.sha256(seed).digest()
    r0, g0, b0, r1, g1, b1 = digest[:6]
    rows = bytearray()
    for y in range(height):  # a vertical gradient: each row one colour
        t = y / height
        pixel = bytes((int(r0 + (r1 - r0) * t) & 255, int(g0 + (g1 - g0) * t) & 255,
                       int(b0 + (b1 - b0) * t) & 255))  # fmt: skip
        rows += b"\x00" + pixel * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    text = caption.encode("latin-1", "replace")[:200]
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Description\x00" + text)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + chunk(b"IEND", b"")
    )


def _slug(text: str, limit: int = 48) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "bukti"


def store_file(data: bytes, folder: str, stem: str, ext: str) -> tuple[str, str]:
    """Store `data` under bukti/ with a name that carries its hash, so the same bytes land in
    the same file on every run; returns (stored name, sha256)."""
    digest = hashlib.sha256(data).hexdigest()
    name = f"bukti/{folder}/{stem}-{digest[:10]}.{ext}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name, digest


# ---------------------------------------------------------------- generating the year


def _q(value: Decimal, unit: str) -> Decimal:
    step = Decimal("0.1") if unit == "km" else Decimal("1")
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _num(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class _Track:
    """One countable indicator's realisation as the year goes by."""

    indicator: Indicator
    target: Decimal
    done: Decimal = Decimal(0)
    season: dict[int, int] | None = None

    def due(self, day: datetime.date, pace: float) -> Decimal:
        if self.season:
            total = sum(self.season.values())
            share: float = sum(w for m, w in self.season.items() if m < day.month)
            if day.month in self.season:
                share += self.season[day.month] * min(1, day.day / 25)
            fraction = share / total
        else:
            fraction = min(1, ((day - datetime.date(day.year, 1, 1)).days + 1 + LEAD_DAYS) / 365)
        return self.target * Decimal(str(round(pace * fraction, 4)))


@dataclass
class _Person:
    pegawai: Pegawai
    full: bool
    pace: float
    ctx: dict[str, str]
    submit_weekly: bool
    last_day: datetime.date
    forgetful: bool = False
    entries: list[DailyEntry] = field(default_factory=list)


def _activity_for(indicator: Indicator) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = indicator.text.lower()
    for needle, done, prep in ACTIVITIES:
        if needle in text:
            return done, prep
    return GENERIC


def _fill(template: str, *, n: Decimal | None, unit: str, ctx: dict[str, str], rng: Any) -> str:
    def repl(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "n":
            return _num(n) if n is not None else ""
        if key == "unit":
            return unit
        if key.endswith("_list"):
            base = key[:-5]
            count = int(n) if n is not None else 1
            names = rng.sample(VOCAB[base], min(max(count, 1), 3))
            if count > 3:
                return f"{count} {LIST_LABEL.get(base, base)} ({', '.join(names)}, dll.)"
            return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " dan " + names[-1]
        if key == "ajar":  # a class teacher (SD) teaches subjects, a subject teacher (SMP) classes
            if "smp" in ctx:
                other = rng.choice([k for k in VOCAB["kelas_smp"] if k != ctx["kelas"]])
                return f"{ctx['mapel']} di kelas {ctx['kelas']} dan {other}"
            other = rng.choice([m for m in VOCAB["mapel"] if m != ctx.get("mapel")])
            return f"{ctx.get('mapel', 'Matematika')} dan {other} di kelas {ctx.get('kelas', '4A')}"
        if key in ctx:
            return ctx[key]
        base = key.rstrip("0123456789")
        if base == "topik":
            return rng.choice(TOPICS)
        if base in ctx and base != key:  # {mapel2}: another subject than the person's own
            return rng.choice(
                [v for v in VOCAB.get(base, (ctx[base],)) if v != ctx[base]] or [ctx[base]]
            )
        return rng.choice(VOCAB[base])

    return re.sub(r"\{(\w+)\}", repl, template)


class _Year:
    def __init__(self, rng: Any, planning: PlanningDemo) -> None:
        self.rng = rng
        self.planning = planning
        self.today = planning.today
        self.now = min(timezone.now(), at(self.today, 23, 59))
        # The last day whose work is done: today once the office day is over, else yesterday.
        local = timezone.localtime(self.now)
        finished = local.date() == self.today and local.hour >= 17 or local.date() > self.today
        self.until = self.today if finished else self.today - datetime.timedelta(days=1)
        self.people: dict[int, _Person] = {}
        self.indicators: dict[int, list[Indicator]] = {}  # skp id -> its indicators
        self.periods: dict[int, list[Period]] = {}  # year id -> periods
        self.plans: dict[tuple[int, int], ActionPlan] = {}  # (rhk, period) -> rencana aksi
        self.rater_habit: dict[int, str] = {}
        self.counts: dict[str, int] = defaultdict(int)

    # -- who, and at what pace
    def setup(self) -> None:
        rng = self.rng
        skps = [s for versions in self.planning.in_force.values() for s, _a, _b in versions]
        for ind in (
            Indicator.objects.filter(rhk__skp__in=skps)
            .select_related("rhk")
            .order_by("rhk__skp_id", "rhk__kind", "rhk__order", "order", "pk")
        ):
            self.indicators.setdefault(ind.rhk.skp_id, []).append(ind)
        for period in Period.objects.filter(year__in=self.planning.year_of.values()).order_by(
            "number"
        ):
            self.periods.setdefault(period.year_id, []).append(period)
        for plan in ActionPlan.objects.filter(rhk__skp__in=skps):
            self.plans[(plan.rhk_id, plan.period_id)] = plan
        named = self.planning.named
        recent = workdays(self.until - datetime.timedelta(days=30), self.until)
        idle_cut = recent[-9] if len(recent) >= 9 else self.until
        idle = self._idle_people()
        for pk in sorted(self.planning.in_force):
            p = self.planning.people[pk]
            versions = self.planning.in_force[pk]
            if versions[0][0].rater_id is None:
                continue  # the Sekda's work is accounted for to the Kepala Daerah, not here
            roll = rng.random()
            pace = (0.72 + rng.random() * 0.08 if roll < 0.12
                    else 1.12 + rng.random() * 0.08 if roll > 0.86 else 0.97 + rng.random() * 0.06)  # fmt: skip
            if named.get("pegawai") is not None and pk == named["pegawai"].pk:
                pace = 1.02
            self.people[pk] = _Person(
                pegawai=p, full=p.instansi.code in FULL_AGENCIES, pace=pace, ctx=self._ctx(p),
                submit_weekly=rng.random() < 0.25,
                last_day=idle_cut if pk in idle else self.until,
                forgetful=p.instansi.code in FULL_AGENCIES and rng.random() < 0.12,
            )  # fmt: skip
        raters = sorted(
            {s.rater_id for v in self.planning.in_force.values() for s, _a, _b in v if s.rater_id}
        )
        for rid in raters:
            roll = rng.random()
            self.rater_habit[rid] = "daily" if roll < 0.2 else "twice" if roll < 0.55 else "weekly"
        if "atasan" in named:
            self.rater_habit[named["atasan"].pk] = "weekly"
        if "kadis" in named:
            self.rater_habit[named["kadis"].pk] = "twice"

    def _idle_people(self) -> set[int]:
        """Two people who have not reported for a week and a half: a head teacher in the
        Kepala Bidang's team, and a midwife in Cibening."""
        out = set()
        people = self.planning.people
        for unit, job in (
            ("SD Negeri Cibening", "Kepala Sekolah"),
            ("UPTD Puskesmas Cibening", "Bidan Terampil"),
        ):
            found = sorted(pk for pk, p in people.items() if pk in self.planning.in_force and p.unit
                           and p.unit.name == unit and p.jabatan and p.jabatan.name.startswith(job))  # fmt: skip
            if found:
                out.add(found[0])
        return out

    def _ctx(self, p: Pegawai) -> dict[str, str]:
        rng = self.rng
        unit = p.unit.name if p.unit else ""
        ctx = {"unit_short": unit}
        if unit.startswith("SD Negeri"):
            ctx["sd"] = unit.replace("SD Negeri", "SDN")
            ctx["kelas"] = rng.choice(VOCAB["kelas"])
            ctx["mapel"] = rng.choice(VOCAB["mapel"])
        elif unit.startswith("SMP Negeri"):
            ctx["smp"] = unit.replace("SMP Negeri", "SMPN")
            ctx["mapel"] = rng.choice(VOCAB["mapel_smp"])
            ctx["kelas"] = rng.choice(VOCAB["kelas_smp"])
        if unit.startswith("UPTD Puskesmas"):
            ctx["fasyankes"] = unit
        return ctx

    # -- the entries
    def generate(self) -> list[DailyEntry]:
        rng = self.rng
        out: list[DailyEntry] = []
        for pk in sorted(self.people):
            person = self.people[pk]
            for skp, start, end in self.planning.in_force[pk]:
                inds = self.indicators.get(skp.pk, [])
                tracks = [
                    _Track(i, (i.target_value if i.target_kind == TargetKind.NUMBER
                               else (i.target_low + i.target_high) / 2) or Decimal(0),  # type: ignore[operator]
                           season=next((s for needle, s in SEASONS if needle in i.text.lower()), None))
                    for i in inds if services.is_countable(i)
                ]  # fmt: skip
                if not tracks:
                    continue
                days = workdays(start, min(end, person.last_day))
                for day in days:
                    if not person.full and rng.random() > 0.19:
                        continue
                    if rng.random() < 0.03:  # leave, sick, training away
                        continue
                    n = 2 if person.full and rng.random() < 0.12 else 1
                    for slot in range(n):
                        out.append(self._entry(person, skp, tracks, day, slot))
                if person.full and _shift_worker(person.pegawai):
                    for day in _weekends(start, min(end, person.last_day)):
                        if rng.random() < 0.12:
                            out.append(self._entry(person, skp, tracks, day, 0, weekend=True))
        return out

    def _entry(self, person: _Person, skp: Skp, tracks: list[_Track], day: datetime.date, slot: int,
               *, weekend: bool = False) -> DailyEntry:  # fmt: skip
        rng = self.rng
        eligible = []
        for t in tracks:
            deficit = t.due(day, person.pace) - t.done
            minimum = Decimal("0.3") if t.indicator.target_unit == "km" else Decimal(1)
            if deficit >= minimum:
                eligible.append(
                    (float(deficit / t.target) * (0.8 + rng.random() * 0.4), deficit, t)
                )
        if eligible:
            _score, deficit, track = max(eligible, key=lambda e: e[0])
            typical = track.target / Decimal(230 if person.full else 44)
            cap = max(typical * Decimal("2.5"), Decimal(1))
            amount = min(deficit, cap) * Decimal(str(0.85 + rng.random() * 0.3))
            qty: Decimal | None = max(_q(amount, track.indicator.target_unit),
                                      Decimal("0.1") if track.indicator.target_unit == "km" else Decimal(1))  # fmt: skip
            track.done += qty  # type: ignore[operator]
            done_texts, _prep = _activity_for(track.indicator)
            template = rng.choice(done_texts)
        else:  # nothing due yet: preparatory work, on an indicator that has some if any
            with_prep = [t for t in tracks if _activity_for(t.indicator)[1]]
            track = rng.choice(with_prep or tracks)
            prep = _activity_for(track.indicator)[1]
            qty, template = None, rng.choice(prep if prep and rng.random() < 0.5 else PREP)
        ind = track.indicator
        ctx = person.ctx | {"bulan": MONTHS[day.month - 1], "minggu": str(day.isocalendar()[1])}
        text = _fill(template, n=qty, unit=ind.target_unit, ctx=ctx, rng=rng)
        if weekend:
            text = f"Piket akhir pekan: {text[:1].lower()}{text[1:]}"
        start_h = (7 + rng.randint(0, 2)) if slot == 0 else (13 + rng.randint(0, 1))
        start = datetime.time(start_h, rng.choice((0, 15, 30)))
        end = datetime.time(
            min(start_h + rng.randint(2, 4), 16 if slot else 12), rng.choice((0, 30))
        )
        if end <= start:
            end = datetime.time(start.hour + 1, start.minute)
        period = next(p for p in self.periods[skp.year_id] if p.start_date <= day <= p.end_date)
        entry = DailyEntry(
            pegawai=person.pegawai, skp=skp, rhk_id=ind.rhk_id, indicator=ind,
            action_plan=self.plans.get((ind.rhk_id, period.pk)), period=period, date=day,
            start_time=start, end_time=end, activity=text, quantity=qty, unit=ind.target_unit,
        )  # fmt: skip
        person.entries.append(entry)
        return entry

    # -- who submitted and verified what, when
    def statuses(self) -> None:
        rng = self.rng
        now = self.now
        queue_days = set(workdays(self.until - datetime.timedelta(days=10), self.until)[-5:])
        latest = last_workday(self.until)
        for pk in sorted(self.people):
            person = self.people[pk]
            for e in person.entries:
                created = at(e.date, e.end_time.hour, e.end_time.minute) + datetime.timedelta(
                    minutes=rng.randint(2, 40)
                )
                e.created_at = e.updated_at = min(created, now - datetime.timedelta(minutes=5))
                if person.submit_weekly:
                    friday = (
                        e.date + datetime.timedelta(days=4 - e.date.weekday())
                        if e.date.weekday() < 5
                        else e.date
                    )
                    sent = at(
                        last_workday(friday) if friday >= e.date else e.date, 15, rng.randint(0, 59)
                    )
                else:
                    sent = at(e.date, 15 + rng.randint(0, 1), rng.randint(0, 59))
                sent = max(sent, e.created_at + datetime.timedelta(minutes=1))
                draft = sent > now or (person.forgetful and e.date == latest)
                if draft:
                    e.status = EntryStatus.DRAFT
                    continue
                e.status, e.submitted_at, e.rater_id = EntryStatus.SUBMITTED, sent, e.skp.rater_id
                e.updated_at = sent
                habit = self.rater_habit.get(e.skp.rater_id or 0, "weekly")
                checked = self._verify_slot(sent, habit)
                pending = checked > now or (
                    e.date in queue_days and (habit != "daily" or rng.random() < 0.5)
                )
                if pending:
                    continue
                e.status = EntryStatus.VERIFIED
                e.verified_at = checked
                e.verified_by = (
                    self.planning.people[e.skp.rater_id].user if e.skp.rater_id else None
                )
                e.updated_at = checked

    def _verify_slot(self, sent: datetime.datetime, habit: str) -> datetime.datetime:
        rng = self.rng
        day = timezone.localtime(sent).date() + datetime.timedelta(days=1)
        while True:
            if is_workday(day) and (
                habit == "daily"
                or (habit == "twice" and day.weekday() in (0, 3))
                or (habit == "weekly" and day.weekday() == 0)
            ):
                return at(day, rng.randint(8, 11), rng.randint(0, 59))
            day += datetime.timedelta(days=1)

    def reject_some(self, entries: list[DailyEntry]) -> list[DailyEntry]:
        """About ten verified entries of the last two weeks were sent back instead."""
        rng = self.rng
        since = self.now - datetime.timedelta(days=14)
        pool = [e for e in entries if e.status == EntryStatus.VERIFIED and e.verified_at and e.verified_at >= since
                and e.quantity is not None and e.pegawai.instansi.code in FULL_AGENCIES]  # fmt: skip
        named = self.planning.named.get("pegawai")
        chosen = rng.sample(pool, min(9, len(pool)))
        anton = [e for e in pool if named is not None and e.pegawai_id == named.pk]
        if anton and not any(e.pegawai_id == anton[0].pegawai_id for e in chosen):
            chosen.append(anton[-1])
        for e in chosen:
            e.status = EntryStatus.REJECTED
            e.review_comment = rng.choice(REJECT_COMMENTS)
        return chosen

    def today_drafts(self) -> list[DailyEntry]:
        """Today's drafts, once the morning is under way: on a working day people write down
        the morning's work; on a weekend the ones on duty do."""
        rng = self.rng
        out: list[DailyEntry] = []
        local = timezone.localtime(self.now)
        if self.until >= self.today or local.date() != self.today or local.hour < 10:
            return out
        candidates = sorted(
            (p for p in self.people.values() if p.full and p.last_day == self.until
             and (is_workday(self.today) or _shift_worker(p.pegawai))),
            key=lambda p: p.pegawai.pk,
        )  # fmt: skip
        for person in rng.sample(candidates, min(6, len(candidates))):
            if any(e.date == self.today for e in person.entries):
                continue
            skp = self.planning.in_force[person.pegawai.pk][-1][0]
            inds = [i for i in self.indicators.get(skp.pk, []) if services.is_countable(i)]
            if not inds:
                continue
            tracks = [_Track(i, i.target_value or i.target_high or Decimal(1)) for i in inds]
            e = self._entry(person, skp, tracks, self.today, 0, weekend=not is_workday(self.today))
            e.start_time = datetime.time(7, 30)
            e.end_time = datetime.time(10, 0)
            e.status = EntryStatus.DRAFT
            e.created_at = e.updated_at = self.now - datetime.timedelta(minutes=rng.randint(5, 25))
            out.append(e)
        return out


def _shift_worker(p: Pegawai) -> bool:
    job = p.jabatan.name if p.jabatan else ""
    unit = p.unit.name if p.unit else ""
    return (
        unit == "UPTD Puskesmas Sukamaju" and job.startswith(("Perawat", "Bidan", "Dokter Ahli"))
    ) or ("Lalu Lintas" in unit and job.startswith("Operator"))


def _weekends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    out, day = [], start
    while day <= end:
        if day.weekday() >= 5:
            out.append(day)
        day += datetime.timedelta(days=1)
    return out


# ---------------------------------------------------------------- writing


def insert_rows(model: type[models.Model], objs: list[Any]) -> None:
    """What bulk_create does for these objects, in a fraction of the time: ids are assigned here
    (so audit rows and evidence can point at them), each column is adapted once by its type and
    the rows go in with executemany; the table's sequence is moved past them. bulk_create
    prepares every field of every object through the compiler, which for the ~190,000 rows of
    a demo year (most of them audit rows) takes longer than everything else together.
    Timestamps are taken from the objects as set (no auto_now)."""
    if not objs:
        return
    ops = connection.ops
    first = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
    for n, obj in enumerate(objs):
        obj.pk = first + n
    fields = list(model._meta.concrete_fields)
    columns: list[tuple[str, Any]] = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif kind == "DateField":
            adapt = ops.adapt_datefield_value
        elif kind == "TimeField":
            adapt = ops.adapt_timefield_value
        elif kind == "DecimalField":
            adapt = functools.partial(_decimal, ops, f)
        elif kind == "JSONField":
            adapt = functools.partial(_json, ops, f)
        elif kind == "FileField":
            adapt = _file_name
        else:
            adapt = None
        columns.append((f.attname, adapt))
    rows = [
        tuple(fn(getattr(obj, name)) if fn else getattr(obj, name) for name, fn in columns)
        for obj in objs
    ]
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for n in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[n : n + 5000])
        for reset in ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(reset)


def _decimal(ops: Any, f: Any, value: Any) -> Any:
    return ops.adapt_decimalfield_value(value, f.max_digits, f.decimal_places)


def _json(ops: Any, f: Any, value: Any) -> Any:
    return None if value is None else ops.adapt_json_value(value, f.encoder)


def _file_name(value: Any) -> str:
    return (getattr(value, "name", value) or "") if value is not None else ""


def _audit(actor: Any, action: str, obj: Any, when: datetime.datetime, *, before: Any = None,
           after: Any = None, note: str = "", object_type: str = "activity.dailyentry") -> AuditLog:  # fmt: skip
    row = AuditLog(
        actor=actor, actor_repr=str(actor)[:200] if actor else "sistem", action=action,
        object_type=object_type, object_id=str(obj.pk), object_repr=str(obj)[:300],
        before=before, after=after, note=note,
    )  # fmt: skip
    row.created_at = when
    return row


def _write_entries(year: _Year, entries: list[DailyEntry]) -> None:
    """The entries, and their audit rows as the services would have written them: created,
    submitted, verified or rejected."""
    insert_rows(DailyEntry, entries)
    rows: list[AuditLog] = []
    for e in entries:
        me = e.pegawai.user
        rows.append(_audit(me, "entry.created", e, e.created_at, after=snapshot(e, _ENTRY_FIELDS)))
        if e.submitted_at:
            rows.append(_audit(me, "entry.submitted", e, e.submitted_at,
                               before={"status": EntryStatus.DRAFT}, after={"status": EntryStatus.SUBMITTED}))  # fmt: skip
        if e.status in (EntryStatus.VERIFIED, EntryStatus.REJECTED) and e.verified_at:
            rows.append(_audit(e.verified_by, "entry.verified" if e.status == EntryStatus.VERIFIED else "entry.rejected",
                               e, e.verified_at, before={"status": EntryStatus.SUBMITTED},
                               after={"status": e.status}, note=e.review_comment))  # fmt: skip
    insert_rows(AuditLog, rows)
    year.counts["entries"] += len(entries)
    year.counts["audit"] += len(rows)


_ENTRY_FIELDS = (
    "pegawai",
    "skp",
    "rhk",
    "indicator",
    "period",
    "date",
    "activity",
    "quantity",
    "unit",
)


def _write_evidence(year: _Year, entries: list[DailyEntry]) -> None:
    rng = year.rng
    rows: list[Evidence] = []
    for e in entries:
        roll = rng.random()
        if e.status == EntryStatus.DRAFT and roll < 0.5:
            continue
        if roll < 0.28:
            person = e.pegawai
            if rng.random() < 0.35:
                data = tiny_png(
                    f"{person.nip}:{e.date}:{e.start_time}:{e.activity}".encode(), e.activity
                )
                stem, ext, ctype = (
                    f"foto-{e.date:%Y%m%d}-{_slug(e.activity, 32)}",
                    "png",
                    "image/png",
                )
            else:
                data = tiny_pdf([
                    "PEMERINTAH KABUPATEN SUKAMAJU", person.instansi.name.upper(), "",
                    "BUKTI DUKUNG KEGIATAN", f"Tanggal  : {e.date:%d-%m-%Y}",
                    f"Kegiatan : {e.activity[:90]}",
                    f"Hasil    : {_num(e.quantity) + ' ' + e.unit if e.quantity is not None else '-'}",
                    f"Pegawai  : {person.full_name}", f"NIP      : {person.nip}",
                ])  # fmt: skip
                stem, ext, ctype = f"{_slug(e.activity)}-{e.date:%Y%m%d}", "pdf", "application/pdf"
            name, digest = store_file(data, f"{e.date:%Y/%m}", stem, ext)
            ev = Evidence(entry=e, kind=EvidenceKind.FILE, file=name, original_name=f"{stem}.{ext}",
                          content_type=ctype, size=len(data), sha256=digest, uploaded_by=person.user)  # fmt: skip
        elif roll < 0.85:
            code = hashlib.sha1(
                f"{e.pegawai.nip}-{e.date}-{e.start_time}-{e.activity}".encode()
            ).hexdigest()[:12]
            folder = e.pegawai.instansi.code.lower()
            url = f"https://drive.sukamajukab.go.id/s/{folder}/{e.date:%Y-%m}/{code}"
            ev = Evidence(entry=e, kind=EvidenceKind.LINK, url=url, uploaded_by=e.pegawai.user)
        else:
            continue
        ev.created_at = e.created_at
        rows.append(ev)
    insert_rows(Evidence, rows)
    insert_rows(AuditLog, [
        _audit(ev.uploaded_by, "evidence.added", ev, ev.created_at, after=snapshot(ev),
               object_type="activity.evidence")
        for ev in rows
    ])  # fmt: skip
    year.counts["evidence"] += len(rows)
    year.counts["files"] += sum(1 for ev in rows if ev.kind == EvidenceKind.FILE)


# Cumulative share of the year's budget spent by the end of each month (a typical Pemda curve).
BUDGET_CURVE = (2, 6, 13, 20, 28, 38, 46, 54, 63, 72, 81, 96)
SOURCES = {
    "DISDIK": "Dapodik dan laporan sekolah", "DINKES": "laporan PWS-KIA dan SIMPUS puskesmas",
    "DISHUB": "aplikasi BLUe dan hasil survei", "BKPSDM": "SIASN dan e-Kinerja",
    "DPUPR": "laporan konsultan pengawas", "BAPPEDA": "SIPD dan hasil pengendalian",
    "INSPEKTORAT": "SIMWAS", "SETDA": "SIPD dan rekap bagian",
}  # fmt: skip


def _write_manual(year: _Year) -> None:
    """Monthly (or quarterly, for indices and the leaders' outcomes) hand-typed realisation of
    every indicator entries cannot count, with a note and evidence, for periods already over."""
    rng = year.rng
    rows: list[tuple[ManualRealisation, Evidence]] = []
    for pk in sorted(year.people):
        person = year.people[pk]
        me = person.pegawai.user
        jpt = person.pegawai.jabatan is not None and person.pegawai.jabatan.kind == "JPT"
        for skp, start, end in year.planning.in_force[pk]:
            for ind in year.indicators.get(skp.pk, []):
                if services.is_countable(ind) or ind.target_value is None:
                    continue
                quarterly = jpt or ind.target_unit in ("nilai", "indeks", "level", "skor")
                for period in year.periods[skp.year_id]:
                    if (
                        period.end_date >= year.today
                        or period.end_date < start
                        or period.start_date > end
                    ):
                        continue
                    month = period.end_date.month
                    if quarterly and month % 3:
                        continue
                    value = _manual_value(ind, month, person.pace, rng)
                    note = _manual_note(ind, period.name, person.pegawai.instansi.code)
                    when = at(
                        add_workdays(period.end_date, rng.randint(1, 4)),
                        rng.randint(9, 15),
                        rng.randint(0, 59),
                    )
                    when = min(when, year.now - datetime.timedelta(hours=1))
                    m = ManualRealisation(
                        indicator=ind, period=period, value=value, note=note, set_by=me
                    )
                    m.created_at = m.updated_at = when
                    if rng.random() < 0.2:
                        data = tiny_pdf(["PEMERINTAH KABUPATEN SUKAMAJU", person.pegawai.instansi.name.upper(), "",
                                         f"REKAP CAPAIAN {period.name.upper()} {period.start_date.year}",
                                         ind.text[:90], f"Realisasi: {_num(value)} {ind.target_unit}", note[:90]])  # fmt: skip
                        stem = f"rekap-{_slug(ind.text, 36)}-{period.start_date:%Y%m}"
                        name, digest = store_file(data, f"{period.end_date:%Y/%m}", stem, "pdf")
                        ev = Evidence(kind=EvidenceKind.FILE, file=name, original_name=f"{stem}.pdf",
                                      content_type="application/pdf", size=len(data), sha256=digest, uploaded_by=me)  # fmt: skip
                    else:
                        code = hashlib.sha1(
                            f"{person.pegawai.nip}-{ind.text}-{period.name}".encode()
                        ).hexdigest()[:12]
                        ev = Evidence(kind=EvidenceKind.LINK, uploaded_by=me,
                                      url=f"https://drive.sukamajukab.go.id/s/{person.pegawai.instansi.code.lower()}/rekap/{code}")  # fmt: skip
                    ev.created_at = when
                    rows.append((m, ev))
    insert_rows(ManualRealisation, [m for m, _ev in rows])
    for m, ev in rows:
        ev.realisation = m
    insert_rows(Evidence, [ev for _m, ev in rows])
    insert_rows(AuditLog, [
        _audit(m.set_by, "realisation.created", m, m.created_at, after=snapshot(m),
               object_type="activity.manualrealisation")
        for m, _ev in rows
    ])  # fmt: skip
    year.counts["manual"] += len(rows)


def _manual_value(ind: Indicator, month: int, pace: float, rng: Any) -> Decimal:
    target = ind.target_value or Decimal(0)
    if ind.aspek == Aspek.BIAYA:
        share = BUDGET_CURVE[month - 1] * (0.95 + rng.random() * 0.08) * min(1.0, pace + 0.05)
        return Decimal(str(round(min(share, 100.0), 2)))
    if ind.direction == Direction.LOWER:
        factor = 0.8 + rng.random() * 0.25 + (0.2 if pace < 0.9 else 0)
        return Decimal(str(round(float(target) * factor, 2)))
    factor = 0.92 + rng.random() * 0.1 + (month - 6) * 0.004 - (0.08 if pace < 0.9 else 0)
    value = float(target) * factor
    if ind.target_unit == "persen":
        value = min(value, 100.0)
    return Decimal(str(round(value, 2)))


def _manual_note(ind: Indicator, period: str, agency: str) -> str:
    source = SOURCES.get(agency, "rekap kecamatan")
    if ind.aspek == Aspek.WAKTU:
        return f"Rata-rata {period} dihitung dari berkas yang diselesaikan; sumber: {source}."
    if ind.aspek == Aspek.BIAYA:
        return f"Realisasi kumulatif sampai akhir {period} menurut laporan realisasi anggaran SIPD."
    return f"Capaian {period} berdasarkan {source}."


def _corrections(year: _Year, entries: list[DailyEntry]) -> None:
    """Five verified entries corrected by their owners: three corrections already verified
    (the old version superseded), two waiting."""
    rng = year.rng
    since = year.today - datetime.timedelta(days=45)
    until = year.today - datetime.timedelta(days=12)
    pool = sorted(
        (e for e in entries if e.status == EntryStatus.VERIFIED and e.quantity is not None
         and since <= e.date <= until and e.pegawai.instansi.code in FULL_AGENCIES),
        key=lambda e: e.pk,
    )  # fmt: skip
    for n, e in enumerate(rng.sample(pool, min(5, len(pool)))):
        me = e.pegawai.user
        moment = at(add_workdays(e.date, 2 + rng.randint(0, 3)), 10, rng.randint(0, 59))
        with clock_at(moment):
            new = services.entry_correct(entry=e, actor=me)
            new.quantity = (e.quantity or Decimal(0)) + Decimal(1)
            new.activity = f"{e.activity} (koreksi jumlah sesuai daftar hadir)"
            services.entry_save(entry=new, actor=me)
        with clock_at(moment + datetime.timedelta(minutes=20)):
            services.entry_submit(entries=[new], actor=me)
        if n < 3 and e.skp.rater_id:
            rater = year.planning.people[e.skp.rater_id].user
            with clock_at(moment + datetime.timedelta(days=1, hours=1)):
                services.entry_review(entries=[new], actor=rater, accept=True)
        year.counts["corrections"] += 1


def _feedback(year: _Year, entries: list[DailyEntry]) -> None:
    """Continuous feedback from the direct superior: every few weeks in the daily-reporting
    agencies, now and then elsewhere; some replies, and a few dialogues."""
    rng = year.rng
    phrases = {tone: list(FeedbackPhrase.objects.filter(tone=tone).order_by("pk"))
               for tone in ("appreciation", "constructive")}  # fmt: skip
    by_person: dict[int, list[DailyEntry]] = defaultdict(list)
    for e in entries:
        if e.status in (EntryStatus.VERIFIED, EntryStatus.SUBMITTED):
            by_person[e.pegawai_id].append(e)
    named = year.planning.named.get("pegawai")
    for pk in sorted(year.people):
        person = year.people[pk]
        p = person.pegawai
        mine = by_person.get(pk)
        if not mine or p.atasan_id is None or p.atasan_id not in year.planning.people:
            continue
        boss = year.planning.people[p.atasan_id].user
        if boss is None:
            continue
        if named is not None and pk == named.pk:
            count = 4
        elif rng.random() < 0.8:
            count = 3 if person.full else 1
        else:
            count = 0
        picks = sorted(rng.sample(mine, min(count, len(mine))), key=lambda e: e.date)
        said: set[int] = set()
        for n, e in enumerate(picks):
            tone = "constructive" if person.pace < 0.9 or rng.random() < 0.25 else "appreciation"
            unused = [ph for ph in phrases[tone] if ph.pk not in said] or phrases[tone]
            phrase = rng.choice(unused) if unused else None
            if phrase is not None:
                said.add(phrase.pk)
            extra = rng.choice(FEEDBACK_TEXTS[tone])
            moment = at(
                add_workdays(e.date, rng.randint(1, 3)), rng.randint(9, 14), rng.randint(0, 59)
            )
            on_entry = n % 2 == 0
            with clock_at(moment):
                fb = services.feedback_give(actor=boss, pegawai=p, text=extra, phrase=phrase,
                                            entry=e if on_entry else None,
                                            indicator=None if on_entry else e.indicator)  # fmt: skip
            year.counts["feedback"] += 1
            if rng.random() < 0.35 or (named is not None and pk == named.pk and n < 2):
                later = moment + datetime.timedelta(hours=rng.randint(1, 3))
                if timezone.localtime(later).hour >= 16:  # answered the next working morning
                    later = at(
                        add_workdays(timezone.localtime(later).date(), 1), 8, rng.randint(0, 59)
                    )
                with clock_at(later):
                    services.feedback_reply(parent=fb, actor=p.user, text=rng.choice(REPLIES))
                year.counts["replies"] += 1
    _dialogues(year)
    # What people have long since read is read; the last fortnight's feedback may still be new.
    cutoff = year.now - datetime.timedelta(days=12)
    Feedback.objects.filter(read_at__isnull=True, created_at__lt=cutoff).update(
        read_at=F("created_at") + datetime.timedelta(hours=5)
    )


def _dialogues(year: _Year) -> None:
    rng = year.rng
    people = year.planning.people
    chosen = []
    named = year.planning.named
    if "pegawai" in named:
        chosen += [
            (named["pegawai"], datetime.date(2026, 7, 15)),
            (named["pegawai"], year.today - datetime.timedelta(days=30)),
        ]
    if "atasan" in named:
        chosen.append((named["atasan"], datetime.date(2026, 7, 22)))
    pool = sorted(pk for pk, person in year.people.items() if person.full)
    for pk in rng.sample(pool, min(9, len(pool))):
        chosen.append((people[pk], datetime.date(2026, rng.choice((4, 7, 10)), rng.randint(6, 24))))
    for n, (p, day) in enumerate(chosen):
        if p.atasan_id is None or p.atasan_id not in people:
            continue
        day = min(add_workdays(day, 0), last_workday(year.today))
        topics, actions = DIALOGUES[n % len(DIALOGUES)]
        boss = people[p.atasan_id].user
        with clock_at(at(day, 13, 30)):
            services.dialogue_record(
                actor=boss, pegawai=p, date=day, topics=topics, agreed_actions=actions
            )
        year.counts["dialogues"] += 1


def _rejection_notices(year: _Year, rejected: list[DailyEntry]) -> None:
    for e in rejected:
        if e.pegawai.user is None or e.verified_at is None:
            continue
        with clock_at(e.verified_at):
            Notification.objects.create(
                user=e.pegawai.user,
                message=f"Laporan harian Anda dikembalikan: {e.review_comment}"[:500],
                url=reverse("activity:my_entries"),
            )


def load_activity(*, rng: Any, planning: PlanningDemo) -> dict[str, int]:
    """Write the year's daily work for the plans `load_planning` made. Runs in the caller's
    transaction."""
    year = _Year(rng, planning)
    year.setup()
    entries = year.generate()
    year.statuses()
    rejected = year.reject_some(entries)
    entries += year.today_drafts()
    entries.sort(key=lambda e: (e.date, e.start_time, e.pegawai_id))
    _write_entries(year, entries)
    _write_evidence(year, entries)
    _write_manual(year)
    _rejection_notices(year, rejected)
    _corrections(year, entries)
    _feedback(year, entries)
    # Notifications older than a fortnight have been read.
    old = year.now - datetime.timedelta(days=14)
    Notification.objects.filter(read_at__isnull=True, created_at__lt=old).update(read_at=old)
    year.counts["pending"] = sum(1 for e in entries if e.status == EntryStatus.SUBMITTED)
    year.counts["drafts"] = sum(1 for e in entries if e.status == EntryStatus.DRAFT)
    year.counts["rejected"] = len(rejected)
    return dict(year.counts)


# ---------------------------------------------------------------- reset


def wipe_activity_data() -> None:
    """Delete the daily work of the demo agencies (entries, evidence and its files, realisations,
    feedback, dialogues) with their audit rows and notifications. One DELETE per table: the ORM's
    collector would load every entry first, and the references between these rows (corrections,
    replies) go in the same statement (foreign keys are checked at commit)."""
    codes = agency_codes()
    entries = DailyEntry.objects.filter(pegawai__instansi__code__in=codes)
    realisations = ManualRealisation.objects.filter(
        indicator__rhk__skp__pegawai__instansi__code__in=codes
    )
    evidence = Evidence.objects.filter(
        Q(entry__pegawai__instansi__code__in=codes)
        | Q(realisation__indicator__rhk__skp__pegawai__instansi__code__in=codes)
    )
    names = set(evidence.exclude(file="").values_list("file", flat=True))
    for qs in (
        evidence,
        Feedback.objects.filter(pegawai__instansi__code__in=codes),
        Dialogue.objects.filter(pegawai__instansi__code__in=codes),
        realisations,
        entries,
    ):
        qs._raw_delete(qs.db)
    still_used = set(Evidence.objects.exclude(file="").values_list("file", flat=True))
    for name in sorted(names - still_used):
        default_storage.delete(name)
    wipe_audit_and_notifications("activity.", "/pelaksanaan/")
