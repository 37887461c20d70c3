"""The demo regency, Kabupaten Sukamaju (fictional), as data: agencies, their unit trees and
positions, and the name and title pools people are drawn from. `plan_demo()` turns it into a
deterministic plan (random.Random(2026) only); the `seed_demo` command writes the plan through
the services."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from .choices import LEVELS_BY_KIND, JabatanKind, JabatanLevel

SEED = 2026
PASSWORD = "demo12345"
EMAIL_DOMAIN = "sukamajukab.go.id"

# ---------------------------------------------------------------- the structure, declared


@dataclass(frozen=True)
class Post:
    """A position; `count` people hold it (unit heads: always one)."""

    name: str
    kind: str
    level: str
    count: int = 1
    base: str = ""  # the JF name without its level ("Guru"), for titles and PPPK odds


@dataclass(frozen=True)
class Unit:
    name: str
    head: Post
    staff: tuple[Post, ...] = ()
    children: tuple[Unit, ...] = ()
    vacant: bool = False  # head post empty; `acting_from` (a child unit) holds it as Plt
    acting_from: str = ""


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    short_name: str
    kind: str
    root: Unit
    is_bkpsdm: bool = False
    flavour: str = "umum"  # which title pool its structural officials draw from


_LEVEL_LABEL = dict(JabatanLevel.choices)


def jpt(name: str) -> Post:
    return Post(name, JabatanKind.JPT, JabatanLevel.JPT_PRATAMA)


def adm(name: str) -> Post:
    return Post(name, JabatanKind.JA, JabatanLevel.ADMINISTRATOR)


def pgw(name: str) -> Post:
    return Post(name, JabatanKind.JA, JabatanLevel.PENGAWAS)


def pel(name: str, count: int = 1) -> Post:
    return Post(name, JabatanKind.JA, JabatanLevel.PELAKSANA, count)


def jf(base: str, level: str, count: int = 1) -> Post:
    return Post(f"{base} {_LEVEL_LABEL[level]}", JabatanKind.JF, level, count, base)


L = JabatanLevel
JF_LEVELS = LEVELS_BY_KIND[JabatanKind.JF]
ADM_PERKANTORAN = "Pengadministrasi Perkantoran"


def _subbag_umum(extra: tuple[Post, ...] = ()) -> Unit:
    return Unit("Subbagian Umum dan Kepegawaian", pgw("Kepala Subbagian Umum dan Kepegawaian"),
                (pel(ADM_PERKANTORAN, 2), *extra))  # fmt: skip


def _subbag_keuangan(extra: tuple[Post, ...] = ()) -> Unit:
    return Unit("Subbagian Perencanaan dan Keuangan",
                pgw("Kepala Subbagian Perencanaan dan Keuangan"),
                (pel("Pengadministrasi Keuangan"), *extra))  # fmt: skip


def _seksi(name: str, *staff: Post) -> Unit:
    return Unit(f"Seksi {name}", pgw(f"Kepala Seksi {name}"), staff)


def _bidang(name: str, *, staff: tuple[Post, ...] = (), children: tuple[Unit, ...] = (),
            vacant: bool = False, acting_from: str = "") -> Unit:  # fmt: skip
    return Unit(
        f"Bidang {name}", adm(f"Kepala Bidang {name}"), staff, children, vacant, acting_from
    )


def _sd(name: str, guru_pertama: int, guru_muda: int) -> Unit:
    return Unit(name, Post("Kepala Sekolah (Guru Ahli Madya)", JabatanKind.JF, L.AHLI_MADYA, 1, "Guru"),
                (jf("Guru", L.AHLI_PERTAMA, guru_pertama), jf("Guru", L.AHLI_MUDA, guru_muda),
                 pel(ADM_PERKANTORAN)))  # fmt: skip


def _puskesmas(place: str, big: bool) -> Unit:
    n = 2 if big else 1
    staff = (
        jf("Dokter", L.AHLI_MUDA),
        *((jf("Dokter", L.AHLI_PERTAMA),) if big else ()),
        jf("Dokter Gigi", L.AHLI_PERTAMA),
        jf("Perawat", L.AHLI_PERTAMA, n),
        jf("Perawat", L.TERAMPIL, 2 * n),
        jf("Bidan", L.AHLI_PERTAMA),
        jf("Bidan", L.TERAMPIL, 2 * n),
        jf("Tenaga Teknis Kefarmasian", L.TERAMPIL),
        jf("Pranata Laboratorium Kesehatan", L.TERAMPIL),
        jf("Nutrisionis", L.TERAMPIL),
        pel(ADM_PERKANTORAN, n),
    )
    return Unit(f"UPTD Puskesmas {place}", pgw(f"Kepala UPTD Puskesmas {place}"), staff)


def _kecamatan(code: str, place: str, kelurahan: tuple[str, ...]) -> Agency:
    children = [
        Unit(
            "Sekretariat Kecamatan",
            adm(f"Sekretaris Kecamatan {place}"),
            (),
            (_subbag_umum(), _subbag_keuangan()),
        ),  # fmt: skip
        _seksi("Pemerintahan", pel("Penata Kelola Pemerintahan")),
        _seksi("Ketenteraman dan Ketertiban Umum", pel("Operator Layanan Operasional")),
        _seksi("Pemberdayaan Masyarakat dan Desa", pel("Penelaah Teknis Kebijakan")),
        _seksi("Kesejahteraan Sosial"),
        _seksi("Pelayanan Umum", pel("Penata Layanan Operasional")),
        *(
            Unit(
                f"Kelurahan {k}",
                pgw(f"Lurah {k}"),
                (pel("Penata Kelola Pemerintahan"), pel(ADM_PERKANTORAN)),
            )
            for k in kelurahan
        ),  # fmt: skip
    ]
    return Agency(code, f"Kecamatan {place}", f"Kec. {place}", "kecamatan",
                  Unit(f"Kecamatan {place}", adm(f"Camat {place}"), (), tuple(children)),
                  flavour="pamong")  # fmt: skip


AGENCIES: tuple[Agency, ...] = (
    Agency("SETDA", "Sekretariat Daerah", "Setda", "sekretariat", Unit(
        "Sekretariat Daerah", jpt("Sekretaris Daerah"), (), (
            Unit("Asisten Pemerintahan dan Kesejahteraan Rakyat",
                 jpt("Asisten Pemerintahan dan Kesejahteraan Rakyat"), (), (
                Unit("Bagian Tata Pemerintahan", adm("Kepala Bagian Tata Pemerintahan"),
                     (jf("Analis Kebijakan", L.AHLI_PERTAMA), pel("Penelaah Teknis Kebijakan", 2))),
                Unit("Bagian Hukum", adm("Kepala Bagian Hukum"),
                     (jf("Perancang Peraturan Perundang-undangan", L.AHLI_PERTAMA, 2),
                      jf("Analis Hukum", L.AHLI_MUDA), pel(ADM_PERKANTORAN))),
                Unit("Bagian Kesejahteraan Rakyat", adm("Kepala Bagian Kesejahteraan Rakyat"),
                     (pel("Penata Layanan Operasional", 2),)),
            )),
            Unit("Asisten Perekonomian dan Pembangunan", jpt("Asisten Perekonomian dan Pembangunan"), (), (
                Unit("Bagian Perekonomian dan Sumber Daya Alam",
                     adm("Kepala Bagian Perekonomian dan Sumber Daya Alam"),
                     (jf("Analis Kebijakan", L.AHLI_MUDA), pel("Penelaah Teknis Kebijakan"))),
                Unit("Bagian Pengadaan Barang dan Jasa", adm("Kepala Bagian Pengadaan Barang dan Jasa"),
                     (jf("Pengelola Pengadaan Barang/Jasa", L.AHLI_MUDA),
                      jf("Pengelola Pengadaan Barang/Jasa", L.AHLI_PERTAMA, 2))),
            )),
            Unit("Asisten Administrasi Umum", jpt("Asisten Administrasi Umum"), (), (
                Unit("Bagian Umum", adm("Kepala Bagian Umum"), (), (
                    Unit("Subbagian Tata Usaha Pimpinan", pgw("Kepala Subbagian Tata Usaha Pimpinan"),
                         (pel(ADM_PERKANTORAN, 2), pel("Operator Layanan Operasional"))),
                    Unit("Subbagian Rumah Tangga", pgw("Kepala Subbagian Rumah Tangga"),
                         (pel("Pengelola Layanan Operasional", 2),)),
                )),
                Unit("Bagian Organisasi", adm("Kepala Bagian Organisasi"),
                     (jf("Analis Kebijakan", L.AHLI_PERTAMA), pel("Penelaah Teknis Kebijakan"))),
                Unit("Bagian Protokol dan Komunikasi Pimpinan",
                     adm("Kepala Bagian Protokol dan Komunikasi Pimpinan"),
                     (jf("Pranata Hubungan Masyarakat", L.TERAMPIL), pel("Pengelola Layanan Operasional"))),
            )),
        )), flavour="setda"),
    Agency("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", "badan", Unit(
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        jpt("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"), (), (
            Unit("Sekretariat", adm("Sekretaris BKPSDM"), (), (_subbag_umum(), _subbag_keuangan())),
            _bidang("Pengadaan, Pemberhentian dan Informasi Kepegawaian", staff=(
                jf("Analis SDM Aparatur", L.AHLI_PERTAMA, 2), jf("Pranata SDM Aparatur", L.TERAMPIL, 2),
                pel("Pengolah Data dan Informasi"))),
            _bidang("Mutasi dan Promosi", staff=(
                jf("Analis SDM Aparatur", L.AHLI_MUDA), jf("Analis SDM Aparatur", L.AHLI_PERTAMA, 2),
                jf("Pranata SDM Aparatur", L.TERAMPIL))),
            _bidang("Pengembangan Kompetensi Aparatur", staff=(
                jf("Analis SDM Aparatur", L.AHLI_PERTAMA, 2), pel(ADM_PERKANTORAN))),
            _bidang("Penilaian Kinerja Aparatur dan Penghargaan", staff=(
                jf("Analis SDM Aparatur", L.AHLI_MUDA), jf("Analis SDM Aparatur", L.AHLI_PERTAMA, 2),
                pel("Penata Kelola Sistem dan Teknologi Informasi"))),
        )), is_bkpsdm=True, flavour="sdm"),
    Agency("DISDIK", "Dinas Pendidikan", "Disdik", "dinas", Unit(
        "Dinas Pendidikan", jpt("Kepala Dinas Pendidikan"), (), (
            Unit("Sekretariat", adm("Sekretaris Dinas Pendidikan"), (), (
                _subbag_umum((pel("Pengelola Layanan Kepegawaian"),)),
                _subbag_keuangan((pel("Pengadministrasi Keuangan"), jf("Perencana", L.AHLI_PERTAMA))),
            )),
            _bidang("Pembinaan Sekolah Dasar", staff=(
                pel(ADM_PERKANTORAN), jf("Pengawas Sekolah", L.AHLI_MUDA, 2)), children=(
                _seksi("Kurikulum dan Penilaian SD", pel("Pengolah Data dan Informasi"),
                       pel("Penelaah Teknis Kebijakan")),
                _seksi("Kelembagaan dan Sarana Prasarana SD", pel("Penata Layanan Operasional", 2)),
                _sd("SD Negeri 1 Sukamaju", 4, 2),
                _sd("SD Negeri 2 Sukamaju", 3, 2),
                _sd("SD Negeri Cibening", 3, 1),
            )),
            _bidang("Pembinaan Sekolah Menengah Pertama", staff=(
                jf("Pengawas Sekolah", L.AHLI_MADYA),), children=(
                _seksi("Kurikulum dan Penilaian SMP", pel("Pengolah Data dan Informasi")),
                _seksi("Peserta Didik dan Pembangunan Karakter SMP", pel("Penelaah Teknis Kebijakan")),
                _sd("SMP Negeri 1 Sukamaju", 6, 3),
                _sd("SMP Negeri 1 Cibening", 4, 2),
            )),
            _bidang("Pendidik dan Tenaga Kependidikan", children=(
                _seksi("Pendidik dan Tenaga Kependidikan SD", pel("Pengelola Layanan Kepegawaian")),
                _seksi("Pendidik dan Tenaga Kependidikan SMP", pel("Penelaah Teknis Kebijakan")),
            )),
        )), flavour="pendidikan"),
    Agency("DINKES", "Dinas Kesehatan", "Dinkes", "dinas", Unit(
        "Dinas Kesehatan", jpt("Kepala Dinas Kesehatan"), (), (
            Unit("Sekretariat", adm("Sekretaris Dinas Kesehatan"), (), (_subbag_umum(), _subbag_keuangan())),
            _bidang("Kesehatan Masyarakat", children=(
                _seksi("Kesehatan Keluarga dan Gizi", jf("Nutrisionis", L.AHLI_PERTAMA)),
                _seksi("Promosi dan Pemberdayaan Masyarakat",
                       jf("Penyuluh Kesehatan Masyarakat", L.AHLI_PERTAMA)),
            )),
            # The Kepala Bidang post is vacant; the Kepala Seksi Surveilans acts as Plt.
            _bidang("Pencegahan dan Pengendalian Penyakit", staff=(pel(ADM_PERKANTORAN),), children=(
                _seksi("Surveilans dan Imunisasi", jf("Epidemiolog Kesehatan", L.AHLI_PERTAMA)),
                _seksi("Pencegahan dan Pengendalian Penyakit Menular", jf("Sanitarian", L.TERAMPIL)),
            ), vacant=True, acting_from="Seksi Surveilans dan Imunisasi"),
            _bidang("Pelayanan dan Sumber Daya Kesehatan", children=(
                _seksi("Pelayanan Kesehatan Primer dan Rujukan", pel("Penelaah Teknis Kebijakan")),
                _seksi("Kefarmasian dan Alat Kesehatan", jf("Apoteker", L.AHLI_PERTAMA)),
            )),
            _puskesmas("Sukamaju", big=True),
            _puskesmas("Cibening", big=False),
        )), flavour="kesehatan"),
    Agency("DISHUB", "Dinas Perhubungan", "Dishub", "dinas", Unit(
        "Dinas Perhubungan", jpt("Kepala Dinas Perhubungan"), (), (
            Unit("Sekretariat", adm("Sekretaris Dinas Perhubungan"), (pel("Pengadministrasi Keuangan"),),
                 (_subbag_umum(),)),
            _bidang("Lalu Lintas dan Angkutan", children=(
                _seksi("Angkutan", pel("Penata Layanan Operasional", 2)),
                _seksi("Manajemen dan Rekayasa Lalu Lintas", pel("Operator Layanan Operasional", 3)),
            )),
            _bidang("Prasarana dan Keselamatan Transportasi", children=(
                _seksi("Perlengkapan Jalan", pel("Pengelola Layanan Operasional", 2)),
            )),
            Unit("UPT Pengujian Kendaraan Bermotor", pgw("Kepala UPT Pengujian Kendaraan Bermotor"), (
                jf("Penguji Kendaraan Bermotor", L.MAHIR), jf("Penguji Kendaraan Bermotor", L.TERAMPIL, 3),
                pel(ADM_PERKANTORAN))),
        )), flavour="teknik"),
    Agency("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", "dinas", Unit(
        "Dinas Pekerjaan Umum dan Penataan Ruang", jpt("Kepala Dinas Pekerjaan Umum dan Penataan Ruang"), (), (
            Unit("Sekretariat", adm("Sekretaris Dinas Pekerjaan Umum dan Penataan Ruang"), (),
                 (_subbag_umum(), _subbag_keuangan())),
            _bidang("Bina Marga", children=(
                _seksi("Pembangunan Jalan dan Jembatan", jf("Teknik Jalan dan Jembatan", L.AHLI_PERTAMA, 2)),
                _seksi("Pemeliharaan Jalan dan Jembatan", jf("Teknik Jalan dan Jembatan", L.TERAMPIL, 2)),
            )),
            _bidang("Sumber Daya Air", staff=(jf("Teknik Pengairan", L.AHLI_PERTAMA, 2),
                                              pel("Pengelola Layanan Operasional"))),
            _bidang("Cipta Karya", staff=(jf("Teknik Penyehatan Lingkungan", L.AHLI_PERTAMA),
                                          pel("Penelaah Teknis Kebijakan"))),
            _bidang("Penataan Ruang", staff=(jf("Penata Ruang", L.AHLI_MUDA),
                                             jf("Penata Ruang", L.AHLI_PERTAMA, 2))),
        )), flavour="teknik"),
    Agency("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "badan", Unit(
        "Badan Perencanaan Pembangunan Daerah", jpt("Kepala Badan Perencanaan Pembangunan Daerah"), (), (
            Unit("Sekretariat", adm("Sekretaris Bappeda"), (), (_subbag_umum(),)),
            _bidang("Perencanaan Pemerintahan dan Pembangunan Manusia", staff=(
                jf("Perencana", L.AHLI_MUDA), jf("Perencana", L.AHLI_PERTAMA, 2))),
            _bidang("Perencanaan Perekonomian dan Sumber Daya Alam", staff=(
                jf("Perencana", L.AHLI_MUDA), jf("Perencana", L.AHLI_PERTAMA))),
            _bidang("Perencanaan Infrastruktur dan Kewilayahan", staff=(
                jf("Perencana", L.AHLI_MUDA), jf("Perencana", L.AHLI_PERTAMA))),
            _bidang("Penelitian, Pengembangan, Pengendalian dan Evaluasi", staff=(
                jf("Perencana", L.AHLI_MUDA), pel("Pengolah Data dan Informasi"))),
        )), flavour="perencanaan"),
    Agency("INSPEKTORAT", "Inspektorat Daerah", "Inspektorat", "inspektorat", Unit(
        "Inspektorat Daerah", jpt("Inspektur Daerah"), (), (
            Unit("Sekretariat", adm("Sekretaris Inspektorat"), (), (_subbag_umum(),)),
            *(Unit(f"Inspektur Pembantu Wilayah {w}", adm(f"Inspektur Pembantu Wilayah {w}"), (
                jf("Auditor", L.AHLI_MUDA), jf("Auditor", L.AHLI_PERTAMA, 2),
                jf("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", L.AHLI_PERTAMA),
            )) for w in ("I", "II", "III")),
        )), flavour="pengawasan"),
    _kecamatan("KEC-SKMK", "Sukamaju Kota", ("Sukamaju", "Karangsari")),
    _kecamatan("KEC-CBN", "Cibening", ()),
)  # fmt: skip

# ---------------------------------------------------------------- names and titles


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NAMES = {
    "jawa": {
        "L": _w(
            "Agus Bambang Budi Joko Slamet Eko Wahyu Teguh Bayu Heru Sugeng Bagus Aris Yudi Rudi "
            "Andi Hendro Sigit Dimas Galih Adi Gunawan Anton"
        ),
        "L_last": _w(
            "Santoso Setiawan Prasetyo Nugroho Purnomo Hartono Widodo Wibowo Kurniawan Saputra "
            "Pratama Yulianto Haryanto Susilo Raharjo Suryono Wicaksono Prabowo Utomo Sulistyo "
            "Kuncoro Hidayat Wijaya"
        ),
        "L_single": _w("Sutrisno Suparman Sumarno Mulyono Supriyadi Sukardi Suwarno Waluyo"),
        "P": _w(
            "Sri Endang Wulan Rini Ratna Dewi Puji Retno Yuli Ika Fitri Ayu Dian Anik Esti Novi "
            "Wiwik Rahayu"
        ),
        "P_last": _w(
            "Lestari Wahyuni Astuti Rahayu Handayani Suryani Kusumawati Sulistyowati Purwanti "
            "Ningsih Susanti Wulandari Rahmawati Puspitasari Anggraini Setyowati Indrawati Pratiwi"
        ),
    },
    "sunda": {
        "L": _w(
            "Asep Dadang Ujang Cecep Dede Encep Yayan Iwan Ade Deden Dadan Rahmat Wawan Aep "
            "Yusup Ridwan Hendra Ikhsan Jajang"
        ),
        "L_last": _w(
            "Saepudin Hidayat Supriatna Sumarna Permana Suherman Kurnia Gunawan Ruhiyat Mulyana "
            "Sopian Kusnadi Sudrajat Firmansyah Ramdani Nugraha Rusmana Hermawan Somantri Setiadi"
        ),
        "L_single": _w("Sukarna Suhendar Taryana Rohendi"),
        "P": _w(
            "Neneng Euis Cucu Imas Nining Yanti Lilis Enok Tati Elis Yuyun Rina Nani Rosita Iis "
            "Nenden Popon Wida"
        ),
        "P_last": _w(
            "Nurhasanah Rosmawati Sumiati Kurniasih Mulyani Ratnasari Nurjanah Maryani Komalasari "
            "Yuliani Suryani Sopiah Karlina Herlina Hartini Fitriani Rohaeti"
        ),
    },
    "melayu": {
        "L": _w(
            "Muhammad Ahmad Rizky Fajar Fikri Hafiz Ilham Syahrul Zulkifli Hasan Firdaus Fauzi "
            "Nurdin Arif Irfan Yusuf Syaiful Reza Taufik Hamdan"
        ),
        "L_last": _w(
            "Rahman Syahputra Ramadhan Maulana Firmansyah Hidayatullah Nasution Harahap Hamzah "
            "Ismail Abdullah Zakaria Aziz Effendi Anwar Syarifuddin Iskandar Rasyid"
        ),
        "L_single": _w("Zainuddin Syamsuddin Jamaluddin"),
        "P": _w(
            "Nurul Aisyah Fatimah Siti Putri Nur Zahra Khairunnisa Melati Nabila Amalia Anisa "
            "Rahma Sarah Intan Mutiara Syarifah Laila Yulia"
        ),
        "P_last": _w(
            "Hasanah Azizah Fitriani Rahmadani Syafitri Maharani Safitri Ramadhani Wardani Aulia "
            "Utami Hidayah Permata Amelia Sari Zahara Febriani"
        ),
    },
}
# First names that commonly open a three-part name ("Muhammad Rizky Pratama", "Siti Nur Azizah").
NAME_PREFIXES = {"L": _w("Muhammad Ahmad Dwi Tri Eka Rizki"), "P": _w("Siti Nur Dwi Tri Eka Dyah")}
ETHNIC_WEIGHTS = (("jawa", 45), ("sunda", 35), ("melayu", 20))

# Titles by the kind of work (matched on the position's JF base or name) ...
TITLES_BY_WORK: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    # (match in base/name, level group "ahli"/"terampil"/"*", options (gelar_depan, gelar_belakang))
    ("Kepala Sekolah", "*", (("", "S.Pd., M.Pd."), ("", "S.Pd."), ("Dra.", "M.Pd."))),
    ("Pengawas Sekolah", "*", (("", "S.Pd., M.Pd."), ("Drs.", "M.Pd."))),
    ("Guru", "*", (("", "S.Pd."), ("", "S.Pd."), ("", "S.Pd."), ("", "S.Pd.I."), ("", "S.Pd., M.Pd."),
                   ("", "S.Si."))),
    ("Dokter Gigi", "*", (("drg.", ""),)),
    ("Dokter", "*", (("dr.", ""), ("dr.", ""), ("dr.", "M.Kes."))),
    ("Perawat", "ahli", (("", "S.Kep., Ners"),)),
    ("Perawat", "terampil", (("", "A.Md.Kep."),)),
    ("Bidan", "ahli", (("", "S.Tr.Keb."), ("", "S.Keb., Bd."))),
    ("Bidan", "terampil", (("", "A.Md.Keb."),)),
    ("Apoteker", "*", (("apt.", "S.Farm."),)),
    ("Tenaga Teknis Kefarmasian", "*", (("", "A.Md.Farm."),)),
    ("Pranata Laboratorium", "*", (("", "A.Md.AK."),)),
    ("Nutrisionis", "ahli", (("", "S.Gz."),)),
    ("Nutrisionis", "terampil", (("", "A.Md.Gz."),)),
    ("Epidemiolog", "*", (("", "S.KM."), ("", "S.KM., M.Epid."))),
    ("Penyuluh Kesehatan", "*", (("", "S.KM."),)),
    ("Sanitarian", "*", (("", "A.Md.KL."),)),
    ("Teknik", "ahli", (("", "S.T."), ("", "S.T."), ("", "S.T., M.T."))),
    ("Teknik", "terampil", (("", "A.Md.T."),)),
    ("Penata Ruang", "*", (("", "S.T."), ("", "S.T., M.T."), ("", "S.PWK."))),
    ("Penguji Kendaraan", "*", (("", "A.Md.T."), ("", "A.Md."))),
    ("Auditor", "*", (("", "S.E., Ak."), ("", "S.E."), ("", "S.Ak."), ("", "S.E., M.Ak."))),
    ("Pengawas Penyelenggaraan", "*", (("", "S.IP."), ("", "S.H."), ("", "S.Sos."))),
    ("Perencana", "*", (("", "S.E., M.Si."), ("", "S.T., M.Sc."), ("", "S.P."), ("", "S.E."),
                        ("", "S.Si., M.Si."))),
    ("Analis SDM", "*", (("", "S.Psi."), ("", "S.AP."), ("", "S.Sos."), ("", "S.H."))),
    ("Pranata SDM", "*", (("", "A.Md."),)),
    ("Analis Kebijakan", "*", (("", "S.IP."), ("", "S.Sos., M.Si."))),
    ("Perancang Peraturan", "*", (("", "S.H."), ("", "S.H., M.H."))),
    ("Analis Hukum", "*", (("", "S.H."), ("", "S.H., M.H."))),
    ("Pengadaan Barang", "*", (("", "S.T."), ("", "S.E."))),
    ("Hubungan Masyarakat", "*", (("", "A.Md."), ("", "S.I.Kom."))),
    ("Keuangan", "*", (("", "S.E."), ("", "S.Ak."), ("", "A.Md.Ak."), ("", ""))),
)  # fmt: skip
PELAKSANA_TITLES = (("", ""), ("", ""), ("", ""), ("", "A.Md."), ("", "S.E."), ("", "S.Kom."),
                    ("", "S.Sos."), ("", "S.AP."), ("", "S.H."), ("", "A.Md.Kom."))  # fmt: skip
# ... and for structural officials by the agency's flavour.
STRUCTURAL_TITLES = {
    "umum": (("", "S.Sos., M.Si."), ("", "S.E., M.M."), ("", "S.H."), ("", "S.E."), ("", "S.IP."),
             ("", "S.AP., M.AP."), ("Drs.", "M.Si.")),
    "setda": (("", "S.H., M.H."), ("", "S.Sos., M.Si."), ("", "S.STP., M.Si."), ("", "S.E., M.M."),
              ("Drs.", "M.Si."), ("", "S.IP., M.AP.")),
    "sdm": (("", "S.Psi., M.Si."), ("", "S.Sos., M.AP."), ("", "S.STP."), ("", "S.H., M.H.")),
    "pendidikan": (("", "S.Pd., M.Pd."), ("", "S.Pd., M.Pd."), ("Drs.", "M.Pd."), ("", "S.Pd."),
                   ("", "S.E., M.M."), ("", "S.Sos., M.Si."), ("", "S.Si., M.Pd.")),
    "kesehatan": (("dr.", "M.Kes."), ("", "S.KM., M.Kes."), ("", "S.Kep., Ners, M.Kep."), ("", "S.KM."),
                  ("", "S.E.")),
    "teknik": (("", "S.T., M.T."), ("Ir.", "M.T."), ("", "S.T."), ("", "S.SiT., M.T.")),
    "perencanaan": (("", "S.E., M.Si."), ("", "S.T., M.T."), ("", "S.P., M.Si."), ("Dr.", "S.E., M.Si.")),
    "pengawasan": (("", "S.E., Ak., M.Ak."), ("", "S.H., M.H."), ("", "S.E., M.Si.")),
    "pamong": (("", "S.STP., M.Si."), ("", "S.IP."), ("", "S.STP."), ("", "S.Sos."), ("", "S.IP., M.Si.")),
}  # fmt: skip

# Likely sex by kind of work: share of women.
WOMEN_SHARE = (("Bidan", 1.0), ("Perawat", 0.7), ("Guru", 0.65), ("Kepala Sekolah", 0.45),
               ("Nutrisionis", 0.8), ("Dokter", 0.55), ("Apoteker", 0.7), ("Penguji", 0.1),
               ("Teknik", 0.2), ("Operator Layanan", 0.15))  # fmt: skip
# Share of PPPK by kind of work (the rest PNS). Structural posts are always PNS.
PPPK_SHARE = (("Guru", 0.45), ("Perawat", 0.35), ("Bidan", 0.35), ("Tenaga Teknis", 0.4),
              ("Pranata Laboratorium", 0.4), ("Nutrisionis", 0.4), ("Penyuluh", 0.3))  # fmt: skip
PPPK_SHARE_OTHER_JF = 0.1
PPPK_SHARE_PELAKSANA = 0.15

# (golongan ordinal min, max) by level, PNS; and the usual PPPK golongan by level.
PNS_GOLONGAN_BY_LEVEL: dict[str, tuple[int, int]] = {
    L.JPT_PRATAMA: (15, 16), L.ADMINISTRATOR: (13, 14), L.PENGAWAS: (11, 12), L.PELAKSANA: (7, 10),
    L.AHLI_PERTAMA: (9, 10), L.AHLI_MUDA: (11, 12), L.AHLI_MADYA: (13, 14), L.AHLI_UTAMA: (15, 17),
    L.PEMULA: (5, 6), L.TERAMPIL: (7, 8), L.MAHIR: (9, 10), L.PENYELIA: (11, 12),
}  # fmt: skip
PPPK_GOLONGAN_BY_LEVEL: dict[str, tuple[int, int]] = {
    L.PELAKSANA: (5, 7), L.AHLI_PERTAMA: (9, 9), L.AHLI_MUDA: (11, 11), L.AHLI_MADYA: (13, 13),
    L.PEMULA: (5, 5), L.TERAMPIL: (7, 7), L.MAHIR: (8, 8), L.PENYELIA: (10, 10),
}  # fmt: skip
PNS_PELAKSANA_GOLONGAN = {"A": (7, 8), "D": (7, 9), "S": (9, 10)}  # II/c–II/d, II/c–III/a, III/a–b
PPPK_PELAKSANA_GOLONGAN = {"A": (5, 5), "D": (7, 7), "S": (9, 9)}  # V, VII, IX
# Birth-year range by level (older people hold higher posts).
BIRTH_YEARS: dict[str, tuple[int, int]] = {
    L.JPT_PRATAMA: (1967, 1974), L.ADMINISTRATOR: (1969, 1980), L.PENGAWAS: (1973, 1986),
    L.PELAKSANA: (1972, 1999), L.AHLI_PERTAMA: (1988, 1998), L.AHLI_MUDA: (1979, 1990),
    L.AHLI_MADYA: (1968, 1978), L.AHLI_UTAMA: (1963, 1970), L.PEMULA: (1995, 2000),
    L.TERAMPIL: (1984, 1998), L.MAHIR: (1976, 1988), L.PENYELIA: (1970, 1982),
}  # fmt: skip
LATEST_TMT_YEAR = 2024

# ---------------------------------------------------------------- the plan


@dataclass
class UnitPlan:
    key: str  # code
    agency: str
    name: str
    parent: str | None


@dataclass
class JabatanPlan:
    key: str  # code
    agency: str
    unit: str
    name: str
    kind: str
    level: str
    is_head: bool


@dataclass
class PersonPlan:
    idx: int
    nip: str
    kind: str  # PNS / PPPK
    sex: str  # L / P
    name: str
    gelar_depan: str
    gelar_belakang: str
    golongan: int
    agency: str
    unit: str
    jabatan: str
    atasan: int | None  # idx of the direct superior
    start_date: datetime.date
    note: str = ""
    email: str = ""
    phone: str = ""
    username: str = ""
    is_active: bool = True
    # (agency, unit, jabatan, atasan idx, start, note) held before a mutation last year
    previous: tuple[str, str, str, int | None, datetime.date, str] | None = None
    acting: tuple[str, datetime.date, str] | None = None  # (jabatan code, start, note): Plt


@dataclass
class DemoPlan:
    agencies: tuple[Agency, ...]
    units: list[UnitPlan] = field(default_factory=list)
    jabatan: list[JabatanPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    logins: list[tuple[str, str, int | None]] = field(default_factory=list)  # (role, login, idx)


def _level_group(level: str) -> str:
    return "ahli" if level.startswith("ahli") else "terampil"


class _Planner:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.plan = DemoPlan(agencies=AGENCIES)
        self.nips: set[str] = set()
        self.names: set[str] = set()
        self.emails: set[str] = set()

    # -- people
    def _share(self, table: tuple[tuple[str, float], ...], post: Post, default: float) -> float:
        text = f"{post.base} {post.name}"
        for needle, share in table:
            if needle in text:
                return share
        return default

    def _name(self, sex: str, older: bool) -> str:
        rng = self.rng
        while True:
            pool = NAMES[
                rng.choices([e for e, _w in ETHNIC_WEIGHTS], [w for _e, w in ETHNIC_WEIGHTS])[0]
            ]
            roll = rng.random()
            if sex == "L" and older and roll < 0.12:
                name = rng.choice(pool["L_single"])
            elif roll < 0.15:
                first = rng.choice(NAME_PREFIXES[sex])
                name = f"{first} {rng.choice(pool[sex])} {rng.choice(pool[sex + '_last'])}"
                if name.count(first) > 1:
                    continue
            else:
                name = f"{rng.choice(pool[sex])} {rng.choice(pool[sex + '_last'])}"
            if name not in self.names:
                self.names.add(name)
                return name

    def _titles(self, agency: Agency, post: Post) -> tuple[str, str]:
        rng = self.rng
        if post.kind == JabatanKind.JF or "Keuangan" in post.name:
            text = f"{post.base} {post.name}"
            for needle, group, options in TITLES_BY_WORK:
                if needle in text and group in ("*", _level_group(post.level)):
                    return rng.choice(options)
        if post.level == L.PELAKSANA:
            return rng.choice(PELAKSANA_TITLES)
        if post.kind == JabatanKind.JF:
            return rng.choice(STRUCTURAL_TITLES["umum"])
        return rng.choice(STRUCTURAL_TITLES[agency.flavour])

    def _nip(self, kind: str, sex: str, level: str) -> str:
        rng = self.rng
        lo, hi = BIRTH_YEARS[level]
        if kind == "PPPK":
            lo, hi = max(lo, 1978), max(hi, 1985)  # long-serving honorer, appointed PPPK late
        while True:
            birth = datetime.date(rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28))
            sex_digit = "1" if sex == "L" else "2"
            serial = rng.randint(1, 999)
            if kind == "PPPK":
                year = rng.choice((2022, 2023, 2024))
                intake = rng.randint(1, 3)
                nip = f"{birth:%Y%m%d}{year}2{intake}{sex_digit}{serial:03d}"
            else:
                year = min(birth.year + rng.randint(22, 28), LATEST_TMT_YEAR)
                year = max(year, birth.year + 19)
                nip = f"{birth:%Y%m%d}{year}{rng.randint(1, 12):02d}{sex_digit}{serial:03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def _email(self, name: str) -> str:
        parts = ["".join(ch for ch in p.lower() if ch.isalpha()) for p in name.split()]
        base = ".".join(parts[:1] + parts[-1:]) if len(parts) > 1 else parts[0]
        email, n = f"{base}@{EMAIL_DOMAIN}", 1
        while email in self.emails:
            n += 1
            email = f"{base}{n}@{EMAIL_DOMAIN}"
        self.emails.add(email)
        return email

    def person(self, agency: Agency, unit: str, jabatan: JabatanPlan, post: Post,
               atasan: int | None) -> PersonPlan:  # fmt: skip
        rng = self.rng
        if jabatan.is_head or post.level not in (L.PELAKSANA, *JF_LEVELS):
            pppk_share = 0.0  # structural posts are held by PNS
        elif post.kind == JabatanKind.JF:
            pppk_share = self._share(PPPK_SHARE, post, PPPK_SHARE_OTHER_JF)
        else:
            pppk_share = PPPK_SHARE_PELAKSANA
        kind = "PPPK" if rng.random() < pppk_share else "PNS"
        women = self._share(WOMEN_SHARE, post, 0.25 if post.kind == JabatanKind.JPT else 0.45)
        sex = "P" if rng.random() < women else "L"
        nip = self._nip(kind, sex, post.level)
        birth_year = int(nip[:4])
        name = self._name(sex, older=birth_year < 1975)
        depan, belakang = self._titles(agency, post)
        if depan in ("Drs.", "Dra.") and birth_year >= 1970:
            # The old Doktorandus degree ended in the early 1990s: younger officials hold an S1.
            depan, belakang = (
                "",
                {"M.Pd.": "S.Pd., M.Pd.", "M.Si.": "S.Sos., M.Si."}.get(belakang, "S.Sos."),
            )
        elif depan in ("Drs.", "Dra."):
            depan = "Drs." if sex == "L" else "Dra."
        masters = any(part.strip().startswith("M.") for part in belakang.split(","))
        if post.kind == JabatanKind.JPT and not masters:  # a JPT post needs a master's degree
            masters_by_flavour = {"pendidikan": "M.Pd.", "kesehatan": "M.Kes.", "teknik": "M.T."}
            belakang = f"{belakang}, {masters_by_flavour.get(agency.flavour, 'M.Si.')}"
        if post.level == L.PELAKSANA:
            # A pelaksana's golongan follows their schooling: SMA, diploma or degree.
            school = (
                "S" if belakang.startswith("S.") else "D" if belakang.startswith("A.Md") else "A"
            )
            table = PPPK_PELAKSANA_GOLONGAN if kind == "PPPK" else PNS_PELAKSANA_GOLONGAN
            golongan = rng.randint(*table[school])
        elif kind == "PPPK":
            golongan = rng.randint(*PPPK_GOLONGAN_BY_LEVEL[post.level])
        else:
            golongan = rng.randint(*PNS_GOLONGAN_BY_LEVEL[post.level])
        tmt_year = int(nip[8:12])
        start_year = rng.randint(max(tmt_year, 2016 if jabatan.is_head else tmt_year), 2025)
        start = datetime.date(start_year, rng.choice((1, 2, 4, 7, 10)), rng.choice((1, 2, 3, 5)))
        note = ""
        if jabatan.is_head:
            note = (
                f"SK Bupati Sukamaju Nomor 800.1.3.3/{rng.randint(10, 899):03d}/BKPSDM/{start.year}"
            )
        p = PersonPlan(
            idx=len(self.plan.people), nip=nip, kind=kind, sex=sex, name=name,
            gelar_depan=depan, gelar_belakang=belakang, golongan=golongan,
            agency=agency.code, unit=unit, jabatan=jabatan.key, atasan=atasan,
            start_date=start, note=note, email=self._email(name),
            phone=f"08{rng.choice('1258')}{rng.randint(10**8, 10**9 - 1)}", username=nip,
        )  # fmt: skip
        self.plan.people.append(p)
        return p

    # -- structure first, then the people who fill it
    def structure(self, agency: Agency, unit: Unit, parent: UnitPlan | None) -> _Node:
        plan = self.plan
        n_units = sum(1 for u in plan.units if u.agency == agency.code)
        up = UnitPlan(key=f"{agency.code}-{n_units:02d}", agency=agency.code, name=unit.name,
                      parent=parent.key if parent else None)  # fmt: skip
        plan.units.append(up)
        node = _Node(spec=unit, unit=up, head_job=self.jabatan(agency, up, unit.head, is_head=True))
        node.staff = [(self.jabatan(agency, up, post, is_head=False), post) for post in unit.staff]
        node.children = [self.structure(agency, child, up) for child in unit.children]
        return node

    def people(self, agency: Agency, node: _Node, atasan: int | None,
               made_head: int | None = None) -> int:  # fmt: skip
        """Plan the people of `node`'s subtree; returns the idx of whoever leads the unit."""
        acting_node = None
        if node.spec.vacant:
            # The post is empty: a head of a child unit keeps their own post (and superior) and
            # leads this unit as Plt.
            acting_node = next(c for c in node.children if c.spec.name == node.spec.acting_from)
            acting = self.person(agency, acting_node.unit.key, acting_node.head_job,
                                 acting_node.spec.head, atasan)  # fmt: skip
            acting.acting = (
                node.head_job.key, datetime.date(2026, 2, 2),
                "Surat Perintah Bupati Sukamaju Nomor 800.1.11.1/012/BKPSDM/2026",
            )  # fmt: skip
            leader = acting.idx
        elif made_head is not None:
            leader = made_head
        else:
            leader = self.person(agency, node.unit.key, node.head_job, node.spec.head, atasan).idx
        for job, post in node.staff:
            for _n in range(post.count):
                self.person(agency, node.unit.key, job, post, leader)
        for child in node.children:
            if child is acting_node:
                self.people(agency, child, atasan, made_head=leader)
            else:
                self.people(agency, child, leader)
        return leader

    def jabatan(self, agency: Agency, unit: UnitPlan, post: Post, *, is_head: bool) -> JabatanPlan:
        plan = self.plan
        n = sum(1 for j in plan.jabatan if j.agency == agency.code)
        job = JabatanPlan(key=f"{agency.code}-J{n:03d}", agency=agency.code, unit=unit.key,
                          name=post.name, kind=post.kind, level=post.level, is_head=is_head)  # fmt: skip
        plan.jabatan.append(job)
        return job


@dataclass
class _Node:
    spec: Unit
    unit: UnitPlan
    head_job: JabatanPlan
    staff: list[tuple[JabatanPlan, Post]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


def plan_demo() -> DemoPlan:
    """The whole demo, decided up front and deterministically."""
    planner = _Planner()
    plan = planner.plan
    trees = [(agency, planner.structure(agency, agency.root, None)) for agency in AGENCIES]
    sekda: int | None = None
    for agency, tree in trees:
        head = planner.people(agency, tree, sekda)
        if sekda is None:
            sekda = (
                head  # the Sekretariat Daerah comes first; every agency head reports to the Sekda
            )
    _add_history(planner)
    _pick_logins(plan)
    return plan


def _find(plan: DemoPlan, agency: str, unit_name: str, jabatan_name: str, *,
          kind: str = "") -> PersonPlan:  # fmt: skip
    """The first person planned in that unit and post (of that kind, if given)."""
    unit_keys = {u.key for u in plan.units if u.agency == agency and u.name == unit_name}
    jobs = {j.key: j for j in plan.jabatan}
    return next(
        p for p in plan.people
        if p.unit in unit_keys and jobs[p.jabatan].name == jabatan_name and kind in ("", p.kind)
    )  # fmt: skip


def _unit_key(plan: DemoPlan, agency: str, name: str) -> str:
    return next(u.key for u in plan.units if u.agency == agency and u.name == name)


def _job_key(plan: DemoPlan, agency: str, unit: str, name: str) -> str:
    return next(j.key for j in plan.jabatan if j.unit == unit and j.name == name)


def _head_idx(plan: DemoPlan, unit: str) -> int:
    jobs = {j.key: j for j in plan.jabatan}
    return next(p.idx for p in plan.people if p.unit == unit and jobs[p.jabatan].is_head)


def _add_history(planner: _Planner) -> None:
    """A few mutations last year, and two retirements."""
    plan = planner.plan
    rng = planner.rng
    sk = "SK Bupati Sukamaju Nomor 800.1.3.3/{:03d}/BKPSDM/2025"
    moves = (
        # who (agency, unit, jabatan), moved from (agency, unit, jabatan), on
        (("DISDIK", "Subbagian Umum dan Kepegawaian", ADM_PERKANTORAN),
         ("DISHUB", "Subbagian Umum dan Kepegawaian", ADM_PERKANTORAN), datetime.date(2025, 3, 3)),
        (("DISDIK", "SD Negeri Cibening", "Guru Ahli Muda"),
         ("DISDIK", "SD Negeri 2 Sukamaju", "Guru Ahli Muda"), datetime.date(2025, 7, 14)),
        (("BKPSDM", "Bidang Mutasi dan Promosi", "Analis SDM Aparatur Ahli Pertama"),
         ("BAPPEDA", "Subbagian Umum dan Kepegawaian", ADM_PERKANTORAN), datetime.date(2025, 1, 2)),
        (("DPUPR", "Bidang Penataan Ruang", "Penata Ruang Ahli Pertama"),
         ("DPUPR", "Bidang Cipta Karya", "Teknik Penyehatan Lingkungan Ahli Pertama"),
         datetime.date(2025, 10, 1)),
    )  # fmt: skip
    for (agency, unit_name, job_name), (old_agency, old_unit_name, old_job), when in moves:
        person = _find(plan, agency, unit_name, job_name, kind="PNS")
        assert all(p.atasan != person.idx for p in plan.people), "only people without staff move"
        old_unit = _unit_key(plan, old_agency, old_unit_name)
        old_start = datetime.date(max(int(person.nip[8:12]), 2018), 1, 2)
        person.previous = (
            old_agency, old_unit, _job_key(plan, old_agency, old_unit, old_job), _head_idx(plan, old_unit),
            old_start, "",
        )  # fmt: skip
        person.start_date = when
        person.note = sk.format(rng.randint(100, 899))
    # No longer active: the oldest pelaksana (retired) and a teacher who left the regency.
    jobs = {j.key: j for j in plan.jabatan}
    pelaksana = [p for p in plan.people if jobs[p.jabatan].level == L.PELAKSANA and not p.previous]
    retired = min(pelaksana, key=lambda p: (p.nip[:8], p.idx))
    retired.is_active = False
    _find(plan, "DISDIK", "SMP Negeri 1 Sukamaju", "Guru Ahli Muda", kind="PNS").is_active = False


def _pick_logins(plan: DemoPlan) -> None:
    """The named demo logins, one per role."""
    pegawai = _find(plan, "DISDIK", "Bidang Pembinaan Sekolah Dasar", ADM_PERKANTORAN)
    kabid = plan.people[pegawai.atasan] if pegawai.atasan is not None else None
    kadis = _find(plan, "DISDIK", "Dinas Pendidikan", "Kepala Dinas Pendidikan")
    admin_disdik = _find(plan, "DISDIK", "Subbagian Umum dan Kepegawaian", ADM_PERKANTORAN)
    admin_bkpsdm = _find(plan, "BKPSDM", "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
                         "Analis SDM Aparatur Ahli Pertama")  # fmt: skip
    pimpinan = _find(plan, "SETDA", "Asisten Pemerintahan dan Kesejahteraan Rakyat",
                     "Asisten Pemerintahan dan Kesejahteraan Rakyat")  # fmt: skip
    auditor = _find(plan, "INSPEKTORAT", "Inspektur Pembantu Wilayah I", "Auditor Ahli Muda")
    admin_disdik.username = "admin.disdik"
    admin_bkpsdm.username = "admin.bkpsdm"
    pimpinan.username = "pimpinan.disdik"
    auditor.username = "auditor"
    assert kabid is not None
    plan.logins = [
        ("Pegawai", pegawai.nip, pegawai.idx),
        ("Atasan (Kepala Bidang)", kabid.nip, kabid.idx),
        ("Kepala Dinas", kadis.nip, kadis.idx),
        ("Admin Instansi (Dinas Pendidikan)", admin_disdik.username, admin_disdik.idx),
        ("Admin BKPSDM", admin_bkpsdm.username, admin_bkpsdm.idx),
        ("Pimpinan (Dinas Pendidikan)", pimpinan.username, pimpinan.idx),
        ("Auditor", auditor.username, auditor.idx),
        ("Superuser (django-admin)", "admin", None),
    ]


DEMO_USERNAMES = ("admin", "admin.disdik", "admin.bkpsdm", "pimpinan.disdik", "auditor")
