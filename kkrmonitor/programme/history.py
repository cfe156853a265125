"""Readable history: audit events turned into Danish sentences and before/after pairs, and the
queries that pick the events a user may see (the public: published content only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime

from kkrmonitor.access import Access
from kkrmonitor.programme.models import AuditEvent, Publication, Status

OBJECT_LABELS = {
    "programme": "Arbejdsprogram", "recommendation": "Anbefaling", "initiative": "Indsats",
    "milestone": "Milepæl", "historyentry": "Historik", "statusupdate": "Statusopdatering",
    "comment": "Kommentar", "council": "Råd", "municipality": "Kommune", "actor": "Aktør",
    "user": "Bruger", "membership": "Rolle",
}

ACTION_LABELS = {
    "create": "oprettet", "update": "ændret", "delete": "slettet", "publish": "offentliggjort",
    "unpublish": "gjort til kladde", "confirm": "bekræftet uændret", "status": "ny status",
    "progress": "ny fremdrift",
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
    "full_name": "Navn", "council": "Råd",
}
PREFIX_LABELS = {"initiative": "Indsatsens", "recommendation": "Anbefalingens"}
HIDDEN_FIELDS = {"version", "source_sha256"}

_CHOICES = {**dict(Status.choices), **dict(Publication.choices)}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


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
            return formats.date_format(dt, "j. F Y H:i")
    return str(value)


def _as_date(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def describe(event: AuditEvent) -> EventView:
    noun = OBJECT_LABELS.get(event.object_type, event.object_type)
    verb = ACTION_LABELS.get(event.action, event.action)
    changes = [Change(field_label(k), format_value(v[0]), format_value(v[1]))
               for k, v in event.changes.items() if k.rpartition(".")[2] not in HIDDEN_FIELDS]
    return EventView(event, f"{noun} »{event.object_repr}« {verb}", changes)


def visible_events(access: Access) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    return events if access.sees_drafts else events.filter(is_public=True)


def events_since(access: Access, since: date,
                 recommendation_ids: list[int] | None = None) -> QuerySet[AuditEvent]:
    """Every change on or after `since` (a date in Danish time) that the user may see."""
    events = visible_events(access).filter(at__date__gte=since)
    if recommendation_ids is not None:
        events = events.filter(recommendation_id__in=recommendation_ids)
    return events.select_related("user").order_by("-at", "-id")
