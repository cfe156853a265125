"""Small things every view needs: who is writing, the breadcrumb trail's start, where to go
back to after a POST, and the message after a save."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from kkrmonitor.audit import Author

Crumb = tuple[str, str | None]
Crumbs = list[Crumb]


def author_for(request: HttpRequest) -> Author:
    """The author of a write made through the web by the logged-in user."""
    return Author.for_user(request.user)


def crumbs(*tail: Crumb) -> Crumbs:
    """The breadcrumb trail: the front page, then `tail` (label, link or None for the page
    itself)."""
    return [("Forside", reverse("home")), *tail]


def safe_next(request: HttpRequest) -> str:
    """The `next` parameter (POST, else GET) if it stays on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return target
    return ""


def saved_message(request: HttpRequest, changed: bool, text: str) -> None:
    """`text` if the save changed something, else that there was nothing to save."""
    if changed:
        messages.success(request, text)
    else:
        messages.info(request, "Der var ingen ændringer at gemme.")
