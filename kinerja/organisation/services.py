"""Every write to organisation data. Each service validates, saves and writes its audit row in
one transaction, and raises ValidationError with a message the user can act on."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_log, snapshot

from .choices import AssignmentKind
from .models import Instansi, Jabatan, Pegawai, Penugasan, Role, RoleAssignment, UnitKerja
from .nip import parse_nip

# ---------------------------------------------------------------- generic create/update/delete


def _save(obj: Any, *, actor: Any, action: str) -> Any:
    before = None
    if obj.pk is not None:
        before = snapshot(type(obj).objects.get(pk=obj.pk))
    obj.full_clean()
    obj.save()
    audit_log(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj))
    return obj


@transaction.atomic
def instansi_save(*, instansi: Instansi, actor: Any) -> Instansi:
    created = instansi.pk is None
    return _save(
        instansi, actor=actor, action="instansi.created" if created else "instansi.updated"
    )


@transaction.atomic
def unit_save(*, unit: UnitKerja, actor: Any) -> UnitKerja:
    created = unit.pk is None
    old_path = None if created else UnitKerja.objects.get(pk=unit.pk).path
    unit.full_clean()
    if not created and unit.parent_id:
        parent = UnitKerja.objects.get(pk=unit.parent_id)
        if f"/{unit.pk}/" in parent.path:
            raise ValidationError(
                {"parent": _("Unit tidak boleh berada di bawah unit turunannya sendiri.")}
            )
    _save(unit, actor=actor, action="unit.created" if created else "unit.updated")
    _unit_set_path(unit, old_path)
    return unit


def _unit_set_path(unit: UnitKerja, old_path: str | None) -> None:
    parent_path = UnitKerja.objects.get(pk=unit.parent_id).path if unit.parent_id else "/"
    new_path = f"{parent_path}{unit.pk}/"
    if new_path == old_path:
        return
    depth = new_path.count("/") - 2
    UnitKerja.objects.filter(pk=unit.pk).update(path=new_path, depth=depth)
    if old_path:
        # Move the whole subtree in one statement.
        shift = depth - (old_path.count("/") - 2)
        UnitKerja.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + shift,
        )
    unit.path, unit.depth = new_path, depth


@transaction.atomic
def jabatan_save(*, jabatan: Jabatan, actor: Any) -> Jabatan:
    created = jabatan.pk is None
    return _save(jabatan, actor=actor, action="jabatan.created" if created else "jabatan.updated")


@transaction.atomic
def object_delete(*, obj: Instansi | UnitKerja | Jabatan | Pegawai, actor: Any) -> None:
    """Delete a unit, position, agency or employee that nothing depends on any more."""
    from django.db.models import ProtectedError

    kind = {Instansi: "instansi", UnitKerja: "unit", Jabatan: "jabatan", Pegawai: "pegawai"}[
        type(obj)
    ]
    before = snapshot(obj)
    repr_, pk = str(obj), obj.pk
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError:
        raise ValidationError(
            _("%(obj)s tidak dapat dihapus karena masih dipakai oleh data lain.") % {"obj": repr_}
        ) from None
    audit_log(
        actor=actor,
        action=f"{kind}.deleted",
        object_type=f"organisation.{type(obj).__name__.lower()}",
        object_id=str(pk),
        object_repr=repr_,
        before=before,
    )


# ---------------------------------------------------------------- employees and the hierarchy


def pegawai_fill_from_nip(pegawai: Pegawai) -> list[str]:
    """Birth date, TMT, sex and kind follow from the NIP; returns plausibility warnings."""
    info = parse_nip(pegawai.nip, expected_kind=pegawai.kind or None)
    pegawai.kind = info.kind
    pegawai.birth_date = info.birth_date
    pegawai.tmt = info.tmt
    pegawai.sex = info.sex
    return list(info.warnings)


def _check_atasan(pegawai: Pegawai, atasan: Pegawai | None) -> None:
    if atasan is None:
        return
    if pegawai.pk and atasan.pk == pegawai.pk:
        raise ValidationError({"atasan": _("Pegawai tidak boleh menjadi atasan dirinya sendiri.")})
    if pegawai.pk and f"/{pegawai.pk}/" in atasan.chain:
        raise ValidationError(
            {
                "atasan": _("%(a)s adalah bawahan %(p)s; hubungan atasan akan melingkar.")
                % {"a": atasan.full_name, "p": pegawai.full_name}
            }
        )
    if not atasan.is_active:
        raise ValidationError({"atasan": _("Atasan yang dipilih sudah tidak aktif.")})


def _rechain(pegawai: Pegawai, old_prefix: str | None) -> None:
    """Recompute this employee's chain and move their whole subtree in one statement."""
    atasan_chain = (
        Pegawai.objects.values_list("chain", flat=True).get(pk=pegawai.atasan_id)
        if pegawai.atasan_id
        else None
    )
    new_chain = f"{atasan_chain}{pegawai.atasan_id}/" if pegawai.atasan_id else "/"
    if (
        new_chain == pegawai.chain
        and old_prefix is not None
        and old_prefix == pegawai.subtree_prefix
    ):
        return
    Pegawai.objects.filter(pk=pegawai.pk).update(chain=new_chain)
    pegawai.chain = new_chain
    if old_prefix:
        new_prefix = pegawai.subtree_prefix
        if new_prefix != old_prefix:
            Pegawai.objects.filter(chain__startswith=old_prefix).update(
                chain=Concat(Value(new_prefix), Substr("chain", Length(Value(old_prefix)) + 1))
            )


@transaction.atomic
def pegawai_save(
    *, pegawai: Pegawai, actor: Any, start_date: datetime.date | None = None, note: str = ""
) -> tuple[Pegawai, list[str]]:
    """Create or update an employee. A change of position, unit or superior closes the current
    definitive assignment and opens a new one, so the history stays complete."""
    created = pegawai.pk is None
    old = None if created else Pegawai.objects.get(pk=pegawai.pk)
    try:
        warnings = pegawai_fill_from_nip(pegawai)
    except ValidationError as exc:
        raise ValidationError({"nip": exc.messages}) from None
    _check_atasan(pegawai, pegawai.atasan)
    pegawai.full_clean(exclude=["chain"])
    old_prefix = old.subtree_prefix if old else None
    pegawai.save()
    _rechain(pegawai, old_prefix)
    moved = created or (
        old is not None
        and (old.jabatan_id, old.unit_id, old.atasan_id, old.instansi_id)
        != (pegawai.jabatan_id, pegawai.unit_id, pegawai.atasan_id, pegawai.instansi_id)
    )
    # Data loaded before history existed gets its first assignment on its first save.
    if (
        moved
        or not Penugasan.objects.filter(
            pegawai=pegawai, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
        ).exists()
    ):
        _open_assignment(pegawai, kind=AssignmentKind.DEFINITIF, start=start_date, note=note)
    audit_log(
        actor=actor,
        action="pegawai.created" if created else "pegawai.updated",
        obj=pegawai,
        before=snapshot(old) if old else None,
        after=snapshot(pegawai),
    )
    return pegawai, warnings


def _open_assignment(
    pegawai: Pegawai,
    *,
    kind: str,
    start: datetime.date | None,
    note: str,
    jabatan: Jabatan | None = None,
    unit: UnitKerja | None = None,
) -> Penugasan:
    start = start or timezone.localdate()
    if kind == AssignmentKind.DEFINITIF:
        open_rows = Penugasan.objects.filter(
            pegawai=pegawai, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
        )
        for row in open_rows:
            row.end_date = max(row.start_date, start - datetime.timedelta(days=1))
            row.save(update_fields=["end_date", "updated_at"])
    return Penugasan.objects.create(
        pegawai=pegawai,
        kind=kind,
        instansi_id=(jabatan.instansi_id if jabatan else pegawai.instansi_id),
        unit=unit if jabatan else pegawai.unit,
        jabatan=jabatan or pegawai.jabatan,
        atasan_id=pegawai.atasan_id,
        start_date=start,
        note=note,
    )


@transaction.atomic
def pegawai_assign_acting(
    *,
    pegawai: Pegawai,
    jabatan: Jabatan,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None,
    actor: Any,
    note: str = "",
) -> Penugasan:
    """Record an acting post (Plt/Plh) beside the employee's definitive position."""
    if kind not in (AssignmentKind.PLT, AssignmentKind.PLH):
        raise ValidationError({"kind": _("Jenis penugasan sementara harus Plt atau Plh.")})
    if end_date and end_date < start_date:
        raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    row = _open_assignment(
        pegawai, kind=kind, start=start_date, note=note, jabatan=jabatan, unit=jabatan.unit
    )
    if end_date:
        row.end_date = end_date
        row.save(update_fields=["end_date"])
    audit_log(actor=actor, action=f"pegawai.{kind}_assigned", obj=pegawai, after=snapshot(row))
    return row


# ---------------------------------------------------------------- roles


@transaction.atomic
def role_grant(*, user: Any, role: str, instansi: Instansi | None, actor: Any) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, instansi=instansi)
    assignment.full_clean()
    assignment.save()
    audit_log(
        actor=actor,
        action="role.granted",
        obj=assignment,
        object_repr=f"{user} — {assignment}",
        after=snapshot(assignment),
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: Any) -> None:
    before = snapshot(assignment)
    repr_, pk = f"{assignment.user} — {assignment}", assignment.pk
    assignment.delete()
    audit_log(
        actor=actor,
        action="role.revoked",
        object_type="organisation.roleassignment",
        object_id=str(pk),
        object_repr=repr_,
        before=before,
    )


__all__ = ["Role"]
