"""The demo cycle (`manage.py seed_demo_cycle` after `seed_demo`): plans with a real cascade and a
year of daily work that a newcomer can read as a regency in mid-November."""

import datetime
import hashlib
import io
from collections import Counter
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from kinerja.activity import files
from kinerja.activity.demo import wipe_activity_data
from kinerja.activity.models import DailyEntry, Dialogue, Evidence, Feedback, ManualRealisation
from kinerja.activity.selectors import team_month, verification_queue
from kinerja.core.models import AuditLog
from kinerja.organisation.management.commands.seed_demo import wipe_organisation_data
from kinerja.organisation.models import Instansi, Pegawai
from kinerja.planning import selectors
from kinerja.planning.demo import named_people, wipe_planning_data
from kinerja.planning.models import OrgTarget, PerformanceYear, Rhk, Skp, SkpTemplate

pytestmark = pytest.mark.django_db

# A Friday afternoon in November: the week's work waits in the queues, the morning's in drafts.
NOW = datetime.datetime(2026, 11, 20, 14, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


def _run(*args: str) -> str:
    out = io.StringIO()
    with mock.patch.object(timezone, "now", lambda: NOW):
        call_command("seed_demo_cycle", *args, stdout=out)
    return out.getvalue()


def _plans_digest() -> str:
    rows = sorted(
        Rhk.objects.values_list("skp__pegawai__nip", "text", "parent__text", "skp__status")
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _work_digest() -> str:
    rows = sorted(
        DailyEntry.objects.values_list(
            "pegawai__nip", "date", "start_time", "activity", "quantity", "status"
        )
    )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def cycle(django_db_setup, django_db_blocker):
    """seed_demo and seed_demo_cycle once for this module (they take a while); each test still
    runs in its own transaction, so what a test changes is rolled back."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        output = _run()
        yield output
        with transaction.atomic():
            wipe_activity_data()
            wipe_planning_data()
            wipe_organisation_data()


@pytest.fixture
def named(cycle):
    return named_people()


def test_every_agency_has_its_2026_year_and_targets(cycle):
    years = PerformanceYear.objects.filter(year=2026).select_related("instansi")
    assert {y.instansi.code for y in years} == set(Instansi.objects.values_list("code", flat=True))
    assert {y.instansi.code: y.frequency for y in years}["DISHUB"] == "quarterly"
    assert all(y.periods.count() == (4 if y.frequency == "quarterly" else 12) for y in years)
    for y in years:
        assert OrgTarget.objects.filter(year=y).count() >= 3, y
    apm = OrgTarget.objects.get(
        year__instansi__code="DISDIK", indicator__startswith="Angka Partisipasi Murni"
    )
    assert apm.target_value == 98
    assert SkpTemplate.objects.count() == 2
    assert "Loaded the 2026 cycle" in cycle


def test_most_employees_have_an_skp_in_the_states_a_november_board_shows(cycle):
    active = Pegawai.objects.filter(is_active=True).count()
    holders = Skp.objects.exclude(status="superseded").values("pegawai").distinct().count()
    statuses = Counter(Skp.objects.values_list("status", flat=True))
    assert holders >= 0.97 * active
    assert 0.8 * active <= statuses["approved"] <= 0.92 * active
    assert statuses["submitted"] >= 5 and statuses["returned"] >= 2 and statuses["draft"] >= 3
    assert statuses["superseded"] == 1
    assert Skp.objects.filter(version=2).count() == 2  # one approved, one waiting
    assert active - holders >= 2  # a couple without an SKP yet


def test_every_link_points_at_an_rhk_of_the_raters_skp(cycle):
    linked = Rhk.objects.filter(parent__isnull=False).select_related("skp", "parent__skp")
    assert linked.count() > 300
    for r in linked:
        assert r.parent.skp.pegawai_id == r.skp.rater_id, r
    sekda = Skp.objects.get(rater__isnull=True, status="approved")
    assert all(r.org_target_id for r in sekda.rhks.all())
    heads = Skp.objects.filter(status="approved", pegawai__atasan=sekda.pegawai)
    assert Rhk.objects.filter(
        skp__in=heads, parent__skp=sekda
    ).exists()  # heads take up the Sekda's


def test_the_cascade_has_a_few_gaps_to_show(cycle):
    admin = Pegawai.objects.get(user__username="admin.bkpsdm").user
    orphans = unsupported = 0
    for year in PerformanceYear.objects.filter(year=2026):
        orphans += selectors.gap_list(admin, year, "orphan").count()
        unsupported += selectors.gap_list(admin, year, "unsupported").count()
    assert 2 <= orphans <= 3
    assert unsupported == 1


def test_approved_skps_have_main_results_with_indicators(cycle):
    for skp in Skp.objects.filter(status="approved").prefetch_related("rhks__indicators"):
        main = [r for r in skp.rhks.all() if r.kind == "utama"]
        assert main, skp
        assert all(r.indicators.all() for r in main), skp


def test_entries_stay_within_their_skp_and_period_and_never_in_the_future(cycle):
    entries = DailyEntry.objects.select_related("skp", "period")
    assert entries.count() > 20000
    for e in entries:
        assert e.date <= TODAY
        assert e.skp.start_date <= e.date <= e.skp.end_date
        assert e.period.start_date <= e.date <= e.period.end_date
        assert e.period.year_id == e.skp.year_id
        assert e.skp.status in ("approved", "superseded")
        assert e.skp.pegawai_id == e.pegawai_id


def test_verified_entries_carry_who_verified_them_and_when(cycle):
    statuses = Counter(DailyEntry.objects.values_list("status", flat=True))
    assert statuses["verified"] > statuses["submitted"] > 100
    assert statuses["draft"] and statuses["rejected"] and statuses["superseded"]
    for e in DailyEntry.objects.filter(status__in=("verified", "rejected")).select_related(
        "rater__user"
    ):
        assert e.verified_by_id == e.rater.user_id
        assert e.submitted_at <= e.verified_at <= NOW
    assert not DailyEntry.objects.filter(status="submitted", rater__isnull=True).exists()
    assert not DailyEntry.objects.filter(status="rejected", review_comment="").exists()


def test_bulk_written_entries_have_their_audit_rows(cycle):
    entries = DailyEntry.objects.count()
    created = AuditLog.objects.filter(
        action__in=("entry.created", "entry.correction_opened")
    ).count()
    assert created == entries
    verified = DailyEntry.objects.filter(status__in=("verified", "superseded")).count()
    assert AuditLog.objects.filter(action="entry.verified").count() == verified
    assert (
        AuditLog.objects.filter(action="skp.approved").count()
        == Skp.objects.filter(status__in=("approved", "superseded")).count()
    )


def test_every_file_is_intact_and_of_an_allowed_type(cycle):
    evidence = Evidence.objects.filter(kind="file")
    assert evidence.count() > 1000
    for ev in evidence:
        with default_storage.open(ev.file.name, "rb") as fh:
            data = fh.read()
        assert hashlib.sha256(data).hexdigest() == ev.sha256, ev.file.name
        assert len(data) == ev.size
        sniffed = files.sniff(data[:16])
        assert sniffed is not None and sniffed.content_type == ev.content_type
    assert Evidence.objects.filter(
        kind="link", url__startswith="https://drive.sukamajukab.go.id/"
    ).exists()
    assert (
        ManualRealisation.objects.filter(evidence__isnull=False).count()
        == ManualRealisation.objects.count()
    )


def test_the_named_pegawai_has_a_year_of_work_with_evidence_and_feedback(named):
    me = named["pegawai"]
    assert Skp.objects.get(pegawai=me).status == "approved"
    entries = DailyEntry.objects.filter(pegawai=me)
    assert entries.count() > 150
    assert Evidence.objects.filter(entry__pegawai=me, kind="file").exists()
    assert Feedback.objects.filter(pegawai=me, parent__isnull=True).count() >= 3
    assert Feedback.objects.filter(pegawai=me, parent__isnull=False).exists()  # they replied
    assert Dialogue.objects.filter(pegawai=me).exists()


def test_the_named_atasan_has_work_waiting(named):
    boss = named["atasan"]
    assert verification_queue(boss).count() >= 10
    assert Skp.objects.filter(rater=boss, status="submitted").count() >= 1
    team = {m.pegawai.pk: m for m in team_month(boss, day=TODAY)}
    assert any(m.idle_working_days and m.idle_working_days >= 5 for m in team.values())


def test_running_it_again_changes_nothing(cycle):
    before = (Skp.objects.count(), DailyEntry.objects.count(), AuditLog.objects.count())
    assert "already loaded" in _run()
    assert (Skp.objects.count(), DailyEntry.objects.count(), AuditLog.objects.count()) == before


def test_it_refuses_without_the_demo_regency(cycle):
    Instansi.objects.filter(code="DISHUB").update(code="DISHUB-X")
    with pytest.raises(CommandError, match="seed_demo"):
        _run()


def test_reset_reloads_exactly_the_same_cycle(cycle):
    plans, work = _plans_digest(), _work_digest()
    _run("--reset")
    assert _plans_digest() == plans
    assert _work_digest() == work
    opened = AuditLog.objects.filter(action__in=("skp.created", "skp.revision_opened")).count()
    assert opened == Skp.objects.count()
