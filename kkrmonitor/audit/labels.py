"""Human labels for audited changes: one registry, in Danish, for every field any service
records and every value it stores, so the history pages, "Ændringer siden", the changes API,
the conflict page and the meeting annex all say a change the same way.

The API (small on purpose; the annex and the status report use it too):

- `object_label(object_type)`: "Indsats" for "initiative" (an AuditEvent's object_type).
- `field_label(key, object_type="")`: "Punkt nr." for ("agendaitem", "number"); a prefixed key
  names the object it belongs to: "joint.start" → "Fælles indsats: start",
  "initiative.status" → "Indsatsens status". A key the registry does not know is returned as
  it is (the bulk import of stages keys its rows by the municipality's name).
- `value_text(key, value, object_type="")`: a stored before/after value as a reader sees it —
  choices by their Danish label ("pending" → "Afventer godkendelse"), booleans "ja"/"nej",
  dates and moments in Danish, amounts with thousands separators, lists joined, nothing "–".
  Related objects are stored by their names already (`audit.plain` stores `str(obj)`); an older
  row's partner or council slug is read as the name, its "København Kommune" as the official
  "Københavns Kommune", and a repository file path is left out (`corrected`).
- `author_text(actor_label)`: the event's author without command names older rows carry.
- `is_hidden(key, object_type="")`: bookkeeping no reader needs (the version step, the
  importer's source sentence, slugs, review internals, who-wrote-it fields the event itself
  carries).
- `AUDITED_MODELS`: object_type → "app_label.ModelName" of every model whose changes a service
  records; a test walks their fields and fails on one without a label.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime

# object_type (AuditEvent.object_type, the model's name) → model, for every audited model.
AUDITED_MODELS = {
    "programme": "programme.Programme", "recommendation": "programme.Recommendation",
    "initiative": "programme.Initiative", "milestone": "programme.Milestone",
    "historyentry": "programme.HistoryEntry", "statusupdate": "programme.StatusUpdate",
    "comment": "programme.Comment", "council": "programme.Council",
    "municipality": "programme.Municipality", "actor": "programme.Actor",
    "user": "accounts.User", "meeting": "meetings.Meeting", "agendaitem": "meetings.AgendaItem",
    "decision": "meetings.Decision", "annexsnapshot": "meetings.AnnexSnapshot",
    "indicator": "indicators.Indicator", "stagereport": "joint.StageReport",
    "jointinitiative": "joint.JointInitiative", "project": "joint.Project",
    "jointstage": "joint.JointStage",
    "projectlist": "joint.ProjectList", "recommendationbrief": "meetings.RecommendationBrief",
    "register": "registers.Register", "column": "registers.Column", "row": "registers.Row",
    "attachment": "meetings.Attachment",
    "obligation": "programme.Obligation", "externalevent": "programme.ExternalEvent",
}

OBJECT_LABELS = {
    "programme": "Arbejdsprogram", "recommendation": "Anbefaling", "initiative": "Indsats",
    "milestone": "Milepæl", "historyentry": "Historik", "statusupdate": "Statusopdatering",
    "comment": "Kommentar", "council": "Råd", "municipality": "Kommune", "actor": "Aktør",
    "user": "Bruger", "membership": "Rolle", "meeting": "Møde",
    "agendaitem": "Dagsordenspunkt", "decision": "Beslutning", "annexsnapshot": "Statusbilag",
    "indicator": "Indikator", "stagereport": "Indberetning", "project": "Projekt",
    "projectlist": "Liste", "portfolio": "Portefølje", "jointinitiative": "Fælles indsats",
    "sharedinitiative": "Delt indsats", "projectevent": "Projekthændelse",
    "jointstage": "Trin i fælles indsats",
    "recommendationbrief": "Kort status til statusbilaget",
    "register": "Register", "column": "Registerkolonne", "row": "Registerrække",
    "attachment": "Bilag",
    "obligation": "Tilbagevendende opgave", "externalevent": "Ydre begivenhed",
}

# Labels shared by every object; the order is also the reading order of a change list.
FIELD_LABELS = {
    "title": "Titel", "name": "Navn", "headline": "Overskrift", "number": "Nummer",
    "body": "Tekst", "theme": "Tema", "description": "Beskrivelse", "owner": "Ansvarlig",
    "responsible": "Ansvarlig person",
    "contact_person": "Kontaktperson", "weight": "Vægt", "start": "Start", "end": "Slut",
    "label": "Tidsangivelse", "deadline": "Frist", "publication": "Offentliggørelse",
    "status": "Status", "state": "Status", "progress": "Fremdrift (%)",
    "narrative": "Beskrivelse", "as_of": "Dato", "published_at": "Offentliggjort",
    "confirmed_at": "Senest bekræftet", "confirmed_by": "Bekræftet af",
    "actors": "Samarbejdspartnere", "text": "Tekst", "municipality": "Kommune",
    "initiative": "Indsats", "recommendation": "Anbefaling", "programme": "Arbejdsprogram",
    "preamble": "Indledning", "approved_on": "Godkendt", "approval_text": "Godkendelse",
    "source_filename": "Kildedokument", "aliases": "Andre navne", "role": "Rolle",
    "email": "E-mail", "is_active": "Aktiv", "full_name": "Navn", "council": "Råd",
    "date": "Dato", "start_time": "Klokkeslæt", "place": "Sted", "kind": "Type",
    "case_text": "Sagsfremstilling", "meeting": "Møde", "agenda_item": "Dagsordenspunkt",
    "recommendations": "Anbefalinger", "initiatives": "Indsatser", "roles": "Roller",
    "effects": "Virkninger", "rows": "Rækker", "stages": "Trin", "stage": "Trin",
    "note": "Note", "review_comment": "Kommentar fra sekretariatet", "source": "Kilde",
    "dates_note": "Note om datoerne", "shared_with": "Delt med",
    "joint_with": "Fælles møde med",
    "superseded": "Erstattede indberetninger", "region_code": "Regionskode",
    "region_name": "Region", "code": "Kommunekode", "spans": "Omfatter",
    "unit": "Enhed", "statbank_table": "Tabel i Danmarks Statistiks statistikbank",
    "statbank_selection": "Udvalg af variable", "area_variable": "Områdevariabel",
    "time_variable": "Tidsvariabel", "numerator": "Tæller", "denominator": "Nævner",
    "scale": "Skala", "additive": "Kan lægges sammen", "observations": "Antal tal",
    "table": "Tabel", "file": "Fil", "fetch_job": "Hentning nr.", "finalised_at": "Afsluttet",
    "finalised_by": "Afsluttet af", "portfolio": "Portefølje",
    "responsible_authority": "Ansvarlig myndighed",
    "state_funding_dkk": "Statslig finansiering (kr.)",
    "funding_decision": "Beslutning om finansiering",
    "funding_date": "Dato for beslutning om finansiering", "lists": "Lister",
    "event": "Hændelse", "is_complete": "Listen er komplet",
    "completeness_note": "Note om listens fuldstændighed", "term_start": "Valgperiodens start",
    "term_end": "Valgperiodens slutning", "imported_at": "Indlæst",
    "state_on": "Udfaldets dato", "state_reason": "Begrundelse", "moved_from": "Flyttet fra",
    "filename": "Filnavn", "content_type": "Filtype", "size": "Størrelse (bytes)",
    "sha256": "Kontrolsum (SHA-256)", "uploaded_at": "Tilføjet", "uploaded_by": "Tilføjet af",
    "source_number": "Nummer i dokumentet", "recommendation_text": "Indstilling",
    "decision_text": "Beslutning i dokumentet",
    "rhythm": "Rytme", "first_year": "Første gang", "usual_window": "Sædvanligt tidspunkt",
    "is_expected": "Tidspunktet er en forventning", "obligation": "Tilbagevendende opgave",
    "occurrence_year": "År",
}

# Where a shared label would mislead: (object_type, field) → label.
OBJECT_FIELD_LABELS = {
    ("annexsnapshot", "docx"): "Word-fil", ("annexsnapshot", "pdf"): "PDF-fil",
    ("agendaitem", "number"): "Punkt nr.",
    ("recommendation", "number"): "Anbefaling nr.",
    ("decision", "text"): "Beslutning",
    ("comment", "text"): "Kommentar", ("comment", "addressed_to"): "Til kommune",
    ("historyentry", "text"): "Det skete",
    ("externalevent", "title"): "Hændelse",
    ("project", "stage"): "Fase",
    ("jointstage", "joint"): "Fælles indsats", ("jointstage", "position"): "Nummer",
    ("jointstage", "name"): "Trin",
    ("indicator", "council"): "Ejes af",
    ("actor", "council"): "Er rådet",
    ("user", "name"): "Navn",
    ("annexsnapshot", "recommendations"): "Antal anbefalinger i bilaget",
    ("register", "published"): "Offentligt", ("register", "columns"): "Kolonner",
    ("register", "source"): "Kilde", ("column", "register"): "Register",
    ("column", "unit"): "Enhed", ("column", "choices"): "Valgmuligheder",
    ("column", "help_text"): "Vejledning", ("column", "required"): "Skal udfyldes",
    ("column", "position"): "Placering", ("column", "key"): "Nøgle",
    ("row", "register"): "Register", ("row", "values"): "Værdier",
    ("attachment", "text"): "Dokumentets tekst",
}

# A prefixed key ("joint.start") belongs to another object than the event's: its name goes in
# front. The possessive forms are the ones the history has always used.
PREFIX_LABELS = {"initiative": "Indsatsens", "recommendation": "Anbefalingens"}
PREFIX_NOUNS = {"joint": "Fælles indsats"}
# The model a prefix's fields belong to (for their choices).
PREFIX_OBJECTS = {"initiative": "initiative", "recommendation": "recommendation",
                  "joint": "jointinitiative"}

# Bookkeeping no reader needs, on any object: the version counter, the importer's source
# sentence and file checksum, the parser's precision (the label says it), slugs, ids and
# timestamps of the row itself, who wrote it (the event names its author), the review's
# internals (the approving event is the review), password and permission columns.
HIDDEN_FIELDS = {
    "id", "version", "source_sha256", "precision", "source_text", "slug", "origin",
    "created_at", "updated_at", "author", "author_label", "reviewed_at", "reviewed_by",
    "superseded_by", "password", "last_login", "is_superuser", "is_staff", "date_joined",
    "groups", "user_permissions", "figures", "latest_figure_period", "data",
}

EMPTY = "–"


def object_label(object_type: str) -> str:
    return OBJECT_LABELS.get(object_type, object_type)


def _split(key: str) -> tuple[str, str]:
    prefix, _, name = key.rpartition(".")
    return prefix, name


def field_label(key: str, object_type: str = "") -> str:
    """The Danish label of a changed field, as a reader sees it in a change list."""
    prefix, name = _split(key)
    if prefix in PREFIX_NOUNS:
        inner = _own_label(name, PREFIX_OBJECTS.get(prefix, ""))
        return f"{PREFIX_NOUNS[prefix]}: {inner.lower()}"
    if prefix:
        inner = _own_label(name, PREFIX_OBJECTS.get(prefix, ""))
        return f"{PREFIX_LABELS.get(prefix, prefix)} {inner.lower()}"
    return _own_label(name, object_type)


def _own_label(name: str, object_type: str) -> str:
    return OBJECT_FIELD_LABELS.get((object_type, name)) or FIELD_LABELS.get(name, name)


def has_label(key: str, object_type: str = "") -> bool:
    """Whether the registry knows the field (the coverage test's question)."""
    prefix, name = _split(key)
    if prefix and prefix not in PREFIX_NOUNS and prefix not in PREFIX_LABELS:
        return False
    return (object_type, name) in OBJECT_FIELD_LABELS or name in FIELD_LABELS


def is_hidden(key: str, object_type: str = "") -> bool:
    return _split(key)[1] in HIDDEN_FIELDS


@cache
def _choices(object_type: str, name: str) -> dict[str, str]:
    """The field's choices as {stored value: Danish label}, read from the model itself."""
    model_name = AUDITED_MODELS.get(object_type)
    if not model_name:
        return _all_choices()
    try:
        field = apps.get_model(model_name)._meta.get_field(name)
    except FieldDoesNotExist:  # a key of its own ("shared_with", "superseded")
        return {}
    return {str(k): str(v) for k, v in (getattr(field, "choices", None) or [])}


@cache
def _all_choices() -> dict[str, str]:
    """Every audited field's choices, for a key whose model is not known (older rows)."""
    merged: dict[str, str] = {}
    for model_name in AUDITED_MODELS.values():
        for field in apps.get_model(model_name)._meta.get_fields():
            merged.update({str(k): str(v) for k, v in (getattr(field, "choices", None) or [])})
    return merged


# Names the reference data once had wrong, as stored in older audit rows.
CORRECTED_NAMES = {"København Kommune": "Københavns Kommune",
                   "Bornholm Kommune": "Bornholms Regionskommune"}


# Keys whose values name a user: a user without a name is stored by e-mail address, which the
# public history must not show.
USER_FIELDS = {"confirmed_by", "finalised_by", "reviewed_by", "author"}
NAMELESS_USER = "en bruger uden registreret navn"

# Keys whose values name partners or councils; older rows stored some by slug.
NAMED_BY_SLUG = {"actors", "shared_with", "spans", "council"}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _name_for_slug(value: str) -> str | None:
    """The actor's or council's name for a slug an older row stored (one query, only for a
    value that looks like a slug)."""
    for model_name in ("programme.Actor", "programme.Council"):
        name = (apps.get_model(model_name)._default_manager.filter(slug=value)
                .values_list("name", flat=True).first())
        if name:
            return str(name)
    return None


# Older rows named the repository's copy of the council's document as a source.
_FILE_PATH = re.compile(r",? filen data/programmes/[^\s:]+")


def corrected(text: str) -> str:
    """A stored name or text with the official municipality names and no file path."""
    for old, new in CORRECTED_NAMES.items():
        if old in text:
            text = text.replace(old, new)
    return _FILE_PATH.sub("", text)


# Who wrote older rows, as command-line writers once named themselves.
OLD_AUTHORS = {"Standarddata (kkr load_joint)": "Standarddata",
               "kkr fetch_indicators": "Hentning fra Danmarks Statistik",
               "kkr import_observations": "Indlæsning fra fil"}


def author_text(label: str) -> str:
    """An event's author as the public reads it: no command names from older rows."""
    if label in OLD_AUTHORS:
        return OLD_AUTHORS[label]
    if label.startswith("kkr import_stages "):
        return "Indlæsning af " + label.removeprefix("kkr import_stages ")
    return label


def value_text(key: str, value: Any, object_type: str = "") -> str:
    """A stored before/after value as a reader would want to see it."""
    prefix, name = _split(key)
    owner = PREFIX_OBJECTS.get(prefix, "") if prefix else object_type
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if name == "superseded" and isinstance(value, list):
        count = len(value)
        return f"{count} ventende indberetning" + ("" if count == 1 else "er")
    if isinstance(value, list):
        return ", ".join(value_text(key, v, object_type) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {value_text(key, v, object_type)}" for k, v in value.items())
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True) if abs(value) >= 10000 \
            else str(value)
    if isinstance(value, str):
        choices = _choices(owner, name)
        if value in choices:
            return choices[value]
        if name in USER_FIELDS and "@" in value:
            return NAMELESS_USER
        if name in NAMED_BY_SLUG and _SLUG.match(value) and (named := _name_for_slug(value)):
            return named
        if len(value) == 10 and (d := _as_date(value)):
            return formats.date_format(d, "j. F Y")
        if len(value) > 18 and "T" in value and (dt := _as_datetime(value)):
            # Stored in UTC; a reader in Denmark wants Danish time.
            if timezone.is_aware(dt):
                dt = timezone.localtime(dt)
            return formats.date_format(dt, "j. F Y H:i")
        return corrected(value)
    return str(value)


def _as_date(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def _as_datetime(value: str) -> Any:
    try:
        return parse_datetime(value)
    except ValueError:
        return None
