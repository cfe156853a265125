"""The annual wheel and the term timeline: the pure geometry table-tested with literal angles and
paths, then the two pages as a request sees them."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from kkrmonitor.meetings import services
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.meetings.timeline import TimelineRow, clip_to_span, timeline_layout, x_for
from kkrmonitor.meetings.wheel import (
    WheelMeeting,
    WheelWindow,
    angle_after,
    angle_for,
    arc_path,
    assign_lanes,
    clip_to_year,
    fmt,
    month_sectors,
    point_at,
    sector_path,
    wheel_layout,
    year_list,
)
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import Council, Programme
from tests.meetings.conftest import SETUP, World

TODAY = date(2026, 11, 26)
D = date


# --- pure geometry -------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "expected"), [
    (D(2026, 1, 1), 0.0),
    (D(2026, 1, 16), 14.516),  # 15 of January's 31 days have passed
    (D(2026, 2, 15), 45.0),  # half of February's 28 days
    (D(2028, 2, 29), 58.966),  # a leap day
    (D(2026, 3, 1), 60.0),
    (D(2026, 7, 1), 180.0),
    (D(2026, 12, 31), 359.032),
])
def test_angle_for_the_start_of_a_day(day, expected):
    assert round(angle_for(day), 3) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (D(2026, 1, 1), 0.968),
    (D(2026, 2, 28), 60.0),
    (D(2026, 5, 31), 150.0),
    (D(2026, 12, 31), 360.0),  # exactly: a whole-year window must close the circle
])
def test_angle_after_the_end_of_a_day(day, expected):
    assert round(angle_after(day), 3) == expected


@pytest.mark.parametrize(("value", "text"), [
    (300.0, "300"), (12.5, "12.5"), (48.8461, "48.85"), (-0.001, "0"), (-3.456, "-3.46"),
    (0.0, "0"),
])
def test_fmt(value, text):
    assert fmt(value) == text


@pytest.mark.parametrize(("angle", "point"), [
    (0, (300, 100)), (90, (500, 300)), (180, (300, 500)), (270, (100, 300)),
])
def test_point_at_goes_clockwise_from_twelve(angle, point):
    x, y = point_at(300, 300, 200, angle)
    assert (round(x, 6), round(y, 6)) == point


@pytest.mark.parametrize(("a0", "a1", "path"), [
    (60, 150, "M 473.21 200 A 200 200 0 0 1 400 473.21"),  # spring: March–May
    (0, 270, "M 300 100 A 200 200 0 1 1 100 300"),  # more than half a turn: the large arc
    (0, 180, "M 300 100 A 200 200 0 0 1 300 500"),
    # A whole turn is two halves: an SVG arc whose ends coincide draws nothing.
    (0, 360, "M 300 100 A 200 200 0 1 1 300 500 A 200 200 0 1 1 300 100"),
])
def test_arc_path(a0, a1, path):
    assert arc_path(300, 300, 200, a0, a1) == path


def test_sector_path_is_a_closed_ring_segment():
    assert sector_path(300, 300, 244, 290, 0, 30) == (
        "M 300 10 A 290 290 0 0 1 445 48.85 L 422 88.69 A 244 244 0 0 0 300 56 Z")


def test_month_sectors():
    months = month_sectors()
    assert [m.abbreviation for m in months] == [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    assert [(m.start_angle, m.end_angle) for m in months[:3]] == [
        (0, 30), (30, 60), (60, 90)]
    january, april = months[0], months[3]
    assert (january.name, january.label_x, january.label_y) == ("januar", 369.1, 42.1)
    assert (april.label_x, april.label_y) == (557.9, 369.1)
    assert january.spoke == "M 300 238 L 300 56"


@pytest.mark.parametrize(("start", "end", "clipped"), [
    (D(2026, 3, 1), D(2026, 5, 31), (D(2026, 3, 1), D(2026, 5, 31))),
    (None, D(2027, 12, 31), (D(2026, 1, 1), D(2026, 12, 31))),  # a deadline next year
    (None, D(2026, 6, 30), (D(2026, 1, 1), D(2026, 6, 30))),
    (D(2026, 1, 1), None, (D(2026, 1, 1), D(2026, 12, 31))),  # "fra 2026"
    (D(2025, 12, 1), D(2026, 2, 28), (D(2026, 1, 1), D(2026, 2, 28))),  # winter
    (D(2025, 9, 1), D(2025, 9, 30), None),
    (D(2027, 1, 1), None, None),
    (None, None, None),
])
def test_clip_to_year(start, end, clipped):
    assert clip_to_year(start, end, 2026) == clipped


@pytest.mark.parametrize(("spans", "lanes"), [
    ([], []),
    ([(0, 10), (5, 20), (10, 30), (21, 25)], [0, 1, 0, 1]),
    ([(0, 360), (0, 360), (60, 150)], [0, 1, 2]),
    ([(0, 30), (30, 60), (60, 90)], [0, 0, 0]),  # touching windows share a lane
])
def test_assign_lanes(spans, lanes):
    assert assign_lanes(spans) == lanes


SPRING = WheelWindow(1, D(2026, 3, 1), D(2026, 5, 31), "foråret 2026", group=1)
DEADLINE = WheelWindow(2, None, D(2027, 12, 31), "inden udgangen af 2027", group=7)
FROM_2026 = WheelWindow(3, D(2026, 1, 1), None, "fra 2026", group=6)
ONE_DAY = WheelWindow(4, D(2026, 7, 1), D(2026, 7, 1), "1. juli 2026", group=9)
LAST_YEAR = WheelWindow(5, D(2025, 12, 1), D(2025, 12, 31), "december 2025", group=1)
MEETING = WheelMeeting(10, D(2026, 1, 26), "Møde i KKR Hovedstaden")


def test_wheel_layout():
    wheel = wheel_layout(2026, [MEETING, WheelMeeting(11, D(2027, 1, 1), "næste år")],
                         [SPRING, DEADLINE, FROM_2026, ONE_DAY, LAST_YEAR], today=D(2026, 4, 1))
    [dot] = wheel.meetings
    assert (dot.meeting, dot.angle, dot.x, dot.y) == (MEETING, 24.68, 395.19, 92.82)
    arcs = {arc.window.key: arc for arc in wheel.arcs}
    assert set(arcs) == {1, 2, 3, 4}  # December 2025 misses the year
    # Whole-year windows first (by clipped start), each on its own lane, 16 units apart.
    # The July day fits on the spring's lane again.
    assert [(arcs[k].lane, arcs[k].radius) for k in (3, 2, 1, 4)] == [
        (0, 206), (1, 190), (2, 174), (2, 174)]
    # Drawn 0.75° short at each end, so windows that follow each other on a lane stay apart.
    assert arcs[1].path == "M 451.81 214.98 A 174 174 0 0 1 388.96 449.54"
    assert (arcs[1].start_angle, arcs[1].end_angle) == (60, 150)
    assert arcs[3].path == "M 300 94 A 206 206 0 1 1 300 506 A 206 206 0 1 1 300 94"
    assert (arcs[2].open_before, arcs[2].open_after) == (True, True)
    assert (arcs[3].open_before, arcs[3].open_after) == (False, True)
    assert (arcs[1].open_before, arcs[1].open_after) == (False, False)
    # One day is under 2°: drawn as a point in the middle of the day.
    assert arcs[4].is_point and (arcs[4].x, arcs[4].y) == (298.53, 473.99)
    assert wheel.lane_width == 11.2
    assert wheel.today == (362, 300, 590, 300)  # 1 April: a quarter turn


def test_wheel_layout_without_today_in_the_year():
    assert wheel_layout(2027, [], [], today=D(2026, 4, 1)).today is None


def test_many_lanes_are_squeezed_between_the_first_and_the_innermost():
    windows = [WheelWindow(k, D(2026, 1, 1), D(2026, 12, 31), "2026") for k in range(12)]
    wheel = wheel_layout(2026, [], windows)
    assert [arc.radius for arc in wheel.arcs][:2] == [206, 194.18]
    assert wheel.arcs[-1].radius == 76


def test_year_list_puts_each_window_where_it_begins_and_ends():
    listing = year_list(2026, [MEETING], [SPRING, DEADLINE, FROM_2026, ONE_DAY, LAST_YEAR])
    assert listing.all_year == [DEADLINE]  # begins and ends outside 2026
    entries = {m.name: [(e.kind, e.day, e.item.key) for e in m.entries]
               for m in listing.months if m.entries}
    assert entries == {
        "januar": [("begins", D(2026, 1, 1), 3), ("meeting", D(2026, 1, 26), 10)],
        "marts": [("begins", D(2026, 3, 1), 1)],
        "maj": [("ends", D(2026, 5, 31), 1)],
        "juli": [("within", D(2026, 7, 1), 4)],
    }
    assert len(listing.months) == 12


def test_the_list_and_drawing_tags_write_the_entry_and_escape_every_value():
    from kkrmonitor.meetings.templatetags.wheel_tags import (
        timeline_bar,
        timeline_entry,
        wheel_arc,
        wheel_month_entries,
        wheel_window_entry,
    )
    from kkrmonitor.meetings.wheel import MonthEntry

    window = WheelWindow(1, D(2026, 3, 1), D(2026, 5, 31), "foråret <2026>", group=3,
                         title='Aftale "A & B"', url="/program/a/?x=1&y=2",
                         outcome="Nået <i>tidligt</i>")
    swatch = ('<svg class="legend-swatch" viewBox="0 0 20 20" aria-hidden="true" '
              'focusable="false"><rect x="2" y="2" width="16" height="16" rx="3" '
              'class="wheel-swatch group-3"/></svg>')
    dates = ('<time datetime="2026-03-01">1. marts</time> – '
             '<time datetime="2026-05-31">31. maj 2026</time>')
    assert wheel_window_entry(window, "begins", D(2026, 3, 1)) == (
        f'\n<span class="entry-kind">{swatch}Begynder 1. marts:</span>\n'
        '<a href="/program/a/?x=1&amp;y=2">Anbefaling 3</a> – Aftale &quot;A &amp; B&quot;\n'
        f'<span class="window-dates">(foråret &lt;2026&gt;, {dates})</span>'
        " – Nået &lt;i&gt;tidligt&lt;/i&gt;\n")
    assert f'{swatch}Foråret &lt;2026&gt;:</span>' in wheel_window_entry(window, "within")
    assert timeline_entry(window) == (
        f'<span class="entry-kind">{swatch}Foråret &lt;2026&gt;:</span> '
        f'Aftale &quot;A &amp; B&quot; <span class="window-dates">({dates})</span>'
        " – Nået &lt;i&gt;tidligt&lt;/i&gt;")
    [arc] = wheel_layout(2026, [], [window]).arcs
    assert wheel_arc(arc, 6.5).endswith(
        'stroke-width="6.5" class="wheel-arc group-3"><title>Anbefaling 3: Foråret &lt;2026&gt; – '
        'Aftale &quot;A &amp; B&quot;</title></path>')
    meeting = WheelMeeting(7, D(2026, 3, 2), "Møde <ekstra>", "/moede/7/?a=1&b=2")
    assert wheel_month_entries([MonthEntry("meeting", meeting.day, meeting)]) == (
        '\n      <li>\n        <span class="entry-kind"><svg class="legend-swatch" '
        'viewBox="0 0 20 20" aria-hidden="true" focusable="false"><circle cx="10" cy="10" '
        'r="7" class="wheel-meeting"/></svg><time datetime="2026-03-02">2. marts</time>: '
        'møde</span>\n        <a href="/moede/7/?a=1&amp;b=2">Møde &lt;ekstra&gt;</a>\n      '
        '</li>')
    [row] = timeline_layout(2026, 2026, [TimelineRow(3, "Anbefaling 3", [window])], []).rows
    assert timeline_bar(row.bars[0]).endswith(
        'height="10" rx="2" class="timeline-bar group-3"><title>Foråret &lt;2026&gt; – '
        'Aftale &quot;A &amp; B&quot;</title></rect>')


def test_timeline_axis():
    first, last = D(2026, 1, 1), D(2029, 12, 31)
    assert x_for(first, first, last) == 112
    assert round(x_for(D(2027, 1, 1), first, last), 2) == 280.88
    assert round(x_for(D(2030, 1, 1), first, last), 2) == 788
    assert clip_to_span(None, D(2027, 12, 31), first, last) == (first, D(2027, 12, 31))
    assert clip_to_span(D(2025, 9, 1), D(2025, 9, 30), first, last) is None


def test_timeline_layout():
    rows = [TimelineRow(1, "Anbefaling 1", [SPRING, ONE_DAY, LAST_YEAR]),
            TimelineRow(7, "Anbefaling 7", [DEADLINE]), TimelineRow(8, "Anbefaling 8", [])]
    timeline = timeline_layout(2026, 2029, rows, [MEETING], today=D(2026, 4, 1))
    assert [(y.year, y.x, y.width) for y in timeline.years] == [
        (2026, 112, 168.88), (2027, 280.88, 168.89), (2028, 449.77, 169.35),
        (2029, 619.12, 168.88)]
    assert len(timeline.quarters) == 12
    [mark] = timeline.meetings
    assert mark.path == "M 123.8 37 L 129.8 43 L 123.8 49 L 117.8 43 Z"
    first, second, third = timeline.rows
    assert [(b.window.key, b.x, b.y, b.width, b.is_point) for b in first.bars] == [
        (1, 139.3, 67, 41.57, False), (4, 195.75, 67, 0.46, True)]
    assert first.bars[1].path == "M 195.98 66 L 201.98 72 L 195.98 78 L 189.98 72 Z"
    assert (first.y, first.height) == (56, 32)
    [deadline] = second.bars
    assert (deadline.x, deadline.width, deadline.open_before, deadline.open_after) == (
        112, 336.77, True, False)
    assert (third.y, third.bars) == (120, [])
    assert (timeline.height, timeline.today_x) == (156, 153.64)


# --- the pages -----------------------------------------------------------------------------

WHEEL = "/aarshjul/kkr-hovedstaden/2026/"
TIMELINE = "/tidslinje/kkr-hovedstaden/2026-2029/"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index('<main id="main-content"'):html.index("</main>")]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    main = re.sub(r"</?time[^>]*>", "", main)
    text = " ".join(re.sub(r"<[^>]+>", " ", main).split())
    return re.sub(r" ([:.,)])", r"\1", text)


@pytest.fixture
def year(world: World) -> World:
    """The world (a meeting on 20 April, "Godkendelse i KKR" in June) plus a draft initiative's
    milestone, which the public pages must not show, and a deadline on recommendation 7."""
    rec7 = world.recommendation.programme.recommendations.get(number=7)
    draft = programme_services.create_initiative(
        SETUP, world.recommendation, programme_services.InitiativeData(title="Hemmelig kladde"))
    programme_services.create_milestone(SETUP, world.recommendation, "Kladdens milepæl",
                                         parse_window("august 2026"), draft)
    programme_services.create_milestone(SETUP, rec7, "Status på it-driftsenheder",
                                        parse_window("inden udgangen af 2026"))
    services.create_meeting(SETUP, world.meeting.council, services.MeetingData(
        date=date(2026, 9, 14), title="Temamøde om sundhed"))
    return world


@pytest.mark.django_db
def test_wheel_page(client, year):
    response = client.get(WHEEL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="wheel-svg" viewBox="0 0 600 600" role="img" ' \
           'aria-labelledby="wheel-title wheel-desc"' in html
    assert '<title id="wheel-title">Årshjul for KKR Hovedstaden 2026</title>' in html
    # The programme's own two, the world's June and the deadline; not the draft's, and not
    # recommendation 6's "bortfalder fra 2026" (dated history, not a milestone).
    assert "Møder: 2. Milepæle: 4." in html
    assert '/static/kkrmonitor/wheel.css"' in html
    assert " style=" not in html  # the CSP forbids style attributes
    assert "300,0" not in html  # coordinates are never localised with a decimal comma
    text = main_text(response)
    assert "Årshjul 2026" in text
    assert "KKR Hovedstaden · Valgperioden 2026–2029" in text
    assert "konsekvenserne" not in text
    assert ("Januar Ingen møder eller milepæle. Februar Ingen møder eller milepæle. "
            "Marts Begynder 1. marts: Anbefaling 1") in text
    assert "April 20. april: møde Møde i KKR Hovedstaden" in text
    assert ("Juni Juni 2026: Anbefaling 1 – Godkendelse i KKR (1.–30. juni 2026)" in text)
    assert ("September 14. september: møde Temamøde om sundhed" in text)
    assert ("December Frist 31. december: Anbefaling 7 – Status på it-driftsenheder "
            "(inden udgangen af 2026, senest 31. december 2026)" in text)
    assert "Kladdens milepæl" not in html
    assert ("Hele året Anbefaling 7 – Opgaven med at etablere nye tværkommunale "
            "it-serviceorganisationer") in text
    assert "http://testserver/kalender/kkr-hovedstaden.ics" in text
    assert 'href="http://testserver/kalender/kkr-hovedstaden/anbefaling/9.ics"' in html
    assert ("Kalenderen viser møder og milepæle fra et år tilbage og frem. De ældre findes i "
            "arkivkalenderen (.ics).") in text
    assert 'href="/kalender/kkr-hovedstaden/arkiv.ics"' in html
    assert 'href="/tidslinje/kkr-hovedstaden/2026-2029/"' in html
    assert 'href="/aarshjul/kkr-hovedstaden/2025/"' in html
    assert 'href="/aarshjul/kkr-hovedstaden/2027/"' in html


@pytest.mark.django_db
def test_wheel_of_the_next_year_shows_open_windows_as_whole_year(client, year):
    programme_services.create_milestone(SETUP, year.recommendation, "Løbende opfølgning",
                                        parse_window("fra 2026"))
    text = main_text(client.get("/aarshjul/kkr-hovedstaden/2027/"))
    assert ("Hele året Anbefaling 1 – Løbende opfølgning (fra 2026, fra 1. januar 2026)"
            in text)
    assert "April Ingen møder eller milepæle." in text


@pytest.mark.django_db
def test_wheel_of_a_council_without_programme(client, reference_data):
    council = Council.objects.get(slug="kkr-sjaelland")
    Meeting.objects.create(council=council, date=date(2026, 3, 5))
    response = client.get("/aarshjul/kkr-sjaelland/2026/")
    assert response.status_code == 200
    text = main_text(response)
    assert "Marts 5. marts: møde Møde i KKR Sjælland" in text
    assert "Kalender for én anbefaling" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/aarshjul/findes-ikke/2026/", "/aarshjul/kkr-hovedstaden/1999/",
                                 "/aarshjul/kkr-hovedstaden/2101/",
                                 "/tidslinje/kkr-hovedstaden/2030-2033/",
                                 "/tidslinje/kkr-hovedstaden/2026/",
                                 "/tidslinje/findes-ikke/2026-2029/"])
def test_unknown_councils_years_and_terms_are_404(client, seed_programme, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_timeline_page(client, year):
    response = client.get(TIMELINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<title id="timeline-title">Tidslinje for KKR Hovedstaden 2026-2029</title>' in html
    assert 'role="img" aria-labelledby="timeline-title timeline-desc"' in html
    assert 'class="timeline-scroll" tabindex="0" role="region"' in html
    assert " style=" not in html
    assert html.count('class="timeline-row-label"') == 10  # meetings + nine recommendations
    text = main_text(response)
    assert "Tidslinje for valgperioden 2026–2029" in text
    assert ("Anbefaling 1: KKR Hovedstaden skal fortsat investere i tættere samarbejde og "
            "styring på det specialiserede socialområde") in text
    assert "Juni 2026: Godkendelse i KKR (1.–30. juni 2026)" in text
    assert ("Inden udgangen af 2027: Opgaven med at etablere nye tværkommunale "
            "it-serviceorganisationer") in text
    assert "Anbefaling 2: KKR Hovedstaden skal fortsat arbejde for forbedret mobilitet" in text
    assert "Ingen milepæle." in text
    assert ("Møder i 2026 20. april 2026: Møde i KKR Hovedstaden 14. september 2026: "
            "Temamøde om sundhed") in text
    assert "Kladdens milepæl" not in html
    assert 'href="/aarshjul/kkr-hovedstaden/2026/"' in html
    # One year at a time, this year first, with the term's other years as links.
    assert ("Anbefalingernes milepæle og rådets møder i 2026, ét år af valgperioden ad gangen. "
            "Se årshjulet for 2026. 2026 2027 2028 2029") in text
    assert '<span aria-current="page">2026</span>' in html
    assert ['?aar=2027', '?aar=2028', '?aar=2029'] == re.findall(r'href="(\?aar=\d+)"', html)
    assert '<title id="timeline-title">Tidslinje for KKR Hovedstaden 2026-2029</title>' in html


@pytest.mark.django_db
def test_timeline_of_another_year_of_the_term(client, year):
    response = client.get(TIMELINE + "?aar=2027")
    assert response.status_code == 200
    html = response.content.decode()
    text = main_text(response)
    assert "Milepæle anbefaling for anbefaling i 2027" in text
    # The deadline at the end of 2027 reaches into it; June 2026 and the 2026 meetings do not.
    assert ("Inden udgangen af 2027: Opgaven med at etablere nye tværkommunale "
            "it-serviceorganisationer") in text
    assert "Godkendelse i KKR" not in html
    assert "Møder i 2027 Der er ikke registreret møder i 2027." in text
    assert '<span aria-current="page">2027</span>' in html
    assert ['?aar=2026', '?aar=2028', '?aar=2029'] == re.findall(r'href="(\?aar=\d+)"', html)
    assert '<text x="450.0" y="18" class="timeline-year-label" text-anchor="middle">2027</text>' \
        in html
    assert 'href="/aarshjul/kkr-hovedstaden/2027/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("asked", ["2025", "2030", "alle", "-1"])
def test_a_year_outside_the_term_is_404(client, year, asked):
    assert client.get(f"{TIMELINE}?aar={asked}").status_code == 404


@pytest.mark.parametrize(("today", "shown"), [
    (D(2027, 5, 1), 2027), (D(2031, 1, 1), 2029), (D(2024, 6, 1), 2026)])
def test_the_timeline_opens_on_this_year_or_the_terms_nearest(today, shown):
    from kkrmonitor.meetings.wheel_views import timeline_year

    programme = Programme(term_start=2026, term_end=2029)
    assert timeline_year(programme, None, today) == shown
    assert timeline_year(programme, "2028", today) == 2028
