"""Issue "Evaluation" items 2, 7, 12: evaluations opened when due, and the set-based recompute
that gives exactly what the per-object path (services.suggestion_for) gives."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.activity.choices import EntryStatus
from kinerja.activity.models import DailyEntry, ManualRealisation
from kinerja.core.jobs import job_start
from kinerja.core.models import AuditLog, Job
from kinerja.core.testing import _pegawai
from kinerja.evaluation import recompute as rc
from kinerja.evaluation import services
from kinerja.evaluation.choices import Kind, Status
from kinerja.evaluation.models import Evaluation
from kinerja.planning import services as plan
from kinerja.planning.choices import SkpStatus
from kinerja.planning.models import Indicator, Period, Rhk, Skp

pytestmark = pytest.mark.django_db

# (aspek, target kind, direction): countable numbers both ways, a range, manual quality and
# time, a narrative target (never computable) and a zero target.
KINDS = (
    ("kuantitas", "number", "higher"),
    ("kuantitas", "number", "lower"),
    ("kuantitas", "range", "higher"),
    ("kualitas", "number", "higher"),
    ("waktu", "number", "lower"),
    ("kualitas", "narrative", "higher"),
    ("kuantitas", "zero", "higher"),
)


def _indicator(rhk: Rhk, kind: int, target: int, order: int) -> Indicator:
    aspek, target_kind, direction = KINDS[kind]
    values: dict = {"target_value": Decimal(target)}
    if target_kind == "range":
        values = {"target_low": Decimal(target), "target_high": Decimal(target + 10)}
    elif target_kind == "narrative":
        values = {"target_text": "Laporan diterima tepat waktu"}
    elif target_kind == "zero":
        target_kind, values = "number", {"target_value": Decimal(0)}
    return Indicator.objects.create(
        rhk=rhk, aspek=aspek, target_kind=target_kind, direction=direction, order=order,
        text=f"Indikator {aspek} {target_kind} {direction} {target} — ukuran capaian yang panjang",
        target_unit="dokumen", **values,
    )  # fmt: skip


def _skp(pegawai, year, *, start=None, end=None) -> Skp:
    return Skp.objects.create(pegawai=pegawai, year=year, rater=pegawai.atasan, unit=pegawai.unit,
                              jabatan=pegawai.jabatan, status=SkpStatus.APPROVED,
                              start_date=start or datetime.date(year.year, 1, 1),
                              end_date=end or datetime.date(year.year, 12, 31))  # fmt: skip


def _realise(skp: Skp, indicator: Indicator, period: Period, qty: Decimal, status: str) -> None:
    DailyEntry.objects.create(pegawai=skp.pegawai, skp=skp, rhk=indicator.rhk, indicator=indicator,
                              period=period, date=period.start_date + datetime.timedelta(days=3),
                              start_time=datetime.time(8), end_time=datetime.time(9),
                              activity="Kerja", quantity=qty, status=status)  # fmt: skip


def _fill(skp: Skp, rng: random.Random) -> None:
    """Utama and Tambahan RHK (some with equal order, to test the tie-break) with every kind of
    indicator, verified and unverified entries and manual values in random periods."""
    periods = list(skp.year.periods.order_by("number"))
    for r in range(rng.randint(1, 3) + 1):
        rhk = Rhk.objects.create(skp=skp, kind="tambahan" if r == 3 else "utama",
                                 text=f"RHK {r} {'x' * rng.randint(0, 220)}", order=rng.choice((0, r)))  # fmt: skip
        for n in range(rng.randint(1, 3)):
            ind = _indicator(rhk, rng.randrange(len(KINDS)), rng.choice((5, 12, 40, 100)),
                             rng.choice((0, n)))  # fmt: skip
            for period in rng.sample(periods, rng.randint(0, 8)):
                _realise(skp, ind, period, Decimal(rng.randint(0, 9)) + Decimal("0.25"),
                         rng.choice((EntryStatus.VERIFIED, EntryStatus.VERIFIED, EntryStatus.SUBMITTED)))  # fmt: skip
            for period in rng.sample(periods, rng.randint(0, 3)):
                ManualRealisation.objects.create(indicator=ind, period=period, note="bukti",
                                                 value=Decimal(rng.randint(0, 150)) / 2)  # fmt: skip


def _open_all(year, actor) -> None:
    for period in year.periods.all():
        services.evaluations_open(year=year, period=period, actor=actor)
    services.evaluations_open(year=year, actor=actor)


@pytest.fixture
def years(cast):
    disdik = plan.year_create(instansi=cast.pendidikan, year=2026, actor=cast.bkpsdm_admin)
    dinkes = plan.year_create(instansi=cast.kesehatan, year=2026, actor=cast.bkpsdm_admin,
                              scoring_policy="pp-30-2019")  # fmt: skip
    return disdik, dinkes


def _staff(cast, count: int, first: int):
    """`count` more employees under Siti (Disdik) and Oscar (Dinkes), alternately."""
    out = []
    for n in range(first, first + count):
        if n % 2:
            who = _pegawai(n, f"Pegawai {n}", cast.pendidikan, cast.bidang, cast.employee.jabatan,
                           cast.supervisor, with_user=False)  # fmt: skip
        else:
            who = _pegawai(n, f"Pegawai {n}", cast.kesehatan, cast.puskesmas, cast.outsider.jabatan,
                           cast.outsider, with_user=False)  # fmt: skip
        out.append(who)
    return out


@pytest.fixture
def varied(cast, years):
    """Both agencies (Disdik under PermenPANRB 6/2022, Dinkes under PP 30/2019), employees with
    full-year and part-year SKPs, every period's evaluation and the annual one."""
    disdik, dinkes = years
    rng = random.Random(12)
    people = [cast.employee, cast.peer, *_staff(cast, 6, 100)]
    for i, who in enumerate(people):
        year = disdik if who.instansi_id == cast.pendidikan.pk else dinkes
        part = i % 3 == 2
        skp = _skp(who, year, start=datetime.date(2026, 3, 16) if part else None,
                   end=datetime.date(2026, 9, 30) if part else None)  # fmt: skip
        _fill(skp, rng)
    _open_all(disdik, cast.bkpsdm_admin)
    _open_all(dinkes, cast.bkpsdm_admin)
    return disdik, dinkes


def _stored(ev: Evaluation) -> tuple:
    return ev.suggested_rating, ev.suggestion_reasons, ev.indicator_snapshot


def _per_object(ev: Evaluation) -> tuple:
    r = services.suggestion_for(ev)
    return r.rating, r.reasons, r.indicators


def _assert_equal_to_per_object(qs) -> int:
    checked = 0
    for ev in qs.select_related("skp__year", "period"):
        assert _stored(ev) == _per_object(ev), f"evaluation {ev.pk} ({ev.kind} {ev.period_id})"
        checked += 1
    return checked


# ---------------------------------------------------------------- equality with per-object


def test_recompute_equals_the_per_object_path(varied):
    result = rc.recompute()
    evaluations = Evaluation.objects.filter(status=Status.OPEN)
    assert result.evaluations == evaluations.count() > 50
    assert result.suggestions_changed == result.evaluations  # all were blank
    assert _assert_equal_to_per_object(evaluations) == result.evaluations
    # Both policies and all three suggestions (and "cannot tell") occur in the fixture.
    assert {"permenpanrb-6-2022", "pp-30-2019"} <= set(
        evaluations.values_list("policy_key", flat=True)
    )
    assert {"", "di_bawah", "sesuai", "di_atas"} >= set(
        evaluations.values_list("suggested_rating", flat=True)
    )
    assert len(set(evaluations.values_list("suggested_rating", flat=True))) >= 3


def test_it_matches_suggestion_refresh_and_a_second_run_changes_nothing(cast, varied):
    rc.recompute()
    ev = Evaluation.objects.filter(kind=Kind.PERIODIC).order_by("pk").first()
    before = _stored(ev)
    services.suggestion_refresh(evaluation=ev, actor=cast.bkpsdm_admin)
    ev.refresh_from_db()
    assert _stored(ev) == before
    again = rc.recompute()
    assert (again.suggestions_changed, again.predikat_changed) == (0, 0)


def test_only_changed_rows_are_written(cast, varied):
    rc.recompute()
    entry = DailyEntry.objects.filter(status=EntryStatus.VERIFIED, skp__pegawai=cast.employee,
                                      indicator__aspek="kuantitas").order_by("pk").first()  # fmt: skip
    assert entry is not None
    entry.quantity += 50
    entry.save()
    result = rc.recompute()
    # The evaluations of the entry's period onwards (and the annual) see the change, none else.
    assert 0 < result.suggestions_changed <= 13
    _assert_equal_to_per_object(Evaluation.objects.filter(skp=entry.skp))


def test_inside_a_transaction_it_runs_serially(varied):
    """The workers could not see uncommitted rows (tests, an outer atomic block): one process."""
    assert connection.in_atomic_block
    assert rc._worker_count(4, 10) == 1
    result = rc.recompute(workers=4)
    _assert_equal_to_per_object(Evaluation.objects.filter(status=Status.OPEN))
    assert result.suggestions_changed == result.evaluations


def test_a_chunk_finalised_since_it_was_counted_writes_nothing(varied):
    skp_id = Evaluation.objects.order_by("pk").values_list("skp_id", flat=True)[0]
    gone = Evaluation.objects.filter(status=Status.OPEN).exclude(skp_id=skp_id)
    assert rc._recompute_chunk(gone, [(skp_id, 13)]) == (0, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="worker processes: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_worker_processes_give_what_one_process_gives(cast, varied, monkeypatch):
    monkeypatch.setattr(rc, "CHUNK", 13)
    assert not connection.in_atomic_block and rc._worker_count(2, 10) == 2
    result = rc.recompute(workers=2)
    assert result.chunks > 2 and result.suggestions_changed == result.evaluations
    _assert_equal_to_per_object(Evaluation.objects.filter(status=Status.OPEN))
    again = rc.recompute(workers=2)
    assert (again.suggestions_changed, again.predikat_changed) == (0, 0)
    assert again.chunks == result.chunks


_indicator_spec = st.tuples(st.integers(0, len(KINDS) - 1), st.sampled_from((1, 3, 12, 50)),
                            st.integers(0, 1), st.booleans())  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])  # fmt: skip
@given(
    specs=st.lists(_indicator_spec, min_size=1, max_size=4),
    entries=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 12), st.integers(0, 40), st.booleans()),
                     max_size=12),
    manuals=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 12), st.integers(0, 300)), max_size=6),
    start_month=st.integers(1, 12),
    pp30=st.booleans(),
)  # fmt: skip
def test_hypothesis_recompute_equals_per_object(cast, years, specs, entries, manuals, start_month,
                                                pp30):  # fmt: skip
    disdik, dinkes = years
    year = dinkes if pp30 else disdik
    who = cast.outsider if pp30 else cast.peer
    with transaction.atomic():
        skp = _skp(who, year, start=datetime.date(2026, start_month, 1))
        periods = {p.number: p for p in year.periods.all()}
        inds = []
        for n, (kind, target, order, utama) in enumerate(specs):
            rhk = Rhk.objects.create(skp=skp, kind="utama" if utama else "tambahan",
                                     text=f"RHK {n}", order=order)  # fmt: skip
            inds.append(_indicator(rhk, kind, target, order))
        for i, month, qty, verified in entries:
            _realise(skp, inds[i % len(inds)], periods[month], Decimal(qty) / 4,
                     EntryStatus.VERIFIED if verified else EntryStatus.SUBMITTED)  # fmt: skip
        for i, month, value in {(i % len(inds), m, v) for i, m, v in manuals}:
            ManualRealisation.objects.get_or_create(indicator=inds[i], period=periods[month],
                                                    defaults={"value": Decimal(value) / 3, "note": "x"})  # fmt: skip
        _open_all(year, cast.bkpsdm_admin)
        rc.recompute(instansi_ids=[year.instansi_id])
        assert _assert_equal_to_per_object(Evaluation.objects.filter(skp=skp)) == 14 - start_month
        transaction.set_rollback(True)


# ---------------------------------------------------------------- scope and frozen evidence


def test_another_agency_is_untouched(cast, varied):
    result = rc.recompute(instansi_ids=[cast.pendidikan.pk])
    assert result.evaluations == Evaluation.objects.filter(instansi=cast.pendidikan).count()
    assert (
        not Evaluation.objects.filter(instansi=cast.kesehatan)
        .exclude(indicator_snapshot=[])
        .exists()
    )
    assert not Evaluation.objects.filter(instansi=cast.pendidikan, indicator_snapshot=[]).exists()


def test_a_year_scope_leaves_other_years_alone(cast, varied):
    assert rc.recompute(year=2025).evaluations == 0
    assert not Evaluation.objects.exclude(indicator_snapshot=[]).exists()


def test_final_evaluations_keep_their_suggestion_but_get_the_matrix_predikat(cast, varied):
    final = Evaluation.objects.filter(instansi=cast.pendidikan).order_by("pk")[0]
    Evaluation.objects.filter(pk=final.pk).update(
        status=Status.FINAL, suggested_rating="di_atas", suggestion_reasons=["dibekukan"],
        indicator_snapshot=[{"frozen": True}], rating_hasil_kerja="di_bawah",
        rating_perilaku="sesuai", predikat="baik",
    )  # fmt: skip
    result = rc.recompute()
    final.refresh_from_db()
    assert _stored(final) == ("di_atas", ["dibekukan"], [{"frozen": True}])
    assert final.predikat == "butuh_perbaikan" and result.predikat_changed == 1
    assert result.evaluations == Evaluation.objects.filter(status=Status.OPEN).count()


def test_one_audit_row_per_run(cast, varied):
    before = AuditLog.objects.count()
    rc.recompute(instansi_ids=[cast.kesehatan.pk], actor=cast.bkpsdm_admin)
    rows = list(AuditLog.objects.order_by("pk")[before:])
    assert [r.action for r in rows] == ["evaluation.recomputed"]
    assert rows[0].actor == cast.bkpsdm_admin
    assert rows[0].after["instansi_ids"] == [cast.kesehatan.pk] and rows[0].after["evaluations"] > 0


# ---------------------------------------------------------------- set-based: constant queries


def _queries_for(cast, years, people: int, first: int) -> tuple[int, int]:
    disdik, _dinkes = years
    rng = random.Random(first)
    for who in _staff(cast, people * 2, first):
        if who.instansi_id == cast.pendidikan.pk:
            _fill(_skp(who, disdik), rng)
    _open_all(disdik, cast.bkpsdm_admin)
    Evaluation.objects.update(suggested_rating="", suggestion_reasons=[], indicator_snapshot=[])
    with CaptureQueriesContext(connection) as ctx:
        result = rc.recompute(instansi_ids=[cast.pendidikan.pk])
    assert result.suggestions_changed == result.evaluations
    return len(ctx.captured_queries), result.evaluations


def test_the_number_of_queries_does_not_grow_with_the_evaluations(cast, years):
    small, n_small = _queries_for(cast, years, 2, 200)
    large, n_large = _queries_for(cast, years, 10, 300)
    assert n_large > 4 * n_small
    assert small == large


def test_chunks_add_a_fixed_number_of_queries(cast, varied, monkeypatch):
    with CaptureQueriesContext(connection) as one:
        rc.recompute(instansi_ids=[cast.pendidikan.pk])
    monkeypatch.setattr(rc, "CHUNK", 13)
    Evaluation.objects.update(indicator_snapshot=[])
    with CaptureQueriesContext(connection) as many:
        result = rc.recompute(instansi_ids=[cast.pendidikan.pk])
    assert result.chunks > 1
    _assert_equal_to_per_object(Evaluation.objects.filter(instansi=cast.pendidikan))
    per_chunk = (len(many.captured_queries) - len(one.captured_queries)) / (result.chunks - 1)
    assert per_chunk <= 12  # six reads, the write (temporary table on PostgreSQL), savepoints


# ---------------------------------------------------------------- the job


def test_the_job_runs_and_reports_counts(cast, varied, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = rc.start_recompute(actor=cast.agency_admin, instansi=cast.pendidikan)
    job.refresh_from_db()
    n = Evaluation.objects.filter(instansi=cast.pendidikan, status=Status.OPEN).count()
    assert job.kind == "evaluation.recompute" and job.status == Job.Status.DONE, job.message
    assert job.result["evaluations"] == n == job.result["suggestions_changed"] == job.total
    assert job.progress == n
    with django_capture_on_commit_callbacks(execute=True):
        job = rc.start_recompute(actor=cast.bkpsdm_admin)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["suggestions_changed"] > 0


@pytest.mark.parametrize(("who", "where"), [("supervisor", "pendidikan"), ("pimpinan", "pendidikan"),
                                            ("auditor", None), ("agency_admin", None),
                                            ("agency_admin", "kesehatan")])  # fmt: skip
def test_only_writers_of_the_scope_may_start_it(cast, who, where):
    with pytest.raises(PermissionDenied):
        rc.start_recompute(actor=cast.user(who), instansi=getattr(cast, where) if where else None)
    assert not Job.objects.exists()


# ---------------------------------------------------------------- opening when due


@pytest.fixture
def approved_skps(cast, years):
    disdik, dinkes = years
    budi = _skp(cast.employee, disdik)
    dewi = _skp(cast.peer, disdik, start=datetime.date(2026, 7, 1))
    oscar = _skp(cast.outsider, dinkes)
    Skp.objects.create(pegawai=cast.supervisor, year=disdik, start_date=datetime.date(2026, 1, 1),
                       end_date=datetime.date(2026, 12, 31))  # a draft: never evaluated  # fmt: skip
    return budi, dewi, oscar


def test_due_evaluations_open_for_started_periods_only(cast, years, approved_skps):
    budi, dewi, oscar = approved_skps
    result = services.evaluations_open_due(today=datetime.date(2026, 5, 15))
    assert result["created"] == 10 and result["years"] == 2
    assert sorted(budi.evaluations.values_list("period__number", flat=True)) == [1, 2, 3, 4, 5]
    assert not dewi.evaluations.exists()  # her SKP starts in July
    assert oscar.evaluations.count() == 5
    assert not Evaluation.objects.filter(kind=Kind.ANNUAL).exists()
    ev = budi.evaluations.get(period__number=5)
    assert (ev.rater, ev.policy_key, ev.behaviour_feedback.count()) == (
        cast.supervisor,
        "permenpanrb-6-2022",
        7,
    )
    assert ev.transitions.get().to_status == Status.OPEN
    assert services.evaluations_open_due(today=datetime.date(2026, 5, 15))["created"] == 0


def test_the_annual_opens_when_the_last_period_has_started(cast, years, approved_skps):
    budi, dewi, oscar = approved_skps
    services.evaluations_open_due(today=datetime.date(2026, 11, 30))
    assert not Evaluation.objects.filter(kind=Kind.ANNUAL).exists()
    services.evaluations_open_due(today=datetime.date(2026, 12, 1))
    assert Evaluation.objects.filter(kind=Kind.ANNUAL).count() == 3
    assert dewi.evaluations.count() == 7  # July to December, and the annual


def test_closed_years_and_closed_periods_are_left_alone(cast, years, approved_skps):
    disdik, dinkes = years
    dinkes.is_closed = True
    dinkes.save()
    disdik.periods.filter(number=1).update(is_closed=True)
    services.evaluations_open_due(today=datetime.date(2026, 3, 2))
    assert sorted(Evaluation.objects.values_list("pegawai__name", "period__number")) == [
        ("Budi Santoso", 2), ("Budi Santoso", 3)]  # fmt: skip


def test_the_command_opens_what_is_due_and_audits_it(cast, years, approved_skps, capsys):
    call_command("open_evaluations", date=datetime.date(2026, 2, 10))
    assert "4 evaluation(s) opened" in capsys.readouterr().out
    rows = AuditLog.objects.filter(action="evaluation.opened")
    assert rows.count() == 4 and all(r.actor is None and r.after["automatic"] for r in rows)


def test_an_approved_skp_can_be_opened_at_once_through_a_job(cast, years, approved_skps,
                                                             django_capture_on_commit_callbacks, monkeypatch):  # fmt: skip
    budi = approved_skps[0]
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 3, 5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="evaluation.open_for_skp", actor=None, params={"skp_id": budi.pk})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result == {"created": 3}
    assert Evaluation.objects.count() == 3  # only Budi's
    assert services.evaluations_open_for_skp(skp=budi, today=datetime.date(2026, 3, 5)) == 0


@pytest.mark.parametrize("aspek", ["kuantitas", "kualitas"])
def test_periods_that_are_not_a_prefix_fold_like_a_prefix(aspek):
    """The fallback for periods started out of number order folds as the prefix lookup does."""
    ind = rc._Ind(1, aspek, "number", Decimal(10), None, None, "", "", "higher")
    entries = {11: Decimal(2), 12: Decimal(3), 14: Decimal(5)}
    manual = {12: Decimal(7), 13: Decimal(1)}
    r = rc._Realised(ind, [11, 12, 13, 14], entries, manual)
    for n in range(5):
        assert r.upto(None, tuple(range(n))) == r.upto(n, ())
    assert r.upto(None, (0, 3))[0] == (Decimal(7) if aspek == "kuantitas" else None)
    assert r.upto(4, ()) == (
        (Decimal(15), "15.00") if aspek == "kuantitas" else (Decimal(1), "1.00")
    )
