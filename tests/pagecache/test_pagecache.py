"""The public-page cache: hits for anonymous visitors, never for members, and gone after any
committed write — by the ORM, by `QuerySet.update()`, or by raw SQL."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings

from kkrmonitor.pagecache import current, generation
from kkrmonitor.pagecache.middleware import PublicPageCacheMiddleware
from kkrmonitor.pagecache.writes import is_visible_write
from kkrmonitor.programme.models import Recommendation
from tests.conftest import PASSWORD

PROGRAMME = "/program/kkr-hovedstaden/2026-2029/"

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seed_programme")]


@pytest.fixture(autouse=True)
def page_cache():
    generation.forget()
    caches["pages"].clear()
    with override_settings(KKR_PAGE_CACHE_SECONDS=60):
        yield
    caches["pages"].clear()


def first_recommendation() -> Recommendation:
    return Recommendation.objects.order_by("number").first()


def test_second_anonymous_request_is_a_hit_without_queries(client, django_assert_num_queries):
    first = client.get(PROGRAMME)
    assert first.status_code == 200
    assert first["X-KKR-Cache"] == "miss"
    with django_assert_num_queries(0):  # the generation was read less than a second ago
        second = client.get(PROGRAMME)
    assert second["X-KKR-Cache"] == "hit"
    assert second.content == first.content


def test_query_string_is_part_of_the_key(client):
    client.get(PROGRAMME)
    assert client.get(PROGRAMME + "?x=1")["X-KKR-Cache"] == "miss"


def test_queryset_update_invalidates(client):
    client.get(PROGRAMME)
    Recommendation.objects.filter(pk=first_recommendation().pk).update(
        headline="Overskrift ændret efter cachen")
    response = client.get(PROGRAMME)
    assert response["X-KKR-Cache"] == "miss"
    assert "Overskrift ændret efter cachen" in response.content.decode()


def test_raw_sql_write_invalidates(client):
    client.get(PROGRAMME)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE programme_recommendation SET headline = %s WHERE id = %s",
                       ["Rå SQL-overskrift", first_recommendation().pk])
    assert "Rå SQL-overskrift" in client.get(PROGRAMME).content.decode()


def test_one_bump_per_transaction_and_none_when_rolled_back():
    before = current()
    with transaction.atomic():
        for headline in ("a", "b", "c"):
            Recommendation.objects.filter(pk=first_recommendation().pk).update(headline=headline)
    assert current() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Recommendation.objects.filter(pk=first_recommendation().pk).update(headline="d")
        raise RuntimeError("rolled back")
    assert current() == before + 1


def test_logged_in_member_is_never_served_from_cache(client, editor):
    client.get(PROGRAMME)
    client.login(email=editor.email, password=PASSWORD)
    response = client.get(PROGRAMME)
    assert response.status_code == 200
    assert "X-KKR-Cache" not in response
    assert "Log ud" in response.content.decode()


def test_editing_pages_and_htmx_requests_bypass_the_cache(client):
    assert "X-KKR-Cache" not in client.get("/konto/log-ind/")
    assert "X-KKR-Cache" not in client.get(PROGRAMME, HTTP_HX_REQUEST="true")


def test_responses_that_set_cookies_or_are_private_are_not_stored():
    from django.http import HttpResponse

    plain = HttpResponse("x")
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("csrftoken", "abc")
    private = HttpResponse("x", headers={"Cache-Control": "private"})
    missing = HttpResponse("x", status=404)
    assert [PublicPageCacheMiddleware.cacheable_response(r)
            for r in (plain, with_cookie, private, missing)] == [True, False, False, False]


@pytest.mark.parametrize(("sql", "visible"), [
    ('INSERT INTO "programme_statusupdate" ("text") VALUES (%s)', True),
    ("  update programme_initiative set title = 'x'", True),
    ('DELETE FROM "meetings_meeting" WHERE id = 1', True),
    ('SELECT * FROM "programme_initiative"', False),
    ('UPDATE "django_session" SET expire_date = now()', False),
    ('INSERT INTO "accounts_loginattempt" ("email") VALUES (%s)', False),
    ('UPDATE "pagecache_generation" SET value = value + 1', False),
])
def test_which_statements_count_as_writes(sql, visible):
    assert is_visible_write(sql) is visible


def test_other_workers_see_a_write_within_the_check_interval(client, monkeypatch):
    """Another process's write reaches this worker's key once the remembered generation is
    older than CHECK_SECONDS; a write in this process is seen at once (the other tests)."""
    from kkrmonitor.pagecache.models import Generation

    clock = [1000.0]
    monkeypatch.setattr(generation.time, "monotonic", lambda: clock[0])
    client.get(PROGRAMME)
    assert client.get(PROGRAMME)["X-KKR-Cache"] == "hit"
    with connection.cursor() as cursor:  # as another worker would: straight to the row
        cursor.execute("UPDATE pagecache_generation SET value = value + 1")
    assert Generation.objects.exists()
    clock[0] += 0.5
    assert client.get(PROGRAMME)["X-KKR-Cache"] == "hit"  # within the interval
    clock[0] += generation.CHECK_SECONDS
    assert client.get(PROGRAMME)["X-KKR-Cache"] == "miss"


@override_settings(ALLOWED_HOSTS=["kkr.example", "monitor.example"])
def test_host_is_part_of_the_key(client):
    """Two host names served by one server must not share pages: a page rendered for one host
    has that host in its absolute links (feeds, calendar, canonical URLs)."""
    assert client.get(PROGRAMME, HTTP_HOST="kkr.example")["X-KKR-Cache"] == "miss"
    assert client.get(PROGRAMME, HTTP_HOST="monitor.example")["X-KKR-Cache"] == "miss"
    assert client.get(PROGRAMME, HTTP_HOST="kkr.example")["X-KKR-Cache"] == "hit"


@override_settings(ALLOWED_HOSTS=["kkr.example"])
def test_disallowed_host_is_refused_not_cached(client):
    assert client.get(PROGRAMME, HTTP_HOST="kkr.example")["X-KKR-Cache"] == "miss"
    assert client.get(PROGRAMME, HTTP_HOST="evil.example").status_code == 400
