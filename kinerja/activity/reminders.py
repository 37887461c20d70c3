"""Reminders (DOMAIN.md §6 item 4: people write reminder bots themselves).

Once a working day: every active employee with an approved SKP in force who has reported nothing
for `idle_days` working days (Monday–Friday, as `selectors.working_days_between` counts them) is
reminded to record their work, and every superior with submitted entries waiting more than
`pending_days` days is reminded to verify them.

Set-based: a fixed number of queries whatever the number of employees (who is due is decided in
the database; one bulk insert per kind). Idempotent per day: the notification's url marks its
kind, and whoever already has today's notification of that kind is left out, so a second run
on the same day sends nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.models import Notification
from kinerja.core.notify import notify
from kinerja.organisation.models import Pegawai
from kinerja.planning.choices import SkpStatus
from kinerja.planning.models import Skp

from .choices import EntryStatus
from .models import DailyEntry

# The query string marks the reminder's kind; the pages ignore it.
IDLE_MARK = "?pengingat=laporan"
PENDING_MARK = "?pengingat=verifikasi"


def idle_cutoff(today: datetime.date, idle_days: int) -> datetime.date:
    """The latest last-report date that makes someone idle on `today`: with nothing after it,
    `idle_days` working days up to and including today have passed without a report
    (`working_days_between(cutoff, today) == idle_days`)."""
    if idle_days < 1:
        raise ValueError("idle_days must be at least 1")
    day, seen = today, 0
    while True:
        if day.weekday() < 5:
            seen += 1
            if seen == idle_days:
                return day - datetime.timedelta(days=1)
        day -= datetime.timedelta(days=1)


def _today_bounds() -> tuple[datetime.datetime, datetime.datetime]:
    """Today as the notifications' own clock sees it (local midnight to midnight)."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + datetime.timedelta(days=1)


def _not_yet_reminded(url: str) -> Q:
    start, end = _today_bounds()
    sent = Notification.objects.filter(
        user_id=OuterRef("user_id"), url=url, created_at__gte=start, created_at__lt=end
    )
    return ~Q(Exists(sent))


def _reachable() -> QuerySet[Pegawai]:
    return Pegawai.objects.filter(is_active=True, user__isnull=False, user__is_active=True)


def idle_employees(today: datetime.date, idle_days: int, url: str) -> QuerySet[Pegawai]:
    """Employees with an approved SKP in force (long enough to owe `idle_days` working days of
    reports) and no report, in any state but superseded, after the cutoff."""
    cutoff = idle_cutoff(today, idle_days)
    in_force = Skp.objects.filter(
        pegawai=OuterRef("pk"),
        status=SkpStatus.APPROVED,
        start_date__lte=min(today, cutoff + datetime.timedelta(days=1)),
        end_date__gte=today,
    )
    recent = DailyEntry.objects.filter(pegawai=OuterRef("pk"), date__gt=cutoff).exclude(
        status=EntryStatus.SUPERSEDED
    )
    return _reachable().filter(Exists(in_force), ~Exists(recent), _not_yet_reminded(url))


def superiors_with_pending(today: datetime.date, pending_days: int, url: str) -> QuerySet[Pegawai]:
    """Superiors (the entry's verifier, or the employee's superior when none was recorded) of
    submitted entries that have waited more than `pending_days` days, in years still open.
    Asked per superior (EXISTS on the verifier's index), so the plan does not depend on how
    many entries wait across the Pemda."""
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=pending_days), datetime.time())
    )
    waiting = DailyEntry.objects.filter(
        status=EntryStatus.SUBMITTED, submitted_at__lt=since, skp__year__is_closed=False
    )
    as_verifier = Exists(waiting.filter(rater_id=OuterRef("pk")))
    as_superior = Exists(waiting.filter(rater__isnull=True, pegawai__atasan_id=OuterRef("pk")))
    return _reachable().filter(as_verifier | as_superior, _not_yet_reminded(url))


def _users(pegawai: QuerySet[Pegawai]) -> list[Any]:
    return list(get_user_model().objects.filter(pk__in=pegawai.values("user_id")).order_by("pk"))


@transaction.atomic
def send_reminders(*, today: datetime.date | None = None, idle_days: int = 3, pending_days: int = 3,
                   dry_run: bool = False) -> dict[str, Any]:  # fmt: skip
    """Remind idle employees and superiors with a waiting queue, at most once a day each.
    Returns how many of each were (or, with `dry_run`, would be) notified."""
    today = today or timezone.localdate()
    if pending_days < 0:
        raise ValueError("pending_days must not be negative")
    idle_url = reverse("activity:my_entries") + IDLE_MARK
    pending_url = reverse("activity:queue") + PENDING_MARK
    idle = _users(idle_employees(today, idle_days, idle_url))
    superiors = _users(superiors_with_pending(today, pending_days, pending_url))
    if not dry_run:
        notify(idle, _("Anda belum mengisi laporan harian selama %(n)s hari kerja. Catat pekerjaan "
                       "Anda hari ini agar realisasi SKP Anda terhitung.") % {"n": idle_days}, idle_url)  # fmt: skip
        notify(superiors, _("Ada laporan harian bawahan yang menunggu verifikasi Anda lebih dari "
                            "%(n)s hari.") % {"n": pending_days}, pending_url)  # fmt: skip
    return {"date": today.isoformat(), "idle": len(idle), "pending": len(superiors),
            "dry_run": dry_run}  # fmt: skip
