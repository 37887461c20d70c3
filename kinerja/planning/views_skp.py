"""The employee's and the superior's SKP pages: access helper → form → service → response.

An SKP the user cannot see is a 404 (permissions.get_skp_for_user), and so is an RHK, indicator
or action plan id that does not belong to that SKP. Someone who can see an SKP but may not do
what they asked is told why (django messages) and sent back to it with a redirect. Every form
works as a plain POST; htmx only swaps the results section in place."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.accounts.models import User
from kinerja.core.models import Notification
from kinerja.organisation.models import Pegawai
from kinerja.organisation.permissions import access_for
from kinerja.organisation.views import apply_errors

from . import permissions as perms
from . import services
from .choices import RhkKind, SkpStatus
from .forms_skp import (
    ActionPlanForm,
    DecisionForm,
    ExpectationsForm,
    HandDownForm,
    IndicatorForm,
    LampiranForm,
    RhkForm,
    RhkLinkForm,
    SkpCopyForm,
    SkpCreateForm,
    SkpHeaderForm,
    plain,
    rater_rhk_options,
)
from .models import (
    ActionPlan,
    ExpectationLibraryItem,
    Indicator,
    IndicatorLibraryItem,
    PerformanceYear,
    Period,
    Rhk,
    Skp,
    SkpTransition,
)

# ---------------------------------------------------------------- helpers


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _detail_url(skp: Skp, anchor: str = "") -> str:
    url = reverse("planning:skp_detail", args=[skp.pk])
    return f"{url}#{anchor}" if anchor else url


def _back(request: HttpRequest, skp: Skp, anchor: str = "") -> HttpResponse:
    """Back to the SKP page: a redirect, or for htmx a full-page navigation."""
    url = _detail_url(skp, anchor)
    if _is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _refuse(request: HttpRequest, skp: Skp, message: str, anchor: str = "") -> HttpResponse:
    messages.error(request, message)
    return _back(request, skp, anchor)


def _edit_refusal(user: Any, skp: Skp) -> str | None:
    """Why `user` may not change this SKP now (None when they may). The same checks as the
    services make, asked before a form is shown so nobody fills one in for nothing; the
    services still decide."""
    try:
        services.ensure_year_open(skp.year)
    except ValidationError as exc:
        return exc.messages[0]
    if not perms.is_owner(user, skp):
        return _("Hanya %(p)s sendiri yang dapat mengubah isi SKP ini.") % {
            "p": skp.pegawai.full_name
        }
    if skp.status == SkpStatus.APPROVED:
        return _(
            "SKP ini sudah disetujui sehingga tidak dapat diubah langsung. "
            "Gunakan tombol “Buka revisi” untuk mengubahnya."
        )
    if skp.status == SkpStatus.SUBMITTED:
        return _(
            "SKP ini sedang diajukan dan menunggu keputusan pejabat penilai; "
            "tidak dapat diubah sampai disetujui atau dikembalikan."
        )
    if skp.status == SkpStatus.SUPERSEDED:
        return _("SKP ini sudah digantikan revisi dan hanya dapat dibaca.")
    return None


def _attempt(
    request: HttpRequest,
    call: Callable[[], object],
    form: Any = None,
    field_map: dict[str, str] | None = None,
) -> tuple[bool, bool]:
    """Run a service call. Returns (ok, refused): a ValidationError goes onto the form (or into
    messages when there is none); a PermissionDenied is a refusal the caller redirects on."""
    try:
        call()
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Anda tidak berwenang melakukan tindakan ini."))
        return False, True
    except ValidationError as exc:
        if form is None:
            for m in exc.messages:
                messages.error(request, m)
        else:
            apply_errors(form, exc, field_map)
        return False, False
    return True, False


def _get_rhk(skp: Skp, rhk_pk: int | None) -> Rhk:
    return get_object_or_404(
        Rhk.objects.select_related("assigned_by", "parent__skp"), pk=rhk_pk, skp=skp
    )


def _is_jpt(skp: Skp) -> bool:
    return skp.jabatan is not None and skp.jabatan.kind == "JPT"


def _allow_org_target(skp: Skp) -> bool:
    return skp.rater_id is None or _is_jpt(skp)


def _periods_for(skp: Skp):
    return Period.objects.filter(
        year_id=skp.year_id, end_date__gte=skp.start_date, start_date__lte=skp.end_date
    ).order_by("number")


def _rhk_prefetch(qs):
    return qs.select_related("parent__skp__pegawai", "org_target", "assigned_by").prefetch_related(
        "indicators",
        Prefetch(
            "action_plans",
            queryset=ActionPlan.objects.select_related("period").order_by("period__number", "id"),
        ),
    )


# ---------------------------------------------------------------- the SKP page


def _detail_context(request: HttpRequest, skp: Skp, **extra: Any) -> dict[str, Any]:
    user = request.user
    owner, rater = perms.is_owner(user, skp), perms.is_rater(user, skp)
    year_open = not skp.year.is_closed
    can_edit = perms.can_edit_skp(user, skp)
    can_decide = perms.can_decide_skp(user, skp)
    can_set_expectations = (
        rater and year_open and skp.status not in (SkpStatus.APPROVED, SkpStatus.SUPERSEDED)
    )
    rhks = list(_rhk_prefetch(skp.rhks.all()))
    can_link = (owner or rater) and year_open
    link_options = (
        list(rater_rhk_options(skp)) if can_link and any(r.is_provisional for r in rhks) else []
    )
    behaviours = list(skp.behaviours.select_related("value").prefetch_related("value__guides"))
    transitions = list(skp.transitions.select_related("actor"))
    revision = skp.revisions.order_by("-version").first()
    returned_note: SkpTransition | None = None
    if skp.status == SkpStatus.RETURNED:
        back = [t for t in transitions if t.to_status == SkpStatus.RETURNED]
        returned_note = back[-1] if back else None
    ctx: dict[str, Any] = {
        "skp": skp,
        "is_owner": owner,
        "is_rater": rater,
        "year_open": year_open,
        "can_edit": can_edit,
        "can_decide": can_decide,
        "can_link": can_link,
        "can_set_expectations": can_set_expectations,
        "can_revise": owner
        and year_open
        and skp.status == SkpStatus.APPROVED
        and (revision is None or revision.status == SkpStatus.SUPERSEDED),
        "is_jpt": _is_jpt(skp),
        "utama": [r for r in rhks if r.kind == RhkKind.UTAMA],
        "tambahan": [r for r in rhks if r.kind == RhkKind.TAMBAHAN],
        "link_options": link_options,
        "behaviours": behaviours,
        "transitions": transitions,
        "previous_version": skp.revision_of if skp.revision_of_id else None,
        "revision": revision,
        "returned_note": returned_note,
        "editing": None,
    }
    if can_edit:
        problems = services.skp_problems(skp)
        if skp.rater_id is None:
            problems.append(
                _("SKP belum memiliki pejabat penilai. Hubungi admin kepegawaian instansi Anda.")
            )
        ctx["problems"] = problems
        ctx["header_form"] = SkpHeaderForm.for_skp(skp)
        ctx["lampiran_form"] = LampiranForm.for_skp(skp)
    if can_decide:
        ctx["decision_form"] = DecisionForm(prefix="decision")
    if can_set_expectations:
        ctx["expectations_form"] = ExpectationsForm(behaviours=behaviours, prefix="exp")
        suggestions: dict[int, list[str]] = defaultdict(list)
        for item in ExpectationLibraryItem.objects.all():
            suggestions[item.value_id].append(item.text)
        ctx["suggestions"] = dict(suggestions)
    ctx.update(extra)
    if "expectations_form" in ctx:
        ctx["expectation_rows"] = [
            (b, ctx["expectations_form"][f"value_{b.value_id}"], ctx["suggestions"].get(b.value_id))
            for b in behaviours
        ]
    return ctx


def _render_detail(request: HttpRequest, skp: Skp, **extra: Any) -> HttpResponse:
    response = render(request, "planning/skp_detail.html", _detail_context(request, skp, **extra))
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def skp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    return _render_detail(request, skp)


def _results_response(request: HttpRequest, skp: Skp) -> HttpResponse:
    """After an htmx save: the results section, and the submit checklist out of band."""
    ctx = _detail_context(request, skp)
    html = render_to_string("planning/_skp_results.html", ctx, request)
    html += render_to_string("planning/_skp_workflow.html", {**ctx, "oob": True}, request)
    response = HttpResponse(html)
    response["HX-Retarget"] = "#skp-results"
    response["HX-Reswap"] = "outerHTML"
    return response


def _saved(request: HttpRequest, skp: Skp, message: str, anchor: str) -> HttpResponse:
    if _is_htmx(request):
        return _results_response(request, skp)
    messages.success(request, message)
    return redirect(_detail_url(skp, anchor))


def _show_form(request: HttpRequest, skp: Skp, template: str, editing: dict) -> HttpResponse:
    """An inline form: alone for htmx, else inside the whole SKP page at its place."""
    editing["cancel_url"] = _detail_url(skp, editing.get("anchor", "skp-results"))
    if _is_htmx(request):
        response = render(request, template, {"skp": skp, "editing": editing})
    else:
        response = _render_detail(request, skp, editing=editing)
    patch_vary_headers(response, ["HX-Request"])
    return response


# ---------------------------------------------------------------- header and lampiran


@login_required
@require_POST
def skp_header(request: HttpRequest, pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal)
    form = SkpHeaderForm(request.POST, prefix="header")
    if form.is_valid():
        ok, refused = _attempt(
            request,
            lambda: services.skp_update_header(skp=skp, actor=request.user, **form.cleaned_data),
            form,
        )
        if refused:
            return _back(request, skp)
        if ok:
            messages.success(request, _("Periode dan pendekatan SKP disimpan."))
            return redirect(_detail_url(skp))
    skp = perms.get_skp_for_user(request.user, pk)  # unchanged copy for the page
    return _render_detail(request, skp, header_form=form, open_header=True)


@login_required
@require_POST
def skp_lampiran(request: HttpRequest, pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal, "lampiran")
    form = LampiranForm(request.POST, prefix="lampiran")
    if form.is_valid():
        ok, refused = _attempt(
            request,
            lambda: services.skp_update_header(skp=skp, actor=request.user, **form.cleaned_data),
            form,
        )
        if refused:
            return _back(request, skp, "lampiran")
        if ok:
            messages.success(request, _("Lampiran SKP disimpan."))
            return redirect(_detail_url(skp, "lampiran"))
    skp = perms.get_skp_for_user(request.user, pk)
    return _render_detail(request, skp, lampiran_form=form, open_lampiran=True)


# ---------------------------------------------------------------- results (RHK)


@login_required
def rhk_edit(request: HttpRequest, pk: int, rhk_pk: int | None = None) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    if rhk_pk is None:
        kind = request.GET.get("kind") or request.POST.get("kind")
        rhk = Rhk(skp=skp, kind=kind if kind in RhkKind.values else RhkKind.UTAMA)
        anchor = f"rhk-add-{rhk.kind}"
        action = reverse("planning:rhk_create", args=[skp.pk]) + f"?kind={rhk.kind}"
    else:
        rhk = _get_rhk(skp, rhk_pk)
        anchor = f"rhk-{rhk.pk}"
        action = reverse("planning:rhk_edit", args=[skp.pk, rhk.pk])
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal, anchor)
    options = rater_rhk_options(skp)
    form = RhkForm(
        request.POST or None,
        skp=skp,
        parent_options=options,
        allow_org_target=_allow_org_target(skp),
        initial=RhkForm.initial_for(rhk, has_parent_options=options.exists()),
    )
    if request.method == "POST" and form.is_valid():
        for name, value in form.rhk_values().items():
            setattr(rhk, name, value)
        ok, refused = _attempt(
            request,
            lambda: services.rhk_save(rhk=rhk, actor=request.user),
            form,
            {"assigned_by": "assigned_by_nip"},
        )
        if refused:
            return _back(request, skp, anchor)
        if ok:
            return _saved(request, skp, _("Hasil kerja disimpan."), f"rhk-{rhk.pk}")
    editing = {
        "kind": "rhk",
        "rhk_id": rhk_pk,
        "rhk_kind": rhk.kind,
        "form": form,
        "action": action,
        "anchor": anchor,
        "no_parent_options": skp.rater_id is not None and not options.exists(),
    }
    return _show_form(request, skp, "planning/_skp_rhk_form.html", editing)


@login_required
@require_POST
def rhk_delete(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    rhk = _get_rhk(skp, rhk_pk)
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal, f"rhk-{rhk.pk}")
    ok, _refused = _attempt(request, lambda: services.rhk_delete(rhk=rhk, actor=request.user))
    if ok:
        messages.success(request, _("Hasil kerja dihapus."))
        return _back(request, skp, "skp-results")
    return _back(request, skp, f"rhk-{rhk_pk}")


@login_required
@require_POST
def rhk_link(request: HttpRequest, pk: int, rhk_pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    rhk = _get_rhk(skp, rhk_pk)
    anchor = f"rhk-{rhk.pk}"
    form = RhkLinkForm(request.POST, parent_options=rater_rhk_options(skp))
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return _back(request, skp, anchor)
    ok, _refused = _attempt(
        request,
        lambda: services.rhk_link(rhk=rhk, parent=form.cleaned_data["parent"], actor=request.user),
    )
    if ok:
        messages.success(request, _("RHK ditautkan ke RHK atasan."))
    return _back(request, skp, anchor)


# ---------------------------------------------------------------- indicators


@login_required
def indicator_edit(
    request: HttpRequest, pk: int, rhk_pk: int | None = None, ind_pk: int | None = None
) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    if ind_pk is None:
        rhk = _get_rhk(skp, rhk_pk)
        indicator = Indicator(rhk=rhk)
        anchor = f"ind-add-{rhk.pk}"
        action = reverse("planning:indicator_create", args=[skp.pk, rhk.pk])
    else:
        indicator = get_object_or_404(
            Indicator.objects.select_related("rhk"), pk=ind_pk, rhk__skp=skp
        )
        rhk = indicator.rhk
        anchor = f"ind-{indicator.pk}"
        action = reverse("planning:indicator_edit", args=[skp.pk, indicator.pk])
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal, f"rhk-{rhk.pk}")
    initial: dict[str, Any] = {}
    library = None
    if indicator.pk:
        initial = IndicatorForm.initial_from(indicator)
    elif request.GET.get("library"):
        library_id = _int(request.GET["library"])
        library = IndicatorLibraryItem.objects.filter(pk=library_id).first() if library_id else None
        if library is not None:
            initial = {
                "aspek": library.aspek,
                "text": library.text,
                "target_unit": library.target_unit,
                "direction": library.direction,
            }
    form = IndicatorForm(
        request.POST or None, approach=skp.approach, is_jpt=_is_jpt(skp), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        for name, value in form.indicator_values().items():
            setattr(indicator, name, value)
        ok, refused = _attempt(
            request, lambda: services.indicator_save(indicator=indicator, actor=request.user), form
        )
        if refused:
            return _back(request, skp, f"rhk-{rhk.pk}")
        if ok:
            return _saved(request, skp, _("Indikator disimpan."), f"rhk-{rhk.pk}")
    editing = {
        "kind": "indicator",
        "rhk_id": rhk.pk,
        "indicator_id": indicator.pk,
        "form": form,
        "action": action,
        "anchor": anchor,
        "library_url": reverse("planning:indicator_create", args=[skp.pk, rhk.pk]),
        "library_items": IndicatorLibraryItem.objects.all() if indicator.pk is None else None,
        "library_chosen": library.pk if library else None,
    }
    return _show_form(request, skp, "planning/_skp_indicator_form.html", editing)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int, ind_pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    indicator = get_object_or_404(Indicator, pk=ind_pk, rhk__skp=skp)
    anchor = f"rhk-{indicator.rhk_id}"
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal, anchor)
    ok, _refused = _attempt(
        request, lambda: services.indicator_delete(indicator=indicator, actor=request.user)
    )
    if ok:
        messages.success(request, _("Indikator dihapus."))
    return _back(request, skp, anchor)


# ---------------------------------------------------------------- action plans


@login_required
def action_plan_edit(
    request: HttpRequest, pk: int, rhk_pk: int | None = None, plan_pk: int | None = None
) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    if plan_pk is None:
        rhk = _get_rhk(skp, rhk_pk)
        plan = ActionPlan(rhk=rhk)
        anchor = f"plan-add-{rhk.pk}"
        action = reverse("planning:action_plan_create", args=[skp.pk, rhk.pk])
        initial: dict[str, Any] = {}
    else:
        plan = get_object_or_404(ActionPlan.objects.select_related("rhk"), pk=plan_pk, rhk__skp=skp)
        rhk = plan.rhk
        anchor = f"plan-{plan.pk}"
        action = reverse("planning:action_plan_edit", args=[skp.pk, plan.pk])
        initial = {
            "period": plan.period_id,
            "text": plan.text,
            "target_value": plain(plan.target_value),
            "target_unit": plan.target_unit,
        }
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal, f"rhk-{rhk.pk}")
    form = ActionPlanForm(request.POST or None, periods=_periods_for(skp), initial=initial)
    if request.method == "POST" and form.is_valid():
        plan.period = form.cleaned_data["period"]
        plan.text = form.cleaned_data["text"].strip()
        plan.target_value = form.cleaned_data.get("target_value")
        plan.target_unit = (form.cleaned_data.get("target_unit") or "").strip()
        ok, refused = _attempt(
            request, lambda: services.action_plan_save(plan=plan, actor=request.user), form
        )
        if refused:
            return _back(request, skp, f"rhk-{rhk.pk}")
        if ok:
            return _saved(request, skp, _("Rencana aksi disimpan."), f"rhk-{rhk.pk}")
    editing = {
        "kind": "plan",
        "rhk_id": rhk.pk,
        "plan_id": plan.pk,
        "form": form,
        "action": action,
        "anchor": anchor,
    }
    return _show_form(request, skp, "planning/_skp_plan_form.html", editing)


# ---------------------------------------------------------------- the rater's expectations


@login_required
@require_POST
def skp_expectations(request: HttpRequest, pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    form = ExpectationsForm(
        request.POST, behaviours=list(skp.behaviours.select_related("value")), prefix="exp"
    )
    form.is_valid()  # free text only; the service decides who may write it and when
    ok, _refused = _attempt(
        request,
        lambda: services.skp_set_expectations(
            skp=skp, expectations=form.expectations(), actor=request.user
        ),
    )
    if ok:
        messages.success(request, _("Ekspektasi perilaku kerja disimpan."))
    return _back(request, skp, "perilaku")


# ---------------------------------------------------------------- workflow


@login_required
@require_POST
def skp_submit(request: HttpRequest, pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    ok, _refused = _attempt(request, lambda: services.skp_submit(skp=skp, actor=request.user))
    if ok:
        messages.success(
            request,
            _("SKP diajukan kepada %(r)s untuk disetujui.")
            % {"r": skp.rater.full_name if skp.rater is not None else _("pejabat penilai")},
        )
    return _back(request, skp, "" if ok else "skp-workflow")


@login_required
@require_POST
def skp_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    approve = decision == "approve"
    # One note box serves both buttons (approve: optional note; return: required).
    form = DecisionForm(request.POST, prefix="decision")
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    if approve:
        ok, refused = _attempt(
            request, lambda: services.skp_approve(skp=skp, actor=request.user, note=note), form
        )
    else:
        ok, refused = _attempt(
            request, lambda: services.skp_return(skp=skp, actor=request.user, note=note), form
        )
    if refused:
        return _back(request, skp)
    if ok:
        messages.success(
            request,
            (
                _("SKP %(p)s disetujui.")
                if approve
                else _("SKP %(p)s dikembalikan untuk diperbaiki.")
            )
            % {"p": skp.pegawai.full_name},
        )
        return redirect(_detail_url(skp))
    if not form.has_error("note"):
        # Not a problem with the note (e.g. no longer awaiting a decision): say so at the top.
        for e in form.non_field_errors():
            messages.error(request, str(e))
        return _back(request, skp)
    return _render_detail(request, skp, decision_form=form, open_decision=decision)


@login_required
@require_POST
def skp_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return skp_decide(request, pk, "approve")


@login_required
@require_POST
def skp_return(request: HttpRequest, pk: int) -> HttpResponse:
    return skp_decide(request, pk, "return")


@login_required
@require_POST
def skp_revise(request: HttpRequest, pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    result: dict[str, Skp] = {}

    def call() -> None:
        result["new"] = services.skp_revise(skp=skp, actor=request.user)

    ok, _refused = _attempt(request, call)
    if ok:
        messages.success(
            request,
            _(
                "Revisi (versi %(v)s) dibuka. Versi yang disetujui tetap berlaku sampai revisi "
                "ini disetujui."
            )
            % {"v": result["new"].version},
        )
        return redirect(_detail_url(result["new"]))
    return _back(request, skp)


# ---------------------------------------------------------------- "SKP saya"


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _create_initial(open_years: list[PerformanceYear]) -> dict[str, Any]:
    """The first open year, and its whole span when it is the only one (the usual case)."""
    if not open_years:
        return {}
    initial: dict[str, Any] = {"year": open_years[0].pk}
    if len(open_years) == 1:
        y = open_years[0].year
        initial.update(start_date=datetime.date(y, 1, 1), end_date=datetime.date(y, 12, 31))
    return initial


@login_required
def my_skp(request: HttpRequest) -> HttpResponse:
    me = access_for(request.user).pegawai
    if me is None:
        return render(request, "planning/my_skp.html", {"me": None})
    skps = list(
        Skp.objects.filter(pegawai=me)
        .select_related("year", "rater", "jabatan", "unit")
        .annotate(rhk_count=Count("rhks"))
        .order_by("-year__year", "start_date", "-version")
    )
    open_years = PerformanceYear.objects.filter(instansi_id=me.instansi_id, is_closed=False)
    open_list = list(open_years.order_by("-year"))
    create_form = SkpCreateForm(
        request.POST or None,
        years=open_years,
        initial=_create_initial(open_list),
    )
    if request.method == "POST" and create_form.is_valid():
        data = create_form.cleaned_data
        result: dict[str, Skp] = {}

        def call() -> None:
            result["skp"] = services.skp_create(
                pegawai=me,
                year=data["year"],
                actor=request.user,
                start_date=data.get("start_date"),
                end_date=data.get("end_date"),
                approach=data["approach"],
            )

        ok, refused = _attempt(request, call, create_form)
        if ok:
            messages.success(
                request,
                _("SKP %(y)s dibuat. Mulailah dengan menambahkan hasil kerja utama.")
                % {"y": data["year"].year},
            )
            return redirect(_detail_url(result["skp"], "skp-results"))
        if refused:
            return redirect("planning:my_skp")
    # Years the user can still start an SKP in, and last year's SKP to copy into each.
    active = [s for s in skps if s.status != SkpStatus.SUPERSEDED]
    started_years = {s.year.year for s in active}
    copy_offers = []
    for y in open_list:
        if y.year in started_years:
            continue
        sources = [s for s in active if s.year.year == y.year - 1]
        if sources:
            copy_offers.append({"year": y, "sources": sources})
    years: dict[int, list[Skp]] = defaultdict(list)
    for s in skps:
        years[s.year.year].append(s)
    return render(
        request,
        "planning/my_skp.html",
        {
            "me": me,
            "skps_by_year": sorted(years.items(), reverse=True),
            "open_years": open_list,
            "create_form": create_form,
            "open_create": request.method == "POST",
            "missing_years": [y for y in open_list if y.year not in started_years],
            "copy_offers": copy_offers,
        },
    )


@login_required
@require_POST
def skp_copy(request: HttpRequest) -> HttpResponse:
    me = access_for(request.user).pegawai
    if me is None:
        raise Http404
    form = SkpCopyForm(
        request.POST,
        sources=Skp.objects.filter(pegawai=me).select_related("year", "pegawai"),
        years=PerformanceYear.objects.filter(instansi_id=me.instansi_id),
    )
    if not form.is_valid():
        messages.error(request, _("Pilih SKP sumber dan tahun tujuan dari daftar."))
        return redirect("planning:my_skp")
    result: dict[str, Skp] = {}

    def call() -> None:
        result["skp"] = services.skp_copy_from(
            source=form.cleaned_data["source"], year=form.cleaned_data["year"], actor=request.user
        )

    ok, _refused = _attempt(request, call)
    if not ok:
        return redirect("planning:my_skp")
    messages.success(
        request,
        _(
            "SKP %(y)s dibuat dari SKP %(s)s. Periksa kembali isinya dan tautkan setiap hasil "
            "kerja ke RHK atasan tahun ini."
        )
        % {"y": form.cleaned_data["year"].year, "s": form.cleaned_data["source"].year.year},
    )
    return redirect(_detail_url(result["skp"], "skp-results"))


# ---------------------------------------------------------------- "Tim saya"

_STATUS_ORDER = {
    SkpStatus.SUBMITTED: 0,
    SkpStatus.RETURNED: 1,
    SkpStatus.DRAFT: 2,
    "": 3,
    SkpStatus.APPROVED: 4,
}


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    me = access_for(request.user).pegawai
    if me is None:
        return render(request, "planning/approvals.html", {"me": None})
    pending = list(
        Skp.objects.filter(rater=me, status=SkpStatus.SUBMITTED)
        .select_related("pegawai", "year", "jabatan")
        .order_by("submitted_at", "pk")
    )
    subs = list(
        Pegawai.objects.filter(atasan=me, is_active=True)
        .select_related("jabatan")
        .order_by("name", "nip")
    )
    instansi_ids = {me.instansi_id} | {s.instansi_id for s in subs}
    year_numbers = sorted(
        set(
            PerformanceYear.objects.filter(
                instansi_id__in=instansi_ids, is_closed=False
            ).values_list("year", flat=True)
        ),
        reverse=True,
    )
    by_sub: dict[tuple[int, int], list[Skp]] = defaultdict(list)
    if subs and year_numbers:
        for s in (
            Skp.objects.filter(pegawai__in=subs, year__year__in=year_numbers)
            .exclude(status=SkpStatus.SUPERSEDED)
            .select_related("year", "rater")
            .annotate(rhk_count=Count("rhks"))
            .order_by("start_date", "version")
        ):
            by_sub[(s.year.year, s.pegawai_id)].append(s)
    tables = []
    for y in year_numbers:
        rows = []
        counts: dict[str, int] = defaultdict(int)
        for p in subs:
            items = by_sub.get((y, p.pk), [])
            key = min((_STATUS_ORDER.get(s.status, 5) for s in items), default=_STATUS_ORDER[""])
            for s in items:
                counts[s.status] += 1
            if not items:
                counts["none"] += 1
            rows.append({"pegawai": p, "skps": items, "order": key})
        rows.sort(key=lambda r: r["order"])
        tables.append({"year": y, "rows": rows, "counts": dict(counts)})
    return render(
        request,
        "planning/approvals.html",
        {"me": me, "pending": pending, "subs": subs, "tables": tables},
    )


# ---------------------------------------------------------------- hand-down


@login_required
def hand_down(request: HttpRequest) -> HttpResponse:
    me = access_for(request.user).pegawai
    if me is None:
        return render(request, "planning/hand_down.html", {"me": None})
    my_skps = list(
        Skp.objects.filter(pegawai=me, year__is_closed=False)
        .exclude(status=SkpStatus.SUPERSEDED)
        .select_related("year")
        .order_by("-year__year", "-version")
    )
    wanted = _int(request.POST.get("skp") or request.GET.get("skp"))
    source = next((s for s in my_skps if s.pk == wanted), my_skps[0] if my_skps else None)
    subs = Pegawai.objects.filter(atasan=me, is_active=True).select_related("jabatan")
    rhks = (
        source.rhks.select_related("skp__year").order_by("-kind", "order", "id")
        if source
        else Rhk.objects.none()
    )
    form = HandDownForm(request.POST or None, rhks=rhks, subordinates=subs.order_by("name"))
    result = None
    if request.method == "POST" and form.is_valid():
        outcome: dict[str, Any] = {}

        def call() -> None:
            outcome["r"] = services.rhk_hand_down(
                rhks=list(form.cleaned_data["rhks"]),
                subordinates=list(form.cleaned_data["subordinates"]),
                actor=request.user,
            )

        ok, refused = _attempt(request, call, form)
        if refused:
            return redirect("planning:hand_down")
        if ok:
            r = outcome["r"]
            names = {p.pk: p for p in form.cleaned_data["subordinates"]}
            per_person: dict[int, list[Rhk]] = defaultdict(list)
            for new in r.created:
                per_person[new.skp.pegawai_id].append(new)
            skipped_ids = {p.pk for p, _reason in r.skipped}
            result = {
                "created_count": len(r.created),
                "created": [(names[pid], items) for pid, items in per_person.items()],
                "skipped": r.skipped,
                # Chosen, not skipped, nothing new: they already had every chosen RHK.
                "untouched": [
                    p
                    for p in form.cleaned_data["subordinates"]
                    if p.pk not in per_person and p.pk not in skipped_ids
                ],
            }
            form = HandDownForm(rhks=rhks, subordinates=subs.order_by("name"))
    sub_list = list(subs.order_by("name"))
    sub_skps: dict[int, list[Skp]] = defaultdict(list)
    if source is not None and sub_list:
        for s in (
            Skp.objects.filter(pegawai__in=sub_list, year__year=source.year.year)
            .exclude(status=SkpStatus.SUPERSEDED)
            .order_by("version")
        ):
            sub_skps[s.pegawai_id].append(s)
    by_pk = {p.pk: p for p in sub_list}
    rhk_by_pk = {r.pk: r for r in rhks}
    return render(
        request,
        "planning/hand_down.html",
        {
            "me": me,
            "my_skps": my_skps,
            "source": source,
            "form": form,
            "result": result,
            "sub_rows": [
                (w, by_pk[w.data["value"].value], sub_skps.get(w.data["value"].value, []))
                for w in form["subordinates"]
                if w.data["value"].value in by_pk
            ],
            "rhk_rows": [
                (w, rhk_by_pk[w.data["value"].value])
                for w in form["rhks"]
                if w.data["value"].value in rhk_by_pk
            ],
        },
    )


# ---------------------------------------------------------------- notifications


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    qs = Notification.objects.filter(user=user).order_by("-created_at", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    items = list(page.object_list)
    unread_ids = [n.pk for n in items if n.read_at is None]
    if unread_ids:
        # Shown now, so read: the badge counts only what has not been seen yet.
        Notification.objects.filter(pk__in=unread_ids).update(read_at=timezone.now())
    return render(
        request,
        "planning/notifications.html",
        {"page": page, "items": items, "unread_ids": set(unread_ids)},
    )


@login_required
@require_POST
def action_plan_delete(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    skp = perms.get_skp_for_user(request.user, pk)
    plan = get_object_or_404(ActionPlan, pk=plan_pk, rhk__skp=skp)
    anchor = f"rhk-{plan.rhk_id}"
    if refusal := _edit_refusal(request.user, skp):
        return _refuse(request, skp, refusal, anchor)
    ok, _refused = _attempt(
        request, lambda: services.action_plan_delete(plan=plan, actor=request.user)
    )
    if ok:
        messages.success(request, _("Rencana aksi dihapus."))
    return _back(request, skp, anchor)
