"""`Server-Timing: app;dur=<ms>` on every response: how long the application took, from the
first middleware to the last (W3C Server Timing; browsers show it in their developer tools).

The load benchmark adds these up per kind of request (a page from the cache, a page rendered,
an editor's form) to say where the server's time went; the header names no internal detail."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Server-Timing"


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response
