"""A sentence that dates a change in the world ("… bortfalder fra 2026") is a dated event of the
recommendation, kept with its history, never a milestone with a deadline."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from kkrmonitor.audit import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.parsing.world_changes import dates_a_change
from kkrmonitor.programme import services
from kkrmonitor.programme.models import AuditEvent, HistoryEntry, Milestone, Origin

R6 = ("KKR Hovedstaden skal være opmærksom på konsekvenserne af, at en del af regionens "
      "udviklingsmidler og -opgaver bortfalder fra 2026")


@pytest.mark.parametrize(("sentence", "expected"), [
    (R6, True),
    ("Loven træder i kraft 1. januar 2027.", True),
    ("Kontoret nedlægges ved udgangen af 2026.", True),
    ("Initiativerne skal godkendes i foråret 2026.", False),
    ("Opgaven med at etablere nye tværkommunale it-serviceorganisationer, der inden udgangen "
     "af 2027 varetager kommunernes drift af server- og netværksinfrastruktur vil være "
     "betydelig i de kommende år.", False),
    # The change verb in another clause than the date does not make the date an event.
    ("Ordningen bortfalder, og KKR skal evaluere den i foråret 2027.", False),
])
def test_dates_a_change(sentence, expected):
    assert dates_a_change(sentence) is expected


@pytest.mark.django_db
def test_the_shipped_seed_has_no_milestone_for_the_lapse_and_dates_it_as_history(
        seed_programme):
    rec6 = seed_programme.recommendations.get(number=6)
    assert list(rec6.milestones.all()) == []
    assert [(h.label, h.text) for h in rec6.history.all()] == [("fra 2026", R6)]
    assert not Milestone.objects.filter(title__contains="bortfalder").exists()


@pytest.mark.django_db
def test_an_existing_database_loses_the_old_milestone_through_the_data_migration(
        seed_programme):
    """A database imported before the rule holds the lapse as an imported milestone; the data
    migration moves it to the history, with audit events for both writes."""
    rec6 = seed_programme.recommendations.get(number=6)
    rec6.history.all().delete()
    author = Author("Import af kkr-hovedstaden-anbefalinger-2026-2029.txt", "import")
    services.create_milestone(author, rec6, R6, parse_window("fra 2026"), origin=Origin.IMPORT,
                              source_text=R6.replace("fra 2026", "…"))
    kept = services.create_milestone(author, rec6, "Redaktørens egen milepæl: ordningen "
                                     "bortfalder fra 2027", parse_window("fra 2027"))
    start = AuditEvent.objects.order_by("-id").first().id
    migration = importlib.import_module(
        "kkrmonitor.programme.migrations.0005_dated_events_off_milestones")
    migration.move_events_to_history(django_apps, None)
    assert list(rec6.milestones.all()) == [kept]  # a user's own milestone stays
    entry = HistoryEntry.objects.get(recommendation=rec6)
    assert (entry.label, entry.text, entry.origin, str(entry.start)) == (
        "fra 2026", R6, "import", "2026-01-01")
    assert [(e.object_type, e.action) for e in AuditEvent.objects.filter(id__gt=start)
            .order_by("id")] == [("milestone", "delete"), ("historyentry", "create")]
