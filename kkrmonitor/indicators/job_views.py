""""Hent nu" and the job's page, for editors of the indicator. Thin views: the job is queued by
kkrmonitor.indicators.jobs.start_fetch and run by the background worker."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kkrmonitor.access import access_for
from kkrmonitor.indicators.jobs import start_fetch
from kkrmonitor.indicators.models import FetchJob, Indicator
from kkrmonitor.web.decorators import editor_required
from kkrmonitor.web.helpers import author_for, crumbs


@editor_required
@require_POST
def fetch_now(request: HttpRequest, slug: str) -> HttpResponse:
    obj = get_object_or_404(Indicator, slug=slug)
    access = access_for(request)
    access.require(access.can_edit_indicator(obj.council_id))
    if obj.kind != Indicator.Kind.STATBANK:
        return render(request, "indicators/fetch_job.html", {
            "indicator": obj, "job": None, "page_title": f"Hent tal for {obj.name}",
            "crumbs": _crumbs(obj)}, status=400)
    job = start_fetch(obj, author_for(request))
    return redirect(reverse("indicator_fetch_job", args=[obj.slug, job.pk]))


@editor_required
def fetch_job(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    obj = get_object_or_404(Indicator, slug=slug)
    access = access_for(request)
    access.require(access.can_edit_indicator(obj.council_id))
    job = get_object_or_404(FetchJob, pk=job_id, indicator=obj)
    template = ("indicators/includes/fetch_job_status.html"
                if getattr(request, "htmx", False) else "indicators/fetch_job.html")
    return render(request, template, {
        "indicator": obj, "job": job, "page_title": f"Hent tal for {obj.name}",
        "crumbs": _crumbs(obj)})


def _crumbs(obj: Indicator) -> list[tuple[str, str | None]]:
    return crumbs(("Indikatorer", reverse("indicator_list")),
                  (obj.name, obj.get_absolute_url()), ("Hent tal", None))
