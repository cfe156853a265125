"""The programme report for the council's editors: the annual or end-of-term report shown in
the browser, and downloaded as Word or PDF. Built live from the published programme."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kkrmonitor.access import access_for
from kkrmonitor.reports.programme_report import Period, ReportError, build_report, resolve
from kkrmonitor.web.decorators import editor_required
from kkrmonitor.web.helpers import crumbs

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _period(request: HttpRequest, council: str, term: str) -> Period:
    """The report's period from the URL and ?aar=; 404 for what does not exist, 403 for a
    council the user does not edit."""
    try:
        period = resolve(council, term, request.GET.get("aar") or None)
    except ReportError as error:
        raise Http404(str(error)) from None
    access = access_for(request)
    access.require(access.can_edit_council(period.programme.council_id))
    return period


def _query(period: Period) -> str:
    return f"?aar={period.year}" if period.year is not None else ""


@editor_required
def programme_report(request: HttpRequest, council: str, term: str) -> HttpResponse:
    period = _period(request, council, term)
    programme = period.programme
    doc = build_report(period)
    base = reverse("programme_report", args=[council, term])
    years = list(range(programme.term_start, programme.term_end + 1))
    return render(request, "reports/programme_report.html", {
        "doc": doc,
        "blocks": doc.template_blocks(),
        "period": period,
        "programme": programme,
        "years": years,
        "action": base,
        "docx_url": reverse("programme_report_docx", args=[council, term]) + _query(period),
        "pdf_url": reverse("programme_report_pdf", args=[council, term]) + _query(period),
        "crumbs": crumbs(("Redigering", reverse("edit_home")), (doc.title, None)),
    })


def _download(request: HttpRequest, council: str, term: str, fmt: str) -> HttpResponse:
    period = _period(request, council, term)
    doc = build_report(period)
    if fmt == "docx":
        from kkrmonitor.reports.docx import render_document

        content = render_document(doc)
    else:
        from kkrmonitor.reports.pdf import render_document as render_pdf

        content = render_pdf(doc)
    kind = f"aarsrapport-{period.year}" if period.year is not None else "slutrapport"
    name = f"{kind}-{period.programme.council.slug}-{period.programme.term}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"  # built live, for the editors
    return response


@editor_required
def programme_report_docx(request: HttpRequest, council: str, term: str) -> HttpResponse:
    return _download(request, council, term, "docx")


@editor_required
def programme_report_pdf(request: HttpRequest, council: str, term: str) -> HttpResponse:
    return _download(request, council, term, "pdf")
