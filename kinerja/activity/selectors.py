"""Reads of daily work: realisation and capaian per indicator, "my month", the team's month,
the verification queue and the agency's reporting rates. Set-based: a fixed number of queries
whatever the size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from kinerja.organisation.models import Pegawai, UnitKerja
from kinerja.planning.choices import Direction, SkpStatus, TargetKind
from kinerja.planning.models import Indicator, Period, Skp
from kinerja.scoring.rules import capaian

from .choices import EntryStatus
from .models import DailyEntry, Evidence, ManualRealisation
from .services import is_countable

ZERO = Decimal(0)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Monday–Friday days after `start` up to and including `end`."""
    if end <= start:
        return 0
    days = 0
    d = start + datetime.timedelta(days=1)
    while d <= end:
        if d.weekday() < 5:
            days += 1
        d += datetime.timedelta(days=1)
    return days


@dataclass
class IndicatorProgress:
    indicator: Indicator
    countable: bool
    by_period: dict[int, Decimal | None] = field(default_factory=dict)  # period id -> value
    realisation: Decimal | None = None
    capaian: Decimal | None = None
    expected_now: Decimal | None = None
    behind: bool = False
    manual_note: str = ""

    @property
    def target_number(self) -> Decimal | None:
        i = self.indicator
        return i.target_value if i.target_kind == TargetKind.NUMBER else i.target_high


def indicator_capaian(indicator: Indicator, realisation: Decimal | None) -> Decimal | None:
    if realisation is None:
        return None
    lower = indicator.direction == Direction.LOWER
    if indicator.target_kind == TargetKind.RANGE:
        return capaian(
            realisation, low=indicator.target_low, high=indicator.target_high, lower_is_better=lower
        )
    if indicator.target_kind == TargetKind.NUMBER:
        return capaian(realisation, target=indicator.target_value, lower_is_better=lower)
    return None


def progress_for_indicators(indicators: list[Indicator], periods: list[Period], today: datetime.date | None = None
                            ) -> list[IndicatorProgress]:  # fmt: skip
    """Realisation per period (sum of verified entries for countable indicators, else the manual
    value), the year's realisation so far, capaian, and whether it is behind plan. Two queries."""
    today = today or timezone.localdate()
    ids = [i.pk for i in indicators]
    sums: dict[tuple[int, int], Decimal] = {}
    for row in (
        DailyEntry.objects.filter(indicator_id__in=ids, status=EntryStatus.VERIFIED)
        .values("indicator_id", "period_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    ):
        sums[(row["indicator_id"], row["period_id"])] = row["total"] or ZERO
    manual: dict[tuple[int, int], ManualRealisation] = {
        (m.indicator_id, m.period_id): m
        for m in ManualRealisation.objects.filter(indicator_id__in=ids)
    }
    out = []
    for ind in indicators:
        countable = is_countable(ind)
        p = IndicatorProgress(indicator=ind, countable=countable)
        latest_manual: ManualRealisation | None = None
        running = ZERO
        for period in periods:
            m = manual.get((ind.pk, period.pk))
            if m is not None:
                latest_manual = m
            if countable and m is None:
                value: Decimal | None = sums.get((ind.pk, period.pk))
                if value is not None:
                    running += value
            else:
                value = m.value if m else None
                if m is not None and countable:
                    running += m.value
            p.by_period[period.pk] = value
        if countable:
            p.realisation = running
        elif latest_manual is not None:
            p.realisation = latest_manual.value
            p.manual_note = latest_manual.note
        p.capaian = indicator_capaian(ind, p.realisation)
        skp = ind.rhk.skp
        if countable and p.target_number and skp.start_date <= today:
            span = (skp.end_date - skp.start_date).days + 1
            elapsed = min(span, (today - skp.start_date).days + 1)
            p.expected_now = (p.target_number * Decimal(elapsed) / Decimal(span)).quantize(
                Decimal("0.01")
            )
            done = p.realisation or ZERO
            p.behind = ind.direction != Direction.LOWER and done < p.expected_now * Decimal("0.9")
        out.append(p)
    return out


def skp_progress(skp: Skp, today: datetime.date | None = None) -> list[IndicatorProgress]:
    indicators = list(
        Indicator.objects.filter(rhk__skp=skp)
        .select_related("rhk", "rhk__skp")
        .order_by("rhk__kind", "rhk__order", "order")
    )
    periods = list(skp.year.periods.all())
    return progress_for_indicators(indicators, periods, today)


def current_skp(pegawai: Pegawai, on: datetime.date | None = None) -> Skp | None:
    on = on or timezone.localdate()
    return (
        Skp.objects.filter(
            pegawai=pegawai, status=SkpStatus.APPROVED, start_date__lte=on, end_date__gte=on
        )
        .select_related("year")
        .order_by("-version")
        .first()
    )


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = day.replace(day=1)
    nxt = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, nxt - datetime.timedelta(days=1)


def my_month(pegawai: Pegawai, day: datetime.date | None = None) -> dict[str, Any]:
    """The employee's month: entries, the verified share, each indicator's progress."""
    day = day or timezone.localdate()
    first, last = month_bounds(day)
    entries = list(
        DailyEntry.objects.filter(pegawai=pegawai, date__range=(first, last))
        .exclude(status=EntryStatus.SUPERSEDED)
        .select_related("rhk", "indicator")
        .annotate(n_evidence=Count("evidence"))
        .order_by("-date", "-start_time")
    )
    counts = dict.fromkeys(EntryStatus.values, 0)
    for e in entries:
        counts[e.status] += 1
    submitted_total = (
        counts[EntryStatus.SUBMITTED] + counts[EntryStatus.VERIFIED] + counts[EntryStatus.REJECTED]
    )
    skp = current_skp(pegawai, day)
    return {
        "first": first, "last": last, "entries": entries, "counts": counts,
        "verified_share": round(100 * counts[EntryStatus.VERIFIED] / submitted_total) if submitted_total else None,
        "skp": skp, "progress": skp_progress(skp, day) if skp else [],
        "days_reported": len({e.date for e in entries}),
    }  # fmt: skip


def evidence_count() -> Any:
    """Each entry's evidence count as a correlated subquery: it runs for the page's rows only,
    where a Count() join groups every matching entry before the page is cut (measured on a
    queue of 6,700 pending entries: 49 ms → a few ms)."""
    counted = (
        Evidence.objects.filter(entry=OuterRef("pk"))
        .order_by()
        .values("entry")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def verification_queue(me: Pegawai, *, pegawai_id: int | None = None, indicator_id: int | None = None,
                       date_from: datetime.date | None = None, date_to: datetime.date | None = None
                       ) -> QuerySet[DailyEntry]:  # fmt: skip
    """Submitted entries awaiting `me`, oldest first, ready for a list page."""
    # The team as an id list: "rater = me OR pegawai.atasan = me" across a join makes PostgreSQL
    # scan every submitted entry; two indexable conditions do not.
    team_ids = list(Pegawai.objects.filter(atasan=me).values_list("pk", flat=True))
    qs = (
        DailyEntry.objects.filter(
            Q(rater=me) | Q(pegawai_id__in=team_ids), status=EntryStatus.SUBMITTED
        )
        .select_related("pegawai", "rhk", "indicator")
        .annotate(n_evidence=evidence_count())
        .order_by("date", "start_time", "id")
    )
    if pegawai_id:
        qs = qs.filter(pegawai_id=pegawai_id)
    if indicator_id:
        qs = qs.filter(indicator_id=indicator_id)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    return qs


@dataclass
class TeamMember:
    pegawai: Pegawai
    last_entry: datetime.date | None
    idle_working_days: int | None
    pending: int
    entries_this_month: int
    behind: int = 0


def team_month(
    me: Pegawai, *, idle_days: int = 3, day: datetime.date | None = None
) -> list[TeamMember]:
    """The superior's direct team this month: who has not reported for `idle_days` working days,
    pending verifications, indicators behind plan. A fixed number of queries."""
    day = day or timezone.localdate()
    first, last = month_bounds(day)
    team = list(
        Pegawai.objects.filter(atasan=me, is_active=True).select_related("jabatan").order_by("name")
    )
    ids = [p.pk for p in team]
    stats = {
        r["pegawai_id"]: r
        for r in DailyEntry.objects.filter(pegawai_id__in=ids)
        .exclude(status=EntryStatus.SUPERSEDED)
        .values("pegawai_id")
        .annotate(
            last=Max("date"),
            pending=Count("id", filter=Q(status=EntryStatus.SUBMITTED)),
            month=Count("id", filter=Q(date__range=(first, last))),
        )
        .order_by()
    }
    skps = list(
        Skp.objects.filter(
            pegawai_id__in=ids, status=SkpStatus.APPROVED, start_date__lte=day, end_date__gte=day
        ).select_related("year")
    )
    indicators = list(Indicator.objects.filter(rhk__skp__in=skps).select_related("rhk", "rhk__skp"))
    periods_by_year: dict[int, list[Period]] = {}
    for p in Period.objects.filter(year_id__in={s.year_id for s in skps}).order_by("number"):
        periods_by_year.setdefault(p.year_id, []).append(p)
    behind: dict[int, int] = {}
    for year_id, periods in periods_by_year.items():
        inds = [i for i in indicators if i.rhk.skp.year_id == year_id]
        for prog in progress_for_indicators(inds, periods, day):
            if prog.behind:
                owner = prog.indicator.rhk.skp.pegawai_id
                behind[owner] = behind.get(owner, 0) + 1
    out = []
    for p in team:
        s = stats.get(p.pk, {})
        last_entry = s.get("last")
        out.append(TeamMember(
            pegawai=p, last_entry=last_entry,
            idle_working_days=working_days_between(last_entry, day) if last_entry else None,
            pending=s.get("pending", 0), entries_this_month=s.get("month", 0), behind=behind.get(p.pk, 0),
        ))  # fmt: skip
    return out


def reporting_rates(instansi_id: int, day: datetime.date | None = None) -> list[dict[str, Any]]:
    """Per unit of an agency this month: active employees, how many of them submitted entries,
    entries submitted and the share verified. A reporter is an active employee with at least one
    submitted (not draft) entry, so the rate never exceeds 100%. Two aggregate queries."""
    day = day or timezone.localdate()
    first, last = month_bounds(day)
    units = list(UnitKerja.objects.filter(instansi_id=instansi_id).order_by("path"))
    headcount = dict(
        Pegawai.objects.filter(instansi_id=instansi_id, is_active=True)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = {
        r["pegawai__unit_id"]: r
        for r in DailyEntry.objects.filter(
            pegawai__instansi_id=instansi_id, pegawai__is_active=True, date__range=(first, last)
        )
        .exclude(status__in=(EntryStatus.SUPERSEDED, EntryStatus.DRAFT))
        .values("pegawai__unit_id")
        .annotate(
            reporters=Count("pegawai_id", distinct=True),
            submitted=Count("id"),
            verified=Count("id", filter=Q(status=EntryStatus.VERIFIED)),
        )
        .order_by()
    }
    out = []
    # Staff with no unit get a row of their own, so every active employee is counted somewhere.
    rows_units: list[UnitKerja | None] = [*units, None] if headcount.get(None) else list(units)
    for u in rows_units:
        key = u.pk if u is not None else None
        r = rows.get(key, {})
        n = headcount.get(key, 0)
        submitted = r.get("submitted", 0)
        out.append({
            "unit": u, "employees": n, "reporters": r.get("reporters", 0),
            "reporting_rate": round(100 * r.get("reporters", 0) / n) if n else None,
            "submitted": submitted, "verified": r.get("verified", 0),
            "verification_rate": round(100 * r.get("verified", 0) / submitted) if submitted else None,
        })  # fmt: skip
    return out
