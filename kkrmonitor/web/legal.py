"""The pages the law asks for: the accessibility statement (webtilgængelighedsloven § 4, in the
structure of Digitaliseringsstyrelsen's WAS-Tool) and the privacy notice for user accounts
(GDPR articles 13-14). Both read the secretariat's contact from settings and say so plainly
when it is not given."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from kkrmonitor.accounts.throttle import KEEP as THROTTLE_KEEP
from kkrmonitor.web.helpers import crumbs

# When the statement was last reviewed against the site; review it at least once a year and
# whenever the site changes in a way that matters for it (then update this date).
STATEMENT_REVIEWED = date(2026, 12, 4)


def _contact() -> dict[str, str]:
    return {"email": settings.KKR_CONTACT_EMAIL, "phone": settings.KKR_CONTACT_PHONE}


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/accessibility.html", {
        "contact": _contact(),
        "reviewed": STATEMENT_REVIEWED,
        "next_review": STATEMENT_REVIEWED.replace(year=STATEMENT_REVIEWED.year + 1),
        "was_url": settings.KKR_WAS_URL,
        "crumbs": crumbs(("Tilgængelighedserklæring", None))})


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/privacy.html", {
        "contact": _contact(),
        "throttle_days": THROTTLE_KEEP // timedelta(days=1),
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "crumbs": crumbs(("Privatlivspolitik", None))})


@require_safe
def was(request: HttpRequest) -> HttpResponseRedirect:
    """/was, the short address Digitaliseringsstyrelsen asks for: to the statement published
    in WAS-Tool when KKR_WAS_URL gives it, else to the site's own statement."""
    return HttpResponseRedirect(settings.KKR_WAS_URL or reverse("accessibility_statement"))
