"""Who sees and changes plans. One visibility rule per model:

- an SKP is visible to whoever may see its employee (self, superiors up the chain, agency
  admins and Pimpinan, BKPSDM and auditors) and to its rater (an acting rater may sit outside
  the chain);
- performance years and organisation targets follow the agency rule of organisation.

Writes: the employee edits only their own SKP while it is a draft or returned; only the SKP's
rater approves or returns it and writes the behaviour expectations; agency admins manage years,
targets and templates of their agency."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.organisation.models import Instansi
from kinerja.organisation.permissions import access_for, pegawai_q

from .models import OrgTarget, PerformanceYear, Skp


def visibility_filter(qs: QuerySet, user: Any) -> QuerySet:
    access = access_for(user)
    if not access.authenticated:
        return qs.none()
    model = qs.model
    if model is Skp:
        q = pegawai_q(user, "pegawai__")
        if q is None:
            return qs
        if access.pegawai is not None:
            q |= Q(rater_id=access.pegawai.pk)
        return qs.filter(q)
    if model in (PerformanceYear, OrgTarget):
        field = "instansi" if model is PerformanceYear else "year__instansi"
        return qs.filter(**{f"{field}__in": Instansi.objects.visible_to(user)})
    raise TypeError(f"no visibility rule for {model.__name__}")


def get_skp_for_user(user: Any, pk: Any) -> Skp:
    try:
        return (
            Skp.objects.visible_to(user)
            .select_related("pegawai", "rater", "year", "year__instansi", "jabatan", "unit")
            .get(pk=pk)
        )
    except (Skp.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_year_for_user(user: Any, pk: Any, *, write: bool = False) -> PerformanceYear:
    try:
        year = PerformanceYear.objects.visible_to(user).select_related("instansi").get(pk=pk)
    except (PerformanceYear.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not access_for(user).can_write_instansi(year.instansi_id):
        raise Http404
    return year


def is_owner(user: Any, skp: Skp) -> bool:
    me = access_for(user).pegawai
    return me is not None and me.pk == skp.pegawai_id


def is_top_leader_skp(skp: Skp) -> bool:
    """The top of the chain (a JPT with no superior in the system, e.g. the Sekda, whose rater
    is the elected Kepala Daerah): an Admin BKPSDM decides on the Kepala Daerah's behalf."""
    return skp.rater_id is None and skp.jabatan is not None and skp.jabatan.kind == "JPT"


def is_rater(user: Any, skp: Skp) -> bool:
    access = access_for(user)
    if skp.rater_id is None:
        return is_top_leader_skp(skp) and access.pemda_wide_write
    me = access.pegawai
    return me is not None and me.pk == skp.rater_id


def can_edit_skp(user: Any, skp: Skp) -> bool:
    return is_owner(user, skp) and skp.is_editable and not skp.year.is_closed


def can_decide_skp(user: Any, skp: Skp) -> bool:
    return is_rater(user, skp) and skp.status == "submitted" and not skp.year.is_closed


def can_manage_year(user: Any, instansi_id: int) -> bool:
    return access_for(user).can_write_instansi(instansi_id)
