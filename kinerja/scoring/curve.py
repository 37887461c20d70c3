"""The organisation's distribution curve (DOMAIN.md §4): for a unit's organisation predikat, the
pattern its employees' predikat should follow. Guidance only: breaches are warnings the rater
acknowledges. Percentages and rounding are data (settings), never constants in code."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .rules import Predikat


class OrgPredikat(StrEnum):
    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


ORG_LABELS = {
    OrgPredikat.ISTIMEWA: "Istimewa",
    OrgPredikat.BAIK: "Baik",
    OrgPredikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    OrgPredikat.KURANG: "Kurang",
    OrgPredikat.SANGAT_KURANG: "Sangat Kurang",
}


@dataclass(frozen=True)
class Bound:
    """The share of employees whose predikat is in `predikat` must be at most / at least `pct`."""

    predikat: tuple[Predikat, ...]
    op: str  # "max" or "min"
    pct: Decimal


SB, B, BP, K, SK = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)

# DOMAIN.md §4 table, as default settings. "At least one" is min 1 employee (pct None → count).
DEFAULT_RULES: dict[OrgPredikat, tuple[Bound, ...]] = {
    OrgPredikat.ISTIMEWA: (Bound((SB,), "max", Decimal(70)),),
    OrgPredikat.BAIK: (Bound((B,), "max", Decimal(70)), Bound((BP, K), "min_count", Decimal(1))),
    OrgPredikat.BUTUH_PERBAIKAN: (
        Bound((BP,), "min", Decimal(60)),
        Bound((SB,), "max", Decimal(10)),
    ),
    OrgPredikat.KURANG: (
        Bound((K,), "min", Decimal(60)),
        Bound((BP,), "min", Decimal(10)),
        Bound((SB,), "max", Decimal(10)),
    ),
    OrgPredikat.SANGAT_KURANG: (
        Bound((SK,), "min", Decimal(60)),
        Bound((K, BP), "min", Decimal(10)),
        Bound((SB,), "max_count", Decimal(0)),
    ),
}


@dataclass(frozen=True)
class Breach:
    bound: Bound
    actual: int
    allowed: int
    message: str


def _limit(pct: Decimal, n: int, rounding: str, op: str) -> int:
    raw = float(pct) * n / 100
    if rounding == "floor":
        return math.floor(raw)
    if rounding == "ceil":
        return math.ceil(raw)
    # "lenient": round in the employee's favour — allow more under a max, ask fewer under a min.
    return math.ceil(raw) if op == "max" else math.floor(raw)


def check_curve(
    org: OrgPredikat,
    predikats: Sequence[Predikat],
    *,
    rules: Mapping[OrgPredikat, Sequence[Bound]] | None = None,
    rounding: str = "lenient",
) -> list[Breach]:
    """Breaches of the pattern for `org` by the pool's predikat. An empty pool breaches nothing."""
    n = len(predikats)
    if n == 0:
        return []
    out = []
    for bound in (rules or DEFAULT_RULES)[org]:
        actual = sum(1 for p in predikats if p in bound.predikat)
        names = " atau ".join(p.label for p in bound.predikat)
        if bound.op == "max":
            allowed = _limit(bound.pct, n, rounding, "max")
            if actual > allowed:
                out.append(Breach(bound, actual, allowed,
                                  f"{names}: {actual} dari {n} pegawai; paling banyak {bound.pct}% ({allowed})."))  # fmt: skip
        elif bound.op == "min":
            allowed = _limit(bound.pct, n, rounding, "min")
            if actual < allowed:
                out.append(Breach(bound, actual, allowed,
                                  f"{names}: {actual} dari {n} pegawai; paling sedikit {bound.pct}% ({allowed})."))  # fmt: skip
        elif bound.op == "min_count":
            allowed = int(bound.pct)
            if actual < allowed:
                out.append(
                    Breach(
                        bound,
                        actual,
                        allowed,
                        f"{names}: paling sedikit {allowed} pegawai; ada {actual}.",
                    )
                )
        elif bound.op == "max_count":
            allowed = int(bound.pct)
            if actual > allowed:
                out.append(
                    Breach(
                        bound,
                        actual,
                        allowed,
                        f"{names}: paling banyak {allowed} pegawai; ada {actual}.",
                    )
                )
        else:  # pragma: no cover - settings are validated on input
            raise ValueError(bound.op)
    return out
