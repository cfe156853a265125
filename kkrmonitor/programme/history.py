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
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime

from kkrmonitor.access import Access
from kkrmonitor.audit import action_label
from kkrmonitor.programme.models import (
    AuditEvent,
    Initiative,
    MilestoneState,
    Programme,
    Publication,
    Recommendation,
    Status,
)

OBJECT_LABELS = {
    "programme": "Arbejdsprogram", "recommendation": "Anbefaling", "initiative": "Indsats",
    "milestone": "Milepæl", "historyentry": "Historik", "statusupdate": "Statusopdatering",
    "comment": "Kommentar", "council": "Råd", "municipality": "Kommune", "actor": "Aktør",
    "user": "Bruger", "membership": "Rolle", "meeting": "Møde",
    "agendaitem": "Dagsordenspunkt", "decision": "Beslutning", "annexsnapshot": "Statusbilag",
    "indicator": "Indikator", "stagereport": "Indberetning", "project": "Projekt",
    "projectlist": "Liste", "portfolio": "Portefølje", "jointinitiative": "Fælles indsats",
    "sharedinitiative": "Delt indsats", "projectevent": "Projekthændelse",
    "recommendationbrief": "Kort status til statusbilaget",
}

FIELD_LABELS = {
    "title": "Titel", "headline": "Overskrift", "body": "Tekst", "theme": "Tema",
    "description": "Beskrivelse", "owner": "Ansvarlig", "contact_person": "Kontaktperson",
    "weight": "Vægt", "start": "Start", "end": "Slut", "label": "Tidsangivelse",
    "precision": "Præcision", "publication": "Offentliggørelse", "status": "Status",
    "progress": "Fremdrift (%)", "narrative": "Beskrivelse", "as_of": "Dato",
    "published_at": "Offentliggjort", "confirmed_at": "Senest bekræftet",
    "confirmed_by": "Bekræftet af", "actors": "Samarbejdspartnere", "text": "Tekst",
    "municipality": "Kommune", "initiative": "Indsats", "number": "Nummer",
    "preamble": "Indledning", "approved_on": "Godkendt", "approval_text": "Godkendelse",
    "source_filename": "Kildefil", "source_sha256": "Kildefilens kontrolsum", "name": "Navn",
    "aliases": "Andre navne", "role": "Rolle", "email": "E-mail", "is_active": "Aktiv",
    "full_name": "Navn", "council": "Råd", "date": "Dato", "start_time": "Klokkeslæt",
    "place": "Sted", "state": "Status", "kind": "Type", "case_text": "Sagsfremstilling",
    "recommendations": "Anbefalinger", "initiatives": "Indsatser", "roles": "Roller",
    "effects": "Virkninger", "rows": "Rækker", "deadline": "Frist", "stages": "Trin",
    "source": "Kilde", "dates_note": "Note om datoerne", "shared_with": "Delt med",
    "superseded": "Erstattede indberetninger",
    "state_on": "Udfaldets dato", "state_reason": "Begrundelse", "moved_from": "Flyttet fra",
}
PREFIX_LABELS = {"initiative": "Indsatsens", "recommendation": "Anbefalingens"}
# The version counter is bookkeeping, and so is the importer's source sentence; the precision
# only restates the label ("foråret 2026").
HIDDEN_FIELDS = {"version", "source_sha256", "precision", "source_text"}

_CHOICES = {**dict(Status.choices), **dict(Publication.choices),
            **dict(MilestoneState.choices)}

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


def field_label(name: str) -> str:
    prefix, _, field = name.rpartition(".")
    label = FIELD_LABELS.get(field, field)
    return f"{PREFIX_LABELS.get(prefix, prefix)} {label.lower()}" if prefix else label


def format_value(value: Any) -> str:
    """A stored before/after value as a reader would want to see it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value)
    if isinstance(value, str):
        if value in _CHOICES:
            return str(_CHOICES[value])
        if len(value) == 10 and (d := _as_date(value)):
            return formats.date_format(d, "j. F Y")
        if len(value) > 18 and "T" in value and (dt := parse_datetime(value)):
            # Stored in UTC; a reader in Denmark wants Danish time.
            if timezone.is_aware(dt):
                dt = timezone.localtime(dt)
            return formats.date_format(dt, "j. F Y H:i")
    return str(value)


def _as_date(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


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


def _change(key: str, before: Any, after: Any) -> Change:
    change = Change(field_label(key), format_value(before), format_value(after))
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


def describe(event: AuditEvent) -> EventView:
    noun = OBJECT_LABELS.get(event.object_type, event.object_type)
    verb = action_label(event.action)
    changes = [_change(k, v[0], v[1]) for k, v in ordered_changes(event.changes)
               if k.rpartition(".")[2] not in HIDDEN_FIELDS]
    # Two moments within the same minute read the same; a row "same → same" only puzzles.
    changes = [c for c in changes if c.before != c.after]
    return EventView(event, f"{noun} »{event.object_repr}« {verb}", changes)


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
