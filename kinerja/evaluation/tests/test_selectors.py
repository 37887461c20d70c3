"""Reads scoped to the acting employee, and the evidence and feedback behind each indicator
counted up to the evaluation's end."""

import datetime
from decimal import Decimal

import pytest

from kinerja.activity import services as act
from kinerja.activity.models import DailyEntry, Evidence
from kinerja.evaluation import selectors, services
from kinerja.evaluation.models import PeerRequest

pytestmark = pytest.mark.django_db


def test_lists_are_scoped_to_me(cast, evaluation):
    assert list(selectors.evaluation_list_for_pegawai(cast.employee)) == [evaluation]
    assert list(selectors.evaluation_list_for_pegawai(cast.peer)) == []
    [row] = selectors.evaluation_list_for_rater(cast.supervisor)
    assert row == evaluation and (row.has_self, row.peers_asked, row.peers_answered) == (
        False,
        0,
        0,
    )
    assert not selectors.evaluation_list_for_rater(cast.head).exists()
    assert not selectors.evaluation_list_for_rater(cast.supervisor, status="final").exists()
    assert not selectors.evaluation_list_for_rater(cast.supervisor, annual=True).exists()
    assert [p.number for p in selectors.rater_periods(cast.supervisor)] == [5]


def test_the_360_inbox_is_mine_and_never_about_myself(cast, evaluation):
    PeerRequest.objects.create(evaluation=evaluation, respondent=cast.peer, relation="peer")
    PeerRequest.objects.create(evaluation=evaluation, respondent=cast.employee, relation="peer")
    assert selectors.pending_peer_count(cast.peer) == 1
    assert selectors.pending_peer_count(cast.employee) == 0
    assert not selectors.peer_requests_for_respondent(cast.employee).exists()
    assert not selectors.peer_requests_for_respondent(cast.head).exists()


def test_objections_reach_the_raters_superior_only(cast, evaluation):
    services.evaluation_rate(evaluation=evaluation, actor=cast.supervisor.user, hasil_kerja="sesuai",
                             perilaku="sesuai")  # fmt: skip
    ev = services.evaluation_finalise(evaluation=evaluation, actor=cast.supervisor.user)
    services.objection_file(evaluation=ev, actor=cast.employee.user, reasons="Cek ulang")
    assert selectors.objections_for_superior(cast.head).count() == 1
    assert not selectors.objections_for_superior(cast.supervisor).exists()


def test_evidence_and_feedback_per_indicator_up_to_the_period_end(cast, evaluation, approved):
    count = approved["count"]
    for e in DailyEntry.objects.filter(indicator=count):
        Evidence.objects.create(entry=e, kind="link", url=f"https://bukti.example.go.id/{e.pk}")
    # a June entry is after May's evaluation: not counted
    june = act.entry_save(entry=DailyEntry(rhk=approved["rhk"], indicator=count, date=datetime.date(2026, 5, 14),
                                           start_time=datetime.time(8), end_time=datetime.time(9),
                                           activity="Juni", quantity=Decimal(1)), actor=cast.employee.user)  # fmt: skip
    DailyEntry.objects.filter(pk=june.pk).update(date=datetime.date(2026, 6, 1), status="verified")
    Evidence.objects.create(entry=june, kind="link", url="https://bukti.example.go.id/juni")
    act.feedback_give(
        actor=cast.supervisor.user, pegawai=cast.employee, indicator=count, text="Bagus"
    )
    out = selectors.indicator_evidence(evaluation, [count.pk, approved["speed"].pk])
    assert out[count.pk].evidence_count == 2 and len(out[count.pk].evidence) == 2
    assert "juni" not in " ".join(e.url for e in out[count.pk].evidence)
    assert out[count.pk].feedback_count == 1 and out[count.pk].feedback[0].text == "Bagus"
    assert out[approved["speed"].pk].evidence_count == 0
