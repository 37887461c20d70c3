"""Set-based recompute of evaluations: the suggested rating hasil kerja, its reasons and the
indicator snapshot of every OPEN evaluation in scope, and the predikat of every evaluation with
both ratings, identical to the per-object path (`services.suggestion_for` /
`suggestion_refresh`) and identical from one run to the next.

How it stays set-based: the open evaluations in scope are taken in chunks of about
`CHUNK` evaluations (whole SKPs per chunk); per chunk a fixed handful of queries reads the
evaluations, their SKPs and periods, the SKPs' indicators, the verified quantity per indicator
and period (one GROUP BY) and the manual realisations. Realisation per indicator up to each
evaluation's date follows `activity.selectors.progress_for_indicators` (a manual value for a
period replaces that period's entries; countable indicators add up, the others take the latest
manual value); capaian, countability, the periodic share, the snapshot row and the policy's
suggestion come from the functions the per-object path calls (`indicator_capaian`,
`is_countable`, and `services.periodic_capaian`, `snapshot_row`, `suggest_from_scores`, which
`services.suggestion_compute` is made of), so the rules have one source of truth; the tests
compare both paths on varied and on generated data. Per chunk the realisation (and its text) per
indicator and period prefix is folded once, and the capaian of equal inputs (same target,
direction, realisation, expected share) is computed once: manual values and targets repeat.
Stored and new values are compared as JSON text (PostgreSQL's jsonb output form there), so a
million snapshots are never decoded. Only rows whose values changed are written, in one
statement per chunk (PostgreSQL: binary COPY into a temporary table and one UPDATE … FROM joined
on the primary key within the chunk's id range; elsewhere one executemany), the predikat of the
chunk's open rows with them; one UPDATE then derives the predikat of the rest of the scope.

Chunks are independent: on PostgreSQL, `workers` processes (default os.cpu_count()) take them in
parallel, each with its own connection and one transaction per chunk; serially on SQLite, inside
a transaction (tests) or in a daemonic process.

Finalised evaluations keep their suggestion: it is frozen evidence of what the rater saw. Their
predikat is still derived from their two ratings by the fixed matrix.

Audit: one row per run (`evaluation.recomputed`: actor, scope, counts), not one per evaluation
— a recompute changes derived values only, and a million audit rows would drown the trail.

Runs as the job kind "evaluation.recompute" (`start_recompute`), or `manage.py
recompute_evaluations`."""

from __future__ import annotations

import datetime
import json
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction
from django.db.models import Case, CharField, Count, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.activity.choices import EntryStatus
from kinerja.activity.models import DailyEntry, ManualRealisation
from kinerja.activity.selectors import indicator_capaian
from kinerja.activity.services import is_countable
from kinerja.core.audit import audit_log
from kinerja.core.jobs import job_start, register
from kinerja.core.models import Job
from kinerja.organisation.permissions import access_for
from kinerja.planning.choices import TargetKind
from kinerja.planning.models import Indicator, Period, Skp
from kinerja.scoring.policies import POLICIES, IndicatorScore, Policy
from kinerja.scoring.rules import MATRIX

from .choices import Status
from .models import Evaluation
from .services import (
    HUNDREDTH,
    INDICATOR_ORDER,
    IndicatorFacts,
    decimal_text,
    periodic_capaian,
    snapshot_row,
    suggest_from_scores,
)

# The fixed matrix by the stored values: (rating hasil kerja, rating perilaku) -> predikat.
MATRIX_BY_VALUE = {(h.value, p.value): predikat.value for (h, p), predikat in MATRIX.items()}
CHUNK = 10_000  # evaluations per chunk (whole SKPs): memory and statement size stay bounded
ZERO = Decimal(0)
JOB_KIND = "evaluation.recompute"
TEMP_TABLE = "evaluation_recompute_tmp"
Progress = Callable[[int, int], None]


@dataclass
class RecomputeResult:
    evaluations: int = 0  # open evaluations whose suggestion was computed
    suggestions_changed: int = 0  # of them, rows written
    predikat_changed: int = 0
    chunks: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class _Ind:
    """An indicator's planning values, shaped like `Indicator` for the rules that read it
    (`is_countable`, `indicator_capaian`, `Indicator.target_display`), without a model instance
    per row."""

    pk: int
    aspek: str
    target_kind: str
    target_value: Decimal | None
    target_low: Decimal | None
    target_high: Decimal | None
    target_unit: str
    target_text: str
    direction: str


_target_display = cast(Any, Indicator.target_display).fget
_INDICATOR_FIELDS = ("pk", "rhk__skp_id", "rhk__text", "rhk__kind", "text", "aspek", "target_kind",
                     "target_value", "target_low", "target_high", "target_unit", "target_text",
                     "direction")  # fmt: skip


# ---------------------------------------------------------------- the run


def recompute(*, instansi_ids: Iterable[int] | None = None, year: int | None = None,
              progress: Progress | None = None, actor: Any = None,
              workers: int | None = None) -> RecomputeResult:  # fmt: skip
    """Recompute the suggestions of the open evaluations and the predikat of all evaluations
    in scope (agencies `instansi_ids`, performance year `year`; None: all). Writes only what
    changed; a second run writes nothing. See the module docstring.

    `workers` (default: the CPU count) processes take chunks in parallel, each with its own
    connection and a transaction per chunk, as the serial path does; one (serial) on SQLite,
    inside a transaction (tests: the workers could not see its rows), or in a daemonic process."""
    started = time.monotonic()
    ids = sorted(set(instansi_ids)) if instansi_ids is not None else None
    scope = _scope(ids, year)
    open_scope = scope.filter(status=Status.OPEN)
    per_skp = list(open_scope.values_list("skp_id").annotate(n=Count("id")).order_by())
    per_skp.sort()
    total = sum(n for _skp, n in per_skp)
    result = RecomputeResult(evaluations=total)
    done = 0
    if progress:
        progress(0, total)
    chunks = list(_chunks(per_skp, CHUNK))
    n_workers = _worker_count(workers, len(chunks))
    if n_workers > 1:
        # The children open their own connections: none may inherit this one's socket.
        connections.close_all()
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(n_workers, initializer=_worker_init) as pool:
            tasks = [(ids, year, chunk) for chunk in chunks]
            for (suggestions, predikats), evaluations in pool.imap_unordered(_chunk_task, tasks):
                result.suggestions_changed += suggestions
                result.predikat_changed += predikats
                result.chunks += 1
                done += evaluations
                if progress:
                    progress(done, total)
    else:
        for chunk in chunks:
            with transaction.atomic():
                suggestions, predikats = _recompute_chunk(open_scope, chunk)
            result.suggestions_changed += suggestions
            result.predikat_changed += predikats
            result.chunks += 1
            done += sum(n for _skp, n in chunk)
            if progress:
                progress(done, total)
    with transaction.atomic():
        # The others (finalised …), and any open row rated since its chunk was read.
        result.predikat_changed += _recompute_predikat(scope)
        result.seconds = round(time.monotonic() - started, 3)
        audit_log(actor=actor, action="evaluation.recomputed", object_type="evaluation.evaluation",
                  object_repr=_("Hitung ulang penilaian"),
                  after={"instansi_ids": ids, "year": year, **result.as_dict()})  # fmt: skip
    return result


def _scope(ids: list[int] | None, year: int | None) -> QuerySet[Evaluation]:
    scope = Evaluation.objects.all()
    if ids is not None:
        scope = scope.filter(instansi_id__in=ids)
    if year is not None:
        scope = scope.filter(skp__year__year=year)
    return scope


def _worker_count(workers: int | None, chunks: int) -> int:
    wanted = workers if workers is not None else (os.cpu_count() or 1)
    if (
        wanted <= 1
        or chunks <= 1
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
        or multiprocessing.current_process().daemon
    ):
        return 1
    return min(wanted, chunks)


def _worker_init() -> None:
    connections.close_all()  # nothing inherited (the parent closed its connections)


def _chunk_task(
    task: tuple[list[int] | None, int | None, list[tuple[int, int]]],
) -> tuple[tuple[int, int], int]:
    ids, year, chunk = task
    with transaction.atomic():
        changed = _recompute_chunk(_scope(ids, year).filter(status=Status.OPEN), chunk)
    return changed, sum(n for _skp, n in chunk)


def _chunks(per_skp: list[tuple[int, int]], size: int) -> Iterable[list[tuple[int, int]]]:
    chunk: list[tuple[int, int]] = []
    count = 0
    for skp_id, n in per_skp:
        chunk.append((skp_id, n))
        count += n
        if count >= size:
            yield chunk
            chunk, count = [], 0
    if chunk:
        yield chunk


def _recompute_predikat(scope: QuerySet[Evaluation]) -> int:
    """The predikat from the two ratings by the fixed matrix (all statuses), in one UPDATE: one
    pass over the scope, not one per matrix cell. Rows whose ratings are in no cell are left."""
    by_matrix = Case(
        *(When(rating_hasil_kerja=hasil.value, rating_perilaku=perilaku.value,
               then=Value(predikat.value)) for (hasil, perilaku), predikat in MATRIX.items()),
        output_field=CharField(),
    )  # fmt: skip
    return (
        scope.exclude(rating_hasil_kerja="")
        .exclude(rating_perilaku="")
        .exclude(predikat=by_matrix)
        .update(predikat=by_matrix)
    )


# ---------------------------------------------------------------- one chunk


@dataclass(slots=True)
class _SkpInfo:
    year_id: int
    year: int
    start: datetime.date
    end: datetime.date


class _Realised:
    """One indicator's realisation after each prefix of its year's periods, folded as
    `progress_for_indicators` does (a manual value for a period replaces its entries; countable
    indicators add up, the others take the latest manual value), so that each evaluation's is a
    lookup: `prefix[n]` is the realisation over the first n periods."""

    __slots__ = ("countable", "prefix", "periods", "entries", "manual", "spec")

    def __init__(self, ind: _Ind, periods: list[int], entries: dict[int, Decimal],
                 manual: dict[int, Decimal]) -> None:  # fmt: skip
        self.countable = countable = is_countable(cast(Indicator, ind))
        self.periods, self.entries, self.manual = periods, entries, manual
        # What the capaian depends on besides the realisation (a key for equal inputs).
        self.spec = (ind.target_kind, ind.target_value, ind.target_low, ind.target_high,
                     ind.direction, ind.aspek, countable)  # fmt: skip
        values: list[Decimal | None] = [self._fold(())]
        running, latest = ZERO, None
        for period_id in periods:
            m = manual.get(period_id)
            if m is not None:
                latest = m
                running += m
            else:
                e = entries.get(period_id)
                if e is not None:
                    running += e
            values.append(running if countable else latest)
        self.prefix = [
            (v, None if v is None else decimal_text(v.quantize(HUNDREDTH))) for v in values
        ]

    def _fold(self, positions: Iterable[int]) -> Decimal | None:
        running, latest = ZERO, None
        for i in positions:
            period_id = self.periods[i]
            m = self.manual.get(period_id)
            if m is not None:
                latest = m
                running += m
            else:
                e = self.entries.get(period_id)
                if e is not None:
                    running += e
        return running if self.countable else latest

    def upto(self, prefix: int | None, positions: tuple[int, ...]
             ) -> tuple[Decimal | None, str | None]:  # fmt: skip
        """The realisation and its snapshot text over the first `prefix` periods or, when the
        periods started by then are not a prefix of the year's (`prefix` None), over those at
        `positions`."""
        return self.prefix[prefix] if prefix is not None else _with_text(self._fold(positions))


def _with_text(value: Decimal | None) -> tuple[Decimal | None, str | None]:
    """A realisation and its snapshot text (two places, as `suggestion_compute` writes it)."""
    return value, decimal_text(value.quantize(HUNDREDTH) if value is not None else None)


Share = tuple[Decimal, Decimal] | None
# Reasons (a list of strings) as JSON text: jsonb's output form on PostgreSQL (a list keeps its
# order, strings unescaped), json.dumps elsewhere (what JSONField writes).
_JSONB_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_JSON_ENCODE = json.JSONEncoder().encode

_TOKEN_R, _TOKEN_C = "@@recompute-realisation@@", "@@recompute-capaian@@"


def _jsonb_order(value: Any) -> Any:
    """PostgreSQL's jsonb keeps object keys shorter first, then bytewise."""
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (len(k.encode()), k.encode()))
        return {k: _jsonb_order(value[k]) for k in keys}
    if isinstance(value, list):
        return [_jsonb_order(v) for v in value]
    return value


def _dumps(value: Any, pg: bool) -> str:
    """JSON as the database hands it back as text: PostgreSQL's jsonb output (keys reordered, no
    ASCII escaping), else what JSONField writes (json.dumps). Comparing stored and new values as
    text spares decoding a million snapshots; a mismatch would only cost a needless write."""
    if pg:
        return json.dumps(_jsonb_order(value), ensure_ascii=False)
    return json.dumps(value)


def _rows(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """A values_list query's rows; on PostgreSQL straight from the cursor (its columns here need
    none of Django's converters there), sparing the per-row iteration of the ORM."""
    if connection.vendor != "postgresql":
        return list(qs)
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The two tokens as JSON text, by pg (plain ASCII: alike either way, computed once).
_TOKEN_TEXTS = {pg: (_dumps(_TOKEN_R, pg), _dumps(_TOKEN_C, pg)) for pg in (False, True)}
_IN_COLUMNS = {"pk": ("id", ""), "rhk__skp__id": ("skp_id", "rhk"),
               "indicator__id": ("indicator_id", "")}  # fmt: skip


def _in(qs: QuerySet[Any], lookup: str, ids: list[int]) -> QuerySet[Any]:
    """`qs` filtered to `lookup` in `ids`: on PostgreSQL as `= ANY(array)`, one parameter, where
    an IN list of thousands costs the driver a parse of thousands of placeholders per query."""
    if connection.vendor != "postgresql":
        return qs.filter(**{f"{lookup}__in": ids})
    column, via = _IN_COLUMNS[lookup]
    model = qs.model._meta.get_field(via).related_model if via else qs.model
    # The bounds, besides narrowing the scan, make the join the filter goes through (its alias
    # is then the table's name: the first join).
    qs = qs.filter(**{f"{lookup}__range": (min(ids), max(ids))})
    table = connection.ops.quote_name(cast(Any, model)._meta.db_table)
    return qs.extra(where=[f"{table}.{connection.ops.quote_name(column)} = ANY(%s)"], params=[ids])


class _Row:
    """An indicator's snapshot row as JSON text around its two varying values, from
    `services.snapshot_row` itself, so the row's shape has one source."""

    __slots__ = ("before", "between", "after", "realisation_first")

    def __init__(self, facts: IndicatorFacts, pg: bool) -> None:
        text = _dumps(snapshot_row(facts, _TOKEN_R, _TOKEN_C), pg)
        r, c = _TOKEN_TEXTS[pg]
        i, j = text.index(r), text.index(c)
        self.realisation_first = i < j
        first, second = (r, c) if i < j else (c, r)
        a, b = min(i, j), max(i, j)
        self.before = text[:a]
        self.between = text[a + len(first) : b]
        self.after = text[b + len(second) :]

    def text(self, realisation: str | None, capaian: str | None) -> str:
        real = "null" if realisation is None else f'"{realisation}"'
        cap = "null" if capaian is None else f'"{capaian}"'
        if self.realisation_first:
            return f"{self.before}{real}{self.between}{cap}{self.after}"
        return f"{self.before}{cap}{self.between}{real}{self.after}"


def _recompute_chunk(open_scope: QuerySet[Evaluation], chunk: list[tuple[int, int]]
                     ) -> tuple[int, int]:  # fmt: skip
    """(suggestions, predikat) written for the chunk's open evaluations: the predikat too, by the
    matrix, so that a row whose both change is written once."""
    pg = connection.vendor == "postgresql"
    # The chunk is every SKP with open evaluations in scope between its first and last id.
    evaluations = _rows(
        open_scope.filter(skp__id__range=(chunk[0][0], chunk[-1][0]))
        .order_by("pk")
        .values_list("pk", "skp_id", "kind", "period__end_date", "policy_key",
                     Cast("policy_params", TextField()), "suggested_rating",
                     Cast("suggestion_reasons", TextField()), Cast("indicator_snapshot", TextField()),
                     "rating_hasil_kerja", "rating_perilaku", "predikat")
    )  # fmt: skip
    if not evaluations:  # finalised since they were counted
        return 0, 0
    skp_ids = sorted({row[1] for row in evaluations})
    skps = {
        pk: _SkpInfo(year_id, year, start, end)
        for pk, year_id, year, start, end in _in(Skp.objects.order_by(), "pk", skp_ids).values_list(
            "pk", "year_id", "year__year", "start_date", "end_date"
        )
    }
    periods: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for pk, year_id, start in (
        Period.objects.filter(year_id__in={s.year_id for s in skps.values()})
        .order_by("year_id", "number")
        .values_list("pk", "year_id", "start_date")
    ):
        periods[year_id].append((pk, start))
    # Per SKP, its indicators in the suggestion's order: (facts, planning values, row template).
    indicators: dict[int, list[tuple[IndicatorFacts, _Ind, _Row]]] = defaultdict(list)
    for (pk, skp_id, rhk_text, rhk_kind, text, aspek, kind, value, low, high, unit, target_text,
         direction) in _in(Indicator.objects.all(), "rhk__skp__id", skp_ids).order_by(
            *INDICATOR_ORDER).values_list(*_INDICATOR_FIELDS):  # fmt: skip
        ind = _Ind(pk, aspek, kind, value, low, high, unit, target_text, direction)
        facts = IndicatorFacts.build(pk=pk, rhk_text=rhk_text, rhk_kind=rhk_kind, text=text,
                                     target_display=_target_display(ind))  # fmt: skip
        indicators[skp_id].append((facts, ind, _Row(facts, pg)))
    ind_ids = [ind.pk for rows in indicators.values() for _f, ind, _r in rows]
    sums: dict[int, dict[int, Decimal]] = defaultdict(dict)  # indicator -> period -> quantity
    manual: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if ind_ids:
        # The same query as progress_for_indicators: verified quantities per indicator and period.
        for ind_id, period_id, total in _rows(
            _in(DailyEntry.objects.filter(status=EntryStatus.VERIFIED), "indicator__id", ind_ids)
            .values("indicator_id", "period_id")
            .annotate(total=Sum("quantity"))
            .order_by()
            .values_list("indicator_id", "period_id", "total")
        ):
            sums[ind_id][period_id] = total or ZERO
        for ind_id, period_id, value in _in(
            ManualRealisation.objects.all(), "indicator__id", ind_ids
        ).values_list("indicator_id", "period_id", "value"):
            manual[ind_id][period_id] = value

    # Per SKP: (facts, realisation by prefix, target for the expected share, row template).
    measured: dict[
        int, list[tuple[IndicatorFacts, _Ind, _Realised, Decimal | None, _Row, int]]
    ] = {}
    specs: dict[tuple[Any, ...], int] = {}  # equal capaian inputs, one small key
    orders = {y: [pk for pk, _start in ps] for y, ps in periods.items()}
    empty: dict[int, Decimal] = {}
    for skp_id, rows in indicators.items():
        order = orders.get(skps[skp_id].year_id, [])
        measured[skp_id] = out = []
        for facts, ind, row in rows:
            r = _Realised(ind, order, sums.get(ind.pk, empty), manual.get(ind.pk, empty))
            target = ind.target_value if ind.target_kind == TargetKind.NUMBER else ind.target_high
            out.append((facts, ind, r, target, row, specs.setdefault(r.spec, len(specs))))

    policies: dict[tuple[str, str], Policy] = {}
    included_cache: dict[tuple[int, datetime.date], tuple[int | None, tuple[int, ...]]] = {}
    shares: dict[tuple[datetime.date, datetime.date, datetime.date], tuple[Share, int]] = {}
    expected: dict[tuple[int, int], Decimal] = {}  # (spec, share): the target's share due
    # The capaian (and its text) of equal inputs is equal: manual values and targets repeat.
    capaians: dict[tuple[Any, ...], tuple[Decimal | None, str | None]] = {}
    reasons_texts: dict[tuple[str, ...], str] = {}
    dump_reasons = _JSONB_ENCODE if pg else _JSON_ENCODE
    changed: list[tuple[int, str, str, str, str]] = []
    suggestions = predikats = 0
    for (pk, skp_id, kind, period_end, policy_key, params, old_rating, old_reasons, old_snapshot,
         hasil, perilaku, old_predikat) in evaluations:  # fmt: skip
        skp = skps[skp_id]
        upto = period_end or datetime.date(skp.year, 12, 31)  # as services.suggestion_upto
        included = included_cache.get((skp.year_id, upto))
        if included is None:
            positions = tuple(
                i for i, (_p, start) in enumerate(periods[skp.year_id]) if start <= upto
            )
            prefix = len(positions) if positions == tuple(range(len(positions))) else None
            included = included_cache[(skp.year_id, upto)] = (prefix, positions)
        prefix, positions = included
        policy = policies.get((policy_key, params))
        if policy is None:
            policy = policies[(policy_key, params)] = POLICIES.build(policy_key, json.loads(params))
        # progress_for_indicators' expected share of the target at `upto` (today=upto).
        share_key = (skp.start, skp.end, upto)
        known_share = shares.get(share_key)
        if known_share is None:
            share = None
            if skp.start <= upto:
                span = (skp.end - skp.start).days + 1
                share = (Decimal(min(span, (upto - skp.start).days + 1)), Decimal(span))
            known_share = shares[share_key] = (share, len(shares))
        share, share_id = known_share
        texts: list[str] = []
        scores: list[IndicatorScore] = []
        for facts, ind, r, target, template, spec_id in measured.get(skp_id, ()):
            realisation, real_text = r.upto(prefix, positions)
            expected_now = None
            if r.countable and share is not None and target:
                expected_now = expected.get((spec_id, share_id))
                if expected_now is None:
                    expected_now = expected[(spec_id, share_id)] = (
                        target * share[0] / share[1]
                    ).quantize(HUNDREDTH)
            key = (spec_id, kind, realisation, expected_now)
            known = capaians.get(key)
            if known is None:
                cap = indicator_capaian(cast(Indicator, ind), realisation)
                cap = periodic_capaian(kind, r.countable, realisation, cap, expected_now)
                known = capaians[key] = (cap, decimal_text(cap))
            texts.append(template.text(real_text, known[1]))
            scores.append(IndicatorScore(label=facts.label, utama=facts.utama, capaian=known[0]))
        rating, reasons = suggest_from_scores(policy, scores)
        snapshot = f"[{', '.join(texts)}]"
        reasons_key = tuple(reasons)
        reasons_text = reasons_texts.get(reasons_key)
        if reasons_text is None:
            reasons_text = reasons_texts[reasons_key] = dump_reasons(reasons)
        # The matrix's predikat, as _recompute_predikat gives it (ratings in no cell: kept).
        cell = MATRIX_BY_VALUE.get((hasil, perilaku))
        new_predikat = cell if cell is not None else old_predikat
        predikat_changed = new_predikat != old_predikat
        predikats += predikat_changed
        if snapshot != old_snapshot or rating != old_rating or reasons_text != old_reasons:
            suggestions += 1
            changed.append((pk, rating, reasons_text, snapshot, new_predikat))
        elif predikat_changed:
            changed.append((pk, rating, reasons_text, snapshot, new_predikat))
    if changed:
        _write(changed)
    return suggestions, predikats


# ---------------------------------------------------------------- writing


def _write(changed: list[tuple[int, str, str, str, str]]) -> None:
    """Write the changed suggestions (JSON given as text) and predikat in one statement, plus the
    temporary table's upkeep on PostgreSQL (binary COPY into it, then one UPDATE … FROM joined
    on the primary key within the chunk's id range). Only open rows are touched, even if one was
    finalised meanwhile."""
    now = timezone.now()
    table = connection.ops.quote_name(Evaluation._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Text columns and binary COPY: no escaping either way; jsonb is parsed once, by the
            # UPDATE's cast. No index: the join probes the evaluations' primary key per row.
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {TEMP_TABLE} (id bigint, suggested_rating text, "
                "suggestion_reasons text, indicator_snapshot text, predikat text) ON COMMIT DROP"
            )
            cursor.execute(f"TRUNCATE {TEMP_TABLE}")  # inside an outer transaction it lives on
            with cursor.cursor.copy(
                f"COPY {TEMP_TABLE} (id, suggested_rating, suggestion_reasons, indicator_snapshot,"
                " predikat) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int8", "text", "text", "text", "text"])
                for row in changed:
                    copy.write_row(row)
            # No ANALYZE: the id range bounds the join whatever plan is chosen (hash or merge
            # join over the primary key's range, or nested loop probes), and it cost more than
            # the UPDATE's planning ever saved.
            cursor.execute(
                f"UPDATE {table} AS e SET suggested_rating = t.suggested_rating, "
                "suggestion_reasons = t.suggestion_reasons::jsonb, "
                "indicator_snapshot = t.indicator_snapshot::jsonb, predikat = t.predikat, "
                "updated_at = %s "
                f"FROM {TEMP_TABLE} AS t WHERE e.id = t.id AND e.status = %s "
                # The bounds let the join start at the chunk, not scan the table's ids up to it.
                "AND e.id BETWEEN %s AND %s",
                [now, Status.OPEN, changed[0][0], changed[-1][0]],
            )
            return
        stamp = connection.ops.adapt_datetimefield_value(now)
        cursor.executemany(
            f"UPDATE {table} SET suggested_rating = %s, suggestion_reasons = %s, "
            "indicator_snapshot = %s, predikat = %s, updated_at = %s WHERE id = %s AND status = %s",
            [
                (rating, reasons, snapshot, predikat, stamp, pk, Status.OPEN)
                for pk, rating, reasons, snapshot, predikat in changed
            ],  # fmt: skip
        )


# ---------------------------------------------------------------- jobs


def start_recompute(*, actor: Any, instansi: Any = None) -> Job:
    """Start the recompute job for one agency (its admin, or a pemda-wide writer) or, with
    instansi=None, for the whole pemda (Admin BKPSDM or superuser only)."""
    access = access_for(actor)
    allowed = (
        access.pemda_wide_write if instansi is None else access.can_write_instansi(instansi.pk)
    )
    if not allowed:
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    params = {"instansi_ids": [instansi.pk] if instansi is not None else None}
    return job_start(kind=JOB_KIND, actor=actor, params=params)


@register(JOB_KIND)
def run_recompute_job(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params or {}
    result = recompute(instansi_ids=params.get("instansi_ids"), year=params.get("year"),
                       progress=progress, actor=job.created_by)  # fmt: skip
    return result.as_dict()


@register("evaluation.open_for_skp")
def run_open_for_skp_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Open what is due for one SKP (params: skp_id): how planning, which may not import
    evaluation, can ask for it right after an approval."""
    from .services import evaluations_open_for_skp

    skp = Skp.objects.get(pk=job.params["skp_id"])
    return {"created": evaluations_open_for_skp(skp=skp, actor=job.created_by)}
