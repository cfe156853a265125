"""Calendar feeds: the events as a subscribed calendar reads them (parsed back with the icalendar
library), with UIDs that survive every export and a SEQUENCE that grows with each edit."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from kkrmonitor.meetings import services
from kkrmonitor.meetings.calendar import (
    CalendarMeeting,
    CalendarMilestone,
    build_calendar,
    content,
    escape_text,
    fold,
    milestone_days,
    milestone_summary,
)
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import Milestone
from tests.meetings.conftest import SETUP, World

D = date
STAMP = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
FEED = "/kalender/kkr-hovedstaden.ics"


def events(content: bytes) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(content).walk("VEVENT")}


def assert_valid_rfc5545(content: bytes) -> None:
    """Lines end in CRLF and are folded at 75 octets; every event has UID, DTSTAMP, DTSTART."""
    assert content.endswith(b"\r\n")
    lines = content.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in content.replace(b"\r\n", b"")
    cal = Calendar.from_ical(content)
    assert cal.name == "VCALENDAR"
    for event in cal.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "SUMMARY"):
            assert name in event, name


# --- pure ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "days"), [
    (D(2026, 3, 1), D(2026, 5, 31), (D(2026, 3, 1), D(2026, 6, 1))),  # DTEND is exclusive
    (D(2026, 7, 1), D(2026, 7, 1), (D(2026, 7, 1), D(2026, 7, 2))),
    (None, D(2027, 12, 31), (D(2027, 12, 31), D(2028, 1, 1))),  # a deadline: its day
    (D(2026, 1, 1), None, (D(2026, 1, 1), D(2026, 1, 2))),  # "fra 2026": the first day
    (None, None, None),
])
def test_milestone_days(start, end, days):
    assert milestone_days(start, end) == days


def test_milestone_summary():
    assert milestone_summary("Initiativerne skal godkendes i foråret 2026.") == (
        "Milepæl: Initiativerne skal godkendes i foråret 2026")
    long = "Opgaven med at etablere nye  tværkommunale " + "ord " * 40
    summary = milestone_summary(long, limit=45)
    assert summary == "Milepæl: Opgaven med at etablere nye tværkommunale …"


def test_build_calendar():
    content = build_calendar(
        "KKR Hovedstaden: møder og milepæle", "Møder og milepæle.",
        [CalendarMeeting(7, 3, D(2026, 7, 6), time(10, 0), "KKR Hovedstaden: møde",
                         "Hillerød Rådhus", "", "https://kkr.example/moede/7/"),
         CalendarMeeting(8, 1, D(2026, 9, 14), None, "KKR Hovedstaden: Temamøde")],
        [CalendarMilestone(5, 2, D(2026, 3, 1), D(2026, 5, 31), "Initiativerne skal godkendes.",
                           "foråret 2026", "KKR Hovedstaden, anbefaling 1",
                           "https://kkr.example/a/1/"),
         CalendarMilestone(6, 1, None, None, "Uden dato")],
        STAMP)
    assert_valid_rfc5545(content)
    cal = Calendar.from_ical(content)
    assert [str(cal[k]) for k in ("VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME")] == [
        "2.0", "-//KKR Monitor//kkr-monitor//DA", "GREGORIAN", "PUBLISH",
        "KKR Hovedstaden: møder og milepæle"]
    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Copenhagen"
    found = events(content)
    assert list(found) == ["meeting-7@kkr-monitor", "meeting-8@kkr-monitor",
                           "milestone-5@kkr-monitor"]  # no dates, no event
    meeting = found["meeting-7@kkr-monitor"]
    assert b"DTSTART;TZID=Europe/Copenhagen:20260706T100000\r\n" in content
    assert meeting.decoded("DTSTART").utcoffset() == timedelta(hours=2)  # summer time
    assert (str(meeting["SUMMARY"]), str(meeting["LOCATION"]), int(meeting["SEQUENCE"])) == (
        "KKR Hovedstaden: møde", "Hillerød Rådhus", 3)
    assert str(meeting["URL"]) == "https://kkr.example/moede/7/"
    all_day = found["meeting-8@kkr-monitor"]
    assert (all_day.decoded("DTSTART"), all_day.decoded("DTEND")) == (D(2026, 9, 14),
                                                                      D(2026, 9, 15))
    milestone = found["milestone-5@kkr-monitor"]
    assert b"DTSTART;VALUE=DATE:20260301\r\nDTEND;VALUE=DATE:20260601\r\n" in content
    assert str(milestone["SUMMARY"]) == "Milepæl: Initiativerne skal godkendes"
    assert int(milestone["SEQUENCE"]) == 2
    assert milestone.decoded("DTSTAMP") == STAMP
    assert str(milestone["DESCRIPTION"]) == (
        "Initiativerne skal godkendes.\nTidsangivelse: foråret 2026\n"
        "KKR Hovedstaden, anbefaling 1\nhttps://kkr.example/a/1/")
    assert str(milestone["TRANSP"]) == "TRANSPARENT"


def test_a_calendar_without_timed_meetings_has_no_timezone():
    content = build_calendar("X", "Y", [CalendarMeeting(1, 1, D(2026, 1, 1), None, "m")], [],
                             STAMP)
    assert b"VTIMEZONE" not in content


@pytest.mark.parametrize(("value", "escaped"), [
    ("Møde i KKR", "Møde i KKR"),
    ("a, b; c", "a\\, b\\; c"),
    ("C:\\sti", "C:\\\\sti"),
    ("to\nlinjer\r\nog\rtre", "to\\nlinjer\\nog\\ntre"),
])
def test_escape_text(value, escaped):
    assert escape_text(value) == escaped


def test_fold_keeps_characters_and_escapes_whole():
    ascii_line = ("DESCRIPTION:" + "x" * 200).encode()
    folded = fold(ascii_line)
    pieces = folded.split(b"\r\n")
    assert [len(p) for p in pieces] == [74, 75, 65]  # a fold's leading space counts
    assert b"".join(p[1:] if i else p for i, p in enumerate(pieces)) == ascii_line
    # "æ" is two octets: a piece ends before it rather than in the middle of it.
    danish = ("SUMMARY:" + "a" * 65 + "æøå" * 10).encode()
    first, second, *_ = fold(danish).split(b"\r\n")
    assert first == ("SUMMARY:" + "a" * 65).encode()  # 73 octets: "æ" would make 75
    assert second.startswith(" æøå".encode())
    # A backslash never ends a piece: "\\," stays on one line.
    escaped = ("DESCRIPTION:" + "y" * 61 + "\\,z").encode()
    assert fold(escaped) == ("DESCRIPTION:" + "y" * 61).encode() + b"\r\n \\,z"


def test_content_folds_only_long_lines_and_ends_each_in_crlf():
    assert content(["BEGIN:VCALENDAR", "X:" + "z" * 80, "END:VCALENDAR"]) == (
        b"BEGIN:VCALENDAR\r\nX:" + b"z" * 72 + b"\r\n " + b"z" * 8 + b"\r\nEND:VCALENDAR\r\n")


def test_build_calendar_writes_the_exact_lines():
    """The literal text a subscribed calendar reads (the same bytes the icalendar library
    wrote before the feed got its own writer)."""
    content = build_calendar(
        "KKR Hovedstaden: møder", "Møder, milepæle",
        [CalendarMeeting(7, 3, D(2026, 7, 6), time(10, 0), "KKR Hovedstaden: møde; 2",
                         "Hillerød Rådhus", "", "https://kkr.example/moede/7/")],
        [CalendarMilestone(5, 2, None, D(2026, 5, 31), "Frist.", "maj 2026",
                           state_word="nået", outcome="Nået 3. maj 2026")],
        STAMP, url="https://kkr.example/raad/")
    lines = content.decode().split("\r\n")
    assert lines[:10] == [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//KKR Monitor//kkr-monitor//DA",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALDESC:Møder, milepæle",
        "X-WR-CALNAME:KKR Hovedstaden: møder", "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "URL:https://kkr.example/raad/", "X-PUBLISHED-TTL:PT6H"]
    assert lines[28:] == [
        "BEGIN:VEVENT", "SUMMARY:KKR Hovedstaden: møde\\; 2",
        "DTSTART;TZID=Europe/Copenhagen:20260706T100000", "DTSTAMP:20260105T080000Z",
        "UID:meeting-7@kkr-monitor", "SEQUENCE:3", "CATEGORIES:Møde",
        "LOCATION:Hillerød Rådhus", "TRANSP:OPAQUE", "URL:https://kkr.example/moede/7/",
        "END:VEVENT",
        "BEGIN:VEVENT", "SUMMARY:Milepæl\\, nået: Frist", "DTSTART;VALUE=DATE:20260531",
        "DTEND;VALUE=DATE:20260601", "DTSTAMP:20260105T080000Z",
        "UID:milestone-5@kkr-monitor", "SEQUENCE:2", "CATEGORIES:Milepæl",
        "DESCRIPTION:Frist.\\nTidsangivelse: maj 2026\\nUdfald: Nået 3. maj 2026",
        "TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR", ""]
    assert_valid_rfc5545(content)


# --- the feeds -----------------------------------------------------------------------------

@pytest.fixture
def feed_world(world: World) -> World:
    """The world plus a timed meeting without recommendation 1 on its agenda, and a milestone
    under a draft initiative (not public, so never in a feed)."""
    services.create_meeting(SETUP, world.meeting.council, services.MeetingData(
        date=date(2026, 12, 11), start_time=time(10, 0), place="Hillerød Rådhus",
        title="Decembermøde"))
    draft = programme_services.create_initiative(
        SETUP, world.recommendation, programme_services.InitiativeData(title="Kladde"))
    programme_services.create_milestone(SETUP, world.recommendation, "Kladdens milepæl",
                                        parse_window("august 2026"), draft)
    return world


@pytest.mark.django_db
def test_council_feed(client, feed_world):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="kkr-hovedstaden.ics"'
    assert_valid_rfc5545(response.content)
    cal = Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == "KKR Hovedstaden: møder og milepæle"
    found = events(response.content)
    april, december = Meeting.objects.order_by("date")
    milestones = {m.title: m for m in Milestone.objects.all()}
    spring = milestones["Initiativerne skal godkendes i foråret 2026."]
    june = milestones["Godkendelse i KKR"]
    deadline = next(m for t, m in milestones.items() if t.startswith("Opgaven med at etablere"))
    # Recommendation 6's "bortfalder fra 2026" dates a change, not a milestone: not in the feed.
    assert not any("regionens udviklingsmidler" in t for t in milestones)
    assert set(found) == {f"meeting-{april.pk}@kkr-monitor", f"meeting-{december.pk}@kkr-monitor",
                          *(f"milestone-{m.pk}@kkr-monitor"
                            for m in (spring, june, deadline))}
    assert f"milestone-{milestones['Kladdens milepæl'].pk}@kkr-monitor" not in found

    held = found[f"meeting-{april.pk}@kkr-monitor"]
    assert str(held["SUMMARY"]) == "KKR Hovedstaden: møde"
    assert held.decoded("DTSTART") == D(2026, 4, 20)  # no time of day: all day
    assert str(held["URL"]) == f"http://testserver/moede/{april.pk}/"
    assert str(held["LOCATION"]) == "Københavns Rådhus"
    timed = found[f"meeting-{december.pk}@kkr-monitor"]
    assert str(timed["SUMMARY"]) == "KKR Hovedstaden: Decembermøde"
    assert timed.decoded("DTSTART") == timezone.make_aware(datetime(2026, 12, 11, 10, 0))

    def days(m: Milestone) -> tuple[date, date]:
        event = found[f"milestone-{m.pk}@kkr-monitor"]
        return event.decoded("DTSTART"), event.decoded("DTEND")

    assert days(spring) == (D(2026, 3, 1), D(2026, 6, 1))
    assert days(june) == (D(2026, 6, 1), D(2026, 7, 1))
    assert days(deadline) == (D(2027, 12, 31), D(2028, 1, 1))
    event = found[f"milestone-{june.pk}@kkr-monitor"]
    assert str(event["SUMMARY"]) == "Milepæl: Godkendelse i KKR"
    assert str(event["URL"]) == (
        "http://testserver/program/kkr-hovedstaden/2026-2029/anbefaling/1/")


@pytest.mark.django_db
def test_the_feed_says_each_outcome_and_calls_no_unknown_outcome_late(client, feed_world,
                                                                      settings):
    milestones = {m.title: m for m in Milestone.objects.all()}
    spring = milestones["Initiativerne skal godkendes i foråret 2026."]
    june = milestones["Godkendelse i KKR"]
    programme_services.set_milestone_outcome(SETUP, june, state="reached", on=date(2026, 6, 18),
                                             reason="", expected_version=june.version)
    found = events(client.get(FEED).content)
    reached = found[f"milestone-{june.pk}@kkr-monitor"]
    assert str(reached["SUMMARY"]) == "Milepæl, nået: Godkendelse i KKR"
    assert "Udfald: Nået 18. juni 2026" in str(reached["DESCRIPTION"])
    unknown = found[f"milestone-{spring.pk}@kkr-monitor"]
    assert str(unknown["SUMMARY"]) == "Milepæl: Initiativerne skal godkendes i foråret 2026"
    if timezone.localdate() > date(2026, 5, 31):
        assert "Udfald: Frist 31. maj 2026 – udfald ikke registreret" in str(
            unknown["DESCRIPTION"])
    assert "over fristen" not in client.get(FEED).content.decode()


@pytest.mark.django_db
def test_uids_are_stable_across_exports_and_an_edit_raises_the_sequence(client, feed_world):
    first = events(client.get(FEED).content)
    second = events(client.get(FEED).content)
    assert list(first) == list(second)
    assert all(first[uid]["SEQUENCE"] == second[uid]["SEQUENCE"] for uid in first)

    milestone = feed_world.milestone
    uid = f"milestone-{milestone.pk}@kkr-monitor"
    assert int(first[uid]["SEQUENCE"]) == milestone.version == 1
    programme_services.update_milestone(SETUP, milestone, milestone.title,
                                        parse_window("efteråret 2026"), milestone.initiative,
                                        expected_version=1)
    moved = events(client.get(FEED).content)
    assert list(moved) == list(first)  # the same event, not a new one beside it
    assert int(moved[uid]["SEQUENCE"]) == 2
    assert (moved[uid].decoded("DTSTART"), moved[uid].decoded("DTEND")) == (
        D(2026, 9, 1), D(2026, 12, 1))


@pytest.mark.django_db
def test_recommendation_feed(client, feed_world):
    response = client.get("/kalender/kkr-hovedstaden/anbefaling/1.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert_valid_rfc5545(response.content)
    cal = Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == "KKR Hovedstaden: anbefaling 1"
    found = events(response.content)
    titles = sorted(str(e["SUMMARY"]) for e in found.values())
    # The meeting with recommendation 1 on its agenda; not the December meeting.
    assert titles == ["KKR Hovedstaden: møde", "Milepæl: Godkendelse i KKR",
                      "Milepæl: Initiativerne skal godkendes i foråret 2026"]
    assert f"meeting-{feed_world.meeting.pk}@kkr-monitor" in found


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/kalender/findes-ikke.ics",
                                 "/kalender/kkr-hovedstaden/anbefaling/42.ics",
                                 "/kalender/kkr-sjaelland/anbefaling/1.ics"])
def test_unknown_feeds_are_404(client, seed_programme, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_council_without_programme_has_a_feed_of_its_meetings(client, reference_data):
    from kkrmonitor.programme.models import Council

    Meeting.objects.create(council=Council.objects.get(slug="kkr-sjaelland"),
                           date=date(2026, 3, 5))
    found = events(client.get("/kalender/kkr-sjaelland.ics").content)
    assert [str(e["SUMMARY"]) for e in found.values()] == ["KKR Sjælland: møde"]


@pytest.mark.django_db
def test_the_feed_holds_a_year_back_onward_and_names_its_archive(client, feed_world,
                                                                  monkeypatch):
    from kkrmonitor.meetings import calendar_views

    # As if today were 1 June 2027: the feed starts on 1 June 2026.
    monkeypatch.setattr(calendar_views, "archive_cutoff", lambda today: date(2026, 6, 1))
    april, december = Meeting.objects.order_by("date")
    milestones = {m.title: m for m in Milestone.objects.all()}
    spring = milestones["Initiativerne skal godkendes i foråret 2026."]  # ends 31 May 2026
    june = milestones["Godkendelse i KKR"]  # ends 30 June 2026
    deadline = next(m for t, m in milestones.items() if t.startswith("Opgaven med at etablere"))

    response = client.get(FEED)
    assert response["Link"] == '<http://testserver/kalender/kkr-hovedstaden/arkiv.ics>; ' \
                               'rel="archives"'
    cal = Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALDESC"]) == (
        "Møder i KKR Hovedstaden og milepæle i arbejdsprogrammet 2026-2029 fra 1. juni 2026 og "
        "frem (KKR Monitor). Ældre møder og milepæle: "
        "http://testserver/kalender/kkr-hovedstaden/arkiv.ics")
    assert set(events(response.content)) == {
        f"meeting-{december.pk}@kkr-monitor", f"milestone-{june.pk}@kkr-monitor",
        f"milestone-{deadline.pk}@kkr-monitor"}

    archive = client.get("/kalender/kkr-hovedstaden/arkiv.ics")
    assert archive.status_code == 200
    assert archive["Content-Disposition"] == 'inline; filename="kkr-hovedstaden-arkiv.ics"'
    assert_valid_rfc5545(archive.content)
    assert str(Calendar.from_ical(archive.content)["X-WR-CALNAME"]) == (
        "KKR Hovedstaden: møder og milepæle før 1. juni 2026 (arkiv)")
    assert set(events(archive.content)) == {f"meeting-{april.pk}@kkr-monitor",
                                            f"milestone-{spring.pk}@kkr-monitor"}
    assert client.get("/kalender/findes-ikke/arkiv.ics").status_code == 404
