"""Every write service of a council's programme shows at once on the cached public pages that
can show it (the council's pages and a national page), and leaves another council's pages in
the cache. The table in test_every_write_is_listed.py names the test of each service."""

from __future__ import annotations

from datetime import date

import pytest

from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import obligations, services
from kkrmonitor.programme.models import (
    Actor,
    Initiative,
    Milestone,
    Obligation,
    Publication,
    Recommendation,
    Status,
)
from tests.pagecache.shows_at_once import (
    AUTHOR,
    OTHER_COUNCIL,
    PROGRAMME,
    REC1,
    Shows,
    shows_at_once,
)

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seed_programme", "page_cache")]

# KKR Hovedstaden's pages, the national pages, and the pages of the forum that spans the council.
SCOPED = {"national", "council:kkr-hovedstaden", "council:sundhedskoordinationsforum"}
DEADLINES = "/frister/kkr-hovedstaden/"
API = "/api/program/kkr-hovedstaden/2026-2029/indsatser"
CHANGES = f"{PROGRAMME}aendringer/"


def rec1() -> Recommendation:
    return Recommendation.objects.select_related("programme").get(
        programme__council__slug="kkr-hovedstaden", number=1)


def published_initiative(title: str = "Indsats til cachetesten") -> Initiative:
    initiative = services.create_initiative(AUTHOR, rec1(), services.InitiativeData(
        title=title, window=parse_window("2026-2029")))
    services.set_initiative_publication(AUTHOR, initiative, Publication.PUBLISHED, 1)
    return Initiative.objects.get(pk=initiative.pk)


def test_create_and_publish_initiative(client):
    initiative = services.create_initiative(AUTHOR, rec1(), services.InitiativeData(
        title="Ny indsats fra cachetesten"))
    # The API's JSON escapes letters outside ASCII: its texts here are plain ASCII.
    dropped = shows_at_once(
        client, lambda: services.set_initiative_publication(
            AUTHOR, initiative, Publication.PUBLISHED, initiative.version),
        [Shows(REC1, "Ny indsats fra cachetesten"), Shows(API, "Ny indsats fra cachetesten")],
        stays=[OTHER_COUNCIL])
    assert dropped == SCOPED


def test_update_initiative(client):
    initiative = published_initiative()
    assert shows_at_once(
        client, lambda: services.update_initiative(AUTHOR, initiative, services.InitiativeData(
            title="Omdobt indsats fra cachetesten"), initiative.version),
        [Shows(REC1, "Omdobt indsats fra cachetesten"),
         Shows(API, "Omdobt indsats fra cachetesten")],
        stays=[OTHER_COUNCIL]) == SCOPED


def test_confirm_unchanged(client):
    initiative = published_initiative()
    # Never reported and never confirmed, the status reads "not reported yet"; confirmed, it is
    # the initiative's status.
    assert shows_at_once(
        client, lambda: services.confirm_unchanged(AUTHOR, initiative),
        [Shows(REC1, "Ikke rapporteret endnu", gone=True)], stays=[OTHER_COUNCIL]) == SCOPED


def test_create_and_update_recommendation(client):
    programme = rec1().programme
    assert shows_at_once(
        client, lambda: services.create_recommendation(
            AUTHOR, programme, 99, "Anbefaling fra cachetesten", "Brødtekst.", "Tema"),
        [Shows(PROGRAMME, "Anbefaling fra cachetesten")], stays=[OTHER_COUNCIL]) == SCOPED
    recommendation = rec1()
    assert shows_at_once(
        client, lambda: services.update_recommendation(
            AUTHOR, recommendation, "Ny overskrift fra cachetesten", recommendation.body,
            recommendation.theme, recommendation.version),
        [Shows(PROGRAMME, "Ny overskrift fra cachetesten"),
         Shows(REC1, "Ny overskrift fra cachetesten")], stays=[OTHER_COUNCIL]) == SCOPED


def test_set_recommendation_actors(client):
    actor = Actor.objects.create(slug="cachetest-aktoer", name="Cachetestens Aktør")
    recommendation = rec1()
    shows_at_once(
        client, lambda: services.set_recommendation_actors(
            AUTHOR, recommendation, [*recommendation.actors.all(), actor],
            recommendation.version),
        [Shows(REC1, "Cachetestens Aktør")])


def test_history_entry_create_update_delete(client):
    history = REC1
    recommendation = rec1()
    entry = None

    def create() -> None:
        nonlocal entry
        entry = services.create_history_entry(AUTHOR, recommendation, "Forhistorie fra testen",
                                              parse_window("marts 2025"))

    shows_at_once(client, create, [Shows(history, "Forhistorie fra testen")],
                  stays=[OTHER_COUNCIL])
    assert entry is not None
    shows_at_once(client, lambda: services.update_history_entry(
        AUTHOR, entry, "Rettet forhistorie fra testen", parse_window("marts 2025")),
        [Shows(history, "Rettet forhistorie fra testen")], stays=[OTHER_COUNCIL])
    shows_at_once(client, lambda: services.delete_history_entry(AUTHOR, entry),
                  [Shows(history, "Rettet forhistorie fra testen", gone=True)],
                  stays=[OTHER_COUNCIL])


def test_milestone_create_update_outcome_delete(client):
    recommendation = rec1()
    milestone = None

    def create() -> None:
        nonlocal milestone
        milestone = services.create_milestone(AUTHOR, recommendation, "Milepæl fra cachetesten",
                                              parse_window("juni 2026"))

    assert shows_at_once(client, create, [Shows(REC1, "Milepæl fra cachetesten"),
                                          Shows(DEADLINES, "Milepæl fra cachetesten")],
                         stays=[OTHER_COUNCIL]) == SCOPED
    assert milestone is not None
    shows_at_once(client, lambda: services.update_milestone(
        AUTHOR, milestone, "Flyttet milepæl fra cachetesten", parse_window("juni 2026"), None,
        milestone.version),
        [Shows(REC1, "Flyttet milepæl fra cachetesten"),
         Shows(DEADLINES, "Flyttet milepæl fra cachetesten")], stays=[OTHER_COUNCIL])
    milestone.refresh_from_db()
    shows_at_once(client, lambda: services.set_milestone_outcome(
        AUTHOR, milestone, state="dropped", on=date(2026, 5, 1),
        reason="Opgivet af cachetesten", expected_version=milestone.version),
        [Shows(REC1, "Opgivet af cachetesten")], stays=[OTHER_COUNCIL])
    milestone.refresh_from_db()
    shows_at_once(client, lambda: services.delete_milestone(AUTHOR, milestone,
                                                            milestone.version),
                  [Shows(REC1, "Flyttet milepæl fra cachetesten", gone=True)],
                  stays=[OTHER_COUNCIL])


def test_status_update_added_and_published(client):
    initiative = published_initiative()
    assert shows_at_once(client, lambda: services.add_status_update(
        AUTHOR, initiative, Status.ON_TRACK, 40, "Status fra cachetesten", date(2026, 6, 1),
        publish=True), [Shows(REC1, "Status fra cachetesten")],
        stays=[OTHER_COUNCIL]) == SCOPED
    initiative.refresh_from_db()
    draft = services.add_status_update(AUTHOR, initiative, Status.AT_RISK, 50,
                                       "Kladdestatus fra cachetesten", date(2026, 7, 1))
    assert shows_at_once(client, lambda: services.publish_status_update(
        AUTHOR, draft, draft.version), [Shows(REC1, "Kladdestatus fra cachetesten")],
        stays=[OTHER_COUNCIL]) == SCOPED


def test_obligation_create_and_update_sync_its_milestones(client):
    obligation = Obligation(title="Rammeaftalen fra cachetesten",
                            rhythm=Obligation.Rhythm.EVERY_SECOND_YEAR, first_year=2024,
                            source="rammeaftale-h.dk")
    recommendation = rec1()
    shows_at_once(client, lambda: obligations.create_obligation(AUTHOR, recommendation,
                                                                obligation),
                  [Shows(REC1, "Rammeaftalen fra cachetesten (2026)"),
                   Shows(DEADLINES, "Rammeaftalen fra cachetesten (2026)")])
    obligation.refresh_from_db()
    shows_at_once(client, lambda: obligations.update_obligation(
        AUTHOR, obligation, {**{f: getattr(obligation, f) for f in obligations.OBLIGATION_FIELDS},
                                "rhythm": Obligation.Rhythm.YEARLY},
        obligation.version),
        [Shows(REC1, "Rammeaftalen fra cachetesten (2027)")])
    assert Milestone.objects.filter(title__startswith="Rammeaftalen fra").count() == 4


def test_external_event_create_update_delete(client):
    recommendation = rec1()
    event = None

    def create() -> None:
        nonlocal event
        event = obligations.create_external_event(
            AUTHOR, recommendation, "Begivenhed fra cachetesten", parse_window("efteråret 2026"),
            "Lovforslaget")

    shows_at_once(client, create, [Shows(REC1, "Begivenhed fra cachetesten")])
    assert event is not None
    shows_at_once(client, lambda: obligations.update_external_event(
        AUTHOR, event, "Vedtaget begivenhed fra cachetesten", parse_window("efteråret 2026"),
        "Loven", "", event.version), [Shows(REC1, "Vedtaget begivenhed fra cachetesten")])
    shows_at_once(client, lambda: obligations.delete_external_event(AUTHOR, event),
                  [Shows(REC1, "Vedtaget begivenhed fra cachetesten", gone=True)])


def test_a_shared_initiative_renamed_shows_on_the_other_councils_page(client):
    from kkrmonitor.joint.services import share_initiative
    from kkrmonitor.programme.models import Council

    initiative = published_initiative("Delt indsats fra cachetesten")
    share_initiative(AUTHOR, initiative, Council.objects.get(slug="kkr-sjaelland"))
    initiative.refresh_from_db()
    dropped = shows_at_once(
        client, lambda: services.update_initiative(AUTHOR, initiative, services.InitiativeData(
            title="Omdøbt delt indsats fra cachetesten"), initiative.version),
        [Shows(OTHER_COUNCIL, "Omdøbt delt indsats fra cachetesten"),
         Shows(REC1, "Omdøbt delt indsats fra cachetesten")])
    assert dropped == SCOPED | {"council:kkr-sjaelland"}
