"""Owners: "Mine opgaver" and assigning a responsible person (under /rediger/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kkrmonitor.access import access_for
from kkrmonitor.joint.models import JointInitiative, JointStage
from kkrmonitor.owners import queues
from kkrmonitor.owners.services import Owned, assign_responsible, eligible_people
from kkrmonitor.programme.models import Initiative, Milestone
from kkrmonitor.web.decorators import login_required, member_required
from kkrmonitor.web.helpers import author_for, crumbs


class ResponsibleForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Ansvarlig person", queryset=None, required=False,
        empty_label="Ingen",
        help_text=("En medarbejder i sekretariatet eller en kommunal kontaktperson. Den "
                   "ansvarlige får besked, når indsatsen eller fristen kræver noget."),
        error_messages={"invalid_choice": "Vælg en person fra listen."})

    def __init__(self, council_id: int, *args: object, help_text: str = "",
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["person"]
        if help_text:
            field.help_text = help_text
        field.queryset = eligible_people(council_id)  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-select"


@member_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """What the logged-in person is responsible for."""
    assert request.user.pk is not None
    tasks = queues.my_tasks(request.user.pk)
    # member_required: a member sees drafts, so every item of theirs is shown.
    return render(request, "owners/my_tasks.html", {
        "initiatives": tasks.initiatives,
        "milestones": tasks.milestones,
        "stages": tasks.stages,
        "register_rows": tasks.register_rows,
        "crumbs": crumbs(("Redigering", reverse("edit_home")), ("Mine opgaver", None)),
    })


# What the assign page says the responsible person is for, by kind of item.
ABOUT = {
    "initiative": "Den ansvarlige person får besked, når indsatsen trænger til opdatering, "
                  "eller når en frist nærmer sig eller er passeret. Den ansvarlige organisation "
                  "skrives stadig som tekst på indsatsen.",
    "milestone": "Den ansvarlige person får besked, når indsatsen trænger til opdatering, "
                 "eller når en frist nærmer sig eller er passeret. Den ansvarlige organisation "
                 "skrives stadig som tekst på indsatsen.",
    "jointstage": "Den ansvarlige person følger op på, at kommunerne når trinnet, og ser det "
                  "under »Mine opgaver«. Det vises ikke på de offentlige sider.",
}
STAGE_HELP = ("En medarbejder i sekretariatet eller en kommunal kontaktperson, der følger op "
              "på trinnet.")


def _assign(request: HttpRequest, item: Owned, council_id: int, back: str,
            cancel: str = "") -> HttpResponse:
    """The assign page of any item with a responsible person: the council's editors only."""
    access = access_for(request)
    access.require(access.can_edit_council(council_id))
    kind = item._meta.model_name or ""
    form = ResponsibleForm(council_id, request.POST if request.method == "POST" else None,
                           initial={"person": item.responsible_id},
                           help_text=STAGE_HELP if kind == "jointstage" else "")
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if assign_responsible(author_for(request), item, person):
            messages.success(request, f"{person} er nu ansvarlig." if person
                             else "Der er ikke længere en ansvarlig person.")
        return redirect(back)
    return render(request, "owners/assign.html", {
        "item": item, "form": form, "back": back, "about": ABOUT.get(kind, ""),
        "cancel": cancel,
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


@login_required
def assign_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """A joint effort's stage: the editors of the effort's council (and admins)."""
    access = access_for(request)
    stage = get_object_or_404(
        JointStage.objects.filter(joint__in=JointInitiative.objects.visible_to(access))
        .select_related("joint__initiative__recommendation__programme"), pk=pk)
    return _assign(request, stage, stage.joint.initiative.recommendation.programme.council_id,
                   request.path, reverse("joint_edit", args=[stage.joint_id]))
