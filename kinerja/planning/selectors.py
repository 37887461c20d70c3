"""Reads for planning administration, each scoped to the acting user: the year list, targets,
templates, the SKP status board and the cascade map.

Every read here runs a fixed number of set-based queries whatever the size of the agency: counts
are one aggregate (`Count(..., filter=Q(...))`) over the employees or RHK in scope, and "which
employees have an SKP in this status" is a non-correlated `IN (SELECT pegawai_id ...)` that
PostgreSQL hashes once. Nothing loops over units or employees issuing queries.

Who is in scope is the Pegawai visibility rule (`pegawai_q`): agency admins, Pimpinan, Admin
BKPSDM and auditors see every employee of the agency; a superior sees themself and their
subtree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kinerja.organisation.models import Instansi, Jabatan, Pegawai, UnitKerja
from kinerja.organisation.permissions import access_for, pegawai_q

from .choices import SkpStatus
from .models import Indicator, OrgTarget, PerformanceYear, Rhk, Skp, SkpTemplate

# ---------------------------------------------------------------- shared pieces


def live_skp_q(prefix: str = "") -> Q:
    """SKP that are in force for the cascade: not superseded, and not a revision still being
    drafted or decided (its approved predecessor stays in force until the revision is approved,
    and the staff RHK still point at the predecessor's RHK)."""
    return ~Q(**{f"{prefix}status": SkpStatus.SUPERSEDED}) & (
        Q(**{f"{prefix}revision_of__isnull": True}) | Q(**{f"{prefix}status": SkpStatus.APPROVED})
    )


def _visible(qs: QuerySet, user: Any, prefix: str) -> QuerySet:
    q = pegawai_q(user, prefix)
    return qs if q is None else qs.filter(q)


def is_agency_wide(user: Any, instansi_id: int) -> bool:
    """Sees every employee of the agency (admins, Pimpinan, BKPSDM, auditors)."""
    access = access_for(user)
    return access.pemda_wide_read or instansi_id in access.read_instansi_ids


def can_view_planning_overview(user: Any, instansi_id: int) -> bool:
    """Status board and cascade: agency-wide readers, and superiors (for their own subtree)."""
    access = access_for(user)
    return is_agency_wide(user, instansi_id) or access.has_subordinates


def employees_in_scope(
    user: Any, instansi: Instansi | int, unit: UnitKerja | None = None
) -> QuerySet[Pegawai]:
    """Active employees of the agency that `user` may see (optionally one unit's subtree)."""
    instansi_id = instansi if isinstance(instansi, int) else instansi.pk
    qs = _visible(Pegawai.objects.filter(instansi_id=instansi_id, is_active=True), user, "")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs


@dataclass
class PlanningScope:
    """The agency and year an overview page shows, and the choices offered for both."""

    instansi: Instansi | None
    year: PerformanceYear | None
    instansi_options: list[Instansi]
    year_options: list[PerformanceYear]


def planning_scope_for(user: Any, instansi_id: Any = None, year_id: Any = None) -> PlanningScope:
    """One query: every performance year the user may see, with its agency. The chosen agency
    defaults to the user's own (else the first), the year to this calendar year (else the most
    recent). Only agencies whose overview the user may open are offered."""
    years = list(
        PerformanceYear.objects.visible_to(user)
        .select_related("instansi")
        .order_by("instansi__name", "-year")
    )
    years = [y for y in years if can_view_planning_overview(user, y.instansi_id)]
    instansi_options: list[Instansi] = []
    for y in years:
        if not instansi_options or instansi_options[-1].pk != y.instansi_id:
            instansi_options.append(y.instansi)
    by_id = {i.pk: i for i in instansi_options}
    me = access_for(user).pegawai
    instansi = by_id.get(_int(instansi_id) or 0)
    if instansi is None and me is not None:
        instansi = by_id.get(me.instansi_id)
    if instansi is None and instansi_options:
        instansi = instansi_options[0]
    year_options = [y for y in years if instansi is not None and y.instansi_id == instansi.pk]
    year = next((y for y in year_options if y.pk == _int(year_id)), None)
    if year is None and year_options:
        this_year = timezone.localdate().year
        year = next((y for y in year_options if y.year == this_year), year_options[0])
    return PlanningScope(instansi, year, instansi_options, year_options)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- administration lists


def year_list_for_admin(user: Any) -> QuerySet[PerformanceYear]:
    """Years of the agencies the user administers, with their target and SKP counts (counted
    by correlated subqueries, so the two counts do not multiply each other's rows)."""
    access = access_for(user)
    qs = PerformanceYear.objects.select_related("instansi")
    if not access.pemda_wide_write:
        qs = qs.filter(instansi_id__in=access.admin_instansi_ids)
    targets = (
        OrgTarget.objects.filter(year=OuterRef("pk"))
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values("n")
    )
    skps = (
        Skp.objects.filter(year=OuterRef("pk"))
        .exclude(status=SkpStatus.SUPERSEDED)
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        target_count=Coalesce(Subquery(targets, output_field=IntegerField()), 0),
        skp_count=Coalesce(Subquery(skps, output_field=IntegerField()), 0),
    ).order_by("-year", "instansi__name")


def target_list_for_year(year: PerformanceYear) -> QuerySet[OrgTarget]:
    """The targets of a year (the caller has checked the year with get_year_for_user), with the
    number of RHK linked to each."""
    return (
        OrgTarget.objects.filter(year=year)
        .select_related("unit")
        .annotate(rhk_count=Count("rhks"))
        .order_by("code")
    )


def template_list_for_admin(user: Any) -> QuerySet[SkpTemplate]:
    access = access_for(user)
    qs = SkpTemplate.objects.select_related("jabatan", "jabatan__instansi")
    if not access.pemda_wide_write:
        qs = qs.filter(jabatan__instansi_id__in=access.admin_instansi_ids)
    holders = (
        Pegawai.objects.filter(jabatan=OuterRef("jabatan"), is_active=True)
        .order_by()
        .values("jabatan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        holder_count=Coalesce(Subquery(holders, output_field=IntegerField()), 0)
    ).order_by("jabatan__instansi__name", "jabatan__name", "name")


def open_years_for_admin(user: Any) -> QuerySet[PerformanceYear]:
    access = access_for(user)
    qs = PerformanceYear.objects.filter(is_closed=False)
    if not access.pemda_wide_write:
        qs = qs.filter(instansi_id__in=access.admin_instansi_ids)
    return qs.order_by("instansi_id", "-year")


def jabatan_for_admin(user: Any) -> QuerySet[Jabatan]:
    access = access_for(user)
    qs = Jabatan.objects.select_related("instansi")
    if not access.pemda_wide_write:
        qs = qs.filter(instansi_id__in=access.admin_instansi_ids)
    return qs.order_by("instansi__name", "name")


def skp_sources_for_template(user: Any, jabatan: Jabatan) -> QuerySet[Skp]:
    """SKP a template can be saved from: those of the position's holders (the SKP's own
    position snapshot, or the employee's current position), newest first."""
    qs = Skp.objects.filter(Q(jabatan=jabatan) | Q(pegawai__jabatan=jabatan)).exclude(
        status=SkpStatus.SUPERSEDED
    )
    return (
        Skp.objects.visible_to(user)
        .filter(pk__in=qs.values("pk"))
        .select_related("pegawai", "year")
        .annotate(rhk_count=Count("rhks"))
        .order_by("-year__year", "pegawai__name", "-version")
    )


# ---------------------------------------------------------------- the status board

BOARD_STATUSES = ("none", "draft", "returned", "submitted", "approved")
BOARD_LABELS = {
    "none": gettext_lazy("Belum mulai"),
    "draft": gettext_lazy("Draf"),
    "returned": gettext_lazy("Dikembalikan"),
    "submitted": gettext_lazy("Diajukan"),
    "approved": gettext_lazy("Disetujui"),
}
LATE = "late"


def _holders(year: PerformanceYear, *statuses: str) -> QuerySet:
    """Employees of the year's agency with an SKP of that calendar year in one of `statuses`
    (in any agency's year, so an SKP made before a transfer counts). Limited to the agency's
    employees so the subquery PostgreSQL hashes stays the size of the agency, not the Pemda."""
    return Skp.objects.filter(
        year__year=year.year, pegawai__instansi_id=year.instansi_id, status__in=statuses
    ).values("pegawai_id")


def _status_case(year: PerformanceYear) -> Case:
    """Each employee's place on the board: the most advanced status among their SKP of the
    year (approved > submitted > returned > draft; superseded versions are ignored), or "none".
    Four non-correlated subqueries that PostgreSQL hashes once each."""
    a, s, r, d = (
        SkpStatus.APPROVED,
        SkpStatus.SUBMITTED,
        SkpStatus.RETURNED,
        SkpStatus.DRAFT,
    )
    return Case(
        When(pk__in=_holders(year, a), then=Value("approved")),
        When(pk__in=_holders(year, s), then=Value("submitted")),
        When(pk__in=_holders(year, r), then=Value("returned")),
        When(pk__in=_holders(year, d), then=Value("draft")),
        default=Value("none"),
        output_field=CharField(),
    )


def planning_window_over(year: PerformanceYear, today: datetime.date | None = None) -> bool:
    return year.planning_end < (today or timezone.localdate())


@dataclass
class BoardRow:
    unit_id: int | None
    name: str
    depth: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts[s] for s in BOARD_STATUSES)

    @cached_property
    def cells(self) -> list[tuple[str, Any, int, float]]:
        """(status, label, count, percent of the row) in board order, for the template."""
        total = self.total or 1
        return [
            (s, BOARD_LABELS[s], self.counts[s], round(self.counts[s] * 100 / total, 1))
            for s in BOARD_STATUSES
        ]


@dataclass
class StatusBoard:
    rows: list[BoardRow]
    totals: BoardRow
    late: list[Pegawai] = field(default_factory=list)
    late_count: int = 0
    window_over: bool = False


def status_board(
    user: Any,
    instansi: Instansi,
    year: PerformanceYear,
    unit: UnitKerja | None = None,
    *,
    late_limit: int = 20,
    today: datetime.date | None = None,
) -> StatusBoard:
    """Employees in scope counted by SKP status per unit (one grouped query), and, once the
    planning window is over, the first `late_limit` of those without an approved SKP (one more
    query)."""
    grouped = (
        employees_in_scope(user, instansi, unit)
        .annotate(skp_status=_status_case(year))
        .order_by()
        .values("unit_id", "unit__name", "unit__path", "unit__depth", "skp_status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int | None, dict[str, Any]] = {}
    for g in grouped:
        row = counts.setdefault(g["unit_id"], {**g, **dict.fromkeys(BOARD_STATUSES, 0)})
        row[g["skp_status"]] += g["n"]
    rows = []
    for g in sorted(
        counts.values(), key=lambda g: (g["unit__path"] is None, g["unit__path"] or "")
    ):
        rows.append(
            BoardRow(
                unit_id=g["unit_id"],
                name=g["unit__name"] or "",
                depth=g["unit__depth"] or 0,
                counts={s: g[s] for s in BOARD_STATUSES},
            )
        )
    if rows:
        base_depth = (
            min(r.depth for r in rows if r.unit_id is not None)
            if any(r.unit_id for r in rows)
            else 0
        )
        for r in rows:
            r.depth = max(0, r.depth - base_depth)
    totals = BoardRow(None, "", 0, {s: sum(r.counts[s] for r in rows) for s in BOARD_STATUSES})
    board = StatusBoard(rows=rows, totals=totals, window_over=planning_window_over(year, today))
    if board.window_over:
        board.late_count = totals.total - totals.counts["approved"]
        if board.late_count:
            board.late = list(
                board_people(user, instansi, year, LATE, unit).select_related("unit", "jabatan")[
                    :late_limit
                ]
            )
    return board


def board_people(
    user: Any,
    instansi: Instansi,
    year: PerformanceYear,
    status: str,
    unit: UnitKerja | None = None,
) -> QuerySet[Pegawai]:
    """The employees behind one cell of the board, each annotated with `skp_status`."""
    qs = employees_in_scope(user, instansi, unit).annotate(skp_status=_status_case(year))
    if status == LATE:
        qs = qs.exclude(skp_status=SkpStatus.APPROVED)
    elif status in BOARD_STATUSES:
        qs = qs.filter(skp_status=status)
    return qs.order_by("unit__path", "name", "nip")


# ---------------------------------------------------------------- the cascade


@dataclass
class CascadeNode:
    """One RHK in the map: its owner (through rhk.skp.pegawai), indicators, and how many RHK
    support it (visible to the user, in SKP in force)."""

    rhk: Rhk
    indicators: list[Indicator]
    child_count: int
    children: list[CascadeNode] = field(default_factory=list)


@dataclass
class TargetNode:
    target: OrgTarget
    nodes: list[CascadeNode]

    @property
    def supporting(self) -> int:
        return len(self.nodes)


@dataclass
class CascadeView:
    agency_wide: bool
    targets: list[TargetNode]
    own: list[CascadeNode]
    orphan_count: int
    unsupported_count: int
    no_skp_count: int
    orphans: list[Rhk]
    unsupported: list[Rhk]


GAP_LIST_LIMIT = 50
GAP_KINDS = ("orphan", "unsupported", "no_skp")


def _rhk_in_force(user: Any) -> QuerySet[Rhk]:
    return _visible(Rhk.objects.filter(live_skp_q("skp__")), user, "skp__pegawai__")


def _child_counts(user: Any, ids: list[int]) -> dict[int, int]:
    """How many RHK in force (and visible) support each of `ids`: one grouped query on the
    index of Rhk.parent. (A correlated count per row looked cheap but made PostgreSQL's cost
    estimate explode and switch on JIT compilation, which alone took seconds.)"""
    if not ids:
        return {}
    rows = (
        _rhk_in_force(user)
        .filter(parent_id__in=ids)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("pk"))
        .values_list("parent_id", "n")
    )
    return dict(rows)


def _nodes(qs: QuerySet[Rhk], user: Any) -> list[CascadeNode]:
    rows = list(
        qs.select_related("skp__pegawai", "skp__jabatan", "org_target").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))
        )
    )
    counts = _child_counts(user, [r.pk for r in rows])
    return [
        CascadeNode(rhk=r, indicators=list(r.indicators.all()), child_count=counts.get(r.pk, 0))
        for r in rows
    ]


def _orphan_q() -> Q:
    return Q(parent__isnull=True, org_target__isnull=True, assigned_by__isnull=True)


def _unsupported_q(year: PerformanceYear) -> Q:
    """The owner has active subordinates in the agency, and no RHK in force points at this one.
    The cheap test comes first: the correlated NOT EXISTS (an index probe on Rhk.parent) then
    runs only for the superiors' few RHK."""
    superiors = Pegawai.objects.filter(
        instansi_id=year.instansi_id, is_active=True, atasan__isnull=False
    ).values("atasan_id")
    supporting = Rhk.objects.filter(parent=OuterRef("pk")).filter(live_skp_q("skp__"))
    return Q(Q(skp__pegawai_id__in=superiors), ~Exists(supporting))


def cascade_rhk(user: Any, year: PerformanceYear) -> QuerySet[Rhk]:
    """The RHK of the year's SKP in force that `user` may see."""
    return _rhk_in_force(user).filter(skp__year=year)


def gap_list(user: Any, year: PerformanceYear, kind: str) -> QuerySet:
    """The full list behind one gap counter (paginate it): RHK without a parent, superiors' RHK
    nobody supports, or employees without an SKP."""
    if kind == "no_skp":
        held = _holders(year, *(s for s in SkpStatus.values if s != SkpStatus.SUPERSEDED))
        return (
            employees_in_scope(user, year.instansi_id)
            .exclude(pk__in=held)
            .select_related("unit", "jabatan")
            .order_by("unit__path", "name", "nip")
        )
    q = _orphan_q() if kind == "orphan" else _unsupported_q(year)
    return (
        cascade_rhk(user, year)
        .filter(q)
        .select_related("skp__pegawai", "skp__pegawai__unit", "skp__jabatan")
        .order_by("skp__pegawai__name", "skp__pegawai_id", "kind", "order", "pk")
    )


def cascade_for(user: Any, instansi: Instansi, year: PerformanceYear) -> CascadeView:
    """The cascade map of one agency and year, cut at two levels below the targets: the
    targets, the RHK linked to them and the RHK that support those, each with its indicators
    and the number of RHK supporting it; deeper levels come from `rhk_children`. A superior
    without an agency-wide role sees their own RHK as the roots. Plus the gap counters and the
    first rows of each gap list with their totals. Eight queries whatever the size (seven for a
    superior, who sees no targets)."""
    agency_wide = is_agency_wide(user, instansi.pk)
    base = cascade_rhk(user, year)
    me = access_for(user).pegawai
    if agency_wide:
        roots_q = Q(org_target__year=year)
    elif me is not None:
        roots_q = Q(skp__pegawai=me)
    else:
        roots_q = Q(pk__in=[])
    root_ids = base.filter(roots_q).values("pk")
    nodes = _nodes(
        base.filter(roots_q | Q(parent_id__in=root_ids)).order_by(
            "skp__pegawai__name", "skp__pegawai_id", "kind", "order", "pk"
        ),
        user,
    )
    by_id = {n.rhk.pk: n for n in nodes}
    roots: list[CascadeNode] = []
    for n in nodes:
        parent = by_id.get(n.rhk.parent_id) if n.rhk.parent_id else None
        if parent is not None and parent is not n:
            parent.children.append(n)
        else:
            roots.append(n)
    targets = (
        list(OrgTarget.objects.filter(year=year).select_related("unit").order_by("code"))
        if agency_wide
        else []
    )
    target_nodes = [TargetNode(t, []) for t in targets]
    by_target = {t.target.pk: t for t in target_nodes}
    own: list[CascadeNode] = []
    for n in roots:
        if agency_wide and n.rhk.org_target_id in by_target:
            by_target[n.rhk.org_target_id].nodes.append(n)
        elif not agency_wide:
            own.append(n)
    orphans, orphan_count = _first_with_total(gap_list(user, year, "orphan"))
    unsupported, unsupported_count = _first_with_total(gap_list(user, year, "unsupported"))
    return CascadeView(
        agency_wide=agency_wide,
        targets=target_nodes,
        own=own,
        orphan_count=orphan_count,
        unsupported_count=unsupported_count,
        no_skp_count=gap_list(user, year, "no_skp").count(),
        orphans=orphans,
        unsupported=unsupported,
    )


def _first_with_total(qs: QuerySet, limit: int = GAP_LIST_LIMIT) -> tuple[list, int]:
    """The first `limit` rows and the count of all of them, in one query (COUNT(*) OVER ())."""
    rows = list(qs.annotate(gap_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].gap_total if rows else 0)


def rhk_for_user(user: Any, pk: Any) -> Rhk:
    """An RHK in force that the user may see, or Rhk.DoesNotExist."""
    try:
        return _rhk_in_force(user).select_related("skp__pegawai", "skp__year").get(pk=int(pk))
    except (TypeError, ValueError):
        raise Rhk.DoesNotExist from None


def rhk_children(user: Any, rhk: Rhk) -> list[CascadeNode]:
    """The RHK that support `rhk` (visible, in force), with indicators and their own supporting
    counts: two queries whatever the size."""
    return _nodes(
        _rhk_in_force(user)
        .filter(parent=rhk)
        .order_by("skp__pegawai__name", "skp__pegawai_id", "kind", "order", "pk"),
        user,
    )
