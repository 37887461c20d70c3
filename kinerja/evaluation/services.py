"""Every write to evaluations: opening them for a period, self and 360° input, the rater's
ratings, the curve check, finalising, the employee's acknowledgement and objection, the decision
on it. Keyword-only, atomic, audited with a transition row per status change."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.activity.selectors import progress_for_indicators
from kinerja.core.audit import audit_log, snapshot
from kinerja.core.notify import notify
from kinerja.organisation.models import Pegawai, UnitKerja
from kinerja.organisation.permissions import access_for
from kinerja.planning.choices import RhkKind, SkpStatus
from kinerja.planning.models import BehaviourValue, Indicator, PerformanceYear, Period, Skp
from kinerja.scoring import curve as curve_rules
from kinerja.scoring.policies import POLICIES, IndicatorScore, Permenpanrb2022, Policy
from kinerja.scoring.rules import Predikat as RulePredikat
from kinerja.scoring.rules import Rating as RuleRating
from kinerja.scoring.rules import predikat as matrix

from . import permissions as perms
from .choices import Kind, ObjectionDecision, Rating, Relation, Status
from .models import (
    BehaviourFeedback,
    Evaluation,
    EvaluationTransition,
    Objection,
    PeerRequest,
    SelfAssessment,
    UnitPredikat,
)


def _deny() -> None:
    raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))


def _transition(ev: Evaluation, old: str, new: str, actor: Any, note: str = "") -> None:
    EvaluationTransition.objects.create(evaluation=ev, from_status=old, to_status=new,
                                        actor=actor if getattr(actor, "pk", None) else None, note=note)  # fmt: skip


def _ensure_open(ev: Evaluation) -> None:
    if ev.status != Status.OPEN:
        raise ValidationError(_("Penilaian ini sudah final; tidak dapat diubah."))
    if ev.period_id and ev.period and ev.period.is_closed:
        raise ValidationError(_("Periode %(p)s sudah ditutup.") % {"p": ev.period.name})
    if ev.skp.year.is_closed:
        raise ValidationError(_("Tahun kinerja %(y)s sudah ditutup.") % {"y": ev.skp.year.year})


# ------------------------------------------------------------------ opening evaluations


def frozen_policy(year: PerformanceYear) -> tuple[str, dict[str, Any]]:
    """The year's policy with its parameters, frozen into each evaluation made under it."""
    policy = POLICIES.build(year.scoring_policy)
    return year.scoring_policy, dict(policy.params())


def _open(*, year: PerformanceYear, period: Period | None, actor: Any,
          skp_ids: Iterable[int] | None = None) -> list[Evaluation]:  # fmt: skip
    """Create the missing evaluations of `period` (None: the annual one) for the approved SKPs of
    `year` in force during it (optionally only `skp_ids`). No permission check, no audit row: the
    callers do both. The SKPs that already have one are left out in the query, so a run with
    nothing to do reads no SKP."""
    kind = Kind.PERIODIC if period else Kind.ANNUAL
    start = period.start_date if period else datetime.date(year.year, 1, 1)
    end = period.end_date if period else datetime.date(year.year, 12, 31)
    existing = Evaluation.objects.filter(skp=OuterRef("pk"), period=period, kind=kind)
    qs = Skp.objects.filter(
        year=year, status=SkpStatus.APPROVED, start_date__lte=end, end_date__gte=start
    ).exclude(Exists(existing))
    if skp_ids is not None:
        qs = qs.filter(pk__in=list(skp_ids))
    skps = list(qs.select_related("pegawai", "rater").order_by("pk"))
    if not skps:
        return []
    key, params = frozen_policy(year)
    values = list(BehaviourValue.objects.all())
    who = actor if getattr(actor, "pk", None) else None
    new = [
        Evaluation(
            skp=s,
            period=period,
            kind=kind,
            pegawai=s.pegawai,
            rater=s.rater,
            rater_superior_id=s.rater.atasan_id if s.rater else None,
            instansi_id=s.pegawai.instansi_id,
            unit_id=s.unit_id,
            jabatan_id=s.jabatan_id,
            policy_key=key,
            policy_params=params,
        )  # fmt: skip
        for s in skps
    ]
    Evaluation.objects.bulk_create(new, batch_size=1000)
    BehaviourFeedback.objects.bulk_create(
        [BehaviourFeedback(evaluation=e, value=v) for e in new for v in values], batch_size=5000
    )
    EvaluationTransition.objects.bulk_create(
        [
            EvaluationTransition(evaluation=e, from_status="", to_status=Status.OPEN, actor=who)
            for e in new
        ],
        batch_size=2000,
    )
    return new


def _audit_opened(year: PerformanceYear, period: Period | None, actor: Any, created: int,
                  **extra: Any) -> None:  # fmt: skip
    audit_log(actor=actor, action="evaluation.opened", object_type="planning.performanceyear",
              object_id=str(year.pk), object_repr=str(year),
              after={"period_id": period.pk if period else None, "created": created, **extra})  # fmt: skip


@transaction.atomic
def evaluations_open(*, year: PerformanceYear, actor: Any, period: Period | None = None) -> int:
    """Create the evaluation of every approved SKP in force during `period` (or the annual one),
    with a snapshot of post, unit, rater and the rater's superior. Idempotent."""
    if not access_for(actor).can_write_instansi(year.instansi_id):
        _deny()
    if period is not None and period.year_id != year.pk:
        raise ValidationError(_("Periode bukan bagian dari tahun kinerja ini."))
    new = _open(year=year, period=period, actor=actor)
    _audit_opened(year, period, actor, len(new))
    return len(new)


def _due(year: PerformanceYear, periods: Sequence[Period], today: datetime.date
         ) -> list[Period | None]:  # fmt: skip
    """What is due in `year` by `today`: each open period that has started, then the annual
    evaluation (None) once the year's last period has started."""
    due: list[Period | None] = [p for p in periods if p.start_date <= today and not p.is_closed]
    if periods and max(periods, key=lambda p: p.number).start_date <= today:
        due.append(None)
    return due


def evaluations_open_due(*, today: datetime.date, actor: Any = None) -> dict[str, int]:
    """Open, for every performance year not closed, the periodic evaluations of each period that
    has started by `today` (closed periods are left alone) and the annual evaluation once the
    year's last period has started. Idempotent: meant to run daily (`manage.py
    open_evaluations`), so an SKP approved late gets its evaluations the next morning. One audit
    row per year and period where something was created; one transaction per year."""
    years = list(PerformanceYear.objects.filter(is_closed=False).select_related("instansi"))
    periods: dict[int, list[Period]] = defaultdict(list)
    for p in Period.objects.filter(year__in=years).order_by("year_id", "number"):
        periods[p.year_id].append(p)
    created = opened_in = 0
    for year in years:
        with transaction.atomic():
            for period in _due(year, periods[year.pk], today):
                new = _open(year=year, period=period, actor=actor)
                if new:
                    _audit_opened(year, period, actor, len(new), automatic=True)
                    created += len(new)
                    opened_in += 1
    return {"years": len(years), "periods": opened_in, "created": created}


@transaction.atomic
def evaluations_open_for_skp(*, skp: Skp, today: datetime.date | None = None,
                             actor: Any = None) -> int:  # fmt: skip
    """Open what is already due for one SKP (right after its approval, say), as the daily run
    would; nothing for an SKP not approved or a closed year. Idempotent. Planning must not import
    evaluation, so it reaches this through the "evaluation.open_for_skp" job kind
    (`job_start(kind="evaluation.open_for_skp", params={"skp_id": ...})`)."""
    skp = Skp.objects.select_related("year").get(pk=skp.pk)
    if skp.status != SkpStatus.APPROVED or skp.year.is_closed:
        return 0
    today = today or timezone.localdate()
    created = 0
    for period in _due(skp.year, list(skp.year.periods.order_by("number")), today):
        new = _open(year=skp.year, period=period, actor=actor, skp_ids=[skp.pk])
        if new:
            _audit_opened(skp.year, period, actor, len(new), skp_id=skp.pk)
            created += len(new)
    return created


# ------------------------------------------------------------------ the suggestion


@dataclass
class SuggestionResult:
    rating: str
    reasons: list[str]
    indicators: list[dict[str, Any]] = field(default_factory=list)


# The order of an SKP's indicators in the suggestion, its reasons and snapshot; unique, so that
# the per-object path and the set-based recompute (recompute.py) list them alike.
INDICATOR_ORDER = ("rhk__kind", "rhk__order", "rhk_id", "order", "pk")
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """What the suggestion shows of one indicator, cut to the snapshot's lengths."""

    pk: int
    rhk_text: str
    utama: bool
    text: str
    label: str
    target_display: str

    @classmethod
    def build(cls, *, pk: int, rhk_text: str, rhk_kind: str, text: str,
              target_display: str) -> IndicatorFacts:  # fmt: skip
        return cls(pk, rhk_text[:200], rhk_kind == RhkKind.UTAMA, text[:200], text[:60],
                   target_display)  # fmt: skip

    @classmethod
    def of(cls, ind: Indicator) -> IndicatorFacts:
        return cls.build(pk=ind.pk, rhk_text=ind.rhk.text, rhk_kind=ind.rhk.kind, text=ind.text,
                         target_display=ind.target_display)  # fmt: skip


# (facts, countable, realisation, capaian, expected_now) of one indicator at the evaluation's
# date, as activity.selectors.progress_for_indicators gives them.
Measured = tuple[IndicatorFacts, bool, Decimal | None, Decimal | None, Decimal | None]


def periodic_capaian(kind: str, countable: bool, realisation: Decimal | None, cap: Decimal | None,
                     expected_now: Decimal | None) -> Decimal | None:  # fmt: skip
    """The capaian the suggestion uses: for a periodic evaluation of a countable indicator, the
    cumulative realisation against the share of the annual target due by now."""
    if kind == Kind.PERIODIC and countable and expected_now and realisation is not None:
        return (realisation / expected_now * 100).quantize(HUNDREDTH) if expected_now > 0 else None
    return cap


def snapshot_row(facts: IndicatorFacts, realisation: str | None, capaian: str | None
                 ) -> dict[str, Any]:  # fmt: skip
    """One indicator's row of `Evaluation.indicator_snapshot`."""
    return {"indicator_id": facts.pk, "rhk": facts.rhk_text, "utama": facts.utama,
            "indicator": facts.text, "target": facts.target_display, "realisation": realisation,
            "capaian": capaian}  # fmt: skip


def decimal_text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def suggest_from_scores(policy: Policy, scores: Sequence[IndicatorScore]) -> tuple[str, list[str]]:
    """(suggested rating or "", reasons) under `policy`."""
    if isinstance(policy, Permenpanrb2022):
        s = policy.suggest(scores)
        return s.rating.value if s.rating else "", list(s.reasons)
    # pp-30-2019: map the numeric SKP score onto the three-level scale for the suggestion.
    caps = [c.capaian for c in scores if c.capaian is not None]
    skp_score = policy.skp_score(caps)
    rating = (
        RuleRating.DI_ATAS
        if skp_score >= 110
        else RuleRating.SESUAI
        if skp_score >= 90
        else RuleRating.DI_BAWAH
    )
    return rating.value, [f"Nilai SKP {skp_score} (rata-rata capaian, maksimal {policy.cap})."]


def suggestion_compute(
    *, kind: str, policy: Policy, measured: Iterable[Measured]
) -> SuggestionResult:
    """The suggestion from measured indicators under `policy`. Its parts (`periodic_capaian`,
    `snapshot_row`, `suggest_from_scores`) are what the set-based recompute uses too."""
    rows, scores = [], []
    for facts, countable, realisation, cap, expected_now in measured:
        cap = periodic_capaian(kind, countable, realisation, cap, expected_now)
        real = realisation.quantize(HUNDREDTH) if realisation is not None else None
        rows.append(snapshot_row(facts, decimal_text(real), decimal_text(cap)))
        scores.append(IndicatorScore(label=facts.label, utama=facts.utama, capaian=cap))
    rating, reasons = suggest_from_scores(policy, scores)
    return SuggestionResult(rating, reasons, rows)


def suggestion_upto(ev: Evaluation) -> datetime.date:
    """The day an evaluation measures up to: its period's end, or the year's for the annual."""
    if ev.period_id and ev.period:
        return ev.period.end_date
    return datetime.date(ev.skp.year.year, 12, 31)


def suggestion_for(ev: Evaluation) -> SuggestionResult:
    """The suggested rating hasil kerja from the indicators' capaian under the evaluation's frozen
    policy, with reasons and the numbers behind them."""
    skp = ev.skp
    indicators = list(
        Indicator.objects.filter(rhk__skp=skp)
        .select_related("rhk", "rhk__skp")
        .order_by(*INDICATOR_ORDER)
    )
    upto = suggestion_upto(ev)
    periods = [p for p in skp.year.periods.all() if p.start_date <= upto]
    progress = progress_for_indicators(indicators, periods, today=upto)
    return suggestion_compute(
        kind=ev.kind,
        policy=POLICIES.build(ev.policy_key, ev.policy_params),
        measured=[
            (IndicatorFacts.of(p.indicator), p.countable, p.realisation, p.capaian, p.expected_now)
            for p in progress
        ],  # fmt: skip
    )


@transaction.atomic
def suggestion_refresh(*, evaluation: Evaluation, actor: Any) -> Evaluation:
    _ensure_open(evaluation)
    if not (
        perms.is_rater(actor, evaluation)
        or access_for(actor).can_write_instansi(evaluation.instansi_id)
    ):
        _deny()
    result = suggestion_for(evaluation)
    before = {"suggested_rating": evaluation.suggested_rating}
    evaluation.suggested_rating = result.rating
    evaluation.suggestion_reasons = result.reasons
    evaluation.indicator_snapshot = result.indicators
    evaluation.save(
        update_fields=["suggested_rating", "suggestion_reasons", "indicator_snapshot", "updated_at"]
    )
    audit_log(actor=actor, action="evaluation.suggested", obj=evaluation, before=before,
              after={"suggested_rating": result.rating, "reasons": result.reasons})  # fmt: skip
    return evaluation


# ------------------------------------------------------------------ self and 360°


def _valid_rating(value: Any) -> str:
    if value not in Rating.values:
        raise ValidationError(_("Pilih Di Atas, Sesuai, atau Di Bawah Ekspektasi."))
    return str(value)


@transaction.atomic
def self_assessment_save(*, evaluation: Evaluation, actor: Any, comment: str = "",
                         indicators: Mapping[int, Mapping[str, str]] | None = None,
                         values: Mapping[int, Mapping[str, str]] | None = None) -> SelfAssessment:  # fmt: skip
    if not perms.is_evaluatee(actor, evaluation):
        _deny()
    _ensure_open(evaluation)
    own = set(Indicator.objects.filter(rhk__skp=evaluation.skp).values_list("pk", flat=True))
    clean_ind = {}
    for ind_id, row in (indicators or {}).items():
        if int(ind_id) not in own:
            raise ValidationError(_("Indikator itu bukan bagian dari SKP yang dinilai."))
        clean_ind[str(ind_id)] = {
            "rating": _valid_rating(row.get("rating")),
            "comment": str(row.get("comment", ""))[:2000],
        }
    value_ids = set(BehaviourValue.objects.values_list("pk", flat=True))
    clean_val = {}
    for vid, row in (values or {}).items():
        if int(vid) not in value_ids:
            raise ValidationError(_("Nilai perilaku tidak dikenal."))
        clean_val[str(vid)] = {
            "rating": _valid_rating(row.get("rating")),
            "comment": str(row.get("comment", ""))[:2000],
        }
    sa, created = SelfAssessment.objects.get_or_create(evaluation=evaluation)
    before = None if created else snapshot(sa)
    sa.comment, sa.indicators, sa.values = comment.strip(), clean_ind, clean_val
    sa.save()
    audit_log(
        actor=actor,
        action="evaluation.self_assessed",
        obj=evaluation,
        before=before,
        after=snapshot(sa),
    )
    return sa


@transaction.atomic
def peer_nominate(
    *, evaluation: Evaluation, respondents: Sequence[tuple[Pegawai, str]], actor: Any
) -> int:
    """The rater or an admin asks peers and subordinates for 360° input."""
    if not (
        perms.is_rater(actor, evaluation)
        or access_for(actor).can_write_instansi(evaluation.instansi_id)
    ):
        _deny()
    _ensure_open(evaluation)
    existing = set(evaluation.peer_requests.values_list("respondent_id", flat=True))
    created = []
    for person, relation in respondents:
        if person.pk == evaluation.pegawai_id:
            raise ValidationError(
                _("Pegawai tidak dapat menjadi responden 360° untuk dirinya sendiri.")
            )
        if person.pk == evaluation.rater_id:
            raise ValidationError(
                _("Pejabat penilai sudah menilai langsung; pilih rekan kerja atau bawahan lain.")
            )
        if relation not in Relation.values:
            raise ValidationError(_("Hubungan responden tidak dikenal."))
        if person.pk in existing or not person.is_active:
            continue
        created.append(
            PeerRequest(
                evaluation=evaluation, respondent=person, relation=relation, requested_by=actor
            )
        )
        existing.add(person.pk)
    PeerRequest.objects.bulk_create(created)
    # The audit records how many were asked, never who answered what.
    audit_log(
        actor=actor,
        action="evaluation.peers_nominated",
        obj=evaluation,
        after={"count": len(created)},
    )
    notify([r.respondent.user for r in created if r.respondent.user_id],
           _("Anda diminta memberi masukan 360° untuk rekan kerja."), "")  # fmt: skip
    return len(created)


@transaction.atomic
def peer_answer(
    *, request: PeerRequest, actor: Any, answers: Mapping[int, Mapping[str, str]]
) -> PeerRequest:
    me = access_for(actor).pegawai
    req = PeerRequest.objects.select_for_update(of=("self",)).select_related("evaluation", "evaluation__skp__year",
                                                                           "evaluation__period").get(pk=request.pk)  # fmt: skip
    if me is None or req.respondent_id != me.pk:
        raise PermissionDenied(_("Permintaan 360° ini bukan untuk Anda."))
    if req.evaluation.pegawai_id == me.pk:
        raise ValidationError(_("Anda tidak dapat menilai diri sendiri dalam 360°."))
    if req.answered_at is not None:
        raise ValidationError(_("Anda sudah menjawab permintaan ini; jawaban tidak dapat diubah."))
    _ensure_open(req.evaluation)
    value_ids = set(BehaviourValue.objects.values_list("pk", flat=True))
    clean = {}
    for vid, row in answers.items():
        if int(vid) not in value_ids:
            raise ValidationError(_("Nilai perilaku tidak dikenal."))
        clean[str(vid)] = {
            "rating": _valid_rating(row.get("rating")),
            "comment": str(row.get("comment", ""))[:2000],
        }
    if len(clean) != len(value_ids):
        raise ValidationError(_("Jawab ketujuh nilai BerAKHLAK."))
    req.answers, req.answered_at = clean, timezone.now()
    req.save(update_fields=["answers", "answered_at", "updated_at"])
    # Anonymous: the audit row names the request, not its content.
    audit_log(actor=actor, action="evaluation.peer_answered", object_type="evaluation.peerrequest",
              object_id=str(req.pk), object_repr=f"360 #{req.pk}")  # fmt: skip
    return req


@dataclass
class PeerGroup:
    relation: str
    asked: int
    answered: int
    shown: bool
    per_value: dict[int, dict[str, int]] = field(
        default_factory=dict
    )  # value id -> rating -> count
    comments: list[str] = field(default_factory=list)


def peer_summary(evaluation: Evaluation, min_respondents: int | None = None) -> list[PeerGroup]:
    """360° answers aggregated by relation, shown only from `min_respondents` answers; comments
    without names, in a fixed order that does not follow who answered first."""
    minimum = (
        min_respondents if min_respondents is not None else settings.KINERJA_360_MIN_RESPONDENTS
    )
    groups: dict[str, PeerGroup] = {}
    for req in evaluation.peer_requests.all():
        g = groups.setdefault(
            req.relation, PeerGroup(relation=req.relation, asked=0, answered=0, shown=False)
        )
        g.asked += 1
        if req.answered_at:
            g.answered += 1
            for vid, row in (req.answers or {}).items():
                g.per_value.setdefault(int(vid), defaultdict(int))[row["rating"]] += 1  # type: ignore[index]
                if row.get("comment"):
                    g.comments.append(row["comment"])
    for g in groups.values():
        g.shown = g.answered >= minimum
        if not g.shown:
            g.per_value, g.comments = {}, []
        else:
            g.per_value = {k: dict(v) for k, v in g.per_value.items()}
            g.comments.sort()
    return sorted(groups.values(), key=lambda g: g.relation)


# ------------------------------------------------------------------ rating and finalising


@transaction.atomic
def evaluation_rate(*, evaluation: Evaluation, actor: Any, hasil_kerja: str = "", perilaku: str = "",
                    departure_reason: str = "", feedback: str = "",
                    behaviour_feedback: Mapping[int, str] | None = None) -> Evaluation:  # fmt: skip
    """The rater sets the two ratings (either may still be empty while drafting); the predikat
    follows from the matrix and is never typed."""
    if not perms.is_rater(actor, evaluation):
        raise ValidationError(_("Hanya pejabat penilai pegawai ini yang dapat menilai."))
    # The row as it is now, locked: a finalisation that committed meanwhile is not undone.
    locked = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("skp__year", "period")
        .get(pk=evaluation.pk)
    )
    _ensure_open(locked)
    for v in (hasil_kerja, perilaku):
        if v and v not in Rating.values:
            raise ValidationError(_("Pilih Di Atas, Sesuai, atau Di Bawah Ekspektasi."))
    before = snapshot(locked)
    fields = ["rating_hasil_kerja", "rating_perilaku", "departure_reason", "feedback", "predikat"]
    evaluation.rating_hasil_kerja, evaluation.rating_perilaku = hasil_kerja, perilaku
    evaluation.departure_reason = (departure_reason or "").strip()
    evaluation.feedback = (feedback or "").strip()
    evaluation.predikat = (
        matrix(RuleRating(hasil_kerja), RuleRating(perilaku)).value
        if hasil_kerja and perilaku
        else ""
    )
    for name in fields:
        setattr(locked, name, getattr(evaluation, name))
    locked.save(update_fields=[*fields, "updated_at"])
    evaluation.status = locked.status
    if behaviour_feedback:
        rows = {b.value_id: b for b in evaluation.behaviour_feedback.all()}
        for vid, text in behaviour_feedback.items():
            if int(vid) in rows:
                rows[int(vid)].feedback = (text or "").strip()
        BehaviourFeedback.objects.bulk_update(rows.values(), ["feedback"])
    audit_log(
        actor=actor,
        action="evaluation.rated",
        obj=locked,
        before=before,
        after=snapshot(locked),
    )
    return evaluation


def curve_pool(evaluation: Evaluation) -> list[Evaluation]:
    """The pool the curve is checked on: everyone rated by the same rater in the period, or the
    whole unit (setting KINERJA_CURVE_POOL)."""
    qs = Evaluation.objects.filter(period=evaluation.period, kind=evaluation.kind,
                                   skp__year_id=evaluation.skp.year_id)  # fmt: skip
    if settings.KINERJA_CURVE_POOL == "unit" and evaluation.unit_id:
        qs = qs.filter(unit_id=evaluation.unit_id)
    else:
        qs = qs.filter(rater_id=evaluation.rater_id)
    return list(qs.exclude(predikat=""))


def curve_check(evaluation: Evaluation) -> list[curve_rules.Breach]:
    """Breaches of the unit's curve by the pool's predikat, counting this evaluation's current
    ratings. No organisation predikat set for the unit: nothing to check."""
    if not evaluation.unit_id:
        return []
    org = UnitPredikat.objects.filter(unit_id=evaluation.unit_id, period=evaluation.period).first()
    if org is None:
        return []
    pool = [e for e in curve_pool(evaluation) if e.pk != evaluation.pk]
    predikats = [RulePredikat(e.predikat) for e in pool]
    if evaluation.predikat:
        predikats.append(RulePredikat(evaluation.predikat))
    return curve_rules.check_curve(curve_rules.OrgPredikat(org.predikat), predikats,
                                   rounding=settings.KINERJA_CURVE_ROUNDING)  # fmt: skip


@transaction.atomic
def evaluation_finalise(
    *, evaluation: Evaluation, actor: Any, acknowledge_curve: bool = False
) -> Evaluation:
    ev = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("skp__year", "period", "pegawai")
        .get(pk=evaluation.pk)
    )
    if not perms.is_rater(actor, ev):
        raise ValidationError(
            _("Hanya pejabat penilai pegawai ini yang dapat memfinalkan penilaian.")
        )
    _ensure_open(ev)
    missing = []
    if not ev.rating_hasil_kerja:
        missing.append(_("rating hasil kerja"))
    if not ev.rating_perilaku:
        missing.append(_("rating perilaku kerja"))
    if missing:
        raise ValidationError(
            _("Lengkapi %(m)s sebelum memfinalkan.")
            % {"m": _(" dan ").join(str(m) for m in missing)}
        )
    if ev.departs_from_suggestion and not ev.departure_reason:
        raise ValidationError({"departure_reason": _(
            "Rating hasil kerja berbeda dari saran sistem (%(s)s): tuliskan alasannya.")
            % {"s": Rating(ev.suggested_rating).label}})  # fmt: skip
    breaches = curve_check(ev)
    if breaches and not acknowledge_curve:
        raise ValidationError(
            [ValidationError(_("Sebaran predikat tidak sesuai pola kurva organisasi:"), code="curve_intro")]
            + [ValidationError(b.message, code="curve") for b in breaches]
            + [ValidationError(_("Tinjau kembali, atau nyatakan bahwa Anda sudah melihat peringatan ini."),
                               code="curve_outro")]
        )  # fmt: skip
    now = timezone.now()
    ev.curve_warnings = [b.message for b in breaches]
    ev.curve_acknowledged_at = now if breaches else None
    ev.predikat = matrix(RuleRating(ev.rating_hasil_kerja), RuleRating(ev.rating_perilaku)).value
    if not ev.indicator_snapshot:
        ev.indicator_snapshot = suggestion_for(ev).indicators
    ev.status, ev.finalised_at, ev.finalised_by = Status.FINAL, now, actor
    ev.objection_deadline = timezone.localdate() + datetime.timedelta(
        days=settings.KINERJA_OBJECTION_DAYS
    )
    ev.save()
    _transition(ev, Status.OPEN, Status.FINAL, actor, "; ".join(ev.curve_warnings))
    audit_log(actor=actor, action="evaluation.finalised", obj=ev,
              after={"predikat": ev.predikat, "hasil_kerja": ev.rating_hasil_kerja, "perilaku": ev.rating_perilaku,
                     "suggested": ev.suggested_rating, "reason": ev.departure_reason,
                     "curve_warnings": ev.curve_warnings})  # fmt: skip
    if ev.pegawai.user_id:
        notify([ev.pegawai.user], _("Penilaian kinerja Anda sudah final."), "")
    return ev


@transaction.atomic
def evaluation_acknowledge(*, evaluation: Evaluation, actor: Any) -> Evaluation:
    if not perms.is_evaluatee(actor, evaluation):
        _deny()
    evaluation.status = (
        Evaluation.objects.select_for_update(of=("self",))
        .values_list("status", flat=True)
        .get(pk=evaluation.pk)
    )  # the current status, locked: two clicks or an objection meanwhile do not both pass
    if evaluation.status != Status.FINAL:
        raise ValidationError(_("Hanya penilaian final yang dapat diterima."))
    evaluation.status, evaluation.acknowledged_at = Status.ACKNOWLEDGED, timezone.now()
    evaluation.save(update_fields=["status", "acknowledged_at", "updated_at"])
    _transition(evaluation, Status.FINAL, Status.ACKNOWLEDGED, actor)
    audit_log(actor=actor, action="evaluation.acknowledged", obj=evaluation)
    return evaluation


@transaction.atomic
def objection_file(*, evaluation: Evaluation, actor: Any, reasons: str) -> Objection:
    """Keberatan: within the set number of days after finalisation, on a final result."""
    if not perms.is_evaluatee(actor, evaluation):
        _deny()
    evaluation.status = (
        Evaluation.objects.select_for_update(of=("self",))
        .values_list("status", flat=True)
        .get(pk=evaluation.pk)
    )  # locked: two objections at once are one objection and one clear message
    if evaluation.status not in (Status.FINAL, Status.ACKNOWLEDGED):
        raise ValidationError(_("Keberatan hanya dapat diajukan atas penilaian yang sudah final."))
    if evaluation.objection_deadline and timezone.localdate() > evaluation.objection_deadline:
        raise ValidationError(_("Batas waktu keberatan (%(d)s) sudah lewat.")
                              % {"d": evaluation.objection_deadline.strftime("%d-%m-%Y")})  # fmt: skip
    if not (reasons or "").strip():
        raise ValidationError({"reasons": _("Tuliskan alasan keberatan Anda.")})
    if evaluation.rater_superior_id is None:
        raise ValidationError(
            _("Penilaian ini tidak memiliki atasan pejabat penilai untuk memutus keberatan.")
        )
    old = evaluation.status
    obj = Objection.objects.create(evaluation=evaluation, reasons=reasons.strip(), filed_by=actor,
                                   before={"hasil_kerja": evaluation.rating_hasil_kerja,
                                           "perilaku": evaluation.rating_perilaku, "predikat": evaluation.predikat})  # fmt: skip
    evaluation.status = Status.OBJECTED
    evaluation.save(update_fields=["status", "updated_at"])
    _transition(evaluation, old, Status.OBJECTED, actor, reasons.strip())
    audit_log(actor=actor, action="evaluation.objected", obj=evaluation, note=reasons.strip())
    sup = evaluation.rater_superior
    if sup is not None and sup.user_id:
        notify(
            [sup.user],
            _("Keberatan atas penilaian %(p)s menunggu keputusan Anda.")
            % {"p": evaluation.pegawai.full_name},
            "",
        )
    return obj


@transaction.atomic
def objection_decide(*, objection: Objection, actor: Any, decision: str, decision_text: str,
                     hasil_kerja: str = "", perilaku: str = "") -> Evaluation:  # fmt: skip
    """The rater's own superior upholds or changes the result, with a written decision."""
    ev = Evaluation.objects.select_for_update(of=("self",)).get(pk=objection.evaluation_id)
    if not perms.is_rater_superior(actor, ev):
        raise ValidationError(_("Keberatan diputus oleh atasan pejabat penilai."))
    if ev.status != Status.OBJECTED or objection.decided_at:
        raise ValidationError(_("Keberatan ini sudah diputus."))
    if decision not in ObjectionDecision.values:
        raise ValidationError({"decision": _("Pilih dikuatkan atau diubah.")})
    if not (decision_text or "").strip():
        raise ValidationError({"decision_text": _("Tuliskan pertimbangan keputusan.")})
    before = {
        "hasil_kerja": ev.rating_hasil_kerja,
        "perilaku": ev.rating_perilaku,
        "predikat": ev.predikat,
    }
    if decision == ObjectionDecision.CHANGED:
        for v in (hasil_kerja, perilaku):
            if v not in Rating.values:
                raise ValidationError(_("Tetapkan kedua rating baru bila penilaian diubah."))
        ev.rating_hasil_kerja, ev.rating_perilaku = hasil_kerja, perilaku
        ev.predikat = matrix(RuleRating(hasil_kerja), RuleRating(perilaku)).value
    ev.status = Status.DECIDED
    ev.save()
    objection.decision, objection.decision_text = decision, decision_text.strip()
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.save()
    _transition(ev, Status.OBJECTED, Status.DECIDED, actor, decision_text.strip())
    audit_log(actor=actor, action=f"evaluation.objection_{decision}", obj=ev, before=before,
              after={"hasil_kerja": ev.rating_hasil_kerja, "perilaku": ev.rating_perilaku, "predikat": ev.predikat},
              note=decision_text.strip())  # fmt: skip
    if ev.pegawai.user_id:
        notify([ev.pegawai.user], _("Keberatan Anda sudah diputus."), "")
    return ev


@transaction.atomic
def unit_predikat_set(
    *, unit: UnitKerja, period: Period | None, predikat: str, actor: Any
) -> UnitPredikat:
    """The leader above the unit (a superior of its head: one level up or higher) sets a unit's
    organisation predikat, or an agency admin; only for a period of the unit's agency that is
    still open."""
    access = access_for(actor)
    me = access.pegawai
    head = Pegawai.objects.filter(unit=unit, jabatan__is_head=True, is_active=True).first()
    leader_above = me is not None and head is not None and f"/{me.pk}/" in head.chain
    if not (leader_above or access.can_write_instansi(unit.instansi_id)):
        _deny()
    if predikat not in curve_rules.OrgPredikat._value2member_map_:
        raise ValidationError({"predikat": _("Predikat organisasi tidak dikenal.")})
    if period is not None:
        if period.year.instansi_id != unit.instansi_id:
            raise ValidationError({"period": _("Periode bukan milik instansi unit ini.")})
        if period.is_closed or period.year.is_closed:
            raise ValidationError(
                {"period": _("Periode %(p)s sudah ditutup.") % {"p": period.name}}
            )
    row, created = UnitPredikat.objects.get_or_create(
        unit=unit, period=period, defaults={"predikat": predikat, "set_by": actor}
    )
    before = None if created else {"predikat": row.predikat}
    row.predikat, row.set_by = predikat, actor
    row.save()
    audit_log(
        actor=actor,
        action="unit_predikat.set",
        obj=row,
        before=before,
        after={"predikat": predikat},
    )
    return row


def recompute_predikat(*, instansi_ids: Iterable[int] | None = None) -> int:
    """Recompute every stored predikat from its two ratings in one statement per matrix cell
    (set-based; identical on every run)."""
    from .models import Evaluation as E

    total = 0
    qs = E.objects.exclude(rating_hasil_kerja="").exclude(rating_perilaku="")
    if instansi_ids is not None:
        qs = qs.filter(instansi_id__in=list(instansi_ids))
    for (h, p), result in _MATRIX_CELLS:
        total += (
            qs.filter(rating_hasil_kerja=h, rating_perilaku=p)
            .exclude(predikat=result)
            .update(predikat=result)
        )
    return total


def _cells() -> list[tuple[tuple[str, str], str]]:
    from kinerja.scoring.rules import MATRIX

    return [((h.value, p.value), r.value) for (h, p), r in MATRIX.items()]


_MATRIX_CELLS = _cells()

__all__ = ["Q"]
