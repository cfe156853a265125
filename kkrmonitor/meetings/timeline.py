"""The term timeline: a whole election term (2026–2029) as a horizontal axis, with one row per
recommendation carrying its milestone windows as bars and the council's meetings on top.

Pure Python, no Django, like wheel.py whose input values it shares. Conventions: x is linear in
days; a window runs from the start of its first day to the end of its last; open ends clip to the
term; windows of a few days are drawn as a diamond, since a bar that narrow would vanish.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kkrmonitor.meetings.wheel import WheelMeeting, WheelWindow, assign_lanes, fmt

WIDTH = 800.0
PLOT_LEFT = 112.0
PLOT_RIGHT = 788.0
AXIS_HEIGHT = 30.0
MEETING_ROW = 26.0
LANE_HEIGHT = 16.0
BAR_HEIGHT = 10.0
ROW_PADDING = 8.0
MIN_BAR_WIDTH = 4.0
# Bars are drawn this much short at the end, so windows that follow each other stay apart.
BAR_GAP = 1.0


def x_for(day: date, first: date, last: date, left: float = PLOT_LEFT,
          right: float = PLOT_RIGHT) -> float:
    """Where a day begins on an axis from the start of `first` to the end of `last`."""
    total = (last - first).days + 1
    return left + (day - first).days / total * (right - left)


def clip_to_span(start: date | None, end: date | None, first: date,
                 last: date) -> tuple[date, date] | None:
    if start is None and end is None:
        return None
    lo = max(start, first) if start is not None else first
    hi = min(end, last) if end is not None else last
    return (lo, hi) if lo <= hi else None


def diamond_path(x: float, y: float, r: float) -> str:
    return f"M {fmt(x)} {fmt(y - r)} L {fmt(x + r)} {fmt(y)} L {fmt(x)} {fmt(y + r)} " \
           f"L {fmt(x - r)} {fmt(y)} Z"


@dataclass(frozen=True)
class TimelineRow:
    key: Hashable
    label: str  # short: "Anbefaling 1"
    windows: Sequence[WheelWindow]


@dataclass(frozen=True)
class YearMark:
    year: int
    x: float
    width: float
    label_x: float


@dataclass(frozen=True)
class MeetingMark:
    meeting: WheelMeeting
    x: float
    path: str  # a diamond


@dataclass(frozen=True)
class Bar:
    window: WheelWindow
    x: float
    y: float
    width: float
    path: str  # a diamond for a short window, else empty (drawn as a rect)
    open_before: bool
    open_after: bool

    @property
    def is_point(self) -> bool:
        return bool(self.path)

    @property
    def end_x(self) -> float:
        return round(self.x + self.width, 2)


@dataclass(frozen=True)
class RowLayout:
    row: TimelineRow
    y: float
    height: float
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class Timeline:
    first: date
    last: date
    width: float
    height: float
    years: list[YearMark]
    quarters: list[float]
    meetings_y: float
    meetings: list[MeetingMark]
    rows: list[RowLayout]
    today_x: float | None


def timeline_layout(first_year: int, last_year: int, rows: Sequence[TimelineRow],
                    meetings: Sequence[WheelMeeting], today: date | None = None) -> Timeline:
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)

    def x(day: date) -> float:
        return round(x_for(day, first, last), 2)

    years = []
    quarters = []
    for year in range(first_year, last_year + 1):
        x0, x1 = x(date(year, 1, 1)), x(date(year + 1, 1, 1))
        years.append(YearMark(year, x0, round(x1 - x0, 2), round((x0 + x1) / 2, 2)))
        quarters += [x(date(year, month, 1)) for month in (4, 7, 10)]

    meetings_y = AXIS_HEIGHT + MEETING_ROW / 2
    marks = []
    for meeting in sorted(meetings, key=lambda m: m.day):
        if first <= meeting.day <= last:
            mx = round((x(meeting.day) + x_for(meeting.day + timedelta(days=1), first, last)) / 2,
                       2)
            marks.append(MeetingMark(meeting, mx, diamond_path(mx, meetings_y, 6)))

    layouts = []
    y = AXIS_HEIGHT + MEETING_ROW
    for row in rows:
        clipped = []
        for window in row.windows:
            span = clip_to_span(window.start, window.end, first, last)
            if span is not None:
                clipped.append((window, *span))
        clipped.sort(key=lambda item: (item[1], item[2]))
        extents = []
        for _, lo, hi in clipped:
            x0 = x(lo)
            x1 = x_for(hi + timedelta(days=1), first, last)
            extents.append((x0, max(x1, x0 + MIN_BAR_WIDTH * 2)))
        lanes = assign_lanes(extents)
        lane_count = max(lanes, default=0) + 1
        height = lane_count * LANE_HEIGHT + 2 * ROW_PADDING
        bars = []
        for (window, lo, hi), (x0, _x1), lane in zip(clipped, extents, lanes, strict=True):
            top = y + ROW_PADDING + lane * LANE_HEIGHT + (LANE_HEIGHT - BAR_HEIGHT) / 2
            real_x1 = x_for(hi + timedelta(days=1), first, last)
            path = ""
            width = real_x1 - x0
            if width < MIN_BAR_WIDTH:
                path = diamond_path((x0 + real_x1) / 2, top + BAR_HEIGHT / 2, BAR_HEIGHT / 2 + 1)
            else:
                width -= BAR_GAP
            bars.append(Bar(window, x0, round(top, 2), round(width, 2), path,
                            open_before=window.start is None or window.start < lo,
                            open_after=window.end is None or window.end > hi))
        layouts.append(RowLayout(row, round(y, 2), height, round(y + height / 2, 2), bars))
        y += height

    today_x = x(today) if today is not None and first <= today <= last else None
    return Timeline(first, last, WIDTH, round(y + 4, 2), years, quarters, meetings_y, marks,
                    layouts, today_x)
