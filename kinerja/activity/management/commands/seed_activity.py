"""`manage.py seed_activity --employees N [--days 250] [--seed 2026]`: a year of daily work for
benchmarks, on top of `seed_synthetic` (run first with the same N; run here when the database has
no organisation yet).

For this year: a performance year with monthly periods per agency; one approved SKP per active
employee (rater = their superior) with 2 RHK, each linked to the superior's RHK of the same rank
and holding 1–2 indicators (a countable quantity, sometimes a time indicator); and one daily
entry per working day per employee over the last `--days` working days up to today (within the
year): verified, except those of the last five working days, which wait in the superior's queue.
10,000 employees × 250 days is 2.5 million entries: they are streamed with COPY on PostgreSQL
(chunked executemany elsewhere), so it takes minutes, not hours.

Benchmark data, not demo data: no per-row audit trail; one summary audit row
(`activity.synthetic_seeded`) records what was written."""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kinerja.activity.choices import EntryStatus
from kinerja.activity.models import DailyEntry
from kinerja.core.audit import audit_log
from kinerja.organisation.management.commands.seed_synthetic import _insert, _next_pk
from kinerja.organisation.models import Instansi, Pegawai
from kinerja.planning.choices import Aspek, Direction, RhkKind, SkpStatus, TargetKind
from kinerja.planning.models import (
    BehaviourValue,
    Indicator,
    PerformanceYear,
    Period,
    Rhk,
    Skp,
    SkpBehaviour,
)

MONTH_NAMES = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"]  # fmt: skip
RHK_TEXTS = (
    "Terselenggaranya layanan administrasi {unit} yang tertib dan tepat waktu",
    "Tersusunnya data dan laporan kinerja {unit} yang akurat",
)
ACTIVITIES = (
    "Memverifikasi berkas usulan masuk", "Menyusun rekap data bulanan", "Memperbarui basis data layanan",
    "Menyiapkan bahan rapat koordinasi", "Menginput data ke aplikasi", "Menyusun konsep surat dinas",
    "Mengarsipkan dokumen masuk dan keluar", "Memeriksa kelengkapan laporan unit", "Melayani konsultasi pemohon",
    "Menyusun notula rapat", "Memantau tindak lanjut disposisi", "Mengolah data survei kepuasan",
)  # fmt: skip
UNITS = ("dokumen", "berkas", "laporan", "kegiatan")
QUEUE_DAYS = 5  # the last working days wait for verification
CHUNK = 50_000


def working_days(end: datetime.date, count: int, floor: datetime.date) -> list[datetime.date]:
    """The last `count` Monday–Friday days up to and including `end`, none before `floor`,
    oldest first."""
    days: list[datetime.date] = []
    day = end
    while len(days) < count and day >= floor:
        if day.weekday() < 5:
            days.append(day)
        day -= datetime.timedelta(days=1)
    return days[::-1]


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Command(BaseCommand):
    help = "Seed a year of SKPs and daily entries for benchmarks (bulk inserts, deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, required=True,
                            help="Employees of the synthetic organisation (seeded first if the database has none).")  # fmt: skip
        parser.add_argument(
            "--days", type=int, default=250, help="Working days of entries per employee."
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, employees: int, days: int, seed: int, **options):
        started = time.monotonic()
        if not Instansi.objects.exists():
            call_command("seed_synthetic", employees=employees, seed=seed, stdout=self.stdout)
        today = timezone.localdate()
        if PerformanceYear.objects.filter(year=today.year).exists():
            raise CommandError(
                f"The database already holds performance year {today.year}; seed a fresh database."
            )
        rng = random.Random(seed)
        with transaction.atomic():
            counts = self._write_plans(today, rng)
        planned = time.monotonic()
        with transaction.atomic():
            entries = self._write_entries(today, days, rng)
            audit_log(actor=None, action="activity.synthetic_seeded", object_type="activity",
                      note=f"employees={counts['skp']} days={days} entries={entries} year={today.year} seed={seed}")  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"Activity: {counts['years']} performance years, {counts['skp']:,} approved SKPs, "
            f"{counts['rhk']:,} RHK, {counts['indicators']:,} indicators, {entries:,} daily entries "
            f"(plans {planned - started:.1f} s, entries {time.monotonic() - planned:.1f} s)."
        ))  # fmt: skip

    # ------------------------------------------------------------ plans

    def _write_plans(self, today: datetime.date, rng: random.Random) -> dict[str, int]:
        now = timezone.now()
        y = today.year
        years = []
        first_year = _next_pk(PerformanceYear)
        agency_ids = list(Instansi.objects.order_by("pk").values_list("pk", flat=True))
        year_of: dict[int, int] = {}
        for n, agency in enumerate(agency_ids):
            year_of[agency] = first_year + n
            years.append({"id": first_year + n, "instansi_id": agency, "year": y, "frequency": "monthly",
                          "planning_start": datetime.date(y, 1, 1), "planning_end": datetime.date(y, 1, 31),
                          "closing_date": datetime.date(y + 1, 1, 31), "created_at": now, "updated_at": now})  # fmt: skip
        _insert(PerformanceYear, years)
        periods = []
        for year_id in year_of.values():
            for m in range(1, 13):
                end = (datetime.date(y, m, 28) + datetime.timedelta(days=4)).replace(
                    day=1
                ) - datetime.timedelta(days=1)
                periods.append({"year_id": year_id, "number": m, "name": MONTH_NAMES[m - 1],
                                "start_date": datetime.date(y, m, 1), "end_date": end})  # fmt: skip
        _insert(Period, periods)

        # Superiors before their staff, so each RHK can point at its superior's.
        people = sorted(
            Pegawai.objects.filter(is_active=True).values_list("pk", "atasan_id", "jabatan_id", "unit_id",
                                                              "instansi_id", "chain", "unit__name"),
            key=lambda p: (p[5].count("/"), p[0]),
        )  # fmt: skip
        skp_rows, rhk_rows, ind_rows, behaviour_rows = [], [], [], []
        values = list(BehaviourValue.objects.values_list("pk", flat=True))
        skp_pk, rhk_pk = _next_pk(Skp), _next_pk(Rhk)
        rhks_of: dict[int, list[int]] = {}
        approved = _local(datetime.date(y, 1, 31), 10)
        for pk, atasan, jabatan, unit, instansi, _chain, unit_name in people:
            skp_rows.append({"id": skp_pk, "pegawai_id": pk, "year_id": year_of[instansi], "rater_id": atasan,
                             "jabatan_id": jabatan, "unit_id": unit, "start_date": datetime.date(y, 1, 1),
                             "end_date": datetime.date(y, 12, 31), "approach": "kuantitatif",
                             "status": SkpStatus.APPROVED, "version": 1, "submitted_at": approved,
                             "approved_at": approved, "created_at": approved, "updated_at": approved})  # fmt: skip
            behaviour_rows += [{"skp_id": skp_pk, "value_id": v, "expectation": ""} for v in values]
            mine = []
            parents = rhks_of.get(atasan or 0, [])
            for r in range(2):
                mine.append(rhk_pk)
                rhk_rows.append({"id": rhk_pk, "skp_id": skp_pk, "kind": RhkKind.UTAMA,
                                 "text": RHK_TEXTS[r].format(unit=unit_name or "unit"),
                                 "parent_id": parents[r] if len(parents) > r else None, "order": r,
                                 "created_at": approved, "updated_at": approved})  # fmt: skip
                ind_rows.append({"rhk_id": rhk_pk, "aspek": Aspek.KUANTITAS, "text": f"Jumlah {UNITS[r]} yang diselesaikan",
                                 "target_kind": TargetKind.NUMBER, "target_value": Decimal(rng.choice((200, 240, 300))),
                                 "target_unit": UNITS[r], "direction": Direction.HIGHER, "order": 0,
                                 "created_at": approved, "updated_at": approved})  # fmt: skip
                if rng.random() < 0.5:
                    ind_rows.append({"rhk_id": rhk_pk, "aspek": Aspek.WAKTU, "text": "Rata-rata waktu penyelesaian",
                                     "target_kind": TargetKind.NUMBER, "target_value": Decimal(3), "target_unit": "hari",
                                     "direction": Direction.LOWER, "order": 1, "created_at": approved,
                                     "updated_at": approved})  # fmt: skip
                rhk_pk += 1
            rhks_of[pk] = mine
            skp_pk += 1
        _insert(Skp, skp_rows)
        _insert(SkpBehaviour, behaviour_rows)
        _insert(Rhk, rhk_rows)
        _insert(Indicator, ind_rows)
        return {
            "years": len(years),
            "skp": len(skp_rows),
            "rhk": len(rhk_rows),
            "indicators": len(ind_rows),
        }

    # ------------------------------------------------------------ entries

    def _write_entries(self, today: datetime.date, days: int, rng: random.Random) -> int:
        y = today.year
        dates = working_days(today, days, datetime.date(y, 1, 1))
        if len(dates) < days:
            self.stdout.write(
                f"Only {len(dates)} working days of {y} up to {today}: that many entries each."
            )
        queue_from = dates[-QUEUE_DAYS] if len(dates) >= QUEUE_DAYS else dates[0]
        periods = {(p.year_id, p.number): p.pk for p in Period.objects.filter(year__year=y)}
        countable = dict(  # each RHK's first quantity indicator
            Indicator.objects.filter(rhk__skp__year__year=y, aspek=Aspek.KUANTITAS)
            .order_by("rhk_id", "-order")
            .values_list("rhk_id", "pk")
        )
        units = dict(
            Indicator.objects.filter(pk__in=countable.values()).values_list("pk", "target_unit")
        )
        rhks: dict[int, list[int]] = {}
        for rhk_id, skp_id in (
            Rhk.objects.filter(skp__year__year=y).order_by("pk").values_list("pk", "skp_id")
        ):
            rhks.setdefault(skp_id, []).append(rhk_id)
        skps = list(
            Skp.objects.filter(year__year=y, status=SkpStatus.APPROVED)
            .order_by("pegawai_id")
            .values_list("pk", "pegawai_id", "year_id", "rater_id", "rater__user_id")
        )
        columns = ["created_at", "updated_at", "pegawai_id", "skp_id", "rhk_id", "indicator_id",
                   "period_id", "date", "start_time", "end_time", "activity", "quantity", "unit", "status",
                   "rater_id", "submitted_at", "verified_by_id", "verified_at", "review_comment", "version"]  # fmt: skip
        # Every value is rendered once, as text the database takes (COPY's text format on
        # PostgreSQL): 2.5 million rows leave no time for per-value adaptation.
        ops, pg = connection.ops, connection.vendor == "postgresql"

        def moment(day: datetime.date, hour: int) -> str:
            value = _local(day, hour)
            return value.isoformat(" ") if pg else str(ops.adapt_datetimefield_value(value))

        submitted = {d: moment(d, 16) for d in dates}
        verified = {d: moment(d + datetime.timedelta(days=1), 9) for d in dates}
        day_text = {d: d.isoformat() for d in dates}
        times = [("08:00:00", "11:30:00"), ("09:00:00", "12:00:00"), ("13:00:00", "15:30:00")]
        quantities = ("1.00", "1.00", "2.00", "3.00")

        def rows() -> Iterator[tuple[str | None, ...]]:
            for skp_id, pegawai_id, year_id, rater_id, rater_user in skps:
                own_rhks = rhks[skp_id]
                pegawai, skp = str(pegawai_id), str(skp_id)
                rater = str(rater_id) if rater_id is not None else None
                rater_user_text = str(rater_user) if rater_user is not None else None
                for n, day in enumerate(dates):
                    rhk = own_rhks[n % len(own_rhks)]
                    ind = countable.get(rhk)
                    start, end = times[(pegawai_id + n) % len(times)]
                    waiting = day >= queue_from and rater_id is not None
                    sent = submitted[day]
                    yield (
                        sent, sent if waiting else verified[day], pegawai, skp, str(rhk),
                        str(ind) if ind else None, str(periods[(year_id, day.month)]), day_text[day], start,
                        end, ACTIVITIES[(pegawai_id * 7 + n) % len(ACTIVITIES)], quantities[rng.randrange(4)],
                        units.get(ind, "") if ind else "", EntryStatus.SUBMITTED if waiting else EntryStatus.VERIFIED, rater,
                        sent, None if waiting else rater_user_text, None if waiting else verified[day], "", "1",
                    )  # fmt: skip

        return self._stream(DailyEntry, columns, rows())

    def _stream(
        self, model: Any, columns: list[str], rows: Iterator[tuple[str | None, ...]]
    ) -> int:
        """Write rows of text values without holding them all. On PostgreSQL: COPY in text
        format, with the table's secondary indexes dropped and rebuilt afterwards and, where the
        role may, foreign-key triggers off (the rows are consistent by construction), all inside
        the caller's transaction. Elsewhere: executemany in chunks."""
        ops = connection.ops
        table = ops.quote_name(model._meta.db_table)
        names = ", ".join(ops.quote_name(c) for c in columns)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor != "postgresql":
                sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
                chunk: list[tuple[str | None, ...]] = []
                for row in rows:
                    chunk.append(row)
                    if len(chunk) == CHUNK:
                        cursor.executemany(sql, chunk)
                        count, chunk = count + len(chunk), []
                if chunk:
                    cursor.executemany(sql, chunk)
                    count += len(chunk)
                return count
            indexes = self._drop_secondary_indexes(cursor, model._meta.db_table)
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except DatabaseError:
                pass  # not a superuser: the triggers check every row, which is only slower
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                lines: list[str] = []
                for row in rows:
                    lines.append("\t".join("\\N" if v is None else v for v in row))
                    if len(lines) == CHUNK:
                        copy.write("\n".join(lines) + "\n")
                        count, lines = count + len(lines), []
                if lines:
                    copy.write("\n".join(lines) + "\n")
                    count += len(lines)
            for sql in indexes:
                cursor.execute(sql)
        return count

    @staticmethod
    def _drop_secondary_indexes(cursor: Any, table: str) -> list[str]:
        """Drop the indexes that back no constraint; return the statements that rebuild them."""
        cursor.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.schemaname = current_schema() AND i.tablename = %s
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                 WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)""",
            [table],
        )  # fmt: skip
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return [definition for _name, definition in found]
