"""Planning benchmarks (issue 3 item 11): the cascade map, the SKP status board and the cascade's
htmx children fragment at 100 and 5,000 employees of one agency, and 1,000 SKPs created from a
template.

Data per size: one agency from `seed_synthetic` (its hierarchy: agency head → Kepala Bidang →
Kepala Seksi → about 25 staff each), a 2026 performance year (`services.year_create`) with five
organisation targets, and an SKP per employee (about 80% approved, 10% submitted, 10% draft) with
five RHK (four utama, one tambahan) of two indicators each. The head's RHK support the targets;
everyone else's RHK j supports their rater's RHK j, except about 5% left without a link (half of
them provisional). Written with bulk_create: the stage measures reads, not this set-up.

Targets: each page within 500 ms at 5,000 employees, with the same query count at 100 and at
5,000; 1,000 SKPs from a template (3 RHK × 2 indicators, 1,000 active holders of one position,
in a year where they have none) within 10 s.

Stage functions run in a child process with Django set up on a fresh database; Django is
imported inside them so that the parent (bench.run) never loads it."""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import time
from typing import Any

from bench.run import Row, Stage, register, row

SIZES = (100, 5_000)
PAGE_LIMIT_MS = 500.0  # at the large size
TEMPLATE_HOLDERS = 1_000
TEMPLATE_LIMIT_S = 10.0
YEAR, TEMPLATE_YEAR = 2026, 2027
RHK_PER_SKP = 5  # the last one tambahan
TARGETS = 5
UNLINKED = 0.05
HOLDER_JOB = "BENCH-PENGADM"  # the position the template's 1,000 holders share
# Pages with a target (time at the large size, queries equal across sizes); others are INFO.
TARGETED = ("cascade", "status board", "cascade children (top RHK)")


# ---------------------------------------------------------------- data (child side)


def _seed_organisation(size: int, holders: int) -> tuple[Any, Any]:
    """One agency of `size` employees (seed_synthetic's plan and writers). With `holders`, that
    many staff share one position (a new Pengadministrasi Perkantoran post at the agency's root
    unit) for the template. Returns (agency, the shared position or None)."""
    from django.db import transaction

    from kinerja.organisation.choices import JabatanKind, JabatanLevel
    from kinerja.organisation.management.commands.seed_synthetic import (
        build_plan,
        write_people,
        write_structure,
    )
    from kinerja.organisation.models import Instansi, Jabatan

    plan = build_plan(size, n_agencies=1)
    if holders:
        root = plan.units[0][0]
        plan.jabatan.append((HOLDER_JOB, 0, root, "Pengadministrasi Perkantoran", JabatanKind.JA,
                             JabatanLevel.PELAKSANA, False))  # fmt: skip
        deepest = max(p.level for p in plan.people)
        staff = [p for p in plan.people if p.level == deepest]
        if len(staff) < holders:
            raise RuntimeError(
                f"{size} employees have only {len(staff)} staff for {holders} holders"
            )
        for p in staff[:: len(staff) // holders][:holders]:  # spread over every seksi
            p.jabatan = HOLDER_JOB
    with transaction.atomic():
        unit_ids, job_ids = write_structure(plan)
        write_people(plan, unit_ids, job_ids)
    instansi = Instansi.objects.get()
    return instansi, (Jabatan.objects.get(code=HOLDER_JOB) if holders else None)


def _seed_skps(year: Any, seed: int = 2026) -> dict[str, int]:
    """An SKP per active employee of the year's agency, RHK cascaded along the hierarchy
    (superiors first), two indicators per RHK and the seven BerAKHLAK rows per SKP."""
    from django.db import transaction
    from django.utils import timezone

    from kinerja.organisation.models import Pegawai
    from kinerja.planning.choices import Aspek, RhkKind, SkpStatus, TargetKind
    from kinerja.planning.models import (
        BehaviourValue,
        Indicator,
        OrgTarget,
        Rhk,
        Skp,
        SkpBehaviour,
    )

    rng = random.Random(seed)
    now = timezone.now()
    people = list(
        Pegawai.objects.filter(instansi_id=year.instansi_id, is_active=True)
        .only("id", "atasan_id", "jabatan_id", "unit_id", "chain")
        .order_by("pk")
    )
    # Superiors before their staff: the depth of the chain "/1/17/230/".
    people.sort(key=lambda p: (p.chain.count("/"), p.pk))
    with transaction.atomic():
        targets = OrgTarget.objects.bulk_create([
            OrgTarget(year=year, code=f"SS.{n}", goal=f"Sasaran strategis {n}",
                      indicator=f"Indikator kinerja utama {n}", target_value=90 + n, target_unit="persen")
            for n in range(1, TARGETS + 1)
        ])  # fmt: skip
        skps = []
        for p in people:
            draw = rng.random()
            status = (SkpStatus.APPROVED if draw < 0.8 else
                      SkpStatus.SUBMITTED if draw < 0.9 else SkpStatus.DRAFT)  # fmt: skip
            skps.append(Skp(
                pegawai_id=p.pk, year=year, rater_id=p.atasan_id, jabatan_id=p.jabatan_id,
                unit_id=p.unit_id, start_date=datetime.date(year.year, 1, 1),
                end_date=datetime.date(year.year, 12, 31), status=status,
                submitted_at=now if status != SkpStatus.DRAFT else None,
                approved_at=now if status == SkpStatus.APPROVED else None,
            ))  # fmt: skip
        Skp.objects.bulk_create(skps, batch_size=1000)
        skp_of = {s.pegawai_id: s for s in skps}
        rhk_ids: dict[int, list[int]] = {}  # pegawai id → their RHK ids, in order
        n_rhk = n_unlinked = 0
        # One bulk insert per level of the hierarchy, so every parent has its id first.
        levels: dict[int, list[Any]] = {}
        for p in people:
            levels.setdefault(p.chain.count("/"), []).append(p)
        for level in sorted(levels):
            rhks: list[Rhk] = []
            for p in levels[level]:
                parents = rhk_ids.get(p.atasan_id) if p.atasan_id else None
                for j in range(RHK_PER_SKP):
                    kind = RhkKind.TAMBAHAN if j == RHK_PER_SKP - 1 else RhkKind.UTAMA
                    rhk = Rhk(skp=skp_of[p.pk], kind=kind, order=j + 1,
                              text=f"Terwujudnya hasil kerja {j + 1} pegawai {p.pk} yang tepat waktu dan berkualitas")  # fmt: skip
                    if rng.random() < UNLINKED:
                        rhk.is_provisional = rng.random() < 0.5
                        n_unlinked += 1
                    elif parents:
                        rhk.parent_id = parents[j % len(parents)]
                    elif p.atasan_id is None:
                        rhk.org_target = targets[j % len(targets)]
                    rhks.append(rhk)
            Rhk.objects.bulk_create(rhks, batch_size=2000)
            for r in rhks:
                rhk_ids.setdefault(r.skp.pegawai_id, []).append(r.pk)
            n_rhk += len(rhks)
        indicators = []
        for ids in rhk_ids.values():
            for rhk_id in ids:
                indicators.append(Indicator(
                    rhk_id=rhk_id, aspek=Aspek.KUANTITAS, text="Jumlah dokumen yang diselesaikan",
                    target_kind=TargetKind.NUMBER, target_value=12, target_unit="dokumen", order=1,
                ))  # fmt: skip
                indicators.append(Indicator(
                    rhk_id=rhk_id, aspek=Aspek.KUALITAS, text="Persentase dokumen tanpa revisi",
                    target_kind=TargetKind.RANGE, target_low=80, target_high=100, target_unit="persen",
                    order=2,
                ))  # fmt: skip
        Indicator.objects.bulk_create(indicators, batch_size=5000)
        values = list(BehaviourValue.objects.all())
        SkpBehaviour.objects.bulk_create(
            [SkpBehaviour(skp=s, value=v) for s in skps for v in values], batch_size=5000
        )
    return {"skps": len(skps), "rhks": n_rhk, "indicators": len(indicators), "unlinked": n_unlinked}


def _template_content() -> list[dict[str, Any]]:
    """Three RHK of two indicators each, valid for services.template_content_validate."""
    return [
        {"kind": "utama", "text": f"Terlaksananya layanan administrasi perkantoran {n}",
         "indicators": [
             {"aspek": "kuantitas", "text": f"Jumlah naskah dinas {n} yang diproses", "target_kind": "number",
              "target_value": 120, "target_unit": "naskah", "direction": "higher"},
             {"aspek": "waktu", "text": f"Rata-rata waktu penyelesaian naskah {n}", "target_kind": "range",
              "target_low": 1, "target_high": 3, "target_unit": "hari", "direction": "lower"},
         ]}
        for n in (1, 2, 3)
    ]  # fmt: skip


# ---------------------------------------------------------------- stage: planning


def planning_variants(options: argparse.Namespace) -> list[dict[str, Any]]:
    return [
        {"size": s, "runs": options.runs, "holders": TEMPLATE_HOLDERS if s == SIZES[-1] else 0}
        for s in SIZES
    ]


def _time_pages(client: Any, pages: list[tuple[str, str, dict[str, str]]], size: int,
                runs: int) -> list[Row]:  # fmt: skip
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    rows: list[Row] = []
    # Page timings, not static files: the manifest storage would need collectstatic first.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                                     "staticfiles": static}):  # fmt: skip
        for measure, url, headers in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, headers=headers)  # warm-up, and the query count
            sql = [q["sql"] for q in queries.captured_queries]
            if response.status_code != 200:
                rows.append(row(measure, size=size, status="FAIL", url=url,
                                note=f"GET {url} answered {response.status_code}"))  # fmt: skip
                continue
            times = []
            for _n in range(runs):
                t = time.perf_counter()
                client.get(url, headers=headers)
                times.append((time.perf_counter() - t) * 1000)
            median = statistics.median(times)
            targeted = measure in TARGETED and size == SIZES[-1]
            rows.append(row(
                measure, size=size, time_ms=median, queries=len(sql),
                target=f"<= {PAGE_LIMIT_MS:.0f} ms" if targeted else "",
                status=("PASS" if median <= PAGE_LIMIT_MS else "FAIL") if targeted else "INFO",
                url=url, times_ms=[round(x, 1) for x in times], bytes=len(response.content),
                sql=[q[:500] for q in sql],
            ))  # fmt: skip
    return rows


def planning_run(params: dict[str, Any]) -> list[Row]:
    from django.db.models import Count
    from django.test import Client

    from bench.organisation import _admin_bkpsdm, _analyse
    from kinerja.planning import services
    from kinerja.planning.models import Rhk

    size, runs, holders = params["size"], params["runs"], params.get("holders", 0)
    started = time.perf_counter()
    instansi, jabatan = _seed_organisation(size, holders)
    admin = _admin_bkpsdm()
    year = services.year_create(instansi=instansi, year=YEAR, actor=admin)
    counts = _seed_skps(year)
    _analyse()
    seeded = time.perf_counter() - started
    rows = [row("seed: organisation + SKPs", size=size, time_ms=seeded * 1000,
                note=f"setup, not a target: {counts['skps']:,} SKP, {counts['rhks']:,} RHK "
                f"({counts['unlinked']:,} unlinked), {counts['indicators']:,} indicators")]  # fmt: skip

    # The top RHK (linked to a target) with the most supporting RHK, and the widest fan-out.
    def widest(qs: Any) -> Any:
        return qs.annotate(n=Count("children")).order_by("-n", "pk").values_list("pk", "n").first()

    top_pk, top_n = widest(Rhk.objects.filter(skp__year=year, org_target__isnull=False))
    wide_pk, wide_n = widest(Rhk.objects.filter(skp__year=year))
    scope = f"instansi={instansi.pk}&year={year.pk}"
    hx = {"HX-Request": "true"}
    pages = [
        ("cascade", f"/perencanaan/kaskade/?{scope}", {}),
        ("status board", f"/perencanaan/papan/?{scope}", {}),
        ("cascade children (top RHK)", f"/perencanaan/kaskade/rhk/{top_pk}/", hx),
        ("cascade children (widest RHK)", f"/perencanaan/kaskade/rhk/{wide_pk}/", hx),
        ("board people (late, page 1)", f"/perencanaan/papan/pegawai/?{scope}&status=late", {}),
        ("cascade gaps (orphan, page 1)", f"/perencanaan/kaskade/celah/?{scope}&kind=orphan", {}),
    ]
    client = Client()
    client.force_login(admin)
    page_rows = _time_pages(client, pages, size, runs)
    for r in page_rows:
        if r["measure"] == "cascade children (top RHK)":
            r["note"] = f"{top_n} supporting RHK"
        elif r["measure"] == "cascade children (widest RHK)":
            r["note"] = f"{wide_n} supporting RHK"
    rows += page_rows

    if holders:
        rows.append(_template_run(admin, instansi, jabatan, holders))
    return rows


def _template_run(admin: Any, instansi: Any, jabatan: Any, holders: int) -> Row:
    """services.skp_create_from_template for `holders` active holders, in a year with none of
    their SKP; queries counted with an execute wrapper (CaptureQueriesContext would format every
    bulk INSERT's SQL, which costs more than the insert)."""
    from django.db import connection

    from kinerja.planning import services
    from kinerja.planning.models import Indicator, Rhk, Skp, SkpTemplate

    year = services.year_create(instansi=instansi, year=TEMPLATE_YEAR, actor=admin)
    template = services.template_save(
        template=SkpTemplate(jabatan=jabatan, name="Pengadministrasi Perkantoran",
                             approach="kuantitatif", content=_template_content()),
        actor=admin,
    )  # fmt: skip
    executed = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = services.skp_create_from_template(template=template, year=year, actor=admin)
        seconds = time.perf_counter() - started
    made = Skp.objects.filter(year=year).count()
    made_rhk = Rhk.objects.filter(skp__year=year).count()
    made_ind = Indicator.objects.filter(rhk__skp__year=year).count()
    problems = []
    if result.created != holders or made != holders:
        problems.append(f"created {result.created}, in database {made}, expected {holders}")
    if made_rhk != 3 * holders or made_ind != 6 * holders:
        problems.append(
            f"{made_rhk} RHK and {made_ind} indicators, expected {3 * holders} and {6 * holders}"
        )
    ok = not problems and seconds <= TEMPLATE_LIMIT_S
    return row(
        f"{holders:,} SKPs from a template", size=holders, time_ms=seconds * 1000,
        queries=executed[0], target=f"<= {TEMPLATE_LIMIT_S:.0f} s", status="PASS" if ok else "FAIL",
        skps_per_s=round(holders / seconds),
        note="; ".join(problems) if problems else
        f"{holders / seconds:,.0f} SKPs/s ({made_rhk:,} RHK, {made_ind:,} indicators, 3 RHK x 2 indicators)",
    )  # fmt: skip


def planning_summarise(rows: list[Row], options: argparse.Namespace) -> list[Row]:
    """Query counts at 100 against 5,000 employees for each page: equal for the targeted pages;
    time growth for all, as information."""
    out: list[Row] = []
    small, large = SIZES[0], SIZES[-1]
    paged = [r for r in rows if r.get("url") and r.get("queries") is not None]
    for measure in dict.fromkeys(r["measure"] for r in paged):
        a = next((r for r in paged if r["measure"] == measure and r["size"] == small), None)
        b = next((r for r in paged if r["measure"] == measure and r["size"] == large), None)
        if a is None or b is None:
            continue
        same = a["queries"] == b["queries"]
        targeted = measure in TARGETED
        ratio = b["time_ms"] / a["time_ms"] if a["time_ms"] else 0.0
        out.append(row(
            f"{measure}: queries {a['queries']} vs {b['queries']}", size=large,
            target="queries equal" if targeted else "",
            status=("PASS" if same else "FAIL") if targeted else "INFO",
            ratio=round(ratio, 2), note=f"time {large:,} vs {small:,} = {ratio:.1f}x",
        ))  # fmt: skip
    return out


register(Stage(
    name="planning", group="planning",
    description="cascade map, SKP status board and cascade children at 100 and 5,000 employees (<= 500 ms, "
    "queries equal); 1,000 SKPs from a template (<= 10 s)",
    variants=planning_variants, run=planning_run, summarise=planning_summarise,
))  # fmt: skip
