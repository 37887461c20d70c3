"""Evaluation documents (issue "Evaluation" item 8): the time to render the official periodic
and annual "Dokumen Evaluasi Kinerja Pegawai" as PDF, against the target of 1 s per document.

Data: one agency from `seed_synthetic` (about 60 employees), a 2026 year with monthly periods,
an SKP per employee with four RHK of two indicators each (8 indicators; each RHK supports its
rater's RHK of the same number), one piece of continuous feedback per indicator in June and a
BerAKHLAK expectation per value; then, for 20 staff who have a rater and a rater's superior,
a final June evaluation and a final annual one with their indicator snapshot (8 rows), both
ratings, the predikat and feedback on the seven values. Written with bulk_create: the stage
measures rendering, not this set-up.

Each document is rendered once (`documents.evaluation_pdf_bytes`: queries, template and
WeasyPrint, A4) after one warm-up render, which is reported apart because it pays for loading
fonts and WeasyPrint's stylesheets once per process. Reported: p50 and max wall time per kind
(the target applies to each document, so the max is judged too), the CPU time, pages and
queries per document, and for scale the SKP document of the same employees (INFO): on a busy
machine (see the load average in the JSON) both grow alike.

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

YEAR = 2026
SIZE = 60  # employees of the agency: enough staff with a rater and a rater's superior
RHK_PER_SKP = 4
INDICATORS_PER_RHK = 2
LIMIT_MS = 1_000.0


def evaluation_pdf_variants(options: argparse.Namespace) -> list[dict[str, Any]]:
    return [{"periodic": 20, "annual": 20, "indicators": RHK_PER_SKP * INDICATORS_PER_RHK}]


def _seed(year: Any, author: Any, n_periodic: int, n_annual: int) -> tuple[list[int], list[int]]:
    """SKPs for the whole agency, then the final evaluations; returns (periodic ids, annual
    ids)."""
    from django.db import transaction
    from django.utils import timezone

    from kinerja.activity.models import Feedback
    from kinerja.evaluation.choices import Kind, Status
    from kinerja.evaluation.models import BehaviourFeedback, Evaluation
    from kinerja.organisation.models import Pegawai
    from kinerja.planning.choices import Aspek, RhkKind, SkpStatus, TargetKind
    from kinerja.planning.models import BehaviourValue, Indicator, Rhk, Skp, SkpBehaviour
    from kinerja.scoring.rules import Rating as RuleRating
    from kinerja.scoring.rules import predikat as matrix

    rng = random.Random(YEAR)
    now = timezone.now()
    june = year.periods.get(number=6)
    people = sorted(
        Pegawai.objects.filter(instansi_id=year.instansi_id, is_active=True),
        key=lambda p: (p.chain.count("/"), p.pk),
    )
    by_pk = {p.pk: p for p in people}
    values = list(BehaviourValue.objects.all())
    with transaction.atomic():
        skps = [
            Skp(pegawai=p, year=year, rater_id=p.atasan_id, jabatan_id=p.jabatan_id,
                unit_id=p.unit_id, start_date=datetime.date(YEAR, 1, 1),
                end_date=datetime.date(YEAR, 12, 31), status=SkpStatus.APPROVED,
                submitted_at=now, approved_at=now)
            for p in people
        ]  # fmt: skip
        Skp.objects.bulk_create(skps)
        skp_of = {s.pegawai_id: s for s in skps}
        rhks_of: dict[int, list[Rhk]] = {}
        levels: dict[int, list[Any]] = {}
        for p in people:
            levels.setdefault(p.chain.count("/"), []).append(p)
        for level in sorted(levels):  # superiors first, so each parent RHK has its id
            batch = []
            for p in levels[level]:
                parents = rhks_of.get(p.atasan_id or 0)
                for j in range(RHK_PER_SKP):
                    batch.append(Rhk(
                        skp=skp_of[p.pk], order=j + 1,
                        kind=RhkKind.TAMBAHAN if j == RHK_PER_SKP - 1 else RhkKind.UTAMA,
                        text=f"Terwujudnya layanan administrasi {j + 1} yang tepat waktu, akurat dan "
                        f"akuntabel di unit kerja pegawai {p.pk}",
                        parent=parents[j] if parents else None,
                    ))  # fmt: skip
            Rhk.objects.bulk_create(batch)
            for r in batch:
                rhks_of.setdefault(r.skp.pegawai_id, []).append(r)
        indicators = [
            Indicator(rhk=r, order=k + 1, aspek=[Aspek.KUANTITAS, Aspek.KUALITAS][k % 2],
                      text=f"Jumlah dokumen {k + 1} yang diselesaikan sesuai standar pelayanan",
                      target_kind=TargetKind.NUMBER, target_value=12 + k, target_unit="dokumen")
            for rs in rhks_of.values() for r in rs for k in range(INDICATORS_PER_RHK)
        ]  # fmt: skip
        Indicator.objects.bulk_create(indicators, batch_size=2000)
        SkpBehaviour.objects.bulk_create([
            SkpBehaviour(skp=s, value=v, expectation=f"Menunjukkan perilaku {v.name.lower()} dalam tugas sehari-hari")
            for s in skps for v in values
        ])  # fmt: skip

        staff = [p for p in people if p.atasan_id and by_pk[p.atasan_id].atasan_id]
        chosen = staff[: max(n_periodic, n_annual)]
        mine = {s.pk: [i for i in indicators if i.rhk.skp_id == s.pk] for s in skps}
        feedback = [
            Feedback(pegawai_id=p.pk, author=author, indicator=i,
                     text="Bukti dukung lengkap; pertahankan ketepatan waktu penyelesaian dokumen.")
            for p in chosen for i in mine[skp_of[p.pk].pk]
        ]  # fmt: skip
        Feedback.objects.bulk_create(feedback)
        Feedback.objects.filter(pk__in=[f.pk for f in feedback]).update(
            created_at=datetime.datetime(YEAR, 6, 10, 9, tzinfo=datetime.UTC)
        )
        ratings = [r.value for r in RuleRating]

        def evaluation(p: Any, kind: str) -> Evaluation:
            skp = skp_of[p.pk]
            rater = by_pk[p.atasan_id]
            hasil, perilaku = rng.choice(ratings), rng.choice(ratings)
            snapshot = []
            for i in mine[skp.pk]:
                real = rng.randint(6, 16)
                snapshot.append({"indicator_id": i.pk, "rhk": i.rhk.text, "utama": i.rhk.kind == RhkKind.UTAMA,
                                 "indicator": i.text, "target": i.target_display,
                                 "realisation": f"{real}.00", "capaian": f"{real / float(i.target_value) * 100:.2f}"})  # fmt: skip
            return Evaluation(
                skp=skp, period=june if kind == Kind.PERIODIC else None, kind=kind,
                status=Status.FINAL, pegawai=p, rater=rater, rater_superior_id=rater.atasan_id,
                instansi_id=p.instansi_id, unit_id=p.unit_id, jabatan_id=p.jabatan_id,
                policy_key=year.scoring_policy, indicator_snapshot=snapshot,
                rating_hasil_kerja=hasil, rating_perilaku=perilaku,
                predikat=matrix(RuleRating(hasil), RuleRating(perilaku)).value,
                feedback="Hasil kerja sesuai rencana; tingkatkan kualitas dokumentasi bukti dukung.",
                finalised_at=now,
            )  # fmt: skip

        periodic = [evaluation(p, Kind.PERIODIC) for p in chosen[:n_periodic]]
        annual = [evaluation(p, Kind.ANNUAL) for p in chosen[:n_annual]]
        Evaluation.objects.bulk_create(periodic + annual)
        BehaviourFeedback.objects.bulk_create([
            BehaviourFeedback(evaluation=e, value=v,
                              feedback=f"Konsisten menunjukkan nilai {v.name} dalam bekerja.")
            for e in periodic + annual for v in values
        ])  # fmt: skip
    return [e.pk for e in periodic], [e.pk for e in annual]


def _render_all(ids: list[int]) -> tuple[list[float], list[float], list[int], list[int]]:
    """Wall ms, CPU ms, pages and queries of each document."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.evaluation import documents
    from kinerja.evaluation.models import Evaluation

    wall, cpu, pages, queries = [], [], [], []
    for pk in ids:
        ev = Evaluation.objects.get(pk=pk)
        with CaptureQueriesContext(connection) as captured:
            t0, c0 = time.perf_counter(), time.process_time()
            document = documents.evaluation_pdf_document(ev)
            data = document.write_pdf()
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        if not data.startswith(b"%PDF"):
            raise RuntimeError(f"evaluation {pk}: not a PDF")
        pages.append(len(document.pages))
        queries.append(len(captured))
    return wall, cpu, pages, queries


def evaluation_pdf_run(params: dict[str, Any]) -> list[Row]:
    from bench.organisation import _admin_bkpsdm, _analyse
    from bench.planning import _seed_organisation
    from kinerja.evaluation import documents
    from kinerja.evaluation.models import Evaluation
    from kinerja.planning import services

    started = time.perf_counter()
    instansi, _unused = _seed_organisation(SIZE, 0)
    admin = _admin_bkpsdm()
    year = services.year_create(instansi=instansi, year=YEAR, actor=admin)
    periodic, annual = _seed(year, admin, params["periodic"], params["annual"])
    _analyse()
    n_ind = params["indicators"]
    rows = [row("seed: agency, SKPs, final evaluations", size=len(periodic) + len(annual),
                time_ms=(time.perf_counter() - started) * 1000,
                note=f"setup, not a target: {len(periodic)} periodic + {len(annual)} annual, "
                f"{n_ind} indicators each")]  # fmt: skip

    t0 = time.perf_counter()
    documents.evaluation_pdf_bytes(Evaluation.objects.get(pk=(periodic or annual)[0]))
    rows.append(row("first render in the process (warm-up)", size=1,
                    time_ms=(time.perf_counter() - t0) * 1000,
                    note="loads fonts and WeasyPrint's stylesheets once per process; not judged"))  # fmt: skip
    for label, ids in (("periodic", periodic), ("annual", annual)):
        if not ids:
            continue
        wall, cpu, pages, queries = _render_all(ids)
        p50, worst = statistics.median(wall), max(wall)
        rows.append(row(
            f"{label} document ({n_ind} indicators), p50", size=len(ids), time_ms=p50,
            queries=max(queries), target=f"<= {LIMIT_MS:,.0f} ms",
            status="PASS" if p50 <= LIMIT_MS else "FAIL",
            note=f"CPU p50 {statistics.median(cpu):.0f} ms; {min(pages)}-{max(pages)} pages",
            runs_ms=[round(w, 1) for w in wall],
        ))  # fmt: skip
        rows.append(row(
            f"{label} document ({n_ind} indicators), max", size=len(ids), time_ms=worst,
            queries=max(queries), target=f"<= {LIMIT_MS:,.0f} ms each",
            status="PASS" if worst <= LIMIT_MS else "FAIL",
            note=f"CPU max {max(cpu):.0f} ms; queries {min(queries)}-{max(queries)} per document",
        ))  # fmt: skip
    rows.append(_skp_reference(periodic or annual))
    return rows


def _skp_reference(ids: list[int]) -> Row:
    """For scale, on the same machine and moment: the SKP document (planning) of the same
    employees, the project's other official PDF."""
    from kinerja.evaluation.models import Evaluation
    from kinerja.planning import documents as planning_documents

    wall = []
    for ev in Evaluation.objects.filter(pk__in=ids).select_related("skp"):
        t0 = time.perf_counter()
        planning_documents.skp_pdf_bytes(ev.skp)
        wall.append((time.perf_counter() - t0) * 1000)
    return row("reference: SKP document of the same employees, p50", size=len(wall),
               time_ms=statistics.median(wall), note=f"max {max(wall):.0f} ms; not judged")  # fmt: skip


register(Stage(
    name="evaluation_pdf", group="evaluation",
    description="the periodic and annual evaluation documents as PDF, 20 each with 8 indicators: "
    "p50 and max render time (<= 1 s each)",
    variants=evaluation_pdf_variants, run=evaluation_pdf_run,
))  # fmt: skip
