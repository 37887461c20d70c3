"""Who sees and acts on daily work.

An entry, a feedback thread and a dialogue are visible to whoever may see the employee they
belong to (self, superiors up the chain, agency admins and Pimpinan, BKPSDM, auditors) and to
the entry's verifier. Only the employee writes their entries; only their superior (the entry's
rater, or their current direct superior) verifies them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.organisation.permissions import access_for, pegawai_q

from .models import DailyEntry, Dialogue, Feedback


def visibility_filter(qs: QuerySet, user: Any) -> QuerySet:
    access = access_for(user)
    if not access.authenticated:
        return qs.none()
    if qs.model not in (DailyEntry, Feedback, Dialogue):
        raise TypeError(f"no visibility rule for {qs.model.__name__}")
    q = pegawai_q(user, "pegawai__")
    if q is None:
        return qs
    if qs.model is DailyEntry and access.pegawai is not None:
        q |= Q(rater_id=access.pegawai.pk)
    return qs.filter(q)


def get_entry_for_user(user: Any, pk: Any) -> DailyEntry:
    try:
        return (
            DailyEntry.objects.visible_to(user)
            .select_related("pegawai", "skp", "rhk", "indicator", "period", "period__year", "rater")
            .get(pk=pk)
        )
    except (DailyEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_verifier_of(user: Any, entry: DailyEntry) -> bool:
    me = access_for(user).pegawai
    if me is None:
        return False
    return entry.rater_id == me.pk or entry.pegawai.atasan_id == me.pk
