"""Views of the site as a whole rather than of one app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: the
    site's icon (the same file base.html links to)."""
    return HttpResponsePermanentRedirect(static("kkrmonitor/favicon.svg"))
