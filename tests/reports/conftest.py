"""A small programme of KKR Hovedstaden for the report tests, built here: two recommendations,
three initiatives (one a draft), milestones in 2026 and 2027, a meeting with a decision, a joint
effort with three stages, a portfolio project that changed stage, and an indicator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.joint import services as joint_services
from kkrmonitor.joint.models import (
    JointInitiative,
    JointStage,
    Portfolio,
    PortfolioStage,
    Project,
    StageReport,
)
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme import services
from kkrmonitor.programme.models import (
    AuditEvent,
    Council,
    Initiative,
    Milestone,
    Municipality,
    Programme,
    Publication,
    Recommendation,
    Status,
)

SETUP = Author(label="Testopsætning", channel="cli")


@dataclass
class Small:
    programme: Programme
    rec1: Recommendation
    rec2: Recommendation
    milestones: dict[str, Milestone]


def _initiative(rec: Recommendation, title: str, status: str, progress: int,
                publication: str = Publication.PUBLISHED) -> Initiative:
    return Initiative.objects.create(recommendation=rec, title=title, status=status,
                                     progress=progress, publication=publication)


@pytest.fixture
def small(reference_data) -> Small:
    council = Council.objects.get(slug="kkr-hovedstaden")
    programme = Programme.objects.create(council=council, term_start=2026, term_end=2029,
                                         title="Arbejdsprogram", source_filename="test.txt")
    rec1 = Recommendation.objects.create(programme=programme, number=1, progress=40,
                                         headline="Det specialiserede socialområde")
    rec2 = Recommendation.objects.create(programme=programme, number=2,
                                         headline="Fælles it-driftsenheder")
    takst = _initiative(rec1, "Fælles takstmodel", Status.ON_TRACK, 40)
    _initiative(rec1, "Hemmeligt udkast", Status.AT_RISK, 10, Publication.DRAFT)
    it = _initiative(rec2, "IT-drift", Status.DONE, 100)
    milestones = {
        "godkendelse": Milestone.objects.create(
            recommendation=rec1, initiative=takst, title="Godkendelse i KKR",
            start=date(2026, 3, 1), end=date(2026, 5, 31), label="foråret 2026"),
        "evaluering": Milestone.objects.create(
            recommendation=rec1, initiative=takst, title="Evaluering",
            start=date(2027, 9, 1), end=date(2027, 11, 30), label="efteråret 2027"),
        "drift": Milestone.objects.create(
            recommendation=rec2, title="Fælles drift i alle kommuner",
            end=date(2027, 12, 31), label="inden udgangen af 2027"),
        "afrapportering": Milestone.objects.create(
            recommendation=rec2, title="Afrapportering til KKR", start=date(2026, 9, 1),
            end=date(2026, 9, 30), label="september 2026"),
        "analyse": Milestone.objects.create(
            recommendation=rec1, initiative=takst, title="Analyse af takster",
            start=date(2026, 6, 1), end=date(2026, 8, 31), label="sommeren 2026"),
    }
    m = milestones
    services.set_milestone_outcome(SETUP, m["godkendelse"], state="reached",
                                   on=date(2026, 5, 20), reason="", expected_version=1)
    services.set_milestone_outcome(SETUP, m["afrapportering"], state="missed",
                                   on=date(2026, 10, 1), reason="Data kom for sent",
                                   expected_version=1)
    services.set_milestone_outcome(SETUP, m["analyse"], state="moved", on=date(2026, 8, 15),
                                   reason="Afventer nye takster", window_text="oktober 2027",
                                   expected_version=1)
    milestones = {k: Milestone.objects.get(pk=v.pk) for k, v in milestones.items()}

    meeting = Meeting.objects.create(council=council, date=date(2026, 3, 16),
                                     state=Meeting.State.HELD)
    item = AgendaItem.objects.create(meeting=meeting, number=3, title="Takstmodel",
                                     kind=AgendaItem.Kind.DECISION)
    item.recommendations.add(rec1)
    Decision.objects.create(agenda_item=item, text="KKR godkendte takstmodellen.")
    Meeting.objects.create(council=council, date=date(2028, 1, 20))  # outside 2026 and 2027

    joint = JointInitiative.objects.create(initiative=it, start=date(2026, 1, 1),
                                           deadline=date(2027, 12, 31))
    stages = [JointStage.objects.create(joint=joint, position=n, name=name)
              for n, name in enumerate(["Ikke startet", "I gang", "Overdraget"])]
    for code, stage, day in [("101", 2, date(2026, 11, 1)), ("147", 2, date(2027, 2, 1)),
                             ("151", 1, date(2026, 6, 1)), ("153", 2, date(2027, 3, 1))]:
        StageReport.objects.create(initiative=it, municipality=Municipality.objects.get(code=code),
                                   stage=stages[stage], as_of=day,
                                   state=StageReport.State.APPROVED)
    # A report still waiting for approval does not count.
    StageReport.objects.create(initiative=it, municipality=Municipality.objects.get(code="155"),
                               stage=stages[2], as_of=date(2026, 5, 1))

    portfolio = Portfolio.objects.create(slug="infrastruktur", name="Infrastruktur",
                                         council=council)
    idea, study = (PortfolioStage.objects.create(portfolio=portfolio, position=n, name=name)
                   for n, name in enumerate(["Idé", "Forundersøgelse"]))
    project = joint_services.create_project(
        SETUP, Project(portfolio=portfolio, slug="ringvej"),
        joint_services.ProjectData(name="Ringvej", stage_id=idea.pk))
    joint_services.update_project(SETUP, project, joint_services.ProjectData(
        name="Ringvej", stage_id=study.pk), project.version)
    events = AuditEvent.objects.filter(object_type="project").order_by("id")
    for event, day in zip(events, [date(2025, 11, 1), date(2027, 4, 2)], strict=True):
        AuditEvent.objects.filter(pk=event.pk).update(
            at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC))

    indicator = Indicator.objects.create(slug="ledighed", name="Ledighed", unit="procent",
                                         source="Danmarks Statistik, AUP")
    area, _ = Area.objects.get_or_create(kind=Area.Kind.COUNCIL, code=council.slug,
                                         defaults={"name": council.name, "council": council})
    for period, start, value in [("2025", date(2025, 1, 1), 3.1), ("2026", date(2026, 1, 1), 2.9),
                                 ("2027", date(2027, 1, 1), 2.75)]:
        Observation.objects.create(indicator=indicator, area=area, period=period,
                                   period_start=start, value=value, source="upload")
    Indicator.objects.create(slug="tom", name="Uden tal", unit="antal")
    return Small(programme, rec1, rec2, milestones)
