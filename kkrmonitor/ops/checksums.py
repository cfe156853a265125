"""Row counts and content checksums per table, the same on SQLite and PostgreSQL.

`kkr backup` writes them into the backup's manifest and `kkr restore` recomputes them after
restoring; tests and benchmarks use them to say "these two databases hold the same data".

Rows are read through the ORM (so every value has passed the field's own conversion from the
database: aware datetimes, Decimals, parsed JSON) and written in a canonical text form before
hashing; what a vendor returns for the same stored value therefore hashes the same. Rows are
taken in primary-key order: by the database for integer keys, in Python for other keys, whose
database order depends on the collation.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connections, models
from django.db.migrations.recorder import MigrationRecorder

# A cache key, not content: it changes on every write (kkrmonitor.pagecache) and is bumped
# after a restore so that no page cached before the restore is served after it.
EXCLUDED_TABLES = frozenset({"pagecache_generation"})

_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField,
                 models.IntegerField, models.BigIntegerField, models.SmallIntegerField,
                 models.PositiveIntegerField, models.PositiveBigIntegerField,
                 models.PositiveSmallIntegerField)


@dataclass(frozen=True)
class TableSummary:
    rows: int
    checksum: str  # sha256 hex of the canonical rows, one per line, in primary-key order

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "checksum": self.checksum}


def canonical(value: Any) -> Any:
    """A JSON-serialisable form of a field value that does not depend on the vendor."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"{value // dt.timedelta(microseconds=1)}us"
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        # JSONField: PostgreSQL's jsonb does not keep key order, so sort keys.
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def counted_models(using: str = "default") -> list[type[models.Model]]:
    """Every model with its own table in this database (auto-created many-to-many tables and
    Django's migration record included), ordered by table name; tables not yet created are left
    out."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    candidates = [m for m in apps.get_models(include_auto_created=True)
                  if m._meta.managed and not m._meta.proxy and not m._meta.swapped]
    candidates.append(MigrationRecorder.Migration)
    by_table: dict[str, type[models.Model]] = {}
    for model in candidates:
        table = model._meta.db_table
        if table in existing and table not in EXCLUDED_TABLES:
            by_table.setdefault(table, model)
    return [by_table[name] for name in sorted(by_table)]


def _rows(model: type[models.Model], using: str) -> Iterable[tuple]:
    pk = model._meta.pk
    assert pk is not None
    key: Any = pk
    while key.is_relation:  # a one-to-one parent link: ordered like the parent's key
        key = key.target_field
    names = [field.attname for field in model._meta.concrete_fields]
    queryset = model._base_manager.using(using).values_list(*names)
    if isinstance(key, _INTEGER_KEYS):
        return queryset.order_by(pk.attname).iterator(chunk_size=5000)
    position = names.index(pk.attname)
    return sorted(queryset.order_by(), key=lambda row: canonical(row[position]))


def summarise_model(model: type[models.Model], using: str = "default") -> TableSummary:
    digest = hashlib.sha256()
    count = 0
    for row in _rows(model, using):
        digest.update(json.dumps([canonical(v) for v in row], ensure_ascii=False,
                                 separators=(",", ":")).encode())
        digest.update(b"\n")
        count += 1
    return TableSummary(count, digest.hexdigest())


def table_summaries(using: str = "default",
                    tables: Iterable[str] | None = None) -> dict[str, TableSummary]:
    """{table name: TableSummary} for every table Django knows in this database (or only the
    named ones)."""
    wanted = set(tables) if tables is not None else None
    return {model._meta.db_table: summarise_model(model, using)
            for model in counted_models(using)
            if wanted is None or model._meta.db_table in wanted}


def table_checksums(using: str = "default") -> dict[str, dict[str, Any]]:
    """The manifest's form: {table: {"rows": n, "checksum": hex}}."""
    return {table: summary.as_dict() for table, summary in table_summaries(using).items()}


def migration_state(using: str = "default") -> dict[str, str]:
    """The latest applied migration per app, by name ("0003_…" sorts after "0002_…")."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return {}
    latest: dict[str, str] = {}
    for app, name in recorder.applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def differences(expected: dict[str, dict[str, Any]],
                actual: dict[str, dict[str, Any]]) -> list[str]:
    """What differs between two `table_checksums` results, one line per table (Danish, for the
    command's output); empty when they are the same."""
    lines = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None:
            lines.append(f"{table}: findes nu, men ikke i manifestet")
        elif got is None:
            lines.append(f"{table}: mangler (manifestet har {want['rows']} rækker)")
        elif want["rows"] != got["rows"]:
            lines.append(f"{table}: {got['rows']} rækker, manifestet har {want['rows']}")
        elif want["checksum"] != got["checksum"]:
            lines.append(f"{table}: samme antal rækker ({got['rows']}), men andet indhold")
    return lines


def total_rows(summaries: dict[str, dict[str, Any]]) -> int:
    return sum(entry["rows"] for entry in summaries.values())
