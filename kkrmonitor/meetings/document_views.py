"""Meeting documents: the editors' upload, the review of imported items with their suggested
links (accept or reject with one click, htmx or a plain form), and the attachments' download."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from kkrmonitor.access import access_for
from kkrmonitor.meetings import attachments
from kkrmonitor.meetings.document_forms import AttachmentForm, MeetingDocumentForm
from kkrmonitor.meetings.document_import import (
    add_attachment,
    decide_suggestion,
    import_meeting_document,
    publish_item,
    refused_text,
)
from kkrmonitor.meetings.models import (
    AgendaItem,
    Attachment,
    ImportedItem,
    LinkSuggestion,
    Meeting,
)
from kkrmonitor.parsing.readers import DocumentError
from kkrmonitor.programme.models import Council
from kkrmonitor.upload_limits import ATTACHMENTS, UploadRefused, check_size
from kkrmonitor.web.decorators import login_required
from kkrmonitor.web.helpers import author_for, crumbs


@login_required
def document_upload(request: HttpRequest, council: str) -> HttpResponse:
    obj = get_object_or_404(Council, slug=council)
    access = access_for(request)
    access.require(access.can_edit_council(obj.pk))
    form = MeetingDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, ATTACHMENTS)  # before the bytes are read into memory
            data = upload.read()
            result = import_meeting_document(
                author_for(request), obj, form.cleaned_data["date"], upload.name, data,
                kind=form.cleaned_data["kind"])
        except (UploadRefused, DocumentError) as error:
            form.add_error("file", refused_text(error))
        else:
            if result.unchanged:
                messages.info(request, "Filen er allerede indlæst til mødet; intet er ændret.")
            else:
                messages.success(request, f"{len(result.items)} punkter er indlæst som kladder. "
                                          "Gennemse dem og forslagene herunder.")
            assert result.meeting is not None
            return redirect("imported_items", pk=result.meeting.pk)
    return render(request, "meetings/document_upload.html", {
        "form": form, "council": obj,
        "crumbs": crumbs((obj.name, obj.get_absolute_url()),
                         ("Møder", reverse("meeting_list", args=[obj.slug])),
                         ("Indlæs dagsorden eller referat", None)),
    }, status=400 if form.errors else 200)


def _review_rows(meeting: Meeting) -> list[ImportedItem]:
    rows = list(ImportedItem.objects.filter(agenda_item__meeting=meeting)
                .select_related("agenda_item", "attachment").order_by("agenda_item__number"))
    suggestions: dict[int, list[LinkSuggestion]] = {}
    for suggestion in (LinkSuggestion.objects.filter(agenda_item__meeting=meeting)
                       .select_related("recommendation", "initiative__recommendation")
                       .order_by("recommendation_id", "-score", "rank")):
        suggestions.setdefault(suggestion.agenda_item_id, []).append(suggestion)
    for row in rows:
        row.suggestion_list = suggestions.get(row.agenda_item_id, [])  # type: ignore[attr-defined]
    return rows


@login_required
def imported_items(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("council"), pk=pk)
    access = access_for(request)
    access.require(access.can_edit_council(meeting.council_id))
    when = date_format(meeting.date, "j. F Y")
    return render(request, "meetings/imported_items.html", {
        "meeting": meeting, "council": meeting.council, "rows": _review_rows(meeting),
        "when": when,
        "crumbs": crumbs(
                         (meeting.council.name, meeting.council.get_absolute_url()),
                         ("Møder", reverse("meeting_list", args=[meeting.council.slug])),
                         (when, meeting.get_absolute_url()), ("Indlæste punkter", None)),
    })


@login_required
@require_POST
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        LinkSuggestion.objects.select_related("agenda_item__meeting", "recommendation",
                                              "initiative__recommendation"), pk=pk)
    access = access_for(request)
    access.require(access.can_edit_council(suggestion.agenda_item.meeting.council_id))
    choice = request.POST.get("valg")
    if choice not in ("godkend", "afvis"):
        return HttpResponse("Vælg godkend eller afvis.", status=400)
    decide_suggestion(author_for(request), suggestion, accept=choice == "godkend")
    suggestion.refresh_from_db()
    if getattr(request, "htmx", False):
        return render(request, "meetings/_suggestion.html", {"suggestion": suggestion})
    return redirect(reverse("imported_items", args=[suggestion.agenda_item.meeting_id])
                    + f"#punkt-{suggestion.agenda_item.number}")


@login_required
def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("council"), pk=pk)
    access = access_for(request)
    access.require(access.can_edit_council(meeting.council_id))
    form = AttachmentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, ATTACHMENTS)  # before the bytes are read into memory
            attachment, created = add_attachment(author_for(request), meeting,
                                                 form.cleaned_data["agenda_item"], upload.name,
                                                 upload.read())
        except UploadRefused as error:
            form.add_error("file", refused_text(error))
        else:
            if created:
                messages.success(request, f"Bilaget »{attachment.filename}« er tilføjet.")
            else:
                messages.info(request, f"Mødet har allerede den fil som »{attachment.filename}«;"
                                       " intet er ændret.")
            return redirect(meeting.get_absolute_url() + "#bilag")
    when = date_format(meeting.date, "j. F Y")
    return render(request, "meetings/attachment_form.html", {
        "form": form, "meeting": meeting, "council": meeting.council, "when": when,
        "crumbs": crumbs((meeting.council.name, meeting.council.get_absolute_url()),
                         ("Møder", reverse("meeting_list", args=[meeting.council.slug])),
                         (when, meeting.get_absolute_url()), ("Nyt bilag", None)),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def item_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    access = access_for(request)
    access.require(access.can_edit_council(item.meeting.council_id))
    if publish_item(author_for(request), item):
        messages.success(request, f"»{item.title}« er offentliggjort.")
    return redirect(reverse("imported_items", args=[item.meeting_id]) + f"#punkt-{item.number}")


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The original file, as it was imported or uploaded. The official agenda and minutes are
    public documents; an attachment to a draft agenda item is for members only."""
    attachment = get_object_or_404(Attachment.objects.select_related("agenda_item"), pk=pk)
    item = attachment.agenda_item
    if item is not None and item.publication != "published" and \
            not access_for(request).sees_drafts:
        raise Http404
    path = attachments.stored_path(attachment.sha256)
    if not path.is_file():
        raise Http404("Filen findes ikke længere på serveren.")
    response = FileResponse(path.open("rb"), as_attachment=True, filename=attachment.filename,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
