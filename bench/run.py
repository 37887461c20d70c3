"""`make bench` / `python -m bench.run`: run the benchmark stages on SQLite and PostgreSQL.

The parent process never imports Django. For each database it migrates a template database
once, then runs every variant of every stage in a child process (`python -m bench.run --child`)
against a fresh copy of that template, so stages and databases never share data. Children
return result rows as JSON; the parent adds the cross-variant checks (a stage's `summarise`),
prints one table, writes bench-results/<group>.json and exits non-zero when a target fails.

A stage is registered with `register(Stage(...))` in a module listed in STAGE_MODULES; see
bench/README.md for adding one."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench-results"
PYTHON = sys.executable
STAGE_MODULES = (
    "bench.organisation",
    "bench.month_end",
    "bench.planning",
    "bench.evaluation",
    "bench.evaluation_pdf",
)
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/"
PG_DATABASE = "kinerja_bench"  # --pg-db; its template is "<name>_template"
CHILD_TIMEOUT = 3600

# ---------------------------------------------------------------- the registry

Row = dict[str, Any]


@dataclass(frozen=True)
class Stage:
    """One benchmark. `variants(options)` lists the parameter sets (one child process and one
    fresh database each); `run(params)` executes in the child with Django set up and returns
    rows; `summarise(rows, options)` (optional) runs in the parent over all rows of the stage
    for one database and returns extra rows, e.g. a ratio between two sizes."""

    name: str
    group: str  # results go to bench-results/<group>.json
    description: str
    variants: Callable[[argparse.Namespace], list[dict[str, Any]]]
    run: Callable[[dict[str, Any]], list[Row]]
    summarise: Callable[[list[Row], argparse.Namespace], list[Row]] | None = None


STAGES: dict[str, Stage] = {}


def register(stage: Stage) -> Stage:
    STAGES[stage.name] = stage
    return stage


def load_stages() -> dict[str, Stage]:
    for module in STAGE_MODULES:
        importlib.import_module(module)
    return STAGES


def row(measure: str, *, size: int | None = None, time_ms: float | None = None,
        queries: int | None = None, target: str = "", status: str = "INFO", note: str = "",
        **extra: Any) -> Row:  # fmt: skip
    """A result row. status: PASS, FAIL, INFO (no target) or SKIP."""
    return {"measure": measure, "size": size, "time_ms": time_ms, "queries": queries,
            "target": target, "status": status, "note": note, **extra}  # fmt: skip


# ---------------------------------------------------------------- databases


class Database:
    """A database kind: a template migrated once, and a fresh copy per child run."""

    name = ""

    def prepare(self) -> None: ...

    def fresh(self, label: str) -> str:
        raise NotImplementedError

    def discard(self, url: str) -> None: ...

    def close(self, keep: bool) -> None: ...


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def _migrate(url: str) -> None:
    cmd = [PYTHON, "manage.py", "migrate", "--noinput", "--skip-checks", "-v", "0"]
    done = subprocess.run(cmd, cwd=ROOT, env=_env(url), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"migrate failed:\n{done.stderr[-3000:]}")


class SqliteDatabase(Database):
    name = "sqlite"

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kinerja-bench-"))
        self.template = self.dir / "template.sqlite3"
        self.count = 0

    def prepare(self) -> None:
        _migrate(f"sqlite:///{self.template}")
        with sqlite3.connect(self.template) as conn:  # fold the WAL in, so a file copy is whole
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def fresh(self, label: str) -> str:
        self.count += 1
        path = self.dir / f"{self.count:02d}-{label}.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def discard(self, url: str) -> None:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self, keep: bool) -> None:
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


class PostgresDatabase(Database):
    name = "postgres"

    def __init__(self, base_url: str, database: str = PG_DATABASE) -> None:
        self.base = base_url.rstrip("/") + "/"
        self.database, self.template = database, f"{database}_template"

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.base + "postgres", autocommit=True, connect_timeout=5) as conn:
            for sql in statements:
                conn.execute(sql)

    def reachable(self) -> str:
        """'' when reachable, else why not."""
        try:
            self._admin("SELECT 1")
        except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
            return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return ""

    def prepare(self) -> None:
        self._admin(
            f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)",
            f"CREATE DATABASE {self.template}",
        )
        _migrate(self.base + self.template)

    def fresh(self, label: str) -> str:
        self._admin(
            f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)",
            f"CREATE DATABASE {self.database} TEMPLATE {self.template}",
        )
        return self.base + self.database

    def close(self, keep: bool) -> None:
        # The database keeps the last stage's data for EXPLAIN; the template goes.
        self._admin(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")


# ---------------------------------------------------------------- running


def run_child(stage: Stage, params: dict[str, Any], url: str, db: str) -> list[Row]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [
        PYTHON,
        "-m",
        "bench.run",
        "--child",
        stage.name,
        "--params",
        json.dumps(params),
        "--out",
        str(out),
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(
            cmd, cwd=ROOT, env=_env(url), capture_output=True, text=True, timeout=CHILD_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return [row(stage.name, status="FAIL", note=f"timed out after {CHILD_TIMEOUT} s")]
    finally:
        elapsed = time.monotonic() - started
    if done.returncode != 0 or not out.exists() or not out.stat().st_size:
        tail = (done.stderr or done.stdout).strip().splitlines()[-12:]
        out.unlink(missing_ok=True)
        return [row(stage.name, size=params.get("size"), status="FAIL",
                    note="child failed: " + " | ".join(tail))]  # fmt: skip
    rows = json.loads(out.read_text())
    out.unlink(missing_ok=True)
    for r in rows:
        r.setdefault("wall_s", round(elapsed, 1))
    return rows


def child_main(name: str, params: dict[str, Any], out: Path) -> None:
    import django

    django.setup()
    stage = load_stages()[name]
    rows = stage.run(params)
    out.write_text(json.dumps(rows, default=str))


def run(options: argparse.Namespace) -> int:
    stages = load_stages()
    selected = [stages[n] for n in (options.only or stages)]
    databases: list[Database] = []
    skipped: list[Row] = []
    if options.db in ("sqlite", "both"):
        databases.append(SqliteDatabase())
    if options.db in ("postgres", "both"):
        pg = PostgresDatabase(options.pg_url, options.pg_db)
        why = pg.reachable()
        if not why:
            databases.append(pg)
        elif options.db == "postgres":
            print(f"PostgreSQL is not reachable at {options.pg_url}: {why}", file=sys.stderr)
            return 2
        else:
            for stage in selected:
                skipped.append({"stage": stage.name, "db": "postgres",
                                **row(stage.name, status="SKIP", note=f"not reachable: {why}")})  # fmt: skip

    results: list[Row] = list(skipped)
    for db in databases:
        print(f"== {db.name}: migrating the template database ...", flush=True)
        try:
            db.prepare()
        except Exception as exc:  # noqa: BLE001 - report and go on with the other database
            results.append(
                {
                    "stage": "setup",
                    "db": db.name,
                    **row("migrate", status="FAIL", note=str(exc)[-500:]),
                }
            )
            continue
        try:
            for stage in selected:
                stage_rows: list[Row] = []
                for params in stage.variants(options):
                    label = f"{stage.name}-{params.get('size', '')}"
                    print(f"== {db.name}: {stage.name} {json.dumps(params)} ...", flush=True)
                    url = db.fresh(label)
                    try:
                        got = run_child(stage, params, url, db.name)
                    finally:
                        db.discard(url)
                    for r in got:
                        r.update(stage=stage.name, db=db.name)
                        print("   " + _line(r), flush=True)
                    stage_rows += got
                if stage.summarise is not None:
                    for r in stage.summarise(stage_rows, options):
                        r.update(stage=stage.name, db=db.name)
                        stage_rows.append(r)
                results += stage_rows
        finally:
            db.close(options.keep)

    print()
    print(table(results))
    write_results(results, options, selected)
    failed = [r for r in results if r["status"] == "FAIL"]
    if failed:
        print(f"\n{len(failed)} target(s) failed.")
    return 1 if failed else 0


# ---------------------------------------------------------------- reporting

COLUMNS = (("stage", "Stage"), ("db", "DB"), ("size", "Size"), ("measure", "Measure"),
           ("time_ms", "Time ms"), ("queries", "Queries"), ("target", "Target"), ("status", "Result"))  # fmt: skip


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "time_ms":
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if key == "size":
        return f"{value:,}"
    return str(value)


def _line(r: Row) -> str:
    parts = [f"{_cell(k, r.get(k))}" for k, _h in COLUMNS[2:] if r.get(k) not in (None, "")]
    return "  ".join(parts) + (f"  ({r['note']})" if r.get("note") else "")


def table(results: list[Row]) -> str:
    cells = [[h for _k, h in COLUMNS]] + [
        [_cell(k, r.get(k)) for k, _h in COLUMNS] for r in results
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    right = {"size", "time_ms", "queries"}
    lines = []
    for n, c in enumerate(cells):
        lines.append("  ".join(
            v.rjust(w) if COLUMNS[i][0] in right and n else v.ljust(w) for i, (v, w) in enumerate(zip(c, widths, strict=True))
        ).rstrip())  # fmt: skip
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [
        f"  [{r['stage']}/{r['db']}] {r['measure']}: {r['note']}" for r in results if r.get("note")
    ]
    return "\n".join(lines + (["", "Notes:", *notes] if notes else []))


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
    }
    with contextlib.suppress(OSError):
        info["load_average"] = os.getloadavg()
    with contextlib.suppress(OSError):
        git = ["git", "rev-parse", "--short", "HEAD"]
        info["commit"] = subprocess.run(
            git, cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    return info


def write_results(results: list[Row], options: argparse.Namespace, stages: list[Stage]) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    for group in sorted({s.group for s in stages}):
        names = {s.name for s in stages if s.group == group}
        path = RESULTS_DIR / f"{group}.json"
        path.write_text(json.dumps({
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "options": {k: v for k, v in vars(options).items() if k not in ("child", "params", "out")},
            "machine": _machine(),
            "passed": not any(r["status"] == "FAIL" for r in results if r.get("stage") in names),
            "results": [r for r in results if r.get("stage") in names],
        }, indent=2, default=str) + "\n")  # fmt: skip
        print(f"\nResults written to {path.relative_to(ROOT)}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--employees", type=int, default=100_000, help="size of the large organisation"
    )
    parser.add_argument("--import-rows", type=int, default=50_000, help="rows in the import file")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 5,000 employees, 5,000 rows"
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="timed runs per page (after one warm-up)"
    )
    parser.add_argument("--only", nargs="+", metavar="STAGE", help="run only these stages")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG_URL),
                        help="PostgreSQL server (the database name is ignored)")  # fmt: skip
    parser.add_argument("--pg-db", default=os.environ.get("BENCH_POSTGRES_DB", PG_DATABASE),
                        help="PostgreSQL database to drop and create (and <name>_template); "
                        "give concurrent runs different names")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files for inspection")
    parser.add_argument("--after-seed-sql", action="append", default=[], metavar="SQL",
                        help="pages: run this SQL after seeding, e.g. a CREATE INDEX to try "
                        "before writing its migration (repeatable)")  # fmt: skip
    parser.add_argument(
        "--activity-employees", type=int, help="month_end: employees (10,000; quick 2,000)"
    )
    parser.add_argument(
        "--activity-days", type=int, help="month_end: working days of entries (250; quick 60)"
    )
    parser.add_argument(
        "--reseed", action="store_true", help="month_end: rebuild its kept database"
    )
    parser.add_argument("--list", action="store_true", help="list the stages and exit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.quick:
        options.employees, options.import_rows = 5_000, 5_000
    if options.pg_url.count("/") > 2:  # drop a database name if one was given
        scheme, rest = options.pg_url.split("://", 1)
        options.pg_url = f"{scheme}://{rest.split('/', 1)[0]}/"
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    if options.child:
        child_main(options.child, json.loads(options.params), Path(options.out))
        return 0
    stages = load_stages()
    if options.list:
        for s in stages.values():
            print(f"{s.name:12} {s.description}")
        return 0
    unknown = set(options.only or ()) - set(stages)
    if unknown:
        print(f"Unknown stage(s): {', '.join(sorted(unknown))}; see --list.", file=sys.stderr)
        return 2
    return run(options)


if __name__ == "__main__":
    # Run through the imported module, so stage modules register into the same STAGES.
    from bench.run import main as _main

    sys.exit(_main())
