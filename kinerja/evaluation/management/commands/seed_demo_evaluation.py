"""`manage.py seed_demo_evaluation [--reset]`: the 2026 evaluations of the demo regency, on top of
`seed_demo_cycle` — every period that has started opened, suggestions computed, and the last
period that has ended rated: self-assessments, 360°, organisation predikat, ratings with
feedback, departures with reasons, curve warnings seen, acknowledgements and objections
(kinerja/evaluation/demo.py).

Deterministic (random.Random(2026)) for a given today; idempotent (a second run says the
evaluations are already loaded); `--reset` deletes the demo agencies' evaluations first. Runs in
one transaction."""

from __future__ import annotations

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kinerja.evaluation.demo import demo_evaluations, load_evaluation, wipe_evaluation_data
from kinerja.organisation.demo_data import PASSWORD
from kinerja.planning.demo import SEED, YEAR, agency_codes, named_people
from kinerja.planning.models import PerformanceYear


class Command(BaseCommand):
    help = "Load the demo regency's 2026 evaluations after seed_demo_cycle."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo agencies' evaluations first, then load them again.",
        )

    def handle(self, *args, reset: bool = False, **options):
        started = time.monotonic()
        codes = agency_codes()
        if PerformanceYear.objects.filter(instansi__code__in=codes, year=YEAR).count() != len(
            codes
        ):
            raise CommandError(
                f"The {YEAR} demo cycle is not loaded: run `manage.py seed_demo` and "
                "`manage.py seed_demo_cycle` first, then `manage.py seed_demo_evaluation`."
            )
        today = min(timezone.localdate(), datetime.date(YEAR, 12, 31))
        if reset:
            with transaction.atomic():
                wipe_evaluation_data()
        elif demo_evaluations().exists():
            self.stdout.write(f"The {YEAR} demo evaluations are already loaded; nothing to do.")
            return
        with transaction.atomic():
            demo = load_evaluation(rng=random.Random(SEED), today=today)
        c = demo.counts
        self.stdout.write(self.style.SUCCESS(
            f"Loaded the {YEAR} evaluations of Kabupaten Sukamaju up to {today:%d-%m-%Y}: "
            f"{c['evaluations']:,} evaluations ({c['open']:,} open), {c['final']} rated and "
            f"final — Sangat Baik {c['predikat_sangat_baik']}, Baik {c['predikat_baik']}, "
            f"Butuh Perbaikan {c['predikat_butuh_perbaikan']}; {c['departures']} departing from "
            f"the suggestion with a reason, {c['curve_acknowledged']} curve warnings "
            f"acknowledged, {c['acknowledged']} accepted by the employee, {c['objections']} "
            f"objections ({c['objections_decided']} decided); {c['self']} self-assessments, "
            f"{c['peer_answered']} of {c['peer_asked']} 360° requests answered, "
            f"{c['unit_predikat']} organisation predikat ({time.monotonic() - started:.1f} s)."
        ))  # fmt: skip
        named = named_people()
        if {"pegawai", "atasan", "kadis"} <= set(named):
            self.stdout.write(
                f"\nPenilaian (/penilaian/): the pegawai {named['pegawai'].nip} sees last "
                f"period's result and why, and the running one open; their Kepala Bidang "
                f"{named['atasan'].nip} has team evaluations to rate; the Kepala Dinas "
                f"{named['kadis'].nip} an objection to decide; admin.disdik the agency's results "
                f"and distribution (password {PASSWORD})."
            )
