"""Every write to a register goes through one function here: in one transaction, with the
version check (audit.apply_versioned) where an editor may have stale data, and one audit row.

A row's audit row names its changes by the columns' names ("Organ": [før, efter]) with the
values as a reader sees them, so the history reads without knowing the storage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kkrmonitor.audit import AuditAction, Author, apply_versioned, record, snapshot
from kkrmonitor.programme.models import Actor, Municipality, Publication
from kkrmonitor.registers.cells import ColumnSpec, Names, display
from kkrmonitor.registers.models import Column, Register, Row
from kkrmonitor.text import danish_slug

REGISTER_FIELDS = ["title", "description", "source", "published"]
COLUMN_FIELDS = ["name", "kind", "unit", "choices", "help_text", "required", "position"]


def spec(column: Column) -> ColumnSpec:
    return ColumnSpec(key=column.key, name=column.name, kind=column.kind, unit=column.unit,
                      choices=tuple(column.choices or ()), required=column.required)


def names_for(columns: Iterable[Column]) -> Names:
    """The lookups the register's columns need; a register with no municipality, actor or user
    column costs no query."""
    kinds = {c.kind for c in columns}
    names = Names()
    if "municipality" in kinds:
        for m in Municipality.objects.all():
            names.municipalities[m.code] = m.official_name
            names.municipality_names[m.name.lower()] = m.code
            names.municipality_names[m.official_name.lower()] = m.code
    if "actor" in kinds:
        for a in Actor.objects.all():
            names.actors[a.slug] = a.name
            for alias in (*a.names, a.slug):
                names.actor_names[alias.lower()] = a.slug
    if "user" in kinds:
        from kkrmonitor.accounts.models import User

        for u in User.objects.filter(is_active=True):
            label = u.get_full_name() or u.get_username()
            names.users[u.pk] = label
            names.user_names[label.lower()] = u.pk
            if u.email:
                names.user_names[u.email.lower()] = u.pk
    return names


def _row_public(register: Register, publication: str) -> bool:
    return register.published and publication == Publication.PUBLISHED


def _readable(columns: Sequence[Column], names: Names,
              before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{column name: [before, after]} as a reader sees the values, for changed cells only."""
    changes: dict[str, list[Any]] = {}
    for column in columns:
        old = display(spec(column), before.get(column.key), names) or None
        new = display(spec(column), after.get(column.key), names) or None
        if old != new:
            changes[column.name] = [old, new]
    return changes


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}


@transaction.atomic
def create_row(author: Author, register: Register, values: dict[str, Any],
               publication: str = Publication.DRAFT, *, columns: Sequence[Column] | None = None,
               names: Names | None = None) -> Row:
    columns = list(columns if columns is not None else register.columns.all())
    names = names or names_for(columns)
    row = Row.objects.create(register=register, values=_clean(values), publication=publication)
    row.register = register
    changes = _readable(columns, names, {}, row.values)
    changes["publication"] = [None, publication]
    record(author, AuditAction.CREATE, row, changes,
           public=_row_public(register, publication))
    return row


@transaction.atomic
def update_row(author: Author, row: Row, values: dict[str, Any], publication: str,
               expected_version: int, *, columns: Sequence[Column] | None = None,
               names: Names | None = None) -> bool:
    """Write the row if it is still at `expected_version` (else EditConflict, nothing
    written). False when nothing changed."""
    register = row.register
    columns = list(columns if columns is not None else register.columns.all())
    names = names or names_for(columns)
    before_values, was_public = dict(row.values), _row_public(register, row.publication)
    diff = apply_versioned(row, {"values": _clean(values), "publication": publication},
                           expected_version)
    if not diff:
        return False
    changes = _readable(columns, names, before_values, row.values)
    if "publication" in diff:
        changes["publication"] = diff["publication"]
    changes["version"] = diff["version"]
    action = AuditAction.UPDATE
    if list(changes) == ["publication", "version"]:
        action = (AuditAction.PUBLISH if publication == Publication.PUBLISHED
                  else AuditAction.UNPUBLISH)
    record(author, action, row, changes, public=_row_public(register, publication),
           was_public=was_public)
    return True


@transaction.atomic
def delete_row(author: Author, row: Row, expected_version: int) -> None:
    from kkrmonitor.audit import EditConflict, changes_since

    register = row.register
    columns = list(register.columns.all())
    if not Row.objects.filter(pk=row.pk, version=expected_version).delete()[0]:
        raise EditConflict(row, changes_since(row, expected_version))
    changes = _readable(columns, names_for(columns), row.values, {})
    record(author, AuditAction.DELETE, row, changes,
           public=_row_public(register, row.publication))


@dataclass(frozen=True)
class RegisterData:
    title: str
    description: str
    source: str
    published: bool


@transaction.atomic
def update_register(author: Author, register: Register, data: RegisterData,
                    expected_version: int) -> bool:
    was_public = register.published
    diff = apply_versioned(register, {f: getattr(data, f) for f in REGISTER_FIELDS},
                           expected_version)
    if diff:
        action = AuditAction.UPDATE
        if set(diff) == {"published", "version"}:
            action = AuditAction.PUBLISH if data.published else AuditAction.UNPUBLISH
        record(author, action, register, diff, public=register.published or was_public)
    return bool(diff)


def new_register_slug(title: str) -> str:
    base = danish_slug(title)[:180].strip("-") or "register"
    slug, n = base, 2
    while Register.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_register(author: Author, council: Any, recommendation: Any,
                    data: RegisterData) -> Register:
    """A new register, as a draft until the secretariat has defined its columns and publishes
    it (data.published)."""
    register = Register.objects.create(
        council=council, recommendation=recommendation, slug=new_register_slug(data.title),
        title=data.title, description=data.description, source=data.source,
        published=data.published)
    record(author, AuditAction.CREATE, register,
           {f: [None, getattr(register, f)] for f in REGISTER_FIELDS}
           | {"council": [None, str(council)],
              "recommendation": [None, str(recommendation) if recommendation else None]},
           public=register.published)
    return register


def new_column_key(register: Register, name: str) -> str:
    base = danish_slug(name)[:90].strip("-") or "kolonne"
    key, n = base, 2
    taken = set(register.columns.values_list("key", flat=True))
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def save_column(author: Author, register: Register, column: Column,
                values: dict[str, Any]) -> bool:
    """Create `column` (no pk yet) or change it. The secretariat defines columns; a changed
    type does not rewrite stored values (the form refuses a type change once rows have
    values in the column)."""
    creating = column.pk is None
    before = {} if creating else snapshot(column, COLUMN_FIELDS)
    for key, value in values.items():
        setattr(column, key, value)
    column.register = register
    if creating:
        column.key = new_column_key(register, column.name)
        if "position" not in values:
            column.position = register.columns.count()
    after = snapshot(column, COLUMN_FIELDS)
    changes = {k: [before.get(k), after[k]] for k in COLUMN_FIELDS if before.get(k) != after[k]}
    if not changes:
        return False
    column.save()
    record(author, AuditAction.CREATE if creating else AuditAction.UPDATE, column, changes,
           public=register.published)
    return True


def column_has_values(column: Column) -> bool:
    return any(column.key in values
               for values in column.register.rows.values_list("values", flat=True))
