"""A write drops the pages that can show it — at once — and no others; log-ins drop nothing; a
page being rendered is rendered once while others get its recent copy."""

import hashlib
from datetime import date

import pytest
from django.core.cache import caches
from django.test import override_settings

from kkrmonitor.audit.recording import Author
from kkrmonitor.meetings import services as meeting_services
from kkrmonitor.meetings.models import AgendaItem
from kkrmonitor.pagecache import generation, scopes
from kkrmonitor.pagecache.scopes import Pending, Traced, page_scope, written_table
from kkrmonitor.parsing.danish_dates import DateWindow
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Council, Recommendation
from tests.conftest import PASSWORD

PROGRAMME = "/program/kkr-hovedstaden/2026-2029/"
OTHER_COUNCIL = "/raad/kkr-sjaelland/"
AUTHOR = Author(label="Test", channel="cli")


@pytest.mark.parametrize(("path", "scope"), [
    ("/program/kkr-hovedstaden/2026-2029/", "council:kkr-hovedstaden"),
    ("/program/kkr-hovedstaden/2026-2029.json", "council:kkr-hovedstaden"),
    ("/api/program/kkr-hovedstaden/2026-2029/indsatser", "council:kkr-hovedstaden"),
    ("/kalender/kkr-sjaelland.ics", "council:kkr-sjaelland"),
    ("/tidslinje/kkr-hovedstaden/2026-2029/", "council:kkr-hovedstaden"),
    ("/raad/kkr-sjaelland/", "council:kkr-sjaelland"),
    ("/raad/", "national"),
    ("/", "national"),
    ("/faelles/", "national"),
    ("/moede/12/", "national"),
    ("/api/program", "national"),
])
def test_page_scopes(path, scope):
    assert page_scope(path) == scope


@pytest.mark.parametrize(("sql", "table", "ignored"), [
    ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s',
     "accounts_user", True),
    ('UPDATE "accounts_user" SET "password" = %s WHERE "accounts_user"."id" = %s',
     "accounts_user", True),
    ('UPDATE "accounts_user" SET "full_name" = %s, "last_login" = %s WHERE "id" = %s',
     "accounts_user", False),
    ('INSERT INTO "programme_milestone" ("title") VALUES (%s)', "programme_milestone", False),
    ("delete from meetings_meeting where id = 1", "meetings_meeting", False),
    ('INSERT OR IGNORE INTO "django_session" VALUES (%s)', "django_session", True),
])
def test_statements_name_their_table(sql, table, ignored):
    assert (written_table(sql), scopes.is_ignored(sql)) == (table, ignored)


def test_what_a_transaction_drops():
    assert Pending().scopes_traced() == set()
    assert Pending(tables={"programme_milestone"}).scopes(None) == {"all"}
    assert Pending(tables={"programme_milestone"}).scopes(set()) == {"all"}
    assert Pending(tables={"programme_milestone", "programme_auditevent"}).scopes(
        {"kkr-hovedstaden"}) == {"national", "council:kkr-hovedstaden"}
    assert Pending(tables={"programme_milestone", "indicators_observation"}).scopes(
        {"kkr-hovedstaden"}) == {"all"}
    assert Pending(tables={"programme_milestone"}, untraced=True).scopes({"x"}) == {"all"}
    # The search index, rewritten after an audited write's commit, drops the national pages
    # (/soeg/) only; written together with a council's rows it adds nothing more.
    assert Pending(tables={"search_searchentry", "search_fts"}).scopes_traced() == {"national"}
    assert Pending(tables={"programme_milestone", "search_searchentry"}).scopes(
        {"kkr-hovedstaden"}) == {"national", "council:kkr-hovedstaden"}
    # An object of a kind scopes.py does not know drops every page.
    unknown = Pending(tables={"programme_auditevent"},
                      objects=[Traced(model="indicator", pk=1)])
    assert unknown.scopes_traced() == {"all"}


# --- request tests: committed writes -------------------------------------------------------




def warm(client, *paths: str) -> None:
    for path in paths:
        assert client.get(path).status_code == 200
        assert client.get(path)["X-KKR-Cache"] == "hit"


def first_recommendation() -> Recommendation:
    return Recommendation.objects.select_related("programme").order_by("number").first()


def recommendation_page(recommendation: Recommendation) -> str:
    return f"{PROGRAMME}anbefaling/{recommendation.number}/"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_log_in_and_failed_log_in_drop_nothing(client, editor):
    warm(client, PROGRAMME, "/")
    before = generation.generations()
    assert client.post("/konto/log-ind/", {"username": editor.email, "password": "forkert"}
                       ).status_code == 200
    other = client.__class__()
    assert other.login(email=editor.email, password=PASSWORD)
    editor.refresh_from_db()
    assert editor.last_login is not None
    assert generation.generations() == before
    generation.forget()
    assert client.get(PROGRAMME)["X-KKR-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_recommendation_edit_shows_at_once_and_keeps_other_councils_pages(client):
    recommendation = first_recommendation()
    page = recommendation_page(recommendation)
    warm(client, PROGRAMME, page, "/", OTHER_COUNCIL)
    services.update_recommendation(AUTHOR, recommendation, "Ny overskrift fra testen",
                                   recommendation.body, recommendation.theme,
                                   recommendation.version)
    assert "Ny overskrift fra testen" in client.get(PROGRAMME).content.decode()
    assert "Ny overskrift fra testen" in client.get(page).content.decode()
    assert client.get("/")["X-KKR-Cache"] == "miss"  # the national pages go too
    assert client.get(OTHER_COUNCIL)["X-KKR-Cache"] == "hit"  # another council's stay


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_new_milestone_shows_at_once(client):
    recommendation = first_recommendation()
    page = recommendation_page(recommendation)
    warm(client, page)
    services.create_milestone(AUTHOR, recommendation, "Milepæl fra cachetesten",
                              DateWindow(date(2027, 3, 1), date(2027, 5, 31),
                                         "foråret 2027", "season"))
    assert "Milepæl fra cachetesten" in client.get(page).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_published_status_update_shows_at_once(client):
    recommendation = first_recommendation()
    page = recommendation_page(recommendation)
    warm(client, page, "/api/program/kkr-hovedstaden/2026-2029/indsatser")
    initiative = services.create_initiative(AUTHOR, recommendation, services.InitiativeData(
        title="Indsats fra cachetesten"))
    assert "Indsats fra cachetesten" not in client.get(page).content.decode()  # a draft
    services.set_initiative_publication(AUTHOR, initiative, "published", initiative.version)
    assert "Indsats fra cachetesten" in client.get(page).content.decode()
    warm(client, page, "/api/program/kkr-hovedstaden/2026-2029/indsatser")
    initiative.refresh_from_db()
    services.add_status_update(AUTHOR, initiative, "on_track", 40,
                               "Statusfortælling fra cachetesten", date(2026, 6, 1), publish=True)
    assert "Statusfortælling fra cachetesten" in client.get(page).content.decode()
    api = client.get("/api/program/kkr-hovedstaden/2026-2029/indsatser")
    assert api["X-KKR-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_meeting_agenda_item_and_decision_show_at_once(client):
    council = Council.objects.get(slug="kkr-hovedstaden")
    meetings = "/moeder/kkr-hovedstaden/"
    warm(client, meetings, OTHER_COUNCIL)
    meeting = meeting_services.create_meeting(
        AUTHOR, council, meeting_services.MeetingData(date=date(2026, 9, 14),
                                                      title="Cachetestens møde"))
    assert "Cachetestens møde" in client.get(meetings).content.decode()
    page = f"/moede/{meeting.pk}/"
    warm(client, page)
    item = meeting_services.add_agenda_item(AUTHOR, meeting, meeting_services.AgendaItemData(
        number=1, title="Punkt fra cachetesten", kind=AgendaItem.Kind.DECISION))
    assert "Punkt fra cachetesten" in client.get(page).content.decode()
    warm(client, page)
    meeting_services.record_decision(AUTHOR, item, "Beslutning fra cachetesten")
    assert "Beslutning fra cachetesten" in client.get(page).content.decode()
    assert client.get(OTHER_COUNCIL)["X-KKR-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_a_joint_meetings_item_shows_at_once_on_the_other_councils_list(client):
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    meeting = meeting_services.create_meeting(
        AUTHOR, sjaelland, meeting_services.MeetingData(
            date=date(2026, 9, 14), joint_with=Council.objects.get(slug="kkr-hovedstaden")))
    meetings = "/moeder/kkr-hovedstaden/"
    warm(client, meetings)
    meeting_services.add_agenda_item(AUTHOR, meeting, meeting_services.AgendaItemData(
        number=1, title="Punkt fra cachetesten", kind=AgendaItem.Kind.DECISION))
    response = client.get(meetings)
    assert response["X-KKR-Cache"] == "miss"
    assert "1 punkt på dagsordenen" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_sharing_an_initiative_drops_every_page(client):
    from kkrmonitor.joint.services import share_initiative

    initiative = services.create_initiative(AUTHOR, first_recommendation(),
                                            services.InitiativeData(title="Delt indsats"))
    services.set_initiative_publication(AUTHOR, initiative, "published", initiative.version)
    warm(client, OTHER_COUNCIL, PROGRAMME)
    share_initiative(AUTHOR, initiative, Council.objects.get(slug="kkr-sjaelland"))
    assert client.get(OTHER_COUNCIL)["X-KKR-Cache"] == "miss"
    assert client.get(PROGRAMME)["X-KKR-Cache"] == "miss"


# --- one render per miss ---------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_while_another_request_renders_a_recent_copy_is_served(client, monkeypatch):
    from kkrmonitor.pagecache import middleware

    client.get(PROGRAMME)
    recommendation = first_recommendation()
    services.update_recommendation(AUTHOR, recommendation, "Overskrift under gengivelse",
                                   recommendation.body, recommendation.theme,
                                   recommendation.version)
    # Another worker is rendering the page right now.
    digest = hashlib.sha256(f"http://testserver{PROGRAMME}".encode()).hexdigest()
    assert caches["pages"].add(f"lock:{digest}", 1, 10)
    stale = client.get(PROGRAMME)
    assert stale["X-KKR-Cache"] == "stale"
    assert "Overskrift under gengivelse" not in stale.content.decode()
    # Without a recent copy, a visitor waits for the other render, then renders it himself.
    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.05)
    with override_settings(KKR_PAGE_CACHE_STALE_SECONDS=0):
        fresh = client.get(PROGRAMME)
    assert fresh["X-KKR-Cache"] == "miss"
    assert "Overskrift under gengivelse" in fresh.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_programme", "page_cache")
def test_an_approved_stage_report_shows_at_once(client):
    from kkrmonitor.joint.defaults import IT_TITLE, load_reference_joint
    from kkrmonitor.joint.models import JointInitiative, JointStage
    from kkrmonitor.joint.services import submit_report
    from kkrmonitor.programme.models import Municipality

    load_reference_joint()
    joint = JointInitiative.objects.get(initiative__title=IT_TITLE)
    matrix = f"/faelles/{joint.pk}/"
    warm(client, matrix, "/faelles/")
    stage = JointStage.objects.filter(joint=joint).order_by("-position", "-pk").first()
    submit_report(AUTHOR, joint, Municipality.objects.get(code="101"), stage, date(2026, 4, 1),
                  "Note fra cachetesten", approved=True)
    assert "Note fra cachetesten" in client.get(matrix).content.decode()
    assert client.get("/faelles/")["X-KKR-Cache"] == "miss"
