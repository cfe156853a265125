"""The reference meetings: exactly the six meetings the sources state, each with its source;
loading twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.meetings.reference import load_reference_meetings
from kkrmonitor.programme.models import AuditEvent

pytestmark = pytest.mark.django_db

KL = "KL, KKR Hovedstaden: mødemateriale (kl.dk/politik/kkr/kkr-hovedstaden/moedemateriale)"


def test_loads_exactly_the_six_meetings_with_sources(seed_programme):
    report = load_reference_meetings()
    meetings = list(Meeting.objects.select_related("council").order_by("date"))
    assert [(m.council.slug, m.date, m.state, m.title) for m in meetings] == [
        ("kkr-hovedstaden", date(2025, 2, 3), "held", ""),
        ("kkr-hovedstaden", date(2025, 4, 11), "held", ""),
        ("kkr-hovedstaden", date(2025, 6, 18), "held", ""),
        ("kkr-hovedstaden", date(2025, 9, 2), "held", ""),
        ("kkr-hovedstaden", date(2025, 10, 24), "held", ""),
        # Stated as the planned date: the secretariat marks it held.
        ("kkr-hovedstaden", date(2026, 1, 26), "planned", "Konstituerende møde"),
    ]
    assert all(KL in m.source for m in meetings)
    # No source gives a time or a place.
    assert {(m.start_time, m.place) for m in meetings} == {(None, "")}
    assert str(report) == ("Referencemøder indlæst: 6 møder oprettet "
                           "(med 1 dagsordenspunkt og 1 beslutning).")


def test_the_approval_on_24_october_2025_cites_the_document(seed_programme):
    load_reference_meetings()
    meeting = Meeting.objects.get(date=date(2025, 10, 24))
    assert "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden" in meeting.source
    # The public reads the document's name, not the repository's path to it.
    assert meeting.source == (
        "Mødedato: KL, KKR Hovedstaden: mødemateriale "
        "(kl.dk/politik/kkr/kkr-hovedstaden/moedemateriale). Beslutningen om anbefalingerne: "
        "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden (godkendt 24. oktober 2025): "
        "»Anbefalingerne er godkendt på KKR Hovedstadens møde den 24. oktober 2025.«")
    [item] = meeting.agenda_items.all()
    assert (item.title, item.kind, item.case_text) == (
        "Anbefalinger til det nye KKR Hovedstaden 2026-2029", "beslutning", "")
    assert [r.number for r in item.recommendations.order_by("number")] == list(range(1, 10))
    [decision] = item.decisions.all()
    assert decision.text == ("Anbefalingerne er godkendt på KKR Hovedstadens møde den "
                             "24. oktober 2025.")
    assert Decision.objects.count() == 1
    assert AgendaItem.objects.count() == 1


def test_one_audit_event_per_created_row(seed_programme):
    before = AuditEvent.objects.count()
    load_reference_meetings()
    events = AuditEvent.objects.order_by("id")[before:]
    assert sorted(e.object_type for e in events) == (
        ["agendaitem", "decision"] + ["meeting"] * 6)
    assert {e.channel for e in events} == {"cli"}


def test_loading_again_changes_nothing(seed_programme):
    load_reference_meetings()
    meeting = Meeting.objects.get(date=date(2026, 1, 26))
    meeting.state, meeting.place = "held", "Sted sat af sekretariatet"
    meeting.save()
    before = AuditEvent.objects.count()
    report = load_reference_meetings()
    assert str(report) == "Referencemøderne findes allerede; intet ændret."
    assert AuditEvent.objects.count() == before
    assert Meeting.objects.count() == 6
    # What the secretariat changed stays.
    assert Meeting.objects.get(date=date(2026, 1, 26)).state == "held"


def test_without_a_programme_the_approval_links_no_recommendations(reference_data):
    load_reference_meetings()
    assert AgendaItem.objects.get().recommendations.count() == 0


def test_command(seed_programme, capsys):
    call_command("load_meetings")
    call_command("load_meetings")
    assert capsys.readouterr().out.splitlines() == [
        "Referencemøder indlæst: 6 møder oprettet (med 1 dagsordenspunkt og 1 beslutning).",
        "Referencemøderne findes allerede; intet ændret.",
    ]


def test_the_agenda_item_is_written_by_the_meetings_service(seed_programme):
    """As an editor's agenda item: the same audit event, with the linked recommendations."""
    load_reference_meetings()
    event = AuditEvent.objects.get(object_type="agendaitem")
    assert (event.action, event.object_repr) == (
        "create", "Punkt 1: Anbefalinger til det nye KKR Hovedstaden 2026-2029")
    assert sorted(event.changes) == ["case_text", "kind", "meeting", "number",
                                     "recommendations", "title"]
    assert event.changes["number"] == [None, 1]
    assert event.changes["kind"] == [None, "beslutning"]
    assert len(event.changes["recommendations"][1]) == 9


def test_a_source_naming_the_file_path_is_brought_up_to_date(seed_programme):
    load_reference_meetings()
    meeting = Meeting.objects.get(date=date(2025, 10, 24))
    current = meeting.source
    earlier = current.replace(
        "(godkendt 24. oktober 2025):",
        "(godkendt 24. oktober 2025), filen "
        "data/programmes/kkr-hovedstaden-anbefalinger-2026-2029.txt:")
    Meeting.objects.filter(pk=meeting.pk).update(source=earlier)
    load_reference_meetings()
    assert Meeting.objects.get(pk=meeting.pk).source == current
    event = AuditEvent.objects.filter(object_type="meeting").latest("id")
    assert event.changes == {"source": [earlier, current]}
    Meeting.objects.filter(pk=meeting.pk).update(source="Rettet af sekretariatet")
    load_reference_meetings()
    assert Meeting.objects.get(pk=meeting.pk).source == "Rettet af sekretariatet"
