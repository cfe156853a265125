"""Inserting many rows without building a model instance per row.

Making a model instance and letting bulk_create prepare every value costs far more than the
INSERT itself (the same finding as kkrmonitor.indicators.services._insert_many). Rows here are
plain tuples of column values; each value is written as the ORM would write it (datetimes in
UTC, dates as ISO text and JSON as text on SQLite), with primary keys reserved up front so the
caller knows them (audit events name the object's id): on PostgreSQL from the table's own
sequence, on SQLite after the largest id in use (SQLite's AUTOINCREMENT counter follows)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC
from typing import Any

from django.db import connection, models

Convert = Callable[[Any], Any]


def _sqlite_converter(field: models.Field) -> Convert | None:
    if isinstance(field, models.DateTimeField):
        def dt(value: Any) -> Any:
            if value is None:
                return None
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        return dt
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value)
    if isinstance(field, models.DecimalField):
        return lambda value: None if value is None else str(value)
    return None


def _pg_converter(field: models.Field) -> Convert | None:
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value)
    return None


def _column_field(model: type[models.Model], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation or generic key has no column
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        if found is not None:
            top = max(top, found[0])
        return list(range(top + 1, top + 1 + count))


def insert_rows(model: type[models.Model], columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> list[int]:
    """Insert `rows` (values in the order of `columns`, field names or attnames like
    "initiative_id") with reserved ids; returns the ids, in row order."""
    if not rows:
        return []
    meta = model._meta
    fields = [_column_field(model, c) for c in columns]  # a name or an attname ("x_id")
    pick = _sqlite_converter if connection.vendor == "sqlite" else _pg_converter
    converters = [pick(f) for f in fields]
    ids = reserve_ids(model, len(rows))
    prepared = []
    for pk, row in zip(ids, rows, strict=True):
        values = [pk]
        for convert, value in zip(converters, row, strict=True):
            values.append(convert(value) if convert is not None else value)
        prepared.append(values)
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in
                      ["id", *[f.column for f in fields]])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * (len(fields) + 1))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", prepared)
    return ids


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """insert_rows for unsaved instances (every concrete column but the id); sets their pks."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.attname for f in fields]
    relations = [f if isinstance(f, models.ForeignObject) else None for f in fields]

    def value(obj: models.Model, field: models.ForeignObject | None, column: str) -> Any:
        # A related object saved after this instance was made: its pk, as bulk_create does.
        if field is not None:
            related = field.get_cached_value(obj, default=None)
            if related is not None:
                return related.pk
        return getattr(obj, column)

    ids = insert_rows(model, columns, [[value(o, f, c) for f, c in zip(relations, columns,
                                                                      strict=True)]
                                       for o in objs])
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
