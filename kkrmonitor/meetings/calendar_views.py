"""The calendar feeds: /kalender/<council>.ics and one per recommendation. Public, no login:
subscribed calendars fetch them unattended."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format

from kkrmonitor.meetings.calendar import CalendarMeeting, CalendarMilestone, build_calendar
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.meetings.public_data import (
    council_meetings,
    milestone_rows,
    programme_in_force,
    public_milestones,
)
from kkrmonitor.programme.models import (
    Council,
    Milestone,
    MilestoneState,
    Programme,
    Recommendation,
)
from kkrmonitor.programme.outcomes import outcome_note
from kkrmonitor.programme.templatetags.programme_tags import genitive


def _site(request: HttpRequest) -> str:
    """"https://host", to put before a path: build_absolute_uri once, not once per event."""
    return request.build_absolute_uri("/")[:-1]


def _meetings(request: HttpRequest, meetings: QuerySet[Meeting],
              council: Council) -> list[CalendarMeeting]:
    """Plain rows, not model instances: a council's feed has hundreds of meetings."""
    site = _site(request)
    try:
        # The meeting's URL with a marker for its id, reversed once ("/moede/0/" → "/moede/{}/").
        pattern = reverse("meeting", args=[0]).replace("/0/", "/{}/")
    except NoReverseMatch:  # the meeting pages are not wired in
        pattern = ""
    fields = ("id", "version", "date", "start_time", "title", "place", "description")
    return [CalendarMeeting(
        id=pk, version=version, day=day, start_time=start_time,
        # "KKR Hovedstaden: møde", or the meeting's own title after the council's name.
        summary=f"{council.name}: {title or 'møde'}",
        place=place, description=description,
        url=site + pattern.format(pk) if pattern else "")
        for pk, version, day, start_time, title, place, description
        in meetings.values_list(*fields)]


def _milestones(request: HttpRequest, milestones: QuerySet[Milestone], council: Council,
                programme: Programme) -> list[CalendarMilestone]:
    """Plain rows, not model instances: a council's feed has close to two thousand milestones.
    The per-recommendation text (context, URL) is made once per recommendation."""
    today = timezone.localdate()
    site = _site(request)
    words = {state: label.lower() for state, label in MilestoneState.choices}
    words[MilestoneState.PLANNED] = ""
    per_rec: dict[int, tuple[str, str]] = {}
    rows = []
    for row in milestone_rows(milestones):
        number = row.number
        if number not in per_rec:
            headline = " ".join(row.headline.split())
            if len(headline) > 100:
                headline = headline[:100].rsplit(" ", 1)[0] + " …"
            per_rec[number] = (
                f"{council.name}, anbefaling {number}: {headline}",
                site + reverse("recommendation", args=[council.slug, programme.term, number]))
        context, url = per_rec[number]
        rows.append(CalendarMilestone(
            id=row.id, version=row.version, start=row.start, end=row.end, title=row.title,
            label=row.label, context=context, url=url, state_word=words[row.state],
            outcome=outcome_note(row, today)))
    return rows


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# The subscribed feed holds what a calendar needs: meetings and milestones from a year back
# onward. Older ones are in the archive feed, which the subscribed feed names.
ARCHIVE_AFTER_DAYS = 365


def archive_cutoff(today: date) -> date:
    """The first day of the subscribed feed; everything before it is in the archive."""
    return today - timedelta(days=ARCHIVE_AFTER_DAYS)


def _in_window(milestones: QuerySet[Milestone], cutoff: date,
               archive: bool) -> QuerySet[Milestone]:
    """Milestones whose last day (their end, or their start when they have no end) is on or after
    the cutoff — or, for the archive, before it. Undated milestones are in no calendar."""
    recent = Q(end__gte=cutoff) | Q(end__isnull=True, start__gte=cutoff)
    if archive:
        return milestones.filter(Q(end__lt=cutoff) | Q(end__isnull=True, start__lt=cutoff))
    return milestones.filter(recent)


def calendar_council(request: HttpRequest, council: str) -> HttpResponse:
    """Meetings and milestones from a year back onward; the older ones are in the archive."""
    return _council_feed(request, council, archive=False)


def calendar_council_archive(request: HttpRequest, council: str) -> HttpResponse:
    """Meetings and milestones that ended more than a year ago."""
    return _council_feed(request, council, archive=True)


def _council_feed(request: HttpRequest, council: str, *, archive: bool) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    today = timezone.localdate()
    cutoff = archive_cutoff(today)
    programme = programme_in_force(obj, today.year)
    milestones = (_milestones(request, _in_window(public_milestones(programme), cutoff, archive),
                              obj, programme)
                  if programme else [])
    meetings = (council_meetings(obj).filter(date__lt=cutoff) if archive
                else council_meetings(obj, first=cutoff))
    description = f"Møder i {obj.name}"
    if programme:
        description += f" og milepæle i arbejdsprogrammet {programme.term}"
    archive_url = _site(request) + reverse("calendar_council_archive", args=[obj.slug])
    when = date_format(cutoff, "j. F Y")
    if archive:
        name = f"{obj.name}: møder og milepæle før {when} (arkiv)"
        description += f" før {when} (KKR Monitor). De nyere findes i den løbende kalender."
        filename = f"{obj.slug}-arkiv.ics"
    else:
        name = f"{obj.name}: møder og milepæle"
        description += (f" fra {when} og frem (KKR Monitor). Ældre møder og milepæle: "
                        f"{archive_url}")
        filename = f"{obj.slug}.ics"
    content = build_calendar(name, description, _meetings(request, meetings, obj), milestones,
                             timezone.now(), url=_site(request) + obj.get_absolute_url())
    response = _ics(content, filename)
    if not archive:
        response["Link"] = f'<{archive_url}>; rel="archives"'
    return response


def calendar_recommendation(request: HttpRequest, council: str, number: int) -> HttpResponse:
    """The recommendation's milestones, and the meetings with it on the agenda."""
    obj = get_object_or_404(Council, slug=council)
    programme = programme_in_force(obj, timezone.localdate().year)
    if programme is None:
        raise Http404("Rådet har intet arbejdsprogram.")
    rec = get_object_or_404(Recommendation, programme=programme, number=number)
    rec.programme = programme
    milestones = public_milestones(programme).filter(recommendation=rec)
    meetings = council_meetings(obj).filter(agenda_items__recommendations=rec).distinct()
    content = build_calendar(
        f"{obj.name}: anbefaling {rec.number}",
        f"Milepæle for anbefaling {rec.number} i {genitive(obj.name)} arbejdsprogram "
        f"{programme.term} og de møder, hvor den er på dagsordenen (KKR Monitor).",
        _meetings(request, meetings, obj), _milestones(request, milestones, obj, programme),
        timezone.now(), url=_site(request) + rec.get_absolute_url())
    return _ics(content, f"{obj.slug}-anbefaling-{rec.number}.ics")
