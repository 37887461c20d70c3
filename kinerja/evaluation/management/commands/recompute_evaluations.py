"""`manage.py recompute_evaluations [--instansi ID ...] [--year YYYY]`: recompute, set-based, the
suggestions of the open evaluations and the predikat of all (kinerja/evaluation/recompute.py);
for operators after a rules or data fix. The admin page starts the same work as a job."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kinerja.evaluation.recompute import recompute


class Command(BaseCommand):
    help = "Recompute evaluation suggestions (open ones) and predikat (all), set-based."

    def add_arguments(self, parser):
        parser.add_argument("--instansi", type=int, nargs="+", default=None,
                            help="Only these agencies (ids); default all.")  # fmt: skip
        parser.add_argument("--year", type=int, default=None, help="Only this performance year.")

    def handle(self, *args, instansi, year, **options):
        result = recompute(instansi_ids=instansi, year=year)
        self.stdout.write(
            f"{result.evaluations:,} open evaluation(s) recomputed in {result.chunks} chunk(s): "
            f"{result.suggestions_changed:,} suggestion(s) and {result.predikat_changed:,} "
            f"predikat changed ({result.seconds:.1f} s)."
        )
