"""The demo regency's 2026 plans (`manage.py seed_demo_cycle`, after `seed_demo`): a performance
year per agency, organisation targets (Perjanjian Kinerja / IKU), and an SKP for nearly every
employee with a real cascade from the Sekda's RHK down to the staff, in the states a November
board shows: most approved in January, a few late, returned or still drafts, one revision
approved mid-year and one waiting, two templates.

Deterministic: every choice comes from the `random.Random` the caller passes (seeded 2026), and
the content is declared below. Written through the planning services, each under a simulated
clock (`clock_at`), so transitions, audit rows and notifications carry the dates the story
happened on, not the moment the seed ran."""

from __future__ import annotations

import contextlib
import datetime
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from kinerja.core.models import AuditLog, Notification
from kinerja.organisation.demo_data import AGENCIES, plan_demo
from kinerja.organisation.models import Instansi, Pegawai

from . import services
from .choices import Aspek, Direction, Perspektif, RhkKind, SkpStatus, TargetKind
from .models import (
    ActionPlan,
    BehaviourValue,
    ExpectationLibraryItem,
    Indicator,
    OrgTarget,
    PerformanceYear,
    Rhk,
    Skp,
    SkpBehaviour,
    SkpTemplate,
    SkpTransition,
)

YEAR = 2026
SEED = 2026
MONTHS = services.MONTH_NAMES

# ---------------------------------------------------------------- time


# National holidays and collective leave (cuti bersama) of 2026, as the joint ministerial decree
# set them: offices are closed, so nobody reports work on these days.
HOLIDAYS = frozenset(
    datetime.date(YEAR, m, d)
    for m, d in (
        (1, 1), (1, 16), (2, 16), (2, 17), (3, 18), (3, 19), (3, 20), (3, 23), (3, 24),
        (4, 3), (5, 1), (5, 14), (5, 15), (5, 27), (5, 28), (6, 1), (6, 16), (8, 17),
        (8, 25), (12, 24), (12, 25),
    )
)  # fmt: skip


def is_workday(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS


def workdays(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Working days from `start` to `end`, both included."""
    out, day = [], start
    while day <= end:
        if is_workday(day):
            out.append(day)
        day += datetime.timedelta(days=1)
    return out


def add_workdays(day: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `day` (n ≥ 0; n = 0 gives `day` or the next working day)."""
    while not is_workday(day):
        day += datetime.timedelta(days=1)
    for _i in range(n):
        day += datetime.timedelta(days=1)
        while not is_workday(day):
            day += datetime.timedelta(days=1)
    return day


def last_workday(day: datetime.date) -> datetime.date:
    while not is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextlib.contextmanager
def clock_at(moment: datetime.datetime) -> Iterator[None]:
    """Run the services as if it were `moment`: their timestamps (auto_now fields, submitted_at,
    approved_at, the audit trail, notifications) then tell the story in its own time. Never
    later than the real now."""
    moment = min(moment, timezone.now())
    with mock.patch.object(timezone, "now", lambda: moment):
        yield


# ---------------------------------------------------------------- the content, declared

KUANTITAS, KUALITAS, WAKTU, BIAYA = Aspek.KUANTITAS, Aspek.KUALITAS, Aspek.WAKTU, Aspek.BIAYA


@dataclass(frozen=True)
class Ind:
    aspek: str
    text: str
    value: float | None = None
    unit: str = ""
    lower: bool = False
    low: float | None = None
    high: float | None = None
    persp: str = ""


def qty(text: str, value: float, unit: str) -> Ind:
    return Ind(KUANTITAS, text, value, unit)


def qty_range(text: str, low: float, high: float, unit: str) -> Ind:
    return Ind(KUANTITAS, text, None, unit, low=low, high=high)


def pct(
    text: str, value: float, unit: str = "persen", *, lower: bool = False, persp: str = ""
) -> Ind:
    return Ind(KUALITAS, text, value, unit, lower=lower, persp=persp)


def days(text: str, value: float, unit: str = "hari") -> Ind:
    return Ind(WAKTU, text, value, unit, lower=True)


def cost(text: str, value: float, unit: str = "persen") -> Ind:
    return Ind(BIAYA, text, value, unit, persp=Perspektif.ANGGARAN)


@dataclass(frozen=True)
class R:
    """An RHK as declared: `tag` names it for the staff below (who `up`-prefer a tag of their
    superior's RHK); `target` is the org target code an agency head's RHK realises."""

    text: str
    inds: tuple[Ind, ...]
    tag: str = ""
    up: str = ""
    target: str = ""
    kind: str = RhkKind.UTAMA
    lonely: bool = False  # the one superior RHK nobody takes up (a gap on the cascade page)


def rhk(text: str, *inds: Ind, tag: str = "", up: str = "", target: str = "",
        kind: str = RhkKind.UTAMA, lonely: bool = False) -> R:  # fmt: skip
    return R(text, inds, tag, up, target, kind, lonely)


# Perjanjian Kinerja / IKU per agency: (code, goal, indicator, target, unit, narrative target).
# Lower-is-better targets say "(maksimal)".
ORG_TARGETS: dict[str, tuple[tuple[str, str, str, float | None, str, str], ...]] = {
    "SETDA": (
        ("IKU-01", "Meningkatnya akuntabilitas kinerja pemerintah daerah",
         "Nilai SAKIP Pemerintah Kabupaten Sukamaju", 72.5, "nilai", ""),
        ("IKU-02", "Meningkatnya kualitas pengelolaan keuangan daerah",
         "Opini BPK atas Laporan Keuangan Pemerintah Daerah", None, "", "Wajar Tanpa Pengecualian (WTP)"),
        ("IKU-03", "Meningkatnya kualitas reformasi birokrasi", "Indeks Reformasi Birokrasi", 68.5, "indeks", ""),
        ("IKU-04", "Meningkatnya kualitas kebijakan dan produk hukum daerah",
         "Persentase produk hukum daerah yang ditetapkan tepat waktu", 90, "persen", ""),
        ("IKU-05", "Meningkatnya efektivitas pengadaan barang/jasa pemerintah",
         "Persentase paket tender yang selesai tepat waktu", 95, "persen", ""),
    ),
    "BKPSDM": (
        ("IKU-01", "Meningkatnya profesionalitas ASN", "Indeks Profesionalitas ASN", 75, "indeks", ""),
        ("IKU-02", "Meningkatnya kualitas layanan kepegawaian",
         "Persentase layanan kepegawaian yang selesai sesuai standar pelayanan", 95, "persen", ""),
        ("IKU-03", "Meningkatnya kompetensi ASN",
         "Persentase ASN yang memenuhi 20 JP pengembangan kompetensi", 80, "persen", ""),
        ("IKU-04", "Terwujudnya manajemen kinerja ASN yang objektif",
         "Persentase ASN dengan SKP disetujui tepat waktu", 95, "persen", ""),
    ),
    "DISDIK": (
        ("IKU-01", "Meningkatnya akses pendidikan dasar yang merata",
         "Angka Partisipasi Murni (APM) SD/MI", 98, "persen", ""),
        ("IKU-02", "Meningkatnya partisipasi pendidikan menengah pertama",
         "Angka Partisipasi Kasar (APK) SMP/MTs", 95, "persen", ""),
        ("IKU-03", "Menurunnya angka putus sekolah",
         "Angka putus sekolah jenjang SD dan SMP (maksimal)", 0.5, "persen", ""),
        ("IKU-04", "Meningkatnya mutu pembelajaran pendidikan dasar",
         "Persentase satuan pendidikan dengan rapor mutu literasi minimal kategori baik", 70, "persen", ""),
        ("IKU-05", "Meningkatnya kualifikasi dan kompetensi pendidik",
         "Persentase guru berkualifikasi S1/D-IV", 97, "persen", ""),
    ),
    "DINKES": (
        ("IKU-01", "Meningkatnya derajat kesehatan anak", "Cakupan imunisasi dasar lengkap", 95, "persen", ""),
        ("IKU-02", "Menurunnya prevalensi stunting", "Prevalensi stunting pada balita (maksimal)", 14, "persen", ""),
        ("IKU-03", "Meningkatnya derajat kesehatan ibu",
         "Persentase persalinan di fasilitas pelayanan kesehatan", 98, "persen", ""),
        ("IKU-04", "Meningkatnya mutu pelayanan kesehatan primer",
         "Persentase puskesmas terakreditasi paripurna", 50, "persen", ""),
        ("IKU-05", "Terkendalinya penyakit menular",
         "Cakupan penemuan dan pengobatan kasus TBC (treatment coverage)", 90, "persen", ""),
    ),
    "DISHUB": (
        ("IKU-01", "Meningkatnya kualitas layanan angkutan umum",
         "Indeks kepuasan masyarakat layanan angkutan umum (skala 100)", 82, "indeks", ""),
        ("IKU-02", "Meningkatnya keselamatan kendaraan bermotor",
         "Persentase kendaraan wajib uji yang diuji KIR tepat waktu", 85, "persen", ""),
        ("IKU-03", "Meningkatnya kelancaran lalu lintas",
         "Persentase simpang rawan kemacetan yang tertangani", 80, "persen", ""),
        ("IKU-04", "Meningkatnya kelengkapan perlengkapan jalan",
         "Persentase ruas jalan kabupaten dengan rambu dan marka memadai", 70, "persen", ""),
    ),
    "DPUPR": (
        ("IKU-01", "Meningkatnya kemantapan jalan kabupaten",
         "Persentase jalan kabupaten dalam kondisi mantap", 75, "persen", ""),
        ("IKU-02", "Meningkatnya layanan jaringan irigasi",
         "Persentase daerah irigasi kewenangan kabupaten dalam kondisi baik", 70, "persen", ""),
        ("IKU-03", "Meningkatnya akses air minum dan sanitasi layak",
         "Persentase rumah tangga dengan akses sanitasi layak", 85, "persen", ""),
        ("IKU-04", "Meningkatnya ketaatan pemanfaatan ruang",
         "Persentase pemanfaatan ruang yang sesuai RTRW", 90, "persen", ""),
    ),
    "BAPPEDA": (
        ("IKU-01", "Meningkatnya kualitas perencanaan pembangunan daerah",
         "Persentase konsistensi program RKPD dengan RPJMD", 95, "persen", ""),
        ("IKU-02", "Meningkatnya kualitas pengendalian dan evaluasi pembangunan",
         "Persentase rekomendasi evaluasi pembangunan yang ditindaklanjuti", 80, "persen", ""),
        ("IKU-03", "Meningkatnya pemanfaatan penelitian dan inovasi daerah",
         "Jumlah inovasi daerah yang diterapkan", 15, "inovasi", ""),
    ),
    "INSPEKTORAT": (
        ("IKU-01", "Meningkatnya kapabilitas pengawasan intern", "Level kapabilitas APIP", 3, "level", ""),
        ("IKU-02", "Meningkatnya kualitas pengawasan intern",
         "Persentase rekomendasi hasil pengawasan yang ditindaklanjuti", 85, "persen", ""),
        ("IKU-03", "Meningkatnya maturitas penyelenggaraan SPIP", "Nilai maturitas SPIP", 3.5, "skor", ""),
    ),
    "KEC": (
        ("IKU-01", "Meningkatnya kualitas pelayanan publik kecamatan",
         "Indeks kepuasan masyarakat layanan kecamatan", 85, "indeks", ""),
        ("IKU-02", "Meningkatnya ketenteraman dan ketertiban umum",
         "Persentase gangguan ketenteraman dan ketertiban yang tertangani", 95, "persen", ""),
        ("IKU-03", "Meningkatnya kualitas penyelenggaraan pemerintahan kelurahan dan desa",
         "Persentase desa/kelurahan yang menyampaikan laporan penyelenggaraan pemerintahan tepat waktu",
         100, "persen", ""),
    ),
}  # fmt: skip

P = Perspektif
SEKDA_RHK = (
    rhk("Meningkatnya akuntabilitas kinerja perangkat daerah Kabupaten Sukamaju",
        pct("Nilai SAKIP Pemerintah Kabupaten Sukamaju", 72.5, "nilai", persp=P.PROSES_BISNIS),
        qty("Jumlah perangkat daerah yang dievaluasi akuntabilitas kinerjanya", 38, "perangkat daerah"),
        tag="akuntabilitas", target="IKU-01"),
    rhk("Meningkatnya kualitas pengelolaan keuangan daerah",
        pct("Persentase rekomendasi hasil pemeriksaan BPK yang ditindaklanjuti", 90, persp=P.ANGGARAN),
        tag="keuangan", target="IKU-02"),
    rhk("Meningkatnya kualitas reformasi birokrasi di lingkungan Pemerintah Kabupaten Sukamaju",
        pct("Indeks Reformasi Birokrasi", 68.5, "indeks", persp=P.PENGUATAN_INTERNAL),
        tag="rb", target="IKU-03"),
    rhk("Meningkatnya kualitas kebijakan dan produk hukum daerah",
        pct("Persentase produk hukum daerah yang ditetapkan tepat waktu", 90, persp=P.PROSES_BISNIS),
        tag="hukum", target="IKU-04"),
    rhk("Meningkatnya efektivitas pengadaan barang/jasa pemerintah daerah",
        pct("Persentase paket tender yang selesai tepat waktu", 95, persp=P.PROSES_BISNIS),
        tag="pengadaan", target="IKU-05"),
)  # fmt: skip


def _support(up: str) -> R:
    """An agency head's RHK that takes up one of the Sekda's."""
    return rhk("Terwujudnya akuntabilitas kinerja dan keuangan {agency}",
               pct("Nilai SAKIP {agency}", 75, "nilai", persp=P.PROSES_BISNIS),
               cost("Persentase realisasi anggaran {agency}", 95),
               qty("Jumlah naskah dinas dan disposisi yang ditandatangani", 2400, "naskah"),
               tag="akuntabilitas", up=up)  # fmt: skip


HEADS: dict[str, tuple[R, ...]] = {
    "BKPSDM": (
        rhk("Meningkatnya profesionalitas ASN Pemerintah Kabupaten Sukamaju",
            pct("Indeks Profesionalitas ASN", 75, "indeks", persp=P.PENERIMA_LAYANAN),
            tag="profesionalitas", target="IKU-01"),
        rhk("Meningkatnya kualitas layanan kepegawaian",
            pct("Persentase layanan kepegawaian yang selesai sesuai standar pelayanan", 95, persp=P.PENERIMA_LAYANAN),
            qty("Jumlah layanan kepegawaian yang diselesaikan", 4200, "layanan"),
            tag="layanan", target="IKU-02"),
        rhk("Meningkatnya kompetensi ASN",
            pct("Persentase ASN yang memenuhi 20 JP pengembangan kompetensi", 80, persp=P.PENGUATAN_INTERNAL),
            tag="kompetensi", target="IKU-03"),
        rhk("Terwujudnya manajemen kinerja ASN yang objektif",
            pct("Persentase ASN dengan SKP disetujui tepat waktu", 95, persp=P.PROSES_BISNIS),
            tag="kinerja", target="IKU-04"),
        rhk("Terwujudnya reformasi birokrasi area manajemen SDM aparatur",
            pct("Nilai komponen manajemen SDM dalam evaluasi reformasi birokrasi", 80, "nilai",
                persp=P.PENGUATAN_INTERNAL),
            cost("Persentase realisasi anggaran BKPSDM", 95),
            tag="akuntabilitas", up="rb"),
    ),
    "DISDIK": (
        rhk("Meningkatnya akses pendidikan dasar yang merata",
            pct("Angka Partisipasi Murni (APM) SD/MI", 98, persp=P.PENERIMA_LAYANAN),
            tag="akses-sd", target="IKU-01"),
        rhk("Meningkatnya partisipasi pendidikan menengah pertama",
            pct("Angka Partisipasi Kasar (APK) SMP/MTs", 95, persp=P.PENERIMA_LAYANAN),
            tag="akses-smp", target="IKU-02"),
        rhk("Menurunnya angka putus sekolah",
            pct("Angka putus sekolah jenjang SD dan SMP (maksimal)", 0.5, lower=True, persp=P.PENERIMA_LAYANAN),
            tag="putus", target="IKU-03"),
        rhk("Meningkatnya mutu pembelajaran pendidikan dasar",
            pct("Persentase satuan pendidikan dengan rapor mutu literasi minimal kategori baik", 70,
                persp=P.PENERIMA_LAYANAN),
            qty("Jumlah satuan pendidikan yang mendapat pendampingan peningkatan mutu", 60, "sekolah"),
            tag="mutu", target="IKU-04"),
        rhk("Meningkatnya kualifikasi dan kompetensi pendidik",
            pct("Persentase guru berkualifikasi S1/D-IV", 97, persp=P.PENGUATAN_INTERNAL),
            tag="guru", target="IKU-05"),
        _support("akuntabilitas"),
    ),
    "DINKES": (
        rhk("Meningkatnya cakupan imunisasi dasar lengkap bagi bayi",
            pct("Cakupan imunisasi dasar lengkap", 95, persp=P.PENERIMA_LAYANAN),
            tag="imunisasi", target="IKU-01"),
        rhk("Menurunnya prevalensi stunting pada balita",
            pct("Prevalensi stunting pada balita (maksimal)", 14, lower=True, persp=P.PENERIMA_LAYANAN),
            tag="stunting", target="IKU-02"),
        rhk("Meningkatnya pelayanan kesehatan ibu hamil dan bersalin",
            pct("Persentase persalinan di fasilitas pelayanan kesehatan", 98, persp=P.PENERIMA_LAYANAN),
            pct("Cakupan pelayanan ibu hamil K4", 95, persp=P.PENERIMA_LAYANAN),
            tag="kia", target="IKU-03"),
        rhk("Meningkatnya mutu pelayanan kesehatan primer",
            pct("Persentase puskesmas terakreditasi paripurna", 50, persp=P.PROSES_BISNIS),
            tag="mutu", target="IKU-04"),
        rhk("Terkendalinya penyakit menular",
            pct("Cakupan penemuan dan pengobatan kasus TBC (treatment coverage)", 90, persp=P.PENERIMA_LAYANAN),
            tag="p2p", target="IKU-05"),
        _support("akuntabilitas"),
    ),
    "DISHUB": (
        rhk("Meningkatnya kualitas layanan angkutan umum",
            pct("Indeks kepuasan masyarakat layanan angkutan umum (skala 100)", 82, "indeks",
                persp=P.PENERIMA_LAYANAN),
            tag="angkutan", target="IKU-01"),
        rhk("Meningkatnya keselamatan kendaraan bermotor melalui pengujian berkala",
            pct("Persentase kendaraan wajib uji yang diuji KIR tepat waktu", 85, persp=P.PENERIMA_LAYANAN),
            qty("Jumlah kendaraan bermotor yang diuji berkala", 7200, "kendaraan"),
            tag="kir", target="IKU-02"),
        rhk("Meningkatnya kelancaran lalu lintas di kawasan perkotaan",
            pct("Persentase simpang rawan kemacetan yang tertangani", 80, persp=P.PENERIMA_LAYANAN),
            tag="lalin", target="IKU-03"),
        rhk("Meningkatnya kelengkapan perlengkapan jalan kabupaten",
            pct("Persentase ruas jalan kabupaten dengan rambu dan marka memadai", 70, persp=P.PROSES_BISNIS),
            tag="perlengkapan", target="IKU-04"),
        _support("akuntabilitas"),
    ),
    "DPUPR": (
        rhk("Meningkatnya kemantapan jalan kabupaten",
            pct("Persentase jalan kabupaten dalam kondisi mantap", 75, persp=P.PENERIMA_LAYANAN),
            qty("Panjang jalan kabupaten yang ditingkatkan", 18.5, "km"),
            tag="jalan", target="IKU-01"),
        rhk("Meningkatnya kondisi jaringan irigasi kewenangan kabupaten",
            pct("Persentase daerah irigasi kewenangan kabupaten dalam kondisi baik", 70, persp=P.PENERIMA_LAYANAN),
            tag="irigasi", target="IKU-02"),
        rhk("Meningkatnya akses air minum dan sanitasi layak",
            pct("Persentase rumah tangga dengan akses sanitasi layak", 85, persp=P.PENERIMA_LAYANAN),
            tag="ciptakarya", target="IKU-03"),
        rhk("Meningkatnya ketaatan pemanfaatan ruang",
            pct("Persentase pemanfaatan ruang yang sesuai RTRW", 90, persp=P.PROSES_BISNIS),
            tag="ruang", target="IKU-04"),
        _support("akuntabilitas"),
    ),
    "BAPPEDA": (
        rhk("Meningkatnya kualitas perencanaan pembangunan daerah",
            pct("Persentase konsistensi program RKPD dengan RPJMD", 95, persp=P.PROSES_BISNIS),
            tag="perencanaan", target="IKU-01"),
        rhk("Meningkatnya kualitas pengendalian dan evaluasi pembangunan",
            pct("Persentase rekomendasi evaluasi pembangunan yang ditindaklanjuti", 80, persp=P.PROSES_BISNIS),
            tag="evaluasi", target="IKU-02"),
        rhk("Meningkatnya pemanfaatan penelitian dan inovasi daerah",
            qty("Jumlah inovasi daerah yang diterapkan", 15, "inovasi"),
            tag="inovasi", target="IKU-03"),
        _support("akuntabilitas"),
    ),
    "INSPEKTORAT": (
        rhk("Meningkatnya kapabilitas aparat pengawasan intern pemerintah",
            pct("Level kapabilitas APIP", 3, "level", persp=P.PENGUATAN_INTERNAL),
            tag="kapabilitas", target="IKU-01"),
        rhk("Meningkatnya kualitas pengawasan intern atas penyelenggaraan pemerintahan daerah",
            pct("Persentase rekomendasi hasil pengawasan yang ditindaklanjuti", 85, persp=P.PROSES_BISNIS),
            qty("Jumlah laporan hasil pengawasan yang diterbitkan", 60, "laporan"),
            tag="pengawasan", target="IKU-02"),
        rhk("Meningkatnya maturitas penyelenggaraan SPIP",
            pct("Nilai maturitas SPIP", 3.5, "skor", persp=P.PROSES_BISNIS),
            tag="spip", target="IKU-03"),
        rhk("Terkawalnya tindak lanjut hasil pemeriksaan BPK atas laporan keuangan daerah",
            pct("Persentase rekomendasi BPK yang selesai ditindaklanjuti", 90, persp=P.ANGGARAN),
            tag="akuntabilitas", up="keuangan"),
    ),
    "KEC": (
        rhk("Meningkatnya kualitas pelayanan publik di Kecamatan {place}",
            pct("Indeks kepuasan masyarakat layanan kecamatan", 85, "indeks"),
            qty("Jumlah layanan administrasi terpadu kecamatan yang diselesaikan", 3600, "layanan"),
            tag="pelayanan", target="IKU-01"),
        rhk("Meningkatnya ketenteraman dan ketertiban umum di Kecamatan {place}",
            pct("Persentase gangguan ketenteraman dan ketertiban yang tertangani", 95),
            tag="trantib", target="IKU-02"),
        rhk("Meningkatnya kualitas penyelenggaraan pemerintahan kelurahan dan desa",
            pct("Persentase desa/kelurahan yang menyampaikan laporan penyelenggaraan pemerintahan tepat waktu", 100),
            tag="pemerintahan", target="IKU-03"),
    ),
}  # fmt: skip

# Leaders below the head, by the unit they lead (exact name, then the patterns in _leader_rhks).
LEADERS: dict[str, tuple[R, ...]] = {
    # -- Sekretariat Daerah
    "Asisten Pemerintahan dan Kesejahteraan Rakyat": (
        rhk("Terkoordinasinya perumusan kebijakan pemerintahan, hukum dan kesejahteraan rakyat",
            pct("Persentase rancangan produk hukum bidang pemerintahan yang ditetapkan tepat waktu", 90,
                persp=P.PROSES_BISNIS),
            qty("Jumlah rekomendasi kebijakan bidang pemerintahan dan kesra", 12, "rekomendasi"),
            tag="hukum", up="hukum"),
        rhk("Meningkatnya kualitas penyelenggaraan pemerintahan kecamatan",
            pct("Nilai evaluasi kinerja penyelenggaraan pemerintahan kecamatan", 80, "nilai",
                persp=P.PENERIMA_LAYANAN),
            tag="pemerintahan", up="akuntabilitas"),
    ),
    "Asisten Perekonomian dan Pembangunan": (
        rhk("Terkoordinasinya kebijakan perekonomian dan pengadaan barang/jasa daerah",
            pct("Persentase paket tender yang selesai tepat waktu", 95, persp=P.PROSES_BISNIS),
            tag="pengadaan", up="pengadaan"),
        rhk("Terkendalinya pelaksanaan kebijakan perekonomian dan BUMD",
            pct("Persentase BUMD dengan kinerja sehat", 75, persp=P.ANGGARAN),
            tag="ekonomi", up="keuangan"),
    ),
    "Asisten Administrasi Umum": (
        rhk("Terkoordinasinya penyelenggaraan administrasi umum dan reformasi birokrasi Setda",
            pct("Nilai evaluasi reformasi birokrasi komponen penataan organisasi dan tata laksana", 78, "nilai",
                persp=P.PENGUATAN_INTERNAL),
            tag="rb", up="rb"),
        rhk("Terselenggaranya layanan administrasi dan komunikasi pimpinan yang tertib",
            pct("Persentase layanan administrasi pimpinan yang selesai tepat waktu", 95, persp=P.PENERIMA_LAYANAN),
            tag="umum", up="akuntabilitas"),
    ),
    "Bagian Tata Pemerintahan": (
        rhk("Terfasilitasinya penyelenggaraan pemerintahan kecamatan dan kelurahan",
            qty("Jumlah dokumen LPPD dan LKPJ yang disusun", 2, "dokumen"),
            qty("Jumlah kecamatan yang dievaluasi kinerja penyelenggaraan pemerintahannya", 2, "kecamatan"),
            days("Waktu penyampaian LPPD setelah akhir tahun anggaran", 90),
            tag="pemerintahan", up="pemerintahan"),
        rhk("Terfasilitasinya penegasan batas wilayah dan kerja sama daerah",
            qty("Jumlah segmen batas desa yang difasilitasi penegasannya", 8, "segmen"),
            tag="batas", up="hukum"),
    ),
    "Bagian Hukum": (
        rhk("Tersusunnya produk hukum daerah yang berkualitas dan tepat waktu",
            qty("Jumlah rancangan produk hukum daerah yang difasilitasi", 60, "rancangan"),
            pct("Persentase produk hukum yang ditetapkan tepat waktu", 90),
            tag="hukum", up="hukum"),
        rhk("Terlaksananya bantuan hukum dan dokumentasi hukum",
            qty("Jumlah perkara yang didampingi", 6, "perkara"),
            tag="bantuan", up="hukum"),
    ),
    "Bagian Kesejahteraan Rakyat": (
        rhk("Terfasilitasinya kegiatan keagamaan dan kesejahteraan sosial",
            qty("Jumlah kegiatan keagamaan dan sosial yang difasilitasi", 36, "kegiatan"),
            qty("Jumlah proposal hibah dan bantuan sosial yang diverifikasi", 150, "proposal"),
            tag="kesra", up="pemerintahan"),
    ),
    "Bagian Perekonomian dan Sumber Daya Alam": (
        rhk("Terfasilitasinya kebijakan perekonomian dan pembinaan BUMD",
            qty("Jumlah laporan pemantauan harga bahan pokok", 48, "laporan"),
            qty("Jumlah laporan evaluasi kinerja BUMD", 3, "laporan"),
            tag="ekonomi", up="ekonomi"),
    ),
    "Bagian Pengadaan Barang dan Jasa": (
        rhk("Terselenggaranya pemilihan penyedia barang/jasa yang tepat waktu dan akuntabel",
            qty("Jumlah paket tender yang diselesaikan", 120, "paket"),
            days("Rata-rata waktu proses tender", 30),
            tag="pengadaan", up="pengadaan"),
    ),
    "Bagian Umum": (
        rhk("Terselenggaranya layanan ketatausahaan dan kerumahtanggaan pimpinan",
            pct("Persentase layanan administrasi pimpinan yang selesai tepat waktu", 95),
            qty("Jumlah aset kantor dan rumah jabatan yang terpelihara", 85, "unit"),
            tag="umum", up="umum"),
    ),
    "Subbagian Tata Usaha Pimpinan": (
        rhk("Terselenggaranya administrasi persuratan dan agenda pimpinan",
            qty("Jumlah surat dinas pimpinan yang diproses", 2400, "surat"),
            days("Waktu penyelesaian naskah dinas pimpinan", 1),
            tag="surat", up="umum"),
    ),
    "Subbagian Rumah Tangga": (
        rhk("Terpeliharanya sarana dan prasarana kantor dan rumah jabatan",
            qty("Jumlah kegiatan pemeliharaan sarana prasarana", 240, "kegiatan"),
            tag="rumahtangga", up="umum"),
    ),
    "Bagian Organisasi": (
        rhk("Tertatanya kelembagaan dan tata laksana perangkat daerah",
            qty("Jumlah dokumen analisis jabatan dan beban kerja yang disusun", 30, "dokumen"),
            qty("Jumlah SOP perangkat daerah yang direviu", 60, "SOP"),
            tag="organisasi", up="rb"),
    ),
    "Bagian Protokol dan Komunikasi Pimpinan": (
        rhk("Terselenggaranya keprotokolan dan publikasi kegiatan pimpinan",
            qty("Jumlah acara pimpinan yang difasilitasi", 300, "acara"),
            qty("Jumlah publikasi kegiatan pimpinan", 360, "berita"),
            tag="protokol", up="umum"),
    ),
    # -- BKPSDM
    "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian": (
        rhk("Terlaksananya pengadaan, pemberhentian ASN dan pemutakhiran data kepegawaian",
            qty("Jumlah usulan pensiun yang diproses", 85, "usulan"),
            pct("Persentase data ASN pada SIASN yang mutakhir", 98),
            tag="data", up="layanan"),
    ),
    "Bidang Mutasi dan Promosi": (
        rhk("Terlaksananya layanan mutasi dan kenaikan pangkat yang tepat waktu",
            qty("Jumlah usulan kenaikan pangkat yang diproses", 320, "usulan"),
            days("Rata-rata waktu penyelesaian usulan mutasi", 10),
            tag="mutasi", up="layanan"),
        rhk("Terlaksananya seleksi dan promosi jabatan berbasis sistem merit",
            qty("Jumlah jabatan yang diisi melalui seleksi terbuka atau uji kompetensi", 12, "jabatan"),
            tag="promosi", up="profesionalitas"),
    ),
    "Bidang Pengembangan Kompetensi Aparatur": (
        rhk("Meningkatnya kompetensi ASN Pemerintah Kabupaten Sukamaju",
            qty("Jumlah ASN yang mengikuti pengembangan kompetensi", 1200, "orang"),
            pct("Persentase ASN yang memenuhi 20 JP", 80),
            tag="kompetensi", up="kompetensi"),
    ),
    "Bidang Penilaian Kinerja Aparatur dan Penghargaan": (
        rhk("Terselenggaranya manajemen kinerja ASN yang objektif dan tepat waktu",
            pct("Persentase ASN dengan SKP disetujui tepat waktu", 95),
            qty("Jumlah perangkat daerah yang dibina pengelolaan kinerjanya", 38, "perangkat daerah"),
            tag="kinerja", up="kinerja"),
        rhk("Terlaksananya pemberian penghargaan bagi ASN berprestasi",
            qty("Jumlah usulan tanda kehormatan Satyalancana Karya Satya yang diproses", 150, "usulan"),
            tag="penghargaan", up="profesionalitas"),
    ),
    # -- Dinas Pendidikan
    "Bidang Pembinaan Sekolah Dasar": (
        rhk("Meningkatnya partisipasi pendidikan sekolah dasar",
            pct("Angka Partisipasi Murni (APM) SD", 98),
            qty("Jumlah anak tidak sekolah usia SD yang kembali bersekolah", 120, "anak"),
            tag="akses-sd", up="akses-sd"),
        rhk("Meningkatnya mutu pembelajaran sekolah dasar",
            pct("Persentase SD dengan rapor mutu literasi minimal kategori baik", 70),
            qty("Jumlah SD yang mendapat pendampingan implementasi Kurikulum Merdeka", 42, "sekolah"),
            tag="mutu", up="mutu"),
        rhk("Tersedianya data pokok pendidikan sekolah dasar yang valid dan mutakhir",
            pct("Persentase SD dengan data Dapodik valid", 98),
            days("Waktu penyelesaian verifikasi data Dapodik setiap semester", 14),
            tag="data", up="akses-sd"),
    ),
    "Seksi Kurikulum dan Penilaian SD": (
        rhk("Terlaksananya pendampingan kurikulum dan asesmen pembelajaran di sekolah dasar",
            qty("Jumlah SD yang didampingi implementasi kurikulum", 42, "sekolah"),
            qty("Jumlah dokumen kurikulum satuan pendidikan yang direviu", 180, "dokumen"),
            pct("Persentase SD yang melaksanakan asesmen sumatif sesuai pedoman", 90),
            tag="kurikulum", up="mutu"),
        rhk("Tersedianya analisis rapor pendidikan sekolah dasar",
            qty("Jumlah laporan analisis rapor pendidikan yang disusun", 4, "laporan"),
            tag="rapor", up="mutu"),
    ),
    "Seksi Kelembagaan dan Sarana Prasarana SD": (
        rhk("Terpenuhinya sarana dan prasarana SD sesuai standar nasional",
            qty("Jumlah ruang kelas SD yang direhabilitasi", 36, "ruang kelas"),
            pct("Persentase SD dengan ruang kelas kondisi baik", 85),
            tag="sarpras", up="akses-sd"),
        rhk("Tertatanya kelembagaan satuan pendidikan dasar",
            qty("Jumlah SD yang data kelembagaan dan izin operasionalnya diverifikasi", 24, "sekolah"),
            tag="kelembagaan", up="data"),
    ),
    "Bidang Pembinaan Sekolah Menengah Pertama": (
        rhk("Meningkatnya partisipasi pendidikan SMP",
            pct("Angka Partisipasi Kasar (APK) SMP", 95),
            qty("Jumlah lulusan SD yang difasilitasi melanjutkan ke SMP", 150, "anak"),
            tag="akses-smp", up="akses-smp"),
        rhk("Menurunnya angka putus sekolah jenjang SMP",
            pct("Angka putus sekolah SMP (maksimal)", 0.5, lower=True),
            tag="putus", up="putus"),
        rhk("Meningkatnya mutu pembelajaran SMP",
            pct("Persentase SMP dengan rapor mutu numerasi minimal kategori baik", 65),
            tag="mutu", up="mutu"),
    ),
    "Seksi Kurikulum dan Penilaian SMP": (
        rhk("Terlaksananya pendampingan kurikulum dan asesmen di SMP",
            qty("Jumlah SMP yang didampingi implementasi kurikulum", 18, "sekolah"),
            qty("Jumlah MGMP yang difasilitasi", 24, "kegiatan"),
            qty("Jumlah dokumen kurikulum satuan pendidikan yang direviu", 120, "dokumen"),
            tag="mutu", up="mutu"),
    ),
    "Seksi Peserta Didik dan Pembangunan Karakter SMP": (
        rhk("Menurunnya peserta didik SMP yang putus sekolah",
            qty("Jumlah peserta didik rawan putus sekolah yang didampingi", 80, "siswa"),
            pct("Angka putus sekolah SMP (maksimal)", 0.5, lower=True),
            tag="putus", up="putus"),
        rhk("Tersalurkannya Program Indonesia Pintar tepat sasaran",
            qty("Jumlah usulan penerima PIP jenjang SMP yang diverifikasi", 1200, "siswa"),
            tag="pip", up="akses-smp"),
    ),
    "Bidang Pendidik dan Tenaga Kependidikan": (
        rhk("Meningkatnya kualifikasi dan kompetensi pendidik",
            pct("Persentase guru berkualifikasi S1/D-IV", 97),
            qty("Jumlah guru yang difasilitasi Pendidikan Profesi Guru", 60, "guru"),
            tag="guru", up="guru"),
        rhk("Terpetakannya kebutuhan guru per satuan pendidikan",
            qty("Jumlah satuan pendidikan yang dipetakan kebutuhan gurunya", 60, "sekolah"),
            tag="pemetaan", up="guru", kind=RhkKind.TAMBAHAN, lonely=True),
    ),
    "Seksi Pendidik dan Tenaga Kependidikan SD": (
        rhk("Terlaksananya layanan karier pendidik jenjang SD",
            qty("Jumlah usulan kenaikan pangkat dan jabatan guru SD yang diverifikasi", 180, "usulan"),
            days("Rata-rata waktu verifikasi usulan", 5),
            tag="guru", up="guru"),
    ),
    "Seksi Pendidik dan Tenaga Kependidikan SMP": (
        rhk("Terlaksananya layanan tunjangan dan karier pendidik jenjang SMP",
            qty("Jumlah usulan tunjangan profesi guru SMP yang diverifikasi", 150, "usulan"),
            tag="guru", up="guru"),
    ),
    # -- Dinas Kesehatan
    "Bidang Kesehatan Masyarakat": (
        rhk("Meningkatnya kesehatan keluarga dan status gizi masyarakat",
            pct("Prevalensi stunting pada balita (maksimal)", 14, lower=True),
            pct("Cakupan pelayanan ibu hamil K4", 95),
            tag="gizi", up="stunting"),
        rhk("Meningkatnya perilaku hidup bersih dan sehat",
            pct("Persentase rumah tangga ber-PHBS", 70),
            tag="promkes", up="kia"),
    ),
    "Seksi Kesehatan Keluarga dan Gizi": (
        rhk("Terlaksananya intervensi gizi spesifik bagi balita dan ibu hamil",
            qty("Jumlah balita stunting yang mendapat intervensi gizi", 350, "balita"),
            qty("Jumlah ibu hamil KEK yang mendapat makanan tambahan", 120, "ibu hamil"),
            tag="gizi", up="gizi"),
    ),
    "Seksi Promosi dan Pemberdayaan Masyarakat": (
        rhk("Terlaksananya promosi kesehatan dan pemberdayaan masyarakat",
            qty("Jumlah posyandu aktif yang dibina", 120, "posyandu"),
            qty_range("Jumlah kampanye kesehatan melalui media", 40, 50, "kampanye"),
            tag="promkes", up="promkes"),
    ),
    "Seksi Surveilans dan Imunisasi": (
        rhk("Meningkatnya cakupan imunisasi dan kewaspadaan dini penyakit",
            pct("Cakupan imunisasi dasar lengkap", 95),
            qty("Jumlah laporan SKDR mingguan yang dianalisis", 52, "laporan"),
            qty("Jumlah laporan imunisasi rutin puskesmas yang diverifikasi", 240, "laporan"),
            tag="imunisasi", up="imunisasi"),
        rhk("Terkendalinya penyakit menular di Kabupaten Sukamaju (Plt. Kepala Bidang P2P)",
            pct("Cakupan penemuan dan pengobatan kasus TBC", 90),
            qty("Jumlah rapat koordinasi pengendalian penyakit yang dipimpin", 12, "rapat"),
            tag="p2p", up="p2p"),
    ),
    "Seksi Pencegahan dan Pengendalian Penyakit Menular": (
        rhk("Terlaksananya pencegahan dan pengendalian penyakit menular",
            qty("Jumlah kasus TBC yang ditemukan dan diobati", 420, "kasus"),
            pct("Persentase kasus DBD yang ditangani kurang dari 24 jam", 95),
            tag="p2p", up="p2p"),
    ),
    "Bidang Pelayanan dan Sumber Daya Kesehatan": (
        rhk("Meningkatnya mutu pelayanan kesehatan primer dan rujukan",
            pct("Persentase puskesmas terakreditasi paripurna", 50),
            pct("Persentase ketersediaan obat esensial di puskesmas", 95),
            tag="mutu", up="mutu"),
    ),
    "Seksi Pelayanan Kesehatan Primer dan Rujukan": (
        rhk("Terbinanya mutu pelayanan fasilitas kesehatan tingkat pertama",
            qty("Jumlah fasyankes yang dibina mutu pelayanannya", 24, "fasyankes"),
            qty("Jumlah laporan layanan fasyankes yang diverifikasi", 480, "laporan"),
            tag="mutu", up="mutu"),
    ),
    "Seksi Kefarmasian dan Alat Kesehatan": (
        rhk("Terjaminnya ketersediaan obat dan alat kesehatan di puskesmas",
            pct("Persentase ketersediaan obat esensial", 95),
            qty("Jumlah laporan pemakaian dan lembar permintaan obat yang diverifikasi", 24, "laporan"),
            qty("Jumlah item obat yang diverifikasi stok dan masa kedaluwarsanya", 1800, "item"),
            tag="farmasi", up="mutu"),
    ),
    # -- Dinas Perhubungan
    "Bidang Lalu Lintas dan Angkutan": (
        rhk("Meningkatnya kualitas layanan angkutan umum",
            pct("Indeks kepuasan masyarakat layanan angkutan umum (skala 100)", 82, "indeks"),
            tag="angkutan", up="angkutan"),
        rhk("Meningkatnya kelancaran lalu lintas di simpang rawan kemacetan",
            pct("Persentase simpang rawan kemacetan yang tertangani", 80),
            tag="lalin", up="lalin"),
    ),
    "Seksi Angkutan": (
        rhk("Terselenggaranya pembinaan dan pengawasan angkutan umum",
            qty("Jumlah kartu pengawasan trayek yang diterbitkan", 240, "kartu"),
            pct("Persentase armada angkutan umum yang laik operasi", 90),
            tag="angkutan", up="angkutan"),
    ),
    "Seksi Manajemen dan Rekayasa Lalu Lintas": (
        rhk("Terlaksananya manajemen dan rekayasa lalu lintas di simpang rawan",
            qty("Jumlah simpang rawan kemacetan yang ditangani", 12, "simpang"),
            qty_range("Jumlah kegiatan pengaturan lalu lintas jam sibuk", 380, 420, "kegiatan"),
            tag="lalin", up="lalin"),
    ),
    "Bidang Prasarana dan Keselamatan Transportasi": (
        rhk("Meningkatnya kelengkapan rambu, marka dan penerangan jalan",
            pct("Persentase ruas jalan kabupaten dengan rambu dan marka memadai", 70),
            qty("Jumlah rambu lalu lintas yang dipasang", 250, "unit"),
            tag="perlengkapan", up="perlengkapan"),
    ),
    "Seksi Perlengkapan Jalan": (
        rhk("Terpasang dan terpeliharanya perlengkapan jalan",
            qty("Jumlah rambu dan marka yang dipasang atau dipelihara", 180, "unit"),
            qty("Jumlah lampu penerangan jalan umum yang diperbaiki", 300, "titik"),
            tag="perlengkapan", up="perlengkapan"),
    ),
    "UPT Pengujian Kendaraan Bermotor": (
        rhk("Terselenggaranya pengujian kendaraan bermotor yang tepat waktu dan akuntabel",
            qty("Jumlah kendaraan bermotor yang diuji berkala", 7200, "kendaraan"),
            days("Waktu rata-rata pelayanan uji KIR", 60, "menit"),
            tag="kir", up="kir"),
    ),
    # -- Dinas PUPR
    "Bidang Bina Marga": (
        rhk("Meningkatnya kemantapan jalan dan jembatan kabupaten",
            pct("Persentase jalan kabupaten dalam kondisi mantap", 75),
            qty("Panjang jalan kabupaten yang ditingkatkan", 18.5, "km"),
            tag="jalan", up="jalan"),
    ),
    "Seksi Pembangunan Jalan dan Jembatan": (
        rhk("Terlaksananya pembangunan dan peningkatan jalan dan jembatan",
            qty("Jumlah paket pekerjaan jalan dan jembatan yang diawasi", 14, "paket"),
            pct("Persentase paket pekerjaan selesai tepat waktu", 90),
            tag="jalan", up="jalan"),
    ),
    "Seksi Pemeliharaan Jalan dan Jembatan": (
        rhk("Terpeliharanya jalan dan jembatan kabupaten",
            qty("Panjang jalan kabupaten yang dipelihara rutin", 120, "km"),
            tag="pemeliharaan", up="jalan"),
    ),
    "Bidang Sumber Daya Air": (
        rhk("Meningkatnya kondisi jaringan irigasi kewenangan kabupaten",
            pct("Persentase daerah irigasi dalam kondisi baik", 70),
            qty("Panjang saluran irigasi yang direhabilitasi", 6.5, "km"),
            tag="irigasi", up="irigasi"),
    ),
    "Bidang Cipta Karya": (
        rhk("Meningkatnya akses air minum dan sanitasi layak",
            qty("Jumlah sambungan rumah SPAM yang terbangun", 750, "sambungan rumah"),
            qty("Jumlah unit sanitasi komunal yang dibangun", 24, "unit"),
            tag="ciptakarya", up="ciptakarya"),
    ),
    "Bidang Penataan Ruang": (
        rhk("Meningkatnya ketaatan pemanfaatan ruang",
            qty("Jumlah rekomendasi KKPR yang diterbitkan", 180, "rekomendasi"),
            days("Rata-rata waktu penerbitan rekomendasi KKPR", 5),
            tag="ruang", up="ruang"),
    ),
    # -- Bappeda
    "Bidang Perencanaan Pemerintahan dan Pembangunan Manusia": (
        rhk("Tersusunnya perencanaan pembangunan bidang pemerintahan dan pembangunan manusia",
            qty("Jumlah dokumen perencanaan bidang pemerintahan dan pembangunan manusia yang disusun", 6, "dokumen"),
            pct("Persentase program bidang yang konsisten dengan RPJMD", 95),
            tag="perencanaan", up="perencanaan"),
    ),
    "Bidang Perencanaan Perekonomian dan Sumber Daya Alam": (
        rhk("Tersusunnya perencanaan pembangunan bidang perekonomian dan sumber daya alam",
            qty("Jumlah dokumen perencanaan bidang perekonomian yang disusun", 6, "dokumen"),
            pct("Persentase program bidang yang konsisten dengan RPJMD", 95),
            tag="perencanaan", up="perencanaan"),
    ),
    "Bidang Perencanaan Infrastruktur dan Kewilayahan": (
        rhk("Tersusunnya perencanaan pembangunan bidang infrastruktur dan kewilayahan",
            qty("Jumlah dokumen perencanaan bidang infrastruktur yang disusun", 6, "dokumen"),
            pct("Persentase program bidang yang konsisten dengan RPJMD", 95),
            tag="perencanaan", up="perencanaan"),
    ),
    "Bidang Penelitian, Pengembangan, Pengendalian dan Evaluasi": (
        rhk("Terlaksananya pengendalian, evaluasi dan inovasi pembangunan daerah",
            qty("Jumlah laporan evaluasi pembangunan daerah", 4, "laporan"),
            qty("Jumlah inovasi daerah yang difasilitasi", 15, "inovasi"),
            tag="evaluasi", up="evaluasi"),
    ),
}  # fmt: skip


def _school(unit: str) -> tuple[R, ...]:
    up = "akses-smp" if unit.startswith("SMP") else "akses-sd"
    return (
        rhk("Meningkatnya mutu pembelajaran di {unit}",
            pct("Persentase peserta didik tuntas KKM", 85),
            qty("Jumlah supervisi akademik guru yang dilaksanakan", 16, "kali"),
            qty("Jumlah jam pelajaran tatap muka yang dilaksanakan", 216, "JP"),
            tag="pembelajaran", up="mutu"),
        rhk("Terkelolanya administrasi dan dana BOSP {unit} secara akuntabel",
            cost("Persentase realisasi dana BOSP", 98),
            days("Waktu penyampaian laporan penggunaan dana BOSP setelah akhir tahap", 10),
            qty("Jumlah dokumen administrasi sekolah yang diperiksa dan ditandatangani", 480, "dokumen"),
            tag="administrasi", up=up),
    )  # fmt: skip


PUSKESMAS = (
    rhk("Meningkatnya cakupan pelayanan kesehatan ibu dan anak di wilayah {unit}",
        pct("Cakupan imunisasi dasar lengkap wilayah puskesmas", 95),
        pct("Persentase persalinan di fasilitas pelayanan kesehatan", 98),
        tag="kia", up="imunisasi"),
    rhk("Meningkatnya mutu pelayanan {unit}",
        pct("Indeks kepuasan masyarakat terhadap layanan puskesmas", 85, "indeks"),
        qty("Jumlah kunjungan pasien rawat jalan yang dilayani", 24000, "kunjungan"),
        tag="mutu", up="mutu"),
)  # fmt: skip

IRBAN = (
    rhk("Terlaksananya pengawasan perangkat daerah wilayah {wilayah}",
        qty("Jumlah laporan hasil audit dan reviu yang diterbitkan", 18, "laporan"),
        pct("Persentase rekomendasi yang ditindaklanjuti", 85),
        tag="pengawasan", up="pengawasan"),
    rhk("Terlaksananya penilaian maturitas SPIP perangkat daerah wilayah {wilayah}",
        qty("Jumlah perangkat daerah yang dinilai maturitas SPIP-nya", 8, "perangkat daerah"),
        tag="spip", up="spip"),
)  # fmt: skip

SEKRETARIS = (
    rhk("Terselenggaranya layanan kesekretariatan dan akuntabilitas kinerja {agency}",
        pct("Nilai SAKIP {agency}", 75, "nilai"),
        cost("Persentase realisasi anggaran {agency}", 95),
        qty("Jumlah naskah dinas yang diperiksa dan diparaf", 1500, "naskah"),
        tag="umum", up="akuntabilitas"),
    rhk("Tersedianya dokumen perencanaan dan laporan kinerja {agency} tepat waktu",
        qty("Jumlah dokumen perencanaan dan laporan kinerja yang disusun", 8, "dokumen"),
        days("Waktu penyampaian laporan kinerja triwulanan setelah akhir triwulan", 10),
        tag="keuangan", up="akuntabilitas"),
)  # fmt: skip

SUBBAG_UMUM = (
    rhk("Terselenggaranya layanan umum dan kepegawaian {agency}",
        qty("Jumlah layanan administrasi kepegawaian yang diproses", 240, "layanan"),
        pct("Persentase layanan kepegawaian yang selesai tepat waktu", 95),
        tag="umum", up="umum"),
)  # fmt: skip

SUBBAG_KEUANGAN = (
    rhk("Tersusunnya dokumen perencanaan dan laporan keuangan {agency} tepat waktu",
        qty("Jumlah dokumen perencanaan dan laporan keuangan yang disusun", 14, "dokumen"),
        qty("Jumlah dokumen SPP dan SPM yang diverifikasi", 600, "dokumen"),
        cost("Persentase realisasi anggaran", 95),
        tag="keuangan", up="keuangan"),
)  # fmt: skip

KECAMATAN_SEKSI: dict[str, tuple[R, ...]] = {
    "Sekretariat Kecamatan": (
        rhk("Terselenggaranya layanan kesekretariatan Kecamatan {place}",
            cost("Persentase realisasi anggaran kecamatan", 95),
            qty("Jumlah dokumen perencanaan dan laporan kecamatan yang disusun", 10, "dokumen"),
            tag="umum", up="pelayanan"),
    ),
    "Seksi Pemerintahan": (
        rhk("Terbinanya administrasi pemerintahan desa dan kelurahan",
            qty("Jumlah laporan penyelenggaraan pemerintahan desa/kelurahan yang dievaluasi", 24, "laporan"),
            tag="pemerintahan", up="pemerintahan"),
    ),
    "Seksi Ketenteraman dan Ketertiban Umum": (
        rhk("Terjaganya ketenteraman dan ketertiban umum di wilayah kecamatan",
            qty("Jumlah patroli ketenteraman dan ketertiban", 150, "kegiatan"),
            pct("Persentase pelanggaran perda yang ditindaklanjuti", 90),
            tag="trantib", up="trantib"),
    ),
    "Seksi Pemberdayaan Masyarakat dan Desa": (
        rhk("Terfasilitasinya pemberdayaan masyarakat dan pembangunan desa/kelurahan",
            qty("Jumlah musyawarah perencanaan pembangunan yang difasilitasi", 12, "kegiatan"),
            qty("Jumlah kegiatan pembangunan kelurahan yang dimonitor", 24, "kegiatan"),
            tag="pmd", up="pemerintahan"),
    ),
    "Seksi Kesejahteraan Sosial": (
        rhk("Tervalidasinya data penerima bantuan sosial di wilayah kecamatan",
            qty("Jumlah data keluarga penerima bantuan sosial yang diverifikasi", 1200, "KK"),
            tag="kesos", up="pelayanan"),
    ),
    "Seksi Pelayanan Umum": (
        rhk("Terselenggaranya pelayanan administrasi terpadu kecamatan yang cepat",
            qty("Jumlah layanan administrasi yang diselesaikan", 2400, "layanan"),
            days("Rata-rata waktu penyelesaian layanan", 1),
            tag="pelayanan", up="pelayanan"),
    ),
}  # fmt: skip

LURAH = (
    rhk("Terselenggaranya pelayanan dan pemerintahan {unit}",
        qty("Jumlah surat pengantar dan keterangan yang diterbitkan", 1500, "surat"),
        qty("Jumlah kegiatan pemberdayaan masyarakat kelurahan", 24, "kegiatan"),
        tag="pelayanan", up="pemerintahan"),
)  # fmt: skip


def _leader_rhks(unit: str, agency: str) -> tuple[R, ...]:
    if unit in LEADERS:
        return LEADERS[unit]
    if agency.startswith("KEC-"):
        if unit in KECAMATAN_SEKSI:
            return KECAMATAN_SEKSI[unit]
        if unit.startswith("Kelurahan"):
            return LURAH
    if unit.startswith(("SD Negeri", "SMP Negeri")):
        return _school(unit)
    if unit.startswith("UPTD Puskesmas"):
        return PUSKESMAS
    if unit.startswith("Inspektur Pembantu"):
        return IRBAN
    if unit == "Sekretariat":
        return SEKRETARIS
    if unit == "Subbagian Umum dan Kepegawaian":
        return SUBBAG_UMUM
    if unit == "Subbagian Perencanaan dan Keuangan":
        return SUBBAG_KEUANGAN
    raise KeyError(f"no demo RHK for the head of {unit} ({agency})")


# Staff, first match on (position contains, unit contains, agency code or "").
GURU_SD = (
    rhk("Terlaksananya pembelajaran yang berpusat pada peserta didik di {unit}",
        qty("Jumlah jam pelajaran tatap muka yang dilaksanakan", 864, "JP"),
        pct("Persentase peserta didik tuntas KKM", 85),
        qty("Jumlah modul ajar yang disusun", 12, "modul"),
        up="pembelajaran"),
    rhk("Terlaksananya penilaian hasil belajar peserta didik",
        qty("Jumlah asesmen sumatif yang dilaksanakan dan diolah nilainya", 24, "asesmen"),
        days("Waktu pengolahan nilai akhir semester", 7),
        up="pembelajaran"),
)  # fmt: skip
GURU_SMP = (
    rhk("Terlaksananya pembelajaran mata pelajaran yang bermutu di {unit}",
        qty("Jumlah jam pelajaran tatap muka yang dilaksanakan", 864, "JP"),
        pct("Persentase peserta didik tuntas KKM", 80),
        qty("Jumlah modul ajar yang disusun", 12, "modul"),
        up="pembelajaran"),
    rhk("Terlaksananya penilaian dan bimbingan peserta didik",
        qty("Jumlah asesmen sumatif yang dilaksanakan dan diolah nilainya", 30, "asesmen"),
        days("Waktu pengolahan nilai akhir semester", 7),
        up="pembelajaran"),
)  # fmt: skip
GURU_MUDA_EXTRA = rhk(
    "Terlaksananya pengimbasan praktik baik pembelajaran kepada guru sejawat",
    qty("Jumlah kegiatan KKG/MGMP yang difasilitasi", 10, "kegiatan"),
    up="pembelajaran", kind=RhkKind.TAMBAHAN,
)  # fmt: skip
PERAWAT_TERAMPIL = (
    rhk("Terlaksananya pelayanan imunisasi dan keperawatan dasar di {unit}",
        qty("Jumlah balita yang diimunisasi", 480, "balita"),
        qty("Jumlah pasien yang mendapat tindakan keperawatan", 1500, "pasien"),
        up="kia"),
    rhk("Terlaksananya asuhan keperawatan yang aman dan bermutu",
        pct("Persentase dokumentasi asuhan keperawatan yang lengkap", 95),
        up="mutu"),
)  # fmt: skip

STAFF: tuple[tuple[str, str, str, tuple[R, ...]], ...] = (
    ("Guru Ahli Muda", "SD Negeri", "", (*GURU_SD, GURU_MUDA_EXTRA)),
    ("Guru Ahli Muda", "SMP Negeri", "", (*GURU_SMP, GURU_MUDA_EXTRA)),
    ("Guru", "SD Negeri", "", GURU_SD),
    ("Guru", "SMP Negeri", "", GURU_SMP),
    (ADM := "Pengadministrasi Perkantoran", "Bidang Pembinaan Sekolah Dasar", "", (
        rhk("Tersedianya data pokok pendidikan sekolah dasar yang mutakhir",
            qty("Jumlah sekolah yang data Dapodiknya diverifikasi", 84, "sekolah"),
            pct("Persentase data sekolah yang valid tanpa perbaikan ulang", 90),
            up="data"),
        rhk("Terkelolanya administrasi persuratan Bidang Pembinaan Sekolah Dasar",
            qty("Jumlah surat masuk dan keluar yang diagendakan", 900, "surat"),
            days("Rata-rata waktu distribusi disposisi", 1),
            up="data"),
    )),
    (ADM, "SD Negeri", "", (
        rhk("Tersedianya data peserta didik dan administrasi {unit} yang tertib",
            qty("Jumlah data peserta didik yang dimutakhirkan di Dapodik", 420, "siswa"),
            qty("Jumlah surat dan arsip sekolah yang diproses", 600, "surat"),
            up="administrasi"),
    )),
    (ADM, "SMP Negeri", "", (
        rhk("Tersedianya data peserta didik dan administrasi {unit} yang tertib",
            qty("Jumlah data peserta didik yang dimutakhirkan di Dapodik", 720, "siswa"),
            qty("Jumlah surat dan arsip sekolah yang diproses", 700, "surat"),
            up="administrasi"),
    )),
    (ADM, "Puskesmas", "", (
        rhk("Terkelolanya pendaftaran pasien dan rekam medis {unit}",
            qty("Jumlah pasien yang didaftarkan dan rekam medisnya dikelola", 6000, "pasien"),
            qty("Jumlah berkas klaim BPJS Kesehatan yang disusun", 12, "berkas"),
            up="mutu"),
    )),
    (ADM, "UPT Pengujian", "", (
        rhk("Terselenggaranya administrasi pengujian kendaraan bermotor",
            qty("Jumlah kartu uji dan tanda lulus uji yang diterbitkan", 7000, "kartu"),
            up="kir"),
    )),
    (ADM, "Bagian Hukum", "", (
        rhk("Terkelolanya dokumentasi dan arsip produk hukum daerah",
            qty("Jumlah produk hukum yang didokumentasikan di JDIH", 180, "dokumen"),
            up="hukum"),
    )),
    (ADM, "Kelurahan", "", (
        rhk("Terselenggaranya administrasi pelayanan {unit}",
            qty("Jumlah surat pengantar yang diregistrasi", 1500, "surat"),
            up="pelayanan"),
    )),
    (ADM, "Pengembangan Kompetensi", "", (
        rhk("Terkelolanya administrasi pengembangan kompetensi ASN",
            qty("Jumlah sertifikat pelatihan yang diverifikasi dan dicatat", 1200, "sertifikat"),
            up="kompetensi"),
    )),
    (ADM, "", "", (
        rhk("Terkelolanya administrasi persuratan dan kearsipan {unit}",
            qty("Jumlah surat masuk dan keluar yang diagendakan", 1100, "surat"),
            qty("Jumlah berkas yang diarsipkan", 480, "berkas"),
            up="umum"),
    )),
    ("Pengadministrasi Keuangan", "", "", (
        rhk("Tertibnya penatausahaan keuangan {agency}",
            qty("Jumlah dokumen SPJ yang diverifikasi", 480, "dokumen"),
            days("Waktu penyusunan laporan keuangan bulanan setelah akhir bulan", 5),
            up="keuangan"),
    )),
    ("Pengelola Layanan Kepegawaian", "", "", (
        rhk("Terlaksananya layanan administrasi kepegawaian",
            qty("Jumlah usulan layanan kepegawaian yang diproses", 240, "usulan"),
            days("Rata-rata waktu pemrosesan usulan", 3),
            up="guru"),
    )),
    ("Pengolah Data dan Informasi", "Kurikulum", "", (
        rhk("Tersedianya data hasil asesmen dan rapor pendidikan yang akurat",
            qty("Jumlah data hasil asesmen sekolah yang diolah", 180, "data"),
            up="kurikulum"),
    )),
    ("Pengolah Data dan Informasi", "Pengadaan, Pemberhentian", "", (
        rhk("Termutakhirkannya data ASN pada SIASN",
            qty("Jumlah data ASN yang dimutakhirkan di SIASN", 1800, "data"),
            up="data"),
    )),
    ("Pengolah Data dan Informasi", "", "", (
        rhk("Tersedianya data statistik sektoral untuk perencanaan dan evaluasi",
            qty("Jumlah set data statistik sektoral yang diolah", 120, "set data"),
            up="evaluasi"),
    )),
    ("Penelaah Teknis Kebijakan", "", "DISDIK", (
        rhk("Tersusunnya telaahan teknis kebijakan {unit}",
            qty("Jumlah telaahan teknis yang disusun", 24, "telaahan"),
            qty("Jumlah surat dan dokumen masuk yang ditelaah", 480, "dokumen"),
            qty("Jumlah sekolah yang dipantau pelaksanaan program", 40, "sekolah"),
            up="putus"),
    )),
    ("Penelaah Teknis Kebijakan", "", "", (
        rhk("Tersusunnya bahan telaahan teknis kebijakan {unit}",
            qty("Jumlah telaahan teknis yang disusun", 24, "telaahan"),
            qty("Jumlah surat dan dokumen masuk yang ditelaah", 480, "dokumen"),
            days("Waktu penyelesaian telaahan", 3),
            up=""),
    )),
    ("Penata Layanan Operasional", "Sarana Prasarana", "", (
        rhk("Terverifikasinya usulan rehabilitasi sarana prasarana SD",
            qty("Jumlah usulan rehabilitasi ruang kelas yang diverifikasi di lapangan", 60, "usulan"),
            qty("Jumlah laporan kemajuan fisik rehabilitasi yang disusun", 36, "laporan"),
            qty("Jumlah data sarana prasarana sekolah yang dimutakhirkan", 600, "data"),
            up="sarpras"),
    )),
    ("Penata Layanan Operasional", "Seksi Angkutan", "", (
        rhk("Terlaksananya pemeriksaan kelaikan operasional angkutan umum",
            qty("Jumlah armada angkutan umum yang diperiksa kelaikan operasionalnya", 600, "kendaraan"),
            qty("Jumlah responden survei kepuasan penumpang yang dihimpun", 400, "responden"),
            up="angkutan"),
    )),
    ("Penata Layanan Operasional", "Kesejahteraan Rakyat", "", (
        rhk("Terverifikasinya usulan hibah dan bantuan sosial keagamaan",
            qty("Jumlah proposal hibah dan bansos yang diverifikasi", 75, "proposal"),
            up="kesra"),
    )),
    ("Penata Layanan Operasional", "", "", (
        rhk("Terselenggaranya pelayanan administrasi terpadu kecamatan",
            qty("Jumlah layanan administrasi yang diselesaikan", 2000, "layanan"),
            up="pelayanan"),
    )),
    ("Operator Layanan Operasional", "Lalu Lintas", "", (
        rhk("Terlaksananya pengaturan lalu lintas di simpang rawan kemacetan",
            qty_range("Jumlah kegiatan pengaturan lalu lintas jam sibuk", 380, 420, "kegiatan"),
            up="lalin"),
    )),
    ("Operator Layanan Operasional", "Ketertiban", "", (
        rhk("Terlaksananya patroli ketenteraman dan ketertiban umum",
            qty("Jumlah patroli ketenteraman dan ketertiban", 150, "kegiatan"),
            up="trantib"),
    )),
    ("Operator Layanan Operasional", "", "", (
        rhk("Terselenggaranya layanan operasional kantor pimpinan",
            qty("Jumlah agenda pimpinan yang difasilitasi", 360, "agenda"),
            up="surat"),
    )),
    ("Pengelola Layanan Operasional", "Perlengkapan Jalan", "", (
        rhk("Terpasang dan terpeliharanya rambu dan penerangan jalan",
            qty("Jumlah rambu dan marka yang dipasang atau dipelihara", 90, "unit"),
            qty("Jumlah lampu penerangan jalan umum yang diperbaiki", 150, "titik"),
            up="perlengkapan"),
    )),
    ("Pengelola Layanan Operasional", "Sumber Daya Air", "", (
        rhk("Terpantaunya operasi dan pemeliharaan jaringan irigasi",
            qty("Jumlah laporan operasi pintu air yang disusun", 96, "laporan"),
            up="irigasi"),
    )),
    ("Pengelola Layanan Operasional", "Protokol", "", (
        rhk("Terselenggaranya dukungan keprotokolan acara pimpinan",
            qty("Jumlah acara pimpinan yang disiapkan", 150, "acara"),
            up="protokol"),
    )),
    ("Pengelola Layanan Operasional", "", "", (
        rhk("Terpeliharanya sarana dan prasarana kantor",
            qty("Jumlah kegiatan pemeliharaan sarana prasarana", 120, "kegiatan"),
            up="rumahtangga"),
    )),
    ("Penata Kelola Pemerintahan", "", "", (
        rhk("Terbinanya administrasi pemerintahan di wilayah {unit}",
            qty("Jumlah laporan administrasi pemerintahan yang diverifikasi", 48, "laporan"),
            up="pemerintahan"),
    )),
    ("Penata Kelola Sistem dan Teknologi Informasi", "", "", (
        rhk("Tersedianya layanan aplikasi e-Kinerja yang andal",
            qty("Jumlah permintaan dukungan aplikasi yang diselesaikan", 600, "tiket"),
            pct("Persentase ketersediaan layanan aplikasi", 99),
            up="kinerja"),
    )),
    ("Pengawas Sekolah Ahli Madya", "", "", (
        rhk("Terlaksananya pengawasan akademik dan manajerial SMP binaan",
            qty("Jumlah kunjungan supervisi ke sekolah binaan", 72, "kunjungan"),
            qty("Jumlah laporan hasil pengawasan sekolah binaan", 12, "laporan"),
            qty("Jumlah guru yang didampingi dalam supervisi akademik", 150, "guru"),
            up="mutu"),
    )),
    ("Pengawas Sekolah", "", "", (
        rhk("Terlaksananya pengawasan akademik dan manajerial di sekolah binaan",
            qty("Jumlah kunjungan supervisi ke sekolah binaan", 96, "kunjungan"),
            qty("Jumlah laporan hasil pengawasan sekolah binaan", 12, "laporan"),
            pct("Persentase sekolah binaan dengan rapor mutu meningkat", 80),
            up="mutu"),
        rhk("Terlaksananya pendampingan kepala sekolah dan guru",
            qty("Jumlah kepala sekolah dan guru yang didampingi", 60, "orang"),
            up="mutu"),
    )),
    ("Perencana", "Subbagian Perencanaan", "", (
        rhk("Tersusunnya dokumen perencanaan dan penganggaran {agency}",
            qty("Jumlah dokumen perencanaan yang disusun", 8, "dokumen"),
            days("Waktu penyelesaian input RKA di SIPD", 10),
            up="keuangan"),
    )),
    ("Perencana Ahli Muda", "", "", (
        rhk("Tersusunnya kajian dan dokumen perencanaan {unit}",
            qty("Jumlah dokumen perencanaan yang disusun", 6, "dokumen"),
            qty("Jumlah Renja perangkat daerah yang diverifikasi", 12, "dokumen"),
            qty("Jumlah usulan program dan kegiatan yang diverifikasi di SIPD", 240, "usulan"),
            up="perencanaan"),
    )),
    ("Perencana", "", "", (
        rhk("Terverifikasinya rencana kerja perangkat daerah mitra",
            qty("Jumlah Renja perangkat daerah yang diverifikasi", 12, "dokumen"),
            qty("Jumlah laporan pengendalian pelaksanaan program", 12, "laporan"),
            up="perencanaan"),
    )),
    ("Analis SDM Aparatur", "Mutasi", "", (
        rhk("Terverifikasinya usulan kenaikan pangkat dan mutasi ASN",
            qty("Jumlah usulan kenaikan pangkat yang diverifikasi", 160, "usulan"),
            days("Rata-rata waktu verifikasi usulan", 5),
            up="mutasi"),
    )),
    ("Analis SDM Aparatur", "Pengadaan, Pemberhentian", "", (
        rhk("Terprosesnya usulan pemberhentian dan pensiun ASN",
            qty("Jumlah usulan pensiun yang diverifikasi", 45, "usulan"),
            qty("Jumlah data ASN yang divalidasi", 900, "data"),
            up="data"),
    )),
    ("Analis SDM Aparatur", "Pengembangan Kompetensi", "", (
        rhk("Terlaksananya analisis kebutuhan dan penyelenggaraan pengembangan kompetensi",
            qty("Jumlah ASN yang difasilitasi pengembangan kompetensi", 600, "orang"),
            qty("Jumlah dokumen analisis kebutuhan pelatihan yang disusun", 6, "dokumen"),
            up="kompetensi"),
    )),
    ("Analis SDM Aparatur", "Penilaian Kinerja", "", (
        rhk("Terpantaunya pengelolaan kinerja ASN perangkat daerah",
            qty("Jumlah SKP perangkat daerah yang dipantau dan diverifikasi", 1800, "SKP"),
            qty("Jumlah pendampingan pengelolaan kinerja perangkat daerah", 24, "kegiatan"),
            up="kinerja"),
    )),
    ("Pranata SDM Aparatur", "", "", (
        rhk("Terprosesnya berkas administrasi kepegawaian",
            qty("Jumlah berkas kenaikan gaji berkala dan kepegawaian yang diproses", 480, "berkas"),
            up=""),
    )),
    ("Auditor Ahli Muda", "", "", (
        rhk("Terlaksananya audit kinerja dan keuangan perangkat daerah wilayah {wilayah}",
            qty("Jumlah laporan hasil audit", 8, "laporan"),
            qty("Jumlah kertas kerja audit yang direviu", 120, "kertas kerja"),
            up="pengawasan"),
    )),
    ("Auditor", "", "", (
        rhk("Terlaksananya audit dan reviu atas perangkat daerah wilayah {wilayah}",
            qty("Jumlah kertas kerja audit yang disusun", 150, "kertas kerja"),
            qty("Jumlah laporan hasil reviu", 10, "laporan"),
            up="pengawasan"),
    )),
    ("Pengawas Penyelenggaraan Urusan Pemerintahan", "", "", (
        rhk("Terlaksananya evaluasi penyelenggaraan urusan pemerintahan daerah wilayah {wilayah}",
            qty("Jumlah laporan hasil evaluasi penyelenggaraan pemerintahan daerah", 10, "laporan"),
            qty("Jumlah pengaduan masyarakat yang ditelaah", 24, "pengaduan"),
            up="spip"),
    )),
    ("Analis Kebijakan", "Organisasi", "", (
        rhk("Tersusunnya analisis kelembagaan dan tata laksana",
            qty("Jumlah dokumen analisis jabatan yang disusun", 15, "dokumen"),
            qty("Jumlah SOP yang direviu", 30, "SOP"),
            up="organisasi"),
    )),
    ("Analis Kebijakan", "Perekonomian", "", (
        rhk("Tersusunnya analisis kebijakan perekonomian daerah",
            qty("Jumlah rekomendasi kebijakan perekonomian yang disusun", 6, "rekomendasi"),
            qty("Jumlah laporan pemantauan harga bahan pokok", 48, "laporan"),
            up="ekonomi"),
    )),
    ("Analis Kebijakan", "", "", (
        rhk("Tersusunnya analisis kebijakan penyelenggaraan pemerintahan",
            qty("Jumlah rekomendasi kebijakan yang disusun", 6, "rekomendasi"),
            up="pemerintahan"),
    )),
    ("Perancang Peraturan", "", "", (
        rhk("Tersusunnya rancangan produk hukum daerah",
            qty("Jumlah rancangan peraturan bupati yang disusun dan diharmonisasi", 30, "rancangan"),
            days("Waktu harmonisasi rancangan", 7),
            up="hukum"),
    )),
    ("Analis Hukum", "", "", (
        rhk("Terlaksananya analisis dan pendampingan hukum",
            qty("Jumlah telaahan hukum yang disusun", 24, "telaahan"),
            qty("Jumlah perkara yang didampingi", 6, "perkara"),
            up="bantuan"),
    )),
    ("Pengelola Pengadaan Barang/Jasa", "", "", (
        rhk("Terlaksananya pemilihan penyedia barang/jasa",
            qty("Jumlah paket pengadaan yang diproses", 40, "paket"),
            days("Rata-rata waktu proses pemilihan penyedia", 21),
            up="pengadaan"),
    )),
    ("Pranata Hubungan Masyarakat", "", "", (
        rhk("Terpublikasinya kegiatan pimpinan daerah",
            qty("Jumlah berita kegiatan pimpinan yang dipublikasikan", 240, "berita"),
            up="protokol"),
    )),
    ("Dokter Gigi", "", "", (
        rhk("Terlaksananya pelayanan kesehatan gigi dan mulut di {unit}",
            qty("Jumlah pasien yang mendapat pelayanan kesehatan gigi dan mulut", 1400, "pasien"),
            qty("Jumlah siswa SD yang diperiksa dalam UKGS", 600, "siswa"),
            up="mutu"),
    )),
    ("Dokter", "", "", (
        rhk("Terlaksananya pelayanan medis di {unit}",
            qty("Jumlah pasien yang mendapat pelayanan medis", 3600, "pasien"),
            pct("Persentase rujukan kasus non-spesialistik (maksimal)", 2, lower=True),
            up="mutu"),
    )),
    ("Perawat Ahli Pertama", "", "", (
        rhk("Terlaksananya asuhan keperawatan di {unit}",
            qty("Jumlah pasien yang mendapat asuhan keperawatan", 1800, "pasien"),
            qty("Jumlah keluarga rawan yang mendapat kunjungan perawatan kesehatan masyarakat", 120, "keluarga"),
            up="mutu"),
    )),
    ("Perawat Terampil", "", "", PERAWAT_TERAMPIL),
    ("Bidan Ahli Pertama", "", "", (
        rhk("Terlaksananya pelayanan kesehatan ibu dan anak di {unit}",
            qty("Jumlah ibu hamil yang mendapat pelayanan K4", 180, "ibu hamil"),
            qty("Jumlah persalinan yang ditolong di fasyankes", 72, "persalinan"),
            up="kia"),
    )),
    ("Bidan Terampil", "", "", (
        rhk("Terlaksananya pelayanan kebidanan dan imunisasi di wilayah binaan",
            qty("Jumlah ibu hamil yang mendapat pelayanan K4", 150, "ibu hamil"),
            qty("Jumlah balita yang diimunisasi", 360, "balita"),
            up="kia"),
    )),
    ("Tenaga Teknis Kefarmasian", "", "", (
        rhk("Terlaksananya pelayanan kefarmasian di {unit}",
            qty("Jumlah resep yang dilayani", 9600, "resep"),
            days("Rata-rata waktu tunggu pelayanan resep", 15, "menit"),
            up="mutu"),
    )),
    ("Pranata Laboratorium", "", "", (
        rhk("Terlaksananya pemeriksaan laboratorium di {unit}",
            qty("Jumlah sampel yang diperiksa", 3600, "sampel"),
            pct("Persentase hasil pemeriksaan yang diserahkan tepat waktu", 95),
            up="mutu"),
    )),
    ("Nutrisionis Terampil", "", "", (
        rhk("Terlaksananya pemantauan status gizi balita di wilayah {unit}",
            qty("Jumlah konseling gizi yang diberikan", 300, "konseling"),
            qty("Jumlah balita yang dipantau status gizinya", 2400, "balita"),
            up="kia"),
    )),
    ("Nutrisionis", "", "", (
        rhk("Terlaksananya pemberian makanan tambahan bagi balita gizi kurang",
            qty("Jumlah balita gizi kurang yang mendapat PMT lokal", 240, "balita"),
            qty("Jumlah posyandu yang dibina pelaksanaan PMT", 36, "posyandu"),
            up="gizi"),
    )),
    ("Penyuluh Kesehatan Masyarakat", "", "", (
        rhk("Terlaksananya penyuluhan kesehatan masyarakat",
            qty("Jumlah kegiatan penyuluhan kesehatan", 120, "kegiatan"),
            up="promkes"),
    )),
    ("Epidemiolog", "", "", (
        rhk("Terlaksananya surveilans epidemiologi penyakit potensial KLB",
            qty("Jumlah laporan surveilans mingguan yang disusun", 52, "laporan"),
            qty("Jumlah laporan SKDR puskesmas dan klinik yang divalidasi", 520, "laporan"),
            qty("Jumlah penyelidikan epidemiologi yang dilaksanakan", 12, "kegiatan"),
            pct("Persentase kelengkapan laporan SKDR puskesmas", 90),
            up="imunisasi"),
    )),
    ("Sanitarian", "", "", (
        rhk("Terlaksananya inspeksi kesehatan lingkungan",
            qty("Jumlah inspeksi sanitasi tempat umum dan tempat pengelolaan pangan", 240, "lokasi"),
            up="p2p"),
    )),
    ("Apoteker", "", "", (
        rhk("Terkelolanya obat dan perbekalan kesehatan puskesmas",
            qty("Jumlah laporan pemakaian dan lembar permintaan obat yang diverifikasi", 24, "laporan"),
            qty("Jumlah item obat yang diverifikasi stok dan masa kedaluwarsanya", 2400, "item"),
            pct("Persentase ketersediaan obat esensial", 95),
            up="farmasi"),
    )),
    ("Penguji Kendaraan Bermotor Mahir", "", "", (
        rhk("Terlaksananya pengujian berkala kendaraan bermotor yang akurat",
            qty("Jumlah kendaraan yang diuji", 2200, "kendaraan"),
            qty("Jumlah hasil uji yang diverifikasi sebelum penerbitan BLUe", 2400, "hasil uji"),
            days("Rata-rata waktu pengujian per kendaraan", 45, "menit"),
            up="kir"),
    )),
    ("Penguji Kendaraan Bermotor", "", "", (
        rhk("Terlaksananya pengujian berkala kendaraan bermotor",
            qty("Jumlah kendaraan yang diuji", 2400, "kendaraan"),
            days("Rata-rata waktu pengujian per kendaraan", 45, "menit"),
            up="kir"),
    )),
    ("Teknik Jalan dan Jembatan Ahli", "", "", (
        rhk("Terlaksananya pengawasan teknis pekerjaan jalan dan jembatan",
            qty("Jumlah laporan pengawasan pekerjaan jalan yang disusun", 96, "laporan"),
            qty("Panjang jalan yang diukur untuk perencanaan teknis", 24, "km"),
            up="jalan"),
    )),
    ("Teknik Jalan dan Jembatan", "", "", (
        rhk("Terpantaunya kondisi dan pemeliharaan rutin jalan kabupaten",
            qty("Jumlah ruas jalan yang disurvei kondisinya", 60, "ruas"),
            qty("Panjang jalan yang dipelihara rutin", 60, "km"),
            up="pemeliharaan"),
    )),
    ("Teknik Pengairan", "", "", (
        rhk("Terpantaunya kondisi daerah irigasi kewenangan kabupaten",
            qty("Jumlah daerah irigasi yang dipantau", 18, "daerah irigasi"),
            qty("Jumlah laporan pengawasan rehabilitasi saluran", 36, "laporan"),
            up="irigasi"),
    )),
    ("Teknik Penyehatan Lingkungan", "", "", (
        rhk("Terawasinya pembangunan sarana air minum dan sanitasi",
            qty("Jumlah sarana air minum dan sanitasi yang diawasi", 40, "unit"),
            up="ciptakarya"),
    )),
    ("Penata Ruang", "", "", (
        rhk("Terprosesnya kesesuaian kegiatan pemanfaatan ruang",
            qty("Jumlah permohonan KKPR yang dikaji", 90, "permohonan"),
            days("Rata-rata waktu kajian teknis", 5),
            up="ruang"),
    )),
)  # fmt: skip

# Extra results some staff take on from a team lead outside their line (penugasan).
ASSIGNMENTS = (
    ("Melaksanakan tugas sebagai anggota Tim Penyusun Laporan Kinerja {agency}",
     qty("Jumlah rapat dan bahan laporan kinerja yang diselesaikan", 8, "kegiatan"),
     "SK Kepala {agency_short} Nomor 800.1/{n:03d}/2026 tentang Tim Penyusun LKjIP"),
    ("Melaksanakan tugas sebagai anggota Tim Satu Data {agency}",
     qty("Jumlah set data yang divalidasi untuk portal Satu Data", 12, "set data"),
     "SK Kepala {agency_short} Nomor 000.5/{n:03d}/2026 tentang Tim Satu Data"),
)  # fmt: skip

APPS = {
    "DISDIK": "Dapodik, ARKAS dan Rapor Pendidikan", "DINKES": "ePuskesmas, ASIK dan SIMRS",
    "DISHUB": "BLUe (Bukti Lulus Uji Elektronik) dan SIM PKB", "BKPSDM": "SIASN dan e-Kinerja",
    "DPUPR": "SIPD dan SIJALI", "BAPPEDA": "SIPD-RI", "INSPEKTORAT": "SIPKD dan SIMWAS",
    "SETDA": "SIPD, JDIH dan SPSE", "KEC-SKMK": "SIPD dan SIAK", "KEC-CBN": "SIPD dan SIAK",
}  # fmt: skip

FIXED_NOTE = (
    "Target kuantitas belum mencakup seluruh beban kerja tahun ini (lihat realisasi tahun lalu); "
    "mohon disesuaikan."
)
RETURN_NOTES = (
    "Indikator kualitas belum terukur. Tuliskan target persentase yang jelas dan sesuaikan "
    "dengan RHK saya.",
    "Target kuantitas terlalu rendah dibanding beban kerja tahun lalu; mohon disesuaikan.",
    "Tambahkan indikator waktu penyelesaian dan tautkan RHK ke RHK atasan yang sesuai.",
    "RHK masih berupa uraian kegiatan, belum hasil kerja. Rumuskan sebagai hasil yang dituju.",
)

# ---------------------------------------------------------------- the plan


@dataclass
class RhkPlan:
    spec: R
    text: str
    inds: list[Ind]
    owner: SkpPlan
    parent: RhkPlan | None = None
    target: str = ""
    assigned_by: Pegawai | None = None
    assignment_note: str = ""
    provisional: bool = False
    children: int = 0
    obj: Rhk | None = None


@dataclass
class SkpPlan:
    pegawai: Pegawai
    depth: int
    status: str = SkpStatus.APPROVED  # or submitted, returned, draft, "none"
    rhks: list[RhkPlan] = field(default_factory=list)
    returned_once: bool = False
    expectations: bool = False
    lampiran: bool = False
    action_plans: bool = False
    created: datetime.datetime | None = None
    submitted: datetime.datetime | None = None
    decided: datetime.datetime | None = None
    obj: Skp | None = None


@dataclass
class PlanningDemo:
    """What the activity stage needs to know about the plans."""

    today: datetime.date
    year_of: dict[str, PerformanceYear]
    # per employee: the SKP versions in force, with the days each one covers for daily work
    in_force: dict[int, list[tuple[Skp, datetime.date, datetime.date]]]
    people: dict[int, Pegawai]
    named: dict[str, Pegawai]  # "pegawai", "atasan", "kadis"
    users: dict[str, Any]  # "admin", "admin.bkpsdm", "admin.disdik"
    counts: dict[str, int]


def _ctx(p: Pegawai) -> dict[str, str]:
    unit = p.unit.name if p.unit else ""
    agency = p.instansi
    place = agency.name.removeprefix("Kecamatan ") if agency.code.startswith("KEC-") else ""
    wilayah = unit.removeprefix("Inspektur Pembantu Wilayah ") if "Wilayah" in unit else ""
    return {"agency": agency.name, "agency_short": agency.short_name, "unit": unit,
            "place": place, "wilayah": wilayah}  # fmt: skip


def _render(ind: Ind, ctx: dict[str, str]) -> Ind:
    return Ind(ind.aspek, ind.text.format(**ctx), ind.value, ind.unit, ind.lower, ind.low,
               ind.high, ind.persp)  # fmt: skip


def _specs_for(p: Pegawai, heads: set[int]) -> tuple[R, ...]:
    agency = p.instansi.code
    job = p.jabatan.name if p.jabatan else ""
    unit = p.unit.name if p.unit else ""
    if p.atasan_id is None:
        return SEKDA_RHK
    if p.jabatan is not None and p.jabatan.is_head:
        if p.unit is not None and p.unit.parent_id is None:  # the agency's head
            return HEADS["KEC" if agency.startswith("KEC-") else agency]
        return _leader_rhks(unit, agency)
    for needle, unit_needle, agency_code, specs in STAFF:
        if needle in job and unit_needle in unit and agency_code in ("", agency):
            return specs
    raise KeyError(f"no demo RHK for {job} in {unit} ({agency})")


class _Planner:
    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        people = list(
            Pegawai.objects.filter(is_active=True, instansi__code__in=agency_codes())
            .select_related("instansi", "unit", "jabatan", "atasan", "user")
            .order_by("pk")
        )
        self.people = {p.pk: p for p in people}
        self.subs: dict[int, list[Pegawai]] = defaultdict(list)
        for p in people:
            if p.atasan_id:
                self.subs[p.atasan_id].append(p)
        self.plans: dict[int, SkpPlan] = {}

    def depth(self, p: Pegawai) -> int:
        return p.chain.count("/") - 1

    def build(self, named: dict[str, Pegawai], protected: set[int]) -> list[SkpPlan]:
        heads = {p.pk for p in self.people.values() if self.subs.get(p.pk)}
        order = sorted(self.people.values(), key=lambda p: (self.depth(p), p.pk))
        for p in order:
            plan = SkpPlan(pegawai=p, depth=self.depth(p))
            ctx = _ctx(p)
            for spec in _specs_for(p, heads):
                plan.rhks.append(RhkPlan(spec=spec, text=spec.text.format(**ctx),
                                         inds=[_render(i, ctx) for i in spec.inds], owner=plan,
                                         target=spec.target))  # fmt: skip
            self.plans[p.pk] = plan
        self._statuses(named, protected)
        self._assignments(protected)
        for p in order:  # superiors first: each links its staff's RHK to its own
            self._link_team(self.plans[p.pk])
        return [self.plans[p.pk] for p in order]

    def _statuses(self, named: dict[str, Pegawai], protected: set[int]) -> None:
        """~88% approved in January; the rest late, returned, drafts or none, all among staff
        without subordinates, at most one per team so every superior's RHK stays supported."""
        rng = self.rng
        kabid = named["atasan"]
        team_of_kabid = {p.pk for p in self.subs[kabid.pk]}
        eligible = sorted(
            pk for pk, p in self.people.items()
            if not self.subs.get(pk) and pk not in protected and pk not in team_of_kabid
            and p.atasan_id and len(self.subs[p.atasan_id]) >= 2
        )  # fmt: skip
        rng.shuffle(eligible)
        wanted = [("none", 4), (SkpStatus.DRAFT, 16), (SkpStatus.RETURNED, 4),
                  (SkpStatus.SUBMITTED, 13)]  # fmt: skip
        used_teams: set[int] = set()
        queue = iter(eligible)
        for status, n in wanted:
            while n:
                pk = next(queue)
                team = self.people[pk].atasan_id
                assert team is not None
                if team in used_teams:
                    continue
                used_teams.add(team)
                self.plans[pk].status = status
                n -= 1
        # The Kepala Bidang's team: one Pengawas Sekolah submitted late and waits for her.
        late = sorted((p for p in self.subs[kabid.pk] if p.jabatan and "Pengawas Sekolah" in p.jabatan.name),
                      key=lambda p: p.pk)[-1]  # fmt: skip
        self.plans[late.pk].status = SkpStatus.SUBMITTED
        # Provisional RHK (drafted before a link was found): in two drafts and one submitted,
        # in three agencies, Dinas Pendidikan first.
        seen: set[str] = set()
        for status, agencies in (
            (SkpStatus.DRAFT, ("DISDIK", "DINKES")),
            (SkpStatus.SUBMITTED, ()),
        ):
            candidates = sorted(
                (pl for pl in self.plans.values() if pl.status == status and pl is not self.plans[late.pk]
                 and pl.pegawai.instansi.code not in seen),
                key=lambda pl: (pl.pegawai.instansi.code not in agencies, pl.pegawai.pk),
            )  # fmt: skip
            left = max(1, len(agencies))
            for pl in candidates:
                if left and pl.pegawai.instansi.code not in seen:
                    seen.add(pl.pegawai.instansi.code)
                    pl.rhks[-1].provisional = True
                    left -= 1
        for pl in self.plans.values():
            p = pl.pegawai
            level = p.jabatan.level if p.jabatan else ""
            pl.lampiran = level in ("jpt_pratama", "administrator")
            if pl.status in (SkpStatus.APPROVED, SkpStatus.SUBMITTED):
                pl.expectations = rng.random() < 0.35
                pl.returned_once = pl.status == SkpStatus.APPROVED and rng.random() < 0.06
        anton = self.plans[named["pegawai"].pk]
        anton.expectations = anton.returned_once = anton.action_plans = True
        full = [pl for pl in self.plans.values()
                if pl.status == SkpStatus.APPROVED and pl.pegawai.instansi.code in FULL_AGENCIES
                and not self.subs.get(pl.pegawai.pk)]  # fmt: skip
        for pl in rng.sample(sorted(full, key=lambda pl: pl.pegawai.pk), 7):
            pl.action_plans = True

    def _assignments(self, protected: set[int]) -> None:
        """A few staff take an extra result assigned by their agency's Sekretaris (penugasan)."""
        rng = self.rng
        secretaries = {p.instansi_id: p for p in self.people.values()
                       if p.jabatan and p.jabatan.name.startswith("Sekretaris ") and p.jabatan.is_head}  # fmt: skip
        staff = sorted(pk for pk, pl in self.plans.items()
                       if pl.status == SkpStatus.APPROVED and not self.subs.get(pk)
                       and pl.pegawai.instansi_id in secretaries
                       and pl.pegawai.atasan_id != secretaries[pl.pegawai.instansi_id].pk)  # fmt: skip
        for n, pk in enumerate(rng.sample(staff, 10)):
            pl = self.plans[pk]
            text, ind, note = ASSIGNMENTS[n % len(ASSIGNMENTS)]
            ctx = _ctx(pl.pegawai) | {"n": rng.randint(20, 400)}
            spec = R(text, (ind,), kind=RhkKind.TAMBAHAN)
            pl.rhks.append(RhkPlan(spec=spec, text=text.format(**ctx), inds=[ind], owner=pl,
                                   assigned_by=secretaries[pl.pegawai.instansi_id],
                                   assignment_note=note.format(**ctx)))  # fmt: skip

    def _link_team(self, leader: SkpPlan) -> None:
        """Link the staff's RHK to the leader's: the RHK tagged as the staff RHK prefers, else
        the least supported; then make sure each of the leader's RHK has a supporter (except the
        one declared lonely), moving links from RHK that have several."""
        team = [self.plans[p.pk] for p in self.subs.get(leader.pegawai.pk, [])]
        team = [t for t in team if t.status != "none"]
        if not team:
            return
        parents = [r for r in leader.rhks if not r.spec.lonely]
        children = [r for t in team for r in t.rhks
                    if not r.target and not r.provisional and r.assigned_by is None]  # fmt: skip
        for child in children:
            up = child.spec.up
            tagged = [r for r in parents if up and r.spec.tag == up]
            pool = tagged or parents
            best = min(pool, key=lambda r: (r.children, parents.index(r)))
            child.parent = best
            best.children += 1
        for parent in parents:
            if parent.children:
                continue
            donor = next(
                (c for c in children if c.parent is not None and c.parent.children > 1), None
            )
            if donor is not None:
                assert donor.parent is not None
                donor.parent.children -= 1
                donor.parent = parent
                parent.children += 1
                continue
            # Fewer staff RHK than the leader's: the least loaded colleague takes one more.
            taker = min(
                team, key=lambda t: (t.status != SkpStatus.APPROVED, len(t.rhks), t.pegawai.pk)
            )
            spec = FILLERS.get(parent.spec.tag, GENERIC_FILLER)
            ctx = _ctx(taker.pegawai)
            taker.rhks.append(RhkPlan(spec=spec, text=spec.text.format(**ctx),
                                      inds=[_render(i, ctx) for i in spec.inds], owner=taker,
                                      parent=parent))  # fmt: skip
            parent.children += 1


FULL_AGENCIES = ("DISDIK", "DINKES", "DISHUB")

# What a colleague takes up when a leader has more RHK than the team's own RHK can support.
FILLERS = {
    "keuangan": rhk("Tersusunnya laporan keuangan dan laporan kinerja {agency}",
                    qty("Jumlah laporan keuangan dan kinerja yang disusun", 16, "laporan"),
                    days("Waktu penyampaian laporan setelah akhir periode", 7)),
    "rapor": rhk("Tersedianya bahan analisis rapor pendidikan sekolah dasar",
                 qty("Jumlah bahan analisis rapor pendidikan yang disiapkan", 8, "dokumen")),
    "pip": rhk("Terverifikasinya usulan penerima Program Indonesia Pintar jenjang SMP",
               qty("Jumlah usulan penerima PIP yang diverifikasi", 600, "siswa")),
}  # fmt: skip
GENERIC_FILLER = rhk(
    "Tersedianya bahan dan data dukung kegiatan {unit}",
    qty("Jumlah bahan dan data dukung yang disiapkan", 24, "dokumen"),
)  # fmt: skip


def agency_codes() -> list[str]:
    return [a.code for a in AGENCIES]


# ---------------------------------------------------------------- writing it


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _indicator(ind: Ind, rhk_obj: Rhk, jpt: bool, order: int) -> Indicator:
    ranged = ind.low is not None
    persp = ""
    if jpt:
        by_aspek: dict[str, str] = {KUALITAS: P.PENERIMA_LAYANAN, BIAYA: P.ANGGARAN}
        persp = ind.persp or by_aspek.get(ind.aspek, P.PROSES_BISNIS)
    return Indicator(
        rhk=rhk_obj, aspek=ind.aspek, text=ind.text,
        target_kind=TargetKind.RANGE if ranged else TargetKind.NUMBER,
        target_value=None if ranged else _dec(ind.value), target_low=_dec(ind.low),
        target_high=_dec(ind.high), target_unit=ind.unit,
        direction=Direction.LOWER if ind.lower else Direction.HIGHER, perspektif=persp, order=order,
    )  # fmt: skip


def _lampiran(p: Pegawai, rng: random.Random) -> dict[str, str]:
    agency = p.instansi
    staff = Pegawai.objects.filter(chain__startswith=p.subtree_prefix, is_active=True).count()
    budget = rng.choice((850, 1200, 1750, 2400, 3100, 4600, 6200))
    over = p.atasan.jabatan.name if p.atasan and p.atasan.jabatan else "Bupati Sukamaju"
    amount = (
        f"Rp{budget / 1000:.1f} miliar".replace(".", ",") if budget >= 1000 else f"Rp{budget} juta"
    )
    return {
        "dukungan_sumber_daya": (
            f"Anggaran kegiatan pada DPA {agency.name} Tahun 2026 sebesar {amount}; "
            f"{staff} orang pegawai; aplikasi {APPS.get(agency.code, 'SIPD')}."
        ),
        "skema_pertanggungjawaban": (
            f"Laporan capaian bulanan kepada {over} melalui e-Kinerja, rapat evaluasi kinerja "
            "triwulanan, dan laporan kinerja tahunan (LKjIP)."
        ),
        "konsekuensi": (
            "Capaian menjadi dasar penilaian kinerja dan pemberian Tambahan Penghasilan Pegawai "
            "sesuai Peraturan Bupati Sukamaju tentang TPP; capaian di bawah target ditindaklanjuti "
            "dengan rencana perbaikan kinerja."
        ),
    }


class _Writer:
    def __init__(self, rng: random.Random, today: datetime.date, users: dict[str, Any],
                 people: dict[int, Pegawai]) -> None:  # fmt: skip
        self.rng = rng
        self.today = today
        self.users = users
        self.people = people
        self.expectations = defaultdict(list)
        for item in ExpectationLibraryItem.objects.select_related("value").order_by("pk"):
            self.expectations[item.value_id].append(item.text)
        self.values = list(BehaviourValue.objects.order_by("order"))

    # -- the agency side
    def years(self, agencies: list[Instansi]) -> dict[str, PerformanceYear]:
        out = {}
        for n, agency in enumerate(agencies):
            actor = self.users["admin.disdik" if agency.code == "DISDIK" else "admin.bkpsdm"]
            with clock_at(at(datetime.date(2025, 12, 15), 9, 10 + n)):
                out[agency.code] = services.year_create(
                    instansi=agency, year=YEAR, actor=actor,
                    frequency="quarterly" if agency.code == "DISHUB" else "monthly",
                    planning_start=datetime.date(YEAR, 1, 2), planning_end=datetime.date(YEAR, 1, 31),
                    closing_date=datetime.date(YEAR + 1, 1, 31),
                )  # fmt: skip
        return out

    def targets(self, years: dict[str, PerformanceYear]) -> dict[tuple[str, str], OrgTarget]:
        out = {}
        for n, (code, year) in enumerate(sorted(years.items())):
            actor = self.users["admin.disdik" if code == "DISDIK" else "admin.bkpsdm"]
            key = "KEC" if code.startswith("KEC-") else code
            for m, (tcode, goal, indicator, value, unit, text) in enumerate(ORG_TARGETS[key]):
                with clock_at(at(datetime.date(2025, 12, 22), 10 + n // 6, (n * 6 + m) % 60)):
                    out[(code, tcode)] = services.org_target_save(
                        target=OrgTarget(year=year, code=tcode, goal=goal, indicator=indicator,
                                         target_value=_dec(value), target_unit=unit, target_text=text),
                        actor=actor,
                    )  # fmt: skip
        return out

    # -- the SKP
    def schedule(self, plan: SkpPlan) -> None:
        """When each step happened: January for the cycle on time (leaders first), the last
        weeks for the late ones."""
        rng = self.rng
        if plan.status == SkpStatus.APPROVED:
            created = add_workdays(datetime.date(YEAR, 1, 2), 2 * plan.depth + rng.randint(0, 2))
            submitted = add_workdays(created, rng.randint(0, 2))
            decided = add_workdays(submitted, rng.randint(1, 2))
            if plan.returned_once:
                decided = add_workdays(decided, 3)
        else:
            recent = last_workday(self.today - datetime.timedelta(days=1))
            created = add_workdays(recent - datetime.timedelta(days=rng.randint(20, 32)), 0)
            submitted = add_workdays(recent - datetime.timedelta(days=rng.randint(2, 12)), 0)
            submitted = max(submitted, add_workdays(created, 1))
            decided = add_workdays(submitted, rng.randint(1, 2))
            if decided > recent:
                decided = recent
        plan.created = at(created, rng.randint(8, 10), rng.randint(0, 59))
        plan.submitted = at(submitted, rng.randint(13, 15), rng.randint(0, 59))
        plan.decided = at(decided, rng.randint(9, 11), rng.randint(0, 59))

    def write(self, plan: SkpPlan, years: dict[str, PerformanceYear],
              targets: dict[tuple[str, str], OrgTarget]) -> None:  # fmt: skip
        p = plan.pegawai
        me = p.user
        assert plan.created and plan.submitted and plan.decided
        t = plan.created
        jpt = p.jabatan is not None and p.jabatan.kind == "JPT"
        with clock_at(t):
            skp = services.skp_create(pegawai=p, year=years[p.instansi.code], actor=me)
            if plan.lampiran:
                services.skp_update_header(skp=skp, actor=me, **_lampiran(p, self.rng))
        incomplete = plan.status == SkpStatus.DRAFT and self.rng.random() < 0.5
        for n, r in enumerate(plan.rhks):
            t += datetime.timedelta(minutes=self.rng.randint(3, 9))
            with clock_at(t):
                obj = services.rhk_save(
                    rhk=Rhk(skp=skp, kind=r.spec.kind, text=r.text,
                            parent=r.parent.obj if r.parent else None,
                            org_target=targets[(p.instansi.code, r.target)] if r.target else None,
                            assigned_by=r.assigned_by, assignment_note=r.assignment_note, order=n + 1),
                    actor=me,
                )  # fmt: skip
                r.obj = obj
                inds = r.inds[:0] if incomplete and n == len(plan.rhks) - 1 else r.inds
                for m, ind in enumerate(inds, start=1):
                    services.indicator_save(indicator=_indicator(ind, obj, jpt, m), actor=me)
        if plan.action_plans:
            self._action_plans(skp, t + datetime.timedelta(minutes=20))
        plan.obj = skp
        if plan.status == SkpStatus.DRAFT:
            return
        with clock_at(plan.submitted):
            services.skp_submit(skp=skp, actor=me)
        if plan.status == SkpStatus.SUBMITTED:
            return
        rater = self._rater_user(skp)
        if plan.status == SkpStatus.RETURNED or plan.returned_once:
            # Returned and fixed: the employee then raised a quantity target (_fix_after_return).
            note = (
                self.rng.choice(RETURN_NOTES) if plan.status == SkpStatus.RETURNED else FIXED_NOTE
            )
            back = (
                plan.decided
                if plan.status == SkpStatus.RETURNED
                else plan.submitted + datetime.timedelta(days=1)
            )
            with clock_at(back):
                services.skp_return(skp=skp, actor=rater, note=note)
            if plan.status == SkpStatus.RETURNED:
                return
            with clock_at(back + datetime.timedelta(days=1, hours=1)):
                self._fix_after_return(skp, me)
                services.skp_submit(skp=skp, actor=me)
        if plan.expectations:  # the rater writes them while deciding
            with clock_at(plan.decided - datetime.timedelta(minutes=25)):
                self._expect(skp, rater)
        with clock_at(plan.decided):
            services.skp_approve(skp=skp, actor=rater)

    def _rater_user(self, skp: Skp) -> Any:
        if skp.rater_id is None:  # the Sekda: Admin BKPSDM decides for the Kepala Daerah
            return self.users["admin.bkpsdm"]
        # The same user object every time, so its resolved access stays cached on it.
        return self.people[skp.rater_id].user

    def _expect(self, skp: Skp, rater: Any) -> None:
        rng = self.rng
        chosen = rng.sample(self.values, rng.randint(2, 3))
        texts = {
            v.pk: rng.choice(self.expectations[v.pk]) for v in chosen if self.expectations[v.pk]
        }
        services.skp_set_expectations(skp=skp, expectations=texts, actor=rater)

    def _fix_after_return(self, skp: Skp, me: Any) -> None:
        """What the employee changed after the return: a higher quantity target."""
        ind = (
            Indicator.objects.filter(rhk__skp=skp, aspek=KUANTITAS, target_kind=TargetKind.NUMBER)
            .order_by("pk")
            .first()
        )
        if ind is not None and ind.target_value is not None:
            ind.target_value = (ind.target_value * Decimal("1.1")).quantize(Decimal("1"))
            services.indicator_save(indicator=ind, actor=me)

    def _action_plans(self, skp: Skp, moment: datetime.datetime) -> None:
        """A rencana aksi per period for each RHK with a countable target."""
        periods = list(skp.year.periods.order_by("number"))
        me = skp.pegawai.user
        for r in skp.rhks.prefetch_related("indicators").order_by("kind", "order", "pk"):
            ind = next(
                (i for i in r.indicators.all()
                 if i.aspek == KUANTITAS and (i.target_value or 0) >= len(periods)),
                None,
            )  # fmt: skip
            if ind is None:
                continue
            assert ind.target_value is not None
            share = (ind.target_value / len(periods)).quantize(Decimal("1"))
            for period in periods:
                moment += datetime.timedelta(minutes=1)
                with clock_at(moment):
                    services.action_plan_save(
                        plan=ActionPlan(rhk=r, period=period, text=_action_text(ind, period.name, share),
                                        target_value=share, target_unit=ind.target_unit),
                        actor=me,
                    )  # fmt: skip

    # -- revisions
    def revise(self, skp: Skp, moment: datetime.datetime, change: Decimal, note: str, *,
               decide: bool) -> Skp:  # fmt: skip
        me = skp.pegawai.user
        with clock_at(moment):
            new = services.skp_revise(skp=skp, actor=me)
        ind = (
            Indicator.objects.filter(rhk__skp=new, aspek=KUANTITAS, target_kind=TargetKind.NUMBER)
            .order_by("rhk__kind", "rhk__order", "order", "pk")
            .first()
        )
        assert ind is not None
        ind.target_value = change
        with clock_at(moment + datetime.timedelta(minutes=15)):
            services.indicator_save(indicator=ind, actor=me)
        with clock_at(moment + datetime.timedelta(hours=1)):
            services.skp_submit(skp=new, actor=me)
        if decide:
            rater = self._rater_user(new)
            with clock_at(moment + datetime.timedelta(days=2, hours=2)):
                services.skp_approve(skp=new, actor=rater, note=note)
        return Skp.objects.get(pk=new.pk)

    def templates(self, agencies: dict[str, Instansi]) -> int:
        made = 0
        for code, unit, job, specs, actor in (
            ("DISDIK", "SD Negeri 1 Sukamaju", "Guru Ahli Pertama", GURU_SD, "admin.disdik"),
            ("DINKES", "UPTD Puskesmas Sukamaju", "Perawat Terampil", PERAWAT_TERAMPIL, "admin.bkpsdm"),
        ):  # fmt: skip
            holder = (
                Pegawai.objects.filter(instansi=agencies[code], unit__name=unit, jabatan__name=job)
                .select_related("jabatan", "unit", "instansi")
                .order_by("pk")
                .first()
            )
            if holder is None or holder.jabatan is None:
                continue
            ctx = _ctx(holder)
            content = [
                {"kind": s.kind, "text": s.text.format(**ctx),
                 "indicators": [_template_indicator(_render(i, ctx)) for i in s.inds]}
                for s in specs
            ]  # fmt: skip
            with clock_at(at(datetime.date(2025, 12, 29), 14, 5 + made)):
                services.template_save(
                    template=SkpTemplate(jabatan=holder.jabatan, name=f"SKP {job} — {unit}",
                                         content=content),
                    actor=self.users[actor],
                )  # fmt: skip
            made += 1
        return made


def _template_indicator(ind: Ind) -> dict[str, Any]:
    ranged = ind.low is not None
    return {
        "aspek": ind.aspek, "text": ind.text,
        "target_kind": TargetKind.RANGE if ranged else TargetKind.NUMBER,
        "target_value": None if ranged else ind.value, "target_low": ind.low,
        "target_high": ind.high, "target_unit": ind.unit,
        "direction": Direction.LOWER if ind.lower else Direction.HIGHER,
    }  # fmt: skip


def _action_text(ind: Indicator, period: str, share: Decimal) -> str:
    """ "Target Maret: 7 sekolah yang data Dapodiknya diverifikasi"."""
    if ind.text.startswith("Jumlah "):
        return f"Target {period}: {share:g} {ind.text.removeprefix('Jumlah ')}"
    return f"Target {period}: {ind.text[:1].lower()}{ind.text[1:]} {share:g} {ind.target_unit}"


def demo_users() -> dict[str, Any]:
    user_model = get_user_model()
    return {u.username: u for u in user_model.objects.filter(
        username__in=("admin", "admin.bkpsdm", "admin.disdik"))}  # fmt: skip


def named_people() -> dict[str, Pegawai]:
    """The demo's named logins from seed_demo: the pegawai, their Kepala Bidang, the Kepala
    Dinas."""
    logins = plan_demo().logins
    nips = {"pegawai": logins[0][1], "atasan": logins[1][1], "kadis": logins[2][1]}
    found = {p.nip: p for p in Pegawai.objects.filter(nip__in=nips.values()).select_related("user")}
    return {key: found[nip] for key, nip in nips.items() if nip in found}


def load_planning(*, rng: random.Random, today: datetime.date) -> PlanningDemo:
    """Write the 2026 plans of every demo agency. Runs in the caller's transaction."""
    users = demo_users()
    planner = _Planner(rng, today)
    # One object per person and login throughout, so each user's resolved access is cached.
    named = {key: planner.people[p.pk] for key, p in named_people().items()}
    for p in planner.people.values():
        if p.user is not None and p.user.username in users:
            users[p.user.username] = p.user
    agencies = list(Instansi.objects.filter(code__in=agency_codes()).order_by("pk"))
    protected = {p.pk for p in named.values()} | {
        p.pk for p in Pegawai.objects.filter(user__username__in=list(users) + ["auditor", "pimpinan.disdik"])
    }  # fmt: skip
    plans = planner.build(named, protected)
    writer = _Writer(rng, today, users, planner.people)
    years = writer.years(agencies)
    targets = writer.targets(years)
    writer.templates({a.code: a for a in agencies})
    for plan in plans:
        if plan.status != "none":
            writer.schedule(plan)
    for plan in plans:  # superiors first (by depth), so every link has its parent
        if plan.status != "none":
            writer.write(plan, years, targets)

    in_force: dict[int, list[tuple[Skp, datetime.date, datetime.date]]] = {}
    end = datetime.date(YEAR, 12, 31)
    for plan in plans:
        if plan.status == SkpStatus.APPROVED and plan.obj is not None and plan.decided:
            start = add_workdays(timezone.localtime(plan.decided).date(), 0)
            in_force[plan.pegawai.pk] = [(plan.obj, start, end)]

    # A planner in Bappeda revised her targets after the budget change in July (approved);
    # the Kepala Seksi for school buildings revised his last week and waits for his Kabid.
    revisions = 0
    bappeda = sorted(
        (pl for pl in plans if pl.status == SkpStatus.APPROVED and pl.pegawai.instansi.code == "BAPPEDA"
         and pl.pegawai.jabatan and pl.pegawai.jabatan.name == "Perencana Ahli Pertama"),
        key=lambda pl: pl.pegawai.pk,
    )  # fmt: skip
    if bappeda and bappeda[0].obj is not None:
        old = bappeda[0].obj
        switch = datetime.date(YEAR, 7, 6)
        new = writer.revise(old, at(switch, 9, 30), Decimal(16),
                            "Target disesuaikan dengan Perubahan APBD 2026.", decide=True)  # fmt: skip
        approved_on = timezone.localtime(new.approved_at).date() if new.approved_at else switch
        in_force[old.pegawai_id] = [
            (Skp.objects.get(pk=old.pk), in_force[old.pegawai_id][0][1],
             approved_on - datetime.timedelta(days=1)),
            (new, approved_on, end),
        ]  # fmt: skip
        revisions += 1
    kasi = next((pl for pl in plans if pl.pegawai.unit and pl.pegawai.jabatan and pl.pegawai.jabatan.is_head
                 and pl.pegawai.unit.name == "Seksi Kelembagaan dan Sarana Prasarana SD"), None)  # fmt: skip
    if kasi is not None and kasi.obj is not None and kasi.status == SkpStatus.APPROVED:
        moment = at(add_workdays(today - datetime.timedelta(days=6), 0), 10, 15)
        writer.revise(kasi.obj, moment, Decimal(30), "", decide=False)
        revisions += 1

    counts: dict[str, int] = defaultdict(int)
    for plan in plans:
        counts[str(plan.status)] += 1
    counts["revisions"] = revisions
    counts["provisional"] = sum(
        r.provisional for pl in plans for r in pl.rhks if pl.status != "none"
    )
    return PlanningDemo(
        today=today, year_of=years, in_force=in_force, people=planner.people, named=named,
        users=users, counts=dict(counts),
    )  # fmt: skip


# ---------------------------------------------------------------- reset


def wipe_planning_data() -> None:
    """Delete the demo agencies' years, targets, SKPs (and everything hanging from them) and
    templates, with their audit rows and notifications. The seed libraries (BerAKHLAK,
    indicator and expectation libraries) stay."""
    years = PerformanceYear.objects.filter(instansi__code__in=agency_codes())
    skps = Skp.objects.filter(year__in=years)
    rhks = Rhk.objects.filter(skp__in=skps)
    ActionPlan.objects.filter(rhk__in=rhks).delete()
    Indicator.objects.filter(rhk__in=rhks).delete()
    # Links between RHK (and between SKP versions) protect their targets: cut them first.
    rhks.update(parent=None, handed_down_from=None, revised_from=None)
    Rhk.objects.filter(skp__in=skps).delete()
    SkpBehaviour.objects.filter(skp__in=skps).delete()
    SkpTransition.objects.filter(skp__in=skps).delete()
    skps.update(revision_of=None)
    Skp.objects.filter(year__in=years).delete()
    SkpTemplate.objects.filter(jabatan__instansi__code__in=agency_codes()).delete()
    OrgTarget.objects.filter(year__in=years).delete()
    years.delete()
    wipe_audit_and_notifications("planning.", "/perencanaan/")


def wipe_audit_and_notifications(object_prefix: str, url_prefix: str) -> None:
    """The audit trail is append-only at the ORM level; resetting demo data is the one place
    allowed to clear the rows about it (as seed_demo --reset does), so it bypasses the ORM."""
    table = connection.ops.quote_name(AuditLog._meta.db_table)
    column = connection.ops.quote_name("object_type")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} LIKE %s", [f"{object_prefix}%"])
    Notification.objects.filter(url__startswith=url_prefix).delete()
