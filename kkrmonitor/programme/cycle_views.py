"""Editing a recommendation's external events and recurring obligations (/rediger/): the
editors of the recommendation's council and administrators (kkrmonitor.access)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kkrmonitor.access import access_for
from kkrmonitor.audit import EditConflict
from kkrmonitor.programme import obligations
from kkrmonitor.programme.cycle_forms import (
    ExternalEventEditForm,
    ExternalEventForm,
    ObligationForm,
)
from kkrmonitor.programme.edit_views import _editable_recommendation
from kkrmonitor.programme.forms import EditForm
from kkrmonitor.programme.models import ExternalEvent, Obligation, Recommendation
from kkrmonitor.web.conflicts import ConflictView, resolve_conflict
from kkrmonitor.web.decorators import editor_required
from kkrmonitor.web.helpers import author_for, crumbs


def _back(recommendation: Recommendation, anchor: str) -> str:
    return f"{reverse('edit_recommendation', args=[recommendation.pk])}#{anchor}"


def _page(request: HttpRequest, template: str, recommendation: Recommendation, title: str,
          status: int = 200, **context: Any) -> HttpResponse:
    return render(request, template, {
        "recommendation": recommendation, "programme": recommendation.programme,
        "page_title": title,
        "crumbs": crumbs(("Redigering", reverse("edit_home")),
                         (f"Anbefaling {recommendation.number}",
                          reverse("edit_recommendation", args=[recommendation.pk])),
                         (title, None)),
        **context}, status=status)


def _editable_event(request: HttpRequest, pk: int) -> ExternalEvent:
    access = access_for(request)
    event = get_object_or_404(ExternalEvent.objects.select_related(
        "recommendation__programme__council"), pk=pk)
    access.require(access.can_edit_programme(event.recommendation.programme))
    return event


def _editable_obligation(request: HttpRequest, pk: int) -> Obligation:
    access = access_for(request)
    obligation = get_object_or_404(Obligation.objects.select_related(
        "recommendation__programme__council"), pk=pk)
    access.require(access.can_edit_programme(obligation.recommendation.programme))
    return obligation


# --- external events -------------------------------------------------------------------

@editor_required
def event_create(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _editable_recommendation(request, pk)
    form = ExternalEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        obligations.create_external_event(author_for(request), recommendation, data["title"],
                                          data["when"], data["source"], data["description"])
        messages.success(request, f"Begivenheden »{data['title']}« er gemt.")
        return redirect(_back(recommendation, "begivenheder"))
    return _page(request, "editing/external_event_form.html", recommendation,
                 "Ny ændring i omverdenen", form=form,
                 action=reverse("event_create", args=[recommendation.pk]))


@editor_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    recommendation = event.recommendation
    context: dict[str, Any] = {"event": event, "action": reverse("event_edit", args=[event.pk])}
    title = "Rediger ændring i omverdenen"
    if request.method != "POST":
        form: EditForm = ExternalEventEditForm(initial=ExternalEventForm.initial_for(event))
        return _page(request, "editing/external_event_form.html", recommendation, title,
                     form=form, **context)
    form = ExternalEventEditForm(request.POST)
    if not form.is_valid():
        return _page(request, "editing/external_event_form.html", recommendation, title,
                     form=form, **context)
    data = form.cleaned_data
    try:
        changed = obligations.update_external_event(
            author_for(request), event, data["title"], data["when"], data["source"],
            data["description"], data["version"])
    except EditConflict as error:
        current = ExternalEvent.objects.get(pk=event.pk)
        conflict: ConflictView
        conflict, form = resolve_conflict(error, form, ExternalEventForm.initial_for(current),
                                          ExternalEventEditForm)
        return _page(request, "editing/external_event_form.html", recommendation, title,
                     status=409, form=form, conflict=conflict, **context)
    if changed:
        messages.success(request, f"Begivenheden »{data['title']}« er gemt.")
    else:
        messages.info(request, "Der var ingen ændringer at gemme.")
    return redirect(_back(recommendation, "begivenheder"))


@editor_required
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    recommendation = event.recommendation
    if request.method == "POST":
        obligations.delete_external_event(author_for(request), event)
        messages.success(request, f"Begivenheden »{event.title}« er slettet.")
        return redirect(_back(recommendation, "begivenheder"))
    return _page(request, "editing/external_event_delete.html", recommendation,
                 "Slet ændring i omverdenen", event=event)


# --- recurring obligations -------------------------------------------------------------

@editor_required
def obligation_create(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _editable_recommendation(request, pk)
    form = ObligationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obligation = obligations.create_obligation(
            author_for(request), recommendation, Obligation(**form.obligation_values()))
        messages.success(request, f"Den tilbagevendende opgave »{obligation.title}« er gemt "
                                  f"med {obligation.milestones.count()} milepæle i "
                                  "valgperioden.")
        return redirect(_back(recommendation, "tilbagevendende"))
    return _page(request, "editing/obligation_form.html", recommendation,
                 "Ny tilbagevendende opgave", form=form,
                 action=reverse("obligation_create", args=[recommendation.pk]))


@editor_required
def obligation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _editable_obligation(request, pk)
    recommendation = obligation.recommendation
    initial = {"title": obligation.title, "rhythm": obligation.rhythm,
               "first_year": obligation.first_year, "usual_window": obligation.usual_window,
               "is_expected": obligation.is_expected, "description": obligation.description,
               "source": obligation.source}
    form = ObligationForm(request.POST or None, initial=initial)
    context: dict[str, Any] = {"obligation": obligation,
               "action": reverse("obligation_edit", args=[obligation.pk])}
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version", "")
        if not version.isdigit():
            form.add_error(None, "Siden mangler sin version; indlæs den igen.")
        else:
            try:
                changed = obligations.update_obligation(
                    author_for(request), obligation, form.obligation_values(), int(version))
            except EditConflict:
                messages.error(request, "En anden har ændret opgaven, mens du havde den åben. "
                                        "Her er den, som den er nu; ret den igen.")
                return redirect("obligation_edit", obligation.pk)
            if changed:
                messages.success(request, f"Den tilbagevendende opgave »{obligation.title}« "
                                          "er gemt.")
            else:
                messages.info(request, "Der var ingen ændringer at gemme.")
            return redirect(_back(recommendation, "tilbagevendende"))
    return _page(request, "editing/obligation_form.html", recommendation,
                 "Rediger tilbagevendende opgave", form=form, **context)
