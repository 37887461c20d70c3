"""Daily work with evidence, its verification by the superior, realisation per indicator, and
continuous feedback and dialogue (DOMAIN.md §2 stage 2, §3 rencana aksi, §6)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.organisation.models import Pegawai
from kinerja.planning.models import ActionPlan, Indicator, Period, Rhk, Skp

from .choices import EntryStatus, EvidenceKind, PhraseTone


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> models.QuerySet:
        from .permissions import visibility_filter

        return visibility_filter(self, user)


class DailyEntry(TimeStampedModel):
    """One piece of daily work (e-Kinerja's daily progress): action plan / RHK / indicator, date
    and time, what was done, quantity realised with its unit, and evidence. Draft, submitted,
    then verified or rejected by the superior. A verified entry is never edited: a correction is
    a new version pointing at it."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="entries"
    )
    skp = models.ForeignKey(Skp, verbose_name=_("SKP"), on_delete=models.PROTECT, related_name="+")
    rhk = models.ForeignKey(Rhk, verbose_name=_("RHK"), on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indikator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("rencana aksi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    activity = models.TextField(_("uraian kegiatan"))
    quantity = models.DecimalField(
        _("kuantitas"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("satuan"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    # The superior who verifies, snapshotted from the SKP when submitted: the queue's key.
    rater = models.ForeignKey(
        Pegawai,
        verbose_name=_("verifikator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries_to_verify",
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)
    review_comment = models.TextField(_("catatan atasan"), blank=True)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("mengoreksi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("laporan harian")
        verbose_name_plural = _("laporan harian")
        ordering = ["-date", "-start_time", "-id"]
        indexes = [
            models.Index(fields=["pegawai", "date"]),
            models.Index(fields=["rater", "status", "date"]),
            models.Index(fields=["indicator", "status", "period"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="entry_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=0),
                name="entry_quantity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.activity[:60]}"

    @property
    def is_editable(self) -> bool:
        return self.status in (EntryStatus.DRAFT, EntryStatus.REJECTED)


class Evidence(models.Model):
    """Bukti dukung: an uploaded file (type checked from its content, SHA-256 kept so a changed
    file is detectable) or a link. Belongs to a daily entry or to a manual realisation."""

    entry = models.ForeignKey(
        DailyEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    realisation = models.ForeignKey(
        "ManualRealisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("jenis"), max_length=5, choices=EvidenceKind.choices)
    file = models.FileField(_("berkas"), upload_to="bukti/%Y/%m/", blank=True, max_length=300)
    url = models.URLField(_("tautan"), blank=True, max_length=500)
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    content_type = models.CharField(_("jenis isi"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("ukuran"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(entry__isnull=False, realisation__isnull=True)
                    | models.Q(entry__isnull=True, realisation__isnull=False)
                ),
                name="evidence_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.url


class ManualRealisation(TimeStampedModel):
    """A realisation typed by hand for an indicator and period where entries cannot be counted
    (quality, time, cost). It needs a note and evidence."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="manual_realisations"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2)
    note = models.TextField(_("keterangan"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("realisasi manual")
        verbose_name_plural = _("realisasi manual")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_manual_per_period"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="manual_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_id}: {self.value}"


class FeedbackPhrase(models.Model):
    """A library phrase the superior may pick for feedback."""

    text = models.CharField(_("kalimat"), max_length=300)
    tone = models.CharField(_("sifat"), max_length=12, choices=PhraseTone.choices)

    class Meta:
        verbose_name = _("frasa umpan balik")
        verbose_name_plural = _("frasa umpan balik")
        ordering = ["tone", "text"]

    def __str__(self) -> str:
        return self.text


class Feedback(TimeStampedModel):
    """Continuous feedback (umpan balik berkelanjutan) on an indicator or an entry, and replies."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penulis"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    entry = models.ForeignKey(
        DailyEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    phrase = models.ForeignKey(FeedbackPhrase, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.TextField(_("umpan balik"))
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class Dialogue(TimeStampedModel):
    """A performance dialogue (1:1) between an employee and their superior."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="dialogues")
    superior = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("tanggal"))
    topics = models.TextField(_("topik yang dibahas"))
    agreed_actions = models.TextField(_("tindak lanjut yang disepakati"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("dialog kinerja")
        verbose_name_plural = _("dialog kinerja")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.pegawai_id}"
