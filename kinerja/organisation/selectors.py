"""Reads across organisation models, always scoped to the acting user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .choices import AssignmentKind
from .models import Instansi, Jabatan, Pegawai, Penugasan, UnitKerja
from .permissions import access_for


@dataclass
class PegawaiFilter:
    q: str = ""
    instansi: int | None = None
    unit: int | None = None
    kind: str = ""
    jabatan_kind: str = ""
    golongan: int | None = None
    active: str = "1"  # "1" active, "0" inactive, "" all


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def pegawai_filter_from(params: Any) -> PegawaiFilter:
    return PegawaiFilter(
        q=(params.get("q") or "").strip()[:100],
        instansi=_int(params.get("instansi")),
        unit=_int(params.get("unit")),
        kind=params.get("kind") if params.get("kind") in ("PNS", "PPPK") else "",
        jabatan_kind=params.get("jabatan_kind")
        if params.get("jabatan_kind") in ("JPT", "JA", "JF")
        else "",
        golongan=_int(params.get("golongan")),
        active=params.get("active", "1") if params.get("active", "1") in ("1", "0", "") else "1",
    )


def pegawai_list_for_user(user: Any, flt: PegawaiFilter | None = None) -> QuerySet[Pegawai]:
    """The employees `user` may see, filtered and ready for a list page (no N+1)."""
    flt = flt or PegawaiFilter()
    qs = Pegawai.objects.visible_to(user).select_related("instansi", "unit", "jabatan", "atasan")
    if flt.q:
        if flt.q.isdigit():
            qs = qs.filter(nip__startswith=flt.q)
        else:
            qs = qs.filter(name__icontains=flt.q)
    if flt.instansi:
        qs = qs.filter(instansi_id=flt.instansi)
    if flt.unit:
        unit = UnitKerja.objects.filter(pk=flt.unit).only("path").first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.jabatan_kind:
        qs = qs.filter(jabatan__kind=flt.jabatan_kind)
    if flt.golongan:
        qs = qs.filter(golongan=flt.golongan)
    if flt.active == "1":
        qs = qs.filter(is_active=True)
    elif flt.active == "0":
        qs = qs.filter(is_active=False)
    return qs.order_by("name", "nip")


@dataclass
class UnitNode:
    unit: UnitKerja
    head: Pegawai | None = None
    acting: Penugasan | None = None
    employee_count: int = 0
    total_count: int = 0
    children: list[UnitNode] = field(default_factory=list)


def org_tree(instansi: Instansi) -> tuple[list[UnitNode], int]:
    """The unit tree of one agency with each unit's head (or acting head) and head counts: four
    queries whatever the size."""
    units = list(
        UnitKerja.objects.filter(instansi=instansi)
        .annotate(n=Count("employees", filter=Q(employees__is_active=True)))
        .order_by("path")
    )
    heads = {
        p.unit_id: p
        for p in Pegawai.objects.filter(
            instansi=instansi, is_active=True, jabatan__is_head=True, unit__isnull=False
        ).select_related("jabatan")
    }
    # A vacant head post held by an acting official (Plt/Plh) shows the acting holder.
    today = timezone.localdate()
    acting = {
        a.unit_id: a
        for a in Penugasan.objects.filter(
            jabatan__instansi=instansi,
            jabatan__is_head=True,
            kind__in=(AssignmentKind.PLT, AssignmentKind.PLH),
            start_date__lte=today,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("pegawai", "jabatan")
        .order_by("start_date")
    }
    nodes = {
        u.pk: UnitNode(unit=u, head=heads.get(u.pk), employee_count=u.n, acting=acting.get(u.pk))
        for u in units
    }
    roots: list[UnitNode] = []
    for u in units:  # ordered by path, so parents come before children
        node = nodes[u.pk]
        if u.parent_id and u.parent_id in nodes:
            nodes[u.parent_id].children.append(node)
        else:
            roots.append(node)

    def total(node: UnitNode) -> int:
        node.total_count = node.employee_count + sum(total(c) for c in node.children)
        return node.total_count

    for r in roots:
        total(r)
    unassigned = Pegawai.objects.filter(
        instansi=instansi, is_active=True, unit__isnull=True
    ).count()
    return roots, unassigned


def instansi_list_for_user(user: Any) -> QuerySet[Instansi]:
    return (
        Instansi.objects.visible_to(user)
        .annotate(
            employee_count=Count("employees", filter=Q(employees__is_active=True), distinct=True),
        )
        .order_by("name")
    )


def jabatan_list_for_user(user: Any, instansi_id: int | None = None) -> QuerySet[Jabatan]:
    qs = Jabatan.objects.visible_to(user).select_related("instansi", "unit")
    if instansi_id:
        qs = qs.filter(instansi_id=instansi_id)
    return qs.annotate(holder_count=Count("holders", filter=Q(holders__is_active=True)))


def dashboard_for(user: Any) -> dict[str, Any]:
    access = access_for(user)
    me = access.pegawai
    ctx: dict[str, Any] = {"me": me}
    if me is not None:
        ctx["direct_reports"] = list(
            Pegawai.objects.filter(atasan=me, is_active=True).select_related("jabatan", "unit")[:50]
        )
        ctx["indirect_count"] = (
            Pegawai.objects.filter(chain__startswith=me.subtree_prefix, is_active=True).count()
            if access.has_subordinates
            else 0
        )
        ctx["superior"] = me.atasan
    if access.pemda_wide_read or access.read_instansi_ids:
        visible = Pegawai.objects.visible_to(user).filter(is_active=True)
        ctx["stats"] = {
            "instansi": Instansi.objects.visible_to(user).count(),
            "pegawai": visible.count(),
            "pns": visible.filter(kind="PNS").count(),
            "pppk": visible.filter(kind="PPPK").count(),
            "no_superior": visible.filter(atasan__isnull=True).exclude(jabatan__kind="JPT").count(),
        }
    return ctx
