"""Audit events: every service function that writes calls `record` inside its transaction,
with an action from `AuditAction`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models

from kkrmonitor.audit.actions import AuditAction
from kkrmonitor.pagecache.generation import note_object
from kkrmonitor.programme.models import AuditEvent
from kkrmonitor.search.indexing import note_write

if TYPE_CHECKING:
    from kkrmonitor.accounts.models import User


@dataclass(frozen=True)
class Author:
    """Who is writing, and through which door (web, cli, import, api)."""

    label: str
    channel: str
    user: User | None = None

    @classmethod
    def for_user(cls, user: Any, channel: str = "web") -> Author:
        name = user.get_full_name() or user.get_username()
        return cls(label=name, channel=channel, user=user)


def plain(value: Any) -> Any:
    """JSON-safe form of a field value, so before/after survive in the audit row."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: plain(getattr(obj, f)) for f in fields}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as {field: [before, after]}; a missing side is None, so
    creation and deletion read as changes from and to nothing."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def public_change(was_public: bool, is_public: bool) -> bool:
    """The one rule for what the public may read of a change: only a change whose before and
    after states are both public. An event carries the old values as well as the new, so a
    change judged by its new state alone would show, say, a milestone's draft title and the
    draft initiative it was moved off."""
    return was_public and is_public


def _context(obj: models.Model) -> tuple[int | None, int | None]:
    """(recommendation id, initiative id) that an object's change belongs to."""
    name = obj._meta.model_name
    if name == "recommendation":
        return obj.pk, None
    if name == "initiative":
        return obj.recommendation_id, obj.pk  # type: ignore[attr-defined]
    initiative_id = getattr(obj, "initiative_id", None)
    recommendation_id = getattr(obj, "recommendation_id", None)
    if recommendation_id is None and initiative_id is not None:
        recommendation_id = obj.initiative.recommendation_id  # type: ignore[attr-defined]
    return recommendation_id, initiative_id


def record(author: Author, action: AuditAction, obj: models.Model,
           changes: dict[str, list[Any]], *, public: bool = True, was_public: bool | None = None,
           decision_id: int | None = None) -> AuditEvent:
    """The one audit row for one write. Derived changes (an initiative's status when a status
    update is published, a recommendation's progress) go into the same row, named
    "initiative.status", "recommendation.progress".

    `public` says whether the object is public content after the write; `was_public`, given
    when the write can change that (a milestone moved to another initiative), whether it was
    before. The event is public only by `public_change`."""
    # The enum is the list of actions: a name outside it (a new spelling) is refused.
    action = AuditAction(action)
    if was_public is not None:
        public = public_change(was_public, public)
    recommendation_id, initiative_id = _context(obj)
    # The search index follows every write from here, its one place (kkrmonitor.search).
    note_write(obj, deleting=action == AuditAction.DELETE)
    # The page cache drops the pages of the councils this object belongs to (not every page);
    # an update that moves it to another council or parent drops every page.
    note_object(obj, changes if action == AuditAction.UPDATE else None)
    return AuditEvent.objects.create(
        recommendation_id=recommendation_id,
        initiative_id=initiative_id,
        is_public=public,
        decision_id=decision_id,
        user=author.user if author.user is not None and author.user.pk else None,
        actor_label=author.label[:200],
        channel=author.channel,
        action=action.value,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={k: [plain(v[0]), plain(v[1])] for k, v in changes.items()},
    )
