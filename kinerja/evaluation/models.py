"""Periodic and annual evaluations (DOMAIN.md §4): the rater's two ratings, the predikat the
matrix gives, the suggestion and its reasons, self and 360° input, the curve check and its
acknowledgement, the employee's acknowledgement and objection. Each evaluation keeps a
snapshot of the employee's position, unit and rater at the time, and the scoring policy frozen
with the year."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.organisation.models import Instansi, Jabatan, Pegawai, UnitKerja
from kinerja.planning.models import BehaviourValue, Indicator, Period, Skp

from .choices import Kind, ObjectionDecision, OrgPredikat, Predikat, Rating, Relation, Status


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> models.QuerySet:
        from .permissions import visibility_filter

        return visibility_filter(self, user)


class Evaluation(TimeStampedModel):
    """One evaluation of one approved SKP for one period (or the year)."""

    # No single-column indexes where a composite one leads with the column (skp: the unique
    # (skp, period); rater: (rater, status); instansi: (instansi, period, status)) or where nobody
    # looks up by it (jabatan, finalised_by): each index is written on every recompute.
    skp = models.ForeignKey(
        Skp, verbose_name=_("SKP"), on_delete=models.PROTECT, related_name="evaluations",
        db_index=False,
    )  # fmt: skip
    period = models.ForeignKey(
        Period,
        verbose_name=_("periode"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.OPEN
    )
    # Snapshot at creation: who was rated, in which post, by whom.
    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="evaluations")
    rater = models.ForeignKey(
        Pegawai,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations_as_rater",
        db_index=False,
    )
    rater_superior = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Atasan pejabat penilai: memutus keberatan."),
    )  # fmt: skip
    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jabatan = models.ForeignKey(
        Jabatan, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    policy_key = models.CharField(_("kebijakan penilaian"), max_length=40)
    policy_params = models.JSONField(_("parameter kebijakan"), default=dict, blank=True)
    # The suggestion, the decision and the reason are all kept.
    suggested_rating = models.CharField(
        _("saran rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    suggestion_reasons = models.JSONField(_("alasan saran"), default=list, blank=True)
    indicator_snapshot = models.JSONField(_("capaian indikator"), default=list, blank=True)
    rating_hasil_kerja = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    rating_perilaku = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    departure_reason = models.TextField(_("alasan berbeda dari saran"), blank=True)
    predikat = models.CharField(_("predikat"), max_length=16, choices=Predikat.choices, blank=True)
    feedback = models.TextField(_("umpan balik hasil kerja"), blank=True)
    curve_warnings = models.JSONField(_("peringatan kurva"), default=list, blank=True)
    curve_acknowledged_at = models.DateTimeField(
        _("peringatan kurva diakui"), null=True, blank=True
    )
    finalised_at = models.DateTimeField(_("difinalkan"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )  # fmt: skip
    acknowledged_at = models.DateTimeField(_("diterima pegawai"), null=True, blank=True)
    objection_deadline = models.DateField(_("batas keberatan"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("penilaian kinerja")
        verbose_name_plural = _("penilaian kinerja")
        ordering = ["-skp__year__year", "pegawai__name", "period__number"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "period"], name="one_evaluation_per_period"),
            models.UniqueConstraint(
                fields=["skp"], condition=models.Q(kind="annual"), name="one_annual_evaluation"
            ),
        ]
        indexes = [
            models.Index(fields=["rater", "status"]),
            models.Index(fields=["instansi", "period", "status"]),
        ]

    def __str__(self) -> str:
        when = self.period.name if self.period_id and self.period else _("Tahunan")
        return f"{self.pegawai} — {when}"

    @property
    def departs_from_suggestion(self) -> bool:
        return bool(
            self.suggested_rating
            and self.rating_hasil_kerja
            and self.suggested_rating != self.rating_hasil_kerja
        )


class BehaviourFeedback(models.Model):
    """The rater's feedback on one BerAKHLAK value in an evaluation."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="behaviour_feedback"
    )
    value = models.ForeignKey(BehaviourValue, on_delete=models.PROTECT)
    feedback = models.TextField(_("umpan balik"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "value"], name="one_feedback_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.feedback[:40]}"


class SelfAssessment(TimeStampedModel):
    """The employee's own view, per indicator and per value: advisory evidence for the rater."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="self_assessment"
    )
    comment = models.TextField(_("komentar umum"), blank=True)
    indicators = models.JSONField(
        _("per indikator"), default=dict, blank=True
    )  # {indicator_id: {rating, comment}}
    values = models.JSONField(
        _("per nilai"), default=dict, blank=True
    )  # {value_id: {rating, comment}}

    def __str__(self) -> str:
        return f"self {self.evaluation_id}"


class PeerRequest(TimeStampedModel):
    """A 360° request to a peer or subordinate. Answers are shown only aggregated by relation and
    from a minimum number of respondents; no page, export or API shows who answered what."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="peer_requests"
    )
    respondent = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="peer_requests")
    relation = models.CharField(_("hubungan"), max_length=12, choices=Relation.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    answers = models.JSONField(
        _("jawaban"), default=dict, blank=True
    )  # {value_id: {rating, comment}}

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "respondent"], name="one_request_per_respondent"
            )
        ]

    def __str__(self) -> str:
        return f"360 #{self.pk}"


class UnitPredikat(TimeStampedModel):
    """A unit's organisation predikat for a period, set by the leader one level up."""

    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    predikat = models.CharField(
        _("predikat organisasi"), max_length=16, choices=OrgPredikat.choices
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_org_predikat_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_id} {self.predikat}"


class Objection(TimeStampedModel):
    """Keberatan: the employee's objection and the decision of the rater's superior."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="objection"
    )
    reasons = models.TextField(_("alasan keberatan"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("keputusan"), max_length=10, choices=ObjectionDecision.choices, blank=True
    )
    decision_text = models.TextField(_("pertimbangan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputus"), null=True, blank=True)
    before = models.JSONField(_("penilaian sebelum"), default=dict, blank=True)

    def __str__(self) -> str:
        return f"keberatan {self.evaluation_id}"


class EvaluationTransition(models.Model):
    """Each status change of an evaluation is a row."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


__all__ = ["Indicator"]
