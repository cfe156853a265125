"""Owners: "Mine opgaver" and assigning a responsible person (under /rediger/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kkrmonitor.access import access_for
from kkrmonitor.owners import queues
from kkrmonitor.owners.services import assign_responsible, eligible_people
from kkrmonitor.programme.models import Initiative, Milestone
from kkrmonitor.web.decorators import login_required, member_required
from kkrmonitor.web.helpers import author_for, crumbs


class ResponsibleForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Ansvarlig person", queryset=None, required=False,
        empty_label="Ingen",
        help_text="En medarbejder i sekretariatet eller en kommunal kontaktperson. Den "
                  "ansvarlige får besked, når indsatsen eller fristen kræver noget.",
        error_messages={"invalid_choice": "Vælg en person fra listen."})

    def __init__(self, council_id: int, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["person"]
        field.queryset = eligible_people(council_id)  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-select"


@member_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """What the logged-in person is responsible for."""
    assert request.user.pk is not None
    initiatives, milestones = queues.my_tasks(request.user.pk)
    # member_required: a member sees drafts, so every item of theirs is shown.
    return render(request, "owners/my_tasks.html", {
        "initiatives": initiatives,
        "milestones": milestones,
        "crumbs": crumbs(("Redigering", reverse("edit_home")), ("Mine opgaver", None)),
    })


def _assign(request: HttpRequest, item: Initiative | Milestone, council_id: int,
            back: str) -> HttpResponse:
    access = access_for(request)
    access.require(access.can_edit_council(council_id))
    form = ResponsibleForm(council_id, request.POST if request.method == "POST" else None,
                           initial={"person": item.responsible_id})
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if assign_responsible(author_for(request), item, person):
            messages.success(request, f"{person} er nu ansvarlig." if person
                             else "Der er ikke længere en ansvarlig person.")
        return redirect(back)
    return render(request, "owners/assign.html", {
        "item": item, "form": form, "back": back,
        "crumbs": crumbs(("Redigering", reverse("edit_home")), ("Ansvarlig person", None)),
    }, status=400 if form.is_bound else 200)


@login_required
def assign_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    initiative = get_object_or_404(Initiative.objects.visible_to(access)
                                   .select_related("recommendation__programme"), pk=pk)
    return _assign(request, initiative, initiative.recommendation.programme.council_id,
                   request.path)


@login_required
def assign_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    milestone = get_object_or_404(Milestone.objects.visible_to(access)
                                  .select_related("recommendation__programme"), pk=pk)
    return _assign(request, milestone, milestone.recommendation.programme.council_id,
                   request.path)
