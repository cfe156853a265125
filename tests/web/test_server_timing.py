import re

import pytest

TIMING = re.compile(r"^app;dur=\d+\.\d$")


@pytest.mark.django_db
def test_every_response_says_how_long_the_application_took(client):
    for path in ("/", "/findes-ikke/", "/konto/log-ind/"):
        response = client.get(path)
        assert TIMING.match(response["Server-Timing"]), (path, response["Server-Timing"])


@pytest.mark.django_db
def test_a_page_from_the_cache_says_its_own_time(client, settings):
    settings.KKR_PAGE_CACHE_SECONDS = 60
    first = client.get("/raad/")
    second = client.get("/raad/")
    assert first["X-KKR-Cache"] == "miss" and second["X-KKR-Cache"] == "hit"
    assert TIMING.match(second["Server-Timing"])
