"""Performance years and periods, organisation targets, and the SKP: results (RHK) cascaded from
the superior's, indicators (IKI) with targets, BerAKHLAK expectations, lampiran and action plans
(DOMAIN.md §2–§3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel
from kinerja.organisation.models import Instansi, Jabatan, Pegawai, UnitKerja

from . import choices


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> models.QuerySet:
        from .permissions import visibility_filter

        return visibility_filter(self, user)


class PerformanceYear(TimeStampedModel):
    """An agency's performance year: evaluation frequency, planning window, closing date, and the
    scoring policy frozen with it. A closed year is locked."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    frequency = models.CharField(
        _("frekuensi penilaian periodik"),
        max_length=12,
        choices=choices.Frequency.choices,
        default=choices.Frequency.MONTHLY,
    )
    planning_start = models.DateField(_("awal perencanaan"))
    planning_end = models.DateField(_("akhir perencanaan"))
    closing_date = models.DateField(_("tanggal penutupan"))
    scoring_policy = models.CharField(
        _("kebijakan penilaian"), max_length=40, default="permenpanrb-6-2022"
    )
    is_closed = models.BooleanField(_("ditutup"), default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("tahun kinerja")
        verbose_name_plural = _("tahun kinerja")
        ordering = ["-year", "instansi__name"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="one_year_per_instansi")
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.instansi}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.planning_start and self.planning_end and self.planning_end < self.planning_start:
            errors["planning_end"] = _("Akhir perencanaan tidak boleh sebelum awalnya.")
        if self.closing_date and self.year and self.closing_date.year < self.year:
            errors["closing_date"] = _("Tanggal penutupan harus pada atau setelah tahun kinerja.")
        if self.year and not 2000 <= self.year <= 2100:
            errors["year"] = _("Tahun tidak wajar.")
        if errors:
            raise ValidationError(errors)


class Period(models.Model):
    """A periodic evaluation period (month, quarter or semester) of a performance year."""

    year = models.ForeignKey(
        PerformanceYear, verbose_name=_("tahun"), on_delete=models.CASCADE, related_name="periods"
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=40)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    is_closed = models.BooleanField(_("ditutup"), default=False)

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periode")
        ordering = ["year_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_period_number")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year.year}"


class OrgTarget(TimeStampedModel):
    """An agency's (or a unit's) Perjanjian Kinerja / IKU for a year: a goal, its indicator and
    target. The top leader's RHK link to these."""

    year = models.ForeignKey(
        PerformanceYear, verbose_name=_("tahun"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), null=True, blank=True, on_delete=models.PROTECT
    )
    code = models.CharField(_("kode"), max_length=30)
    goal = models.CharField(_("sasaran strategis"), max_length=500)
    indicator = models.CharField(_("indikator kinerja utama"), max_length=500)
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("satuan"), max_length=50, blank=True)
    target_text = models.CharField(_("target (naratif)"), max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("target organisasi")
        verbose_name_plural = _("target organisasi (Perjanjian Kinerja / IKU)")
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="unique_target_code_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.goal}"

    @property
    def target_display(self) -> str:
        if self.target_value is not None:
            return f"{_fmt(self.target_value)} {self.target_unit}".strip()
        return self.target_text


class Skp(TimeStampedModel):
    """An employee's Sasaran Kinerja Pegawai for part or all of a year. An employee may hold more
    than one in a year (transfer, acting post), each with its dates. A revision of an approved SKP
    is a new row pointing to the one it revises; the approved version stays readable."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="skps"
    )
    year = models.ForeignKey(
        PerformanceYear, verbose_name=_("tahun"), on_delete=models.PROTECT, related_name="skps"
    )
    rater = models.ForeignKey(
        Pegawai,
        verbose_name=_("pejabat penilai kinerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rated_skps",
    )
    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), null=True, blank=True, on_delete=models.PROTECT
    )
    start_date = models.DateField(_("periode mulai"))
    end_date = models.DateField(_("periode selesai"))
    approach = models.CharField(
        _("pendekatan"),
        max_length=12,
        choices=choices.Approach.choices,
        default=choices.Approach.KUANTITATIF,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=choices.SkpStatus.choices,
        default=choices.SkpStatus.DRAFT,
        db_index=True,
    )
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("revisi dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    # Lampiran (attachment), three headings.
    dukungan_sumber_daya = models.TextField(_("dukungan sumber daya"), blank=True)
    skema_pertanggungjawaban = models.TextField(_("skema pertanggungjawaban"), blank=True)
    konsekuensi = models.TextField(_("konsekuensi"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-year__year", "pegawai__name", "-version"]
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["rater", "status"]),
        ]

    def __str__(self) -> str:
        return f"SKP {self.year.year} {self.pegawai.name} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status in choices.EDITABLE_STATUSES

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
            if self.year_id and (
                self.start_date.year != self.year.year or self.end_date.year != self.year.year
            ):
                errors["start_date"] = _("Periode SKP harus berada dalam tahun %(y)s.") % {
                    "y": self.year.year
                }
        if self.rater_id and self.rater_id == self.pegawai_id:
            errors["rater"] = _("Pegawai tidak dapat menjadi pejabat penilai dirinya sendiri.")
        if errors:
            raise ValidationError(errors)


class Rhk(TimeStampedModel):
    """A Rencana Hasil Kerja in an SKP. It supports the superior's RHK (`parent`, a real link),
    or an organisation target (the top leader), or an assignment from a team lead outside the
    line. A provisional RHK is drafted before the superior has written theirs and linked later."""

    skp = models.ForeignKey(
        Skp, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="rhks"
    )
    kind = models.CharField(
        _("jenis"), max_length=10, choices=choices.RhkKind.choices, default=choices.RhkKind.UTAMA
    )
    text = models.TextField(_("rencana hasil kerja"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("RHK atasan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    org_target = models.ForeignKey(
        OrgTarget,
        verbose_name=_("target organisasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rhks",
    )
    assigned_by = models.ForeignKey(
        Pegawai,
        verbose_name=_("penugasan dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Ketua tim di luar garis atasan yang memberi penugasan."),
    )
    assignment_note = models.CharField(_("keterangan penugasan"), max_length=300, blank=True)
    is_provisional = models.BooleanField(
        _("sementara"),
        default=False,
        help_text=_("Disusun sebelum atasan menulis RHK-nya; ditautkan kemudian."),
    )
    handed_down_from = models.ForeignKey(
        "self",
        verbose_name=_("diturunkan dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revised_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "kind", "order", "id"]
        indexes = [models.Index(fields=["parent"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def link_kind(self) -> str:
        if self.parent_id:
            return "parent"
        if self.org_target_id:
            return "org_target"
        if self.assigned_by_id:
            return "assignment"
        return "provisional" if self.is_provisional else "none"


class Indicator(TimeStampedModel):
    """An Indikator Kinerja Individu: aspek, target (number + unit, a range, or narrative for
    kualitatif) and direction (higher or lower is better)."""

    rhk = models.ForeignKey(
        Rhk, verbose_name=_("RHK"), on_delete=models.CASCADE, related_name="indicators"
    )
    aspek = models.CharField(
        _("aspek"), max_length=10, choices=choices.Aspek.choices, default=choices.Aspek.KUANTITAS
    )
    text = models.TextField(_("indikator"))
    target_kind = models.CharField(
        _("jenis target"),
        max_length=10,
        choices=choices.TargetKind.choices,
        default=choices.TargetKind.NUMBER,
    )
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_low = models.DecimalField(
        _("batas bawah"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_high = models.DecimalField(
        _("batas atas"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("satuan"), max_length=50, blank=True)
    target_text = models.TextField(_("target (naratif)"), blank=True)
    direction = models.CharField(
        _("arah"),
        max_length=8,
        choices=choices.Direction.choices,
        default=choices.Direction.HIGHER,
    )
    perspektif = models.CharField(
        _("perspektif"), max_length=20, choices=choices.Perspektif.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator kinerja individu")
        verbose_name_plural = _("indikator kinerja individu")
        ordering = ["rhk", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def target_display(self) -> str:
        if self.target_kind == choices.TargetKind.NUMBER and self.target_value is not None:
            return f"{_fmt(self.target_value)} {self.target_unit}".strip()
        if self.target_kind == choices.TargetKind.RANGE and self.target_low is not None:
            return f"{_fmt(self.target_low)}–{_fmt(self.target_high)} {self.target_unit}".strip()
        return self.target_text


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return text.rstrip("0").rstrip(",") if "," in text else text


class BehaviourValue(models.Model):
    """One of the seven BerAKHLAK core values (editable seed data)."""

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nilai"), max_length=60)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("nilai BerAKHLAK")
        verbose_name_plural = _("nilai BerAKHLAK")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class BehaviourGuide(models.Model):
    """One of the three official behaviour guides of a value (editable seed data)."""

    value = models.ForeignKey(BehaviourValue, on_delete=models.CASCADE, related_name="guides")
    text = models.TextField(_("panduan perilaku"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("panduan perilaku")
        verbose_name_plural = _("panduan perilaku")
        ordering = ["value__order", "order"]

    def __str__(self) -> str:
        return self.text[:60]


class SkpBehaviour(models.Model):
    """The superior's specific expectation (ekspektasi khusus pimpinan) for one value in an SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="behaviours")
    value = models.ForeignKey(BehaviourValue, on_delete=models.PROTECT)
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        verbose_name = _("perilaku kerja SKP")
        verbose_name_plural = _("perilaku kerja SKP")
        ordering = ["skp", "value__order"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "value"], name="one_expectation_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.expectation[:40]}"


class ActionPlan(TimeStampedModel):
    """A rencana aksi: what will be done for an RHK in one period; daily entries hang under it."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="action_plans")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="action_plans")
    text = models.TextField(_("rencana aksi"))
    target_value = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    target_unit = models.CharField(_("satuan"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["period__number", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class SkpTransition(models.Model):
    """Each status change of an SKP is a row: from, to, actor, when, note."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=choices.SkpStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=choices.SkpStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat status SKP")
        verbose_name_plural = _("riwayat status SKP")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status}→{self.to_status}"


class SkpTemplate(TimeStampedModel):
    """A reusable SKP content per position: the admin creates every holder's SKP from it."""

    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="skp_templates"
    )
    name = models.CharField(_("nama templat"), max_length=200)
    approach = models.CharField(
        _("pendekatan"),
        max_length=12,
        choices=choices.Approach.choices,
        default=choices.Approach.KUANTITATIF,
    )
    content = models.JSONField(
        _("isi"),
        default=list,
        help_text=_("Daftar RHK dengan indikatornya."),
    )

    class Meta:
        verbose_name = _("templat SKP")
        verbose_name_plural = _("templat SKP")
        ordering = ["jabatan__name", "name"]

    def __str__(self) -> str:
        return self.name


class IndicatorLibraryItem(models.Model):
    """A reusable indicator from the library (common indicators across agencies)."""

    category = models.CharField(_("kategori"), max_length=100)
    aspek = models.CharField(_("aspek"), max_length=10, choices=choices.Aspek.choices)
    text = models.CharField(_("indikator"), max_length=300)
    target_unit = models.CharField(_("satuan"), max_length=50, blank=True)
    direction = models.CharField(
        _("arah"), max_length=8, choices=choices.Direction.choices, default=choices.Direction.HIGHER
    )

    class Meta:
        verbose_name = _("pustaka indikator")
        verbose_name_plural = _("pustaka indikator")
        ordering = ["category", "text"]

    def __str__(self) -> str:
        return self.text


class ExpectationLibraryItem(models.Model):
    """A reusable specific expectation per BerAKHLAK value."""

    value = models.ForeignKey(BehaviourValue, on_delete=models.CASCADE, related_name="library")
    text = models.TextField(_("ekspektasi"))

    class Meta:
        verbose_name = _("pustaka ekspektasi")
        verbose_name_plural = _("pustaka ekspektasi")
        ordering = ["value__order", "id"]

    def __str__(self) -> str:
        return self.text[:60]
