"""Every write service of the joint efforts (stage reports, the effort's stages, sharing),
the project portfolios and the registers shows at once on the cached public pages."""

from __future__ import annotations

from datetime import date

import pytest

from kkrmonitor.joint import services as joint
from kkrmonitor.joint.defaults import IT_TITLE, load_reference_joint
from kkrmonitor.joint.models import (
    JointInitiative,
    JointStage,
    Portfolio,
    PortfolioStage,
    Project,
    ProjectList,
    StageReport,
)
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Council, Municipality, Publication, Recommendation
from kkrmonitor.registers import services as registers
from kkrmonitor.registers.models import Column, ColumnKind, Register
from tests.pagecache.shows_at_once import AUTHOR, OTHER_COUNCIL, Shows, shows_at_once

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("seed_programme", "page_cache")]

JOINT_LIST = "/faelles/"


@pytest.fixture
def it_joint() -> JointInitiative:
    load_reference_joint()
    return JointInitiative.objects.select_related("initiative").get(initiative__title=IT_TITLE)


def last_stage(effort: JointInitiative) -> JointStage:
    stage = JointStage.objects.filter(joint=effort).order_by("-position", "-pk").first()
    assert stage is not None
    return stage


def test_stage_report_submitted_reviewed_and_imported(client, it_joint):
    matrix = f"/faelles/{it_joint.pk}/"
    koebenhavn, frederiksberg = (Municipality.objects.get(code=c) for c in ("101", "147"))
    shows_at_once(client, lambda: joint.submit_report(
        AUTHOR, it_joint, koebenhavn, last_stage(it_joint), date(2026, 4, 1),
        "Note fra cachetesten", approved=True), [Shows(matrix, "Note fra cachetesten")])
    waiting = joint.submit_report(AUTHOR, it_joint, frederiksberg, last_stage(it_joint),
                                  date(2026, 4, 2), "Afventende note fra cachetesten")
    shows_at_once(client, lambda: joint.review_report(AUTHOR, waiting, True, "",
                                                      waiting.version),
                  [Shows(matrix, "Afventende note fra cachetesten")])
    assert StageReport.objects.get(pk=waiting.pk).state == StageReport.State.APPROVED
    shows_at_once(client, lambda: joint.import_reports(AUTHOR, it_joint, [joint.ImportRow(
        Municipality.objects.get(code="151"), last_stage(it_joint), date(2026, 4, 3),
        "Indlæst note fra cachetesten")]), [Shows(matrix, "Indlæst note fra cachetesten")])


def test_joint_effort_created_updated_shared_unshared(client):
    recommendation = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden",
                                                number=1)
    initiative = services.create_initiative(AUTHOR, recommendation, services.InitiativeData(
        title="Fælles indsats fra cachetesten"))
    services.set_initiative_publication(AUTHOR, initiative, Publication.PUBLISHED, 1)
    effort = None

    def create() -> None:
        nonlocal effort
        effort = joint.create_joint_initiative(AUTHOR, initiative, ["Ikke startet", "Færdig"],
                                               date(2026, 1, 1), date(2027, 12, 31))

    shows_at_once(client, create, [Shows(JOINT_LIST, "Fælles indsats fra cachetesten")])
    assert effort is not None
    matrix = f"/faelles/{effort.pk}/"
    stages = tuple(joint.StageEdit(s.pk, s.name) for s in effort.stages.order_by("position"))
    shows_at_once(client, lambda: joint.update_joint_initiative(AUTHOR, effort, joint.JointData(
        start=date(2026, 1, 1), deadline=date(2027, 12, 31), source="", dates_note="",
        stages=(*stages, joint.StageEdit(None, "Trin fra cachetesten"))), effort.version),
        [Shows(matrix, "Trin fra cachetesten")])
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    shows_at_once(client, lambda: joint.share_initiative(AUTHOR, initiative, sjaelland),
                  [Shows(OTHER_COUNCIL, "Fælles indsats fra cachetesten")])
    shows_at_once(client, lambda: joint.unshare_initiative(AUTHOR, initiative, sjaelland),
                  [Shows(OTHER_COUNCIL, "Fælles indsats fra cachetesten", gone=True)])


def test_project_created_updated_listed_and_its_event(client):
    council = Council.objects.get(slug="kkr-hovedstaden")
    portfolio = Portfolio.objects.create(slug="cachetest", name="Cachetestens portefølje",
                                         council=council)
    idea = PortfolioStage.objects.create(portfolio=portfolio, position=0, name="Idé")
    page = f"/portefoelje/{portfolio.slug}/"
    project = None

    def create() -> None:
        nonlocal project
        project = joint.create_project(AUTHOR, Project(portfolio=portfolio, slug="kyst"),
                                       joint.ProjectData(name="Kystvej fra cachetesten",
                                                         stage_id=idea.pk))

    shows_at_once(client, create, [Shows(page, "Kystvej fra cachetesten")])
    assert project is not None
    project_page = f"{page}projekt/kyst/"
    shows_at_once(client, lambda: joint.update_project(AUTHOR, project, joint.ProjectData(
        name="Kystvejen fra cachetesten", stage_id=idea.pk), project.version),
        [Shows(page, "Kystvejen fra cachetesten")])
    project.refresh_from_db()
    shows_at_once(client, lambda: joint.add_project_event(
        AUTHOR, project, date(2026, 5, 6), "Høring fra cachetesten"),
        [Shows(project_page, "Høring fra cachetesten")])
    project_list = ProjectList.objects.create(portfolio=portfolio, name="VIP fra cachetesten")
    joint.update_project(AUTHOR, project, joint.ProjectData(
        name="Kystvejen fra cachetesten", stage_id=idea.pk, lists=(project_list,)),
        project.version)
    shows_at_once(client, lambda: joint.update_project_list(
        AUTHOR, project_list, {**{f: getattr(project_list, f) for f in joint.LIST_FIELDS},
                               "name": "VIP 2026 fra cachetesten"}),
        [Shows(project_page, "VIP 2026 fra cachetesten")])


def test_register_created_columns_rows_updated(client):
    council = Council.objects.get(slug="kkr-hovedstaden")
    register = None

    def create() -> None:
        nonlocal register
        register = registers.create_register(AUTHOR, council, None, registers.RegisterData(
            title="Register fra cachetesten", description="", source="", published=True))

    shows_at_once(client, create, [Shows("/registre/", "Register fra cachetesten")])
    assert register is not None
    page = f"/register/kkr-hovedstaden/{register.slug}/"
    registers.save_column(AUTHOR, register, Column(), {"name": "Navn", "kind": ColumnKind.TEXT})
    key = register.columns.get().key
    row = None

    def add_row() -> None:
        nonlocal row
        row = registers.create_row(AUTHOR, register, {key: "Række fra cachetesten"},
                                   Publication.PUBLISHED)

    shows_at_once(client, add_row, [Shows(page, "Række fra cachetesten")])
    assert row is not None
    # A table's columns show once it has rows.
    shows_at_once(client, lambda: registers.save_column(AUTHOR, register, Column(), {
        "name": "Kolonne fra cachetesten", "kind": ColumnKind.TEXT}),
        [Shows(page, "Kolonne fra cachetesten")])
    shows_at_once(client, lambda: registers.update_row(
        AUTHOR, row, {key: "Rettet række fra cachetesten"}, Publication.PUBLISHED, row.version),
        [Shows(page, "Rettet række fra cachetesten")])
    row.refresh_from_db()
    shows_at_once(client, lambda: registers.delete_row(AUTHOR, row, row.version),
                  [Shows(page, "Rettet række fra cachetesten", gone=True)])
    register = Register.objects.get(pk=register.pk)
    shows_at_once(client, lambda: registers.update_register(
        AUTHOR, register, registers.RegisterData(
            title="Omdøbt register fra cachetesten", description="", source="",
            published=True), register.version),
        [Shows("/registre/", "Omdøbt register fra cachetesten")])
