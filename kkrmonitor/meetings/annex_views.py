"""The status annex on the web: the editors' review page (what the document will say, with the
secretariat's short status per recommendation to write), finalising it (POST), and the
downloads: anyone gets the stored file of a finalised annex; the council's editors get a draft
built live, marked "Udkast"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from kkrmonitor.access import access_for
from kkrmonitor.audit import EditConflict
from kkrmonitor.meetings.annex import (
    DRAFT_MARK,
    AnnexAlreadyFinalised,
    annex_file,
    annex_for,
    finalise_annex,
    intro_lines,
    overview_rows,
    subtitle,
)
from kkrmonitor.meetings.annex_layout import body_blocks
from kkrmonitor.meetings.briefs import BriefRefused, briefs_for, save_brief
from kkrmonitor.meetings.forms import BriefForm
from kkrmonitor.meetings.models import AnnexSnapshot, Meeting
from kkrmonitor.programme.models import Recommendation
from kkrmonitor.web.conflicts import ConflictView, resolve_conflict
from kkrmonitor.web.decorators import login_required
from kkrmonitor.web.helpers import author_for, crumbs

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("council"), pk=pk)


def _editable(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting(pk)
    access = access_for(request)
    access.require(access.can_edit_council(meeting.council_id))
    return meeting


def _annex(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = _meeting(pk)
    finalised = AnnexSnapshot.objects.filter(meeting=meeting).exists()
    if not finalised and not access_for(request).can_edit_council(meeting.council_id):
        raise Http404("Statusbilaget til mødet er ikke afsluttet endnu.")
    content, draft = annex_file(meeting, fmt)
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


def _review(request: HttpRequest, meeting: Meeting,
            bound: tuple[int, BriefForm, ConflictView | None] | None = None,
            status: int = 200) -> HttpResponse:
    """The review page: the annex's every word, as the document will print it, and on a draft
    a form for each recommendation's short status. `bound` is the form (and conflict) of a
    refused save, shown in its recommendation's place."""
    data, draft = annex_for(meeting)
    blocks = body_blocks(data)
    if draft:
        briefs = briefs_for(meeting)
        recommendations = {r.number: r for r in Recommendation.objects.filter(
            pk__in=_recommendation_ids(meeting))}
        for block in blocks:
            if block["kind"] != "brief" or block["number"] not in recommendations:
                continue
            rec = recommendations[block["number"]]
            brief = briefs.get(rec.pk)
            if bound is not None and bound[0] == rec.pk:
                block["form"], block["conflict"] = bound[1], bound[2]
            else:
                block["form"] = BriefForm(
                    initial={"text": brief.text if brief else "",
                             "version": brief.version if brief else 0},
                    prefix=f"a{rec.number}")
            block["action"] = reverse("annex_brief", args=[meeting.pk, rec.pk])
    when = date_format(meeting.date, "j. F Y")
    return render(request, "meetings/annex_review.html", {
        "meeting": meeting, "council": meeting.council, "annex": data, "draft": draft,
        "draft_mark": DRAFT_MARK, "subtitle": subtitle(data), "intro": intro_lines(data),
        "overview": overview_rows(data), "blocks": blocks,
        "snapshot": AnnexSnapshot.objects.filter(meeting=meeting).defer("docx", "pdf").first(),
        "page_title": f"Statusbilag til mødet {when}",
        "crumbs": crumbs(("Møder", reverse("meeting_list", args=[meeting.council.slug])),
                         (when, meeting.get_absolute_url()), ("Statusbilag", None)),
    }, status=status)


def _recommendation_ids(meeting: Meeting) -> list[int]:
    from kkrmonitor.meetings.public_data import programme_in_force

    programme = programme_in_force(meeting.council, meeting.date.year)
    return list(programme.recommendations.values_list("pk", flat=True)) if programme else []


@login_required
def annex_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, _editable(request, pk))


@login_required
@require_POST
def annex_brief(request: HttpRequest, pk: int, rec: int) -> HttpResponse:
    meeting = _editable(request, pk)
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("programme"), pk=rec,
        pk__in=_recommendation_ids(meeting))
    prefix = f"a{recommendation.number}"
    form = BriefForm(request.POST, prefix=prefix)
    conflict: ConflictView | None = None
    if form.is_valid():
        try:
            save_brief(author_for(request), meeting, recommendation, form.cleaned_data["text"],
                       form.cleaned_data["version"])
        except EditConflict as error:
            current = briefs_for(meeting).get(recommendation.pk)
            initial: dict[str, Any] = {"text": current.text if current else "",
                                       "version": current.version if current else 0}
            conflict, form = resolve_conflict(
                error, form, initial,
                lambda data: BriefForm(_unprefixed(data, prefix), prefix=prefix))
        except BriefRefused as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("annex_review", args=[meeting.pk]), status=303)
        else:
            messages.success(request, f"Den korte status til anbefaling "
                                      f"{recommendation.number} er gemt.")
            return HttpResponseRedirect(
                reverse("annex_review", args=[meeting.pk]) + f"#anbefaling-{recommendation.number}",
                status=303)
    return _review(request, meeting, (recommendation.pk, form, conflict),
                   status=409 if conflict else 400)


def _unprefixed(data: Any, prefix: str) -> Any:
    """resolve_conflict merges by field name; the page's forms carry a prefix per
    recommendation, so the merged data is put back under it."""
    out = data.copy()
    for name in ("text", "version"):
        if name in out:
            out[f"{prefix}-{name}"] = out[name]
            del out[name]
    return out


@login_required
@require_POST
def annex_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _editable(request, pk)
    try:
        finalise_annex(author_for(request), meeting)
    except AnnexAlreadyFinalised as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Statusbilaget er afsluttet. Indholdet og filerne er nu "
                                  "fastfrosset, og alle kan hente bilaget.")
    return HttpResponseRedirect(meeting.get_absolute_url() + "#statusbilag", status=303)
