"""The JSON API for joint efforts and portfolios: literal answers on a small fixture, exactly
what the public matrix shows (approved reports only, published efforts only for anonymous
callers) and fixed query counts however many efforts, municipalities or projects there are."""

from datetime import date
from decimal import Decimal

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint.models import (
    JointStage,
    ListMembership,
    Portfolio,
    PortfolioStage,
    Project,
    ProjectEvent,
    ProjectList,
    StageReport,
)
from kkrmonitor.joint.rollup import ON_TRACK_RULE
from kkrmonitor.joint.services import create_joint_initiative, share_initiative
from kkrmonitor.programme.models import (
    Council,
    Initiative,
    Municipality,
    Programme,
    Publication,
    Recommendation,
)

pytestmark = pytest.mark.django_db
AUTHOR = Author(label="test", channel="cli")
STAGES = ["Ikke startet", "I gang", "Færdig"]


@pytest.fixture
def freeze_today(monkeypatch):
    # 183 of 365 days from 1 Jan 2026 to 1 Jan 2027: the expected stage is now "I gang".
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 7, 3))


def _council(slug, name, municipalities):
    council = Council.objects.create(slug=slug, name=name)
    for code, town in municipalities:
        Municipality.objects.create(code=code, name=town, slug=town.lower(), council=council)
    return council


def _joint(recommendation, title, publication=Publication.PUBLISHED):
    initiative = Initiative.objects.create(recommendation=recommendation, title=title,
                                           publication=publication)
    return create_joint_initiative(AUTHOR, initiative, STAGES, date(2026, 1, 1),
                                   date(2027, 1, 1), "Testkilde", dates_note="Antaget start.")


def _report(joint, code, stage, as_of, note="", state=StageReport.State.APPROVED):
    return StageReport.objects.create(
        initiative_id=joint.pk, municipality=Municipality.objects.get(code=code),
        stage=JointStage.objects.get(joint=joint, name=stage), as_of=as_of, note=note,
        state=state)


@pytest.fixture
def small(db):
    """Council A (Aby, Bby), council B (Cby); A's published effort shared with B, A's draft."""
    a = _council("raad-a", "Råd A", [("901", "Aby"), ("902", "Bby")])
    b = _council("raad-b", "Råd B", [("903", "Cby")])
    programme = Programme.objects.create(council=a, term_start=2026, term_end=2029,
                                         title="Program", source_filename="x.txt",
                                         source_sha256="0" * 64)
    rec = Recommendation.objects.create(programme=programme, number=7, headline="It")
    joint = _joint(rec, "Fælles drift")
    share_initiative(AUTHOR, joint.initiative, b)
    _report(joint, "901", "I gang", date(2026, 2, 1), "gammel")
    _report(joint, "901", "Færdig", date(2026, 5, 1), "flyttet")
    _report(joint, "903", "Ikke startet", date(2026, 3, 1))
    # Never shown by the API: a waiting and a returned report.
    _report(joint, "902", "Færdig", date(2026, 6, 1), "hemmelig",
            StageReport.State.PENDING)
    _report(joint, "903", "Færdig", date(2026, 6, 1), "retur", StageReport.State.RETURNED)
    draft = _joint(rec, "Kladdeindsats", Publication.DRAFT)
    return joint, draft


def _expected_joint(joint):
    return {
        "id": joint.pk, "title": "Fælles drift",
        "council": {"slug": "raad-a", "name": "Råd A"}, "recommendation": 7,
        "shared_with": [{"slug": "raad-b", "name": "Råd B"}],
        "start": "2026-01-01", "deadline": "2027-01-01", "dates_note": "Antaget start.",
        "source": "Testkilde", "stages": STAGES,
        "rollup": {
            "total": 3,
            "per_stage": [{"stage": "Ikke startet", "count": 1, "share_percent": 33},
                          {"stage": "I gang", "count": 0, "share_percent": 0},
                          {"stage": "Færdig", "count": 1, "share_percent": 33}],
            "not_reported": 1, "on_track": 1, "expected_stage": "I gang",
            "rule": ON_TRACK_RULE},
        "url": f"/faelles/{joint.pk}/",
    }


def test_joint_list_is_literal_and_hides_drafts_from_the_public(client, small, freeze_today,
                                                                django_assert_num_queries):
    joint, draft = small
    with django_assert_num_queries(5):
        response = client.get("/api/faelles")
    assert response.status_code == 200
    assert response.json() == [_expected_joint(joint)]


def test_joint_list_matches_the_page(client, small, freeze_today):
    joint, _ = small
    page = client.get(f"/faelles/{joint.pk}/").content.decode()
    assert "1 af 3 færdig" in page and "1 af 3 på sporet" in page


def test_members_see_draft_efforts_but_never_pending_reports(client, small, reader,
                                                             freeze_today):
    joint, draft = small
    client.force_login(reader)
    ids = [j["id"] for j in client.get("/api/faelles").json()]
    assert ids == [joint.pk, draft.pk]
    rows = client.get(f"/api/faelles/{joint.pk}").json()["rows"]
    assert "hemmelig" not in str(rows) and "retur" not in str(rows)
    assert client.get(f"/api/faelles/{draft.pk}").status_code == 200


def test_joint_matrix_is_literal(client, small, freeze_today, django_assert_num_queries):
    joint, draft = small
    with django_assert_num_queries(5):
        response = client.get(f"/api/faelles/{joint.pk}")
    assert response.json() == {**_expected_joint(joint), "rows": [
        {"code": "901", "name": "Aby", "council": {"slug": "raad-a", "name": "Råd A"},
         "stage": "Færdig", "stage_number": 3, "date": "2026-05-01", "note": "flyttet",
         "on_track": True},
        {"code": "902", "name": "Bby", "council": {"slug": "raad-a", "name": "Råd A"},
         "stage": None, "stage_number": None, "date": None, "note": "", "on_track": False},
        {"code": "903", "name": "Cby", "council": {"slug": "raad-b", "name": "Råd B"},
         "stage": "Ikke startet", "stage_number": 1, "date": "2026-03-01", "note": "",
         "on_track": False},
    ]}
    # Drafts do not exist for the public; nor do unknown ids.
    assert client.get(f"/api/faelles/{draft.pk}").status_code == 404
    assert client.get("/api/faelles/999999").status_code == 404


def test_of_two_approved_reports_on_one_day_the_later_counts(client, small, freeze_today):
    joint, _ = small
    _report(joint, "903", "I gang", date(2026, 3, 1))  # Cby's "Ikke startet" has the same date
    assert client.get("/api/faelles").json()[0]["rollup"]["per_stage"] == [
        {"stage": "Ikke startet", "count": 0, "share_percent": 0},
        {"stage": "I gang", "count": 1, "share_percent": 33},
        {"stage": "Færdig", "count": 1, "share_percent": 33}]
    rows = client.get(f"/api/faelles/{joint.pk}").json()["rows"]
    assert [(r["name"], r["stage"]) for r in rows] == [
        ("Aby", "Færdig"), ("Bby", None), ("Cby", "I gang")]


def test_query_counts_do_not_grow(client, small, freeze_today, django_assert_num_queries):
    joint, _ = small
    rec = joint.initiative.recommendation
    c = _council("raad-c", "Råd C", [(str(910 + n), f"Kby{n}") for n in range(8)])
    for n in range(4):
        more = _joint(rec, f"Indsats {n}")
        share_initiative(AUTHOR, more.initiative, c)
        _report(more, "910", "I gang", date(2026, 2, 1))
    with django_assert_num_queries(5):
        assert len(client.get("/api/faelles").json()) == 5
    with django_assert_num_queries(5):
        assert len(client.get(f"/api/faelles/{more.pk}").json()["rows"]) == 10


def test_a_forum_spans_the_councils_municipalities(client, small, freeze_today,
                                                   django_assert_num_queries):
    joint, _ = small
    forum = Council.objects.create(slug="forum", name="Forum", kind=Council.Kind.FORUM)
    forum.spans.add(Council.objects.get(slug="raad-b"),
                    _council("raad-d", "Råd D", [("904", "Dby")]))
    share_initiative(AUTHOR, joint.initiative, forum)
    with django_assert_num_queries(6):  # one more: the councils a forum spans
        data = client.get(f"/api/faelles/{joint.pk}").json()
    assert [r["name"] for r in data["rows"]] == ["Aby", "Bby", "Cby", "Dby"]
    assert [c["slug"] for c in data["shared_with"]] == ["forum", "raad-b"]


# --- portfolios -----------------------------------------------------------------------------

@pytest.fixture
def portfolio(db):
    item = Portfolio.objects.create(slug="infra", name="Infrastruktur", description="Veje",
                                    source="KL")
    idea = PortfolioStage.objects.create(portfolio=item, position=0, name="Idé")
    PortfolioStage.objects.create(portfolio=item, position=1, name="I drift")
    vip = ProjectList.objects.create(portfolio=item, name="VIP 2016", is_complete=False,
                                     completeness_note="Et projekt mangler.", source="KL")
    road = Project.objects.create(portfolio=item, slug="ringvej", name="Ringvej", stage=idea,
                                  responsible_authority="Vejdirektoratet",
                                  state_funding_dkk=Decimal("1500000000"),
                                  funding_decision="Infrastrukturplan 2035",
                                  funding_date=date(2021, 6, 28), source="ft.dk")
    ListMembership.objects.create(project=road, project_list=vip, role="VIP-projekt")
    ProjectEvent.objects.create(project=road, date=date(2025, 9, 30), text="Sendt videre.",
                                source="ft.dk")
    Project.objects.create(portfolio=item, slug="bane", name="Bane")
    return item


PORTFOLIO = {
    "slug": "infra", "name": "Infrastruktur", "description": "Veje", "council": None,
    "source": "KL", "stages": ["Idé", "I drift"],
    "lists": [{"name": "VIP 2016", "description": "", "is_complete": False,
               "completeness_note": "Et projekt mangler.", "source": "KL"}],
    "project_count": 2, "url": "/portefoelje/infra/",
}


def test_portfolio_list_is_literal(client, portfolio, django_assert_num_queries):
    with django_assert_num_queries(3):
        assert client.get("/api/portefoeljer").json() == [PORTFOLIO]


def test_portfolio_detail_is_literal(client, portfolio, django_assert_num_queries):
    with django_assert_num_queries(6):
        response = client.get("/api/portefoeljer/infra")
    assert response.json() == {**PORTFOLIO, "projects": [
        {"slug": "bane", "name": "Bane", "description": "", "stage": None, "lists": [],
         "responsible_authority": "", "state_funding_dkk": None, "funding_decision": "",
         "funding_date": None, "source": "", "events": [],
         "url": "/portefoelje/infra/projekt/bane/"},
        {"slug": "ringvej", "name": "Ringvej", "description": "", "stage": "Idé",
         "lists": [{"list": "VIP 2016", "role": "VIP-projekt"}],
         "responsible_authority": "Vejdirektoratet", "state_funding_dkk": 1500000000,
         "funding_decision": "Infrastrukturplan 2035", "funding_date": "2021-06-28",
         "source": "ft.dk",
         "events": [{"date": "2025-09-30", "text": "Sendt videre.", "source": "ft.dk"}],
         "url": "/portefoelje/infra/projekt/ringvej/"},
    ]}
    assert client.get("/api/portefoeljer/findes-ikke").status_code == 404


def test_portfolio_query_count_does_not_grow(client, portfolio, django_assert_num_queries):
    vip = ProjectList.objects.get()
    for n in range(5):
        project = Project.objects.create(portfolio=portfolio, slug=f"p{n}", name=f"P{n}")
        ListMembership.objects.create(project=project, project_list=vip)
        ProjectEvent.objects.create(project=project, date=date(2025, 1, n + 1), text="x")
    with django_assert_num_queries(6):
        assert len(client.get("/api/portefoeljer/infra").json()["projects"]) == 7


def test_the_default_portfolio_and_it_effort(client, it_joint):
    data = client.get("/api/portefoeljer/prioriterede-infrastrukturprojekter").json()
    assert len(data["projects"]) == 14
    assert {x["name"]: x["is_complete"] for x in data["lists"]} == {
        "Strategi 2025": True, "VIP 2016": False}
    efforts = client.get("/api/faelles").json()
    assert [(e["title"], e["rollup"]["total"], e["rollup"]["not_reported"])
            for e in efforts] == [(it_joint.initiative.title, 29, 29)]
    assert efforts[0]["dates_note"].startswith("Startdatoen 1. januar 2026 er sekretariatets")


def test_the_endpoints_are_described_in_openapi(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/faelles", "/api/faelles/{joint_id}", "/api/portefoeljer",
            "/api/portefoeljer/{slug}"} <= set(paths)
