"""Delete evidence files that no Evidence row points to (left by a transaction that rolled back
after the upload was stored). Files younger than --min-age-hours are kept: their transaction may
still be running."""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from kinerja.activity.models import Evidence


class Command(BaseCommand):
    help = "Delete orphaned evidence files under bukti/."

    def add_arguments(self, parser):
        parser.add_argument("--min-age-hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, min_age_hours, dry_run, **options):
        cutoff = timezone.now() - datetime.timedelta(hours=min_age_hours)
        known = set(Evidence.objects.exclude(file="").values_list("file", flat=True))
        removed = 0
        for name in _walk("bukti"):
            if name in known:
                continue
            try:
                modified = default_storage.get_modified_time(name)
            except (NotImplementedError, OSError):
                continue
            if modified > cutoff:
                continue
            removed += 1
            if not dry_run:
                default_storage.delete(name)
        self.stdout.write(f"{'would remove' if dry_run else 'removed'} {removed} orphaned file(s)")


def _walk(path: str):
    try:
        dirs, files = default_storage.listdir(path)
    except (FileNotFoundError, NotImplementedError):
        return
    for f in files:
        yield f"{path}/{f}"
    for d in dirs:
        yield from _walk(f"{path}/{d}")
