"""The annual wheel (/aarshjul/<council>/<year>/) and the term timeline
(/tidslinje/<council>/<term>/): public pages drawing the council's meetings and the public
milestones of its programme as server-rendered SVG, each with the same content as text."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kkrmonitor.meetings.models import Meeting
from kkrmonitor.meetings.public_data import (
    MilestoneRow,
    council_meetings,
    milestone_rows,
    overlapping,
    programme_in_force,
    public_milestones,
)
from kkrmonitor.meetings.timeline import TimelineRow, timeline_layout
from kkrmonitor.meetings.wheel import WheelMeeting, WheelWindow, wheel_layout, year_list
from kkrmonitor.programme.models import Council, ExternalEvent, Programme
from kkrmonitor.programme.outcomes import outcome_note
from kkrmonitor.web.helpers import Crumbs, crumbs

FIRST_YEAR, LAST_YEAR = 2000, 2100


def wheel_meetings(meetings: QuerySet[Meeting], council: Council) -> list[WheelMeeting]:
    """Plain rows; the meeting URL reversed once ("/moede/0/" → "/moede/{}/")."""
    try:
        pattern = reverse("meeting", args=[0]).replace("/0/", "/{}/")
    except NoReverseMatch:  # the meeting pages are not wired in
        pattern = ""
    return [WheelMeeting(pk, day, title or f"Møde i {council.name}",
                         pattern.format(pk) if pattern else "")
            for pk, day, title in meetings.values_list("id", "date", "title")]


def wheel_windows(rows: list[MilestoneRow], programme: Programme) -> list[WheelWindow]:
    """From prepared rows, not model instances: a programme at national scale has two thousand
    milestones. Each recommendation's URL is reversed once."""
    today = timezone.localdate()
    urls: dict[int, str] = {}
    windows = []
    for m in rows:
        if m.number not in urls:
            urls[m.number] = reverse("recommendation", args=[programme.council.slug,
                                                             programme.term, m.number])
        windows.append(WheelWindow(m.id, m.start, m.end, m.label, m.number,
                                   " ".join(m.title.split()), urls[m.number],
                                   outcome_note(m, today)))
    return windows


def _feeds(council: Council, programme: Programme | None) -> list[tuple[str, str]]:
    """(label, path) of the calendar feeds, the council's first."""
    feeds = [(f"Alle møder og milepæle i {council.name}",
              reverse("calendar_council", args=[council.slug]))]
    if programme is not None:
        for number in programme.recommendations.order_by("number").values_list("number",
                                                                                flat=True):
            feeds.append((f"Anbefaling {number}",
                          reverse("calendar_recommendation", args=[council.slug, number])))
    return feeds


def _crumbs(council: Council, last: str) -> Crumbs:
    return crumbs((council.name, council.get_absolute_url()), (last, None))


def wheel(request: HttpRequest, council: str, year: int) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("Året ligger uden for det, systemet viser.")
    today = timezone.localdate()
    programme = programme_in_force(obj, year)
    first, last = date(year, 1, 1), date(year, 12, 31)
    meetings = wheel_meetings(council_meetings(obj, first, last), obj)
    # Only the milestones the year shows: the layout skips the others anyway.
    windows = (wheel_windows(milestone_rows(
        public_milestones(programme).filter(overlapping(first, last))), programme)
        if programme else [])
    layout = wheel_layout(year, meetings, windows, today)
    return render(request, "meetings/wheel.html", {
        "council": obj,
        "programme": programme,
        "year": year,
        "wheel": layout,
        "year_list": year_list(year, meetings, windows),
        "meeting_count": len(layout.meetings),
        "milestone_count": len(layout.arcs),
        "legend": sorted({arc.window.group for arc in layout.arcs}),
        "today": today,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "feeds": [(label, request.build_absolute_uri(path)) for label, path in
                  _feeds(obj, programme)],
        "crumbs": _crumbs(obj, f"Årshjul {year}"),
        "section": "councils",
    })


def timeline_year(programme: Programme, asked: str | None, today: date) -> int:
    """The year of the term the timeline shows: the one asked for (?aar=2027), else this year
    when the term covers it, else the term's nearest year (its last for a past term, its first
    for a coming one). 404 for a year outside the term or no year at all."""
    if asked is None:
        return min(max(today.year, programme.term_start), programme.term_end)
    if not asked.isdigit() or not programme.term_start <= int(asked) <= programme.term_end:
        raise Http404("Året ligger uden for valgperioden.")
    return int(asked)


def term_timeline(request: HttpRequest, council: str, term: str) -> HttpResponse:
    """One year of the term at a time, with links to the other years: a whole term of a large
    programme is thousands of bars and list entries, more than anyone reads on one page."""
    obj = get_object_or_404(Council, slug=council)
    start, _sep, end = term.partition("-")
    if not (start.isdigit() and end.isdigit()):
        raise Http404("Ukendt valgperiode")
    programme = get_object_or_404(Programme, council=obj, term_start=int(start),
                                  term_end=int(end))
    programme.council = obj
    today = timezone.localdate()
    year = timeline_year(programme, request.GET.get("aar"), today)
    first, last = date(year, 1, 1), date(year, 12, 31)
    recommendations = list(programme.recommendations.order_by("number"))
    by_rec: dict[int, list[MilestoneRow]] = defaultdict(list)
    for row in milestone_rows(public_milestones(programme).filter(overlapping(first, last))):
        by_rec[row.recommendation_id].append(row)
    rows = [TimelineRow(rec.number, f"Anbefaling {rec.number}",
                        wheel_windows(by_rec[rec.pk], programme)) for rec in recommendations]
    meetings = wheel_meetings(council_meetings(obj, first, last), obj)
    layout = timeline_layout(year, year, rows, meetings, today)
    for rec in recommendations:
        rec.programme = programme
    # Context, never bars: a change in the world is no deadline of the council's.
    external_events = list(ExternalEvent.objects.filter(recommendation__programme=programme)
                           .select_related("recommendation")
                           .order_by("start", "end", "recommendation__number", "id"))
    for event in external_events:
        event.recommendation.programme = programme
    return render(request, "meetings/timeline.html", {
        "council": obj,
        "programme": programme,
        "year": year,
        "years": [(y, None if y == year else f"?aar={y}")
                  for y in range(programme.term_start, programme.term_end + 1)],
        "timeline": layout,
        "sections": [(rec, layout.rows[i].row.windows) for i, rec in enumerate(recommendations)],
        "meetings": meetings,
        "external_events": external_events,
        "milestone_count": sum(len(r.bars) for r in layout.rows),
        "today": today,
        "wheel_year": year,
        "crumbs": _crumbs(obj, f"Tidslinje {programme.term}"),
        "section": "councils",
    })
