"""The annual wheel (årshjul): the geometry of a year drawn as a circle.

Pure Python, no Django: the view feeds it meetings and milestone windows as plain values and
turns the layout into an SVG. Conventions (choices made here, tested literally):

- Angles are degrees clockwise from twelve o'clock, where the year begins (1 January = 0°).
- Every month gets the same 30° sector, so the month labels sit evenly round the wheel; a date
  is placed proportionally inside its month (15 January ≈ 14.5°).
- A milestone window runs from the start of its first day to the end of its last day, clipped to
  the year; an open start or end (a deadline, "fra 2026") runs to the year's edge.
- Windows that overlap are put on separate concentric lanes, first come first served.
"""

from __future__ import annotations

import calendar
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from math import cos, radians, sin

MONTH_NAMES = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
               "september", "oktober", "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt",
                       "nov", "dec")
MONTH_DEGREES = 30.0
# Windows narrower than this are drawn as a point: an arc of a day would be invisible.
MIN_ARC_DEGREES = 2.0
# Each arc is drawn this much short at both ends, so two windows that follow each other on one
# lane ("foråret", then "juni") read as two arcs rather than one long one.
ARC_GAP_DEGREES = 0.75


def fmt(value: float) -> str:
    """A coordinate as SVG wants it: at most two decimals, no trailing zeros, never "-0"."""
    text = f"{round(value, 2) + 0.0:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def angle_for(day: date) -> float:
    """Where a day begins on the wheel."""
    days = calendar.monthrange(day.year, day.month)[1]
    return (day.month - 1) * MONTH_DEGREES + (day.day - 1) * MONTH_DEGREES / days


def angle_after(day: date) -> float:
    """Where a day ends on the wheel: 360° at the end of 31 December."""
    days = calendar.monthrange(day.year, day.month)[1]
    return (day.month - 1) * MONTH_DEGREES + day.day * MONTH_DEGREES / days


def point_at(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    """The point at `angle` on a circle of radius r (SVG coordinates: y grows downwards)."""
    return cx + r * sin(radians(angle)), cy - r * cos(radians(angle))


def _xy(cx: float, cy: float, r: float, angle: float) -> str:
    x, y = point_at(cx, cy, r, angle)
    return f"{fmt(x)} {fmt(y)}"


def arc_path(cx: float, cy: float, r: float, a0: float, a1: float) -> str:
    """An open arc clockwise from a0 to a1, for stroking. A whole turn is drawn as two halves,
    since an SVG arc whose ends coincide draws nothing."""
    span = a1 - a0
    if span >= 360:
        return (f"M {_xy(cx, cy, r, 0)} A {fmt(r)} {fmt(r)} 0 1 1 {_xy(cx, cy, r, 180)} "
                f"A {fmt(r)} {fmt(r)} 0 1 1 {_xy(cx, cy, r, 0)}")
    large = 1 if span > 180 else 0
    return f"M {_xy(cx, cy, r, a0)} A {fmt(r)} {fmt(r)} 0 {large} 1 {_xy(cx, cy, r, a1)}"


def sector_path(cx: float, cy: float, r_inner: float, r_outer: float, a0: float,
                a1: float) -> str:
    """A closed ring segment between two radii and two angles (a month in the label ring)."""
    large = 1 if a1 - a0 > 180 else 0
    return (f"M {_xy(cx, cy, r_outer, a0)} A {fmt(r_outer)} {fmt(r_outer)} 0 {large} 1 "
            f"{_xy(cx, cy, r_outer, a1)} L {_xy(cx, cy, r_inner, a1)} "
            f"A {fmt(r_inner)} {fmt(r_inner)} 0 {large} 0 {_xy(cx, cy, r_inner, a0)} Z")


def clip_to_year(start: date | None, end: date | None, year: int) -> tuple[date, date] | None:
    """The part of a window inside the year, or None if it misses the year (or has no ends)."""
    if start is None and end is None:
        return None
    first, last = date(year, 1, 1), date(year, 12, 31)
    lo = max(start, first) if start is not None else first
    hi = min(end, last) if end is not None else last
    return (lo, hi) if lo <= hi else None


def assign_lanes(spans: Sequence[tuple[float, float]]) -> list[int]:
    """A lane per span so that spans on the same lane don't overlap. Spans are taken in the
    order given (the caller sorts them); each goes on the first lane that is free by then."""
    lane_ends: list[float] = []
    lanes = []
    for start, end in spans:
        for lane, busy_until in enumerate(lane_ends):
            if busy_until <= start:
                lane_ends[lane] = end
                lanes.append(lane)
                break
        else:
            lane_ends.append(end)
            lanes.append(len(lane_ends) - 1)
    return lanes


# --- input and output values -------------------------------------------------------------

@dataclass(frozen=True)
class WheelMeeting:
    key: Hashable
    day: date
    label: str
    url: str = ""


@dataclass(frozen=True)
class WheelWindow:
    """A milestone window; `group` is what it is coloured by (its recommendation's number)."""

    key: Hashable
    start: date | None
    end: date | None
    label: str
    group: int = 0
    title: str = ""
    url: str = ""
    outcome: str = ""  # programme.outcomes.outcome_note: "Nået 3. marts 2026", …

    @property
    def is_open(self) -> bool:
        """Has no start or no end: a deadline ("inden udgangen af 2027") or "fra 2026"."""
        return self.start is None or self.end is None


@dataclass(frozen=True)
class Geometry:
    size: float = 600
    month_outer: float = 290
    month_inner: float = 244
    label_radius: float = 267
    meeting_radius: float = 228
    first_lane: float = 206
    innermost_lane: float = 76
    lane_step: float = 16
    hub: float = 62

    @property
    def centre(self) -> float:
        return self.size / 2


@dataclass(frozen=True)
class MonthSector:
    month: int
    name: str
    abbreviation: str
    start_angle: float
    end_angle: float
    path: str
    label_x: float
    label_y: float
    spoke: str  # the line along the sector's first edge, from the hub to the month ring


@dataclass(frozen=True)
class MeetingDot:
    meeting: WheelMeeting
    angle: float
    x: float
    y: float


@dataclass(frozen=True)
class WindowArc:
    window: WheelWindow
    start: date  # clipped to the year
    end: date
    start_angle: float
    end_angle: float
    lane: int
    radius: float
    path: str  # empty when drawn as a point
    x: float  # the point, or where the drawn arc begins
    y: float
    open_before: bool  # the window began before the year, or has no start
    open_after: bool

    @property
    def is_point(self) -> bool:
        return not self.path


@dataclass(frozen=True)
class Wheel:
    year: int
    geometry: Geometry
    months: list[MonthSector]
    meetings: list[MeetingDot]
    arcs: list[WindowArc]
    lane_width: float
    today: tuple[float, float, float, float] | None = None  # x1 y1 x2 y2 of the "today" hand


def month_sectors(g: Geometry = Geometry()) -> list[MonthSector]:
    c = g.centre
    sectors = []
    for index in range(12):
        a0, a1 = index * MONTH_DEGREES, (index + 1) * MONTH_DEGREES
        lx, ly = point_at(c, c, g.label_radius, a0 + MONTH_DEGREES / 2)
        spoke = f"M {_xy(c, c, g.hub, a0)} L {_xy(c, c, g.month_inner, a0)}"
        sectors.append(MonthSector(index + 1, MONTH_NAMES[index], MONTH_ABBREVIATIONS[index],
                                   a0, a1, sector_path(c, c, g.month_inner, g.month_outer, a0, a1),
                                   round(lx, 2), round(ly, 2), spoke))
    return sectors


def wheel_layout(year: int, meetings: Sequence[WheelMeeting], windows: Sequence[WheelWindow],
                 today: date | None = None, g: Geometry = Geometry()) -> Wheel:
    """Everything the SVG needs, in the wheel's coordinates."""
    c = g.centre
    dots = []
    for meeting in sorted(meetings, key=lambda m: m.day):
        if meeting.day.year != year:
            continue
        angle = (angle_for(meeting.day) + angle_after(meeting.day)) / 2
        x, y = point_at(c, c, g.meeting_radius, angle)
        dots.append(MeetingDot(meeting, round(angle, 2), round(x, 2), round(y, 2)))

    clipped = []
    for window in windows:
        span = clip_to_year(window.start, window.end, year)
        if span is not None:
            clipped.append((window, *span))
    clipped.sort(key=lambda item: (item[1], item[2], item[0].group))
    angles = [(angle_for(lo), angle_after(hi)) for _, lo, hi in clipped]
    lanes = assign_lanes(angles)
    lane_count = max(lanes, default=-1) + 1
    step = g.lane_step
    if lane_count > 1:
        step = min(g.lane_step, (g.first_lane - g.innermost_lane) / (lane_count - 1))
    arcs = []
    for (window, lo, hi), (a0, a1), lane in zip(clipped, angles, lanes, strict=True):
        r = g.first_lane - lane * step
        if a1 - a0 < MIN_ARC_DEGREES:
            middle = (a0 + a1) / 2
            x, y = point_at(c, c, r, middle)
            path = ""
        else:
            gap = ARC_GAP_DEGREES if a1 - a0 < 360 else 0
            x, y = point_at(c, c, r, a0 + gap)
            path = arc_path(c, c, r, a0 + gap, a1 - gap)
        arcs.append(WindowArc(
            window, lo, hi, round(a0, 2), round(a1, 2), lane, round(r, 2), path,
            round(x, 2), round(y, 2),
            open_before=window.start is None or window.start < lo,
            open_after=window.end is None or window.end > hi,
        ))

    hand = None
    if today is not None and today.year == year:
        angle = angle_for(today)
        x1, y1 = point_at(c, c, g.hub, angle)
        x2, y2 = point_at(c, c, g.month_outer, angle)
        hand = (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2))
    return Wheel(year, g, month_sectors(g), dots, arcs, round(step * 0.7, 2), hand)


# --- the same content as a list, month by month -----------------------------------------

@dataclass(frozen=True)
class MonthEntry:
    """One line of the accessible list: a meeting, or a window beginning or ending."""

    kind: str  # "meeting", "within" (begins and ends this month), "begins", "ends"
    day: date
    item: WheelMeeting | WheelWindow


@dataclass(frozen=True)
class MonthList:
    month: int
    name: str
    entries: list[MonthEntry]


@dataclass(frozen=True)
class YearList:
    all_year: list[WheelWindow]  # windows that cover the whole year, beginning and ending outside
    months: list[MonthList]


_KIND_ORDER = {"meeting": 0, "within": 1, "begins": 2, "ends": 3}


def year_list(year: int, meetings: Sequence[WheelMeeting],
              windows: Sequence[WheelWindow]) -> YearList:
    """What the wheel shows, as text: each month lists its meetings and the windows that begin
    or end in it; a window that spans the whole year is listed once, before the months."""
    by_month: dict[int, list[MonthEntry]] = {m: [] for m in range(1, 13)}
    all_year = []
    for meeting in meetings:
        if meeting.day.year == year:
            by_month[meeting.day.month].append(MonthEntry("meeting", meeting.day, meeting))
    for window in windows:
        if clip_to_year(window.start, window.end, year) is None:
            continue
        start = window.start if window.start and window.start.year == year else None
        end = window.end if window.end and window.end.year == year else None
        if start and end and start.month == end.month:
            by_month[start.month].append(MonthEntry("within", start, window))
            continue
        if start:
            by_month[start.month].append(MonthEntry("begins", start, window))
        if end:
            by_month[end.month].append(MonthEntry("ends", end, window))
        if not start and not end:
            all_year.append(window)
    months = [MonthList(m, MONTH_NAMES[m - 1],
                        sorted(entries, key=lambda e: (e.day, _KIND_ORDER[e.kind])))
              for m, entries in by_month.items()]
    all_year.sort(key=lambda w: (w.group, w.end or date.max))
    return YearList(all_year, months)
