"""The set-based evaluation recompute (issue "Evaluation" item 12): `recompute()` over 100,000
employees × 12 monthly periods = 1,200,000 open evaluations, against the naive per-object path.

Data (`python -m bench.evaluation seed --employees N`, with DATABASE_URL set): the organisation
from `seed_synthetic`'s plan and writers (about 20 agencies at 100,000; every fourth scores under
PP 30/2019, the others under PermenPANRB 6/2022), a performance year with 12 monthly periods per
agency, and everything else written by INSERT … SELECT over a small numbers table (portable SQL,
so SQLite runs it too): one approved SKP per employee, three RHK (two Utama, one Tambahan) and
3–5 indicators per SKP (a countable number, a countable range, a countable lower-is-better count,
a manual time indicator, a manual quality indicator), one verified entry per countable indicator
for about 90% of the months (5% still waiting for verification), a manual realisation for about
70% of the months of each manual indicator, and 12 open periodic evaluations per SKP, 30% of
them with both ratings and no predikat yet. No BehaviourFeedback or transition rows: recompute
reads neither. On PostgreSQL the data lives in its own database, kinerja_bench_evaluation, kept
between runs (reseeded when missing, of another size, or with `--reseed`).

Measures (`python -m bench.evaluation measure`), after blanking every suggestion (untimed):
1. `recompute()` over all open evaluations, every row changing: target ≤ 60 s at 1,200,000;
2. the same again: nothing changes (0 rows written), the cost of checking;
3. the queries: total, per chunk, and a one-agency run beside the full run;
4. the naive path: `services.suggestion_refresh` per evaluation on a sample (500, spread over
   the whole set), extrapolated to all open evaluations; the ratio naive ÷ set-based; and whether
   both left identical values on the sample (target: 0 differences).

SQLite runs a small size only (2,000 employees × 12), for the same figures at a glance."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run import PYTHON, ROOT, Row, Stage, register, row

EVAL_DB = "kinerja_bench_evaluation"
SEED_TIMEOUT = 3000
SQLITE_SIZE = 2_000
TARGET_S = 60.0
YEAR = 2026
SEED_ACTION = "evaluation.synthetic_seeded"


# ---------------------------------------------------------------- variants (parent side)


def variants(options: argparse.Namespace) -> list[dict[str, Any]]:
    return [{"size": options.employees, "reseed": bool(getattr(options, "reseed", False)),
             "sample": 200 if options.quick else 500}]  # fmt: skip


# ---------------------------------------------------------------- seeding (Django side)


def _literal(value: Any) -> str:
    """A field default as an SQL literal (the INSERT … SELECT statements take no parameters, so
    their `%` stay plain modulo)."""
    from django.db import connection

    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | dict):
        text = "'" + json.dumps(value).replace("'", "''") + "'"
        return f"CAST({text} AS jsonb)" if connection.vendor == "postgresql" else text
    return "'" + str(value).replace("'", "''") + "'"


def _insert_select(model: Any, given: dict[str, str], tail: str) -> int:
    """INSERT … SELECT into `model`: the given column expressions, every other concrete column
    (but the id) at its field default."""
    from django.db import connection

    columns, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        default = f.get_default()
        exprs.append(given.pop(f.column) if f.column in given
                     else "NULL" if default is None else _literal(default))  # fmt: skip
    if given:
        raise ValueError(f"unknown columns for {model.__name__}: {sorted(given)}")
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
           f"SELECT {', '.join(exprs)} {tail}")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def seed(employees: int) -> dict[str, int]:
    """The whole data set (see the module docstring). Deterministic."""
    import datetime

    from django.db import connection, transaction
    from django.utils import timezone

    from kinerja.activity.models import DailyEntry, ManualRealisation
    from kinerja.core.audit import audit_log
    from kinerja.evaluation.models import Evaluation
    from kinerja.organisation.management.commands.seed_synthetic import (
        _insert,
        build_plan,
        write_people,
        write_structure,
    )
    from kinerja.organisation.models import Instansi
    from kinerja.planning.models import Indicator, PerformanceYear, Period, Rhk, Skp
    from kinerja.scoring.policies import POLICIES

    pg = connection.vendor == "postgresql"
    timings: dict[str, float] = {}
    t = time.monotonic()

    def lap(name: str) -> None:
        nonlocal t
        timings[name] = round(time.monotonic() - t, 1)
        print(f"  seeded {name} in {timings[name]} s", file=sys.stderr, flush=True)
        t = time.monotonic()

    with transaction.atomic():
        plan = build_plan(employees)
        unit_ids, job_ids = write_structure(plan)
        write_people(plan, unit_ids, job_ids)
    lap("organisation")
    now = timezone.now()
    agencies = list(Instansi.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        _insert(PerformanceYear, [
            {"instansi_id": a, "year": YEAR, "frequency": "monthly", "planning_start": datetime.date(YEAR, 1, 1),
             "planning_end": datetime.date(YEAR, 1, 31), "closing_date": datetime.date(YEAR + 1, 1, 31),
             "scoring_policy": "pp-30-2019" if n % 4 == 3 else "permenpanrb-6-2022", "is_closed": False,
             "created_at": now, "updated_at": now}
            for n, a in enumerate(agencies)
        ])  # fmt: skip
        periods = []
        for year_id in PerformanceYear.objects.values_list("pk", flat=True):
            for m in range(1, 13):
                first = datetime.date(YEAR, m, 1)
                last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(1)
                periods.append({"year_id": year_id, "number": m, "name": f"Bulan {m}",
                                "start_date": first, "end_date": last, "is_closed": False})  # fmt: skip
        _insert(Period, periods)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_numbers")
        cursor.execute("CREATE TABLE bench_numbers (n integer PRIMARY KEY)")
        cursor.executemany(
            "INSERT INTO bench_numbers (n) VALUES (%s)", [(n,) for n in range(1, 13)]
        )
    stamp = now.isoformat(" ") if pg else connection.ops.adapt_datetimefield_value(now)
    ts = f"CAST('{stamp}' AS timestamptz)" if pg else f"'{stamp}'"
    jan1, dec31 = (
        (f"DATE '{YEAR}-01-01'", f"DATE '{YEAR}-12-31'")
        if pg
        else (f"'{YEAR}-01-01'", f"'{YEAR}-12-31'")
    )

    with transaction.atomic():
        if pg:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET LOCAL session_replication_role = replica"
                )  # rows consistent by construction
        _insert_select(Skp, {
            "created_at": ts, "updated_at": ts, "pegawai_id": "p.id", "year_id": "y.id", "rater_id": "p.atasan_id",
            "jabatan_id": "p.jabatan_id", "unit_id": "p.unit_id", "start_date": jan1, "end_date": dec31,
            "status": "'approved'", "submitted_at": ts, "approved_at": ts,
        }, "FROM organisation_pegawai p JOIN planning_performanceyear y ON y.instansi_id = p.instansi_id "
           "WHERE p.is_active ORDER BY p.id")  # fmt: skip
        lap("SKP")
        _insert_select(Rhk, {
            "created_at": ts, "updated_at": ts, "skp_id": "s.id",
            "kind": "CASE WHEN r.n = 3 THEN 'tambahan' ELSE 'utama' END",
            "text": "CASE r.n WHEN 1 THEN 'Terselenggaranya layanan administrasi kepegawaian yang tertib dan tepat waktu' "
                    "WHEN 2 THEN 'Tersusunnya data dan laporan kinerja unit yang akurat dan dapat dipertanggungjawabkan' "
                    "ELSE 'Terlaksananya tugas tambahan dari pimpinan' END",
            "order": "r.n - 1",
        }, "FROM planning_skp s JOIN bench_numbers r ON r.n <= 3 ORDER BY s.id, r.n")  # fmt: skip
        lap("RHK")
        # Per RHK order (0, 1: Utama; 2: Tambahan) and indicator number i, by the SKP id:
        #   0/1 countable number, higher (120–240 dokumen)   0/2 manual time, lower (3 hari)
        #   1/1 countable range 80–100 berkas               1/2 manual quality (100 %), 2 SKPs in 3
        #   2/1 countable count, lower (12 keluhan), 1 SKP in 3
        kind = '(h."order" * 10 + i.n)'
        _insert_select(Indicator, {
            "created_at": ts, "updated_at": ts, "rhk_id": "h.id",
            "aspek": f"CASE {kind} WHEN 2 THEN 'waktu' WHEN 12 THEN 'kualitas' ELSE 'kuantitas' END",
            "text": f"CASE {kind} WHEN 1 THEN 'Jumlah dokumen kepegawaian yang diselesaikan' "
                    "WHEN 2 THEN 'Rata-rata waktu penyelesaian layanan' WHEN 11 THEN 'Jumlah berkas usulan yang diverifikasi' "
                    "WHEN 12 THEN 'Persentase laporan yang diterima tanpa revisi' ELSE 'Jumlah keluhan layanan' END",
            "target_kind": f"CASE {kind} WHEN 11 THEN 'range' ELSE 'number' END",
            "target_value": f"CASE {kind} WHEN 1 THEN 120 + (s.id % 5) * 30 WHEN 2 THEN 3 WHEN 12 THEN 100 "
                            "WHEN 21 THEN 12 ELSE NULL END",
            "target_low": f"CASE {kind} WHEN 11 THEN 80 ELSE NULL END",
            "target_high": f"CASE {kind} WHEN 11 THEN 100 ELSE NULL END",
            "target_unit": f"CASE {kind} WHEN 1 THEN 'dokumen' WHEN 2 THEN 'hari' WHEN 11 THEN 'berkas' "
                           "WHEN 12 THEN 'persen' ELSE 'keluhan' END",
            "direction": f"CASE {kind} WHEN 2 THEN 'lower' WHEN 21 THEN 'lower' ELSE 'higher' END",
            "order": "i.n - 1",
        }, "FROM planning_rhk h JOIN planning_skp s ON s.id = h.skp_id JOIN bench_numbers i ON i.n <= 2 "
           f"WHERE {kind} IN (1, 2, 11) OR ({kind} = 12 AND s.id % 3 >= 1) OR ({kind} = 21 AND s.id % 3 = 2) "
           "ORDER BY h.id, i.n")  # fmt: skip
        lap("indicators")
        per_month = "COALESCE(ind.target_value, ind.target_high) / 12.0"
        factor = "(0.6 + ((ind.id * 31 + p.number * 17) % 70) / 100.0)"
        n = _insert_select(DailyEntry, {
            "created_at": ts, "updated_at": ts, "pegawai_id": "s.pegawai_id", "skp_id": "s.id", "rhk_id": "h.id",
            "indicator_id": "ind.id", "period_id": "p.id", "date": "p.start_date", "start_time": "'08:00:00'",
            "end_time": "'11:00:00'", "activity": "'Menyelesaikan ' || ind.target_unit",
            "quantity": f"ROUND({per_month} * {factor}, 2)", "unit": "ind.target_unit",
            "status": "CASE WHEN (ind.id + p.number) % 20 = 0 THEN 'submitted' ELSE 'verified' END",
            "rater_id": "s.rater_id", "submitted_at": ts,
            "verified_at": f"CASE WHEN (ind.id + p.number) % 20 = 0 THEN NULL ELSE {ts} END",
        }, "FROM planning_indicator ind JOIN planning_rhk h ON h.id = ind.rhk_id JOIN planning_skp s ON s.id = h.skp_id "
           "JOIN planning_period p ON p.year_id = s.year_id "
           "WHERE ind.aspek = 'kuantitas' AND (ind.id * 7 + p.number * 13) % 10 <> 0 ORDER BY ind.id, p.number")  # fmt: skip
        lap(f"{n:,} daily entries")
        m = _insert_select(ManualRealisation, {
            "created_at": ts, "updated_at": ts, "indicator_id": "ind.id", "period_id": "p.id",
            "value": "CASE ind.aspek WHEN 'waktu' THEN 2 + ((ind.id + p.number * 3) % 30) / 10.0 "
                     "ELSE 80 + (ind.id * 3 + p.number) % 35 END",
            "note": "'Rekap bulanan'",
        }, "FROM planning_indicator ind JOIN planning_rhk h ON h.id = ind.rhk_id JOIN planning_skp s ON s.id = h.skp_id "
           "JOIN planning_period p ON p.year_id = s.year_id "
           "WHERE ind.aspek <> 'kuantitas' AND (ind.id * 11 + p.number * 7) % 10 < 7 ORDER BY ind.id, p.number")  # fmt: skip
        lap(f"{m:,} manual realisations")
        frozen = {
            key: _literal(dict(POLICIES.build(key).params()))
            for key in ("permenpanrb-6-2022", "pp-30-2019")
        }
        rated = "(s.id + p.number) % 10 < 3"  # 30% carry both ratings, the predikat left to derive
        e = _insert_select(Evaluation, {
            "created_at": ts, "updated_at": ts, "skp_id": "s.id", "period_id": "p.id", "kind": "'periodic'",
            "status": "'open'", "pegawai_id": "s.pegawai_id", "rater_id": "s.rater_id", "rater_superior_id": "r.atasan_id",
            "instansi_id": "y.instansi_id", "unit_id": "s.unit_id", "jabatan_id": "s.jabatan_id",
            "policy_key": "y.scoring_policy",
            "policy_params": f"CASE y.scoring_policy WHEN 'pp-30-2019' THEN {frozen['pp-30-2019']} "
                             f"ELSE {frozen['permenpanrb-6-2022']} END",
            "rating_hasil_kerja": f"CASE WHEN {rated} THEN CASE (s.id * 7 + p.number) % 3 WHEN 0 THEN 'di_atas' "
                                  "WHEN 1 THEN 'sesuai' ELSE 'di_bawah' END ELSE '' END",
            "rating_perilaku": f"CASE WHEN {rated} THEN CASE (s.id + p.number * 5) % 3 WHEN 0 THEN 'di_atas' "
                               "WHEN 1 THEN 'sesuai' ELSE 'di_bawah' END ELSE '' END",
        }, "FROM planning_skp s JOIN planning_performanceyear y ON y.id = s.year_id "
           "JOIN planning_period p ON p.year_id = s.year_id LEFT JOIN organisation_pegawai r ON r.id = s.rater_id "
           "ORDER BY s.id, p.number")  # fmt: skip
        lap(f"{e:,} evaluations")
        audit_log(actor=None, action=SEED_ACTION, object_type="evaluation",
                  note=f"employees={employees} evaluations={e} entries={n} manual={m} year={YEAR}")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_numbers")
        cursor.execute("VACUUM ANALYZE" if pg else "ANALYZE")
    lap("analyze")
    return {"evaluations": e, "entries": n, "manual": m}


# ---------------------------------------------------------------- measuring (Django side)


def measure(sample: int) -> list[Row]:
    import statistics

    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from kinerja.evaluation import recompute as rc
    from kinerja.evaluation import services
    from kinerja.evaluation.choices import Status
    from kinerja.evaluation.models import Evaluation

    rows: list[Row] = []
    pg = connection.vendor == "postgresql"
    t = time.monotonic()
    blanked = Evaluation.objects.exclude(indicator_snapshot=[]).update(
        suggested_rating="", suggestion_reasons=[], indicator_snapshot=[], predikat=""
    )
    if pg and blanked:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE evaluation_evaluation")
    n_open = Evaluation.objects.filter(status=Status.OPEN).count()
    rows.append(row("setup: blank every suggestion", size=n_open, time_ms=(time.monotonic() - t) * 1000,
                    note=f"{blanked:,} rows blanked (untimed for the targets)"))  # fmt: skip

    def timed(label: str, **kwargs: Any) -> tuple[Any, float, int, list[str]]:
        print(f"  {label} ...", file=sys.stderr, flush=True)
        with CaptureQueriesContext(connection) as ctx:
            started = time.monotonic()
            result = rc.recompute(**kwargs)
            seconds = time.monotonic() - started
        sql = [q["sql"][:160] for q in ctx.captured_queries]
        reset_queries()
        print(f"  {label}: {seconds:.1f} s, {result.as_dict()}", file=sys.stderr, flush=True)
        return result, seconds, len(sql), sql

    workers = rc._worker_count(None, 2)  # what recompute() uses by default (os.cpu_count())
    full, full_s, full_q, full_sql = timed("full recompute")
    rows.append(row("recompute: all open, every row changes", size=n_open, time_ms=full_s * 1000,
                    queries=full_q, target=f"<= {TARGET_S:.0f} s at 1,200,000",
                    status=("PASS" if full_s <= TARGET_S else "FAIL") if n_open >= 1_000_000 else "INFO",
                    note=f"{full.suggestions_changed:,} suggestions and {full.predikat_changed:,} predikat written "
                    f"in {full.chunks} chunks of ~{rc.CHUNK:,} by {workers} worker process(es); "
                    f"{n_open / full_s:,.0f} evaluations/s, {full_s / n_open * 1e6:.1f} µs per evaluation "
                    "(queries: the parent's only when workers > 1)",
                    sql=full_sql[:40], result=full.as_dict()))  # fmt: skip
    again, again_s, again_q, _sql = timed("second recompute")
    rows.append(row("recompute again: nothing changes", size=n_open, time_ms=again_s * 1000, queries=again_q,
                    target="0 rows written", status="PASS" if again.suggestions_changed == again.predikat_changed == 0
                    else "FAIL", note=f"{again.suggestions_changed:,} suggestions, {again.predikat_changed:,} predikat "
                    f"written; {n_open / again_s:,.0f} evaluations/s, {again_s / n_open * 1e6:.1f} µs per evaluation",
                    result=again.as_dict()))  # fmt: skip
    # Queries: fixed + per chunk, counted in one process (workers=1): the smallest agency with
    # evaluations in one chunk and in chunks of a tenth of its size.
    smallest = (
        Evaluation.objects.values_list("instansi_id").annotate(n=Count("id")).order_by("n").first()
    )  # fmt: skip
    if smallest:
        one, one_s, one_q, _sql = timed("one agency", instansi_ids=[smallest[0]], workers=1)
        chunk_size = rc.CHUNK
        rc.CHUNK = max(1, one.evaluations // 10)
        try:
            many, _many_s, many_q, _sql = timed(
                "one agency, small chunks", instansi_ids=[smallest[0]], workers=1
            )
        finally:
            rc.CHUNK = chunk_size
        per_chunk = (
            (many_q - one_q) / (many.chunks - one.chunks) if many.chunks != one.chunks else None
        )
        rows.append(row("queries: one agency (no changes, one process)", size=one.evaluations, time_ms=one_s * 1000,
                        queries=one_q, note=f"{one_q} queries for {one.evaluations:,} evaluations ({one.chunks} chunk(s)), "
                        f"{many_q} in {many.chunks} chunks; {one.evaluations / one_s:,.0f} evaluations/s in one process"
                        + (f": {per_chunk:.1f} per chunk" if per_chunk is not None else "")))  # fmt: skip

    # The naive path on a sample spread over all open evaluations.
    user_model = get_user_model()
    admin, _c = user_model.objects.get_or_create(
        username="bench-recompute", defaults={"is_superuser": True}
    )
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save()
    ids = list(
        Evaluation.objects.filter(status=Status.OPEN).order_by("pk").values_list("pk", flat=True)
    )
    step = max(1, len(ids) // sample)
    pick = ids[::step][:sample]
    before = {pk: (r, rs, s) for pk, r, rs, s in Evaluation.objects.filter(pk__in=pick).values_list(
        "pk", "suggested_rating", "suggestion_reasons", "indicator_snapshot")}  # fmt: skip
    times = []
    with CaptureQueriesContext(connection) as ctx:
        started = time.monotonic()
        for pk in pick:
            t0 = time.monotonic()
            ev = Evaluation.objects.select_related("skp__year", "period").get(pk=pk)
            services.suggestion_refresh(evaluation=ev, actor=admin)
            times.append(time.monotonic() - t0)
        naive_s = time.monotonic() - started
    naive_q = len(ctx.captured_queries)
    after = {pk: (r, rs, s) for pk, r, rs, s in Evaluation.objects.filter(pk__in=pick).values_list(
        "pk", "suggested_rating", "suggestion_reasons", "indicator_snapshot")}  # fmt: skip
    differ = [pk for pk in pick if before[pk] != after[pk]]
    per_ev = naive_s / len(pick)
    extrapolated = per_ev * n_open
    ratio = extrapolated / full_s if full_s else 0.0
    rows.append(row("naive: suggestion_refresh per evaluation (sample)", size=len(pick), time_ms=naive_s * 1000,
                    queries=naive_q, note=f"{per_ev * 1000:.1f} ms and {naive_q / len(pick):.1f} queries per evaluation "
                    f"(median {statistics.median(times) * 1000:.1f} ms); extrapolated to {n_open:,}: "
                    f"{extrapolated:,.0f} s = {extrapolated / 3600:.1f} h"))  # fmt: skip
    rows.append(row("set-based vs naive (extrapolated)", size=n_open, time_ms=full_s * 1000,
                    note=f"naive {extrapolated:,.0f} s ÷ set-based {full_s:,.1f} s = {ratio:,.0f}× faster",
                    ratio=round(ratio, 1)))  # fmt: skip
    rows.append(row("identical results on the sample", size=len(pick), target="0 differences",
                    status="PASS" if not differ else "FAIL",
                    note=f"{len(differ)} of {len(pick)} differ" + (f": {differ[:10]}" if differ else "")))  # fmt: skip
    return rows


# ---------------------------------------------------------------- the persistent database


def _ensure_pg(params: dict[str, Any]) -> tuple[str, Row]:
    from bench.month_end import _admin, _manage, _server_url

    base = _server_url()
    url = base + EVAL_DB
    exists = _admin(base, f"SELECT 1 FROM pg_database WHERE datname = '{EVAL_DB}'")[0]
    have = _seeded(url) if exists and not params["reseed"] else None
    if have and have.get("employees") == params["size"]:
        _manage(url, "migrate", "--noinput", "-v", "0")
        return url, row("data (reused)", size=have.get("evaluations"), note=f"{have.get('evaluations', 0):,} "
                        f"evaluations, {have.get('entries', 0):,} entries in {EVAL_DB}; --reseed to rebuild")  # fmt: skip
    started = time.monotonic()
    _admin(base, f"DROP DATABASE IF EXISTS {EVAL_DB} WITH (FORCE)", f"CREATE DATABASE {EVAL_DB}")
    _manage(url, "migrate", "--noinput", "-v", "0")
    out = _sub(url, "seed", "--employees", str(params["size"]))
    return url, row("data (seeded)", size=params["size"], time_ms=(time.monotonic() - started) * 1000,
                    note=out.strip().splitlines()[-1][:300] if out.strip() else "")  # fmt: skip


def _seeded(url: str) -> dict[str, int] | None:
    import re

    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        try:
            found = conn.execute("SELECT note FROM core_auditlog WHERE action = %s ORDER BY id DESC LIMIT 1",
                                 [SEED_ACTION]).fetchone()  # fmt: skip
        except psycopg.Error:
            return None
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", found[0])} if found else None


def _sub(url: str, *args: str) -> str:
    from bench.month_end import _server_env

    done = subprocess.run([PYTHON, "-m", "bench.evaluation", *args], cwd=ROOT, env=_server_env(url),
                          capture_output=True, text=True, timeout=SEED_TIMEOUT)  # fmt: skip
    sys.stderr.write(done.stderr[-4000:])
    if done.returncode != 0:
        raise RuntimeError(f"bench.evaluation {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def run(params: dict[str, Any]) -> list[Row]:
    from django.db import connection

    if connection.vendor != "postgresql":
        size = min(params["size"], SQLITE_SIZE)
        t = time.monotonic()
        counts = seed(size)
        rows = [row("data (seeded)", size=size, time_ms=(time.monotonic() - t) * 1000,
                    note=f"SQLite: a small size only ({counts['evaluations']:,} evaluations); the 1.2M run is PostgreSQL")]  # fmt: skip
        return rows + measure(min(params["sample"], 200))
    url, data = _ensure_pg(params)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    try:
        _sub(url, "measure", "--sample", str(params["sample"]), "--out", str(out))
        return [data, *json.loads(out.read_text())]
    finally:
        out.unlink(missing_ok=True)


register(Stage(
    name="evaluation", group="evaluation",
    description="set-based recompute of 1.2M open evaluations (PostgreSQL) vs the naive per-object path; <= 60 s",
    variants=variants, run=run,
))  # fmt: skip


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluation")
    parser.add_argument("command", choices=("seed", "measure"))
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--out")
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    if options.command == "seed":
        counts = seed(options.employees)
        print(f"{counts['evaluations']:,} evaluations, {counts['entries']:,} entries, "
              f"{counts['manual']:,} manual realisations")  # fmt: skip
        return 0
    rows = measure(options.sample)
    Path(options.out).write_text(json.dumps(rows, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
