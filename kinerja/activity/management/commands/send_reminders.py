"""`manage.py send_reminders [--idle-days 3] [--pending-days 3] [--date YYYY-MM-DD] [--dry-run]`:
the daily reminders. Run once each working day (cron or a systemd timer); a second run on the same
day sends nothing new."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from kinerja.activity.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind employees who have not reported and superiors with entries waiting for verification."

    def add_arguments(self, parser):
        parser.add_argument("--idle-days", type=int, default=3,
                            help="Working days without a report before an employee is reminded (default 3).")  # fmt: skip
        parser.add_argument("--pending-days", type=int, default=3,
                            help="Days a submitted entry waits before its superior is reminded (default 3).")  # fmt: skip
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None,
                            help="Judge as of this day (YYYY-MM-DD); default today.")  # fmt: skip
        parser.add_argument("--dry-run", action="store_true",
                            help="Only count who would be reminded; send nothing.")  # fmt: skip

    def handle(self, *args, idle_days: int, pending_days: int, date, dry_run: bool, **options):
        if idle_days < 1 or pending_days < 0:
            raise CommandError("--idle-days must be at least 1 and --pending-days at least 0.")
        result = send_reminders(
            today=date, idle_days=idle_days, pending_days=pending_days, dry_run=dry_run
        )
        verb = "would be reminded" if dry_run else "reminded"
        self.stdout.write(
            f"{result['date']}: {result['idle']} employee(s) without reports for {idle_days} working "
            f"day(s) {verb}; {result['pending']} superior(s) with entries waiting over {pending_days} "
            f"day(s) {verb}."
        )
