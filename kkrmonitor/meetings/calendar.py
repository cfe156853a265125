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

The text is written here, not through the icalendar library's object model: a council's feed
has close to two thousand events, and building one Component per event cost about 0.6 s. The
events have one fixed shape, so the writer is small: TEXT escaping, folding at 75 octets and
CRLF line ends as RFC 5545 sections 3.1 and 3.3.11 say, in the property order the library used
(the bytes are the same as before). The tests parse every feed back with the icalendar library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

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


# Central European Time with EU summer time: last Sunday of March 02:00 to last Sunday of
# October 03:00, the rule in force since 1996.
COPENHAGEN_TIMEZONE = (
    "BEGIN:VTIMEZONE", f"TZID:{TIMEZONE}",
    "BEGIN:DAYLIGHT", "DTSTART:19960331T020000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "TZNAME:CEST", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
    "BEGIN:STANDARD", "DTSTART:19961027T030000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "TZNAME:CET", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
    "END:VTIMEZONE",
)
REFRESH_TEXT = "PT6H"  # REFRESH as an RFC 5545 duration
LINE_OCTETS = 74  # the icalendar library's limit: 74 octets, 75 with a fold's leading space


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 says (and as the icalendar library does:
    a literal \\N is read as a line break, every line end becomes \\n)."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


def unescaped(value: str) -> str:
    """An X-WR- extension's value as written before, unescaped: the icalendar library (and the
    clients that read these names) take them as they stand. One line, whatever it was given."""
    return " ".join(value.splitlines())


def fold(line: bytes) -> bytes:
    """One content line (UTF-8, without its CRLF) folded so that no line passes 75 octets: a
    piece is at most 74 octets, never splits a character, and never ends on a backslash or caret
    (an escape stays whole, as clients expect)."""
    pieces = []
    start = 0
    while len(line) - start > LINE_OCTETS:
        cut = start + LINE_OCTETS
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character
            cut -= 1
        if line[cut - 1] in b"\\^":
            cut -= 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def content(lines: list[str]) -> bytes:
    """The lines as the feed's bytes: UTF-8, CRLF after each, the long ones folded. Encoded once
    as a whole, not line by line: most lines are short. The values have no bare CR or LF
    (escape_text and unescaped take them out), so splitting at CRLF gives the lines back."""
    data = "\r\n".join(lines).encode().split(b"\r\n")
    return b"\r\n".join([fold(line) if len(line) > LINE_OCTETS else line
                          for line in data]) + b"\r\n"


def _utc(stamp: datetime) -> str:
    return stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(day: date) -> str:
    return day.isoformat().replace("-", "")  # 20260301; faster than strftime


def _meeting_lines(meeting: CalendarMeeting, stamp: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"SUMMARY:{escape_text(meeting.summary)}"]
    if meeting.start_time is not None:
        # No end time is recorded: RFC 5545 then reads the event as starting at that moment.
        lines.append(f"DTSTART;TZID={TIMEZONE}:{_day(meeting.day)}T"
                     f"{meeting.start_time.strftime('%H%M%S')}")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{_day(meeting.day)}")
        lines.append(f"DTEND;VALUE=DATE:{_day(meeting.day + timedelta(days=1))}")
    lines += [f"DTSTAMP:{stamp}", f"UID:{meeting_uid(meeting.id)}",
              f"SEQUENCE:{meeting.version}", "CATEGORIES:Møde"]
    if meeting.description:
        lines.append(f"DESCRIPTION:{escape_text(meeting.description)}")
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    lines.append("TRANSP:OPAQUE" if meeting.start_time is not None else "TRANSP:TRANSPARENT")
    if meeting.url:
        lines.append(f"URL:{meeting.url}")
    lines.append("END:VEVENT")
    return lines


def _milestone_lines(milestone: CalendarMilestone, stamp: str) -> list[str]:
    days = milestone_days(milestone.start, milestone.end)
    if days is None:
        return []
    summary = milestone_summary(milestone.title, state_word=milestone.state_word)
    text = [" ".join(milestone.title.split())]
    if milestone.label:
        text.append(f"Tidsangivelse: {milestone.label}")
    if milestone.outcome:
        text.append(f"Udfald: {milestone.outcome}")
    if milestone.context:
        text.append(milestone.context)
    if milestone.url:
        text.append(milestone.url)
    lines = ["BEGIN:VEVENT", f"SUMMARY:{escape_text(summary)}",
             f"DTSTART;VALUE=DATE:{_day(days[0])}", f"DTEND;VALUE=DATE:{_day(days[1])}",
             f"DTSTAMP:{stamp}", f"UID:{milestone_uid(milestone.id)}",
             f"SEQUENCE:{milestone.version}", "CATEGORIES:Milepæl",
             f"DESCRIPTION:{escape_text(chr(10).join(text))}",
             # A window of months must not block the subscriber's calendar as busy.
             "TRANSP:TRANSPARENT"]
    if milestone.url:
        lines.append(f"URL:{milestone.url}")
    lines.append("END:VEVENT")
    return lines


def build_calendar(name: str, description: str, meetings: Sequence[CalendarMeeting],
                   milestones: Sequence[CalendarMilestone], stamp: datetime,
                   url: str = "") -> bytes:
    """The whole feed as bytes (UTF-8, CRLF line endings, folded at 75 octets)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALDESC:{unescaped(description)}",
             f"X-WR-CALNAME:{unescaped(name)}",
             f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_TEXT}"]
    if url:
        lines.append(f"URL:{url}")
    lines += [f"X-PUBLISHED-TTL:{REFRESH_TEXT}", f"X-WR-TIMEZONE:{TIMEZONE}"]
    if any(m.start_time is not None for m in meetings):
        lines += COPENHAGEN_TIMEZONE
    when = _utc(stamp)
    for meeting in sorted(meetings, key=lambda m: (m.day, m.start_time or time.min, m.id)):
        lines += _meeting_lines(meeting, when)
    for milestone in sorted(milestones, key=lambda m: (m.end or m.start or date.max, m.id)):
        lines += _milestone_lines(milestone, when)
    lines.append("END:VCALENDAR")
    return content(lines)
