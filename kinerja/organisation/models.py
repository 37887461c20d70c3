"""Agencies, units, positions, employees, who supervises whom, and the roles people hold.

Visibility: every model has a queryset method `visible_to(user)`; pages, API and exports all go
through it (see permissions.py for the rule itself)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import TimeStampedModel

from . import choices
from .nip import parse_nip


class VisibleQuerySet(models.QuerySet):
    """`visible_to(user)` delegates to the one rule for the model in permissions.py."""

    def visible_to(self, user):
        from .permissions import visibility_filter

        return visibility_filter(self, user)


class Instansi(TimeStampedModel):
    """An agency of the local government (Dinas, Badan, Sekretariat, Kecamatan, ...)."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=60, blank=True)
    kind = models.CharField(
        _("jenis"), max_length=20, choices=choices.InstansiKind.choices, default="dinas"
    )
    is_bkpsdm = models.BooleanField(
        _("BKPSDM"), default=False, help_text=_("Badan kepegawaian yang mengelola sistem ini.")
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKerja(TimeStampedModel):
    """A unit inside an agency; units nest as a tree. `path` ("/1/5/9/": ancestors then self)
    makes subtree queries a prefix match."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["instansi__name", "path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.instansi_id != self.instansi_id:
            raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
        if self.pk and self.parent_id and self.parent and f"/{self.pk}/" in self.parent.path:
            raise ValidationError(
                {"parent": _("Unit tidak boleh menjadi induk dari dirinya sendiri.")}
            )


class Jabatan(TimeStampedModel):
    """A position. Its kind (JPT/JA/JF) and level follow DOMAIN §1."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="positions"
    )
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=3, choices=choices.JabatanKind.choices)
    level = models.CharField(_("jenjang"), max_length=20, choices=choices.JabatanLevel.choices)
    is_head = models.BooleanField(
        _("kepala unit"), default=False, help_text=_("Jabatan ini memimpin unit kerjanya.")
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["instansi__name", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        allowed = choices.LEVELS_BY_KIND.get(self.kind, ())
        if self.level and self.level not in allowed:
            raise ValidationError(
                {
                    "level": _("Jenjang %(level)s tidak berlaku untuk jenis jabatan %(kind)s.")
                    % {"level": self.get_level_display(), "kind": self.kind}
                }
            )
        if self.unit_id and self.unit and self.unit.instansi_id != self.instansi_id:
            raise ValidationError({"unit": _("Unit kerja harus dari instansi yang sama.")})

    @property
    def is_jf_keahlian(self) -> bool:
        return self.level in choices.JF_KEAHLIAN


class Pegawai(TimeStampedModel):
    """A civil servant (PNS or PPPK), identified by NIP, with their current post and direct
    superior. `chain` lists the ids of every superior above ("/top/.../direct/"), so "all my
    subordinates, direct and indirect" is one prefix match."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    gelar_depan = models.CharField(_("gelar depan"), max_length=40, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    kind = models.CharField(_("jenis pegawai"), max_length=4, choices=choices.EmployeeKind.choices)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=choices.Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    tmt = models.DateField(_("TMT CPNS/PPPK"))
    golongan = models.PositiveSmallIntegerField(_("golongan"), null=True, blank=True)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="employees"
    )
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
    )
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bawahan",
    )
    chain = models.CharField(max_length=400, default="/", db_index=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pegawai",
    )
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "nip"]
        indexes = [
            # The employee list reads this index in order: no sort, and the page count uses it.
            models.Index(fields=["name", "nip", "is_active"], name="pegawai_name_nip_active"),
            models.Index(fields=["instansi", "name"]),
            models.Index(fields=["unit", "name"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        name = self.name
        if self.gelar_depan:
            name = f"{self.gelar_depan} {name}"
        if self.gelar_belakang:
            name = f"{name}, {self.gelar_belakang}"
        return name

    @property
    def golongan_display(self) -> str:
        return choices.golongan_label(self.kind, self.golongan)

    @property
    def subtree_prefix(self) -> str:
        return f"{self.chain}{self.pk}/"

    @property
    def superior_ids(self) -> list[int]:
        return [int(p) for p in self.chain.strip("/").split("/") if p]

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        try:
            info = parse_nip(self.nip, expected_kind=self.kind or None)
        except ValidationError as exc:
            errors["nip"] = exc.messages
        else:
            self.kind = self.kind or info.kind
        if self.golongan is not None and not 1 <= self.golongan <= 17:
            errors.setdefault("golongan", []).append(_("Golongan harus 1–17."))
        if self.unit_id and self.unit and self.unit.instansi_id != self.instansi_id:
            errors.setdefault("unit", []).append(_("Unit kerja harus dari instansi pegawai."))
        if self.jabatan_id and self.jabatan and self.jabatan.instansi_id != self.instansi_id:
            errors.setdefault("jabatan", []).append(_("Jabatan harus dari instansi pegawai."))
        if self.pk and self.atasan_id == self.pk:
            errors.setdefault("atasan", []).append(
                _("Pegawai tidak boleh menjadi atasan dirinya sendiri.")
            )
        if errors:
            raise ValidationError(errors)


class Penugasan(TimeStampedModel):
    """One assignment in an employee's history: position, unit, superior, from/to, and whether it
    is definitive or acting (Plt/Plh). Later evaluations snapshot who rated whom from here."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="penugasan"
    )
    kind = models.CharField(
        _("jenis penugasan"),
        max_length=10,
        choices=choices.AssignmentKind.choices,
        default=choices.AssignmentKind.DEFINITIF,
    )
    instansi = models.ForeignKey(Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), null=True, blank=True, on_delete=models.PROTECT
    )
    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan"), null=True, blank=True, on_delete=models.PROTECT
    )
    atasan = models.ForeignKey(
        Pegawai,
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    note = models.CharField(_("keterangan (SK)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("riwayat penugasan")
        verbose_name_plural = _("riwayat penugasan")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="penugasan_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.kind} {self.jabatan_id} {self.start_date}"


class Role(models.TextChoices):
    """Roles an administrator grants. Pegawai (self) and Atasan (superior) are never granted:
    they follow from the hierarchy."""

    ADMIN_INSTANSI = "admin_instansi", _("Admin Instansi")
    ADMIN_BKPSDM = "admin_bkpsdm", _("Admin BKPSDM")
    PIMPINAN = "pimpinan", _("Pimpinan")
    AUDITOR = "auditor", _("Auditor")


INSTANSI_SCOPED_ROLES = (Role.ADMIN_INSTANSI, Role.PIMPINAN)


class RoleAssignment(TimeStampedModel):
    """A granted role. Admin Instansi and Pimpinan are scoped to one agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("peran")
        verbose_name_plural = _("peran")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "instansi"], name="unique_role_per_scope"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=INSTANSI_SCOPED_ROLES, instansi__isnull=False)
                    | (~models.Q(role__in=INSTANSI_SCOPED_ROLES) & models.Q(instansi__isnull=True))
                ),
                name="role_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        scope = f" — {self.instansi}" if self.instansi_id else ""
        return f"{self.get_role_display()}{scope}"

    def clean(self) -> None:
        if self.role in INSTANSI_SCOPED_ROLES and not self.instansi_id:
            raise ValidationError({"instansi": _("Peran ini harus dibatasi pada satu instansi.")})
        if self.role not in INSTANSI_SCOPED_ROLES and self.instansi_id:
            raise ValidationError({"instansi": _("Peran ini berlaku untuk semua instansi.")})
