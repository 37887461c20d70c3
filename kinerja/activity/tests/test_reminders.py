"""Reminders: who is reminded and who is not, at most once a day, in a fixed number of queries
whatever the number of employees. 'Today' is Friday 15 May 2026 (the `today` fixture)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.activity import services
from kinerja.activity.models import DailyEntry
from kinerja.activity.reminders import IDLE_MARK, PENDING_MARK, idle_cutoff, send_reminders
from kinerja.activity.selectors import working_days_between
from kinerja.core.models import Notification
from kinerja.organisation.tests.factories import PegawaiFactory, UserFactory, make_nip
from kinerja.planning.models import Skp

pytestmark = pytest.mark.django_db
T = datetime.time


def report(cast, plan, day: datetime.date, submit: bool = False) -> DailyEntry:
    e = services.entry_save(
        entry=DailyEntry(rhk=plan["rhk"], indicator=plan["count"], date=day, start_time=T(8),
                         end_time=T(9), activity="Rekap data", quantity=Decimal(1)),
        actor=cast.employee.user,
    )  # fmt: skip
    if submit:
        services.entry_submit(entries=[e], actor=cast.employee.user)
    return e


def reminded(kind: str = IDLE_MARK) -> list:
    return sorted(
        Notification.objects.filter(url__endswith=kind).values_list("user__username", flat=True)
    )


def test_the_cutoff_agrees_with_the_working_day_count():
    start = datetime.date(2026, 4, 27)
    for offset in range(21):
        today = start + datetime.timedelta(days=offset)
        for idle_days in range(1, 7):
            cutoff = idle_cutoff(today, idle_days)
            for back in range(0, 15):
                last = today - datetime.timedelta(days=back)
                assert (last <= cutoff) == (working_days_between(last, today) >= idle_days)


def test_an_employee_without_reports_is_reminded_once_a_day(cast, approved, today):
    result = send_reminders()
    assert result == {"date": "2026-05-15", "idle": 1, "pending": 0, "dry_run": False}
    # Budi has an approved SKP; Dewi, Siti and Hendra have none in force.
    assert reminded() == [cast.employee.user.username]
    note = Notification.objects.get(url__endswith=IDLE_MARK)
    assert "3 hari kerja" in note.message and note.url.startswith("/pelaksanaan/")
    assert send_reminders()["idle"] == 0  # the same day: nothing new
    assert len(reminded()) == 1
    # the next day, again
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert send_reminders(today=datetime.date(2026, 5, 18))["idle"] == 1
    assert len(reminded()) == 2


@pytest.mark.parametrize(
    ("last", "status", "due"),
    [
        (datetime.date(2026, 5, 12), "draft", True),  # Wed, Thu, Fri without a report
        (datetime.date(2026, 5, 13), "draft", False),  # Thu and Fri only
        (datetime.date(2026, 5, 13), "submitted", False),  # any state counts ...
        (datetime.date(2026, 5, 13), "superseded", True),  # ... but a replaced version
        (datetime.date(2026, 5, 15), "draft", False),
    ],
)
def test_a_recent_report_spares_the_reminder(cast, approved, today, last, status, due):
    e = report(cast, approved, last)
    DailyEntry.objects.filter(pk=e.pk).update(status=status)
    assert send_reminders()["idle"] == int(due)


def test_the_number_of_working_days_is_a_setting(cast, approved, today):
    report(cast, approved, datetime.date(2026, 5, 13))  # a Wednesday: Thu and Fri without
    assert send_reminders(idle_days=3)["idle"] == 0
    assert send_reminders(idle_days=2)["idle"] == 1
    # over a weekend: Friday's report, judged on Tuesday, is two working days old
    assert send_reminders(today=datetime.date(2026, 5, 19), idle_days=3)["idle"] == 0


def test_a_new_skp_owes_no_reports_yet(cast, approved, today):
    Skp.objects.filter(pk=approved["skp"].pk).update(start_date=datetime.date(2026, 5, 14))
    assert send_reminders()["idle"] == 0  # only Thursday and Friday owed
    Skp.objects.filter(pk=approved["skp"].pk).update(start_date=datetime.date(2026, 5, 13))
    assert send_reminders()["idle"] == 1


@pytest.mark.parametrize("change", ["inactive", "no_login", "inactive_login", "skp_ended"])
def test_who_cannot_be_or_need_not_be_reminded_is_not(cast, approved, today, change):
    budi = cast.employee
    if change == "inactive":
        type(budi).objects.filter(pk=budi.pk).update(is_active=False)
    elif change == "no_login":
        type(budi).objects.filter(pk=budi.pk).update(user=None)
    elif change == "inactive_login":
        type(budi.user).objects.filter(pk=budi.user_id).update(is_active=False)
    else:
        Skp.objects.filter(pk=approved["skp"].pk).update(end_date=datetime.date(2026, 5, 14))
    assert send_reminders()["idle"] == 0


def test_a_superior_with_entries_waiting_is_reminded_once_a_day(cast, approved, today):
    waiting = report(cast, approved, datetime.date(2026, 5, 11), submit=True)
    fresh = report(cast, approved, datetime.date(2026, 5, 14), submit=True)
    aware = lambda d, h: timezone.make_aware(datetime.datetime.combine(d, T(h)))  # noqa: E731
    DailyEntry.objects.filter(pk=fresh.pk).update(
        submitted_at=aware(datetime.date(2026, 5, 14), 16)
    )
    DailyEntry.objects.filter(pk=waiting.pk).update(
        submitted_at=aware(datetime.date(2026, 5, 12), 9)
    )
    assert send_reminders()["pending"] == 0  # three days, not more
    DailyEntry.objects.filter(pk=waiting.pk).update(
        submitted_at=aware(datetime.date(2026, 5, 11), 16)
    )
    assert send_reminders()["pending"] == 1
    assert reminded(PENDING_MARK) == [cast.supervisor.user.username]  # not Hendra, two levels up
    assert "menunggu verifikasi" in Notification.objects.get(url__endswith=PENDING_MARK).message
    assert send_reminders()["pending"] == 0
    # verified: nothing waits any more, even on a later day
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    services.entry_review(entries=[waiting, fresh], actor=cast.supervisor.user, accept=True)
    assert send_reminders(today=datetime.date(2026, 5, 20))["pending"] == 0


def test_without_a_recorded_verifier_the_current_superior_is_reminded(cast, approved, today):
    e = report(cast, approved, datetime.date(2026, 5, 4), submit=True)
    old = timezone.make_aware(datetime.datetime(2026, 5, 4, 16))
    DailyEntry.objects.filter(pk=e.pk).update(rater=None, submitted_at=old)
    assert send_reminders()["pending"] == 1
    assert reminded(PENDING_MARK) == [cast.supervisor.user.username]


def test_a_closed_year_reminds_nobody_to_verify(cast, approved, today):
    e = report(cast, approved, datetime.date(2026, 5, 4), submit=True)
    DailyEntry.objects.filter(pk=e.pk).update(
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 4))
    )
    approved["year"].__class__.objects.filter(pk=approved["year"].pk).update(is_closed=True)
    assert send_reminders()["pending"] == 0


def _staff(cast, approved, n: int, start: int) -> None:
    """`n` more of Siti's staff, each with a login and an approved SKP in force; half of them
    with a submitted entry waiting a week."""
    for i in range(start, start + n):
        nip = make_nip(500 + i)
        p = PegawaiFactory(nip=nip, instansi=cast.pendidikan, unit=cast.bidang,
                           atasan=cast.supervisor, user=UserFactory(username=nip))  # fmt: skip
        p.refresh_from_db()
        skp = Skp.objects.create(pegawai=p, year=approved["year"], rater=cast.supervisor,
                                 start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 12, 31),
                                 status="approved")  # fmt: skip
        if i % 2:
            DailyEntry.objects.create(
                pegawai=p, skp=skp, rhk=approved["rhk"], period=approved["year"].periods.get(number=5),
                date=datetime.date(2026, 5, 4), start_time=T(8), end_time=T(9), activity="x",
                status="submitted", rater=cast.supervisor,
                submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 16)),
            )  # fmt: skip


def test_the_number_of_queries_does_not_grow_with_the_staff(cast, approved, today):
    _staff(cast, approved, 2, 0)
    with CaptureQueriesContext(connection) as small:
        first = send_reminders()
    Notification.objects.all().delete()
    _staff(cast, approved, 20, 2)
    with CaptureQueriesContext(connection) as large:
        second = send_reminders()
    assert (first["idle"], second["idle"]) == (3, 23)  # Budi and the new staff
    assert first["pending"] == second["pending"] == 1  # Siti
    assert len(large) == len(small) <= 8


def test_the_command_counts_on_a_dry_run_and_sends_otherwise(cast, approved, today):
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--idle-days", "3", stdout=out)
    assert "1 employee(s) without reports for 3 working day(s) would be reminded" in out.getvalue()
    assert reminded() == []
    call_command("send_reminders", "--date", "2026-05-15", stdout=io.StringIO())
    assert reminded() == [cast.employee.user.username]


def test_the_task_runs_the_service(cast, approved, today):
    from kinerja.activity.tasks import send_reminders as task

    result = task.enqueue(idle_days=3, pending_days=3)
    assert result.return_value["idle"] == 1
    assert reminded() == [cast.employee.user.username]
