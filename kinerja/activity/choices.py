from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    VERIFIED = "verified", _("Diverifikasi")
    REJECTED = "rejected", _("Ditolak")
    SUPERSEDED = "superseded", _("Digantikan koreksi")


EDITABLE = (EntryStatus.DRAFT, EntryStatus.REJECTED)


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Berkas")
    LINK = "link", _("Tautan")


class PhraseTone(models.TextChoices):
    APPRECIATION = "appreciation", _("Apresiasi")
    CONSTRUCTIVE = "constructive", _("Perbaikan")
