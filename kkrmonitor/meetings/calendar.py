"""Calendar feeds (RFC 5545) of a council's meetings and its programme's milestones.

No Django here: calendar_views.py gathers the rows and passes plain values. What makes a
subscribed Outlook or Google calendar update an event instead of adding a copy is a UID that
never changes (`milestone-<id>@kkr-monitor`) and a SEQUENCE that grows with every edit (the row's
version); DTSTAMP is the moment the feed was made, as METHOD:PUBLISH feeds do.

Milestones are all-day events spanning their window (DTEND is the day after the window's last
day: RFC 5545 ends are exclusive). A window with only an end ("inden udgangen af 2027") is a
deadline, one day on the end date; one with only a start ("fra 2026") is one day on the start.
Meetings with a time of day are timed events in Europe/Copenhagen, with a VTIMEZONE carrying
the EU summer-time rule (valid for every year, unlike a list of transition dates); meetings
without one are all-day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

PRODID = "-//KKR Monitor//kkr-monitor//DA"
UID_DOMAIN = "kkr-monitor"
TIMEZONE = "Europe/Copenhagen"
REFRESH = timedelta(hours=6)


@dataclass(frozen=True)
class CalendarMeeting:
    id: int
    version: int
    day: date
    start_time: time | None
    summary: str  # "KKR Hovedstaden: møde"
    place: str = ""
    description: str = ""
    url: str = ""


@dataclass(frozen=True)
class CalendarMilestone:
    id: int
    version: int
    start: date | None
    end: date | None
    title: str
    label: str = ""  # "foråret 2026"
    context: str = ""  # "KKR Hovedstaden, anbefaling 1: …"
    url: str = ""
    state_word: str = ""  # "nået", "flyttet", "ikke nået", "opgivet"; "" while planned
    outcome: str = ""  # programme.outcomes.outcome_text: "Nået 3. marts 2026", …


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def milestone_uid(milestone_id: int) -> str:
    return f"milestone-{milestone_id}@{UID_DOMAIN}"


def milestone_days(start: date | None, end: date | None) -> tuple[date, date] | None:
    """(DTSTART, exclusive DTEND) of a milestone's all-day event, or None for no dates."""
    if start is not None and end is not None:
        return start, end + timedelta(days=1)
    if end is not None:
        return end, end + timedelta(days=1)
    if start is not None:
        return start, start + timedelta(days=1)
    return None


def milestone_summary(title: str, limit: int = 120, state_word: str = "") -> str:
    """"Milepæl: …" ("Milepæl, nået: …" once an outcome is registered), the title shortened at
    a word if it is a long sentence."""
    title = " ".join(title.split()).rstrip(".")
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0] + " …"
    return f"Milepæl, {state_word}: {title}" if state_word else f"Milepæl: {title}"


def copenhagen_timezone() -> Timezone:
    """Central European Time with EU summer time: last Sunday of March 02:00 to last Sunday of
    October 03:00, the rule in force since 1996."""
    tz = Timezone()
    tz.add("tzid", TIMEZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _meeting_event(meeting: CalendarMeeting, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting.id))
    event.add("sequence", meeting.version)
    event.add("dtstamp", stamp)
    event.add("summary", meeting.summary)
    if meeting.start_time is not None:
        # No end time is recorded: RFC 5545 then reads the event as starting at that moment.
        event.add("dtstart", datetime.combine(meeting.day, meeting.start_time,
                                              tzinfo=ZoneInfo(TIMEZONE)))
    else:
        event.add("dtstart", meeting.day)
        event.add("dtend", meeting.day + timedelta(days=1))
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.description:
        event.add("description", meeting.description)
    if meeting.url:
        event.add("url", meeting.url)
    event.add("categories", ["Møde"])
    event.add("transp", "OPAQUE" if meeting.start_time is not None else "TRANSPARENT")
    return event


def _milestone_event(milestone: CalendarMilestone, stamp: datetime) -> Event | None:
    days = milestone_days(milestone.start, milestone.end)
    if days is None:
        return None
    event = Event()
    event.add("uid", milestone_uid(milestone.id))
    event.add("sequence", milestone.version)
    event.add("dtstamp", stamp)
    event.add("summary", milestone_summary(milestone.title, state_word=milestone.state_word))
    event.add("dtstart", days[0])
    event.add("dtend", days[1])
    lines = [" ".join(milestone.title.split())]
    if milestone.label:
        lines.append(f"Tidsangivelse: {milestone.label}")
    if milestone.outcome:
        lines.append(f"Udfald: {milestone.outcome}")
    if milestone.context:
        lines.append(milestone.context)
    if milestone.url:
        lines.append(milestone.url)
        event.add("url", milestone.url)
    event.add("description", "\n".join(lines))
    event.add("categories", ["Milepæl"])
    # A window of months must not block the subscriber's calendar as busy.
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(name: str, description: str, meetings: Sequence[CalendarMeeting],
                   milestones: Sequence[CalendarMilestone], stamp: datetime,
                   url: str = "") -> bytes:
    """The whole feed as bytes (UTF-8, CRLF line endings, folded at 75 octets)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    if url:
        cal.add("url", url)
    if any(m.start_time is not None for m in meetings):
        cal.add_component(copenhagen_timezone())
    for meeting in sorted(meetings, key=lambda m: (m.day, m.start_time or time.min, m.id)):
        cal.add_component(_meeting_event(meeting, stamp))
    for milestone in sorted(milestones, key=lambda m: (m.end or m.start or date.max, m.id)):
        event = _milestone_event(milestone, stamp)
        if event is not None:
            cal.add_component(event)
    return cal.to_ical()
