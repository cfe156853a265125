"""Merge-on-409: what every edit form does when its save is refused because someone else saved
first (services raise EditConflict).

The form comes back with HTTP 409, the other person's changes listed, the user's own input
kept, and every field the user had not touched updated to the other person's value, with
`version` set to the current one, so saving again keeps both people's work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any, TypeVar, cast

from django.http import QueryDict

from kkrmonitor.programme.forms import EditForm
from kkrmonitor.programme.history import EventView, describe
from kkrmonitor.programme.models import AuditEvent
from kkrmonitor.programme.services import EditConflict

FormT = TypeVar("FormT", bound=EditForm)

# Written along with the date text it belongs to; it says nothing to an editor.
_UNSHOWN_CHANGES = {"precision"}


@dataclass(frozen=True)
class ConflictView:
    """What the editor is told when their save was refused."""

    message: str
    events: list[EventView]
    merged: list[str]  # labels of fields now showing the other person's value
    clashes: list[str]  # labels of fields both people changed; the form keeps the user's value


def describe_others(events: list[AuditEvent]) -> list[EventView]:
    """The other person's changes, as history.describe words them, minus internals."""
    views = []
    for event in events:
        event.changes = {k: v for k, v in event.changes.items()
                         if k.rpartition(".")[2] not in _UNSHOWN_CHANGES}  # not saved
        views.append(describe(event))
    return views


def _as_posted(value: Any) -> str:
    """A form's initial value as the browser would post it back."""
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(getattr(value, "pk", value))  # a model instance posts its key


def conflict_view(error: EditConflict) -> ConflictView:
    """The refusal alone, for an action with no form to merge (a button, a delete)."""
    return ConflictView(str(error), describe_others(error.others), [], [])


def resolve_conflict(error: EditConflict, form: EditForm,
                     current: dict[str, Any], make_form: Callable[[Any], FormT],
                     ) -> tuple[ConflictView, FormT]:
    """The form to show after a refused save: the user's input, with the fields only the other
    person changed set to their new values and `version` set to the current one, so saving
    again keeps both people's changes. `current` is the form's initial data for the object as
    it is now; `form.audit_keys` says which audit keys each field writes."""
    theirs: dict[str, tuple[Any, Any]] = {}  # audit key -> (value the user saw, value now)
    for event in error.others:
        for key, (before, after) in event.changes.items():
            theirs[key] = (theirs[key][0] if key in theirs else before, after)
    mine = form.audit_values()
    data = cast(QueryDict, form.data).copy()  # the POST it was bound to
    merged, clashes = [], []
    for name, keys in form.audit_keys.items():
        touched = [k for k in keys if k in theirs]
        if not touched:
            continue
        label = str(form.fields[name].label)
        if all(mine.get(k) == theirs[k][0] for k in touched):
            value = current[name]
            if isinstance(value, list):
                data.setlist(name, [_as_posted(v) for v in value])
            else:
                data[name] = _as_posted(value)
            merged.append(label)
        elif any(mine.get(k) != theirs[k][1] for k in touched):
            clashes.append(label)
    data["version"] = str(current["version"])
    view = ConflictView(str(error), describe_others(error.others), merged, clashes)
    return view, make_form(data)
