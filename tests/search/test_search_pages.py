"""/soeg/ and /api/soeg for every role: drafts only for signed-in members, never the public."""

import pytest

from kkrmonitor.audit.recording import Author
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Recommendation

AUTHOR = Author(label="Test", channel="cli")
MEMBERS = ["reader", "contact", "editor_sjaelland", "editor", "admin_user"]


@pytest.fixture
def draft(indexed, django_capture_on_commit_callbacks):
    """A draft initiative whose title holds a word nothing else has, and characters to escape."""
    recommendation = Recommendation.objects.get(programme=indexed, number=3)
    with django_capture_on_commit_callbacks(execute=True):
        return services.create_initiative(AUTHOR, recommendation, services.InitiativeData(
            title="Grønne <varebiler> i pilotprojektet",
            description="Kommunerne afprøver pilotprojekter med el-varebiler."))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "outsider"])
def test_the_public_never_finds_a_draft(client, draft, request, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    page = client.get("/soeg/", {"q": "pilotprojekterne"})
    assert page.status_code == 200
    assert "Ingen resultater" in page.content.decode()
    assert "varebiler" not in page.content.decode()
    answer = client.get("/api/soeg", {"q": "pilotprojekterne"}).json()
    assert (answer["total"], answer["results"]) == (0, [])


@pytest.mark.django_db
@pytest.mark.parametrize("role", MEMBERS)
def test_members_find_drafts(client, draft, request, role):
    client.force_login(request.getfixturevalue(role))
    html = client.get("/soeg/", {"q": "pilotprojekterne"}).content.decode()
    assert "1 resultat" in html
    assert ('<a href="/program/kkr-hovedstaden/2026-2029/anbefaling/3/#indsats-'
            f'{draft.pk}">Grønne &lt;varebiler&gt; i <mark>pilotprojektet</mark></a>') in html
    assert '<span class="badge badge-draft">Kladde</span>' in html
    answer = client.get("/api/soeg", {"q": "pilotprojekterne"}).json()
    assert answer == {"query": "pilotprojekterne", "total": 1, "more": False,
                      "typo_forgiven": False,
                      "results": [{
                          "type": "indsats", "type_label": "Indsats",
                          "title": "Grønne <varebiler> i pilotprojektet",
                          "title_html": "Grønne &lt;varebiler&gt; i <mark>pilotprojektet</mark>",
                          "snippet_html": "Kommunerne afprøver <mark>pilotprojekter</mark> med "
                                          "el-varebiler.",
                          "url": f"/program/kkr-hovedstaden/2026-2029/anbefaling/3/#indsats-"
                                 f"{draft.pk}",
                          "council": "KKR Hovedstaden", "year": None, "published": False}]}


@pytest.mark.django_db
def test_page_filters_and_empty_query(client, indexed):
    html = client.get("/soeg/").content.decode()
    assert '<input class="form-input input-width-xl" type="search" id="soeg-q" name="q" value=""' \
        in html
    assert "resultat" not in html
    html = client.get("/soeg/", {"q": "kommunerne", "type": "kommune",
                                 "raad": "kkr-sjaelland"}).content.decode()
    assert "<h2 id=\"resultater\" class=\"mt-7\">17 resultater</h2>" in html
    assert '<option value="kommune" selected>Kommuner</option>' in html
    assert '<option value="kkr-sjaelland" selected>KKR Sjælland</option>' in html


@pytest.mark.django_db
def test_pages_beyond_the_first(client, indexed):
    html = client.get("/soeg/", {"q": "kommune", "type": "kommune"}).content.decode()
    assert "45 resultater" in html
    assert "Side 1 af 3" in html
    assert 'href="?q=kommune&amp;type=kommune&amp;side=2"' in html
    last = client.get("/soeg/", {"q": "kommune", "type": "kommune", "side": "99"})
    assert "Side 3 af 3" in last.content.decode()


@pytest.mark.django_db
def test_header_has_the_search_field(client, indexed):
    html = client.get("/aktoerer/").content.decode()
    assert '<label class="form-label sr-only" for="soeg-header">Søg på siden</label>' in html
    assert 'action="/soeg/"' in html


@pytest.mark.django_db
def test_api_refuses_bad_input_in_danish(client, indexed):
    assert client.get("/api/soeg", {"q": "klima", "type": "hemmelig"}).json() == {
        "detail": "Ukendt type. Mulige typer: anbefaling, indsats, status, milepael, moede, "
                  "dagsordenspunkt, beslutning, faelles-indsats, aktoer, kommune, bilag, register, "
                  "registerraekke."}
    assert client.get("/api/soeg", {"q": "klima", "council": "ingen"}).json() == {
        "detail": "Ukendt råd."}
    assert client.get("/api/soeg", {"q": " "}).status_code == 400
    assert client.get("/api/soeg", {"q": "klima", "limit": 0}).status_code == 400
    assert client.get("/api/soeg").status_code == 422


@pytest.mark.django_db
def test_openapi_describes_search(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert paths["/api/soeg"]["get"]["summary"] == "Søg i alt indhold"


@pytest.mark.django_db
def test_typos_are_forgiven_on_postgresql_only(indexed):
    from django.db import connection

    from kkrmonitor.access import Access
    from kkrmonitor.search.query import search

    results = search("sundhedsrefrom", Access(), kinds=("anbefaling",))
    if connection.vendor == "postgresql":
        assert results.typo_forgiven
        assert results.hits[0].title == "Anbefaling 9: KKR Hovedstaden vil følge sundhedsreformen"
    else:
        assert (results.total, results.typo_forgiven) == (0, False)
