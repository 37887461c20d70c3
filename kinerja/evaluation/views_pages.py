"""The evaluation pages: "Penilaian saya", the self-assessment, the 360° inbox and answer, the
rater's team list and the rater's screen, "Mengapa predikat ini" with acknowledgement and
objection, and the objection decision. Access helper → form → service → response: every
evaluation comes through permissions.get_evaluation_for_user (forbidden looks like missing),
every write through services.py, whose ValidationError lands on the form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kinerja.activity.views_entries import me_or_404
from kinerja.organisation.views import apply_errors
from kinerja.planning.models import BehaviourValue, Indicator
from kinerja.scoring.rules import MATRIX

from . import permissions as perms
from . import selectors, services
from .choices import Predikat, Rating, Relation, Status
from .forms import (
    DecisionForm,
    FinaliseForm,
    NominateForm,
    ObjectionForm,
    PeerAnswerForm,
    RateForm,
    SelfAssessmentForm,
    TeamFilterForm,
)
from .models import Evaluation, PeerRequest

PER_PAGE = 25
# Lazy labels: translated when a page is rendered, in the user's language.
RATING_LABELS: dict[str, Any] = dict(Rating.choices)
PREDIKAT_LABELS: dict[str, Any] = dict(Predikat.choices)
RELATION_LABELS: dict[str, Any] = dict(Relation.choices)
# The matrix as the page draws it: hasil kerja rows (best first) × perilaku columns.
ROWS = [Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH]
COLS = [Rating.DI_BAWAH, Rating.SESUAI, Rating.DI_ATAS]


# ---------------------------------------------------------------- small helpers


def pdf_url(ev: Evaluation) -> str:
    """The evaluation's PDF, once that page exists (another module adds `evaluation:pdf`)."""
    try:
        return reverse("evaluation:pdf", kwargs={"pk": ev.pk})
    except NoReverseMatch:
        return ""


def _errors_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def _matrix(hasil: str, perilaku: str) -> dict[str, Any]:
    """The predikat matrix with the cell of the current pair marked, and the lookup for the
    page's live preview."""
    rows = []
    for h in ROWS:
        cells = []
        for p in COLS:
            result = MATRIX[(h, p)]  # type: ignore[index]
            cells.append({"label": PREDIKAT_LABELS[result.value],
                          "current": h.value == hasil and p.value == perilaku})  # fmt: skip
        rows.append({"label": RATING_LABELS[h.value], "cells": cells})
    lookup = {f"{h.value}|{p.value}": PREDIKAT_LABELS[r.value] for (h, p), r in MATRIX.items()}
    return {"cols": [RATING_LABELS[c.value] for c in COLS], "rows": rows, "lookup": lookup}


def _predikat_for(hasil: str, perilaku: str) -> str:
    if hasil in Rating.values and perilaku in Rating.values:
        return str(PREDIKAT_LABELS[MATRIX[(Rating(hasil), Rating(perilaku))].value])  # type: ignore[index]
    return ""


@dataclass
class IndicatorRow:
    data: dict[str, Any]
    support: selectors.IndicatorEvidence
    self_rating: str = ""
    self_comment: str = ""


@dataclass
class PeerGroupView:
    relation: str
    asked: int
    answered: int
    shown: bool
    values: list[dict[str, Any]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def _indicator_rows(ev: Evaluation, sa: Any) -> tuple[list[IndicatorRow], Any]:
    """The numbers behind each indicator: the frozen snapshot once final, else live (with the
    live suggestion, which the rater may then store with the refresh button)."""
    live = None
    if ev.status == Status.OPEN or not ev.indicator_snapshot:
        live = services.suggestion_for(ev)
        data = live.indicators
    else:
        data = list(ev.indicator_snapshot)
    ids = [int(r["indicator_id"]) for r in data if r.get("indicator_id")]
    support = selectors.indicator_evidence(ev, ids)
    own = (sa.indicators if sa else {}) or {}
    rows = []
    for r in data:
        mine = own.get(str(r.get("indicator_id"))) or {}
        rows.append(IndicatorRow(data=r, support=support.get(int(r.get("indicator_id") or 0),
                                 selectors.IndicatorEvidence()),
                                 self_rating=str(RATING_LABELS.get(mine.get("rating", ""), "")),
                                 self_comment=mine.get("comment", "")))  # fmt: skip
    return rows, live


def _peer_groups(ev: Evaluation, values: list[BehaviourValue]) -> list[PeerGroupView]:
    """services.peer_summary made readable: counts per value and rating, by relation, only from
    the minimum number of answers; no names anywhere."""
    out = []
    for g in services.peer_summary(ev):
        view = PeerGroupView(relation=str(RELATION_LABELS.get(g.relation, g.relation)), asked=g.asked,
                             answered=g.answered, shown=g.shown, comments=list(g.comments))  # fmt: skip
        if g.shown:
            for v in values:
                counts = g.per_value.get(v.pk, {})
                view.values.append({"name": v.name, "di_atas": counts.get("di_atas", 0),
                                    "sesuai": counts.get("sesuai", 0), "di_bawah": counts.get("di_bawah", 0)})  # fmt: skip
        out.append(view)
    return out


def _common_context(request: HttpRequest, ev: Evaluation) -> dict[str, Any]:
    user = request.user
    sa = selectors.self_assessment_of(ev)
    rows, live = _indicator_rows(ev, sa)
    value_rows = selectors.value_rows(ev, sa)
    for vr in value_rows:
        vr.self_rating = str(RATING_LABELS.get(vr.self_rating, ""))
    sees = perms.employee_sees_result(user, ev)
    return {
        "ev": ev,
        "sees_result": sees,
        "is_evaluatee": perms.is_evaluatee(user, ev),
        "is_rater": perms.is_rater(user, ev),
        "is_superior": perms.is_rater_superior(user, ev),
        "rows": rows,
        "live": live,
        "self_assessment": sa,
        "value_rows": value_rows,
        "peer_groups": _peer_groups(ev, [vr.value for vr in value_rows]) if sees else [],
        "min_respondents": settings.KINERJA_360_MIN_RESPONDENTS,
        "transitions": selectors.transitions_of(ev),
        "pdf_url": pdf_url(ev),
        "suggested_label": RATING_LABELS.get(ev.suggested_rating, ""),
        "hasil_label": RATING_LABELS.get(ev.rating_hasil_kerja, ""),
        "perilaku_label": RATING_LABELS.get(ev.rating_perilaku, ""),
        "predikat_label": PREDIKAT_LABELS.get(ev.predikat, ""),
    }


# ---------------------------------------------------------------- the employee's lists


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Penilaian saya: my periodic and annual evaluations; ratings only once final."""
    me = me_or_404(request)
    evaluations = list(selectors.evaluation_list_for_pegawai(me))
    for ev in evaluations:
        ev.result_visible = perms.employee_sees_result(request.user, ev)  # type: ignore[attr-defined]
        ev.predikat_label = PREDIKAT_LABELS.get(ev.predikat, "")  # type: ignore[attr-defined]
        ev.pdf = pdf_url(ev) if ev.status != Status.OPEN else ""  # type: ignore[attr-defined]
    return render(request, "evaluation/mine.html", {
        "evaluations": evaluations, "pending_peers": selectors.pending_peer_count(me),
        "objections_waiting": selectors.objections_for_superior(me).filter(decided_at__isnull=True).count(),
    })  # fmt: skip


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """Penilaian tim: evaluations where I am the rater, by period and status."""
    me = me_or_404(request)
    periods = selectors.rater_periods(me)
    flt = TeamFilterForm(request.GET or None, periods=periods)
    period_id, annual, status = None, False, ""
    if request.GET and flt.is_valid():
        raw = flt.cleaned_data.get("period") or ""
        annual = raw == TeamFilterForm.ANNUAL
        period_id = int(raw) if raw.isdigit() else None
        status = flt.cleaned_data.get("status") or ""
    qs = selectors.evaluation_list_for_rater(me, period_id=period_id, annual=annual, status=status)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    for ev in page.object_list:
        ev.predikat_label = PREDIKAT_LABELS.get(ev.predikat, "")
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "evaluation/team.html", {
        "page": page, "flt": flt, "filtered": bool(period_id or annual or status),
        "querystring": params.urlencode(),
    })  # fmt: skip


# ---------------------------------------------------------------- one evaluation


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The rater works on an open evaluation here; everyone else who may see it reads it —
    for the employee once final, "Mengapa predikat ini"."""
    ev = perms.get_evaluation_for_user(request.user, pk)
    if perms.is_rater(request.user, ev) and ev.status == Status.OPEN:
        return _rater_screen(request, ev)
    return _detail(request, ev)


def _detail(request: HttpRequest, ev: Evaluation, *, objection_form: ObjectionForm | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    ctx = _common_context(request, ev)
    objection = selectors.objection_of(ev)
    today = timezone.localdate()
    can_object = (
        ctx["is_evaluatee"]
        and objection is None
        and ev.status in (Status.FINAL, Status.ACKNOWLEDGED)
        and (ev.objection_deadline is None or today <= ev.objection_deadline)
    )
    ctx.update({
        "objection": objection, "objection_form": objection_form or ObjectionForm(),
        "can_object": can_object or objection_form is not None,
        "deadline_passed": bool(ev.objection_deadline and today > ev.objection_deadline),
        "can_acknowledge": ctx["is_evaluatee"] and ev.status == Status.FINAL,
        "can_decide": ctx["is_superior"] and ev.status == Status.OBJECTED,
        "objection_before": {
            "hasil": RATING_LABELS.get((objection.before or {}).get("hasil_kerja", ""), ""),
            "perilaku": RATING_LABELS.get((objection.before or {}).get("perilaku", ""), ""),
            "predikat": PREDIKAT_LABELS.get((objection.before or {}).get("predikat", ""), ""),
        } if objection else {},
    })  # fmt: skip
    return render(request, "evaluation/detail.html", ctx, status=status)


def _rater_screen(request: HttpRequest, ev: Evaluation, *, rate_form: RateForm | None = None,
                  nominate_form: NominateForm | None = None, curve: list[str] | None = None,
                  status: int = 200) -> HttpResponse:  # fmt: skip
    ctx = _common_context(request, ev)
    values = [vr.value for vr in ctx["value_rows"]]
    if rate_form is None:
        rate_form = RateForm(
            values=values,
            value_feedback={vr.value.pk: vr.feedback for vr in ctx["value_rows"]},
            initial={"hasil_kerja": ev.rating_hasil_kerja, "perilaku": ev.rating_perilaku,
                     "feedback": ev.feedback, "departure_reason": ev.departure_reason},
        )  # fmt: skip
    hasil = str(rate_form["hasil_kerja"].value() or "")
    perilaku = str(rate_form["perilaku"].value() or "")
    ctx.update({
        "rate_form": rate_form,
        "value_fields": [(vr, rate_form.value_field(vr.value.pk)) for vr in ctx["value_rows"]],
        "nominate_form": nominate_form or NominateForm(queryset=selectors.nominee_choices(ev)),
        "finalise_form": FinaliseForm(),
        "curve": curve or [],
        "matrix": _matrix(hasil, perilaku),
        "preview": _predikat_for(hasil, perilaku),
        "departs": bool(ev.suggested_rating and hasil and hasil != ev.suggested_rating),
        "live_label": RATING_LABELS.get(ctx["live"].rating, "") if ctx["live"] else "",
        "live_differs": bool(ctx["live"] and ctx["live"].rating != ev.suggested_rating),
    })  # fmt: skip
    return render(request, "evaluation/rate.html", ctx, status=status)


@login_required
@require_POST
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the rater's decision; with action=finalise also finalise it, in one transaction so
    a refused finalisation writes nothing. A curve breach comes back as a warning that the rater
    acknowledges by ticking the box and finalising again."""
    ev = perms.get_evaluation_for_user(request.user, pk)
    values = list(BehaviourValue.objects.order_by("order", "id"))
    form = RateForm(request.POST, values=values)
    finalise = request.POST.get("action") == "finalise"
    ack = FinaliseForm(request.POST)
    acknowledged = ack.is_valid() and bool(ack.cleaned_data["acknowledge_curve"])
    if not form.is_valid():
        return _rater_or_message(request, ev, form, None)
    curve: list[str] = []
    try:
        with transaction.atomic():
            services.evaluation_rate(
                evaluation=ev, actor=request.user, hasil_kerja=form.cleaned_data["hasil_kerja"],
                perilaku=form.cleaned_data["perilaku"], feedback=form.cleaned_data["feedback"],
                departure_reason=form.cleaned_data["departure_reason"],
                behaviour_feedback=form.behaviour_feedback(),
            )  # fmt: skip
            if finalise:
                try:
                    services.evaluation_finalise(
                        evaluation=ev, actor=request.user, acknowledge_curve=acknowledged
                    )
                except ValidationError as exc:
                    # A curve breach is a warning to acknowledge, not an error (codes from the service).
                    curve = [str(e.message) for e in exc.error_list if e.code == "curve"] if not hasattr(exc, "error_dict") else []  # fmt: skip
                    raise
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        ev.refresh_from_db()
        if curve:
            return _rater_or_message(request, ev, form, None, curve=curve)
        return _rater_or_message(request, ev, form, exc)
    if finalise:
        messages.success(request, _("Penilaian %(p)s sudah final.") % {"p": ev.pegawai.full_name})
    else:
        messages.success(request, _("Penilaian disimpan sebagai draf."))
    return redirect("evaluation:detail", pk=ev.pk)


def _rater_or_message(request: HttpRequest, ev: Evaluation, form: RateForm,
                      exc: ValidationError | None, curve: list[str] | None = None) -> HttpResponse:  # fmt: skip
    """The rater sees the form again with the errors; anyone else gets the message."""
    if perms.is_rater(request.user, ev) and ev.status == Status.OPEN:
        if exc is not None:
            apply_errors(form, exc)
        return _rater_screen(request, ev, rate_form=form, curve=curve, status=200 if curve else 400)
    if exc is not None:
        _errors_to_messages(request, exc)
    else:
        messages.error(request, _("Periksa kembali isian penilaian."))
    return redirect("evaluation:detail", pk=ev.pk)


@login_required
@require_POST
def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """Recompute and store the suggestion with its reasons."""
    ev = perms.get_evaluation_for_user(request.user, pk)
    try:
        services.suggestion_refresh(evaluation=ev, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("Saran rating diperbarui dari capaian terkini."))
    return redirect("evaluation:detail", pk=ev.pk)


@login_required
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask peers or subordinates of the same agency for 360° input."""
    ev = perms.get_evaluation_for_user(request.user, pk)
    form = NominateForm(request.POST, queryset=selectors.nominee_choices(ev))
    if form.is_valid():
        relation = form.cleaned_data["relation"]
        try:
            n = services.peer_nominate(evaluation=ev, actor=request.user,
                                       respondents=[(p, relation) for p in form.cleaned_data["respondents"]])  # fmt: skip
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, ngettext("%(n)d pegawai diminta memberi masukan 360°.",
                                               "%(n)d pegawai diminta memberi masukan 360°.", n) % {"n": n})  # fmt: skip
            return redirect(reverse("evaluation:detail", kwargs={"pk": ev.pk}) + "#masukan-360")
    if perms.is_rater(request.user, ev) and ev.status == Status.OPEN:
        return _rater_screen(request, ev, nominate_form=form, status=400)
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, str(e))
    return redirect("evaluation:detail", pk=ev.pk)


# ---------------------------------------------------------------- the employee's side


def _own_indicators(ev: Evaluation) -> list[Indicator]:
    return list(
        Indicator.objects.filter(rhk__skp_id=ev.skp_id)
        .select_related("rhk")
        .order_by("rhk__kind", "rhk__order", "order", "id")
    )


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's own view of the period, while the evaluation is open."""
    ev = perms.get_evaluation_for_user(request.user, pk)
    if not perms.is_evaluatee(request.user, ev):
        raise Http404
    indicators = _own_indicators(ev)
    values = list(BehaviourValue.objects.order_by("order", "id").prefetch_related("guides"))
    saved = selectors.self_assessment_of(ev)
    kwargs: dict[str, Any] = {"indicator_ids": [i.pk for i in indicators], "value_ids": [v.pk for v in values],
              "saved": saved}  # fmt: skip
    if request.method == "POST":
        form = SelfAssessmentForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.self_assessment_save(evaluation=ev, actor=request.user,
                                              comment=form.cleaned_data["comment"],
                                              indicators=form.indicators, values=form.values)  # fmt: skip
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Penilaian diri disimpan. Pejabat penilai dapat melihatnya.")
                )
                return redirect("evaluation:mine")
        status = 400
    else:
        form = SelfAssessmentForm(**kwargs)
        status = 200
    return render(request, "evaluation/self_assessment.html", {
        "ev": ev, "form": form, "editable": ev.status == Status.OPEN,
        "indicator_rows": [(i, *form.row("ind_", i.pk)) for i in indicators],
        "value_rows": [(v, *form.row("val_", v.pk)) for v in values],
    }, status=status)  # fmt: skip


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    ev = perms.get_evaluation_for_user(request.user, pk)
    try:
        services.evaluation_acknowledge(evaluation=ev, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        _errors_to_messages(request, exc)
    else:
        messages.success(request, _("Anda telah menerima hasil penilaian ini."))
    return redirect("evaluation:detail", pk=ev.pk)


@login_required
@require_POST
def object_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Keberatan: the employee's objection with reasons, within the deadline."""
    ev = perms.get_evaluation_for_user(request.user, pk)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_file(evaluation=ev, actor=request.user,
                                    reasons=form.cleaned_data["reasons"])  # fmt: skip
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            ev.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("Keberatan diajukan kepada atasan pejabat penilai."))
            return redirect("evaluation:detail", pk=ev.pk)
    return _detail(request, ev, objection_form=form, status=400)


# ---------------------------------------------------------------- 360° respondents


@login_required
def peer_inbox(request: HttpRequest) -> HttpResponse:
    me = me_or_404(request)
    requests = list(selectors.peer_requests_for_respondent(me))
    return render(request, "evaluation/peer_inbox.html", {
        "pending": [r for r in requests if r.answered_at is None and r.evaluation.status == Status.OPEN],
        "done": [r for r in requests if r.answered_at is not None or r.evaluation.status != Status.OPEN],
    })  # fmt: skip


@login_required
def peer_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer one 360° request: the seven values, each rated, with an optional comment. The
    request is looked up among mine only, so anyone else's looks missing."""
    me = me_or_404(request)
    req = get_object_or_404(
        PeerRequest.objects.select_related("evaluation__pegawai", "evaluation__period",
                                           "evaluation__skp__year", "evaluation__jabatan"),
        pk=pk, respondent=me,
    )  # fmt: skip
    values = list(BehaviourValue.objects.order_by("order", "id").prefetch_related("guides"))
    status = 200
    form = PeerAnswerForm(request.POST or None, value_ids=[v.pk for v in values])
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.peer_answer(request=req, actor=request.user, answers=form.answers)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Terima kasih; masukan 360° Anda tersimpan tanpa nama.")
                )
                return redirect("evaluation:peer_inbox")
    return render(request, "evaluation/peer_answer.html", {
        "req": req, "ev": req.evaluation, "form": form,
        "value_rows": [(v, *form.row("val_", v.pk)) for v in values],
        "answerable": req.answered_at is None and req.evaluation.status == Status.OPEN,
    }, status=status)  # fmt: skip


# ---------------------------------------------------------------- objections


@login_required
def objections(request: HttpRequest) -> HttpResponse:
    """Objections on evaluations whose rater's superior I am."""
    me = me_or_404(request)
    rows = list(selectors.objections_for_superior(me))
    return render(request, "evaluation/objections.html", {
        "waiting": [o for o in rows if o.decided_at is None],
        "decided": [o for o in rows if o.decided_at is not None],
    })  # fmt: skip


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The rater's superior upholds or changes the result, with a written decision."""
    ev = perms.get_evaluation_for_user(request.user, pk)
    if not perms.is_rater_superior(request.user, ev):
        raise Http404
    objection = selectors.objection_of(ev)
    if objection is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST)
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.objection_decide(objection=objection, actor=request.user,
                                          decision=d["decision"], decision_text=d["decision_text"],
                                          hasil_kerja=d["hasil_kerja"], perilaku=d["perilaku"])  # fmt: skip
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                ev.refresh_from_db()
                objection.refresh_from_db()
                apply_errors(form, exc)
            else:
                messages.success(request, _("Keberatan diputus."))
                return redirect("evaluation:objections")
    else:
        form = DecisionForm(
            initial={"hasil_kerja": ev.rating_hasil_kerja, "perilaku": ev.rating_perilaku}
        )
    ctx = _common_context(request, ev)
    before = objection.before or {}
    ctx.update({
        "objection": objection, "form": form, "open_for_decision": ev.status == Status.OBJECTED,
        "objection_before": {"hasil": RATING_LABELS.get(before.get("hasil_kerja", ""), ""),
                             "perilaku": RATING_LABELS.get(before.get("perilaku", ""), ""),
                             "predikat": PREDIKAT_LABELS.get(before.get("predikat", ""), "")},
    })  # fmt: skip
    return render(request, "evaluation/decide.html", ctx, status=status)
