"""Organisation benchmarks: the employee import, and the list and tree pages at two sizes.

Stage functions run in a child process with Django set up on a fresh database; Django is
imported inside them so that the parent (bench.run) never loads it."""

from __future__ import annotations

import argparse
import io
import statistics
import time
from typing import Any

from bench.run import Row, Stage, register, row

QUERY_BUDGET = 15  # list pages, whatever the size
IMPORT_SECONDS_PER_50K = 60.0
LIST_GROWTH_LIMIT = 2.0  # employee list at N within 2x its time at 1,000
SMALL = 1_000


# ---------------------------------------------------------------- helpers (child side)


def _admin_bkpsdm():
    """An Admin BKPSDM login: sees and may change every agency."""
    from django.contrib.auth import get_user_model

    from kinerja.organisation.models import Role
    from kinerja.organisation.services import role_grant

    user = get_user_model().objects.create(username="bench.bkpsdm", first_name="Bench")
    role_grant(user=user, role=Role.ADMIN_BKPSDM, instansi=None, actor=None)
    return user


def _analyse() -> None:
    """What the database's own maintenance does shortly after a bulk load: fresh planner
    statistics (autovacuum on PostgreSQL). Without them PostgreSQL plans 100,000 rows as if the
    tables were empty."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _golongan_text(kind: str, ordinal: int) -> str:
    from kinerja.organisation.choices import PNS_GOLONGAN, PPPK_GOLONGAN

    return PPPK_GOLONGAN[ordinal - 1][1] if kind == "PPPK" else PNS_GOLONGAN[ordinal - 1][1]


def _employee_xlsx(plan: Any, columns: list[str]) -> bytes:
    """The plan's employees as the pegawai import file (superiors first), in the column order
    of the importer's template; columns the bench does not know stay empty."""
    from openpyxl import Workbook

    agency_code = {i: code for i, (code, _n, _b) in enumerate(plan.agencies)}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("pegawai")
    ws.append(columns)
    for n, p in enumerate(plan.people):
        atasan = plan.people[p.parent].nip if p.parent is not None else ""
        values = {
            "nip": p.nip, "nama": p.name, "gelar_depan": "", "gelar_belakang": "S.E." if n % 3 == 0 else "",
            "jenis_pegawai": p.kind, "golongan": _golongan_text(p.kind, p.golongan),
            "kode_instansi": agency_code[p.agency], "kode_unit": p.unit, "kode_jabatan": p.jabatan,
            "nip_atasan": atasan, "email": f"pegawai{n}@bench.example", "telepon": f"0812{n:08d}",
            "tmt_jabatan": "2024-01-02", "aktif": "ya",
        }  # fmt: skip
        ws.append([values.get(c, "") for c in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- stage: import


def import_variants(options: argparse.Namespace) -> list[dict[str, Any]]:
    return [{"size": options.import_rows}]


def import_run(params: dict[str, Any]) -> list[Row]:
    from django.db import transaction

    from kinerja.organisation import importers
    from kinerja.organisation.management.commands.seed_synthetic import build_plan, write_structure
    from kinerja.organisation.models import Pegawai

    size = params["size"]
    plan = build_plan(size)
    with transaction.atomic():  # agencies, units and positions exist before the import
        write_structure(plan)
    actor = _admin_bkpsdm()
    columns = [c.name for c in importers.TEMPLATE_COLUMNS["pegawai"]]
    started = time.perf_counter()
    data = _employee_xlsx(plan, columns)
    built = time.perf_counter() - started

    started = time.perf_counter()
    result = importers.import_data(kind="pegawai", filename="pegawai.xlsx", data=data, actor=actor,
                                   instansi_scope=None)  # fmt: skip
    seconds = time.perf_counter() - started
    limit = IMPORT_SECONDS_PER_50K * size / 50_000
    problems = [f"row {e.row} {e.column}: {e.message}" for e in result.errors[:3]]
    if not result.errors and (result.created != size or Pegawai.objects.count() != size):
        problems.append(
            f"created {result.created}, in database {Pegawai.objects.count()}, expected {size}"
        )
    ok = not problems and seconds <= limit
    rows = [row(
        "import pegawai (XLSX)", size=size, time_ms=seconds * 1000, target=f"<= {limit:.0f} s",
        status="PASS" if ok else "FAIL", rows_per_s=round(size / seconds),
        note="; ".join(problems) if problems else
        f"{size / seconds:,.0f} rows/s; {len(data) / 1e6:.1f} MB file built in {built:.1f} s",
    )]  # fmt: skip
    if problems:
        return rows

    started = time.perf_counter()
    again = importers.import_data(kind="pegawai", filename="pegawai.xlsx", data=data, actor=actor,
                                  instansi_scope=None)  # fmt: skip
    seconds = time.perf_counter() - started
    same = not again.errors and again.unchanged == size and not again.created and not again.updated
    rows.append(row(
        "re-import, no changes", size=size, time_ms=seconds * 1000, target="all unchanged",
        status="PASS" if same else "FAIL", rows_per_s=round(size / seconds),
        note=f"{size / seconds:,.0f} rows/s" if same else
        f"created {again.created}, updated {again.updated}, unchanged {again.unchanged}, errors {len(again.errors)}",
    ))  # fmt: skip
    return rows


# ---------------------------------------------------------------- stage: pages


def pages_variants(options: argparse.Namespace) -> list[dict[str, Any]]:
    sizes = sorted({SMALL, options.employees})
    return [{"size": s, "runs": options.runs, "sql": options.after_seed_sql} for s in sizes]


def pages_run(params: dict[str, Any]) -> list[Row]:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from kinerja.organisation.models import Pegawai

    size, runs = params["size"], params["runs"]
    started = time.perf_counter()
    call_command("seed_synthetic", employees=size, stdout=io.StringIO())
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:  # --after-seed-sql: e.g. an index under trial
        for statement in params.get("sql") or ():
            cursor.execute(statement)
    _analyse()
    user = _admin_bkpsdm()
    largest = (
        Pegawai.objects.values("instansi_id")
        .annotate(n=Count("id"))
        .order_by("-n", "instansi_id")
        .first()
    )
    surname = Pegawai.objects.order_by("pk").values_list("name", flat=True)[size // 2].split()[-1]
    pages = (
        ("employee list", "/organisasi/pegawai/"),
        ("employee search", f"/organisasi/pegawai/?q={surname}"),
        ("employee filter", f"/organisasi/pegawai/?instansi={largest['instansi_id']}"),
        (f"org tree ({largest['n']:,} staff)", f"/organisasi/instansi/{largest['instansi_id']}/"),
        ("api /api/v1/pegawai", "/api/v1/pegawai"),
    )
    client = Client()
    client.force_login(user)
    note = "setup, not a target"
    if params.get("sql"):
        note += "; then " + "; ".join(params["sql"])
    rows = [row("seed_synthetic", size=size, time_ms=seeded * 1000, note=note)]
    # Page timings, not static files: the manifest storage would need collectstatic first.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                                     "staticfiles": static}):  # fmt: skip
        for measure, url in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)  # warm-up, and the query count
            # Read them now: the next request empties the connection's query log.
            sql = [q["sql"] for q in queries.captured_queries]
            if response.status_code != 200:
                rows.append(row(measure, size=size, status="FAIL", url=url,
                                note=f"GET {url} answered {response.status_code}"))  # fmt: skip
                continue
            times = []
            for _n in range(runs):
                t = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t) * 1000)
            n = len(sql)
            rows.append(row(
                measure, size=size, time_ms=statistics.median(times), queries=n,
                target=f"<= {QUERY_BUDGET} queries", status="PASS" if n <= QUERY_BUDGET else "FAIL",
                url=url, times_ms=[round(x, 1) for x in times],
                sql=[q[:500] for q in sql],
            ))  # fmt: skip
    return rows


def pages_summarise(rows: list[Row], options: argparse.Namespace) -> list[Row]:
    """Growth from 1,000 employees to N for each page; the employee list has a target."""
    out: list[Row] = []
    sizes = sorted({r["size"] for r in rows if r.get("queries") is not None})
    if len(sizes) < 2:
        return out
    small, large = sizes[0], sizes[-1]

    def timing(measure: str, size: int) -> float | None:
        base = measure.split(" (")[0]
        return next((r["time_ms"] for r in rows if r["size"] == size and r.get("queries") is not None
                     and r["measure"].split(" (")[0] == base), None)  # fmt: skip

    for measure in dict.fromkeys(
        r["measure"].split(" (")[0] for r in rows if r.get("queries") is not None
    ):
        a, b = timing(measure, small), timing(measure, large)
        if not a or b is None:
            continue
        ratio = b / a
        targeted = measure == "employee list"
        out.append(row(
            f"{measure}: {large:,} vs {small:,} = {ratio:.2f}x", size=large,
            target=f"<= {LIST_GROWTH_LIMIT:.0f}x" if targeted else "",
            status=("PASS" if ratio <= LIST_GROWTH_LIMIT else "FAIL") if targeted else "INFO",
            ratio=round(ratio, 2),
        ))  # fmt: skip
    return out


register(Stage(
    name="import", group="organisation",
    description="import N employees from XLSX (units and positions pre-created); target <= 60 s per 50,000",
    variants=import_variants, run=import_run,
))  # fmt: skip
register(Stage(
    name="pages", group="organisation",
    description="employee list/search/filter, org tree and API at 1,000 and N employees; <= 15 queries, list within 2x",
    variants=pages_variants, run=pages_run, summarise=pages_summarise,
))  # fmt: skip
