"""Who sees evaluations. An evaluation is visible to whoever may see the employee (self,
superiors, agency admins and Pimpinan, BKPSDM, auditors), to its rater and to the rater's
superior (who decides objections). What an employee sees of their own evaluation before it is
final, and that nobody sees who answered a 360° request, is enforced by the pages and the API
through `employee_view` and `peer_summary`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.organisation.permissions import access_for, pegawai_q

from .choices import Status
from .models import Evaluation


def visibility_filter(qs: QuerySet, user: Any) -> QuerySet:
    access = access_for(user)
    if not access.authenticated:
        return qs.none()
    if qs.model is not Evaluation:
        raise TypeError(f"no visibility rule for {qs.model.__name__}")
    q = pegawai_q(user, "pegawai__")
    if q is None:
        return qs
    if access.pegawai is not None:
        q |= Q(rater_id=access.pegawai.pk) | Q(rater_superior_id=access.pegawai.pk)
    return qs.filter(q)


def get_evaluation_for_user(user: Any, pk: Any) -> Evaluation:
    try:
        return (
            Evaluation.objects.visible_to(user)
            .select_related(
                "pegawai",
                "rater",
                "rater_superior",
                "skp",
                "skp__year",
                "period",
                "unit",
                "jabatan",
            )
            .get(pk=pk)
        )
    except (Evaluation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_evaluatee(user: Any, evaluation: Evaluation) -> bool:
    me = access_for(user).pegawai
    return me is not None and me.pk == evaluation.pegawai_id


def is_rater(user: Any, evaluation: Evaluation) -> bool:
    me = access_for(user).pegawai
    return me is not None and evaluation.rater_id is not None and me.pk == evaluation.rater_id


def is_rater_superior(user: Any, evaluation: Evaluation) -> bool:
    me = access_for(user).pegawai
    return (
        me is not None
        and evaluation.rater_superior_id is not None
        and me.pk == evaluation.rater_superior_id
    )


def employee_sees_result(user: Any, evaluation: Evaluation) -> bool:
    """The employee sees ratings and predikat only once final; everyone else who can see the
    evaluation sees the work in progress."""
    if is_evaluatee(user, evaluation):
        return evaluation.status != Status.OPEN
    return True
