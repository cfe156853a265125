"""Every write service of a council's meetings — meetings, agenda items, decisions and their
effects, the status annex, imported meeting documents, link suggestions, attachments — shows at
once on the cached public pages, and leaves another council's pages in the cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kkrmonitor.meetings import services as meetings
from kkrmonitor.meetings.annex import finalise_annex
from kkrmonitor.meetings.document_import import (
    add_attachment,
    decide_suggestion,
    import_meeting_document,
    publish_item,
)
from kkrmonitor.meetings.models import AgendaItem, LinkSuggestion, Meeting
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Council, Milestone, Recommendation, Status
from tests.pagecache.shows_at_once import AUTHOR, OTHER_COUNCIL, REC1, Shows, shows_at_once

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seed_programme", "page_cache")]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"
MEETINGS = "/moeder/kkr-hovedstaden/"
DECISIONS = "/beslutninger/kkr-hovedstaden/"
HELD = date(2026, 9, 14)  # before today: a decision can be recorded


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.KKR_MEDIA_DIR = tmp_path / "media"


def council(slug: str = "kkr-hovedstaden") -> Council:
    return Council.objects.get(slug=slug)


def rec1() -> Recommendation:
    return Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=1)


def new_meeting(title: str = "Cachetestens møde", **values: object) -> Meeting:
    return meetings.create_meeting(AUTHOR, council(), meetings.MeetingData(
        date=HELD, title=title, **values))  # type: ignore[arg-type]


def test_create_and_update_meeting(client):
    meeting = None

    def create() -> None:
        nonlocal meeting
        meeting = new_meeting()

    shows_at_once(client, create, [Shows(MEETINGS, "Cachetestens møde")], stays=[OTHER_COUNCIL])
    assert meeting is not None
    shows_at_once(client, lambda: meetings.update_meeting(
        AUTHOR, meeting, meetings.MeetingData(date=HELD, title="Cachetestens flyttede møde",
                                              place="Mødelokale fra cachetesten"),
        meeting.version),
        [Shows(MEETINGS, "Cachetestens flyttede møde"),
         Shows(f"/moede/{meeting.pk}/", "Mødelokale fra cachetesten")], stays=[OTHER_COUNCIL])


def test_a_meeting_no_longer_joint_leaves_the_other_councils_list_at_once(client):
    """The other council is known only before the write: its list must still be dropped."""
    meeting = new_meeting("Fælles møde fra cachetesten", joint_with=council("kkr-sjaelland"))
    shows_at_once(client, lambda: meetings.update_meeting(
        AUTHOR, meeting, meetings.MeetingData(date=HELD, title="Fælles møde fra cachetesten"),
        meeting.version),
        [Shows("/moeder/kkr-sjaelland/", "Fælles møde fra cachetesten", gone=True)])


def test_agenda_item_added_and_updated(client):
    meeting = new_meeting()
    page = f"/moede/{meeting.pk}/"
    item = None

    def add() -> None:
        nonlocal item
        item = meetings.add_agenda_item(AUTHOR, meeting, meetings.AgendaItemData(
            number=1, title="Punkt fra cachetesten", kind=AgendaItem.Kind.DECISION))

    shows_at_once(client, add, [Shows(page, "Punkt fra cachetesten"),
                                Shows(MEETINGS, "1 punkt på dagsordenen")],
                  stays=[OTHER_COUNCIL])
    assert item is not None
    shows_at_once(client, lambda: meetings.update_agenda_item(
        AUTHOR, item, meetings.AgendaItemData(
            number=1, title="Rettet punkt fra cachetesten", kind=AgendaItem.Kind.DECISION,
            recommendations=(rec1(),)), item.version),
        [Shows(page, "Rettet punkt fra cachetesten"),
         Shows(REC1, "Rettet punkt fra cachetesten")], stays=[OTHER_COUNCIL])


def test_decision_and_its_effects(client):
    recommendation = rec1()
    initiative = services.create_initiative(AUTHOR, recommendation, services.InitiativeData(
        title="Indsats til beslutningen"))
    services.set_initiative_publication(AUTHOR, initiative, "published", 1)
    initiative.refresh_from_db()
    milestone = services.create_milestone(AUTHOR, recommendation, "Milepæl til beslutningen",
                                          parse_window("juni 2026"))
    meeting = new_meeting()
    item = meetings.add_agenda_item(AUTHOR, meeting, meetings.AgendaItemData(
        number=1, title="Punkt til beslutningen", kind=AgendaItem.Kind.DECISION))
    shows_at_once(client, lambda: meetings.record_decision(
        AUTHOR, item, "Beslutning fra cachetesten",
        moves=[meetings.MilestoneMove(milestone, parse_window("december 2027"),
                                      milestone.version)],
        status_changes=[meetings.StatusChange(initiative, Status.AT_RISK, 20,
                                              "Status besluttet i cachetesten")]),
        [Shows(f"/moede/{meeting.pk}/", "Beslutning fra cachetesten"),
         Shows(DECISIONS, "Beslutning fra cachetesten"),
         Shows(REC1, "december 2027"), Shows(REC1, "Status besluttet i cachetesten")],
        stays=[OTHER_COUNCIL])
    assert Milestone.objects.get(pk=milestone.pk).label == "december 2027"


def test_finalised_annex(client):
    meeting = new_meeting()
    shows_at_once(client, lambda: finalise_annex(AUTHOR, meeting),
                  [Shows(f"/moede/{meeting.pk}/", "Hent statusbilaget (PDF)")],
                  stays=[OTHER_COUNCIL])


@pytest.fixture
def imported() -> Meeting:
    result = import_meeting_document(AUTHOR, council(), date(2026, 4, 20), "kkr-dagsorden.txt",
                                     (FIXTURES / "kkr-dagsorden.txt").read_bytes())
    assert result.meeting is not None
    return result.meeting


def test_imported_meeting_document(client):
    shows_at_once(client, lambda: import_meeting_document(
        AUTHOR, council(), date(2026, 4, 20), "kkr-dagsorden.txt",
        (FIXTURES / "kkr-dagsorden.txt").read_bytes()),
        [Shows(MEETINGS, "20. april 2026")], stays=[OTHER_COUNCIL])


def test_published_imported_item(client, imported):
    item = imported.agenda_items.order_by("number").first()
    shows_at_once(client, lambda: publish_item(AUTHOR, item),
                  [Shows(f"/moede/{imported.pk}/", item.title)])


def test_accepted_link_suggestion(client, imported):
    suggestion = LinkSuggestion.objects.filter(recommendation__isnull=False).select_related(
        "agenda_item", "recommendation__programme").first()
    assert suggestion is not None
    publish_item(AUTHOR, suggestion.agenda_item)
    number = suggestion.recommendation.number
    page = f"/program/kkr-hovedstaden/2026-2029/anbefaling/{number}/"
    shows_at_once(client, lambda: decide_suggestion(AUTHOR, suggestion, accept=True),
                  [Shows(page, suggestion.agenda_item.title)])


def _pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(40, 800, "Bilag fra cachetesten")
    pdf.save()
    return buffer.getvalue()


def test_attachment(client):
    meeting = new_meeting()
    shows_at_once(client, lambda: add_attachment(AUTHOR, meeting, None, "cachetest-bilag.pdf",
                                                 _pdf()),
                  [Shows(f"/moede/{meeting.pk}/", "cachetest-bilag.pdf")])
