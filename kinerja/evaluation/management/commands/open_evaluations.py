"""`manage.py open_evaluations [--date YYYY-MM-DD]`: open the evaluations that are due. Run once a
day (cron or a systemd timer, beside `send_reminders`): for every performance year not closed it
opens the periodic evaluations of each period that has started and, once the year's last period
has started, the annual ones. Idempotent: a second run on the same day creates nothing, and an
SKP approved late gets its evaluations on the next run."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from kinerja.evaluation.services import evaluations_open_due


class Command(BaseCommand):
    help = "Open the periodic and annual evaluations that are due (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="Judge as of this day (YYYY-MM-DD); default today.")  # fmt: skip

    def handle(self, *args, date, **options):
        today = date or timezone.localdate()
        result = evaluations_open_due(today=today)
        self.stdout.write(
            f"{today}: {result['created']} evaluation(s) opened in {result['periods']} period(s) "
            f"of {result['years']} open performance year(s)."
        )
