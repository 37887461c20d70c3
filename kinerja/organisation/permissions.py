"""Who may see and change what. One visibility rule per model (`visibility_filter`), used by
pages, API and exports alike; `get_*_for_user` helpers return the object or raise Http404, so a
forbidden object looks exactly like a missing one.

Roles: Pegawai sees self; Atasan sees direct and indirect subordinates (derived from `chain`);
Admin Instansi and Pimpinan see their agency; Admin BKPSDM and Auditor see the whole Pemda.
Writes: Admin Instansi in their agency, Admin BKPSDM everywhere. Auditor alone reads the audit
trail (with superusers)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import rules
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.core.fastsql import JoinedSelect, Part

from .models import (
    INSTANSI_SCOPED_ROLES,
    Instansi,
    Jabatan,
    Pegawai,
    Role,
    RoleAssignment,
    UnitKerja,
)


@dataclass
class Access:
    """What one user may reach, resolved once per request and cached on the user object."""

    authenticated: bool = False
    pemda_wide_read: bool = False  # Admin BKPSDM, Auditor, superuser
    pemda_wide_write: bool = False  # Admin BKPSDM, superuser
    auditor: bool = False
    admin_instansi_ids: frozenset[int] = field(default_factory=frozenset)
    pimpinan_instansi_ids: frozenset[int] = field(default_factory=frozenset)
    pegawai: Pegawai | None = None
    has_subordinates: bool = False
    roles: tuple[str, ...] = ()

    @property
    def read_instansi_ids(self) -> frozenset[int]:
        return self.admin_instansi_ids | self.pimpinan_instansi_ids

    @property
    def is_admin(self) -> bool:
        return self.pemda_wide_write or bool(self.admin_instansi_ids)

    def can_write_instansi(self, instansi_id: int | None) -> bool:
        return self.pemda_wide_write or (instansi_id in self.admin_instansi_ids)


@functools.cache
def _ACCOUNT_LOOKUP() -> JoinedSelect:  # noqa: N802 - a constant built on first use
    """The account's active employee record with its agency, whether anyone reports to them and
    whether the account holds a granted role: every request runs it (kinerja/core/fastsql.py)."""
    p, i, r = Pegawai._meta.db_table, Instansi._meta.db_table, RoleAssignment._meta.db_table
    return JoinedSelect(
        [Part(Pegawai, "p"), Part(Instansi, "i", parent=0, via="instansi")],
        f"FROM {p} p INNER JOIN {i} i ON i.id = p.instansi_id WHERE p.user_id = %s AND p.is_active",
        extra=[
            f"EXISTS(SELECT 1 FROM {p} s WHERE s.atasan_id = p.id)",
            f"EXISTS(SELECT 1 FROM {r} r WHERE r.user_id = %s)",
        ],
    )


def access_for(user: Any) -> Access:
    if user is None or not getattr(user, "is_authenticated", False):
        return Access()
    cached = getattr(user, "_kinerja_access", None)
    if cached is not None:
        return cached
    # One pre-built query for most people (an employee with no granted role); the roles only
    # when the employee has some, or the account is not an employee's.
    found = _ACCOUNT_LOOKUP().first([user.pk, user.pk])
    pegawai = None
    if found is not None:
        pegawai, _instansi, has_subs, has_roles = found
        pegawai.has_subs, pegawai.has_roles = bool(has_subs), bool(has_roles)
    granted = (
        list(user.roles.values_list("role", "instansi_id"))
        if pegawai is None or pegawai.has_roles
        else []
    )
    role_names = {r for r, _i in granted}
    access = Access(
        authenticated=True,
        pemda_wide_read=user.is_superuser or bool(role_names & {Role.ADMIN_BKPSDM, Role.AUDITOR}),
        pemda_wide_write=user.is_superuser or Role.ADMIN_BKPSDM in role_names,
        auditor=user.is_superuser or Role.AUDITOR in role_names,
        admin_instansi_ids=frozenset(i for r, i in granted if r == Role.ADMIN_INSTANSI),
        pimpinan_instansi_ids=frozenset(i for r, i in granted if r == Role.PIMPINAN),
        pegawai=pegawai,
        has_subordinates=bool(pegawai and pegawai.has_subs),
        roles=tuple(sorted(role_names)),
    )
    user._kinerja_access = access
    return access


def _pegawai_q(access: Access, prefix: str = "") -> Q:
    """The Pegawai visibility rule as a Q, optionally through a relation prefix."""
    q = (
        Q(**{f"{prefix}instansi_id__in": access.read_instansi_ids})
        if access.read_instansi_ids
        else Q(pk__in=[])
    )
    if access.pegawai is not None:
        q |= Q(**{f"{prefix}pk": access.pegawai.pk})
        if access.has_subordinates:
            q |= Q(**{f"{prefix}chain__startswith": access.pegawai.subtree_prefix})
    return q


def pegawai_q(user: Any, prefix: str = "") -> Q | None:
    """The Pegawai rule as a Q through `prefix` (e.g. "pegawai__") for models owned by an
    employee; None means everything is visible, and an anonymous user gets an empty Q."""
    access = access_for(user)
    if not access.authenticated:
        return Q(pk__in=[])
    if access.pemda_wide_read:
        return None
    return _pegawai_q(access, prefix)


def visibility_filter(qs: QuerySet, user: Any) -> QuerySet:
    access = access_for(user)
    if not access.authenticated:
        return qs.none()
    if access.pemda_wide_read:
        return qs
    model = qs.model
    if model is Pegawai:
        return qs.filter(_pegawai_q(access))
    # Structure (agencies, units, positions) is visible where the user sees people: their own
    # agency, the agencies they administer or lead, and the agencies of their subordinates.
    instansi_ids = set(access.read_instansi_ids)
    if access.pegawai is not None:
        instansi_ids.add(access.pegawai.instansi_id)
    sub_instansi = (
        Pegawai.objects.filter(chain__startswith=access.pegawai.subtree_prefix)
        .values("instansi_id")
        .distinct()
        if access.pegawai is not None and access.has_subordinates
        else None
    )
    field_name = "pk" if model is Instansi else "instansi_id"
    q = Q(**{f"{field_name}__in": instansi_ids})
    if sub_instansi is not None:
        q |= Q(**{f"{field_name}__in": sub_instansi})
    if model in (Instansi, UnitKerja, Jabatan):
        return qs.filter(q)
    raise TypeError(f"no visibility rule for {model.__name__}")


def writable_instansi(user: Any) -> QuerySet[Instansi]:
    access = access_for(user)
    if access.pemda_wide_write:
        return Instansi.objects.all()
    return Instansi.objects.filter(pk__in=access.admin_instansi_ids)


def _get_or_404(qs: Any, user: Any, pk: Any, write: bool) -> Any:
    try:
        obj = qs.visible_to(user).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write:
        instansi_id = obj.pk if isinstance(obj, Instansi) else obj.instansi_id
        if not access_for(user).can_write_instansi(instansi_id):
            raise Http404
    return obj


def get_instansi_for_user(user: Any, pk: Any, *, write: bool = False) -> Instansi:
    return _get_or_404(Instansi.objects.all(), user, pk, write)


def get_unit_for_user(user: Any, pk: Any, *, write: bool = False) -> UnitKerja:
    return _get_or_404(UnitKerja.objects.select_related("instansi", "parent"), user, pk, write)


def get_jabatan_for_user(user: Any, pk: Any, *, write: bool = False) -> Jabatan:
    return _get_or_404(Jabatan.objects.select_related("instansi", "unit"), user, pk, write)


def get_pegawai_for_user(user: Any, pk: Any, *, write: bool = False) -> Pegawai:
    qs = Pegawai.objects.select_related("instansi", "unit", "jabatan", "atasan", "user")
    return _get_or_404(qs, user, pk, write)


# rules predicates, for templates ({% has_perm %}) and object checks.
@rules.predicate
def is_admin_anywhere(user) -> bool:
    return access_for(user).is_admin


@rules.predicate
def is_auditor(user) -> bool:
    return access_for(user).auditor


@rules.predicate
def is_pemda_admin(user) -> bool:
    return access_for(user).pemda_wide_write


@rules.predicate
def can_import(user) -> bool:
    return access_for(user).is_admin


@rules.predicate
def can_edit_object(user, obj) -> bool:
    if obj is None:
        return access_for(user).is_admin
    instansi_id = obj.pk if isinstance(obj, Instansi) else obj.instansi_id
    return access_for(user).can_write_instansi(instansi_id)


rules.add_perm("organisation.manage", is_admin_anywhere)
rules.add_perm("organisation.edit_object", can_edit_object)
rules.add_perm("organisation.import", can_import)
rules.add_perm("organisation.manage_roles", is_pemda_admin)
rules.add_perm("core.view_audit", is_auditor)

__all__ = [
    "Access",
    "INSTANSI_SCOPED_ROLES",
    "access_for",
    "visibility_filter",
    "writable_instansi",
    "get_instansi_for_user",
    "get_unit_for_user",
    "get_jabatan_for_user",
    "get_pegawai_for_user",
]
