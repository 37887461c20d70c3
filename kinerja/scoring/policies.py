"""Scoring policies, chosen per performance year and frozen with it (DOMAIN.md §4), so any
result can be recomputed the way it was made. Pure Python: no ORM, mypy-strict.

- `permenpanrb-6-2022` (default): the rater judges two ratings; the policy only *suggests* the
  rating hasil kerja from the indicators' capaian under configurable thresholds, with reasons,
  and the predikat follows from the fixed matrix.
- `pp-30-2019`: the older numeric model — 70% SKP + 30% behaviour (60/40 with 360° input),
  capaian capped at 120, bands, Sangat Baik only with a documented innovation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .rules import Predikat, Rating, predikat

D = Decimal


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator as the policy sees it."""

    label: str
    utama: bool
    capaian: Decimal | None


@dataclass(frozen=True)
class Suggestion:
    rating: Rating | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Permenpanrb2022:
    """Thresholds are data: an agency may set them, and they are frozen with the year."""

    key: str = "permenpanrb-6-2022"
    floor: Decimal = D(80)  # an Utama indicator below this → Di Bawah
    meet: Decimal = D(100)  # every Utama at least this → Sesuai
    exceed: Decimal = D(110)  # ...and this share of Utama at least `exceed` → Di Atas
    exceed_share: Decimal = D("0.5")

    def params(self) -> dict[str, str]:
        return {"floor": str(self.floor), "meet": str(self.meet), "exceed": str(self.exceed),
                "exceed_share": str(self.exceed_share)}  # fmt: skip

    def suggest(self, indicators: Sequence[IndicatorScore]) -> Suggestion:
        utama = [i for i in indicators if i.utama]
        if not utama:
            return Suggestion(None, ("Tidak ada indikator Utama untuk dinilai.",))
        missing = [i.label for i in utama if i.capaian is None]
        if missing:
            return Suggestion(None, tuple(f"Capaian belum dapat dihitung: {m}." for m in missing))
        caps = [(i.label, i.capaian) for i in utama if i.capaian is not None]
        below = [(lbl, c) for lbl, c in caps if c < self.floor]
        if below:
            return Suggestion(Rating.DI_BAWAH, tuple(
                f"{lbl}: capaian {c}% di bawah batas {self.floor}%." for lbl, c in below
            ))  # fmt: skip
        short = [(lbl, c) for lbl, c in caps if c < self.meet]
        if short:
            return Suggestion(Rating.DI_BAWAH, tuple(
                f"{lbl}: capaian {c}% belum mencapai {self.meet}%." for lbl, c in short
            ))  # fmt: skip
        high = [lbl for lbl, c in caps if c >= self.exceed]
        if high and D(len(high)) / D(len(caps)) >= self.exceed_share:
            return Suggestion(Rating.DI_ATAS, (
                f"Semua indikator Utama mencapai {self.meet}% atau lebih.",
                f"{len(high)} dari {len(caps)} indikator Utama mencapai {self.exceed}% atau lebih.",
            ))  # fmt: skip
        return Suggestion(
            Rating.SESUAI, (f"Semua indikator Utama mencapai {self.meet}% atau lebih.",)
        )

    def predikat(self, hasil_kerja: Rating, perilaku: Rating) -> Predikat:
        return predikat(hasil_kerja, perilaku)


PP30_BANDS: tuple[tuple[Decimal, str], ...] = (
    (D(110), "Sangat Baik"),
    (D(90), "Baik"),
    (D(70), "Cukup"),
    (D(50), "Kurang"),
    (D(0), "Sangat Kurang"),
)


@dataclass(frozen=True)
class PP30Result:
    skp_score: Decimal
    behaviour_score: Decimal
    total: Decimal
    label: str
    weights: tuple[int, int]


@dataclass(frozen=True)
class PP30_2019:
    key: str = "pp-30-2019"
    cap: Decimal = D(120)
    weights: tuple[int, int] = (70, 30)
    weights_with_360: tuple[int, int] = (60, 40)

    def params(self) -> dict[str, Any]:
        return {
            "cap": str(self.cap),
            "weights": list(self.weights),
            "weights_with_360": list(self.weights_with_360),
        }

    def skp_score(self, capaian: Sequence[Decimal]) -> Decimal:
        """The mean of each indicator's capaian, each capped at `cap`."""
        if not capaian:
            return D(0)
        capped = [min(max(c, D(0)), self.cap) for c in capaian]
        return _q(sum(capped, D(0)) / D(len(capped)))

    def score(self, capaian: Sequence[Decimal], behaviour: Decimal, *, with_360: bool,
              innovation: bool) -> PP30Result:  # fmt: skip
        w_skp, w_beh = self.weights_with_360 if with_360 else self.weights
        skp = self.skp_score(capaian)
        beh = min(max(behaviour, D(0)), self.cap)
        total = _q((skp * w_skp + beh * w_beh) / D(100))
        return PP30Result(
            skp, _q(beh), total, self.band(total, innovation=innovation), (w_skp, w_beh)
        )

    def band(self, total: Decimal, *, innovation: bool) -> str:
        for lower, label in PP30_BANDS:
            if total >= lower:
                if label == "Sangat Baik" and not innovation:
                    return "Baik"  # 110–120 needs a documented innovation
                return label
        return "Sangat Kurang"


def _q(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


Policy = Permenpanrb2022 | PP30_2019


@dataclass(frozen=True)
class PolicyRegistry:
    by_key: Mapping[str, type[Permenpanrb2022] | type[PP30_2019]] = field(
        default_factory=lambda: {"permenpanrb-6-2022": Permenpanrb2022, "pp-30-2019": PP30_2019}
    )

    def build(self, key: str, params: Mapping[str, Any] | None = None) -> Policy:
        """The policy `key` with frozen `params` (strings for decimals, lists for weights)."""
        cls = self.by_key[key]
        kwargs: dict[str, Any] = {}
        for name, value in (params or {}).items():
            if isinstance(value, list):
                kwargs[name] = tuple(int(v) for v in value)
            else:
                kwargs[name] = D(str(value))
        return cls(**kwargs)


POLICIES = PolicyRegistry()
