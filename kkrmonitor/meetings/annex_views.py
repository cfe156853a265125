"""The status annex on the web: download (anyone, once finalised), preview built live (the
council's editors, marked "Udkast"), and finalising it (POST, the council's editors)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from kkrmonitor.access import access_for
from kkrmonitor.meetings.annex import AnnexAlreadyFinalised, annex_for, finalise_annex
from kkrmonitor.meetings.models import AnnexSnapshot, Meeting
from kkrmonitor.web.helpers import author_for

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("council"), pk=pk)


def _annex(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = _meeting(pk)
    finalised = AnnexSnapshot.objects.filter(meeting=meeting).exists()
    if not finalised and not access_for(request).can_edit_council(meeting.council_id):
        raise Http404("Statusbilaget til mødet er ikke afsluttet endnu.")
    data, draft = annex_for(meeting)
    if fmt == "docx":
        from kkrmonitor.meetings.annex_docx import render_docx

        content = render_docx(data, draft)
    else:
        from kkrmonitor.meetings.annex_pdf import render_pdf

        content = render_pdf(data, draft)
    name = f"statusbilag-{meeting.council.slug}-{meeting.date.isoformat()}"
    if draft:
        name += "-udkast"
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    # A draft changes with the programme and is for the editor's eyes only.
    response["Cache-Control"] = "private, no-store" if draft else "public, max-age=3600"
    return response


def annex_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _annex(request, pk, "docx")


def annex_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _annex(request, pk, "pdf")


def _back_to(meeting: Meeting) -> str:
    try:
        return meeting.get_absolute_url() + "#statusbilag"
    except NoReverseMatch:  # the meeting page is not wired in
        return reverse("annex_pdf", args=[meeting.pk])


@require_POST
def annex_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    access_for(request).require(access_for(request).can_edit_council(meeting.council_id))
    try:
        finalise_annex(author_for(request), meeting)
    except AnnexAlreadyFinalised as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Statusbilaget er afsluttet. Indholdet er nu fastfrosset, "
                                  "og alle kan hente bilaget.")
    return HttpResponseRedirect(_back_to(meeting), status=303)
