from django.db import models
from django.utils.translation import gettext_lazy as _


class InstansiKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    KECAMATAN = "kecamatan", _("Kecamatan")
    LAINNYA = "lainnya", _("Lainnya")


class JabatanKind(models.TextChoices):
    """DOMAIN §1: the kind of a position."""

    JPT = "JPT", _("Jabatan Pimpinan Tinggi (JPT)")
    JA = "JA", _("Jabatan Administrasi (JA)")
    JF = "JF", _("Jabatan Fungsional (JF)")


class JabatanLevel(models.TextChoices):
    """DOMAIN §1: the level of a position; which levels a kind allows is LEVELS_BY_KIND."""

    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")


L = JabatanLevel
LEVELS_BY_KIND: dict[str, tuple[str, ...]] = {
    JabatanKind.JPT: (L.JPT_UTAMA, L.JPT_MADYA, L.JPT_PRATAMA),
    JabatanKind.JA: (L.ADMINISTRATOR, L.PENGAWAS, L.PELAKSANA),
    JabatanKind.JF: (
        L.AHLI_PERTAMA,
        L.AHLI_MUDA,
        L.AHLI_MADYA,
        L.AHLI_UTAMA,
        L.PEMULA,
        L.TERAMPIL,
        L.MAHIR,
        L.PENYELIA,
    ),
}
JF_KEAHLIAN = (L.AHLI_PERTAMA, L.AHLI_MUDA, L.AHLI_MADYA, L.AHLI_UTAMA)
JF_KETERAMPILAN = (L.PEMULA, L.TERAMPIL, L.MAHIR, L.PENYELIA)


class EmployeeKind(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


# DOMAIN §1: the 17 ordered PNS ranks, stored as an ordinal 1..17.
PNS_GOLONGAN: tuple[tuple[int, str, str], ...] = (
    (1, "I/a", "Juru Muda"),
    (2, "I/b", "Juru Muda Tingkat I"),
    (3, "I/c", "Juru"),
    (4, "I/d", "Juru Tingkat I"),
    (5, "II/a", "Pengatur Muda"),
    (6, "II/b", "Pengatur Muda Tingkat I"),
    (7, "II/c", "Pengatur"),
    (8, "II/d", "Pengatur Tingkat I"),
    (9, "III/a", "Penata Muda"),
    (10, "III/b", "Penata Muda Tingkat I"),
    (11, "III/c", "Penata"),
    (12, "III/d", "Penata Tingkat I"),
    (13, "IV/a", "Pembina"),
    (14, "IV/b", "Pembina Tingkat I"),
    (15, "IV/c", "Pembina Utama Muda"),
    (16, "IV/d", "Pembina Utama Madya"),
    (17, "IV/e", "Pembina Utama"),
)
PPPK_GOLONGAN: tuple[tuple[int, str], ...] = tuple(
    (i, roman)
    for i, roman in enumerate(
        [
            "I",
            "II",
            "III",
            "IV",
            "V",
            "VI",
            "VII",
            "VIII",
            "IX",
            "X",
            "XI",
            "XII",
            "XIII",
            "XIV",
            "XV",
            "XVI",
            "XVII",
        ],
        start=1,
    )
)
GOLONGAN_CHOICES = [(n, f"{code} — {name}") for n, code, name in PNS_GOLONGAN]


def golongan_label(kind: str, ordinal: int | None) -> str:
    """The golongan code with its pangkat name (PNS) or the roman numeral (PPPK)."""
    if not ordinal:
        return ""
    if kind == EmployeeKind.PPPK:
        return PPPK_GOLONGAN[ordinal - 1][1] if 1 <= ordinal <= 17 else ""
    if 1 <= ordinal <= 17:
        _n, code, name = PNS_GOLONGAN[ordinal - 1]
        return f"{code} {name}"
    return ""


def golongan_from_text(kind: str, text: str) -> int | None:
    """Parse 'III/a', 'iii/a', 'Penata Muda', 'IX' or '9' into the ordinal; None if unknown."""
    value = (text or "").strip()
    if not value:
        return None
    if value.isdigit():
        n = int(value)
        return n if 1 <= n <= 17 else None
    folded = value.replace(" ", "").lower()
    if kind == EmployeeKind.PPPK:
        for n, roman in PPPK_GOLONGAN:
            if folded == roman.lower():
                return n
        return None
    for n, code, name in PNS_GOLONGAN:
        if folded == code.lower() or value.lower() == name.lower():
            return n
    return None


class AssignmentKind(models.TextChoices):
    DEFINITIF = "definitif", _("Definitif")
    PLT = "plt", _("Pelaksana Tugas (Plt)")
    PLH = "plh", _("Pelaksana Harian (Plh)")
