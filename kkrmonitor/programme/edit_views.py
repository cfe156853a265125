"""Editing under /rediger/: initiatives, milestones, status updates, freshness confirmations
and comments.

Thin function views. Who may do what is decided by kkrmonitor.access (every lookup is scoped to
what the user may see, then the write is allowed or refused with 403); every write goes through
one function in services.py (one transaction, one audit event). Every form works without
JavaScript: a POST answers with a redirect (PRG) and a message, or with the form again. With
htmx, the one-click buttons replace just the initiative they act on, and the Danish date fields
show their dates as the user types.

When two editors save the same object, the second save is refused (EditConflict). The form
comes back with HTTP 409, the other person's changes listed, the user's own input kept, and
every field the user had not touched updated to the other person's value, so saving again keeps
both people's work (kkrmonitor.web.conflicts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from kkrmonitor.access import Access, access_for
from kkrmonitor.owners.queues import SHOWN, queue_count, queues_for
from kkrmonitor.programme import services
from kkrmonitor.programme.forms import (
    CommentForm,
    EditForm,
    InitiativeEditForm,
    InitiativeForm,
    MilestoneEditForm,
    MilestoneForm,
    PublicationForm,
    StatusUpdateForm,
    VersionForm,
    date_text_preview,
    window_dates,
)
from kkrmonitor.programme.models import (
    AuditEvent,
    Comment,
    Initiative,
    Milestone,
    Municipality,
    Programme,
    Publication,
    Recommendation,
    StatusUpdate,
)
from kkrmonitor.programme.outcome_views import unregistered_meetings, unregistered_milestones
from kkrmonitor.programme.outcomes import outcome_text
from kkrmonitor.web.conflicts import ConflictView, conflict_view, resolve_conflict
from kkrmonitor.web.decorators import (
    editor_required,
    login_required,
    may_comment_somewhere,
    member_required,
)
from kkrmonitor.web.helpers import Crumbs, author_for, crumbs, safe_next

# --- lookups scoped to what the user may see and change ------------------------------------

def _initiatives(access: Access) -> QuerySet[Initiative]:
    return Initiative.objects.visible_to(access).select_related(
        "recommendation__programme__council", "confirmed_by")


def _editable_recommendation(request: HttpRequest, pk: int) -> Recommendation:
    access = access_for(request)
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("programme__council"), pk=pk)
    access.require(access.can_edit_programme(recommendation.programme))
    return recommendation


def _editable_initiative(request: HttpRequest, pk: int) -> Initiative:
    access = access_for(request)
    initiative = get_object_or_404(_initiatives(access), pk=pk)
    access.require(access.can_edit_programme(initiative.recommendation.programme))
    return initiative


def _milestones(access: Access) -> QuerySet[Milestone]:
    return Milestone.objects.visible_to(access).select_related(
        "recommendation__programme__council", "initiative")


def _editable_status_update(request: HttpRequest, pk: int) -> StatusUpdate:
    access = access_for(request)
    update = get_object_or_404(access.published(StatusUpdate.objects.filter(
        initiative__in=_initiatives(access)).select_related(
        "initiative__recommendation__programme__council")), pk=pk)
    access.require(access.can_edit_programme(update.initiative.recommendation.programme))
    return update


# --- what the pages show -------------------------------------------------------------------

@dataclass(frozen=True)
class InitiativeCard:
    initiative: Initiative
    stale: bool
    drafts: list[StatusUpdate]
    comment_count: int
    dates: str


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    dates: str


def _cards(initiatives: QuerySet[Initiative]) -> list[InitiativeCard]:
    now = timezone.now()
    drafts = (StatusUpdate.objects.filter(publication=Publication.DRAFT)
              .select_related("author").order_by("-as_of", "-id"))
    rows = (initiatives.select_related("confirmed_by", "recommendation__programme__council")
            .prefetch_related("actors", Prefetch("status_updates", queryset=drafts,
                                                 to_attr="draft_updates"))
            .annotate(comment_count=Count("comments")))
    return [InitiativeCard(i, i.is_stale(now), i.draft_updates,
                           i.comment_count, window_dates(i))
            for i in rows]


def _card(initiative_pk: int) -> InitiativeCard:
    return _cards(Initiative.objects.filter(pk=initiative_pk))[0]


def _recommendation_url(recommendation_id: int, anchor: str = "") -> str:
    url = reverse("edit_recommendation", args=[recommendation_id])
    return f"{url}#{anchor}" if anchor else url


def _crumbs(*tail: tuple[str, str | None]) -> Crumbs:
    return crumbs(("Redigering", reverse("edit_home")), *tail)


def _recommendation_crumb(recommendation: Recommendation) -> tuple[str, str]:
    return (f"Anbefaling {recommendation.number}",
            _recommendation_url(recommendation.pk))


def _stale_since(programmes: list[Programme]) -> QuerySet[Initiative]:
    """Initiatives not confirmed within KKR_STALE_AFTER_DAYS, oldest first."""
    return (Initiative.objects.filter(recommendation__programme__in=programmes).stale()
            .annotate(since=Coalesce("confirmed_at", "created_at")).order_by("since", "id"))


@login_required
def edit_home(request: HttpRequest) -> HttpResponse:
    """The start page: programmes the user may edit, and what needs an update."""
    access = access_for(request)
    access.require(may_comment_somewhere(access))
    programmes = [p for p in Programme.objects.select_related("council")
                  if access.can_edit_programme(p)]
    prefetch_related_objects(programmes, Prefetch(
        "recommendations", queryset=Recommendation.objects.annotate(
            initiative_count=Count("initiatives")).order_by("number")))
    commentable: list[Programme] = []
    if not programmes and access.contact_councils:
        commentable = list(
            Programme.objects.filter(council__in=access.contact_councils)
            .select_related("council").prefetch_related(
                Prefetch("recommendations", queryset=Recommendation.objects.order_by("number")),
                Prefetch("recommendations__initiatives",
                         queryset=Initiative.objects.visible_to(access).order_by("id"))))
    today = timezone.localdate()
    work = queues_for(access, today)
    # Each list shows its oldest SHOWN entries and says how many there are (a council with
    # thousands of old initiatives made this page megabytes long).
    stale = _stale_since(programmes)
    first_stale = list(stale.values_list("pk", flat=True)[:SHOWN]) if programmes else []
    stale_cards = sorted(_cards(Initiative.objects.filter(pk__in=first_stale)),
                         key=lambda card: first_stale.index(card.initiative.pk))
    unregistered, unregistered_total = unregistered_milestones(programmes, access, today, SHOWN)
    unheld, unheld_total = unregistered_meetings(programmes, today, SHOWN)
    return render(request, "editing/home.html", {
        "queues": work,
        "queue_total": queue_count(work),
        "programmes": programmes,
        "stale_cards": stale_cards,
        "stale_total": stale.count() if programmes else 0,
        "unregistered": unregistered,
        "unregistered_total": unregistered_total,
        "unheld": unheld,
        "unheld_total": unheld_total,
        "commentable": commentable,
        "is_editor": access.is_editor,
        "stale_days": settings.KKR_STALE_AFTER_DAYS,
        "crumbs": crumbs(("Redigering", None)),
    })


def _recommendation_page(request: HttpRequest, recommendation: Recommendation,
                         conflict: ConflictView | None = None, status: int = 200) -> HttpResponse:
    milestones = sorted(recommendation.milestones.select_related("initiative"),
                        key=lambda m: (m.sort_date, m.start or m.sort_date, m.pk))
    return render(request, "editing/recommendation.html", {
        "recommendation": recommendation,
        "programme": recommendation.programme,
        "cards": _cards(recommendation.initiatives.all()),
        "milestones": [MilestoneRow(m, window_dates(m)) for m in milestones],
        "obligations": recommendation.obligations.all(),
        "external_events": recommendation.external_events.all(),
        "conflict": conflict,
        "stale_days": settings.KKR_STALE_AFTER_DAYS,
        "crumbs": _crumbs((f"Anbefaling {recommendation.number}",
                           None)),
    }, status=status)


@editor_required
def edit_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_page(request, _editable_recommendation(request, pk))


@require_GET
@editor_required
def date_preview(request: HttpRequest) -> HttpResponse:
    """The dates a Danish date text stands for, as a fragment (htmx, as the user types)."""
    text = request.GET.get("text", request.GET.get("when", ""))
    dates, understood = date_text_preview(text[:200])
    return render(request, "editing/_date_preview.html",
                  {"dates": dates, "understood": understood})


# --- conflicts -----------------------------------------------------------------------------

def _button_conflict(request: HttpRequest, initiative: Initiative,
                     error: services.EditConflict) -> HttpResponse:
    """A one-click action was refused: show the initiative as it is now, with what changed."""
    conflict = conflict_view(error)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "editing/_initiative_card.html", {
            "card": _card(initiative.pk), "conflict": conflict, "focus": True}, status=409)
    recommendation = Recommendation.objects.select_related("programme__council").get(
        pk=initiative.recommendation_id)
    return _recommendation_page(request, recommendation, conflict=conflict, status=409)


def _after_button(request: HttpRequest, initiative: Initiative, text: str) -> HttpResponse:
    """After a one-click action: htmx gets the initiative (its card, or its row on the start
    page) and the message for the live region; otherwise a redirect and a message."""
    if request.htmx:  # type: ignore[attr-defined]
        template = ("editing/_stale_row.html" if request.POST.get("fragment") == "row"
                    else "editing/_initiative_card.html")
        return render(request, template, {"card": _card(initiative.pk), "live_message": text,
                                          "focus": True, "just_confirmed": True})
    messages.success(request, text)
    anchor = f"indsats-{initiative.pk}"
    return redirect(safe_next(request)
                    or _recommendation_url(initiative.recommendation_id, anchor))


# --- initiatives ---------------------------------------------------------------------------

def _initiative_form_page(request: HttpRequest, recommendation: Recommendation, form: EditForm,
                          initiative: Initiative | None = None,
                          conflict: ConflictView | None = None, status: int = 200,
                          ) -> HttpResponse:
    title = "Rediger indsats" if initiative else "Ny indsats"
    return render(request, "editing/initiative_form.html", {
        "recommendation": recommendation, "programme": recommendation.programme,
        "initiative": initiative, "form": form, "conflict": conflict, "page_title": title,
        "crumbs": _crumbs(_recommendation_crumb(recommendation), (title, None)),
    }, status=status)


@editor_required
def initiative_create(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _editable_recommendation(request, pk)
    if request.method == "POST":
        form = InitiativeForm(request.POST)
        if form.is_valid():
            initiative = services.create_initiative(author_for(request), recommendation,
                                                    form.initiative_data())
            messages.success(request, f"Indsatsen »{initiative.title}« er oprettet som kladde.")
            return redirect(_recommendation_url(recommendation.pk, f"indsats-{initiative.pk}"))
    else:
        form = InitiativeForm()
    return _initiative_form_page(request, recommendation, form)


@editor_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _editable_initiative(request, pk)
    recommendation = initiative.recommendation
    if request.method != "POST":
        form: EditForm = InitiativeEditForm(initial=InitiativeForm.initial_for(initiative))
        return _initiative_form_page(request, recommendation, form, initiative)
    form = InitiativeEditForm(request.POST)
    if not form.is_valid():
        return _initiative_form_page(request, recommendation, form, initiative)
    assert isinstance(form, InitiativeEditForm)
    try:
        changed = services.update_initiative(author_for(request), initiative,
                                             form.initiative_data(),
                                             form.cleaned_data["version"])
    except services.EditConflict as error:
        current = Initiative.objects.prefetch_related("actors").get(pk=initiative.pk)
        conflict, form = resolve_conflict(error, form, InitiativeForm.initial_for(current),
                                          lambda data: InitiativeEditForm(data))
        return _initiative_form_page(request, recommendation, form, current, conflict, 409)
    if changed:
        messages.success(request, f"Indsatsen »{initiative.title}« er gemt.")
    else:
        messages.info(request, "Der var ingen ændringer at gemme.")
    return redirect(_recommendation_url(recommendation.pk, f"indsats-{initiative.pk}"))


@require_POST
@editor_required
def initiative_publication(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _editable_initiative(request, pk)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Ugyldig anmodning.")
    publication = form.cleaned_data["publication"]
    try:
        changed = services.set_initiative_publication(
            author_for(request), initiative, publication, form.cleaned_data["version"])
    except services.EditConflict as error:
        return _button_conflict(request, initiative, error)
    values = {"title": initiative.title}
    if publication == Publication.PUBLISHED:
        text = ("Indsatsen »%(title)s« er offentliggjort." if changed
                else "Indsatsen »%(title)s« var allerede offentliggjort.")
    else:
        text = (("Indsatsen »%(title)s« er gjort til kladde igen og vises ikke længere "
                  "offentligt.") if changed
                else "Indsatsen »%(title)s« var allerede en kladde.")
    return _after_button(request, initiative, text % values)


@require_POST
@editor_required
def initiative_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """"Bekræft uændret": one click records that the status still holds."""
    initiative = _editable_initiative(request, pk)
    services.confirm_unchanged(author_for(request), initiative)
    return _after_button(request, initiative,
                         f"Indsatsen »{initiative.title}« er bekræftet uændret.")


# --- status updates ------------------------------------------------------------------------

@editor_required
def status_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _editable_initiative(request, pk)
    recommendation = initiative.recommendation
    if request.method == "POST":
        form = StatusUpdateForm(request.POST, initiative=initiative)
        if form.is_valid():
            publish = request.POST.get("publish") == "1"
            data = form.cleaned_data
            services.add_status_update(author_for(request), initiative, data["status"],
                                       data["progress"], data["narrative"], data["as_of"],
                                       publish=publish)
            values = {"title": initiative.title}
            messages.success(request, (
                "Statusopdateringen af »%(title)s« er offentliggjort." if publish
                else "Statusopdateringen af »%(title)s« er gemt som kladde.") % values)
            return redirect(_recommendation_url(recommendation.pk, f"indsats-{initiative.pk}"))
    else:
        form = StatusUpdateForm(initiative=initiative)
    title = "Ny statusopdatering"
    return render(request, "editing/status_form.html", {
        "recommendation": recommendation, "programme": recommendation.programme,
        "initiative": initiative, "form": form, "page_title": title,
        "crumbs": _crumbs(_recommendation_crumb(recommendation), (title, None)),
    })


@require_POST
@editor_required
def status_publish(request: HttpRequest, pk: int) -> HttpResponse:
    update = _editable_status_update(request, pk)
    initiative = update.initiative
    form = VersionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Ugyldig anmodning.")
    try:
        changed = services.publish_status_update(author_for(request), update,
                                                 form.cleaned_data["version"])
    except services.EditConflict as error:
        return _button_conflict(request, initiative, error)
    values = {"title": initiative.title, "date": date_format(update.as_of, "j. F Y")}
    text = ("Statusopdateringen af »%(title)s« fra %(date)s er offentliggjort." if changed
            else ("Statusopdateringen af »%(title)s« fra %(date)s var allerede "
                   "offentliggjort."))
    return _after_button(request, initiative, text % values)


# --- milestones ----------------------------------------------------------------------------

def _milestone_form_page(request: HttpRequest, recommendation: Recommendation, form: EditForm,
                         milestone: Milestone | None = None,
                         conflict: ConflictView | None = None, gone: AuditEvent | None = None,
                         status: int = 200) -> HttpResponse:
    title = "Rediger milepæl" if milestone else "Ny milepæl"
    return render(request, "editing/milestone_form.html", {
        "recommendation": recommendation, "programme": recommendation.programme,
        "milestone": milestone, "form": form, "conflict": conflict, "gone": gone,
        "page_title": title,
        "milestone_outcome": (outcome_text(milestone, timezone.localdate())
                              if milestone else ""),
        "crumbs": _crumbs(_recommendation_crumb(recommendation), (title, None)),
    }, status=status)


def _saved_milestone_message(request: HttpRequest, title: str, dates: str) -> None:
    messages.success(request, f"Milepælen »{title}« er gemt ({dates}).")


@editor_required
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _editable_recommendation(request, pk)
    if request.method == "POST":
        form = MilestoneForm(request.POST, recommendation=recommendation)
        if form.is_valid():
            data = form.cleaned_data
            milestone = services.create_milestone(author_for(request), recommendation,
                                                  data["title"], data["when"],
                                                  data["initiative"])
            _saved_milestone_message(request, milestone.title, window_dates(milestone))
            return redirect(_recommendation_url(recommendation.pk, "milepaele"))
    else:
        form = MilestoneForm(recommendation=recommendation)
    return _milestone_form_page(request, recommendation, form)


def _deleted_milestone(request: HttpRequest, pk: int) -> tuple[AuditEvent, Recommendation]:
    """The audit event of a milestone someone deleted, if the user may edit its
    recommendation; otherwise 404, as for any object that is not there."""
    event = (AuditEvent.objects.filter(object_type="milestone", object_id=str(pk),
                                       action="delete", recommendation_id__isnull=False)
             .order_by("-at", "-id").first())
    if event is None or event.recommendation_id is None:
        raise Http404("Milepælen findes ikke.")
    return event, _editable_recommendation(request, event.recommendation_id)


def _milestone_or_none(request: HttpRequest, pk: int) -> Milestone | None:
    access = access_for(request)
    milestone = _milestones(access).filter(pk=pk).first()
    if milestone is not None:
        access.require(access.can_edit_programme(milestone.recommendation.programme))
    return milestone


@editor_required
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_or_none(request, pk)
    if milestone is None:
        return _milestone_gone(request, pk)
    recommendation = milestone.recommendation

    def make(data: Any) -> EditForm:
        return MilestoneEditForm(data, recommendation=recommendation)

    if request.method != "POST":
        form: EditForm = MilestoneEditForm(initial=MilestoneForm.initial_for(milestone),
                                           recommendation=recommendation)
        return _milestone_form_page(request, recommendation, form, milestone)
    form = make(request.POST)
    if not form.is_valid():
        return _milestone_form_page(request, recommendation, form, milestone)
    data = form.cleaned_data
    try:
        changed = services.update_milestone(author_for(request), milestone, data["title"],
                                            data["when"], data["initiative"], data["version"])
    except services.EditConflict as error:
        current = Milestone.objects.select_related("initiative").get(pk=milestone.pk)
        conflict, form = resolve_conflict(error, form, MilestoneForm.initial_for(current), make)
        return _milestone_form_page(request, recommendation, form, current, conflict, status=409)
    if changed:
        _saved_milestone_message(request, data["title"], window_dates(data["when"]))
    else:
        messages.info(request, "Der var ingen ændringer at gemme.")
    return redirect(_recommendation_url(recommendation.pk, "milepaele"))


def _milestone_gone(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone deleted the milestone while this editor had it open: say so, and offer the
    editor's own input as a new milestone, so nothing typed is lost."""
    event, recommendation = _deleted_milestone(request, pk)
    if request.method == "POST":
        data = request.POST.copy()
        data.pop("version", None)
        form: EditForm = MilestoneForm(data, recommendation=recommendation)
        form.is_valid()
    else:
        form = MilestoneForm(recommendation=recommendation, initial={
            "title": (event.changes.get("title") or [""])[0],
            "when": (event.changes.get("label") or [""])[0]})
    return _milestone_form_page(request, recommendation, form, gone=event, status=410)


@editor_required
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = _milestone_or_none(request, pk)
    if milestone is None:
        event, recommendation = _deleted_milestone(request, pk)
        messages.info(request, f"Milepælen er allerede slettet af {event.actor_label}.")
        return redirect(_recommendation_url(recommendation.pk, "milepaele"))
    recommendation = milestone.recommendation
    conflict = None
    status = 200
    if request.method == "POST":
        form = VersionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("Ugyldig anmodning.")
        try:
            services.delete_milestone(author_for(request), milestone, form.cleaned_data["version"])
        except services.EditConflict as error:
            milestone = Milestone.objects.select_related("initiative").get(pk=milestone.pk)
            conflict = conflict_view(error)
            form = VersionForm(initial={"version": milestone.version})
            status = 409
        else:
            messages.success(request, f"Milepælen »{milestone.title}« er slettet.")
            return redirect(_recommendation_url(recommendation.pk, "milepaele"))
    else:
        form = VersionForm(initial={"version": milestone.version})
    title = "Slet milepæl"
    return render(request, "editing/milestone_delete.html", {
        "recommendation": recommendation, "programme": recommendation.programme,
        "milestone": milestone, "dates": window_dates(milestone), "form": form,
        "conflict": conflict, "page_title": title,
        "crumbs": _crumbs(_recommendation_crumb(recommendation), (title, None)),
    }, status=status)


# --- comments ------------------------------------------------------------------------------

@member_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors comment for the secretariat; a municipal contact for their own municipality,
    which is fixed by their role and never taken from the request."""
    access = access_for(request)
    initiative = get_object_or_404(_initiatives(access), pk=pk)
    recommendation = initiative.recommendation
    council_id = recommendation.programme.council_id
    as_secretariat = access.can_edit_council(council_id)
    municipalities = None if as_secretariat else Municipality.objects.filter(
        pk__in=access.contact_municipalities).order_by("name")
    # A contact reads and writes only on their own councils' initiatives.
    access.require(as_secretariat or (bool(access.contact_municipalities)
                                      and access.reads_notes_of(council_id)))
    # Only the secretariat addresses a comment, to one of the council's municipalities; a
    # contact's form has no such field, so nothing posted for it is read.
    addressees = (recommendation.programme.council.member_municipalities().order_by("name")
                  if as_secretariat else None)
    form = CommentForm(request.POST if request.method == "POST" else None,
                       municipalities=municipalities, addressees=addressees)
    if request.method == "POST" and form.is_valid():
        municipality = form.speaking_for()
        access.require(access.can_comment_for(municipality.pk if municipality else None,
                                              council_id))
        addressed_to = form.addressed_to()
        access.require(addressed_to is None or access.can_edit_council(council_id))
        services.add_comment(author_for(request), initiative, municipality,
                             form.cleaned_data["text"], addressed_to=addressed_to)
        messages.success(request, (
            f"Din kommentar på vegne af {municipality.name} er gemt." if municipality
            else "Din kommentar er gemt."))
        return redirect(reverse("comment_create", args=[initiative.pk]) + "#kommentarer")
    title = "Kommentarer"
    crumbs = (_crumbs(_recommendation_crumb(recommendation), (title, None)) if as_secretariat
              else _crumbs((title, None)))
    return render(request, "editing/comment_form.html", {
        "recommendation": recommendation, "programme": recommendation.programme,
        "initiative": initiative, "form": form, "as_secretariat": as_secretariat,
        "comments": Comment.objects.visible_to(access).filter(initiative=initiative)
                    .select_related("municipality", "addressed_to", "author"),
        "page_title": title, "crumbs": crumbs,
    })
