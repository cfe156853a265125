"""The public history of a whole demo dataset reads as Danish: the history pages, "Ændringer
siden", the meeting pages (what each decision changed) and the changes API show no raw field
name, enum value or slug — every key any service recorded goes through the label registry."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from kkrmonitor.audit import labels
from kkrmonitor.demo import context_processors
from kkrmonitor.demo.generate import generate
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.programme.models import (
    Actor,
    AuditEvent,
    Council,
    Initiative,
    Municipality,
    Programme,
    Publication,
    Recommendation,
)

# Keys that are also Danish words, so they may stand in a sentence.
DANISH_WORDS = {"start", "status", "note"}


@pytest.fixture
def demo(db):
    context_processors.forget()
    generate("small", seed=1, out=io.StringIO())
    yield
    context_processors.forget()


def forbidden_words() -> set[str]:
    """Every key the demo's events carry (and its last part), every stored choice value that is
    not itself a Danish word, and every slug."""
    words: set[str] = set()
    for changes in AuditEvent.objects.values_list("changes", flat=True):
        for key in changes:
            if key in Municipality.objects.values_list("name", flat=True):
                continue  # the stage import names its rows by municipality
            words.add(key)
            words.add(key.rpartition(".")[2])
    for model_name in labels.AUDITED_MODELS.values():
        for field in apps.get_model(model_name)._meta.get_fields():
            for value, label in getattr(field, "choices", None) or []:
                if str(value) != str(label).lower():
                    words.add(str(value))
    for model in (Council, Municipality, Actor):
        words.update(model.objects.values_list("slug", flat=True))
    return words - DANISH_WORDS


def raw_words_in(text: str, words: set[str]) -> list[str]:
    return sorted(w for w in words
                  if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def public_pages() -> list[str]:
    urls = []
    for programme in Programme.objects.select_related("council"):
        args = [programme.council.slug, programme.term]
        urls.append(reverse("programme_history", args=args))
        urls.append(reverse("programme_changes", args=args) + "?siden=2000-01-01")
    urls += [reverse("recommendation_history", args=[pk])
             for pk in Recommendation.objects.values_list("pk", flat=True)]
    urls += [reverse("initiative_history", args=[pk])
             for pk in Initiative.objects.filter(publication=Publication.PUBLISHED)
             .values_list("pk", flat=True)]
    urls += [reverse("meeting", args=[pk]) for pk in Meeting.objects.values_list("pk", flat=True)]
    return urls


def test_public_history_pages_show_no_raw_names(client, demo):
    words = forbidden_words()
    assert {"as_of", "joint.start", "pending", "on_track", "syntetisk-oest"} <= words
    found: dict[str, list[str]] = {}
    pages = public_pages()
    assert len(pages) > 40
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        hits = raw_words_in(visible_text(response.content.decode()), words)
        if hits:
            found[url] = hits
    assert found == {}


def api_texts(row: dict[str, Any]) -> list[str]:
    texts = [row["summary"], *row["changes"]]
    for before, after in row["changes"].values():
        texts += [str(before), str(after)]
    for change in row["fields"]:
        texts += [change["label"], change["before_text"], change["after_text"]]
    return texts


def test_changes_api_labels_show_no_raw_names(client, demo):
    words = forbidden_words()
    rows = []
    for programme in Programme.objects.select_related("council"):
        response = client.get(f"/api/program/{programme.council.slug}/{programme.term}"
                              "/aendringer?siden=2000-01-01")
        assert response.status_code == 200
        rows += response.json()
    assert len(rows) > 100
    hits = {hit for row in rows for text in api_texts(row) for hit in raw_words_in(text, words)}
    assert hits == set()
    # the raw keys are still there, beside their labels
    assert {f["field"] for row in rows for f in row["fields"]} >= {"status", "narrative"}
