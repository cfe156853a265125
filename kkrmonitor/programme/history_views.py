"""Public history pages: what changed, when, by whom, with before and after values, and
"Ændringer siden <dato>" for a whole programme. Readable without login; the public sees changes
to published content only (kkrmonitor.programme.history.visible_events decides which).

Each page costs a fixed number of queries: the object, then one count and one page of events
(50 per page), or for the changes page the recommendations and the events."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format

from kkrmonitor.access import access_for
from kkrmonitor.programme.history import (
    by_day,
    by_recommendation,
    default_changes_since,
    describe,
    initiative_events,
    programme_changes_since,
    programme_events,
    recommendation_events,
)
from kkrmonitor.programme.models import AuditEvent, Initiative, Programme, Recommendation
from kkrmonitor.programme.views import programme_crumbs, programme_or_404

EVENTS_PER_PAGE = 50
# "Ændringer siden" lists at most this many (the newest); an earlier date than the data
# reaches would otherwise put the whole history on one page.
MAX_CHANGES = 500
EARLIEST_SINCE = date(2000, 1, 1)


def _history_page(request: HttpRequest, events: QuerySet[AuditEvent],
                  context: dict[str, Any]) -> HttpResponse:
    page: Page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("side"))
    programme: Programme = context["programme"]
    return render(request, "history/history.html", {
        **context,
        "page": page,
        "days": by_day(describe(e) for e in page.object_list),
        "council": programme.council,
        "changes_since": default_changes_since(programme, timezone.localdate()),
        "section": "programme",
    })


def recommendation_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes to a recommendation and to its initiatives, milestones, status updates and
    comments."""
    access = access_for(request)
    rec = get_object_or_404(Recommendation.objects.select_related("programme__council"), pk=pk)
    programme = rec.programme
    label = f"Anbefaling {rec.number}"
    return _history_page(request, recommendation_events(access, rec.pk), {
        "programme": programme,
        "recommendation": rec,
        "heading": f"Historik for anbefaling {rec.number}",
        "page_title": (f"Historik for anbefaling {rec.number} – "
                       f"{programme.council.name} {programme.term}"),
        "crumbs": [*programme_crumbs(programme), (label, rec.get_absolute_url()),
                   ("Historik", None)],
    })


def initiative_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes to an initiative and to its milestones, status updates and comments. A draft
    initiative does not exist for the public (404)."""
    access = access_for(request)
    initiative = get_object_or_404(
        Initiative.objects.visible_to(access).select_related("recommendation__programme__council"),
        pk=pk)
    rec = initiative.recommendation
    programme = rec.programme
    return _history_page(request, initiative_events(access, initiative.pk), {
        "programme": programme,
        "recommendation": rec,
        "initiative": initiative,
        "heading": f"Historik for indsatsen »{initiative.title}«",
        "page_title": f"Historik for indsatsen »{initiative.title}«",
        "crumbs": [*programme_crumbs(programme),
                   (f"Anbefaling {rec.number}",
                    rec.get_absolute_url()),
                   ("Historik for indsats", None)],
    })


def programme_history(request: HttpRequest, council: str, term: str) -> HttpResponse:
    """Every change to a programme, its recommendations and everything under them."""
    access = access_for(request)
    programme = programme_or_404(council, term)
    return _history_page(request, programme_events(access, programme), {
        "programme": programme,
        "heading": f"Historik for arbejdsprogrammet {programme.term}",
        "page_title": f"Historik – {programme.council.name} {programme.term}",
        "crumbs": [*programme_crumbs(programme), ("Historik", None)],
    })


class ChangesSinceForm(forms.Form):
    """The date "Ændringer siden" starts from. The browser's date picker sends 2026-01-26;
    typed by hand, 26-01-2026 and 26.01.2026 work too."""

    siden = forms.DateField(
        label="Vis ændringer siden",
        help_text=("Fx datoen for rådets seneste møde. Skriv datoen som "
                               "dag-måned-år, fx 26-01-2026, hvis du ikke kan vælge den."),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-input"}),
        error_messages={
            "required": "Vælg en dato.",
            "invalid": ("Datoen findes ikke eller er skrevet forkert. Skriv den "
                                    "som dag-måned-år, fx 26-01-2026."),
        },
    )

    def clean_siden(self) -> date:
        since: date = self.cleaned_data["siden"]
        if since < EARLIEST_SINCE:
            raise forms.ValidationError(
                "Vælg en dato efter {date}.".format(
                    date=date_format(EARLIEST_SINCE, "j. F Y"),
                ), code="too_early")
        return since


def programme_changes(request: HttpRequest, council: str, term: str) -> HttpResponse:
    """Every change to the programme since a date, grouped by recommendation, newest first."""
    access = access_for(request)
    programme = programme_or_404(council, term)
    default = default_changes_since(programme, timezone.localdate())
    given = request.GET.get("siden", "").strip()
    form = ChangesSinceForm({"siden": given} if given else None,
                            initial={"siden": default}, auto_id="%s")
    since: date | None = default
    if form.is_bound:
        since = form.cleaned_data["siden"] if form.is_valid() else None
    groups = []
    truncated = False
    total = 0
    if since is not None:
        events = list(programme_changes_since(access, programme, since)[:MAX_CHANGES + 1])
        truncated = len(events) > MAX_CHANGES
        events = events[:MAX_CHANGES]
        total = len(events)
        recommendations = list(programme.recommendations.order_by("number"))
        for rec in recommendations:
            rec.programme = programme  # links need programme.council: reuse what is loaded
        groups = by_recommendation((describe(e) for e in events), recommendations)
    return render(request, "history/changes.html", {
        "programme": programme,
        "council": programme.council,
        "form": form,
        "since": since,
        "groups": groups,
        "total": total,
        "truncated": truncated,
        "max_changes": MAX_CHANGES,
        "crumbs": [*programme_crumbs(programme), ("Ændringer", None)],
        "section": "programme",
    })
