from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PERIODIC = "periodic", _("Periodik")
    ANNUAL = "annual", _("Tahunan")


class Status(models.TextChoices):
    OPEN = "open", _("Terbuka")
    FINAL = "final", _("Final")
    ACKNOWLEDGED = "acknowledged", _("Diterima pegawai")
    OBJECTED = "objected", _("Keberatan diajukan")
    DECIDED = "decided", _("Keberatan diputus")


class Rating(models.TextChoices):
    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class OrgPredikat(models.TextChoices):
    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class Relation(models.TextChoices):
    PEER = "peer", _("Rekan kerja")
    SUBORDINATE = "subordinate", _("Bawahan")
    OTHER = "other", _("Lainnya")


class ObjectionDecision(models.TextChoices):
    UPHELD = "upheld", _("Penilaian dikuatkan")
    CHANGED = "changed", _("Penilaian diubah")
