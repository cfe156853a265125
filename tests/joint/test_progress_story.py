"""One progress story: an initiative run in every municipality shows the matrix roll-up beside
the progress typed in its status, each labelled, never one figure for the other."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_recommendation_page_labels_both_figures(client, it_joint):
    initiative = it_joint.initiative
    rec = initiative.recommendation
    html = client.get(rec.get_absolute_url()).content.decode()
    article = html[html.index(f'id="indsats-{initiative.pk}"'):]
    article = article[:article.index("</article>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", article).split())
    assert re.search(r"Kommuner \d+ af 29 overdraget \(\d+ %\)", text), text
    assert f"Fremdrift ifølge status {initiative.progress} %" in text
    assert f'href="/faelles/{initiative.pk}/"' in article
