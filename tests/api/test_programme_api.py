"""The public read API for programmes, initiatives, changes and meetings: literal answers on the
real seed document, drafts hidden from the public, fixed query counts."""

import pytest

from kkrmonitor.meetings.reference import load_reference_meetings
from kkrmonitor.programme.export import export_programme
from kkrmonitor.programme.models import AuditEvent, Initiative, Publication, StatusUpdate
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
BASE = "/api/program/kkr-hovedstaden/2026-2029"


@pytest.fixture
def draft(seed_programme):
    rec = seed_programme.recommendations.get(number=7)
    return Initiative.objects.create(recommendation=rec, title="Hemmeligt udkast",
                                     publication=Publication.DRAFT)


@pytest.fixture
def published(seed_programme):
    rec = seed_programme.recommendations.get(number=2)
    initiative = Initiative.objects.create(recommendation=rec, title="Fælles takstmodel",
                                           status="in_progress", progress=40,
                                           publication=Publication.PUBLISHED)
    StatusUpdate.objects.create(initiative=initiative, status="in_progress", progress=40,
                                narrative="Aftalen er sendt i høring.", as_of="2026-03-01",
                                publication=Publication.PUBLISHED)
    StatusUpdate.objects.create(initiative=initiative, status="in_progress", progress=50,
                                narrative="Kladde til næste møde.", as_of="2026-04-01")
    return initiative


def test_programme_list(client, seed_programme):
    assert client.get("/api/program").json() == [{
        "council": "kkr-hovedstaden", "term": "2026-2029",
        "title": seed_programme.title, "approved_on": "2025-10-24", "recommendations": 9,
        "url": "/program/kkr-hovedstaden/2026-2029/",
        "json_url": "/api/program/kkr-hovedstaden/2026-2029",
    }]


def test_programme_is_the_export_without_drafts_for_the_public(client, seed_programme, draft):
    public = client.get(BASE).json()
    assert public == export_programme(seed_programme, access=None) | {
        "recommendations": public["recommendations"]}
    titles = [i["title"] for r in public["recommendations"] for i in r["initiatives"]]
    assert "Hemmeligt udkast" not in titles
    assert "Hemmeligt udkast" not in client.get(
        "/program/kkr-hovedstaden/2026-2029.json").content.decode()
    assert "Hemmeligt udkast" in str(export_programme(seed_programme))  # the CLI export


def test_members_see_drafts(client, editor, draft):
    client.login(email=editor.email, password=PASSWORD)
    titles = [i["title"] for r in client.get(BASE).json()["recommendations"]
              for i in r["initiatives"]]
    assert "Hemmeligt udkast" in titles
    assert client.get(f"/api/indsats/{draft.pk}").json()["publication"] == "draft"


def test_initiatives_with_published_status_updates_only(client, published, draft,
                                                        django_assert_num_queries):
    with django_assert_num_queries(3):  # programme, initiatives, status updates
        response = client.get(f"{BASE}/indsatser")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [r["title"] for r in rows] == ["Fælles takstmodel"]
    row = rows[0]
    assert row | {"id": 0, "confirmed_at": None} == {
        "id": 0, "recommendation": 2, "title": "Fælles takstmodel", "description": "",
        "owner": "", "status": "in_progress", "progress": 40, "publication": "published",
        "confirmed_at": None, "confirmed_by": None,
        "status_updates": [{"status": "in_progress", "progress": 40,
                            "narrative": "Aftalen er sendt i høring.", "as_of": "2026-03-01",
                            "published_at": None}],
        "history_url": f"/historik/indsats/{published.pk}/",
    }
    assert client.get(f"/api/indsats/{draft.pk}").status_code == 404


def test_the_list_is_the_one_initiative_endpoint_row_for_row(client, editor, published, draft):
    """The list is written from plain rows, the single initiative through the schema: both
    must give the same JSON, byte for byte per row (dates, times in UTC, names, nulls)."""
    from datetime import UTC, datetime

    from kkrmonitor.programme.models import Initiative

    Initiative.objects.filter(pk=published.pk).update(
        confirmed_at=datetime(2026, 5, 4, 9, 30, 15, 123456, tzinfo=UTC), confirmed_by=editor)
    for member in (False, True):
        if member:
            client.login(email=editor.email, password=PASSWORD)
        response = client.get(f"{BASE}/indsatser")
        assert response["Content-Type"] == "application/json; charset=utf-8"
        rows = response.json()
        assert len(rows) == (2 if member else 1)
        for row in rows:
            assert row == client.get(f"/api/indsats/{row['id']}").json()
    assert rows[0]["confirmed_at"] == "2026-05-04T09:30:15.123Z"
    assert rows[0]["confirmed_by"] == editor.full_name


def test_changes_since_a_date(client, seed_programme, published):
    rec = published.recommendation
    AuditEvent.objects.create(
        actor_label="Erik Redaktør", channel="web", action="update", object_type="initiative",
        object_id=str(published.pk), object_repr="Fælles takstmodel",
        changes={"progress": [0, 40]}, recommendation_id=rec.pk, initiative_id=published.pk)
    AuditEvent.objects.create(
        actor_label="Erik Redaktør", channel="web", action="update", object_type="initiative",
        object_id=str(published.pk), object_repr="Fælles takstmodel", is_public=False,
        changes={"progress": [40, 50]}, recommendation_id=rec.pk, initiative_id=published.pk)
    rows = client.get(f"{BASE}/aendringer?siden=2020-01-01").json()
    mine = [r for r in rows if r["initiative_id"] == published.pk]
    assert [(r["by"], r["changes"]) for r in mine] == [
        ("Erik Redaktør", {"Fremdrift (%)": ["0", "40"]})]
    assert mine[0]["fields"] == [{"field": "progress", "label": "Fremdrift (%)", "before": 0,
                                  "after": 40, "before_text": "0", "after_text": "40"}]
    assert client.get(f"{BASE}/aendringer?siden=2999-01-01").status_code == 400
    assert client.get(f"{BASE}/aendringer?siden=igaar").status_code == 422


def test_unknown_programme_is_404(client, seed_programme):
    assert client.get("/api/program/kkr-hovedstaden/2030-2033").status_code == 404
    assert client.get("/api/program/findes-ikke/2026-2029/indsatser").status_code == 404


def test_councils_with_their_municipalities(client, reference_data):
    councils = {c["slug"]: c for c in client.get("/api/raad").json()}
    hovedstaden = councils["kkr-hovedstaden"]
    assert len(hovedstaden["municipalities"]) == 29
    assert {"code": "101", "name": "København", "slug": "koebenhavn",
            "council": "kkr-hovedstaden"} in hovedstaden["municipalities"]
    assert len(councils["kkr-sjaelland"]["municipalities"]) == 17


def test_meetings_of_a_council(client, seed_programme, django_assert_max_num_queries):
    load_reference_meetings()
    with django_assert_max_num_queries(7):
        rows = client.get("/api/moeder/kkr-hovedstaden").json()
    assert rows, "the sourced meetings are loaded"
    assert rows == sorted(rows, key=lambda r: r["date"])
    first = client.get(f"/api/moede/{rows[0]['id']}").json()
    assert first == rows[0]
    assert client.get("/api/moeder/findes-ikke").status_code == 404


def test_openapi_describes_the_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/raad", "/api/program", "/api/program/{council}/{term}",
                 "/api/program/{council}/{term}/indsatser", "/api/indsats/{initiative_id}",
                 "/api/program/{council}/{term}/aendringer", "/api/moeder/{council}",
                 "/api/moede/{meeting_id}"):
        assert set(paths[path]) == {"get"}, path


def test_meeting_literal_with_draft_links_hidden_from_the_public(client, editor, draft,
                                                                 published):
    from datetime import date

    from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting

    meeting = Meeting.objects.create(council=draft.recommendation.programme.council,
                                     date=date(2026, 12, 11), title="Decembermøde",
                                     place="Hillerød Rådhus")
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Status på takstmodellen",
                                     kind="beslutning")
    item.initiatives.add(draft, published)
    item.recommendations.add(published.recommendation)
    Decision.objects.create(agenda_item=item, text="Godkendt.")
    expected = {
        "id": meeting.pk, "council": "kkr-hovedstaden", "title": "Decembermøde",
        "date": "2026-12-11", "start_time": None, "place": "Hillerød Rådhus",
        "state": "planned", "url": f"/moede/{meeting.pk}/",
        "agenda_items": [{"number": 1, "title": "Status på takstmodellen", "kind": "beslutning",
                          "case_text": "", "recommendations": ["2026-2029/2"],
                          "initiatives": [published.pk], "decisions": ["Godkendt."]}],
    }
    assert client.get(f"/api/moede/{meeting.pk}").json() == expected
    assert client.get("/api/moeder/kkr-hovedstaden").json() == [expected]
    client.login(email=editor.email, password=PASSWORD)
    items = client.get(f"/api/moede/{meeting.pk}").json()["agenda_items"]
    assert items[0]["initiatives"] == sorted([draft.pk, published.pk])
    assert client.get("/api/moede/999999").status_code == 404


def test_changes_keep_the_raw_key_and_add_its_danish_label(client, seed_programme, published):
    rec = published.recommendation
    AuditEvent.objects.create(
        actor_label="Erik Redaktør", channel="web", action="update", object_type="initiative",
        object_id=str(published.pk), object_repr="Fælles takstmodel",
        changes={"joint.start": [None, "2026-01-01"], "version": [1, 2],
                 "initiative.status": ["at_risk", "on_track"]},
        recommendation_id=rec.pk, initiative_id=published.pk)
    rows = client.get(f"{BASE}/aendringer?siden=2020-01-01").json()
    (row,) = [r for r in rows if r["initiative_id"] == published.pk]
    assert row["changes"] == {"Fælles indsats: start": ["–", "1. januar 2026"],
                              "Indsatsens status": ["I risiko", "På sporet"]}
    assert [(f["field"], f["label"], f["before"], f["after"], f["before_text"],
             f["after_text"]) for f in row["fields"]] == [
        ("initiative.status", "Indsatsens status", "at_risk", "on_track", "I risiko",
         "På sporet"),
        ("joint.start", "Fælles indsats: start", None, "2026-01-01", "–", "1. januar 2026")]
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(schema["FieldChangeOut"]["properties"]) == {
        "field", "label", "before", "after", "before_text", "after_text"}
    assert "fields" in schema["ChangeOut"]["properties"]
