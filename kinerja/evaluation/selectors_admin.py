"""Reads for the agency evaluation pages: the scope (agency, year, period), the result list and
its export rows, the predikat distribution per unit, and the organisation predikat per unit with
the curve status of each unit's pool. Every list goes through `Evaluation.objects.visible_to`;
each function runs a fixed number of queries whatever the number of employees."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.organisation.models import Instansi, Pegawai, UnitKerja
from kinerja.organisation.permissions import access_for
from kinerja.planning.models import PerformanceYear, Period
from kinerja.scoring import curve as curve_rules
from kinerja.scoring.rules import Predikat as RulePredikat

from .choices import Kind, Predikat, Rating, Status
from .models import Evaluation, UnitPredikat

ANNUAL = "tahunan"
NO_PREDIKAT = "belum"

# Colours of the predikat, best to worst, for the chart and the legend.
PREDIKAT_COLOURS = {
    Predikat.SANGAT_BAIK: "#0f5132",
    Predikat.BAIK: "#198754",
    Predikat.BUTUH_PERBAIKAN: "#ffc107",
    Predikat.KURANG: "#fd7e14",
    Predikat.SANGAT_KURANG: "#dc3545",
}


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- who reads which agency


def agency_reader_ids(user: Any) -> frozenset[int] | None:
    """Agencies whose results the user reads as a whole: None means every agency (BKPSDM,
    auditors); an empty set means none."""
    access = access_for(user)
    if access.pemda_wide_read:
        return None
    return access.read_instansi_ids


def can_read_agency(user: Any, instansi_id: int) -> bool:
    ids = agency_reader_ids(user)
    return ids is None or instansi_id in ids


def is_unit_leader(user: Any) -> bool:
    """A head with people under them may set the organisation predikat of units below."""
    access = access_for(user)
    return access.pegawai is not None and access.has_subordinates


def can_set_unit_predikat(user: Any, unit: UnitKerja, head: Pegawai | None) -> bool:
    """The rule of services.unit_predikat_set, for showing the form: an admin of the agency, or
    a superior of the unit's head (the leader one level up or higher). The unit's own head may
    not set it."""
    access = access_for(user)
    if access.can_write_instansi(unit.instansi_id):
        return True
    me = access.pegawai
    return me is not None and head is not None and f"/{me.pk}/" in head.chain


# ---------------------------------------------------------------- scope


@dataclass
class EvaluationScope:
    """The agency, year and period (None = the annual evaluation) a page shows, with the
    choices offered for each."""

    instansi: Instansi
    year: PerformanceYear | None
    period: Period | None
    instansi_options: list[Instansi]
    year_options: list[PerformanceYear]
    period_options: list[Period]

    @property
    def annual(self) -> bool:
        return self.year is not None and self.period is None

    @property
    def period_value(self) -> str:
        return str(self.period.pk) if self.period is not None else ANNUAL

    @property
    def period_label(self) -> str:
        return self.period.name if self.period is not None else str(_("Tahunan"))

    def params(self) -> dict[str, Any]:
        out: dict[str, Any] = {"instansi": self.instansi.pk}
        if self.year is not None:
            out["year"] = self.year.pk
            out["period"] = self.period_value
        return out


def _default_period(periods: list[Period], today: datetime.date) -> Period | None:
    return next((p for p in periods if p.start_date <= today <= p.end_date), None)


def evaluation_scope_for(
    user: Any,
    instansi_id: Any = None,
    year_id: Any = None,
    period_id: Any = None,
    *,
    leaders: bool = False,
) -> EvaluationScope:
    """Three queries: the agencies offered, their years, the chosen year's periods. An agency
    the user may not read is a 404 (forbidden looks like missing); `leaders` also offers a unit
    leader their own agency (the organisation predikat page)."""
    access = access_for(user)
    ids = agency_reader_ids(user)
    qs = Instansi.objects.order_by("name")
    if ids is not None:
        allowed = set(ids)
        if leaders and is_unit_leader(user) and access.pegawai is not None:
            allowed.add(access.pegawai.instansi_id)
        qs = qs.filter(pk__in=allowed)
    options = list(qs.only("id", "name", "short_name"))
    if not options:
        raise Http404
    raw = _int(instansi_id)
    if instansi_id not in (None, "") and (raw is None or raw not in {i.pk for i in options}):
        raise Http404
    all_years = list(
        PerformanceYear.objects.filter(instansi__in=[i.pk for i in options]).order_by("-year")
    )
    with_years = {y.instansi_id for y in all_years}
    own = access.pegawai.instansi_id if access.pegawai is not None else None
    instansi = (
        next((i for i in options if i.pk == raw), None)
        or next((i for i in options if i.pk == own), None)
        or next((i for i in options if i.pk in with_years), None)
        or options[0]
    )
    years = [y for y in all_years if y.instansi_id == instansi.pk]
    today = timezone.localdate()
    year = next((y for y in years if y.pk == _int(year_id)), None)
    if year is None and years:
        year = next((y for y in years if y.year == today.year), years[0])
    periods = list(year.periods.order_by("number")) if year is not None else []
    period: Period | None
    if period_id == ANNUAL:
        period = None
    else:
        # A missing or unknown period falls back to the one running today (else the year).
        period = next((p for p in periods if p.pk == _int(period_id)), None)
        if period is None:
            period = _default_period(periods, today)
    return EvaluationScope(instansi, year, period, options, years, periods)


def units_of(instansi: Instansi) -> list[UnitKerja]:
    units = list(
        UnitKerja.objects.filter(instansi=instansi)
        .only("id", "name", "path", "depth", "parent_id", "instansi_id")
        .order_by("path")
    )
    base = min((u.depth for u in units), default=0)
    for u in units:
        u.indent = "\u2003" * (u.depth - base)  # type: ignore[attr-defined]
    return units


# ---------------------------------------------------------------- the result list


def _in_scope(qs: QuerySet[Evaluation], scope: EvaluationScope) -> QuerySet[Evaluation]:
    qs = qs.filter(instansi=scope.instansi, skp__year=scope.year)
    if scope.period is None:
        return qs.filter(kind=Kind.ANNUAL)
    return qs.filter(kind=Kind.PERIODIC, period=scope.period)


def result_list(
    user: Any,
    scope: EvaluationScope,
    *,
    unit: UnitKerja | None = None,
    status: str = "",
    predikat: str = "",
) -> QuerySet[Evaluation]:
    """Every evaluation of the agency in the year and period the user may see, filtered by unit
    (and the units below it), status and predikat, with everything a row shows in one query."""
    if scope.year is None:
        return Evaluation.objects.none()
    qs = _in_scope(Evaluation.objects.visible_to(user), scope)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if predikat == NO_PREDIKAT:
        qs = qs.filter(predikat="")
    elif predikat:
        qs = qs.filter(predikat=predikat)
    return (
        qs.select_related("pegawai", "unit", "rater", "jabatan", "period")
        .annotate(objection_decision=F("objection__decision"), objection_pk=F("objection__id"))
        .order_by("unit__path", "pegawai__name", "pk")
    )


def objection_label(ev: Evaluation) -> str:
    decision = getattr(ev, "objection_decision", "")
    if getattr(ev, "objection_pk", None) is None:
        return ""
    if decision:
        from .choices import ObjectionDecision

        return str(ObjectionDecision(decision).label)
    return str(_("Menunggu keputusan"))


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value else ""


def export_header() -> list[str]:
    return [
        str(h)
        for h in (
            _("NIP"), _("Nama"), _("Unit kerja"), _("Jabatan"), _("Pejabat penilai"),
            _("Periode"), _("Status"), _("Saran rating hasil kerja"), _("Rating hasil kerja"),
            _("Rating perilaku kerja"), _("Predikat"), _("Berbeda dari saran"),
            _("Alasan berbeda dari saran"), _("Keberatan"),
        )
    ]  # fmt: skip


def export_rows(qs: QuerySet[Evaluation]) -> Iterator[list[Any]]:
    """One row per evaluation, in the order of the list page."""
    yes, no = str(_("Ya")), str(_("Tidak"))
    annual = str(_("Tahunan"))
    for ev in qs.iterator(chunk_size=1000):
        yield [
            ev.pegawai.nip,
            ev.pegawai.full_name,
            ev.unit.name if ev.unit else "",
            ev.jabatan.name if ev.jabatan else "",
            ev.rater.full_name if ev.rater else "",
            ev.period.name if ev.period else annual,
            _label(Status, ev.status),
            _label(Rating, ev.suggested_rating),
            _label(Rating, ev.rating_hasil_kerja),
            _label(Rating, ev.rating_perilaku),
            _label(Predikat, ev.predikat),
            yes if ev.departs_from_suggestion else no,
            ev.departure_reason,
            objection_label(ev),
        ]


# ---------------------------------------------------------------- predikat distribution


@dataclass
class DistributionRow:
    unit: UnitKerja | None
    counts: list[int]  # per Predikat, best to worst, then "not yet"
    total: int

    @property
    def cells(self) -> list[tuple[str, str, int]]:
        """(key, label, count) per column of predikat_headers()."""
        return [
            (k, label, n) for (k, label, _c), n in zip(predikat_headers(), self.counts, strict=True)
        ]


@dataclass
class Distribution:
    rows: list[DistributionRow]
    totals: list[int]
    total: int
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def total_cells(self) -> list[tuple[str, str, int]]:
        return [
            (k, label, n) for (k, label, _c), n in zip(predikat_headers(), self.totals, strict=True)
        ]


def distribution(
    user: Any, scope: EvaluationScope, units: list[UnitKerja], unit: UnitKerja | None = None
) -> Distribution:
    """Counts of predikat per unit in one aggregate query, and the data for the bar chart."""
    keys = [p.value for p in Predikat] + [""]
    if scope.year is None:
        return Distribution([], [0] * len(keys), 0)
    qs = _in_scope(Evaluation.objects.visible_to(user), scope)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    for row in qs.order_by().values("unit_id", "predikat").annotate(n=Count("pk")):
        counts[row["unit_id"]][row["predikat"]] = row["n"]
    rows = []
    for u in [*units, None]:
        got = counts.get(u.pk if u is not None else None)
        if not got:
            continue
        cells = [got.get(k, 0) for k in keys]
        rows.append(DistributionRow(u, cells, sum(cells)))
    totals = [sum(r.counts[i] for r in rows) for i in range(len(keys))]
    no_unit = str(_("(tanpa unit)"))
    chart = {
        "labels": [r.unit.name if r.unit else no_unit for r in rows],
        "datasets": [
            {"label": str(p.label), "data": [r.counts[i] for r in rows],
             "color": PREDIKAT_COLOURS[p]}
            for i, p in enumerate(Predikat)
        ]
        + [{"label": str(_("Belum ada predikat")), "data": [r.counts[-1] for r in rows],
            "color": "#ced4da"}],
    }  # fmt: skip
    return Distribution(rows, totals, sum(totals), chart)


def predikat_headers() -> list[tuple[str, str, str]]:
    """(key, label, colour) for the distribution columns, best to worst, then "not yet"."""
    return [(p.value, str(p.label), PREDIKAT_COLOURS[p]) for p in Predikat] + [
        (NO_PREDIKAT, str(_("Belum ada")), "#ced4da")
    ]


# ---------------------------------------------------------------- organisation predikat


@dataclass
class CurveStatus:
    """The predikat of one pool (a unit, or one rater's people) against the unit's curve."""

    label: str
    counts: list[tuple[str, str, int]]  # (predikat, label, count), best to worst
    size: int
    breaches: list[str]


@dataclass
class UnitPredikatRow:
    unit: UnitKerja
    head: Pegawai | None
    predikat: UnitPredikat | None
    can_set: bool
    pools: list[CurveStatus]

    @property
    def breached(self) -> bool:
        return any(p.breaches for p in self.pools)


def _check(org: str, predikats: list[str]) -> list[str]:
    breaches = curve_rules.check_curve(
        curve_rules.OrgPredikat(org),
        [RulePredikat(p) for p in predikats],
        rounding=settings.KINERJA_CURVE_ROUNDING,
    )
    return [b.message for b in breaches]


def unit_predikat_rows(user: Any, scope: EvaluationScope) -> list[UnitPredikatRow]:
    """The agency's units (for a leader who does not read the whole agency: the units whose
    head is below them) with the organisation predikat for the period, who may set it, and the
    curve status of each unit's pool. The pools are those of services.curve_pool (setting
    KINERJA_CURVE_POOL: everyone rated by one rater in the period, or the whole unit), built
    set-based in four queries instead of one per evaluation."""
    instansi = scope.instansi
    access = access_for(user)
    units = units_of(instansi)
    heads: dict[int, Pegawai] = {}
    for p in (
        Pegawai.objects.filter(
            instansi=instansi, jabatan__is_head=True, is_active=True, unit__isnull=False
        )
        .order_by("pk")
        .only("id", "name", "gelar_depan", "gelar_belakang", "chain", "unit_id")
    ):
        heads.setdefault(p.unit_id, p)  # type: ignore[arg-type]
    if not can_read_agency(user, instansi.pk) and not access.can_write_instansi(instansi.pk):
        me = access.pegawai
        prefix = me.subtree_prefix if me is not None else "\0"
        units = [u for u in units if u.pk in heads and heads[u.pk].chain.startswith(prefix)]
    set_rows = {
        r.unit_id: r
        for r in UnitPredikat.objects.filter(
            unit__instansi=instansi, period=scope.period
        ).select_related("set_by")
    }
    kind = Kind.ANNUAL if scope.period is None else Kind.PERIODIC
    base = Evaluation.objects.filter(period=scope.period, kind=kind).exclude(predikat="")
    if scope.year is not None:
        base = base.filter(skp__year__year=scope.year.year)
    by_unit: dict[int, list[tuple[int | None, str]]] = defaultdict(list)
    by_rater: dict[int, list[str]] = defaultdict(list)
    rater_names: dict[int, str] = {}
    if settings.KINERJA_CURVE_POOL == "unit":
        for unit_id, pred in base.filter(unit__instansi=instansi).values_list(
            "unit_id", "predikat"
        ):
            by_unit[unit_id].append((None, pred))
    else:
        # A rater's pool is everyone they rate in the period, wherever those people work.
        raters = Evaluation.objects.filter(
            instansi=instansi, period=scope.period, kind=kind, rater__isnull=False
        ).values("rater_id")
        rows = base.filter(Q(rater_id__in=raters)).values_list(
            "unit_id", "rater_id", "predikat", "rater__name"
        )
        for unit_id, rater_id, pred, rater_name in rows:
            by_rater[rater_id].append(pred)
            rater_names[rater_id] = rater_name
            by_unit[unit_id].append((rater_id, pred))
    out = []
    for u in units:
        org = set_rows.get(u.pk)
        pools: list[CurveStatus] = []
        members = by_unit.get(u.pk, [])
        if settings.KINERJA_CURVE_POOL == "unit":
            if members:
                preds = [p for _r, p in members]
                pools.append(_pool(str(_("Seluruh unit")), preds, org))
        else:
            for rater_id in sorted({r for r, _p in members if r is not None},
                                   key=lambda r: rater_names.get(r, "")):  # fmt: skip
                label = _("Penilai: %(n)s") % {"n": rater_names.get(rater_id, "")}
                pools.append(_pool(label, by_rater[rater_id], org))
        head = heads.get(u.pk)
        out.append(UnitPredikatRow(u, head, org, can_set_unit_predikat(user, u, head), pools))
    return out


def _pool(label: str, predikats: list[str], org: UnitPredikat | None) -> CurveStatus:
    counts = [(p.value, str(p.label), predikats.count(p.value)) for p in Predikat]
    breaches = _check(org.predikat, predikats) if org is not None else []
    return CurveStatus(label, counts, len(predikats), breaches)
