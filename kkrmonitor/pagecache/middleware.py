"""Serve anonymous visitors' GET requests from the page cache.

Placed before the session, CSRF and authentication middleware: a request without a session or
messages cookie cannot belong to a logged-in user, so a hit skips all of that work. A response is
stored only when it is a plain 200 for everyone: no cookie set (a page with a CSRF token sets
one), not private or no-store, not an htmx fragment, not a form or account page.

A page's key holds the generations of the scopes it depends on (scopes.py), so a write drops only
the pages that can show it. A miss is rendered once: the first request takes a short lock while
it renders; the others get the page's previous copy if it was rendered less than
KKR_PAGE_CACHE_STALE_SECONDS ago, or else wait up to WAIT_SECONDS for the new one (and render
it themselves if it has not come)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from kkrmonitor.pagecache.generation import current_remembered
from kkrmonitor.pagecache.scopes import ALL, page_scope

EXCLUDED_PREFIXES = ("/konto/", "/rediger/", "/helbred/", "/api/docs", "/static/")
HEADER = "X-KKR-Cache"
# How long one request may hold the right to render a page (a crashed worker's lock expires), how
# long the others wait for it, and how often they look.
LOCK_SECONDS = 10
WAIT_SECONDS = 0.5  # a waiting request holds a sync worker: keep it short
POLL_SECONDS = 0.02


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
        digest = hashlib.sha256(address).hexdigest()
        scope = page_scope(request.path)
        generations = current_remembered()
        key = f"page:{generations.get(ALL, 0)}:{generations.get(scope, 0)}:{digest}"
        cache = caches["pages"]
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        lock = f"lock:{digest}"
        if not cache.add(lock, 1, LOCK_SECONDS):
            waited = self.wait_for_other(cache, key, digest)
            if waited is not None:
                return waited
            return self.render(request, cache, key, digest)
        try:
            return self.render(request, cache, key, digest)
        finally:
            cache.delete(lock)

    def render(self, request: HttpRequest, cache: BaseCache, key: str,
               digest: str) -> HttpResponse:
        response = self.get_response(request)
        if self.cacheable_response(response):
            response[HEADER] = "miss"
            cache.set(key, response, settings.KKR_PAGE_CACHE_SECONDS)
            stale = settings.KKR_PAGE_CACHE_STALE_SECONDS
            if stale > 0:
                cache.set(f"stale:{digest}", response, stale)
        return response

    @staticmethod
    def wait_for_other(cache: BaseCache, key: str, digest: str) -> HttpResponse | None:
        """Another request is rendering this page: its previous copy, if recent enough, or the
        new one if it comes within WAIT_SECONDS."""
        if settings.KKR_PAGE_CACHE_STALE_SECONDS > 0:
            stale = cache.get(f"stale:{digest}")
            if stale is not None:
                stale[HEADER] = "stale"
                return stale
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            fresh = cache.get(key)
            if fresh is not None:
                fresh[HEADER] = "hit"
                return fresh
        return None

    @staticmethod
    def cacheable_response(response: HttpResponse) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (response.status_code == 200 and not response.streaming and not response.cookies
                and "private" not in cache_control and "no-store" not in cache_control)
