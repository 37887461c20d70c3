"""Hand-written joins for the few lookups that run on every request.

The ORM compiles a query anew each time it runs; for a four-table `select_related` that costs
more Python time than PostgreSQL spends executing it (measured on the month-end submission:
token, account, indicator and period lookups were two thirds of the request's CPU). A
`JoinedSelect` builds its column list once per process and turns each row back into model
instances with the same database converters the ORM applies, so callers get ordinary objects
(with the joined relations cached) and the rules that use them do not change.

Use it only where a benchmark shows the ORM's compile cost matters, and test it against the ORM
(kinerja/core/tests/test_fastsql.py does, on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models
from django.db.models.expressions import Col

Converter = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class Part:
    """One model in the join: its SQL alias and, for all but the first, the attribute of an
    earlier part's instance that points to it (a forward foreign key, cached on that instance)."""

    model: type[models.Model]
    alias: str
    parent: int | None = None  # index of the part holding the foreign key
    via: str = ""  # the foreign key's name on the parent


class JoinedSelect:
    """`SELECT <every concrete column of every part> <from_where>` → one tuple of instances per
    row. `from_where` is the rest of the statement (FROM, JOINs, WHERE, LIMIT) with %s
    placeholders; extra expressions can be appended after the columns and come back as plain
    values after the instances."""

    def __init__(self, parts: Sequence[Part], from_where: str, extra: Sequence[str] = ()) -> None:
        self.parts = list(parts)
        self.from_where = from_where
        self.extra = list(extra)
        self._sql: dict[str, str] = {}
        self._converters: dict[str, list[list[tuple[int, list[Converter], Col]]]] = {}

    def _prepare(self, using: str) -> None:
        connection = connections[using]
        columns, converters = [], []
        for part in self.parts:
            fields = part.model._meta.concrete_fields
            columns += [f"{part.alias}.{connection.ops.quote_name(f.column)}" for f in fields]
            convs = []
            for i, f in enumerate(fields):
                col = f.get_col(part.alias)
                found = connection.ops.get_db_converters(col) + f.get_db_converters(connection)  # type: ignore[attr-defined]
                if found:
                    convs.append((i, found, col))
            converters.append(convs)
        self._sql[using] = f"SELECT {', '.join(columns + self.extra)} {self.from_where}"
        self._converters[using] = converters

    def fetch(self, params: Sequence[Any], using: str = "default") -> list[tuple[Any, ...]]:
        if using not in self._sql:
            self._prepare(using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(self._sql[using], params)
            rows = cursor.fetchall()
        out = []
        for row in rows:
            instances: list[models.Model | None] = []
            pos = 0
            for part, convs in zip(self.parts, self._converters[using], strict=True):
                fields = part.model._meta.concrete_fields
                values = list(row[pos : pos + len(fields)])
                pos += len(fields)
                pk_index = fields.index(part.model._meta.pk)
                if values[pk_index] is None:  # an outer join that found nothing
                    instances.append(None)
                    continue
                for i, funcs, col in convs:
                    for func in funcs:
                        values[i] = func(values[i], col, connection)
                obj = part.model.from_db(using, [f.attname for f in fields], values)
                instances.append(obj)
                if part.parent is not None and instances[part.parent] is not None:
                    setattr(instances[part.parent], part.via, obj)
            out.append((*instances, *row[pos:]))
        return out

    def first(self, params: Sequence[Any], using: str = "default") -> tuple[Any, ...] | None:
        rows = self.fetch(params, using)
        return rows[0] if rows else None
