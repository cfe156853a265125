"""Helpers for the tests that every write service shows at once on the cached public pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.test import Client

from kkrmonitor.audit import Author
from kkrmonitor.pagecache import generation

AUTHOR = Author(label="Cachetest", channel="cli")
COUNCIL = "kkr-hovedstaden"
PROGRAMME = "/program/kkr-hovedstaden/2026-2029/"
REC1 = f"{PROGRAMME}anbefaling/1/"
# Another council's page: a write that belongs to KKR Hovedstaden must leave it in the cache.
OTHER_COUNCIL = "/raad/kkr-sjaelland/"


@dataclass(frozen=True)
class Shows:
    """After the write, `path` shows `text` (or no longer shows it, `gone=True`)."""

    path: str
    text: str
    gone: bool = False


def body(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def warm(client: Client, path: str) -> None:
    body(client, path)
    response = client.get(path)
    assert response["X-KKR-Cache"] == "hit", path


def dropped_by(write: Callable[[], Any]) -> tuple[Any, set[str]]:
    """Run the write; its result and the page scopes it dropped."""
    before = generation.generations()
    result = write()
    after = generation.generations()
    return result, {scope for scope, value in after.items() if before.get(scope) != value}


def shows_at_once(client: Client, write: Callable[[], Any], shows: Iterable[Shows],
                  stays: Iterable[str] = ()) -> set[str]:
    """Fill the cache with every page, check none shows the change yet, write, and check each
    page shows it on the very next request, while the pages in `stays` are still cache hits.
    Returns the scopes the write dropped."""
    shows, stays = list(shows), list(stays)
    for page in shows:
        warm(client, page.path)
        before = body(client, page.path)
        assert (page.text in before) is page.gone, (page.path, page.text, "before the write")
    for path in stays:
        warm(client, path)
    _, dropped = dropped_by(write)
    for page in shows:
        after = body(client, page.path)
        assert (page.text in after) is not page.gone, (page.path, page.text, dropped)
    for path in stays:
        assert client.get(path)["X-KKR-Cache"] == "hit", (path, dropped)
    return dropped
