"""The month-end rush (issue 4 item 10; DOMAIN.md §6 item 1): employees submitting daily entries
while superiors verify in bulk, through the real stack, on PostgreSQL only.

gunicorn serves config.wsgi (settings dev, DEBUG=false, ALLOWED_HOSTS=127.0.0.1, 2 × cores + 1
workers with 2 threads each) on loopback; locust drives it headless with no think time (by
default 50 users, 10 spawned per second, 60 s, statistics reset once all users run):

1. the ceiling: the same gunicorn and locust settings against /healthz (one SELECT 1);
2. the rush, saturating: employees (9 in 10 users) POST /api/v1/entries with submit=true (12
   of 13 tasks) and now and then read their month (GET /api/v1/entries?date_from=…);
   superiors (1 in 10) read their verification queue and POST /api/v1/entries/review with up
   to 20 ids. Everyone logs in with a personal API token made up front. No think time: this
   measures how many submissions per second the server sustains;
3. the same users paced at 75% of the request rate the rush sustained: the latency people
   see on a busy server that is not yet overrun. (At saturation with no think time, latency is
   queueing by Little's law — 50 users ÷ requests per second — whatever the server does; the
   rush's percentiles are reported for information.)

Targets: no errors in either run; submissions per second in the rush ≥ 25% of the ceiling's
requests per second; p95 < 200 ms for every request type in the paced run. Beside it, the
query count and in-process time of each request type (my month, the queue, the realisation, a
submission, a review of 20) at two data sizes (a small organisation on the harness's fresh
database and the large one): the counts must be equal.

The large data (`seed_activity`: by default 10,000 employees × 250 working days ≈ 2.5 million
entries) lives in its own database, kinerja_bench_activity, kept between runs: it is reseeded
only when missing, of another size or year, or with `--reseed`.

`python -m bench.month_end prepare --out FILE [--sample 500]` (with DATABASE_URL set) is the
helper the stage runs against that database: it gives a sample of employees and their superiors
logins and tokens, writes them to FILE for the locustfile, and counts queries."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.run import PYTHON, ROOT, Row, Stage, register, row

ACTIVITY_DB = "kinerja_bench_activity"
TOKEN_NAME = "bench-month-end"
LOCUSTFILE = ROOT / "bench" / "locustfile_month_end.py"
P95_LIMIT_MS = 200.0
RATIO_TARGET = 0.25
PACED_SHARE = 0.75
SMALL = {"employees": 300, "days": 20}
SEED_TIMEOUT = 900
MIN_STAFF = 5  # superiors in the sample lead at least this many staff
STAFF_EACH = 10  # and bring at most this many of them


# ---------------------------------------------------------------- variants (parent side)


def variants(options: argparse.Namespace) -> list[dict[str, Any]]:
    quick = options.quick
    employees = getattr(options, "activity_employees", None) or (2_000 if quick else 10_000)
    days = getattr(options, "activity_days", None) or (60 if quick else 250)
    return [{"size": employees, "days": days, "reseed": bool(getattr(options, "reseed", False)),
             "users": 50, "spawn_rate": 10, "duration": 20 if quick else 60, "sample": 500}]  # fmt: skip


# ---------------------------------------------------------------- helpers (Django side)


def prepare_sample(size: int, seed: int = 7) -> dict[str, Any]:
    """Pick superiors who lead at least MIN_STAFF staff and up to STAFF_EACH of their staff (about
    `size` employees), give each a login and a fresh API token; employees are grouped by
    superior, so the first employees fill the first superiors' queues."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from kinerja.accounts.models import ApiToken
    from kinerja.accounts.services import api_token_create
    from kinerja.organisation.models import Pegawai
    from kinerja.planning.choices import Aspek, SkpStatus
    from kinerja.planning.models import Indicator

    today = timezone.localdate()
    people = list(
        Pegawai.objects.filter(is_active=True).values_list(
            "pk", "atasan_id", "user_id", "nip", "name"
        )
    )
    leads = {p[1] for p in people if p[1]}
    indicators: dict[int, tuple[int, list[int]]] = {}
    for pegawai_id, skp_id, ind in (
        Indicator.objects.filter(rhk__skp__status=SkpStatus.APPROVED, rhk__skp__start_date__lte=today,
                                 rhk__skp__end_date__gte=today, aspek=Aspek.KUANTITAS)
        .order_by("rhk__skp__pegawai_id", "pk").values_list("rhk__skp__pegawai_id", "rhk__skp_id", "pk")
    ):  # fmt: skip
        indicators.setdefault(pegawai_id, (skp_id, []))[1].append(ind)
    teams: dict[int, list[tuple[Any, ...]]] = {}
    for p in people:
        if p[0] not in leads and p[1] and p[0] in indicators:
            teams.setdefault(p[1], []).append(p)
    rng = random.Random(seed)
    superiors = sorted(s for s, staff in teams.items() if len(staff) >= MIN_STAFF)
    rng.shuffle(superiors)
    chosen, staff = [], []
    for s in superiors:
        if len(staff) >= size:
            break
        chosen.append(s)
        staff += rng.sample(teams[s], min(STAFF_EACH, len(teams[s])))
    by_pk = {p[0]: p for p in people}
    # Logins for whoever has none; then one fresh token each (old bench tokens are revoked).
    user_model = get_user_model()
    who = [by_pk[s] for s in chosen] + staff
    missing = [p for p in who if not p[2]]
    made = user_model.objects.bulk_create(
        [user_model(username=p[3], first_name=p[4][:150]) for p in missing], batch_size=1000
    )
    for p, u in zip(missing, made, strict=True):
        Pegawai.objects.filter(pk=p[0]).update(user_id=u.pk)
    users = dict(Pegawai.objects.filter(pk__in=[p[0] for p in who]).values_list("pk", "user_id"))
    ApiToken.objects.filter(name=TOKEN_NAME, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    keys = {}
    for u in user_model.objects.filter(pk__in=users.values()):
        keys[u.pk] = api_token_create(user=u, name=TOKEN_NAME)[1]
    return {
        "today": today.isoformat(),
        "month_from": today.replace(day=1).isoformat(),
        "superiors": [{"pegawai_id": s, "token": keys[users[s]]} for s in chosen],
        "employees": [
            {
                "pegawai_id": p[0],
                "superior_id": p[1],
                "token": keys[users[p[0]]],
                "skp_id": indicators[p[0]][0],
                "indicators": indicators[p[0]][1],
            }
            for p in staff
        ],  # fmt: skip
    }


def measure_queries(sample: dict[str, Any], runs: int = 5) -> dict[str, Any]:
    """Queries and in-process server time (median of `runs`, one request at a time) of each
    request type of the rush, for the first employee and superior of the sample, through the
    API with their tokens. Submissions and reviews write (it is benchmark data)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    employee, superior = sample["employees"][0], sample["superiors"][0]
    entry = {"indicator_id": employee["indicators"][0], "date": sample["today"], "start_time": "07:00",
             "end_time": "07:30", "activity": "Pengukuran bench", "quantity": "1", "submit": True}  # fmt: skip
    month = (
        f"/api/v1/entries?date_from={sample['month_from']}&date_to={sample['today']}&page_size=50"
    )
    requests = {
        "my month": (employee, "get", month),
        "verification queue": (superior, "get", "/api/v1/verification-queue?page_size=20"),
        "realisation": (employee, "get", f"/api/v1/skp/{employee['skp_id']}/realisation"),
        "submission": (employee, "post", "/api/v1/entries"),
        "review (20)": (superior, "post", "/api/v1/entries/review"),
    }
    # Review fodder comes from the last of the superior's staff in the sample, so that the first
    # one's month (measured above) does not grow by a hundred entries a run.
    fodder = [e for e in sample["employees"] if e["superior_id"] == superior["pegawai_id"]][-1]
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {fodder['token']}", HTTP_HOST="127.0.0.1")

    def body_for(url: str) -> dict[str, Any]:
        if not url.endswith("/review"):
            return entry
        # twenty fresh submissions by the superior's staff member, made beforehand
        row_ = {
            **{k: v for k, v in entry.items() if k != "submit"},
            "indicator_id": fodder["indicators"][0],
        }
        bulk = {"entries": [row_] * 20, "submit": True}
        made = staff.post("/api/v1/entries/bulk", json.dumps(bulk), content_type="application/json")
        return {"ids": [r["id"] for r in made.json()["results"]], "accept": True}

    out = {}
    for name, (person, method, url) in requests.items():
        client = Client(HTTP_AUTHORIZATION=f"Bearer {person['token']}", HTTP_HOST="127.0.0.1")

        def send(
            body: dict[str, Any], client: Any = client, method: str = method, url: str = url
        ) -> Any:
            if method == "get":
                return client.get(url)
            return client.post(url, json.dumps(body), content_type="application/json")

        response = send(body_for(url))  # warm-up (and the token's "last used" stamp)
        if response.status_code not in (200, 201):
            raise RuntimeError(
                f"{name} answered {response.status_code}: {response.content[:300]!r}"
            )
        data = body_for(url)
        with CaptureQueriesContext(connection) as queries:
            response = send(data)
        # read now: the next request's request_started signal empties the query log
        sql = [q["sql"][:300] for q in queries.captured_queries]
        body = response.json()
        times = []
        for _n in range(runs):
            data = body_for(url)
            t = time.perf_counter()
            send(data)
            times.append((time.perf_counter() - t) * 1000)
        rows = body.get("count", len(body.get("indicators", [])) or 1)
        out[name] = {"queries": len(sql), "ms": statistics.median(times), "url": url, "sql": sql,
                     "rows": rows}  # fmt: skip
    return out


# ---------------------------------------------------------------- the persistent database


def _server_url() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"


def _admin(base: str, *statements: str) -> list[Any]:
    import psycopg

    with psycopg.connect(base + "postgres", autocommit=True, connect_timeout=5) as conn:
        return [conn.execute(sql).fetchall() if sql.lstrip().upper().startswith("SELECT") else conn.execute(sql)
                for sql in statements]  # fmt: skip


def _seeded(url: str) -> dict[str, int] | None:
    """What seed_activity recorded in the database, or None."""
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        try:
            found = conn.execute("SELECT note FROM core_auditlog WHERE action = 'activity.synthetic_seeded' "
                                 "ORDER BY id DESC LIMIT 1").fetchone()  # fmt: skip
        except psycopg.Error:
            return None
    if not found:
        return None
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", found[0])}


def _manage(url: str, *args: str, timeout: int = SEED_TIMEOUT) -> str:
    env = _server_env(url)
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _server_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.dev", DEBUG="false",
               ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))  # fmt: skip
    return env


def ensure_data(params: dict[str, Any]) -> tuple[str, Row]:
    """The large database, seeded for this size, days and year (reused when it is)."""
    from django.utils import timezone

    base = _server_url()
    url = base + ACTIVITY_DB
    exists = _admin(base, f"SELECT 1 FROM pg_database WHERE datname = '{ACTIVITY_DB}'")[0]
    want = {"employees": params["size"], "days": params["days"], "year": timezone.localdate().year}
    have = _seeded(url) if exists and not params["reseed"] else None
    if have and all(have.get(k) == v for k, v in want.items()):
        _manage(url, "migrate", "--noinput", "-v", "0")  # the code may have new migrations
        return url, row("data (reused)", size=params["size"], note=f"{have.get('entries', 0):,} entries in "
                        f"{ACTIVITY_DB}, seeded earlier; --reseed to rebuild")  # fmt: skip
    started = time.monotonic()
    _admin(
        base,
        f"DROP DATABASE IF EXISTS {ACTIVITY_DB} WITH (FORCE)",
        f"CREATE DATABASE {ACTIVITY_DB}",
    )
    _manage(url, "migrate", "--noinput", "-v", "0")
    out = _manage(
        url, "seed_activity", "--employees", str(params["size"]), "--days", str(params["days"])
    )
    seconds = time.monotonic() - started
    return url, row("data (seeded)", size=params["size"], time_ms=seconds * 1000,
                    note=out.strip().splitlines()[-1][:300] if out.strip() else "")  # fmt: skip


# ---------------------------------------------------------------- gunicorn and locust


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url: str, workers: int, threads: int, log: Path) -> Iterator[int]:
    port = _free_port()
    cmd = [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]  # fmt: skip
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=_server_env(url), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {log.read_text()[-1500:]}")
            time.sleep(0.3)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # the group of the gunicorn started above
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def locust(port: int, classes: list[str], users_file: Path, params: dict[str, Any], prefix: Path,
           pace: float = 0.0) -> dict[str, Any]:  # fmt: skip
    cmd = [PYTHON, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(params["users"]),
           "-r", str(params["spawn_rate"]), "-t", f"{params['duration']}s", "--host", f"http://127.0.0.1:{port}",
           "--csv", str(prefix), "--reset-stats", "--only-summary", "--loglevel", "WARNING", *classes]  # fmt: skip
    env = dict(os.environ, KINERJA_BENCH_USERS=str(users_file), KINERJA_BENCH_PACE=str(pace or ""))
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=params["duration"] + 120)  # fmt: skip
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RuntimeError(f"locust wrote no statistics: {(done.stderr or done.stdout)[-1500:]}")
    stats = {}
    with open(stats_file) as fh:
        for r in csv.DictReader(fh):
            stats[r["Name"]] = {
                "requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                "rps": float(r["Requests/s"]), "p50": float(r["50%"] or 0), "p95": float(r["95%"] or 0),
                "p99": float(r["99%"] or 0), "avg": float(r["Average Response Time"] or 0),
            }  # fmt: skip
    failures = []
    with contextlib.suppress(OSError), open(f"{prefix}_failures.csv") as fh:
        failures = [
            f"{r['Occurrences']}× {r['Name']}: {r['Error'][:160]}" for r in csv.DictReader(fh)
        ]
    return {"stats": stats, "failures": failures}


# ---------------------------------------------------------------- the stage (child side)


def _queries_rows(
    small: dict[str, Any], large: dict[str, Any], sizes: tuple[int, int]
) -> list[Row]:
    rows = []
    for name in small:
        a, b = small[name], large[name]
        for size, m in zip(sizes, (a, b), strict=True):
            rows.append(row(f"queries: {name}", size=size, time_ms=m["ms"], queries=m["queries"],
                            note=f"{m['rows']} rows; in-process median", sql=m["sql"], url=m["url"]))  # fmt: skip
        same = a["queries"] == b["queries"]
        rows.append(row(f"queries: {name} constant", size=sizes[1], queries=b["queries"],
                        target=f"= {a['queries']} (at {sizes[0]:,})", status="PASS" if same else "FAIL"))  # fmt: skip
    return rows


def _small_sample() -> dict[str, Any]:
    """The small organisation on the harness's fresh database, for the query counts."""
    import io

    from django.core.management import call_command

    call_command(
        "seed_activity", employees=SMALL["employees"], days=SMALL["days"], stdout=io.StringIO()
    )
    return prepare_sample(5)


def run(params: dict[str, Any]) -> list[Row]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return [row("month-end rush", size=params["size"], status="SKIP", note="PostgreSQL only")]
    # tokens, locust's CSV files and the gunicorn log; the figures go to the result rows
    work = Path(tempfile.mkdtemp(prefix="kinerja-month-end-"))
    try:
        return _rush(params, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _rush(params: dict[str, Any], work: Path) -> list[Row]:
    rows: list[Row] = []
    url, data_row = ensure_data(params)
    rows.append(data_row)
    small = measure_queries(_small_sample())
    users_file = work / "users.json"
    out = subprocess.run([PYTHON, "-m", "bench.month_end", "prepare", "--sample", str(params["sample"]),
                          "--out", str(users_file)], cwd=ROOT, env=_server_env(url), capture_output=True,
                         text=True, timeout=600)  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"prepare failed:\n{out.stderr[-2000:]}")
    prepared = json.loads(users_file.read_text())
    rows += _queries_rows(small, prepared["queries"], (SMALL["employees"], params["size"]))

    cores = os.cpu_count() or 1
    workers, threads = 2 * cores + 1, 2
    with gunicorn(url, workers, threads, work / "gunicorn.log") as port:
        for _n in range(20):  # warm every worker's imports and connections
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
        ceiling = locust(port, ["HealthzUser"], users_file, params, work / "ceiling")
        load_ceiling = os.getloadavg()[0]
        rush = locust(port, ["EmployeeUser", "SuperiorUser"], users_file, params, work / "rush")
        load_rush = os.getloadavg()[0]
        # The same users at 75% of the rate the rush sustained: latency below saturation.
        sustained = rush["stats"].get("Aggregated", {}).get("rps", 0.0)
        pace = sustained * PACED_SHARE / params["users"]
        paced = locust(
            port, ["EmployeeUser", "SuperiorUser"], users_file, params, work / "paced", pace
        )
    setup = (f"gunicorn {workers}×{threads}, locust -u {params['users']} -r {params['spawn_rate']} "
             f"-t {params['duration']}s; 1-min load average after: {load_ceiling:.1f} (ceiling), "
             f"{load_rush:.1f} (rush) on {cores} cores")  # fmt: skip
    top = ceiling["stats"].get("GET /healthz") or ceiling["stats"]["Aggregated"]
    rows.append(row("ceiling: GET /healthz", size=params["size"], time_ms=top["p95"], rps=round(top["rps"], 1),
                    p50=top["p50"], p95=top["p95"], p99=top["p99"], requests=top["requests"],
                    failures=top["failures"], note=f"{top['rps']:,.0f} req/s; p50 {top['p50']:.0f} / p95 "
                    f"{top['p95']:.0f} / p99 {top['p99']:.0f} ms; {setup}"))  # fmt: skip
    errors = 0
    for name, s in rush["stats"].items():
        if name == "Aggregated":
            continue
        errors += s["failures"]
        rows.append(row(f"rush: {name}", size=params["size"], time_ms=s["p95"], target="0 errors",
                        status="PASS" if not s["failures"] else "FAIL", rps=round(s["rps"], 1), p50=s["p50"],
                        p95=s["p95"], p99=s["p99"], requests=s["requests"], failures=s["failures"],
                        note=f"saturating: {s['rps']:,.1f} req/s; p50 {s['p50']:.0f} / p95 {s['p95']:.0f} / p99 "
                        f"{s['p99']:.0f} ms (queueing); {s['requests']:,} requests, {s['failures']} errors"))  # fmt: skip
    for name, s in paced["stats"].items():
        if name == "Aggregated":
            continue
        ok = s["p95"] < P95_LIMIT_MS and not s["failures"]
        rows.append(row(f"paced: {name}", size=params["size"], time_ms=s["p95"],
                        target=f"p95 < {P95_LIMIT_MS:.0f} ms, 0 errors", status="PASS" if ok else "FAIL",
                        rps=round(s["rps"], 1), p50=s["p50"], p95=s["p95"], p99=s["p99"], requests=s["requests"],
                        failures=s["failures"],
                        note=f"{s['rps']:,.1f} req/s at {PACED_SHARE:.0%} of the rush's rate ({pace:.2f} tasks/s per "
                        f"user); p50 {s['p50']:.0f} / p95 {s['p95']:.0f} / p99 {s['p99']:.0f} ms; {s['failures']} errors"))  # fmt: skip
        errors += s["failures"]
    total = rush["stats"].get("Aggregated", {})
    submit = rush["stats"].get("POST /entries (submit)", {"rps": 0.0})
    ratio = submit["rps"] / top["rps"] if top["rps"] else 0.0
    rows.append(row("submissions/s vs ceiling", size=params["size"], target=f">= {RATIO_TARGET:.0%}",
                    status="PASS" if ratio >= RATIO_TARGET else "FAIL", ratio=round(ratio, 3),
                    submissions_per_s=round(submit["rps"], 1), ceiling_rps=round(top["rps"], 1),
                    note=f"{submit['rps']:,.1f} submissions/s ÷ {top['rps']:,.0f} req/s = {ratio:.1%}"))  # fmt: skip
    rows.append(row("errors (all requests)", size=params["size"], target="0",
                    status="PASS" if errors == 0 else "FAIL", requests=total.get("requests"),
                    failures=errors, note="; ".join(rush["failures"][:3]) or
                    f"{total.get('requests', 0):,} requests at {total.get('rps', 0):,.0f} req/s"))  # fmt: skip
    return rows


register(Stage(
    name="month_end", group="activity",
    description="month-end rush on PostgreSQL: gunicorn + locust, submissions vs a /healthz ceiling, p95 < 200 ms, 0 errors",
    variants=variants, run=run,
))  # fmt: skip


# ---------------------------------------------------------------- the prepare helper


def _prepare_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.month_end prepare")
    parser.add_argument("--out", required=True)
    parser.add_argument("--sample", type=int, default=500)
    options = parser.parse_args(argv)
    import django

    django.setup()
    sample = prepare_sample(options.sample)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics after the new logins and tokens
        cursor.execute("ANALYZE")
    sample["queries"] = measure_queries(sample)
    Path(options.out).write_text(json.dumps(sample, default=str))
    print(
        f"{len(sample['employees'])} employees, {len(sample['superiors'])} superiors, tokens written"
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] != ["prepare"]:
        sys.exit("usage: python -m bench.month_end prepare --out FILE [--sample N]")
    sys.exit(_prepare_main(sys.argv[2:]))
