"""Every write endpoint under /rediger/ × every role, each pair its own test: the status code,
whether the database changed, and for every allowed write exactly one audit event naming the
user, with the differences.

Anonymous visitors are sent to log in; logged-in users without the right get 403 and change
nothing. Only editors of the initiative's council and administrators may write, except
comments, which a municipal contact may make, always on behalf of their own municipality."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme.models import (
    AuditEvent,
    Comment,
    ExternalEvent,
    Initiative,
    Milestone,
    Municipality,
    Obligation,
    StatusUpdate,
)
from kkrmonitor.programme.obligations import create_external_event, create_obligation
from tests.editing.conftest import SETUP, World, last_event_id

pytestmark = pytest.mark.django_db

KOEBENHAVN = "101"


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[World], str]
    data: Callable[[World], dict[str, Any]]
    probe: Callable[[World], Any]  # the state the write changes


def _comments(w: World) -> list[tuple[str | None, str]]:
    return [(c.municipality.code if c.municipality else None, c.text)
            for c in Comment.objects.filter(initiative=w.initiative).select_related(
                "municipality")]


def _event(w: World) -> ExternalEvent | None:
    """The recommendation's external event, made (through the service) on first use; None
    once deleted."""
    if not hasattr(w, "event_pk"):
        w.event_pk = create_external_event(  # type: ignore[attr-defined]
            SETUP, w.recommendation, "Ny lov om socialtilsyn", parse_window("fra 2027"),
            "Lovforslaget").pk
    return ExternalEvent.objects.filter(pk=w.event_pk).first()  # type: ignore[attr-defined]


def _event_pk(w: World) -> int:
    event = _event(w)
    assert event is not None
    return event.pk


def _obligation(w: World) -> Obligation:
    obligation = Obligation.objects.filter(recommendation=w.recommendation).first()
    if obligation is None:
        obligation = create_obligation(SETUP, w.recommendation, Obligation(
            title="Rammeaftalen godkendes", rhythm=Obligation.Rhythm.EVERY_SECOND_YEAR,
            first_year=2024, source="rammeaftale-h.dk"))
    return obligation


def _obligation_data(w: World, title: str) -> dict[str, Any]:
    return {"title": title, "rhythm": "yearly", "first_year": "2026",
            "usual_window": "efteråret", "is_expected": "on", "description": "",
            "source": "Resultatkontrakten"}


ENDPOINTS = [
    Endpoint(
        "event_create",
        lambda w: reverse("event_create", args=[w.recommendation.pk]),
        lambda w: {"title": "Sundhedsråd oprettes", "when": "fra 2027", "description": "",
                   "source": "Sundhedsreformen"},
        lambda w: list(ExternalEvent.objects.values_list("title", flat=True).order_by("id"))),
    Endpoint(
        "event_edit",
        lambda w: reverse("event_edit", args=[_event_pk(w)]),
        lambda w: {"title": "Ny lov om socialtilsyn (vedtaget)", "when": "fra 2027",
                   "description": "", "source": "Loven",
                   "version": str((_event(w) or ExternalEvent()).version)},
        lambda w: (_event(w) or ExternalEvent()).title),
    Endpoint(
        "event_delete",
        lambda w: reverse("event_delete", args=[_event_pk(w)]),
        lambda w: {},
        lambda w: _event(w) is not None),
    Endpoint(
        "obligation_create",
        lambda w: reverse("obligation_create", args=[w.recommendation.pk]),
        lambda w: _obligation_data(w, "Resultatkontrakt aftales"),
        lambda w: list(Obligation.objects.values_list("title", flat=True).order_by("id"))),
    Endpoint(
        "obligation_edit",
        lambda w: reverse("obligation_edit", args=[_obligation(w).pk]),
        lambda w: {**_obligation_data(w, "Rammeaftalen godkendes i KKR"),
                   "rhythm": "biennial", "first_year": "2024", "usual_window": "i løbet af",
                   "version": str(_obligation(w).version)},
        lambda w: _obligation(w).title),
    Endpoint(
        "initiative_create",
        lambda w: reverse("initiative_create", args=[w.recommendation.pk]),
        lambda w: {"title": "Fælles indkøb af pladser", "weight": "1", "when": "foråret 2026"},
        lambda w: Initiative.objects.filter(recommendation=w.recommendation).count()),
    Endpoint(
        "initiative_edit",
        lambda w: reverse("initiative_edit", args=[w.initiative.pk]),
        lambda w: {"title": "Fælles takstmodel (revideret)",
                   "description": w.initiative.description, "owner": w.initiative.owner,
                   "contact_person": "", "when": "2026-2029", "weight": "2",
                   "version": str(w.initiative.version)},
        lambda w: Initiative.objects.get(pk=w.initiative.pk).title),
    Endpoint(
        "initiative_publication",
        lambda w: reverse("initiative_publication", args=[w.initiative.pk]),
        lambda w: {"publication": "draft", "version": str(w.initiative.version)},
        lambda w: Initiative.objects.get(pk=w.initiative.pk).publication),
    Endpoint(
        "initiative_confirm",
        lambda w: reverse("initiative_confirm", args=[w.initiative.pk]),
        lambda w: {},
        lambda w: Initiative.objects.get(pk=w.initiative.pk).confirmed_at),
    Endpoint(
        "status_create",
        lambda w: reverse("status_create", args=[w.initiative.pk]),
        lambda w: {"status": "at_risk", "progress": "45", "narrative": "Forsinket udbud.",
                   "as_of": "2026-05-01", "publish": "1"},
        lambda w: StatusUpdate.objects.filter(initiative=w.initiative).count()),
    Endpoint(
        "status_publish",
        lambda w: reverse("status_publish", args=[w.draft_update.pk]),
        lambda w: {"version": str(w.draft_update.version)},
        lambda w: StatusUpdate.objects.get(pk=w.draft_update.pk).publication),
    Endpoint(
        "milestone_create",
        lambda w: reverse("milestone_create", args=[w.recommendation.pk]),
        lambda w: {"title": "Evaluering af takstmodellen", "when": "efteråret 2026",
                   "initiative": ""},
        lambda w: Milestone.objects.filter(recommendation=w.recommendation).count()),
    Endpoint(
        "milestone_edit",
        lambda w: reverse("milestone_edit", args=[w.milestone.pk]),
        lambda w: {"title": "Godkendelse i KKR (flyttet)", "when": "september 2026",
                   "initiative": str(w.initiative.pk), "version": str(w.milestone.version)},
        lambda w: Milestone.objects.get(pk=w.milestone.pk).title),
    Endpoint(
        "milestone_delete",
        lambda w: reverse("milestone_delete", args=[w.milestone.pk]),
        lambda w: {"version": str(w.milestone.version)},
        lambda w: Milestone.objects.filter(pk=w.milestone.pk).exists()),
    Endpoint(
        "milestone_outcome",
        lambda w: reverse("milestone_outcome", args=[w.milestone.pk]),
        lambda w: {"state": "moved", "on": "2026-05-01", "reason": "Afventer KL's udspil.",
                   "new_when": "efteråret 2026", "version": str(w.milestone.version)},
        lambda w: Milestone.objects.filter(pk=w.milestone.pk).values_list(
            "state", "label").get()),
    Endpoint(
        "comment_create",
        lambda w: reverse("comment_create", args=[w.initiative.pk]),
        # Everyone tries to speak for København; only the role decides who is speaking.
        lambda w: {"text": "Vi er klar til at bidrage.",
                   "municipality": str(Municipality.objects.get(code=KOEBENHAVN).pk)},
        _comments),
]

ROLES = ["anonymous", "outsider", "reader", "contact", "contact_bornholm", "editor_sjaelland",
         "editor", "admin_user"]
EDITORS = {"editor", "admin_user"}  # editor of KKR Hovedstaden, and the administrator
CONTACT_MUNICIPALITY = {"contact": KOEBENHAVN, "contact_bornholm": "400"}


def expected(endpoint: str, role: str) -> str:
    if role == "anonymous":
        return "login"
    if role in EDITORS:
        return "allowed"
    if endpoint == "comment_create" and role in CONTACT_MUNICIPALITY:
        return "allowed"
    return "forbidden"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_write_endpoint_for_role(client, request, world, endpoint, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    before = endpoint.probe(world)
    start = last_event_id()

    response = client.post(endpoint.url(world), endpoint.data(world))

    outcome = expected(endpoint.name, role)
    after = endpoint.probe(world)
    new_events = list(AuditEvent.objects.filter(id__gt=start).order_by("id"))
    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/log-ind/?next=/rediger/")
    elif outcome == "forbidden":
        assert response.status_code == 403
    if outcome != "allowed":
        assert after == before, "the database changed although the write was refused"
        assert new_events == []
        return

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not response["Location"].startswith("/konto/")
    assert after != before, "the write was accepted but nothing changed"
    # A new obligation also makes its occurrences' milestones, each with its own event.
    milestones = 4 if endpoint.name == "obligation_create" else 0
    assert len(new_events) == 1 + milestones, [str(e) for e in new_events]
    assert [e.object_type for e in new_events[1:]] == ["milestone"] * milestones
    event = new_events[0]
    assert event.user_id == user.pk
    assert event.actor_label == user.get_full_name()
    assert event.channel == "web"
    assert event.changes, "an audit event must record what changed"
    if endpoint.name == "comment_create":
        stored = _comments(world)
        assert len(stored) == 1
        # An editor comments for the secretariat; a contact for their own municipality,
        # whatever the request says.
        assert stored[0][0] == CONTACT_MUNICIPALITY.get(role)
        assert event.changes.get("municipality", [None, None])[1] == (
            str(Municipality.objects.get(code=CONTACT_MUNICIPALITY[role]))
            if role in CONTACT_MUNICIPALITY else None)


def test_the_matrix_covers_every_write_endpoint():
    """A new write URL in edit_urls.py must be added to the matrix above."""
    from kkrmonitor.programme import edit_urls

    reading = {"edit_home", "edit_recommendation", "date_preview"}
    names = {p.name for p in edit_urls.urlpatterns} - reading
    assert names == {e.name for e in ENDPOINTS}


def test_bornholm_contact_cannot_speak_for_koebenhavn(client, world, contact_bornholm):
    """A contact cannot choose a municipality: whatever is posted, the comment is the
    contact's own municipality's."""
    client.force_login(contact_bornholm)
    koebenhavn = Municipality.objects.get(code=KOEBENHAVN)
    url = reverse("comment_create", args=[world.initiative.pk])
    page = client.get(url).content.decode()
    assert 'name="municipality"' not in page
    assert "Du kommenterer på vegne af Bornholm" in page

    response = client.post(url, {"text": "Fra Bornholm", "municipality": str(koebenhavn.pk)})

    assert response.status_code == 302
    comment = Comment.objects.get(initiative=world.initiative)
    assert comment.municipality.code == "400"
    assert not Comment.objects.filter(municipality=koebenhavn).exists()


def test_contact_of_several_municipalities_chooses_only_among_their_own(client, world,
                                                                          contact):
    from kkrmonitor.accounts.models import Membership

    Membership.objects.create(user=contact, role="contact",
                              municipality=Municipality.objects.get(code="400"))
    client.force_login(contact)
    url = reverse("comment_create", args=[world.initiative.pk])
    frederiksberg = Municipality.objects.get(code="147")
    response = client.post(url, {"text": "Hej", "municipality": str(frederiksberg.pk)})
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed." in response.content.decode()
    assert not Comment.objects.exists()

    response = client.post(url, {"text": "Hej", "municipality": str(
        Municipality.objects.get(code="400").pk)})
    assert response.status_code == 302
    assert Comment.objects.get().municipality.code == "400"


# --- reading the editing pages -------------------------------------------------------------

PAGES = {
    "edit_home": lambda w: reverse("edit_home"),
    "edit_recommendation": lambda w: reverse("edit_recommendation", args=[w.recommendation.pk]),
    "initiative_create": lambda w: reverse("initiative_create", args=[w.recommendation.pk]),
    "initiative_edit": lambda w: reverse("initiative_edit", args=[w.initiative.pk]),
    "status_create": lambda w: reverse("status_create", args=[w.initiative.pk]),
    "milestone_create": lambda w: reverse("milestone_create", args=[w.recommendation.pk]),
    "milestone_edit": lambda w: reverse("milestone_edit", args=[w.milestone.pk]),
    "milestone_delete": lambda w: reverse("milestone_delete", args=[w.milestone.pk]),
    "comment_create": lambda w: reverse("comment_create", args=[w.initiative.pk]),
    "date_preview": lambda w: reverse("date_preview") + "?text=foråret+2026",
    "event_create": lambda w: reverse("event_create", args=[w.recommendation.pk]),
    "event_edit": lambda w: reverse("event_edit", args=[_event_pk(w)]),
    "event_delete": lambda w: reverse("event_delete", args=[_event_pk(w)]),
    "obligation_create": lambda w: reverse("obligation_create", args=[w.recommendation.pk]),
    "obligation_edit": lambda w: reverse("obligation_edit", args=[_obligation(w).pk]),
}


def expected_page_status(page_name: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if role in EDITORS:
        return 200
    if page_name in ("edit_home", "comment_create") and role in CONTACT_MUNICIPALITY:
        return 200
    if page_name in ("edit_home", "date_preview") and role == "editor_sjaelland":
        return 200  # their own start page, listing only what they may edit; the date parser
    return 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_for_role(client, request, world, page_name, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = PAGES[page_name](world)  # may make the event or obligation the page shows
    start = last_event_id()
    response = client.get(url)
    assert response.status_code == expected_page_status(page_name, role)
    if role == "anonymous":
        assert response["Location"].startswith("/konto/log-ind/?next=/rediger/")
    assert last_event_id() == start  # reading writes nothing


def test_editor_of_another_council_sees_none_of_hovedstaden_on_the_start_page(
        client, world, editor_sjaelland):
    client.force_login(editor_sjaelland)
    page = client.get(reverse("edit_home")).content.decode()
    assert "Fælles takstmodel" not in page
    assert reverse("edit_recommendation", args=[world.recommendation.pk]) not in page
    assert "Der er endnu ikke importeret et arbejdsprogram for de råd, du er redaktør for." in (
        page)


def test_csrf_token_is_required(world, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("initiative_confirm", args=[world.initiative.pk]))
    assert response.status_code == 403
    assert Initiative.objects.get(pk=world.initiative.pk).confirmed_at is None
    page = client.get(reverse("edit_recommendation", args=[world.recommendation.pk]))
    forms = page.content.decode().count('method="post"')
    assert forms and page.content.decode().count("csrfmiddlewaretoken") >= forms


# --- comments on another council's initiatives -------------------------------------------------

@pytest.fixture
def sjaelland_initiatives(reference_data):
    """A published and a draft initiative of KKR Sjælland, whose member municipalities include
    neither København nor Bornholm."""
    from kkrmonitor.programme import services
    from kkrmonitor.programme.models import Council, Programme, Publication, Recommendation
    from tests.editing.conftest import SETUP

    programme = Programme.objects.create(
        council=Council.objects.get(slug="kkr-sjaelland"), term_start=2026, term_end=2029,
        title="Arbejdsprogram", source_filename="sj.txt", source_sha256="1" * 64)
    rec = Recommendation.objects.create(programme=programme, number=1, headline="Samarbejde")
    published = services.create_initiative(SETUP, rec, services.InitiativeData(title="Åben"))
    services.set_initiative_publication(SETUP, published, Publication.PUBLISHED, 1)
    draft = services.create_initiative(SETUP, rec, services.InitiativeData(title="Kladde"))
    for initiative in (published, draft):
        Comment.objects.create(initiative=initiative, text=f"Intern note om {initiative.title}")
    return {"published": published, "draft": draft}


OTHER_COUNCIL = {"anonymous": "login", "outsider": 403, "reader": 403, "contact": 403,
                 "contact_bornholm": 403, "editor": 403, "editor_sjaelland": 200,
                 "admin_user": 200}


@pytest.mark.parametrize("publication", ["published", "draft"])
@pytest.mark.parametrize("role", ROLES)
def test_comments_on_another_councils_initiative(client, request, sjaelland_initiatives, role,
                                                 publication):
    """A municipal contact reads and writes comments only on the initiatives of the councils
    their municipality is a member of (issue #11, bug 9)."""
    initiative = sjaelland_initiatives[publication]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse("comment_create", args=[initiative.pk])
    start = last_event_id()
    page = client.get(url)
    posted = client.post(url, {"text": "Må jeg skrive her?"})
    outcome = OTHER_COUNCIL[role]
    if outcome == "login":
        assert page.status_code == posted.status_code == 302
        return
    if outcome == 403:
        assert page.status_code == posted.status_code == 403
        assert "Intern note" not in page.content.decode()
        assert not Comment.objects.filter(text="Må jeg skrive her?").exists()
        assert AuditEvent.objects.filter(id__gt=start).count() == 0
        return
    assert page.status_code == 200
    assert f"Intern note om {initiative.title}" in page.content.decode()
    assert posted.status_code == 302
    assert Comment.objects.filter(initiative=initiative, text="Må jeg skrive her?").exists()


def test_contact_comments_on_own_councils_draft(client, world, contact):
    """Their own council's drafts are open to a contact, as their role allows."""
    from kkrmonitor.programme import services
    from kkrmonitor.programme.models import Publication
    from tests.editing.conftest import SETUP

    services.set_initiative_publication(SETUP, world.initiative, Publication.DRAFT,
                                        world.initiative.version)
    client.force_login(contact)
    url = reverse("comment_create", args=[world.initiative.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Kladden ser fin ud."}).status_code == 302
    assert Comment.objects.get(initiative=world.initiative).municipality.code == KOEBENHAVN


# --- indicators: a council's are its editors', national ones administrators' ------------------

@dataclass(frozen=True)
class IndicatorEndpoint:
    name: str
    owner: str | None  # the council slug of the indicator touched; None: national
    url: Callable[[dict[str, Any]], str]
    data: Callable[[dict[str, Any]], dict[str, Any]]
    probe: Callable[[dict[str, Any]], Any]


def _definition(slug: str, name: str, recommendations: list[int]) -> dict[str, Any]:
    return {"name": name, "slug": slug, "unit": "antal", "kind": "upload", "scale": "1",
            "area_variable": "OMRÅDE", "time_variable": "Tid",
            "recommendations": [str(pk) for pk in recommendations]}


def _state(slug: str) -> Any:
    from kkrmonitor.indicators.models import Indicator

    found = Indicator.objects.filter(slug=slug).first()
    if found is None:
        return None
    return (found.name, sorted(found.recommendations.values_list("pk", flat=True)),
            found.observations.count())


def _upload(_w: dict[str, Any]) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.indicators.data import csv_for

    return {"file": SimpleUploadedFile("tal.csv", csv_for([("101", "2025", "42")]))}


def _edit(slug: str, owner: str | None) -> list[IndicatorEndpoint]:
    return [
        IndicatorEndpoint(
            f"indicator_edit[{slug}]", owner,
            lambda w: reverse("indicator_edit", args=[slug]),
            # Rename, and link to KKR Hovedstaden's recommendation 1 where that may be done.
            lambda w: _definition(slug, "Omdøbt", [] if owner == "kkr-sjaelland"
                                  else [w["rec_h"]]) | (
                {"council": str(w["councils"][owner])} if owner else {}),
            lambda w: _state(slug)),
        IndicatorEndpoint(
            f"indicator_upload[{slug}]", owner,
            lambda w: reverse("indicator_upload", args=[slug]), _upload,
            lambda w: _state(slug)),
    ]


INDICATOR_ENDPOINTS = [
    IndicatorEndpoint(
        "indicator_create", "own", lambda w: reverse("indicator_create"),
        lambda w: _definition("ny-indikator", "Ny indikator", []),
        lambda w: _state("ny-indikator")),
    *_edit("hovedstaden-tal", "kkr-hovedstaden"),
    *_edit("sjaelland-tal", "kkr-sjaelland"),
    *_edit("nationale-tal", None),
]
INDICATOR_EDITORS = {"editor": "kkr-hovedstaden", "editor_sjaelland": "kkr-sjaelland"}


def expected_for_indicator(endpoint: IndicatorEndpoint, role: str) -> str:
    if role == "anonymous":
        return "login"
    if role == "admin_user":
        return "allowed"
    if role in INDICATOR_EDITORS and endpoint.owner in ("own", INDICATOR_EDITORS[role]):
        return "allowed"
    return "forbidden"


@pytest.fixture
def indicator_world(seed_programme):
    from kkrmonitor.programme.models import Council
    from tests.indicators.data import upload_indicator

    councils = {c.slug: c.pk for c in Council.objects.all()}
    upload_indicator("hovedstaden-tal", council=Council.objects.get(slug="kkr-hovedstaden"))
    upload_indicator("sjaelland-tal", council=Council.objects.get(slug="kkr-sjaelland"))
    upload_indicator("nationale-tal", council=None)
    return {"councils": councils,
            "rec_h": seed_programme.recommendations.get(number=1).pk}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", INDICATOR_ENDPOINTS, ids=[e.name for e in INDICATOR_ENDPOINTS])
def test_indicator_endpoint_for_role(client, request, indicator_world, endpoint, role):
    """Issue #11, bug 4: an editor could change any council's indicators."""
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    before = endpoint.probe(indicator_world)
    start = last_event_id()

    response = client.post(endpoint.url(indicator_world), endpoint.data(indicator_world))

    outcome = expected_for_indicator(endpoint, role)
    after = endpoint.probe(indicator_world)
    new_events = list(AuditEvent.objects.filter(id__gt=start).order_by("id"))
    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/log-ind/")
    elif outcome == "forbidden":
        assert response.status_code == 403, response.status_code
    if outcome != "allowed":
        assert after == before, "the database changed although the write was refused"
        assert new_events == []
        return
    assert response.status_code == 302, response.content.decode()[:3000]
    assert after != before, "the write was accepted but nothing changed"
    # A new obligation also makes its occurrences' milestones, each with its own event.
    milestones = 4 if endpoint.name == "obligation_create" else 0
    assert len(new_events) == 1 + milestones, [str(e) for e in new_events]
    assert [e.object_type for e in new_events[1:]] == ["milestone"] * milestones
    event = new_events[0]
    assert event.user_id == user.pk
    assert event.changes, "an audit event must record what changed"


def test_the_indicator_matrix_covers_every_indicator_write_endpoint():
    from kkrmonitor.indicators import urls

    # The yearly CSV template holds no figures and changes nothing: a public read. "Hent nu",
    # its job page and the XLSX template have their own role matrices in tests/indicators
    # (test_fetch_now.py, test_upload_template.py).
    names = {p.name for p in urls.urlpatterns} - {
        "indicator_list", "indicator", "indicator_year_template", "indicator_fetch_now",
        "indicator_fetch_job", "indicator_upload_template"}
    assert names == {e.name.partition("[")[0] for e in INDICATOR_ENDPOINTS}


def test_relinking_an_indicator_is_audited(client, indicator_world, editor):
    client.force_login(editor)
    response = client.post(reverse("indicator_edit", args=["hovedstaden-tal"]),
                           _definition("hovedstaden-tal", "Syntetisk hovedstaden-tal",
                                       [indicator_world["rec_h"]]) | {"additive": "on"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="indicator.update").latest("id")
    assert event.changes == {"recommendations": [
        [], ["KKR Hovedstaden 2026-2029, anbefaling 1"]]}


def test_an_editor_cannot_link_another_councils_recommendation(client, indicator_world,
                                                              editor_sjaelland):
    """KKR Sjælland's editor may not tie their indicator to KKR Hovedstaden's recommendation."""
    client.force_login(editor_sjaelland)
    response = client.post(reverse("indicator_edit", args=["sjaelland-tal"]),
                           _definition("sjaelland-tal", "Omdøbt", [indicator_world["rec_h"]]))
    assert response.status_code == 200
    assert _state("sjaelland-tal")[:2] == ("Syntetisk sjaelland-tal", [])


def test_an_editor_cannot_make_an_indicator_national_or_another_councils(client,
                                                                        indicator_world,
                                                                        editor):
    client.force_login(editor)
    url = reverse("indicator_edit", args=["hovedstaden-tal"])
    data = _definition("hovedstaden-tal", "Omdøbt", [])
    sjaelland = str(indicator_world["councils"]["kkr-sjaelland"])
    assert client.post(url, data | {"council": sjaelland}).status_code == 200
    from kkrmonitor.indicators.models import Indicator

    assert Indicator.objects.get(slug="hovedstaden-tal").council.slug == "kkr-hovedstaden"


# --- reading views for editors only: the programme report (kkrmonitor/reports) ---------------

REPORT_VIEWS = ["programme_report", "programme_report_docx", "programme_report_pdf"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", REPORT_VIEWS)
def test_report_view_for_role(client, request, world, view, role):
    """Only the council's editors and administrators see the report (a draft of a public
    document, built live); the others are sent to log in or refused, and nothing is written."""
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    start = last_event_id()

    response = client.get(reverse(view, args=["kkr-hovedstaden", "2026-2029"]) + "?aar=2026")

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/log-ind/?next=/rediger/rapport/")
    elif role in EDITORS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
    assert last_event_id() == start


def test_the_matrix_covers_every_report_view():
    """A new URL in reports/urls.py must be added to the matrix above."""
    from kkrmonitor.reports import urls

    assert {p.name for p in urls.urlpatterns} == set(REPORT_VIEWS)


# --- the meeting's status annex: review page, short status, finalising --------------------

@pytest.fixture
def annex_meeting(world):
    from datetime import date

    from kkrmonitor.meetings import services as meeting_services

    return meeting_services.create_meeting(
        SETUP, world.recommendation.programme.council,
        meeting_services.MeetingData(date=date(2026, 6, 15)))


def _annex_state(meeting) -> tuple[list[str], bool]:
    from kkrmonitor.meetings.models import AnnexSnapshot, RecommendationBrief

    return ([b.text for b in RecommendationBrief.objects.filter(meeting=meeting)],
            AnnexSnapshot.objects.filter(meeting=meeting).exists())


ANNEX_WRITES = {
    "annex_brief": (lambda w, m: reverse("annex_brief", args=[m.pk, w.recommendation.pk]),
                    lambda w, m: {"a1-text": "Godt på vej.", "a1-version": "0"}),
    "annex_finalise": (lambda w, m: reverse("annex_finalise", args=[m.pk]),
                       lambda w, m: {}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(ANNEX_WRITES))
def test_annex_write_for_role(client, request, world, annex_meeting, name, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    before = _annex_state(annex_meeting)
    start = last_event_id()
    url, data = ANNEX_WRITES[name]
    response = client.post(url(world, annex_meeting), data(world, annex_meeting))
    after = _annex_state(annex_meeting)
    new_events = list(AuditEvent.objects.filter(id__gt=start).order_by("id"))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/log-ind/?next=/moede/")
    elif role not in EDITORS:
        assert response.status_code == 403
    if role not in EDITORS:
        assert (after, new_events) == (before, [])
        return
    assert response.status_code == 303
    assert after != before
    assert len(new_events) == 1 and new_events[0].user_id == user.pk
    assert new_events[0].action == ("create" if name == "annex_brief" else "finalise")


@pytest.mark.parametrize("role", ROLES)
def test_annex_review_page_for_role(client, request, world, annex_meeting, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    start = last_event_id()
    response = client.get(reverse("annex_review", args=[annex_meeting.pk]))
    assert response.status_code == (302 if role == "anonymous" else
                                    200 if role in EDITORS else 403)
    assert last_event_id() == start  # reading writes nothing


def test_the_annex_matrix_covers_every_annex_view():
    """A new annex URL must be added above (the downloads are public once finalised and are
    tested for every role in tests/meetings/test_annex.py)."""
    from kkrmonitor.meetings import feature_urls

    names = {p.name for p in feature_urls.urlpatterns if (p.name or "").startswith("annex")}
    assert names - {"annex_pdf", "annex_docx"} == set(ANNEX_WRITES) | {"annex_review"}


# --- the legally required pages: read-only, the same for every role -----------------------------

LEGAL_PAGES = {"accessibility_statement": 200, "privacy_notice": 200, "was": 302}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", list(LEGAL_PAGES))
def test_legal_page_for_role(client, request, world, page_name, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    start = last_event_id()
    response = client.get(reverse(page_name))
    assert response.status_code == LEGAL_PAGES[page_name]
    assert client.post(reverse(page_name)).status_code == 405  # nothing to write
    assert last_event_id() == start


def test_the_matrix_covers_every_legal_page():
    from kkrmonitor.web import legal_urls

    assert {p.name for p in legal_urls.urlpatterns} == set(LEGAL_PAGES)
