"""`manage.py seed_demo_cycle [--reset]`: the 2026 performance cycle of the demo regency, on top
of `seed_demo` — performance years and organisation targets, an SKP for nearly everyone with a
real cascade, and the year's daily work up to today with evidence, verification and feedback.

Deterministic (random.Random(2026)) for a given today; idempotent (a second run says the cycle
is already loaded); `--reset` deletes the demo agencies' plans and daily work first. Everything
runs in one transaction."""

from __future__ import annotations

import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kinerja.activity.demo import load_activity, wipe_activity_data
from kinerja.organisation.demo_data import PASSWORD, plan_demo
from kinerja.organisation.models import Instansi, Pegawai
from kinerja.planning.demo import (
    SEED,
    YEAR,
    agency_codes,
    load_planning,
    wipe_planning_data,
)
from kinerja.planning.models import PerformanceYear


class Command(BaseCommand):
    help = "Load the demo regency's 2026 cycle (plans, daily work, feedback) after seed_demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo agencies' plans and daily work first, then load them again.",
        )

    def handle(self, *args, reset: bool = False, **options):
        started = time.monotonic()
        codes = agency_codes()
        plan = plan_demo()
        nips = [login for _role, login, idx in plan.logins[:3] if idx is not None]
        if Instansi.objects.filter(code__in=codes).count() != len(codes) or (
            Pegawai.objects.filter(nip__in=nips).count() != len(nips)
        ):
            raise CommandError(
                "The demo regency is not loaded: run `manage.py seed_demo` first, then "
                "`manage.py seed_demo_cycle`."
            )
        today = timezone.localdate()
        if today < datetime.date(YEAR, 2, 1):
            raise CommandError(
                f"The demo cycle is set in {YEAR}: run it on 1 February {YEAR} or later."
            )
        today = min(today, datetime.date(YEAR, 12, 31))  # later years see the whole of 2026
        years = PerformanceYear.objects.filter(instansi__code__in=codes, year=YEAR)
        if reset:
            with transaction.atomic():
                wipe_activity_data()
                wipe_planning_data()
        elif years.count() == len(codes):
            self.stdout.write(f"The {YEAR} demo cycle is already loaded; nothing to do.")
            return
        elif years.exists():
            raise CommandError(
                f"Some demo agencies already have a {YEAR} performance year, others not. Run "
                "`manage.py seed_demo_cycle --reset` to replace them with the demo cycle."
            )
        rng = random.Random(SEED)
        with transaction.atomic():
            planning = load_planning(rng=rng, today=today)
            planned = time.monotonic()
            activity = load_activity(rng=rng, planning=planning)
        c, a = planning.counts, activity
        self.stdout.write(self.style.SUCCESS(
            f"Loaded the {YEAR} cycle of Kabupaten Sukamaju up to {today:%d-%m-%Y}: "
            f"{len(planning.year_of)} performance years; SKP {c.get('approved', 0)} approved, "
            f"{c.get('submitted', 0)} submitted, {c.get('returned', 0)} returned, "
            f"{c.get('draft', 0)} drafts, {c.get('none', 0)} employees without one, "
            f"{c.get('revisions', 0)} revisions ({planned - started:.1f} s); "
            f"{a.get('entries', 0):,} daily entries ({a.get('pending', 0):,} waiting for "
            f"verification, {a.get('drafts', 0)} drafts, {a.get('rejected', 0)} rejected), "
            f"{a.get('evidence', 0):,} evidence ({a.get('files', 0):,} files), "
            f"{a.get('manual', 0):,} manual realisations, {a.get('feedback', 0)} feedback, "
            f"{a.get('dialogues', 0)} dialogues ({time.monotonic() - planned:.1f} s)."
        ))  # fmt: skip
        named = planning.named
        self.stdout.write(
            f"\nTry: the pegawai {named['pegawai'].nip}, their Kepala Bidang "
            f"{named['atasan'].nip} (work waiting in Tim saya and Verifikasi), the Kepala Dinas "
            f"{named['kadis'].nip}, and admin.disdik for the status board and cascade "
            f"(password {PASSWORD})."
        )
