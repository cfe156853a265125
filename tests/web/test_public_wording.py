"""Public pages speak to the public: a visitor who is not logged in, walking every page linked
from the front page of the shipped data (`kkr seed_defaults`), never reads a command, a file
path, StatBank's technical terms, a council's slug, an enum value or an instruction meant for
the secretariat. Editors keep their instructions (checked at the end)."""

from __future__ import annotations

import io
import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command

from kkrmonitor.programme.models import Council

FORBIDDEN = [
    "kkr ", "tableinfo", ".py", "data/programmes", "seed_defaults", "--indicator",
    "Hent dem med", "Ret startdatoen", "Kontrollér", "kontrollér", "Indlæs ",
]
# Enum values, as whole words (StatBank's address api.statbank.dk is a source, not a value).
ENUM_VALUES = ["pending", "approved", "returned", "superseded", "on_track", "at_risk",
               "not_started", "published", "draft", "planned", "held", "statbank", "derived",
               "upload", "kkr"]
# Downloads and machine-readable answers are data, not pages.
SKIP = re.compile(r"^/(api|static|media|konto|rediger|admin)/|\.(json|csv|xlsx|ics|pdf|docx|"
                  r"xml|txt)$|/(csv|xlsx|ics|pdf|docx|feed)/?$")
MAX_PAGES = 400


@pytest.fixture
def seeded(db):
    call_command("seed_defaults", stdout=io.StringIO(), stderr=io.StringIO())


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def links(html: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not parsed.path.startswith("/"):
            continue
        if SKIP.search(parsed.path):
            continue
        found.append(href)
    return found


def crawl(client) -> dict[str, str]:
    """Every page reachable from the front page by links, as its visible text."""
    pages: dict[str, str] = {}
    queue = ["/"]
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in pages:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            pages[url] = ""
            continue
        html = response.content.decode()
        pages[url] = visible_text(html)
        queue += [link for link in links(html) if link not in pages]
    return pages


def forbidden_in(text: str, slugs: list[str]) -> list[str]:
    hits = [word for word in FORBIDDEN if word in text]
    hits += [value for value in ENUM_VALUES
             if re.search(rf"(?<![\w./-]){value}(?![\w./-])", text)]
    hits += [slug for slug in slugs if re.search(rf"(?<![\w/-]){re.escape(slug)}(?![\w/-])", text)]
    return hits


def test_every_public_page_speaks_to_the_public(client, seeded):
    slugs = list(Council.objects.values_list("slug", flat=True))
    pages = crawl(client)
    assert len(pages) > 30
    found = {url: hits for url, text in pages.items() if (hits := forbidden_in(text, slugs))}
    assert found == {}
