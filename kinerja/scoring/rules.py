"""The rules of DOMAIN.md §4 as pure functions: no ORM, no Django, mypy-strict.

- `capaian`: an indicator's achievement from its realisation and target (PermenPANRB 8/2021
  convention, the basis of the suggestion).
- `predikat`: the fixed matrix of PermenPANRB 6/2022 from rating hasil kerja × rating perilaku.
- the order of the predikat, best to worst.

Every function here is a table or a formula; tests check every cell."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class Rating(StrEnum):
    """The one three-level scale of both ratings."""

    DI_ATAS = "di_atas"  # Di Atas Ekspektasi
    SESUAI = "sesuai"  # Sesuai Ekspektasi
    DI_BAWAH = "di_bawah"  # Di Bawah Ekspektasi

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS: dict[Rating, str] = {
    Rating.DI_ATAS: "Di Atas Ekspektasi",
    Rating.SESUAI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH: "Di Bawah Ekspektasi",
}


class Predikat(StrEnum):
    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"  # Kurang/Misconduct
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return PREDIKAT_LABELS[self]

    @property
    def rank(self) -> int:
        """1 = best (Sangat Baik) … 5 = worst (Sangat Kurang)."""
        return PREDIKAT_ORDER.index(self) + 1


PREDIKAT_LABELS: dict[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}

# Best to worst: Sangat Baik > Baik > Butuh Perbaikan > Kurang/Misconduct > Sangat Kurang.
PREDIKAT_ORDER: tuple[Predikat, ...] = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)

# (rating hasil kerja, rating perilaku) -> predikat. DOMAIN.md §4, every cell.
MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja: Rating, perilaku: Rating) -> Predikat:
    """The predikat kinerja pegawai from the two ratings; always derived, never typed."""
    return MATRIX[(Rating(hasil_kerja), Rating(perilaku))]


def is_at_least(p: Predikat, floor: Predikat) -> bool:
    """True when `p` is `floor` or better."""
    return PREDIKAT_ORDER.index(p) <= PREDIKAT_ORDER.index(floor)


HUNDRED = Decimal(100)
TWO = Decimal(2)
PLACES = Decimal("0.01")


def capaian(
    realisasi: Decimal,
    *,
    target: Decimal | None = None,
    low: Decimal | None = None,
    high: Decimal | None = None,
    lower_is_better: bool = False,
) -> Decimal | None:
    """Achievement in percent (2 decimals), or None when it cannot be computed.

    Higher is better: realisasi ÷ target × 100. Lower is better: (2 − realisasi ÷ target) × 100,
    never below 0. A range target compares with the upper bound when the realisation is above
    it and with the lower bound when below it; inside the range it is 100."""
    if low is not None and high is not None:
        if low <= realisasi <= high:
            return HUNDRED.quantize(PLACES)
        bound = high if realisasi > high else low
        return capaian(realisasi, target=bound, lower_is_better=lower_is_better)
    if target is None or target <= 0:
        return None
    ratio = realisasi / target
    value = (TWO - ratio) * HUNDRED if lower_is_better else ratio * HUNDRED
    if value < 0:
        value = Decimal(0)
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)
