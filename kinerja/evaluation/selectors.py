"""Reads of evaluations for the pages, always scoped to the acting employee: my evaluations, my
team as rater, my 360° inbox, the objections awaiting me, and the evidence and feedback behind
each indicator. A fixed number of queries whatever the size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber

from kinerja.activity.choices import EntryStatus
from kinerja.activity.models import Evidence, Feedback
from kinerja.organisation.models import Pegawai
from kinerja.planning.models import BehaviourValue, Period, SkpBehaviour

from .choices import Kind, Status
from .models import Evaluation, EvaluationTransition, Objection, PeerRequest, SelfAssessment

SAMPLES = 5  # evidence and feedback items listed per indicator; the rest are counted


def evaluation_list_for_pegawai(me: Pegawai) -> QuerySet[Evaluation]:
    """My own evaluations, periodic and annual, newest year first."""
    return (
        Evaluation.objects.filter(pegawai=me)
        .select_related("period", "skp__year", "rater")
        .order_by("-skp__year__year", "kind", "-period__number", "-id")
    )


def evaluation_list_for_rater(
    me: Pegawai, *, period_id: int | None = None, annual: bool = False, status: str = ""
) -> QuerySet[Evaluation]:
    """Evaluations where I am the rater, with whether self and 360° input came in."""
    qs = (
        Evaluation.objects.filter(rater=me)
        .select_related("pegawai", "period", "skp__year", "jabatan")
        .annotate(
            has_self=Exists(SelfAssessment.objects.filter(evaluation=OuterRef("pk"))),
            peers_asked=Count("peer_requests", distinct=True),
            peers_answered=Count(
                "peer_requests",
                filter=Q(peer_requests__answered_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-skp__year__year", "kind", "-period__number", "pegawai__name", "id")
    )
    if annual:
        qs = qs.filter(kind=Kind.ANNUAL)
    elif period_id:
        qs = qs.filter(period_id=period_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def rater_periods(me: Pegawai) -> list[Period]:
    """The periods in which I rate someone, for the team list's filter."""
    return list(
        Period.objects.filter(pk__in=Evaluation.objects.filter(rater=me).values("period_id"))
        .select_related("year")
        .order_by("-year__year", "number")
    )


def peer_requests_for_respondent(me: Pegawai) -> QuerySet[PeerRequest]:
    """360° requests addressed to me; the unanswered ones of open evaluations first."""
    return (
        PeerRequest.objects.filter(respondent=me)
        .exclude(evaluation__pegawai=me)
        .select_related("evaluation__pegawai", "evaluation__period", "evaluation__skp__year")
        .order_by(F("answered_at").desc(nulls_first=True), "-created_at", "-id")
    )


def pending_peer_count(me: Pegawai) -> int:
    return (
        PeerRequest.objects.filter(
            respondent=me, answered_at__isnull=True, evaluation__status=Status.OPEN
        )
        .exclude(evaluation__pegawai=me)
        .count()
    )


def objections_for_superior(me: Pegawai) -> QuerySet[Objection]:
    """Objections on evaluations whose rater's superior I am; undecided first."""
    return (
        Objection.objects.filter(evaluation__rater_superior=me)
        .select_related(
            "evaluation__pegawai",
            "evaluation__period",
            "evaluation__skp__year",
            "evaluation__rater",
        )  # fmt: skip
        .order_by(F("decided_at").desc(nulls_first=True), "created_at", "id")
    )


# ---------------------------------------------------------------- behind each indicator


@dataclass
class IndicatorEvidence:
    evidence_count: int = 0
    evidence: list[Evidence] = field(default_factory=list)
    feedback_count: int = 0
    feedback: list[Feedback] = field(default_factory=list)


def evaluation_upto(ev: Evaluation) -> datetime.date:
    if ev.period_id and ev.period:
        return ev.period.end_date
    return datetime.date(ev.skp.year.year, 12, 31)


def indicator_evidence(ev: Evaluation, indicator_ids: list[int]) -> dict[int, IndicatorEvidence]:
    """Per indicator: verified evidence (of verified entries and of manual realisations) up to
    the evaluation's end, and the feedback given on the indicator or its entries. Four queries:
    two counts and two short lists, whatever the number of indicators or entries."""
    out = {i: IndicatorEvidence() for i in indicator_ids}
    if not indicator_ids:
        return out
    upto = evaluation_upto(ev)
    ev_q = Q(
        entry__indicator_id__in=indicator_ids,
        entry__status=EntryStatus.VERIFIED,
        entry__date__lte=upto,
    ) | Q(realisation__indicator_id__in=indicator_ids, realisation__period__end_date__lte=upto)
    evidence = Evidence.objects.filter(ev_q).annotate(
        ind=Coalesce("entry__indicator_id", "realisation__indicator_id")
    )
    for row in evidence.values("ind").annotate(n=Count("id")).order_by():
        if row["ind"] in out:
            out[row["ind"]].evidence_count = row["n"]
    listed = (
        evidence.select_related("entry")
        .annotate(rn=Window(RowNumber(), partition_by=F("ind"), order_by=[F("created_at").desc(), F("id").desc()]))
        .filter(rn__lte=SAMPLES)
        .order_by("ind", "-created_at", "-id")
    )  # fmt: skip
    for e in listed:
        if e.ind in out:
            out[e.ind].evidence.append(e)
    fb_q = Q(indicator_id__in=indicator_ids) | Q(entry__indicator_id__in=indicator_ids)
    feedback = Feedback.objects.filter(fb_q, pegawai_id=ev.pegawai_id, parent__isnull=True).annotate(
        ind=Coalesce("indicator_id", "entry__indicator_id")
    )  # fmt: skip
    for row in feedback.values("ind").annotate(n=Count("id")).order_by():
        if row["ind"] in out:
            out[row["ind"]].feedback_count = row["n"]
    listed_fb = (
        feedback.select_related("author")
        .annotate(rn=Window(RowNumber(), partition_by=F("ind"), order_by=[F("created_at").desc(), F("id").desc()]))
        .filter(rn__lte=SAMPLES)
        .order_by("ind", "-created_at", "-id")
    )  # fmt: skip
    for f in listed_fb:
        if f.ind in out:
            out[f.ind].feedback.append(f)
    return out


@dataclass
class ValueRow:
    value: BehaviourValue
    expectation: str = ""
    feedback: str = ""
    self_rating: str = ""
    self_comment: str = ""


def value_rows(ev: Evaluation, self_assessment: SelfAssessment | None) -> list[ValueRow]:
    """The seven BerAKHLAK values with the SKP's specific expectation, the rater's feedback and
    the employee's own view. Three queries."""
    values = list(BehaviourValue.objects.order_by("order", "id"))
    expectations = dict(
        SkpBehaviour.objects.filter(skp_id=ev.skp_id).values_list("value_id", "expectation")
    )
    feedback = dict(ev.behaviour_feedback.values_list("value_id", "feedback"))
    own = (self_assessment.values if self_assessment else {}) or {}
    rows = []
    for v in values:
        mine = own.get(str(v.pk)) or {}
        rows.append(ValueRow(value=v, expectation=expectations.get(v.pk) or "",
                             feedback=feedback.get(v.pk) or "", self_rating=mine.get("rating", ""),
                             self_comment=mine.get("comment", "")))  # fmt: skip
    return rows


def self_assessment_of(ev: Evaluation) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(evaluation=ev).first()


def transitions_of(ev: Evaluation) -> list[EvaluationTransition]:
    """The status history with readable labels. One query."""
    labels = dict(Status.choices)
    rows = list(ev.transitions.select_related("actor").order_by("created_at", "id"))
    for t in rows:
        t.from_label = labels.get(t.from_status, t.from_status)  # type: ignore[attr-defined]
        t.to_label = labels.get(t.to_status, t.to_status)  # type: ignore[attr-defined]
    return rows


def nominee_choices(ev: Evaluation) -> QuerySet[Pegawai]:
    """Active employees of the same agency not yet asked, other than the evaluatee and the rater
    (whose own judgement is the rating itself)."""
    return (
        Pegawai.objects.filter(instansi_id=ev.instansi_id, is_active=True)
        .exclude(pk__in=[pk for pk in (ev.pegawai_id, ev.rater_id) if pk])
        .exclude(pk__in=PeerRequest.objects.filter(evaluation=ev).values("respondent_id"))
        .only("id", "name", "nip", "gelar_depan", "gelar_belakang")
        .order_by("name")
    )


def objection_of(ev: Evaluation) -> Objection | None:
    return Objection.objects.filter(evaluation=ev).select_related("decided_by").first()
