"""`manage.py seed_synthetic --employees N [--agencies K] [--users-for M] [--reset]`: a large
synthetic organisation for benchmarks, written in bulk (100,000 employees in about ten seconds on
SQLite: executemany, COPY on PostgreSQL).

K agencies (default max(5, N // 5000), the second about four times the others), each a unit tree
three deep (agency → bidang → seksi), a head post per unit and a few staff posts per seksi;
employees with valid, unique NIPs (about 15% PPPK) in a supervisory hierarchy five deep (the top
official → agency heads → Kepala Bidang → Kepala Seksi → staff) with `chain` computed here, and one
open assignment each. Logins only for a sample (--users-for). Deterministic (--seed).

Benchmark data, not demo data: no per-row audit trail, one summary audit row instead."""

from __future__ import annotations

import datetime
import math
import random
import time
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from kinerja.core.audit import audit_log
from kinerja.organisation.choices import AssignmentKind, JabatanKind, JabatanLevel
from kinerja.organisation.demo_data import NAMES, PASSWORD
from kinerja.organisation.management.commands.seed_demo import wipe_organisation_data
from kinerja.organisation.models import Instansi, Jabatan, Pegawai, Penugasan, UnitKerja

AGENCY_NAMES = (
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "Dinas Pendidikan", "Dinas Kesehatan",
    "Dinas Perhubungan", "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Badan Perencanaan Pembangunan Daerah", "Inspektorat Daerah", "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil", "Dinas Pertanian", "Dinas Lingkungan Hidup",
    "Badan Pengelolaan Keuangan dan Aset Daerah", "Dinas Komunikasi dan Informatika",
    "Dinas Penanaman Modal dan PTSP", "Satuan Polisi Pamong Praja",
)  # fmt: skip
STAFF_POSTS = (
    ("Pengadministrasi Perkantoran", JabatanKind.JA, JabatanLevel.PELAKSANA),
    ("Penelaah Teknis Kebijakan", JabatanKind.JA, JabatanLevel.PELAKSANA),
    ("Analis Kebijakan Ahli Pertama", JabatanKind.JF, JabatanLevel.AHLI_PERTAMA),
    ("Pranata Komputer Terampil", JabatanKind.JF, JabatanLevel.TERAMPIL),
)
STAFF_PER_SEKSI = 25
BATCH = 1000


@dataclass(slots=True)
class Person:
    nip: str
    name: str
    kind: str
    sex: str
    golongan: int
    agency: int
    unit: str
    jabatan: str
    level: int  # depth below the top official (0): agency heads 1, then 2, 3 and staff 4
    parent: int | None  # index of the direct superior
    pk: int | None = None
    chain: str = "/"


@dataclass
class SyntheticPlan:
    agencies: list[tuple[str, str, bool]] = field(default_factory=list)  # (code, name, is_bkpsdm)
    units: list[tuple[str, int, str | None, str]] = field(
        default_factory=list
    )  # (code, agency, parent, name)
    jabatan: list[tuple[str, int, str, str, str, str, bool]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


class _Nips:
    """Unique valid NIPs from one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def make(self, kind: str, sex: str) -> str:
        rng = self.rng
        while True:
            birth = datetime.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
            serial = rng.randint(1, 999)
            sex_digit = "1" if sex == "L" else "2"
            if kind == "PPPK":
                nip = f"{birth:%Y%m%d}{rng.randint(2022, 2025)}2{rng.randint(1, 3)}{sex_digit}{serial:03d}"
            else:
                year = min(birth.year + rng.randint(20, 28), 2025)
                nip = f"{birth:%Y%m%d}{year}{rng.randint(1, 12):02d}{sex_digit}{serial:03d}"
            if nip not in self.seen:
                self.seen.add(nip)
                return nip


def build_plan(n_employees: int, n_agencies: int | None = None, seed: int = 2026) -> SyntheticPlan:
    """Decide the whole organisation in memory (pure Python, deterministic)."""
    rng = random.Random(seed)
    k = n_agencies or max(5, n_employees // 5000)
    weights = [4.0 if i == 1 else 1.0 + rng.random() * 0.5 for i in range(k)]
    sizes = [max(3, int(n_employees * w / sum(weights))) for w in weights]
    sizes[1 % k] += n_employees - sum(sizes)  # the largest agency takes the remainder
    plan = SyntheticPlan()
    nips = _Nips(rng)
    pools = [(pool[s], pool[f"{s}_last"], s) for pool in NAMES.values() for s in ("L", "P")]

    # Golongan by role (PNS): JPT IV/c–IV/d, Administrator IV/a–IV/b, Pengawas III/c–III/d,
    # staff II/c–III/b; PPPK staff V, VII or IX.
    golongan_range = {"head": (15, 16), "kabid": (13, 14), "kasi": (11, 12), "staff": (7, 10)}

    def person(agency: int, unit: str, jabatan: str, parent: int | None, role: str) -> int:
        first, last, sex = rng.choice(pools)
        kind = "PPPK" if role == "staff" and rng.random() < 0.16 else "PNS"
        golongan = rng.randint(*golongan_range[role]) if kind == "PNS" else rng.choice((5, 7, 9))
        level = plan.people[parent].level + 1 if parent is not None else 0
        plan.people.append(Person(
            nip=nips.make(kind, sex), name=f"{rng.choice(first)} {rng.choice(last)}", kind=kind,
            sex=sex, golongan=golongan, agency=agency, unit=unit, jabatan=jabatan, level=level,
            parent=parent,
        ))  # fmt: skip
        return len(plan.people) - 1

    top: int | None = None
    for a in range(k):
        code = f"SYN{a + 1:03d}"
        base = AGENCY_NAMES[a % len(AGENCY_NAMES)]
        name = base if a < len(AGENCY_NAMES) else f"{base} {a // len(AGENCY_NAMES) + 1}"
        plan.agencies.append((code, name, a == 0))
        n_seksi = max(2, sizes[a] // STAFF_PER_SEKSI)
        n_bidang = max(1, round(math.sqrt(n_seksi)))
        root = f"{code}-U0"
        plan.units.append((root, a, None, name))
        head_job = f"{code}-J0"
        plan.jabatan.append(
            (head_job, a, root, f"Kepala {name}", JabatanKind.JPT, JabatanLevel.JPT_PRATAMA, True)
        )
        head = person(a, root, head_job, top, "head")
        top = head if top is None else top
        seksi_units: list[tuple[str, int, list[str]]] = []
        for b in range(n_bidang):
            bid = f"{code}-U{b + 1}"
            plan.units.append((bid, a, root, f"Bidang {b + 1}"))
            job = f"{code}-J{b + 1}"
            plan.jabatan.append((job, a, bid, f"Kepala Bidang {b + 1}", JabatanKind.JA,
                                 JabatanLevel.ADMINISTRATOR, True))  # fmt: skip
            kabid = person(a, bid, job, head, "kabid")
            for s in range(b, n_seksi, n_bidang):
                sek = f"{code}-U{b + 1}-{s + 1}"
                plan.units.append((sek, a, bid, f"Seksi {b + 1}.{s // n_bidang + 1}"))
                job = f"{sek}-K"
                plan.jabatan.append((job, a, sek, f"Kepala Seksi {b + 1}.{s // n_bidang + 1}",
                                     JabatanKind.JA, JabatanLevel.PENGAWAS, True))  # fmt: skip
                kasi = person(a, sek, job, kabid, "kasi")
                posts = []
                for n, (post, kind, level) in enumerate(STAFF_POSTS):
                    plan.jabatan.append((f"{sek}-S{n}", a, sek, post, kind, level, False))
                    posts.append(f"{sek}-S{n}")
                seksi_units.append((sek, kasi, posts))
        heads = 1 + n_bidang + n_seksi
        for i in range(max(0, sizes[a] - heads)):
            sek, kasi, posts = seksi_units[i % len(seksi_units)]
            person(a, sek, posts[rng.randrange(len(posts))], kasi, "staff")
    return plan


def write_structure(plan: SyntheticPlan) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Agencies, the unit trees (ids chosen here, so each path is known) and the positions.
    Returns unit code → id and position code → (id, agency id)."""
    agencies = Instansi.objects.bulk_create([
        Instansi(code=code, name=name, short_name=name[:60], kind="badan" if bkpsdm else "dinas",
                 is_bkpsdm=bkpsdm)
        for code, name, bkpsdm in plan.agencies
    ])  # fmt: skip
    now = timezone.now()
    unit_ids: dict[str, int] = {}
    paths: dict[str, str] = {}
    rows = []
    first = _next_pk(UnitKerja)
    for n, (code, a, parent, name) in enumerate(plan.units):  # parents come before children
        unit_ids[code] = first + n
        paths[code] = f"{paths[parent] if parent else '/'}{first + n}/"
        rows.append({
            "id": first + n, "instansi_id": agencies[a].pk, "parent_id": unit_ids[parent] if parent else None,
            "code": code, "name": name, "path": paths[code], "depth": paths[code].count("/") - 2,
            "created_at": now, "updated_at": now,
        })  # fmt: skip
    _insert(UnitKerja, rows)
    job_ids: dict[str, tuple[int, int]] = {}
    rows = []
    first = _next_pk(Jabatan)
    for n, (code, a, unit, name, kind, level, is_head) in enumerate(plan.jabatan):
        job_ids[code] = (first + n, agencies[a].pk)
        rows.append({
            "id": first + n, "instansi_id": agencies[a].pk, "unit_id": unit_ids[unit], "code": code,
            "name": name, "kind": kind, "level": level, "is_head": is_head, "created_at": now,
            "updated_at": now,
        })  # fmt: skip
    _insert(Jabatan, rows)
    return unit_ids, job_ids


def _next_pk(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1


def write_people(plan: SyntheticPlan, unit_ids: dict[str, int], job_ids: dict[str, tuple[int, int]],
                 users_for: int = 0) -> int:  # fmt: skip
    """Employees (ids chosen here, so each `chain` is known before anything is written), one open
    assignment each, and logins for every (N // users_for)-th employee. Returns the number of
    logins."""
    user_ids: dict[int, int] = {}
    if users_for:
        user_model = get_user_model()
        step = max(1, len(plan.people) // users_for)
        sample = list(range(0, len(plan.people), step))[:users_for]
        password = make_password(PASSWORD)
        made = user_model.objects.bulk_create(
            [user_model(username=plan.people[i].nip, first_name=plan.people[i].name, password=password)
             for i in sample],
            batch_size=BATCH,
        )  # fmt: skip
        user_ids = {i: u.pk for i, u in zip(sample, made, strict=True)}
    start = datetime.date(2024, 1, 2)
    now = timezone.now()
    first_pk = _next_pk(Pegawai)
    employees, assignments = [], []
    for i, p in enumerate(plan.people):  # superiors come before their staff in the plan
        p.pk = first_pk + i
        sup = plan.people[p.parent] if p.parent is not None else None
        p.chain = f"{sup.chain}{sup.pk}/" if sup is not None else "/"
        (job_id, instansi_id), unit_id = job_ids[p.jabatan], unit_ids[p.unit]
        tmt = datetime.date(int(p.nip[8:12]), int(p.nip[12:14]) if p.kind == "PNS" else 1, 1)
        employees.append({
            "id": p.pk, "nip": p.nip, "name": p.name, "kind": p.kind, "sex": p.sex,
            "birth_date": datetime.date(int(p.nip[:4]), int(p.nip[4:6]), int(p.nip[6:8])),
            "tmt": tmt, "golongan": p.golongan, "instansi_id": instansi_id, "unit_id": unit_id,
            "jabatan_id": job_id, "atasan_id": sup.pk if sup is not None else None, "chain": p.chain,
            "user_id": user_ids.get(i), "is_active": True, "created_at": now, "updated_at": now,
        })  # fmt: skip
        assignments.append({
            "pegawai_id": p.pk, "kind": AssignmentKind.DEFINITIF, "instansi_id": instansi_id,
            "unit_id": unit_id, "jabatan_id": job_id, "atasan_id": sup.pk if sup is not None else None,
            "start_date": max(start, tmt), "created_at": now, "updated_at": now,
        })  # fmt: skip
    _insert(Pegawai, employees)
    _insert(Penugasan, assignments)
    return len(user_ids)


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert plain rows: COPY on PostgreSQL, executemany elsewhere. bulk_create spends most of
    its time on 100,000 rows preparing every field of every object in Python; here each column
    is adapted once by type, and columns missing from a row take the field's default. When the
    rows carry their ids, the table's sequence is moved past them."""
    if not rows:
        return
    ops = connection.ops
    with_pk = model._meta.pk.attname in rows[0]
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    adapt: list[Any] = []
    for f in fields:
        kind = f.get_internal_type()
        adapt.append(ops.adapt_datetimefield_value if kind == "DateTimeField"
                     else ops.adapt_datefield_value if kind == "DateField" else None)  # fmt: skip
    defaults = {f.attname: f.get_default() for f in fields}
    values = [
        tuple(
            fn(row.get(f.attname, defaults[f.attname]))
            if fn
            else row.get(f.attname, defaults[f.attname])
            for f, fn in zip(fields, adapt, strict=True)
        )
        for row in rows
    ]
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            for n in range(0, len(values), 5000):
                cursor.executemany(sql, values[n : n + 5000])
        if with_pk:
            for sql in ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)


class Command(BaseCommand):
    help = "Build a large synthetic organisation for benchmarks (bulk inserts, deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, required=True)
        parser.add_argument("--agencies", type=int, default=None,
                            help="Default: max(5, employees // 5000).")  # fmt: skip
        parser.add_argument("--users-for", type=int, default=0,
                            help="Create logins (password demo12345) for this many employees.")  # fmt: skip
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reset", action="store_true",
                            help="Delete all organisation data, employee logins and the audit trail first.")  # fmt: skip

    def handle(self, *args, employees: int, agencies: int | None, users_for: int, seed: int,
               reset: bool, **options):  # fmt: skip
        if employees < 10:
            raise CommandError("--employees must be at least 10.")
        started = time.monotonic()
        if reset:
            with transaction.atomic():
                wipe_organisation_data()
        elif Instansi.objects.exists():
            raise CommandError(
                "The database already holds organisation data; add --reset to replace it."
            )
        plan = build_plan(employees, agencies, seed)
        planned = time.monotonic()
        with transaction.atomic():
            unit_ids, job_ids = write_structure(plan)
            logins = write_people(plan, unit_ids, job_ids, users_for)
            audit_log(
                actor=None, action="organisation.synthetic_seeded", object_type="organisation",
                note=f"{len(plan.agencies)} instansi, {len(plan.units)} unit, {len(plan.jabatan)} "
                f"jabatan, {len(plan.people)} pegawai (seed {seed})",
            )  # fmt: skip
        self.stdout.write(self.style.SUCCESS(
            f"Synthetic organisation: {len(plan.agencies)} agencies, {len(plan.units)} units, "
            f"{len(plan.jabatan)} positions, {len(plan.people)} employees, {logins} logins "
            f"(plan {planned - started:.1f} s, write {time.monotonic() - planned:.1f} s)."
        ))  # fmt: skip
