"""The demo evaluations (`manage.py seed_demo_evaluation` after `seed_demo_cycle`): a regency in
late November whose raters have rated October, through the real services, and whose named
logins each find something on /penilaian/."""

import datetime
import io
from collections import Counter
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from kinerja.activity.demo import wipe_activity_data
from kinerja.core.models import AuditLog
from kinerja.evaluation import services
from kinerja.evaluation.demo import wipe_evaluation_data
from kinerja.evaluation.models import Evaluation, EvaluationTransition, Objection, UnitPredikat
from kinerja.organisation.management.commands.seed_demo import wipe_organisation_data
from kinerja.planning.demo import named_people, wipe_planning_data
from kinerja.scoring.rules import Rating, predikat

pytestmark = pytest.mark.django_db

# A Friday afternoon in November: October is being rated, November is running.
NOW = datetime.datetime(2026, 11, 20, 14, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def _run(*args: str) -> str:
    out = io.StringIO()
    with mock.patch.object(timezone, "now", lambda: NOW):
        call_command("seed_demo_evaluation", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo regency, its cycle and its evaluations once for this module (they take a
    while); each test still runs in its own transaction."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())
        with mock.patch.object(timezone, "now", lambda: NOW):
            call_command("seed_demo_cycle", stdout=io.StringIO())
        output = _run()
        yield output
        with transaction.atomic():
            wipe_evaluation_data()
            wipe_activity_data()
            wipe_planning_data()
            wipe_organisation_data()


@pytest.fixture
def named(demo):
    return named_people()


def _final():
    return Evaluation.objects.exclude(status="open")


def test_every_started_period_is_open_and_the_last_ended_one_is_rated(demo):
    assert "Loaded the 2026 evaluations" in demo
    periods = Counter(Evaluation.objects.values_list("period__number", flat=True))
    assert set(periods) >= set(range(1, 12))  # January to November
    assert Evaluation.objects.filter(kind="annual").count() > 0  # the quarterly agency's year
    assert not Evaluation.objects.filter(period__start_date__gt=NOW.date()).exists()
    october = Evaluation.objects.filter(period__number=10, period__year__frequency="monthly")
    assert october.exclude(status="open").count() >= 0.9 * october.exclude(rater=None).count()
    assert not Evaluation.objects.filter(period__number=11).exclude(status="open").exists()
    # Suggestions were computed for the open ones too, and every opening left its transition.
    assert Evaluation.objects.filter(status="open").exclude(suggested_rating="").count() > 2000
    assert EvaluationTransition.objects.filter(from_status="", to_status="open").count() == (
        Evaluation.objects.count()
    )


def test_a_spread_of_predikat_mostly_baik(demo):
    spread = Counter(_final().values_list("predikat", flat=True))
    total = sum(spread.values())
    assert total > 250
    assert spread["baik"] > 0.6 * total
    assert 0.03 * total <= spread["sangat_baik"] <= 0.2 * total
    assert 0.03 * total <= spread["butuh_perbaikan"] <= 0.15 * total


def test_every_predikat_is_the_matrix_of_its_ratings(demo):
    for h, p, result in Evaluation.objects.exclude(predikat="").values_list(
        "rating_hasil_kerja", "rating_perilaku", "predikat"
    ):
        assert predikat(Rating(h), Rating(p)).value == result


def test_departures_have_reasons_and_final_ones_feedback(demo):
    final = list(_final().prefetch_related("behaviour_feedback"))
    departures = [e for e in final if e.departs_from_suggestion]
    assert len(departures) >= 10
    for e in departures:
        # The rater wrote why, or the superior's objection decision changed the rating.
        changed = Objection.objects.filter(evaluation=e, decision="changed").first()
        assert len(e.departure_reason) > 40 or (changed and changed.decision_text), e
    for e in final:
        assert e.feedback and e.finalised_by_id
        assert all(b.feedback for b in e.behaviour_feedback.all()), e
    assert AuditLog.objects.filter(action="evaluation.finalised").count() == len(final)


def test_curve_warnings_were_seen_where_they_arose(demo):
    assert UnitPredikat.objects.count() >= 5
    warned = _final().exclude(curve_warnings=[])
    assert warned.exists()
    assert not warned.filter(curve_acknowledged_at=None).exists()
    assert not _final().filter(curve_warnings=[]).exclude(curve_acknowledged_at=None).exists()


def test_peer_summaries_show_from_three_answers_only(demo):
    shown = hidden = 0
    for ev in Evaluation.objects.filter(peer_requests__isnull=False).distinct():
        for group in services.peer_summary(ev):
            assert group.shown == (group.answered >= 3)
            if not group.shown:
                assert not group.per_value and not group.comments
            shown += group.shown
            hidden += not group.shown
    assert shown >= 2 and hidden >= 2


def test_acknowledgements_and_objections(demo):
    assert Evaluation.objects.filter(status="acknowledged").count() > 50
    assert Objection.objects.count() == 2
    decided = Objection.objects.get(decided_at__isnull=False)
    waiting = Objection.objects.get(decided_at__isnull=True)
    assert decided.evaluation.status == "decided" and decided.decision_text
    assert decided.decided_by == decided.evaluation.rater_superior.user
    assert waiting.evaluation.status == "objected"


def test_the_named_logins_each_find_something_on_penilaian(named):
    anton, novi, bayu = named["pegawai"], named["atasan"], named["kadis"]
    mine = Evaluation.objects.filter(pegawai=anton)
    october = mine.get(period__number=10)
    assert october.status == "final" and october.predikat
    assert mine.filter(period__number=11, status="open").exists()
    assert october.self_assessment.comment
    assert [g.shown for g in services.peer_summary(october)] == [True]
    assert Evaluation.objects.filter(rater=novi, period__number=10, status="open").count() == 2
    assert (
        Evaluation.objects.filter(rater=novi, status="open").exclude(suggested_rating="").exists()
    )
    assert Objection.objects.filter(
        evaluation__rater_superior=bayu, decided_at__isnull=True
    ).exists()

    client = Client()
    for login, url, text in (
        (anton.user, "/penilaian/", "Oktober"),
        (anton.user, f"/penilaian/{october.pk}/", "Mengapa"),
        (novi.user, "/penilaian/tim/", anton.name),
        (bayu.user, "/penilaian/keberatan/", "Keberatan"),
        (None, "/penilaian/instansi/?period=" + str(october.period_id), "Baik"),
    ):
        user = login or get_user_model().objects.get(username="admin.disdik")
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_running_it_again_changes_nothing(demo):
    before = (Evaluation.objects.count(), AuditLog.objects.count())
    assert "already loaded" in _run()
    assert (Evaluation.objects.count(), AuditLog.objects.count()) == before
