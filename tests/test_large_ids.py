"""A key too large for the database is a page that does not exist (404), never a server error:
SQLite raises OverflowError for an integer beyond 64 bits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kkrmonitor.converters import MAX_ID

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
JUST_TOO_LARGE = str(MAX_ID + 1)

PUBLIC = [
    "/faelles/{id}/",
    "/faelles/{id}.csv",
    "/api/faelles/{id}",
    "/api/moede/{id}",
    "/api/indsats/{id}",
    "/moede/{id}/",
    "/historik/indsats/{id}/",
    "/historik/anbefaling/{id}/",
    "/program/kkr-hovedstaden/2026-2029/anbefaling/{id}/",
]
EDITING = [
    "/rediger/indsats/{id}/",
    "/rediger/milepael/{id}/",
    "/rediger/anbefaling/{id}/",
    "/rediger/moeder/{id}/",
    "/konto/brugere/{id}/roller/",
]


@pytest.mark.parametrize("number", [HUGE, JUST_TOO_LARGE])
@pytest.mark.parametrize("url", PUBLIC)
def test_public_url_with_huge_id_is_404(client, seed_programme, url, number):
    assert client.get(url.format(id=number)).status_code == 404


@pytest.mark.parametrize("url", EDITING)
def test_editing_url_with_huge_id_is_404(client, seed_programme, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url.format(id=HUGE)).status_code == 404


def test_largest_key_still_matches_and_is_simply_not_found(client, seed_programme):
    assert client.get(f"/faelles/{MAX_ID}/").status_code == 404
    assert reverse("joint_matrix", args=[MAX_ID]) == f"/faelles/{MAX_ID}/"
