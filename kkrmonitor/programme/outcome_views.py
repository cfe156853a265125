"""Registering what became of a milestone (/rediger/milepael/<id>/udfald/), and the editors'
list of passed deadlines nobody has registered an outcome for (on the start page).

A thin view over services.set_milestone_outcome: the same rules whether an editor or a council
decision sets the outcome; a refused save comes back with HTTP 409 and the merge, as every edit
form does (kkrmonitor.web.conflicts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.access import Access, access_for
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.programme import services
from kkrmonitor.programme.forms import EditForm, MilestoneOutcomeForm
from kkrmonitor.programme.models import Milestone, MilestoneState, Programme
from kkrmonitor.programme.outcomes import Standing, outcome_text, standing
from kkrmonitor.web.conflicts import ConflictView, resolve_conflict
from kkrmonitor.web.decorators import editor_required
from kkrmonitor.web.helpers import author_for, crumbs


def unregistered_milestones(programmes: list[Programme], access: Access, today: date,
                            shown: int) -> tuple[list[tuple[Milestone, str]], int]:
    """The first `shown` milestones of these programmes whose deadline has passed with no
    outcome registered, oldest deadline first, each with its sentence ("Frist 31. maj 2026 –
    udfald ikke registreret"), and how many there are in all."""
    # A planned or moved milestone whose window ended before today stands as unregistered.
    rows = (Milestone.objects.visible_to(access)
            .filter(recommendation__programme__in=programmes, end__lt=today,
                    state__in=[MilestoneState.PLANNED, MilestoneState.MOVED])
            .select_related("recommendation", "initiative").order_by("end", "id"))
    first = [(m, outcome_text(m, today)) for m in rows[:shown]
             if standing(m.state, m.end, today) is Standing.UNREGISTERED]
    return first, rows.count()


def unregistered_meetings(programmes: list[Programme], today: date,
                          shown: int) -> tuple[list[Meeting], int]:
    """The first `shown` meetings of these programmes' councils whose day has passed while they
    still stand as planned, oldest first (someone should register that they were held), and
    how many there are in all."""
    rows = Meeting.objects.filter(
        council__in={p.council_id for p in programmes}, state=Meeting.State.PLANNED,
        date__lt=today).select_related("council").order_by("date", "id")
    return list(rows[:shown]), rows.count()


def _page(request: HttpRequest, milestone: Milestone, form: EditForm,
          conflict: ConflictView | None = None, status: int = 200) -> HttpResponse:
    recommendation = milestone.recommendation
    title = "Udfald af milepæl"
    return render(request, "editing/milestone_outcome.html", {
        "recommendation": recommendation, "programme": recommendation.programme,
        "milestone": milestone, "form": form, "conflict": conflict, "page_title": title,
        "now_text": outcome_text(milestone, timezone.localdate()),
        "crumbs": crumbs(("Redigering", reverse("edit_home")),
                         (f"Anbefaling {recommendation.number}",
                          reverse("edit_recommendation", args=[recommendation.pk])),
                         (title, None)),
    }, status=status)


@editor_required
def milestone_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    milestone = get_object_or_404(
        Milestone.objects.visible_to(access).select_related(
            "recommendation__programme__council", "initiative"), pk=pk)
    access.require(access.can_edit_programme(milestone.recommendation.programme))

    def make(data: Any) -> EditForm:
        return MilestoneOutcomeForm(data)

    if request.method != "POST":
        return _page(request, milestone,
                     MilestoneOutcomeForm(initial=MilestoneOutcomeForm.initial_for(milestone)))
    form = make(request.POST)
    if not form.is_valid():
        return _page(request, milestone, form)
    data = form.cleaned_data
    try:
        changed = services.set_milestone_outcome(
            author_for(request), milestone, state=data["state"], on=data["on"],
            reason=data["reason"], window_text=data["new_when"],
            expected_version=data["version"])
    except services.OutcomeError as error:
        form.add_error(_field_for(str(error)), str(error))
        return _page(request, milestone, form)
    except services.EditConflict as error:
        current = Milestone.objects.select_related(
            "recommendation__programme__council", "initiative").get(pk=milestone.pk)
        conflict, form = resolve_conflict(error, form, MilestoneOutcomeForm.initial_for(current),
                                          make)
        return _page(request, current, form, conflict, status=409)
    if changed:
        messages.success(request, f"Udfaldet af milepælen »{milestone.title}« er gemt: "
                         f"{outcome_text(milestone, timezone.localdate())}.")
    else:
        messages.info(request, "Der var ingen ændringer at gemme.")
    url = reverse("edit_recommendation", args=[milestone.recommendation_id])
    return redirect(f"{url}#milepaele")


def _field_for(message: str) -> str:
    """Which field a refusal from the service belongs to, for the error summary's link."""
    if message.startswith("Skriv en begrundelse"):
        return "reason"
    if "frist" in message:
        return "new_when"
    if message.startswith("Datoen"):
        return "on"
    return "state"
