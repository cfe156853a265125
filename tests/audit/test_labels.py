"""The label registry (kkrmonitor.audit.labels): every field of every audited model has a
Danish label or is hidden on purpose, and values read as sentences — literal expected texts."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from kkrmonitor.audit import labels

# Models no service records changes of, with the reason. A new model must either be audited
# (and get labels) or be named here: the test below fails on one that is neither.
NOT_AUDITED = {
    "membership": "recorded as the user's roles (\"roles\" on the user's event)",
    "loginattempt": "log-in throttling, not content",
    "passwordresetrequest": "log-in throttling, not content",
    "recommendationactor": "recorded as the recommendation's actors",
    "auditevent": "the audit log itself",
    "area": "derived from the reference data for the indicators",
    "observation": "figures are recorded as counts on the indicator's fetch/import event",
    "sharedinitiative": "recorded as the initiative's shared_with",
    "portfolio": "reference data, never edited",
    "portfoliostage": "reference data, never edited",
    "listmembership": "recorded as the project's lists",
    "projectevent": "recorded as the project's event",
    "demodataset": "the demo generator's own bookkeeping",
    "generation": "the page cache's counter",
    "fetchjob": "recorded as the indicator's fetch_queued and fetch events",
    "searchentry": "the search index, derived from audited writes and rebuilt at will",
    "importeditem": "recorded on the agenda item's event (source_number, texts)",
    "linksuggestion": "an accepted or rejected one is recorded as the item's links",
    "notification": "the e-mail log itself (sent mails are recorded, not edited)",
    "optout": "a user's own e-mail settings",
    "bounce": "the mail server's refusals, shown to administrators",
}


def project_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("kkrmonitor.")]


def test_every_model_is_audited_or_named_as_not_audited():
    names = {m._meta.model_name for m in project_models()}
    assert names - set(labels.AUDITED_MODELS) - set(NOT_AUDITED) == set()
    assert set(labels.AUDITED_MODELS) & set(NOT_AUDITED) == set()
    for object_type, model_name in labels.AUDITED_MODELS.items():
        assert apps.get_model(model_name)._meta.model_name == object_type
        assert object_type in labels.OBJECT_LABELS


def audited_fields() -> list[tuple[str, str]]:
    """(object_type, field) for every concrete and many-to-many field of the audited models."""
    pairs = []
    for object_type, model_name in labels.AUDITED_MODELS.items():
        for field in apps.get_model(model_name)._meta.get_fields():
            if field.concrete or (field.many_to_many and not field.auto_created):
                pairs.append((object_type, field.name))
    return pairs


def test_every_audited_field_has_a_label_or_is_hidden():
    missing = [pair for pair in audited_fields()
               if not labels.is_hidden(pair[1], pair[0]) and not labels.has_label(pair[1], pair[0])]
    assert missing == []


def test_every_choice_of_an_audited_field_reads_in_danish():
    for object_type, name in audited_fields():
        field = apps.get_model(labels.AUDITED_MODELS[object_type])._meta.get_field(name)
        for value, label in getattr(field, "choices", None) or []:
            assert labels.value_text(name, value, object_type) == str(label)


@pytest.mark.parametrize(("key", "object_type", "label"), [
    ("number", "agendaitem", "Punkt nr."),
    ("number", "recommendation", "Anbefaling nr."),
    ("joint.start", "initiative", "Fælles indsats: start"),
    ("joint.deadline", "initiative", "Fælles indsats: frist"),
    ("joint.stages", "initiative", "Fælles indsats: trin"),
    ("initiative.status", "statusupdate", "Indsatsens status"),
    ("recommendation.progress", "initiative", "Anbefalingens fremdrift (%)"),
    ("state", "stagereport", "Status"),
    ("review_comment", "stagereport", "Kommentar fra sekretariatet"),
    ("actors", "recommendation", "Samarbejdspartnere"),
    ("Albertslund", "initiative", "Albertslund"),  # the stage import keys rows by municipality
])
def test_field_labels(key, object_type, label):
    assert labels.field_label(key, object_type) == label


@pytest.mark.parametrize(("key", "object_type", "value", "text"), [
    ("state", "stagereport", "pending", "Afventer godkendelse"),
    ("state", "stagereport", "approved", "Godkendt"),
    ("state", "meeting", "held", "Afholdt"),
    ("kind", "agendaitem", "orientering", "Orientering"),
    ("kind", "council", "forum", "Forum"),
    ("kind", "indicator", "statbank", "Statistikbanken"),
    ("initiative.status", "statusupdate", "at_risk", "I risiko"),
    ("publication", "initiative", "draft", "Kladde"),
    ("is_complete", "projectlist", True, "ja"),
    ("additive", "indicator", False, "nej"),
    ("joint.start", "initiative", "2026-01-01", "1. januar 2026"),
    ("confirmed_at", "initiative", "2026-10-01T15:21:00+00:00", "1. oktober 2026 17:21"),
    ("state_funding_dkk", "project", 4767000000, "4.767.000.000"),
    ("number", "agendaitem", 3, "3"),
    ("superseded", "initiative", [12, 13], "2 ventende indberetninger"),
    ("superseded", "stagereport", [12], "1 ventende indberetning"),
    ("actors", "recommendation", ["KKR Sjælland", "Sundhedskoordinationsforum"],
     "KKR Sjælland, Sundhedskoordinationsforum"),
    ("title", "initiative", None, "–"),
    ("title", "initiative", "draft", "draft"),  # a title is a text, not a choice
    ("source", "decision", "Anbefalingerne (godkendt 24. oktober 2025), filen "
     "data/programmes/kkr-hovedstaden-anbefalinger-2026-2029.txt",
     "Anbefalingerne (godkendt 24. oktober 2025)"),
    ("municipality", "comment", "København Kommune", "Københavns Kommune"),
    ("initiative.confirmed_by", "statusupdate", "erik@kkr.test", "en bruger uden registreret navn"),
    ("confirmed_by", "initiative", "Erik Redaktør", "Erik Redaktør"),
])
def test_value_texts(key, object_type, value, text):
    assert labels.value_text(key, value, object_type) == text


@pytest.mark.parametrize("key", ["version", "reviewed_at", "reviewed_by", "source_text",
                                 "precision", "slug", "superseded_by", "author", "created_at"])
def test_bookkeeping_is_hidden(key):
    assert labels.is_hidden(key, "stagereport")


def test_partners_stored_by_slug_read_by_name(reference_data):
    assert labels.value_text("actors", ["kkr-sjaelland", "sundhedskoordinationsforum"],
                             "recommendation") == "KKR Sjælland, Sundhedskoordinationsforum"
    assert labels.value_text("shared_with", "kkr-sjaelland", "initiative") == "KKR Sjælland"
    assert labels.value_text("title", "kkr-sjaelland", "initiative") == "kkr-sjaelland"


def test_authors_of_older_rows_lose_their_command_names():
    assert labels.author_text("Standarddata (kkr load_joint)") == "Standarddata"
    assert labels.author_text("kkr import_stages trin.csv") == "Indlæsning af trin.csv"
    assert labels.author_text("Erik Redaktør") == "Erik Redaktør"
