"""The annual wheel (/aarshjul/<council>/<year>/) and the term timeline
(/tidslinje/<council>/<term>/): public pages drawing the council's meetings and the public
milestones of its programme as server-rendered SVG, each with the same content as text."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kkrmonitor.meetings.models import Meeting
from kkrmonitor.meetings.public_data import (
    council_meetings,
    programme_in_force,
    public_milestones,
)
from kkrmonitor.meetings.timeline import TimelineRow, timeline_layout
from kkrmonitor.meetings.wheel import WheelMeeting, WheelWindow, wheel_layout, year_list
from kkrmonitor.programme.models import Council, ExternalEvent, Milestone, Programme
from kkrmonitor.programme.outcomes import outcome_note
from kkrmonitor.web.helpers import Crumbs, crumbs

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _meeting_url(meeting: Meeting) -> str:
    try:
        return meeting.get_absolute_url()
    except NoReverseMatch:  # the meeting pages are not wired in
        return ""


def wheel_meetings(meetings: list[Meeting], council: Council) -> list[WheelMeeting]:
    return [WheelMeeting(m.pk, m.date, m.title or f"Møde i {council.name}", _meeting_url(m))
            for m in meetings]


def wheel_windows(milestones: list[Milestone], programme: Programme) -> list[WheelWindow]:
    windows = []
    today = timezone.localdate()
    for m in milestones:
        m.recommendation.programme = programme
        windows.append(WheelWindow(m.pk, m.start, m.end, m.label, m.recommendation.number,
                                   " ".join(m.title.split()),
                                   m.recommendation.get_absolute_url(),
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
    milestones = list(public_milestones(programme)) if programme else []
    meetings = wheel_meetings(
        list(council_meetings(obj, date(year, 1, 1), date(year, 12, 31))), obj)
    windows = wheel_windows(milestones, programme) if programme else []
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


def term_timeline(request: HttpRequest, council: str, term: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    start, _sep, end = term.partition("-")
    if not (start.isdigit() and end.isdigit()):
        raise Http404("Ukendt valgperiode")
    programme = get_object_or_404(Programme, council=obj, term_start=int(start),
                                  term_end=int(end))
    today = timezone.localdate()
    recommendations = list(programme.recommendations.order_by("number"))
    by_rec: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in public_milestones(programme):
        by_rec[milestone.recommendation_id].append(milestone)
    rows = [TimelineRow(rec.number, f"Anbefaling {rec.number}",
                        wheel_windows(by_rec[rec.pk], programme)) for rec in recommendations]
    meetings = wheel_meetings(list(council_meetings(
        obj, date(programme.term_start, 1, 1), date(programme.term_end, 12, 31))), obj)
    layout = timeline_layout(programme.term_start, programme.term_end, rows, meetings, today)
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
        "timeline": layout,
        "sections": [(rec, layout.rows[i].row.windows) for i, rec in enumerate(recommendations)],
        "meetings": meetings,
        "external_events": external_events,
        "milestone_count": sum(len(r.bars) for r in layout.rows),
        "today": today,
        "wheel_year": (today.year if programme.term_start <= today.year <= programme.term_end
                       else programme.term_start),
        "crumbs": _crumbs(obj, f"Tidslinje {programme.term}"),
        "section": "councils",
    })
