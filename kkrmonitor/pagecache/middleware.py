"""Serve anonymous visitors' GET requests from the page cache.

Placed before the session, CSRF and authentication middleware: a request without a session or
messages cookie cannot belong to a logged-in user, so a hit skips all of that work. A response is
stored only when it is a plain 200 for everyone: no cookie set (a page with a CSRF token sets
one), not private or no-store, not an htmx fragment, not a form or account page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from kkrmonitor.pagecache.generation import current_remembered

EXCLUDED_PREFIXES = ("/konto/", "/rediger/", "/helbred/", "/api/docs", "/static/")
HEADER = "X-KKR-Cache"


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        # contrib.messages' cookie storage uses a fixed cookie name.
        self.cookies = (settings.SESSION_COOKIE_NAME, "messages")

    def cacheable_request(self, request: HttpRequest) -> bool:
        return (settings.KKR_PAGE_CACHE_SECONDS > 0 and request.method == "GET"
                and not request.path.startswith(EXCLUDED_PREFIXES)
                and "HTTP_HX_REQUEST" not in request.META
                and not any(name in request.COOKIES for name in self.cookies))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.cacheable_request(request):
            return self.get_response(request)
        try:
            # The host and scheme are part of the page: absolute links (feeds, calendar,
            # canonical URLs) differ between host names served by the same server.
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # refused (400) further in, never cached
        address = f"{request.scheme}://{host}{request.get_full_path()}".encode()
        key = f"page:{current_remembered()}:{hashlib.sha256(address).hexdigest()}"
        cache = caches["pages"]
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if self.cacheable_response(response):
            response[HEADER] = "miss"
            cache.set(key, response, settings.KKR_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def cacheable_response(response: HttpResponse) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (response.status_code == 200 and not response.streaming and not response.cookies
                and "private" not in cache_control and "no-store" not in cache_control)
