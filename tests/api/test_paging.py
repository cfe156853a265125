"""The API's long lists come a page at a time: the answer is still the JSON list (a client that
reads one answer gets the first page), `X-Total-Count` says how many there are and `Link` where
the other pages are; a bad `limit` or `offset` is a 400 in Danish."""

from datetime import UTC, date, datetime

import pytest

from kkrmonitor.access import Access
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.programme.history import describe, programme_events
from kkrmonitor.programme.models import AuditEvent, Initiative, Publication

pytestmark = pytest.mark.django_db
BASE = "/api/program/kkr-hovedstaden/2026-2029"
HOST = "http://testserver"


@pytest.fixture
def three_initiatives(seed_programme):
    rec = seed_programme.recommendations.get(number=2)
    return [Initiative.objects.create(recommendation=rec, title=title,
                                      publication=Publication.PUBLISHED)
            for title in ("Første", "Anden", "Tredje")]


def links(response):
    return [part.strip() for part in response["Link"].split(",")]


def test_initiatives_first_next_and_last_page(client, three_initiatives):
    first = client.get(f"{BASE}/indsatser?limit=2")
    assert first.status_code == 200
    assert [r["title"] for r in first.json()] == ["Første", "Anden"]
    assert first["X-Total-Count"] == "3"
    assert links(first) == [
        f'<{HOST}{BASE}/indsatser?limit=2&offset=0>; rel="first"',
        f'<{HOST}{BASE}/indsatser?limit=2&offset=2>; rel="next"',
        f'<{HOST}{BASE}/indsatser?limit=2&offset=2>; rel="last"']
    last = client.get(f"{BASE}/indsatser?limit=2&offset=2")
    assert [r["title"] for r in last.json()] == ["Tredje"]
    assert last["X-Total-Count"] == "3"
    assert links(last) == [
        f'<{HOST}{BASE}/indsatser?limit=2&offset=0>; rel="first"',
        f'<{HOST}{BASE}/indsatser?limit=2&offset=0>; rel="prev"',
        f'<{HOST}{BASE}/indsatser?limit=2&offset=2>; rel="last"']
    beyond = client.get(f"{BASE}/indsatser?limit=2&offset=10")
    assert beyond.json() == []
    assert beyond["X-Total-Count"] == "3"


def test_the_first_page_without_parameters_is_the_old_answer(client, three_initiatives):
    response = client.get(f"{BASE}/indsatser")
    assert [r["title"] for r in response.json()] == ["Første", "Anden", "Tredje"]
    assert response["X-Total-Count"] == "3"
    assert links(response) == [f'<{HOST}{BASE}/indsatser?limit=25&offset=0>; rel="first"',
                               f'<{HOST}{BASE}/indsatser?limit=25&offset=0>; rel="last"']


@pytest.mark.parametrize("query, detail", [
    ("limit=0", "limit skal være et helt tal fra 1 til 500, og offset et helt tal fra 0."),
    ("limit=501", "limit skal være et helt tal fra 1 til 500, og offset et helt tal fra 0."),
    ("offset=-1", "limit skal være et helt tal fra 1 til 500, og offset et helt tal fra 0."),
    ("limit=mange", "limit skal være et helt tal fra 1, og offset et helt tal fra 0."),
    ("offset=2.5", "limit skal være et helt tal fra 1, og offset et helt tal fra 0."),
])
def test_a_bad_page_is_a_danish_400(client, seed_programme, query, detail):
    response = client.get(f"{BASE}/indsatser?{query}")
    assert response.status_code == 400
    assert response.json() == {"detail": detail}


def test_other_bad_parameters_keep_their_422(client, seed_programme):
    assert client.get(f"{BASE}/aendringer?siden=igaar&limit=mange").status_code == 422


def test_changes_come_a_page_at_a_time_and_read_as_the_history(client, seed_programme,
                                                               three_initiatives):
    AuditEvent.objects.all().delete()
    rec = three_initiatives[0].recommendation
    for day, initiative in enumerate(three_initiatives, start=1):
        AuditEvent.objects.create(
            at=datetime(2026, 3, day, 12, tzinfo=UTC), actor_label="Erik Redaktør",
            channel="web", action="update", object_type="initiative",
            object_id=str(initiative.pk), object_repr=initiative.title,
            changes={"progress": [day, day + 10], "status": ["not_started", "on_track"],
                     "version": [day, day + 1]},
            recommendation_id=rec.pk, initiative_id=initiative.pk)
    url = f"{BASE}/aendringer?siden=2026-01-01"
    first = client.get(f"{url}&limit=2")
    assert [(r["at"], r["summary"]) for r in first.json()] == [
        ("2026-03-03T12:00:00Z", "Indsats »Tredje« ændret"),
        ("2026-03-02T12:00:00Z", "Indsats »Anden« ændret")]
    assert first["X-Total-Count"] == "3"
    assert links(first) == [
        f'<{HOST}{url}&limit=2&offset=0>; rel="first"',
        f'<{HOST}{url}&limit=2&offset=2>; rel="next"',
        f'<{HOST}{url}&limit=2&offset=2>; rel="last"']
    last = client.get(f"{url}&limit=2&offset=2").json()
    assert last == [{
        "at": "2026-03-01T12:00:00Z", "by": "Erik Redaktør",
        "summary": "Indsats »Første« ændret", "recommendation_id": rec.pk,
        "initiative_id": three_initiatives[0].pk,
        "changes": {"Status": ["Ikke startet", "På sporet"], "Fremdrift (%)": ["1", "11"]},
        "fields": [
            {"field": "status", "label": "Status", "before": "not_started",
             "after": "on_track", "before_text": "Ikke startet", "after_text": "På sporet"},
            {"field": "progress", "label": "Fremdrift (%)", "before": 1, "after": 11,
             "before_text": "1", "after_text": "11"}]}]
    assert client.get(f"{url}&limit=1001").json() == {
        "detail": "limit skal være et helt tal fra 1 til 1000, og offset et helt tal fra 0."}
    # The rows are built without the history's EventView; they must read as it does.
    everything = client.get(f"{url}&limit=1000").json()
    events = programme_events(Access(), seed_programme).filter(at__date__gte=date(2026, 1, 1))
    assert [row["changes"] for row in everything] == [
        {c.field: [c.before, c.after] for c in describe(e).changes} for e in events]
    assert [row["summary"] for row in everything] == [describe(e).summary for e in events]


def test_meetings_come_a_page_at_a_time(client, seed_programme):
    council = seed_programme.council
    for day in (3, 1, 2):
        Meeting.objects.create(council=council, date=date(2026, 5, day), title=f"Møde {day}")
    base = "/api/moeder/kkr-hovedstaden"
    first = client.get(f"{base}?limit=2")
    assert [r["title"] for r in first.json()] == ["Møde 1", "Møde 2"]
    assert first["X-Total-Count"] == "3"
    assert links(first) == [f'<{HOST}{base}?limit=2&offset=0>; rel="first"',
                            f'<{HOST}{base}?limit=2&offset=2>; rel="next"',
                            f'<{HOST}{base}?limit=2&offset=2>; rel="last"']
    last = client.get(f"{base}?limit=2&offset=2")
    assert [r["title"] for r in last.json()] == ["Møde 3"]
    assert links(last)[1] == f'<{HOST}{base}?limit=2&offset=0>; rel="prev"'
    assert client.get(f"{base}?offset=-5").status_code == 400


def test_openapi_describes_the_pages(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, default, most in (("/api/program/{council}/{term}/indsatser", 25, 500),
                                ("/api/program/{council}/{term}/aendringer", 100, 1000),
                                ("/api/moeder/{council}", 50, 500)):
        get = paths[path]["get"]
        params = {p["name"]: p for p in get["parameters"]}
        assert params["limit"]["schema"]["default"] == default
        assert params["limit"]["description"] == (
            f"Højst så mange rækker pr. side (1–{most}, standard {default}).")
        assert params["offset"]["schema"]["default"] == 0
        assert set(get["responses"]["200"]["headers"]) == {"X-Total-Count", "Link"}
