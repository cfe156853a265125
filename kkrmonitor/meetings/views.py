"""Meeting pages: public lists of a council's meetings, a meeting with its agenda and decisions,
the decision register and the deadlines; and the editing pages the council's editors use.

Thin function views with a fixed number of queries per page. Everything about meetings is public
(there are no drafts); what a decision changed is shown through the audit events it caused,
filtered like every other history to what the visitor may see. Writes go through
kkrmonitor.meetings.services; the forms work without JavaScript (POST, redirect, message), and a
save refused because someone else saved first answers 409 with the form kept."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kkrmonitor.access import Access, access_for
from kkrmonitor.meetings import deadlines, services
from kkrmonitor.meetings.forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    DecisionForm,
    MeetingEditForm,
    MeetingForm,
    RegisterFilterForm,
)
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme.history import EventView, describe, visible_events
from kkrmonitor.programme.models import (
    AuditEvent,
    Council,
    Initiative,
    Milestone,
    MilestoneState,
    Publication,
    Recommendation,
)
from kkrmonitor.web.conflicts import conflict_view, resolve_conflict
from kkrmonitor.web.decorators import login_required
from kkrmonitor.web.helpers import Crumbs, author_for, crumbs, saved_message

# What a reader of a decision needs from the events it caused: the new dates, status and
# progress. A window's precision is the parser's bookkeeping, publication and confirmation
# follow from the decision itself, and a status update's own status and progress are shown as
# the initiative's, before and after.
EFFECT_HIDDEN_FIELDS = {"precision", "publication", "published_at", "confirmed_at",
                        "confirmed_by", "as_of"}
STATUS_UPDATE_OWN_FIELDS = {"status", "progress"}
EFFECT_PREFIX_ORDER = ["", "initiative", "recommendation"]
EFFECT_FIELD_ORDER = ["title", "initiative", "start", "end", "label", "narrative", "status",
                      "progress"]


# --- shared pieces ---------------------------------------------------------------------------

def meeting_heading(meeting: Meeting) -> str:
    """"Møde i KKR Hovedstaden 3. februar 2025", or the meeting's own title with its date."""
    day = date_format(meeting.date, "j. F Y")
    if meeting.title:
        return f"{meeting.title} {day}"
    return f"Møde i {meeting.council.name} {day}"


def _council_crumbs(council: Council, *tail: tuple[str, str | None]) -> Crumbs:
    return crumbs(("Råd og kommuner", reverse("council_list")),
                  (council.name, council.get_absolute_url()), *tail)


def _effect_order(key: str) -> tuple[int, int, str]:
    prefix, _dot, name = key.rpartition(".")
    prefix_rank = EFFECT_PREFIX_ORDER.index(prefix) if prefix in EFFECT_PREFIX_ORDER else 9
    field_rank = EFFECT_FIELD_ORDER.index(name) if name in EFFECT_FIELD_ORDER else 99
    return (prefix_rank, field_rank, key)


def _effect_changes(event: AuditEvent) -> dict[str, list[Any]]:
    """The changes worth showing, in a fixed order (PostgreSQL's jsonb keeps no key order)."""
    changes = {key: value for key, value in event.changes.items()
               if key.rpartition(".")[2] not in EFFECT_HIDDEN_FIELDS}
    if event.object_type == "statusupdate" and any(k.startswith("initiative.") for k in changes):
        changes = {k: v for k, v in changes.items() if k not in STATUS_UPDATE_OWN_FIELDS}
    return {key: changes[key] for key in sorted(changes, key=_effect_order)}


def _effects_by_decision(access: Access, decision_ids: list[int]) -> dict[int, list[EventView]]:
    """"Det ændrede beslutningen": the audit events each decision caused, oldest first."""
    by_decision: dict[int, list[EventView]] = defaultdict(list)
    if decision_ids:
        events = (visible_events(access).filter(decision_id__in=decision_ids)
                  .order_by("at", "id"))
        for event in events:
            assert event.decision_id is not None
            event.changes = _effect_changes(event)
            by_decision[event.decision_id].append(describe(event))
    return by_decision


# --- public pages ----------------------------------------------------------------------------

def meeting_list(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    today = timezone.localdate()
    access = access_for(request)
    # Imported items are drafts until an editor has looked at them: the public counts the rest.
    shown = Q() if access.sees_drafts else Q(agenda_items__publication=Publication.PUBLISHED)
    # The council's own meetings and the joint meetings another council holds with it.
    meetings = list(Meeting.objects.filter(Q(council=obj) | Q(joint_with=obj))
                    .select_related("council", "joint_with").annotate(
        item_count=Count("agenda_items", filter=shown, distinct=True),
        decision_count=Count("agenda_items__decisions", filter=shown))
                    .order_by("date", "start_time", "id"))
    for meeting in meetings:
        meeting.partner = meeting.partner_of(obj.pk)  # type: ignore[attr-defined]
    return render(request, "meetings/meeting_list.html", {
        "council": obj,
        "upcoming": [m for m in meetings if m.date >= today],
        "past": [m for m in reversed(meetings) if m.date < today],
        "today": today,
        "can_edit": access.can_edit_meetings(obj.pk),
        "programme": obj.current_programme(),
        "crumbs": _council_crumbs(obj, ("Møder", None)),
        "tab": "meetings",
    })


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    effects: list[EventView]


@dataclass(frozen=True)
class ItemRow:
    item: AgendaItem
    recommendations: list[Recommendation]
    initiatives: list[Initiative]
    decisions: list[DecisionRow]
    attachments: list[Any]


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    obj = get_object_or_404(Meeting.objects.select_related("council", "joint_with", "annex")
                            .defer("annex__docx", "annex__pdf"), pk=pk)
    items = list(access.published(obj.agenda_items.order_by("number"))
                 .select_related("imported__attachment").prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.select_related(
            "programme__council").order_by("programme__term_start", "number")),
        Prefetch("initiatives", queryset=Initiative.objects.visible_to(access).select_related(
            "recommendation__programme__council").order_by("recommendation__number", "id")),
        Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "id")),
    ))
    # The meeting's files and its items' enclosures, in one query.
    files = list(obj.attachments.all())
    by_item: dict[int | None, list[Any]] = defaultdict(list)
    for attachment in files:
        by_item[attachment.agenda_item_id].append(attachment)
    effects = _effects_by_decision(access, [d.pk for i in items for d in i.decisions.all()])
    rows = [ItemRow(item, list(item.recommendations.all()), list(item.initiatives.all()),
                    [DecisionRow(d, effects.get(d.pk, [])) for d in item.decisions.all()],
                    by_item.get(item.pk, []))
            for item in items]
    for item in items:
        item.meeting = obj
    heading = meeting_heading(obj)
    return render(request, "meetings/meeting.html", {
        "attachments": by_item.get(None, []),
        "draft_count": sum(item.publication == Publication.DRAFT for item in items),
        "meeting": obj,
        "council": obj.council,
        "heading": heading,
        "rows": rows,
        "today": timezone.localdate(),
        "can_edit": access.can_edit_meeting(obj),
        # Files and read-in documents stay with the meeting's own council (document_views).
        "can_edit_documents": access.can_edit_council(obj.council_id),
        "programme": obj.council.current_programme(),
        "crumbs": _council_crumbs(obj.council, ("Møder", reverse("meeting_list",
                                                                    args=[obj.council.slug])),
                                  (date_format(obj.date, "j. F Y"), None)),
    })


def _register_recommendations(council: Council) -> list[Recommendation]:
    """The recommendations one may filter by: each number once, from the newest programme."""
    seen: dict[int, Recommendation] = {}
    for rec in (Recommendation.objects.filter(programme__council=council)
                .order_by("-programme__term_start", "number")):
        seen.setdefault(rec.number, rec)
    return sorted(seen.values(), key=lambda r: r.number)


REGISTER_PAGE_SIZE = 50


def decision_register(request: HttpRequest, council: str) -> HttpResponse:
    """Every decision of the council's meetings, newest meeting first. `anbefaling` keeps the
    decisions about that recommendation (its agenda item names the recommendation or one of its
    initiatives, or the decision changed one of its milestones or initiatives); `aar` keeps the
    decisions of that year's meetings. 50 to a page (`side`)."""
    access = access_for(request)
    obj = get_object_or_404(Council, slug=council)
    recommendations = _register_recommendations(obj)
    years = [d.year for d in Meeting.objects.filter(
        council=obj, agenda_items__decisions__isnull=False).dates("date", "year", order="DESC")]
    form = RegisterFilterForm(request.GET or None, recommendations=recommendations, years=years)
    decisions = Decision.objects.filter(agenda_item__meeting__council=obj)
    number = year = None
    if form.is_bound and form.is_valid():
        number, year = form.cleaned_data["anbefaling"], form.cleaned_data["aar"]
    if number is not None:
        rec_ids = Recommendation.objects.filter(programme__council=obj, number=number)
        about = (Q(agenda_item__recommendations__in=rec_ids)
                 | Q(agenda_item__initiatives__recommendation__in=rec_ids)
                 | Q(pk__in=visible_events(access).filter(
                     recommendation_id__in=rec_ids.values("pk"), decision_id__isnull=False)
                     .values("decision_id")))
        decisions = decisions.filter(pk__in=Decision.objects.filter(about).values("pk"))
    if year is not None:
        decisions = decisions.filter(agenda_item__meeting__date__year=year)
    page = Paginator(decisions.select_related("agenda_item__meeting").prefetch_related(
        Prefetch("agenda_item__recommendations",
                 queryset=Recommendation.objects.select_related("programme__council")
                 .order_by("number")),
    ).order_by("-agenda_item__meeting__date", "agenda_item__number", "id"),
        REGISTER_PAGE_SIZE).get_page(request.GET.get("side"))
    on_page = list(page.object_list)
    effects = _effects_by_decision(access, [d.pk for d in on_page])
    for decision in on_page:
        decision.agenda_item.meeting.council = obj
    filtered = number is not None or year is not None
    return render(request, "meetings/decision_register.html", {
        "council": obj,
        "form": form,
        "rows": [DecisionRow(d, effects.get(d.pk, [])) for d in on_page],
        "page": page,
        "query": urlencode({k: v for k, v in request.GET.items() if k != "side"}),
        "filtered": filtered,
        "number": number,
        "year": year,
        "programme": obj.current_programme(),
        "crumbs": _council_crumbs(obj, ("Beslutninger", None)),
        "tab": "decisions",
    })


def council_deadlines(request: HttpRequest, council: str) -> HttpResponse:
    """"Kommende frister" and "Overskredne frister" for the council's current programme."""
    access = access_for(request)
    obj = get_object_or_404(Council, slug=council)
    programme = obj.current_programme()
    today = timezone.localdate()
    upcoming: list[deadlines.Deadline] = []
    overdue: list[deadlines.Deadline] = []
    unregistered: list[deadlines.Deadline] = []
    if programme is not None:
        # Only those that can be in a list (the lists decide): a deadline, not registered as
        # reached or dropped, and due within the window or registered as missed. A large
        # programme has thousands of milestones, most of them later.
        last = today + timedelta(days=deadlines.UPCOMING_DAYS)
        milestones = list(Milestone.objects.visible_to(access).filter(
            Q(end__lte=last) | Q(state=MilestoneState.MISSED),
            recommendation__programme=programme, end__isnull=False)
            .exclude(state__in=[MilestoneState.REACHED, MilestoneState.DROPPED])
            .select_related("recommendation", "initiative"))
        for milestone in milestones:
            milestone.recommendation.programme = programme  # for its link; no extra query
        found = deadlines.lists(milestones, today)
        upcoming, overdue, unregistered = found.upcoming, found.overdue, found.unregistered
    return render(request, "meetings/deadlines.html", {
        "council": obj,
        "programme": programme,
        "upcoming": upcoming,
        "overdue": overdue,
        "unregistered": unregistered,
        "days": deadlines.UPCOMING_DAYS,
        "today": today,
        "crumbs": _council_crumbs(obj, ("Frister", None)),
        "tab": "deadlines",
    })


# --- editing ---------------------------------------------------------------------------------

def _require_editor(request: HttpRequest, council_id: int) -> None:
    access = access_for(request)
    access.require(access.can_edit_meetings(council_id))


def _require_meeting_editor(request: HttpRequest, meeting: Meeting) -> None:
    access = access_for(request)
    access.require(access.can_edit_meeting(meeting))


def _editable_meeting(request: HttpRequest, pk: int) -> Meeting:
    obj = get_object_or_404(Meeting.objects.select_related("council", "joint_with", "annex")
                            .defer("annex__docx", "annex__pdf"), pk=pk)
    _require_meeting_editor(request, obj)
    return obj


def _editable_item(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related(
        "meeting__council", "meeting__joint_with"), pk=pk)
    _require_meeting_editor(request, item.meeting)
    return item


def _edit_crumbs(meeting: Meeting | None, council: Council, last: str) -> Crumbs:
    tail: list[tuple[str, str | None]] = [
        ("Møder", reverse("meeting_list", args=[council.slug]))]
    if meeting is not None:
        tail.append((date_format(meeting.date, "j. F Y"), meeting.get_absolute_url()))
    tail.append((last, None))
    return _council_crumbs(council, *tail)


@login_required
def meeting_create(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    _require_editor(request, obj.pk)
    form = MeetingForm(request.POST or None, council=obj)
    if request.method == "POST" and form.is_valid():
        created = services.create_meeting(author_for(request), obj, form.meeting_data())
        messages.success(request, "Mødet er oprettet.")
        return redirect(created)
    title = f"Nyt møde i {obj.name}"
    return render(request, "meetings/meeting_form.html", {
        "form": form, "council": obj, "page_title": title,
        "action": reverse("meeting_create", args=[obj.slug]),
        "cancel": reverse("meeting_list", args=[obj.slug]),
        "crumbs": _edit_crumbs(None, obj, "Nyt møde"),
    })


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _editable_meeting(request, pk)
    conflict = None
    if request.method == "POST":
        form = MeetingEditForm(request.POST, council=obj.council)
        if form.is_valid():
            try:
                changed = services.update_meeting(author_for(request), obj, form.meeting_data(),
                                                  form.cleaned_data["version"])
            except services.EditConflict as error:
                current = Meeting.objects.get(pk=obj.pk)
                conflict, form = resolve_conflict(
                    error, form, MeetingForm.initial_for(current),
                    lambda data: MeetingEditForm(data, council=obj.council))
            else:
                saved_message(request, changed, "Mødet er gemt.")
                return redirect(obj)
    else:
        form = MeetingEditForm(initial=MeetingForm.initial_for(obj), council=obj.council)
    return render(request, "meetings/meeting_form.html", {
        "form": form, "council": obj.council, "meeting": obj, "conflict": conflict,
        "page_title": "Redigér mødet {date}".format(date=date_format(obj.date, "j. F Y")),
        "action": reverse("meeting_edit", args=[obj.pk]),
        "cancel": obj.get_absolute_url(),
        "crumbs": _edit_crumbs(obj, obj.council, "Redigér"),
    }, status=409 if conflict else 200)


def _next_number(meeting: Meeting) -> int:
    last = meeting.agenda_items.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@login_required
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _editable_meeting(request, pk)
    if request.method == "POST":
        form = AgendaItemForm(request.POST, meeting=obj)
        if form.is_valid():
            try:
                item = services.add_agenda_item(author_for(request), obj, form.item_data())
            except ValueError as error:  # someone took the number meanwhile
                form.add_error("number", str(error))
            else:
                messages.success(request, f"Punkt {item.number} er tilføjet dagsordenen.")
                return redirect(f"{obj.get_absolute_url()}#punkt-{item.number}")
    else:
        form = AgendaItemForm(meeting=obj, initial={"number": _next_number(obj)})
    return render(request, "meetings/agenda_item_form.html", {
        "form": form, "meeting": obj, "council": obj.council,
        "page_title": "Nyt punkt på dagsordenen",
        "action": reverse("agenda_item_create", args=[obj.pk]),
        "cancel": obj.get_absolute_url(),
        "crumbs": _edit_crumbs(obj, obj.council, "Nyt punkt"),
    })


@login_required
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    meeting_obj = item.meeting
    conflict = None
    if request.method == "POST":
        form = AgendaItemEditForm(request.POST, meeting=meeting_obj, item=item)
        if form.is_valid():
            try:
                changed = services.update_agenda_item(author_for(request), item, form.item_data(),
                                                      form.cleaned_data["version"])
            except services.EditConflict as error:
                current = AgendaItem.objects.get(pk=item.pk)
                conflict, form = resolve_conflict(
                    error, form, AgendaItemForm.initial_for(current),
                    lambda data: AgendaItemEditForm(data, meeting=meeting_obj, item=item))
            except ValueError as error:
                form.add_error("number", str(error))
            else:
                saved_message(request, changed,
                              f"Punkt {item.number} er gemt.")
                return redirect(f"{meeting_obj.get_absolute_url()}#punkt-{item.number}")
    else:
        form = AgendaItemEditForm(initial=AgendaItemForm.initial_for(item), meeting=meeting_obj,
                                  item=item)
    return render(request, "meetings/agenda_item_form.html", {
        "form": form, "meeting": meeting_obj, "council": meeting_obj.council, "item": item,
        "conflict": conflict,
        "page_title": f"Redigér punkt {item.number}",
        "action": reverse("agenda_item_edit", args=[item.pk]),
        "cancel": f"{meeting_obj.get_absolute_url()}#punkt-{item.number}",
        "crumbs": _edit_crumbs(meeting_obj, meeting_obj.council,
                               f"Punkt {item.number}"),
    }, status=409 if conflict else 200)


@login_required
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _editable_item(request, pk)
    meeting_obj = item.meeting
    conflict = None
    error_text = ""
    if request.method == "POST":
        form = DecisionForm(request.POST, agenda_item=item)
        if form.is_valid():
            data = form.cleaned_data
            moves, outcomes = [], []
            if data["milestone"] is not None:
                milestone = data["milestone"]
                if data["milestone_state"]:
                    outcomes.append(services.MilestoneOutcome(
                        milestone, data["milestone_state"], milestone.version))
                else:
                    moves.append(services.MilestoneMove(milestone, data["when"],
                                                        milestone.version))
            changes = []
            if data["initiative"] is not None:
                changes.append(services.StatusChange(data["initiative"], data["status"],
                                                     data["progress"], data["narrative"]))
            try:
                services.record_decision(author_for(request), item, data["text"], moves, changes,
                                         outcomes)
            except services.EditConflict as error:
                conflict = conflict_view(error)
                form = DecisionForm(request.POST, agenda_item=item)
            except ValueError as error:
                error_text = str(error)
            else:
                messages.success(request, f"Beslutningen på punkt {item.number} er gemt.")
                return redirect(f"{meeting_obj.get_absolute_url()}#punkt-{item.number}")
    else:
        form = DecisionForm(agenda_item=item)
    return render(request, "meetings/decision_form.html", {
        "form": form, "meeting": meeting_obj, "council": meeting_obj.council, "item": item,
        "conflict": conflict, "error_text": error_text,
        "page_title": f"Beslutning på punkt {item.number}",
        "action": reverse("decision_create", args=[item.pk]),
        "cancel": f"{meeting_obj.get_absolute_url()}#punkt-{item.number}",
        "crumbs": _edit_crumbs(meeting_obj, meeting_obj.council,
                               f"Beslutning på punkt {item.number}"),
    }, status=409 if conflict else 200)

