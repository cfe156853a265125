"""The remaining write services: indicators (upload, fetch, definitions), reference loaders and
the programme import show at once; writes no public page shows (log-ins, log-outs, password
changes, user accounts and roles, responsible persons, internal comments, draft annex briefs)
drop no page, or only their own council's."""

from __future__ import annotations

from datetime import date

import pytest

from kkrmonitor.accounts import services as accounts
from kkrmonitor.audit import AuditAction
from kkrmonitor.indicators.jobs import start_fetch
from kkrmonitor.indicators.models import Indicator
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.indicators.services import import_observations, save_definition
from kkrmonitor.meetings import services as meetings
from kkrmonitor.meetings.briefs import save_brief
from kkrmonitor.meetings.reference import load_reference_meetings
from kkrmonitor.owners.services import assign_responsible
from kkrmonitor.pagecache import generation
from kkrmonitor.programme import services
from kkrmonitor.programme.importing import import_programme
from kkrmonitor.programme.models import Council, Municipality, Programme, Recommendation
from kkrmonitor.programme.reference_loading import load_reference_data
from kkrmonitor.registers.defaults import load_reference_registers
from tests.conftest import PASSWORD, SEED
from tests.indicators.data import csv_for, upload_indicator
from tests.pagecache.shows_at_once import (
    AUTHOR,
    OTHER_COUNCIL,
    PROGRAMME,
    REC1,
    Shows,
    body,
    dropped_by,
    shows_at_once,
    warm,
)

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seed_programme", "page_cache")]

SCOPED = {"national", "council:kkr-hovedstaden", "council:sundhedskoordinationsforum"}


def rec1() -> Recommendation:
    return Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=1)


# --- indicators ----------------------------------------------------------------------------

def test_uploaded_observations_and_definition(client):
    indicator = upload_indicator(slug="cachetest")
    page = f"/indikator/{indicator.slug}/"
    shows_at_once(client, lambda: import_observations(
        indicator, csv_for([("101", "2025", "12345")]), "tal.csv", AUTHOR),
        [Shows(page, "12.345")])
    indicator.name = "Cachetestens omdøbte tal"
    shows_at_once(client, lambda: save_definition(AUTHOR, indicator, created=False),
                  [Shows(page, "Cachetestens omdøbte tal"),
                   Shows("/indikatorer/", "Cachetestens omdøbte tal")])


def test_fetched_indicator_and_reference_indicators(client, fake_statbank, settings):
    settings.KKR_STATBANK_URL = fake_statbank.url
    warm(client, "/indikatorer/")
    # A definition without figures has its own page only (a 404 is never cached) and is not
    # listed yet; the loader drops every page.
    _, dropped = dropped_by(load_reference_indicators)
    assert dropped == {"all"}
    indicator = Indicator.objects.get(slug="regk31-voksne-saerlige-behov")
    name = "Udgifter til voksne med særlige behov (funktion 5.38)"
    assert name in body(client, f"/indikator/{indicator.slug}/")
    # The job runs at once in the tests (django-tasks' immediate backend).
    shows_at_once(client, lambda: start_fetch(indicator, AUTHOR), [Shows("/indikatorer/", name)])


# --- reference loaders and the programme import ------------------------------------------

def test_reference_data_loader_restores_a_council_name(client):
    Council.objects.filter(slug="kkr-sjaelland").update(name="Rådet fra cachetesten")
    shows_at_once(client, load_reference_data,
                  [Shows(OTHER_COUNCIL, "Rådet fra cachetesten", gone=True)])


def test_reference_meetings_and_registers(client):
    shows_at_once(client, load_reference_meetings,
                  [Shows("/moeder/kkr-hovedstaden/", "Tirsdag 2. september 2025")])
    shows_at_once(client, load_reference_registers,
                  [Shows("/registre/", "Taskforcens anbefalinger og opfølgning")])


def test_programme_import_restores_a_headline(client):
    original = rec1().headline
    Recommendation.objects.filter(pk=rec1().pk).update(headline="Overskrift fra cachetesten")
    programme = Programme.objects.get(council__slug="kkr-hovedstaden")
    # A changed source is imported again (an unchanged one is skipped, writing nothing).
    Programme.objects.filter(pk=programme.pk).update(source_sha256="ændret")
    shows_at_once(client, lambda: import_programme(SEED, "kkr-hovedstaden"),
                  [Shows(PROGRAMME, "Overskrift fra cachetesten", gone=True),
                   Shows(PROGRAMME, original[:40])])


# --- writes no public page shows -----------------------------------------------------------

def test_log_in_log_out_and_password_change_drop_nothing(client, editor):
    warm(client, PROGRAMME)
    member = client.__class__()
    _, dropped = dropped_by(lambda: member.login(email=editor.email, password=PASSWORD))
    assert dropped == set()
    new = "et-helt-nyt-kodeord-til-cachetesten"
    response, dropped = dropped_by(lambda: member.post("/konto/adgangskode/", {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new}))
    assert response.status_code == 302 and dropped == set()
    _, dropped = dropped_by(lambda: member.post("/konto/log-ud/"))
    assert dropped == set()
    generation.forget()
    assert client.get(PROGRAMME)["X-KKR-Cache"] == "hit"


def test_user_accounts_and_roles_drop_nothing(client, editor):
    warm(client, PROGRAMME)
    council = Council.objects.get(slug="kkr-hovedstaden")
    grant = accounts.RoleGrant(role="editor", council=council)
    new, dropped = dropped_by(lambda: accounts.create_user(
        AUTHOR, email="ny@kkr.test", full_name="Ny Bruger", grant=grant, password=PASSWORD))
    assert dropped == set()
    for write in (
        lambda: accounts.invite_user(AUTHOR, email="inviteret@kkr.test", full_name="Inviteret",
                                     grant=grant, base_url="http://testserver"),
        lambda: accounts.add_role(AUTHOR, new, accounts.RoleGrant(
            role="contact", municipality=Municipality.objects.get(code="101"))),
        lambda: accounts.remove_role(AUTHOR, new.memberships.get(role="contact")),
        lambda: accounts.set_active(AUTHOR, new, False),
        lambda: accounts.set_password(AUTHOR, editor, "endnu-et-nyt-kodeord-hertil",
                                      action=AuditAction.USER_PASSWORD_CHANGE),
    ):
        _, dropped = dropped_by(write)
        assert dropped == set()
    assert client.get(PROGRAMME)["X-KKR-Cache"] == "hit"


def test_internal_writes_keep_other_councils_pages(client, editor):
    """A responsible person, an internal comment and a draft annex brief are not shown to the
    public; they drop at most their own council's pages."""
    initiative = services.create_initiative(AUTHOR, rec1(), services.InitiativeData(
        title="Indsats til de interne skrivninger"))
    meeting = meetings.create_meeting(AUTHOR, Council.objects.get(slug="kkr-hovedstaden"),
                                      meetings.MeetingData(date=date(2026, 9, 14)))
    for write in (
        lambda: assign_responsible(AUTHOR, initiative, editor),
        lambda: services.add_comment(AUTHOR, initiative,
                                     Municipality.objects.get(code="101"),
                                     "Intern note fra cachetesten"),
        lambda: save_brief(AUTHOR, meeting, rec1(), "Kort status fra cachetesten", 0),
    ):
        dropped = shows_at_once(client, write, [], stays=[OTHER_COUNCIL])
        assert dropped <= SCOPED
        assert "Intern note fra cachetesten" not in client.get(REC1).content.decode()
        assert "Kort status fra cachetesten" not in client.get(
            f"/moede/{meeting.pk}/").content.decode()
