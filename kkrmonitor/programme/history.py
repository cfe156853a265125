"""Readable history: audit events turned into Danish sentences and before/after pairs, and the
queries that pick the events a user may see (the public: published content only)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kkrmonitor.access import Access
from kkrmonitor.audit import action_label, labels
from kkrmonitor.programme.models import (
    AuditEvent,
    Initiative,
    Programme,
    Publication,
    Recommendation,
)

# The labels live in one registry (kkrmonitor.audit.labels); these names stay importable.
FIELD_LABELS = labels.FIELD_LABELS
HIDDEN_FIELDS = labels.HIDDEN_FIELDS
OBJECT_LABELS = labels.OBJECT_LABELS
PREFIX_LABELS = labels.PREFIX_LABELS

# Texts at least this long, changed on both sides, are shown as a word-by-word difference.
WORD_DIFF_MIN_CHARS = 80
# In a word difference, unchanged runs longer than this are shortened to CONTEXT_WORDS words
# on each side of the change.
CONTEXT_WORDS = 8


@dataclass(frozen=True)
class Segment:
    """A run of words in a word-by-word difference."""

    kind: str  # "same", "removed", "added" or "gap" (unchanged words left out)
    text: str


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    # For long texts changed on both sides: the before and after texts as runs of unchanged,
    # removed and added words. Empty when the plain values say it all.
    before_parts: tuple[Segment, ...] = ()
    after_parts: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class EventView:
    event: AuditEvent
    summary: str  # "Indsats 'Fælles takstmodel' ændret"
    changes: list[Change]
    by: str = ""  # who wrote it, as the public reads it


def field_label(name: str, object_type: str = "") -> str:
    return labels.field_label(name, object_type)


def format_value(value: Any, key: str = "", object_type: str = "") -> str:
    """A stored before/after value as a reader would want to see it."""
    return labels.value_text(key, value, object_type)


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def _shorten(run: list[str], first: bool, last: bool) -> list[Segment]:
    """An unchanged run of words, cut down to the words next to the changes around it."""
    keep_head = 0 if first else CONTEXT_WORDS
    keep_tail = 0 if last else CONTEXT_WORDS
    if len(run) <= keep_head + keep_tail + CONTEXT_WORDS:
        return [Segment("same", " ".join(run))]
    parts = []
    if keep_head:
        parts.append(Segment("same", " ".join(run[:keep_head])))
    parts.append(Segment("gap", "…"))
    if keep_tail:
        parts.append(Segment("same", " ".join(run[-keep_tail:])))
    return parts


def word_diff(before: str, after: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """The two texts as runs of unchanged, removed and added words, with long unchanged runs
    shortened, so a one-word edit in a long paragraph can be seen at a glance."""
    old, new = _words(before), _words(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    left: list[Segment] = []
    right: list[Segment] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            shortened = _shorten(old[i1:i2], first=index == 0, last=index == len(opcodes) - 1)
            left.extend(shortened)
            right.extend(shortened)
            continue
        if i2 > i1:
            left.append(Segment("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            right.append(Segment("added", " ".join(new[j1:j2])))
    return tuple(left), tuple(right)


def _change(key: str, before: Any, after: Any, object_type: str = "") -> Change:
    change = Change(labels.field_label(key, object_type),
                    labels.value_text(key, before, object_type),
                    labels.value_text(key, after, object_type))
    if (isinstance(before, str) and isinstance(after, str) and before.strip() and after.strip()
            and max(len(before), len(after)) >= WORD_DIFF_MIN_CHARS):
        left, right = word_diff(before, after)
        return Change(change.field, change.before, change.after, left, right)
    return change


_FIELD_RANK = {name: rank for rank, name in enumerate(FIELD_LABELS)}
_PREFIX_RANK = {"": 0, **{prefix: rank + 1 for rank, prefix in enumerate(PREFIX_LABELS)}}


def ordered_changes(changes: dict[str, Any]) -> list[tuple[str, Any]]:
    """The changed fields in a fixed reading order: the object's own fields first (in the order
    of FIELD_LABELS), then derived ones ("initiative.status", "recommendation.progress").
    PostgreSQL's jsonb does not keep key order, so the stored order cannot be relied on."""
    def rank(key: str) -> tuple[int, int, str]:
        prefix, _, name = key.rpartition(".")
        return (_PREFIX_RANK.get(prefix, len(_PREFIX_RANK)),
                _FIELD_RANK.get(name, len(_FIELD_RANK)), name)
    return sorted(changes.items(), key=lambda item: rank(item[0]))


def summary_text(object_type: str, action: str, object_repr: str) -> str:
    """"Indsats »Fælles takstmodel« ændret": what an event did to what."""
    return (f"{labels.object_label(object_type)} »{labels.corrected(object_repr)}« "
            f"{action_label(action)}")


def describe(event: AuditEvent) -> EventView:
    changes = [_change(k, v[0], v[1], event.object_type)
               for k, v in ordered_changes(event.changes)
               if not labels.is_hidden(k, event.object_type)]
    # Two moments within the same minute read the same; a row "same → same" only puzzles.
    changes = [c for c in changes if c.before != c.after]
    return EventView(event, summary_text(event.object_type, event.action, event.object_repr),
                     changes,
                     labels.author_text(event.actor_label))


# --- which events a user may see -----------------------------------------------------------

def visible_events(access: Access) -> QuerySet[AuditEvent]:
    """Members see every event. The public sees events written as public changes — public
    before and after, by the one rule in kkrmonitor.audit.public_change, applied when the event
    is recorded — and none about an initiative that is a draft now (it may have been published
    once and withdrawn). History pages, "Ændringer siden" and the changes API all read this."""
    events = AuditEvent.objects.all()
    if access.sees_drafts:
        return events
    drafts = Initiative.objects.filter(publication=Publication.DRAFT).values("pk")
    return events.filter(is_public=True).exclude(initiative_id__in=drafts)


def events_since(access: Access, since: date,
                 recommendation_ids: list[int] | None = None) -> QuerySet[AuditEvent]:
    """Every change on or after `since` (a date in Danish time) that the user may see."""
    events = visible_events(access).filter(at__date__gte=since)
    if recommendation_ids is not None:
        events = events.filter(recommendation_id__in=recommendation_ids)
    return events.select_related("user").order_by("-at", "-id")


def _newest_first(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    return events.order_by("-at", "-id")


def recommendation_events(access: Access, recommendation_id: int) -> QuerySet[AuditEvent]:
    """A recommendation's own changes and those of its initiatives, milestones, status updates
    and comments, newest first."""
    return _newest_first(visible_events(access).filter(recommendation_id=recommendation_id))


def initiative_events(access: Access, initiative_id: int) -> QuerySet[AuditEvent]:
    """An initiative's changes and those of its milestones, status updates and comments."""
    return _newest_first(visible_events(access).filter(initiative_id=initiative_id))


def _in_programme(programme: Programme) -> Q:
    return (Q(recommendation_id__in=Recommendation.objects.filter(programme=programme)
              .values("pk"))
            | Q(object_type="programme", object_id=str(programme.pk)))


def programme_events(access: Access, programme: Programme) -> QuerySet[AuditEvent]:
    """Changes to the programme itself and to everything under its recommendations."""
    return _newest_first(visible_events(access).filter(_in_programme(programme)))


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in Danish time (the site's time zone)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def programme_changes_since(access: Access, programme: Programme,
                            since: date) -> QuerySet[AuditEvent]:
    """Every change to the programme on or after `since` (a date in Danish time) that the user
    may see, newest first. Compares `at` with a moment, so the index on `at` is used."""
    return programme_events(access, programme).filter(at__gte=start_of_day(since))


def default_changes_since(programme: Programme, today: date) -> date:
    """The date "Ændringer siden" starts from when the reader has not chosen one: 30 days ago.
    This is where the date of the council's previous meeting will go once meetings are
    recorded."""
    return today - timedelta(days=30)


# --- grouping for display ------------------------------------------------------------------

@dataclass
class DayGroup:
    day: date
    events: list[EventView] = field(default_factory=list)


@dataclass
class RecommendationGroup:
    recommendation: Recommendation | None  # None: the programme itself
    events: list[EventView] = field(default_factory=list)


def by_day(views: Iterable[EventView]) -> list[DayGroup]:
    """Consecutive events grouped by their date in Danish time (events come newest first)."""
    groups: list[DayGroup] = []
    for view in views:
        day = timezone.localdate(view.event.at)
        if not groups or groups[-1].day != day:
            groups.append(DayGroup(day))
        groups[-1].events.append(view)
    return groups


def by_recommendation(views: Iterable[EventView],
                      recommendations: Iterable[Recommendation]) -> list[RecommendationGroup]:
    """Events grouped under their recommendation, in the programme's order (the programme's
    own changes first); each group keeps the events' order (newest first). Events of a
    recommendation not among `recommendations` are left out."""
    groups = {rec.pk: RecommendationGroup(rec) for rec in recommendations}
    own = RecommendationGroup(None)
    for view in views:
        rec_id = view.event.recommendation_id
        if rec_id is None:
            own.events.append(view)
        elif rec_id in groups:
            groups[rec_id].events.append(view)
    ordered = sorted((g for g in groups.values() if g.events),
                     key=lambda g: g.recommendation.number if g.recommendation else 0)
    return ([own] if own.events else []) + ordered
