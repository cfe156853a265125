"""Recurring obligations yield one milestone per occurrence in the term, each with its own
outcome; external events are dated context, never deadlines. Both load from the shipped
defaults with their sources, idempotently, and appear in the programme JSON and on the page."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.programme import services
from kkrmonitor.programme.cycle_defaults import RAMMEAFTALE_SOURCE, load_reference_cycle
from kkrmonitor.programme.models import (
    AuditEvent,
    ExternalEvent,
    Milestone,
    MilestoneState,
    Obligation,
)
from kkrmonitor.programme.obligations import create_obligation, sync_milestones

AUTHOR = Author(label="Test", channel="cli")
PROGRAMME = "/program/kkr-hovedstaden/2026-2029/"


def _main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index('<main id="main-content"'):html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_occurrence_years_within_the_term():
    biennial = Obligation(rhythm=Obligation.Rhythm.EVERY_SECOND_YEAR, first_year=2024)
    yearly = Obligation(rhythm=Obligation.Rhythm.YEARLY, first_year=2027)
    assert biennial.occurrence_years(2026, 2029) == [2026, 2028]
    assert yearly.occurrence_years(2026, 2029) == [2027, 2028, 2029]


@pytest.mark.django_db
def test_defaults_make_the_rammeaftale_and_result_contract_milestones(seed_programme):
    report = load_reference_cycle()
    assert report.lines()[0] == ("Tilbagevendende opgaver og ydre begivenheder indlæst: 7 "
                                 "oprettet.")
    rows = sorted((m.recommendation.number, m.occurrence_year, m.title, m.label,
                   m.start, m.end)
                  for m in Milestone.objects.filter(obligation__isnull=False))
    assert rows == [
        (1, 2026, "Rammeaftalen for det specialiserede socialområde godkendes (2026)",
         "i løbet af 2026 (forventet)", date(2026, 1, 1), date(2026, 12, 31)),
        (1, 2028, "Rammeaftalen for det specialiserede socialområde godkendes (2028)",
         "i løbet af 2028 (forventet)", date(2028, 1, 1), date(2028, 12, 31)),
        (4, 2026, "Resultatkontrakt med Erhvervshus Hovedstaden aftales (2026)",
         "i løbet af 2026 (forventet)", date(2026, 1, 1), date(2026, 12, 31)),
        (4, 2027, "Resultatkontrakt med Erhvervshus Hovedstaden aftales (2027)",
         "i løbet af 2027 (forventet)", date(2027, 1, 1), date(2027, 12, 31)),
        (4, 2028, "Resultatkontrakt med Erhvervshus Hovedstaden aftales (2028)",
         "i løbet af 2028 (forventet)", date(2028, 1, 1), date(2028, 12, 31)),
        (4, 2029, "Resultatkontrakt med Erhvervshus Hovedstaden aftales (2029)",
         "i løbet af 2029 (forventet)", date(2029, 1, 1), date(2029, 12, 31)),
    ]
    events = sorted((e.recommendation.number, e.label, e.title)
                    for e in ExternalEvent.objects.all())
    assert events == [
        (6, "fra 2026", "Regionens hjemmel til regionale udviklingsprojekter bortfalder"),
        (8, "fra 2027", "Region Hovedstaden og Region Sjælland lægges sammen til Region "
                        "Østdanmark"),
        (8, "november 2024", "Aftale om sundhedsreformen: 17 sundhedsråd oprettes"),
        (9, "fra 2027", "Region Hovedstaden og Region Sjælland lægges sammen til Region "
                        "Østdanmark"),
        (9, "november 2024", "Aftale om sundhedsreformen: 17 sundhedsråd oprettes"),
    ]
    assert Obligation.objects.get(recommendation__number=1).source == RAMMEAFTALE_SOURCE
    # Again: nothing new, nothing changed.
    audit_count = AuditEvent.objects.count()
    assert load_reference_cycle().lines() == [
        "Tilbagevendende opgaver og ydre begivenheder er allerede indlæst; intet ændret."]
    assert AuditEvent.objects.count() == audit_count


@pytest.mark.django_db
def test_each_occurrence_keeps_its_own_outcome_and_sync_keeps_it(seed_programme):
    load_reference_cycle()
    first = Milestone.objects.get(obligation__recommendation__number=1, occurrence_year=2026)
    services.set_milestone_outcome(AUTHOR, first, state=MilestoneState.REACHED,
                                   on=date(2026, 9, 4), reason="",
                                   expected_version=first.version)
    obligation = first.obligation
    assert obligation is not None
    assert sync_milestones(AUTHOR, obligation).created == []
    states = dict(obligation.milestones.values_list("occurrence_year", "state"))
    assert states == {2026: "reached", 2028: "planned"}


@pytest.mark.django_db
def test_a_changed_rhythm_removes_only_planned_occurrences(seed_programme):
    rec = seed_programme.recommendations.get(number=5)
    obligation = create_obligation(AUTHOR, rec, Obligation(
        title="Opgave", rhythm=Obligation.Rhythm.YEARLY, first_year=2026, source="Kilde"))
    assert sorted(obligation.milestones.values_list("occurrence_year", flat=True)) == [
        2026, 2027, 2028, 2029]
    kept = obligation.milestones.get(occurrence_year=2027)
    services.set_milestone_outcome(AUTHOR, kept, state=MilestoneState.DROPPED,
                                   on=date(2027, 2, 1), reason="Udgik",
                                   expected_version=kept.version)
    obligation.rhythm = Obligation.Rhythm.EVERY_SECOND_YEAR
    obligation.save()
    sync = sync_milestones(AUTHOR, obligation)
    assert (sync.created, len(sync.removed)) == ([], 1)
    assert sorted(obligation.milestones.values_list("occurrence_year", flat=True)) == [
        2026, 2027, 2028]


@pytest.mark.django_db
def test_programme_json_has_obligations_and_events(client, seed_programme):
    load_reference_cycle()
    data = json.loads(client.get(PROGRAMME.rstrip("/") + ".json").content)
    rec1, rec9 = data["recommendations"][0], data["recommendations"][8]
    assert rec1["obligations"] == [{
        "title": "Rammeaftalen for det specialiserede socialområde godkendes",
        "description": ("Rammeaftalen er toårig med en udviklingsdel og en styringsdel, der "
                        "rammesætter kapacitet og priser. Rammeaftale 2025–2026 blev godkendt "
                        "6. september 2024, så den næste rammeaftale skal godkendes i 2026. "
                        "Hvornår på året er ikke oplyst."),
        "rhythm": "biennial", "first_year": 2024, "usual_window": "i løbet af",
        "time_is_expected": True, "source": RAMMEAFTALE_SOURCE}]
    assert rec1["events"] == []
    assert [(e["label"], e["start"], e["end"]) for e in rec9["events"]] == [
        ("november 2024", "2024-11-01", "2024-11-30"), ("fra 2027", "2027-01-01", None)]
    assert {"milestones", "history", "initiatives", "actors"} <= set(rec9)
    assert [m["obligation"] for m in rec1["milestones"] if m["obligation"]] == [
        "Rammeaftalen for det specialiserede socialområde godkendes"] * 2


@pytest.mark.django_db
def test_r9_page_shows_events_as_context_and_links_the_forum(client, seed_programme):
    load_reference_cycle()
    text = _main_text(client.get(PROGRAMME + "anbefaling/9/"))
    assert ("Ændringer i omverdenen Begivenheder, som anbefalingen forholder sig til. De er "
            "baggrund, ikke frister for rådet. November 2024 ( 1. – 30. november 2024 ) Aftale om "
            "sundhedsreformen: 17 sundhedsråd oprettes") in text
    assert ("Fra 2027 (fra 1. januar 2027 ) Region Hovedstaden og Region Sjælland lægges "
            "sammen til Region Østdanmark Kilde: Sundhedsreformens lovforslag L213/L214 "
            "(2025)") in text
    assert ("Råd og fora, anbefalingen går på tværs af KKR Sjælland Møder og fælles "
            "indsatser. Sundhedskoordinationsforum Møder og fælles indsatser.") in text
    html = client.get(PROGRAMME + "anbefaling/9/").content.decode()
    assert 'href="/raad/sundhedskoordinationsforum/"' in html


@pytest.mark.django_db
def test_r1_page_shows_the_obligation_with_its_source(client, seed_programme):
    load_reference_cycle()
    text = _main_text(client.get(PROGRAMME + "anbefaling/1/"))
    assert ("Rammeaftalen for det specialiserede socialområde godkendes Rytme Hvert andet år "
            "Tidspunkt En forventning: kilden oplyser ikke, hvornår på året Kilde "
            + RAMMEAFTALE_SOURCE) in text


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "expected"), [
    (2026, ["Rammeaftalen for det specialiserede socialområde godkendes (2026)",
            "Resultatkontrakt med Erhvervshus Hovedstaden aftales (2026)"]),
    (2027, ["Resultatkontrakt med Erhvervshus Hovedstaden aftales (2027)"]),
])
def test_the_wheel_shows_the_yearly_cycle(client, seed_programme, year, expected):
    load_reference_cycle()
    text = _main_text(client.get(f"/aarshjul/kkr-hovedstaden/{year}/"))
    shown = [title for title in ("Rammeaftalen for det specialiserede socialområde godkendes "
                                 f"({year})",
                                 f"Resultatkontrakt med Erhvervshus Hovedstaden aftales ({year})")
             if title in text]
    assert shown == expected
    assert f"I løbet af {year} (forventet)" in text


@pytest.mark.django_db
def test_the_timeline_shows_events_as_context_not_bars(client, seed_programme):
    load_reference_cycle()
    response = client.get("/tidslinje/kkr-hovedstaden/2026-2029/")
    text = _main_text(response)
    assert ("Ændringer i omverdenen Begivenheder, som anbefalingerne forholder sig til. De er "
            "baggrund, ikke frister for rådet. November 2024: Aftale om sundhedsreformen: 17 "
            "sundhedsråd oprettes ( anbefaling 8 )") in text
    # Not a milestone: the bars are the milestones only.
    assert "Region Østdanmark" not in text.split("Ændringer i omverdenen")[0]


@pytest.mark.django_db
def test_the_calendar_has_each_occurrence(client, seed_programme):
    load_reference_cycle()
    body = client.get("/kalender/kkr-hovedstaden.ics").content.decode()
    unfolded = body.replace("\r\n ", "")
    summaries = [line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:")
                 and "Resultatkontrakt med Erhvervshus Hovedstaden aftales" in line]
    assert len(summaries) == 4
    assert "Region Østdanmark" not in unfolded


@pytest.mark.django_db
def test_the_annual_report_names_obligations_and_the_years_events(seed_programme):
    from kkrmonitor.reports.document import Bullets, Heading
    from kkrmonitor.reports.programme_report import build_report, resolve

    load_reference_cycle()
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", "2027"), date(2028, 1, 10))
    section: dict[str, list[str]] = {}
    current = ""
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 2:
            current = block.text.split(":")[0]
        elif isinstance(block, Bullets) and current.startswith("Anbefaling"):
            section[current] = block.items
    assert section["Anbefaling 4"] == [
        "Tilbagevendende opgave: Resultatkontrakt med Erhvervshus Hovedstaden aftales (hvert "
        "år; kilde: KKR Monitors baggrundsfakta fra offentlige kilder: KKR Hovedstaden aftaler "
        "hvert år en resultatkontrakt med Erhvervshus Hovedstaden)"]
    assert section["Anbefaling 9"] == [
        "Ændring i omverdenen, fra 2027: Region Hovedstaden og Region Sjælland lægges sammen "
        "til Region Østdanmark (kilde: Sundhedsreformens lovforslag L213/L214 (2025))"]
    # November 2024 is before the year: not in 2027's report.
    assert "Anbefaling 3" not in section


@pytest.mark.django_db
def test_the_status_annex_shows_the_events_dated_by_the_meeting(seed_programme):
    from kkrmonitor.meetings import services as meeting_services
    from kkrmonitor.meetings.annex import build_annex_data
    from kkrmonitor.meetings.annex_layout import recommendation_blocks
    from kkrmonitor.meetings.models import Meeting

    load_reference_cycle()
    meeting = meeting_services.create_meeting(
        AUTHOR, seed_programme.council, meeting_services.MeetingData(
            date=date(2026, 9, 7), state=Meeting.State.PLANNED))
    data = build_annex_data(meeting)
    rec9 = data["recommendations"][8]
    # Region Østdanmark comes from 2027: not yet by 7 September 2026.
    assert rec9["world_events"] == [{
        "label": "november 2024",
        "title": "Aftale om sundhedsreformen: 17 sundhedsråd oprettes",
        "source": "KKR Monitors baggrundsfakta fra offentlige kilder: aftalen om "
                  "sundhedsreformen, november 2024"}]
    blocks = recommendation_blocks(rec9, data)
    at = blocks.index({"kind": "heading", "level": 2, "text": "Ændringer i omverdenen"})
    assert blocks[at + 1:at + 3] == [
        {"kind": "note", "text": "Baggrund for anbefalingen, ikke frister for rådet."},
        {"kind": "list", "items": [
            "November 2024: Aftale om sundhedsreformen: 17 sundhedsråd oprettes. Kilde: KKR "
            "Monitors baggrundsfakta fra offentlige kilder: aftalen om sundhedsreformen, "
            "november 2024."]}]
