"""The versioned write every editor's save goes through: check the version the editor saw and
write in one `UPDATE … WHERE version=`, so two saves cannot both pass and nothing is lost."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from kkrmonitor.audit.recording import changes_between, snapshot
from kkrmonitor.programme.models import AuditEvent


class EditConflict(Exception):
    """Someone else saved the object after this editor opened it. Nothing was written."""

    def __init__(self, obj: models.Model, others: list[AuditEvent]):
        self.obj = obj
        self.others = others
        who = ", ".join(dict.fromkeys(e.actor_label for e in others)) or "en anden"
        super().__init__(f"{who} har gemt ændringer, efter du åbnede siden. Dine ændringer er "
                         "ikke gemt; se hvad der er ændret, og prøv igen.")


def changes_since(obj: models.Model, version: int) -> list[AuditEvent]:
    """The audit events that moved `obj` past `version`, oldest first (for the conflict page)."""
    events = AuditEvent.objects.filter(object_type=obj._meta.model_name,
                                       object_id=str(obj.pk)).order_by("at", "id")
    return [e for e in events
            if isinstance(e.changes.get("version"), list) and (e.changes["version"][0] or 0)
            >= version]


def apply_versioned(obj: models.Model, values: dict[str, Any], expected_version: int,
                    m2m: dict[str, list[Any]] | None = None) -> dict[str, list[Any]]:
    """Write `values` (and many-to-many sets) if the row is still at `expected_version`.
    Returns the differences, with the version step; {} when nothing changed. Raises
    EditConflict, writing nothing, if someone saved in between. The caller records the
    difference as one audit event in the same transaction."""
    model = type(obj)
    fields = list(values)
    before = snapshot(obj, fields)
    for key, value in values.items():
        setattr(obj, key, value)
    diff = changes_between(before, snapshot(obj, fields))
    for name, new in (m2m or {}).items():
        old_names = sorted(str(x) for x in getattr(obj, name).all())
        new_names = sorted(str(x) for x in new)
        if old_names != new_names:
            diff[name] = [old_names, new_names]
    if not diff:
        if model._default_manager.filter(pk=obj.pk, version=expected_version).exists():
            return {}
        raise EditConflict(obj, changes_since(obj, expected_version))
    # The version check and the write are one UPDATE: two editors cannot both pass it.
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1)
    if not updated:
        raise EditConflict(obj, changes_since(obj, expected_version))
    for name, new in (m2m or {}).items():
        getattr(obj, name).set(new)
    obj.version = expected_version + 1  # type: ignore[attr-defined]
    return {**diff, "version": [expected_version, expected_version + 1]}
