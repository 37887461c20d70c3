"""`manage.py seed_demo [--reset]`: load the demo regency, Kabupaten Sukamaju.

Ten agencies, about 300 employees in a real supervisory hierarchy, a few mutations and one Plt,
and a login for every role (password "demo12345"). Deterministic: the plan comes from
random.Random(2026) alone (demo_data.plan_demo), so every run gives the same people and NIPs.
Everything is written through the organisation services, so the audit trail is complete."""

from __future__ import annotations

import datetime
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction

from kinerja.core.models import AuditLog
from kinerja.organisation import services
from kinerja.organisation.choices import AssignmentKind
from kinerja.organisation.demo_data import DEMO_USERNAMES, PASSWORD, DemoPlan, plan_demo
from kinerja.organisation.models import (
    Instansi,
    Jabatan,
    Pegawai,
    Penugasan,
    Role,
    RoleAssignment,
    UnitKerja,
)


class Command(BaseCommand):
    help = "Load the demo regency (Kabupaten Sukamaju) with a login for every role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all organisation data, employee logins and the audit trail first.",
        )

    def handle(self, *args, reset: bool = False, **options):
        started = time.monotonic()
        plan = plan_demo()
        codes = [a.code for a in plan.agencies]
        if reset:
            with transaction.atomic():
                wipe_organisation_data()
        elif Instansi.objects.filter(code__in=codes).count() == len(codes):
            self.stdout.write("The demo (Kabupaten Sukamaju) is already loaded; nothing to do.")
            self._print_logins(plan)
            return
        elif Instansi.objects.exists():
            self.stdout.write(self.style.WARNING(
                "The database already holds organisation data that is not the demo; left as it "
                "is. Run `manage.py seed_demo --reset` to replace it with the demo."
            ))  # fmt: skip
            return
        with transaction.atomic():
            load_demo(plan)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded Kabupaten Sukamaju: {len(plan.agencies)} agencies, {len(plan.units)} units, "
            f"{len(plan.jabatan)} positions, {len(plan.people)} employees "
            f"({time.monotonic() - started:.1f} s)."
        ))  # fmt: skip
        self._print_logins(plan)

    def _print_logins(self, plan: DemoPlan) -> None:
        rows = [("Role", "Login", "Password", "Name")]
        for role, login, idx in plan.logins:
            if idx is None:
                name = "Administrator"
            else:
                p = plan.people[idx]
                name = " ".join(x for x in (p.gelar_depan, p.name) if x)
                name = f"{name}, {p.gelar_belakang}" if p.gelar_belakang else name
            rows.append((role, login, PASSWORD, name))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("\nDemo logins (employees can also log in with their NIP):")
        for n, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            )
            if n == 0:
                self.stdout.write(line)


def load_demo(plan: DemoPlan) -> None:
    """Write `plan` through the services (actor: the system). Runs in the caller's transaction."""
    user_model = get_user_model()
    instansi: dict[str, Instansi] = {}
    for agency in plan.agencies:
        instansi[agency.code] = services.instansi_save(
            instansi=Instansi(code=agency.code, name=agency.name, short_name=agency.short_name,
                              kind=agency.kind, is_bkpsdm=agency.is_bkpsdm),
            actor=None,
        )  # fmt: skip
    units: dict[str, UnitKerja] = {}
    for u in plan.units:  # parents come before their children
        units[u.key] = services.unit_save(
            unit=UnitKerja(instansi=instansi[u.agency], parent=units[u.parent] if u.parent else None,
                           code=u.key, name=u.name),
            actor=None,
        )  # fmt: skip
    jobs: dict[str, Jabatan] = {}
    for j in plan.jabatan:
        jobs[j.key] = services.jabatan_save(
            jabatan=Jabatan(instansi=instansi[j.agency], unit=units[j.unit], code=j.key, name=j.name,
                            kind=j.kind, level=j.level, is_head=j.is_head),
            actor=None,
        )  # fmt: skip

    # One password hash for every demo login: hashing 300 times would take most of the run.
    password = make_password(PASSWORD)
    users = {
        u.username: u
        for u in user_model.objects.bulk_create([
            user_model(username=p.username, first_name=p.name.split(" ", 1)[0],
                       last_name=p.name.split(" ", 1)[1] if " " in p.name else "",
                       email=p.email, password=password, is_active=p.is_active)
            for p in plan.people
        ])
    }  # fmt: skip

    people: dict[int, Pegawai] = {}

    def save(idx: int, agency: str, unit: str, job: str, atasan: int | None,
             start: datetime.date, note: str) -> None:  # fmt: skip
        p = plan.people[idx]
        obj = people.get(idx) or Pegawai(
            nip=p.nip, name=p.name, gelar_depan=p.gelar_depan, gelar_belakang=p.gelar_belakang,
            kind=p.kind, golongan=p.golongan, email=p.email, phone=p.phone, user=users[p.username],
        )  # fmt: skip
        obj.instansi, obj.unit, obj.jabatan = instansi[agency], units[unit], jobs[job]
        obj.atasan = people[atasan] if atasan is not None else None
        people[idx], _warnings = services.pegawai_save(
            pegawai=obj, actor=None, start_date=start, note=note
        )

    # Everyone in their current post, superiors first; those who moved last year start in the
    # post they held before (they have no staff, so nobody waits for them).
    for p in plan.people:
        if p.previous is None:
            save(p.idx, p.agency, p.unit, p.jabatan, p.atasan, p.start_date, p.note)
    for p in plan.people:
        if p.previous is not None:
            old_agency, old_unit, old_job, old_atasan, old_start, old_note = p.previous
            save(p.idx, old_agency, old_unit, old_job, old_atasan, old_start, old_note)
            save(p.idx, p.agency, p.unit, p.jabatan, p.atasan, p.start_date, p.note)
    for p in plan.people:
        if p.acting is not None:
            job, start, note = p.acting
            services.pegawai_assign_acting(
                pegawai=people[p.idx], jabatan=jobs[job], kind=AssignmentKind.PLT,
                start_date=start, end_date=None, actor=None, note=note,
            )  # fmt: skip
        if not p.is_active:
            people[p.idx].is_active = False
            services.pegawai_save(pegawai=people[p.idx], actor=None)

    user_model.objects.create(
        username="admin",
        first_name="Administrator",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
    grants = {
        "admin.disdik": (Role.ADMIN_INSTANSI, instansi["DISDIK"]),
        "admin.bkpsdm": (Role.ADMIN_BKPSDM, None),
        "pimpinan.disdik": (Role.PIMPINAN, instansi["DISDIK"]),
        "auditor": (Role.AUDITOR, None),
    }
    for username, (role, scope) in grants.items():
        services.role_grant(user=users[username], role=role, instansi=scope, actor=None)


def wipe_organisation_data() -> None:
    """Delete every agency, unit, position, employee, granted role, employee login and the audit
    trail, in dependency order (also used by `seed_synthetic --reset`). Superusers and logins not
    tied to an employee are kept, except the demo's own named logins."""
    user_model = get_user_model()
    with connection.cursor() as cursor:
        # The audit trail is append-only at the ORM level (AuditLog.objects.delete raises), and
        # its rows point at the users and objects removed here. Resetting demo or benchmark data
        # is the one place allowed to clear it, so it bypasses the ORM on purpose.
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(AuditLog._meta.db_table)}")
    employee_users = list(
        Pegawai.objects.filter(user__isnull=False).values_list("user_id", flat=True)
    )
    RoleAssignment.objects.all().delete()
    _delete_all(Penugasan)
    _delete_all(Pegawai, handled=(Penugasan,), self_fk="atasan")
    user_model.objects.filter(pk__in=employee_users).delete()
    user_model.objects.filter(username__in=DEMO_USERNAMES).delete()
    _delete_all(Jabatan, handled=(Penugasan, Pegawai))
    _delete_all(UnitKerja, handled=(Penugasan, Pegawai, Jabatan), self_fk="parent")
    _delete_all(Instansi, handled=(Penugasan, Pegawai, Jabatan, UnitKerja, RoleAssignment))


def _delete_all(model: type[models.Model], handled: tuple[type[models.Model], ...] = (),
                self_fk: str = "") -> None:  # fmt: skip
    """Empty `model`'s table. When nothing else can point at its rows (every other referring
    model is in `handled`, already emptied, or is empty), one plain DELETE: the ORM's collector
    would load all 100,000 synthetic employees first, and a self-reference goes in the same
    statement. Otherwise the ORM delete, which cascades or refuses as modelled."""
    qs = model._default_manager.all()
    referrers = {rel.related_model for rel in model._meta.related_objects} - {model, *handled}
    if any(r._default_manager.exists() for r in referrers if not isinstance(r, str)):
        if self_fk:
            qs.filter(**{f"{self_fk}__isnull": False}).update(**{self_fk: None})
        qs.delete()
    else:
        qs._raw_delete(qs.db)
