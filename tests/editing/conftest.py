"""Fixtures for the editing tests: recommendation 1 of the real programme with one published
initiative, a draft status update on it and a milestone, all made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import (
    AuditEvent,
    Initiative,
    Milestone,
    Publication,
    Recommendation,
    Status,
    StatusUpdate,
)

SETUP = Author(label="Testopsætning", channel="cli")


@dataclass
class World:
    recommendation: Recommendation
    initiative: Initiative
    draft_update: StatusUpdate
    milestone: Milestone

    def refresh(self) -> World:
        return World(
            Recommendation.objects.get(pk=self.recommendation.pk),
            Initiative.objects.get(pk=self.initiative.pk),
            StatusUpdate.objects.get(pk=self.draft_update.pk),
            Milestone.objects.filter(pk=self.milestone.pk).first(),  # type: ignore[arg-type]
        )


@pytest.fixture
def rec1(seed_programme) -> Recommendation:
    return seed_programme.recommendations.select_related("programme__council").get(number=1)


@pytest.fixture
def world(rec1) -> World:
    initiative = services.create_initiative(SETUP, rec1, services.InitiativeData(
        title="Fælles takstmodel", description="Ens takster for tilbud på tværs af kommuner.",
        owner="KKR Hovedstaden", weight=2, window=parse_window("2026-2029")))
    services.set_initiative_publication(SETUP, initiative, Publication.PUBLISHED, 1)
    update = services.add_status_update(SETUP, initiative, Status.ON_TRACK, 30,
                                        "Udkast drøftet", date(2026, 3, 1))
    milestone = services.create_milestone(SETUP, rec1, "Godkendelse i KKR",
                                          parse_window("juni 2026"), initiative)
    return World(rec1, Initiative.objects.get(pk=initiative.pk), update, milestone)


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
