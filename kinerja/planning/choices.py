from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How often periodic evaluations happen (DOMAIN §2: monthly by default)."""

    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")
    SEMESTER = "semester", _("Semesteran")


MONTHS_PER_PERIOD = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.SEMESTER: 6}


class Approach(models.TextChoices):
    KUANTITATIF = "kuantitatif", _("Kuantitatif")
    KUALITATIF = "kualitatif", _("Kualitatif")


class SkpStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    APPROVED = "approved", _("Disetujui")
    RETURNED = "returned", _("Dikembalikan")
    SUPERSEDED = "superseded", _("Digantikan revisi")


EDITABLE_STATUSES = (SkpStatus.DRAFT, SkpStatus.RETURNED)


class RhkKind(models.TextChoices):
    UTAMA = "utama", _("Utama")
    TAMBAHAN = "tambahan", _("Tambahan")


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", _("Kuantitas")
    KUALITAS = "kualitas", _("Kualitas")
    WAKTU = "waktu", _("Waktu")
    BIAYA = "biaya", _("Biaya")


class TargetKind(models.TextChoices):
    NUMBER = "number", _("Angka")
    RANGE = "range", _("Rentang")
    NARRATIVE = "narrative", _("Naratif")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Semakin tinggi semakin baik")
    LOWER = "lower", _("Semakin rendah semakin baik")


class Perspektif(models.TextChoices):
    PENERIMA_LAYANAN = "penerima_layanan", _("Penerima Layanan")
    PENGUATAN_INTERNAL = "penguatan_internal", _("Penguatan Internal")
    PROSES_BISNIS = "proses_bisnis", _("Proses Bisnis")
    ANGGARAN = "anggaran", _("Anggaran")
