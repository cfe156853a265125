"""Fixtures for the meeting tests: recommendation 1 of the real programme with a published
initiative and a milestone, and a held meeting of KKR Hovedstaden with one agenda item linked to
them, all made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.meetings import services
from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import (
    AuditEvent,
    Council,
    Initiative,
    Milestone,
    Publication,
    Recommendation,
)

SETUP = Author(label="Testopsætning", channel="cli")


@dataclass
class World:
    recommendation: Recommendation
    initiative: Initiative
    milestone: Milestone
    meeting: Meeting
    item: AgendaItem

    def refresh(self) -> World:
        return World(
            Recommendation.objects.select_related("programme__council").get(
                pk=self.recommendation.pk),
            Initiative.objects.get(pk=self.initiative.pk),
            Milestone.objects.select_related("initiative", "recommendation").get(
                pk=self.milestone.pk),
            Meeting.objects.select_related("council").get(pk=self.meeting.pk),
            AgendaItem.objects.select_related("meeting__council").get(pk=self.item.pk),
        )


@pytest.fixture
def hovedstaden(reference_data) -> Council:
    return Council.objects.get(slug="kkr-hovedstaden")


@pytest.fixture
def world(seed_programme) -> World:
    rec1 = seed_programme.recommendations.select_related("programme__council").get(number=1)
    initiative = programme_services.create_initiative(
        SETUP, rec1, programme_services.InitiativeData(
            title="Fælles takstmodel", owner="KKR Hovedstaden",
            window=parse_window("2026-2029")))
    programme_services.set_initiative_publication(SETUP, initiative, Publication.PUBLISHED, 1)
    initiative = Initiative.objects.get(pk=initiative.pk)
    milestone = programme_services.create_milestone(SETUP, rec1, "Godkendelse i KKR",
                                                    parse_window("juni 2026"), initiative)
    meeting = services.create_meeting(SETUP, rec1.programme.council, services.MeetingData(
        date=date(2026, 4, 20), state=Meeting.State.HELD, place="Københavns Rådhus"))
    item = services.add_agenda_item(SETUP, meeting, services.AgendaItemData(
        number=3, title="Styring af kvalitet og pris", kind=AgendaItem.Kind.DECISION,
        case_text="Sekretariatet foreslår en fælles takstmodel.",
        recommendations=(rec1,), initiatives=(initiative,)))
    return World(rec1, initiative, milestone, meeting, item).refresh()


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

