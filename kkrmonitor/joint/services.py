"""One function per write action on joint initiatives, reports, shared initiatives and
portfolio projects. Each runs in a transaction and writes exactly one audit event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kkrmonitor.joint.models import (
    JointInitiative,
    JointStage,
    ListMembership,
    Project,
    ProjectEvent,
    ProjectList,
    SharedInitiative,
    StageReport,
)
from kkrmonitor.programme.audit import Author, changes_between, record, snapshot
from kkrmonitor.programme.models import Council, Initiative, Municipality, Publication
from kkrmonitor.programme.services import _apply

REPORT_FIELDS = ["municipality", "stage", "as_of", "note", "state"]


def _public(initiative: Initiative) -> bool:
    return initiative.publication == Publication.PUBLISHED


@transaction.atomic
def create_joint_initiative(author: Author, initiative: Initiative, stage_names: Sequence[str],
                            start: date, deadline: date, source: str = "") -> JointInitiative:
    """Mark an initiative as run in every member municipality, with its ordered stages."""
    names = [n.strip() for n in stage_names if n.strip()]
    if len(names) < 2:
        raise ValueError("En fælles indsats skal have mindst to trin.")
    if len(set(n.lower() for n in names)) != len(names):
        raise ValueError("To trin har samme navn.")
    if deadline <= start:
        raise ValueError("Fristen skal ligge efter starten.")
    joint = JointInitiative.objects.create(initiative=initiative, start=start,
                                           deadline=deadline, source=source)
    JointStage.objects.bulk_create(JointStage(joint=joint, position=i, name=name)
                                   for i, name in enumerate(names))
    record(author, "create", initiative,
           {"joint.stages": [None, names], "joint.start": [None, start],
            "joint.deadline": [None, deadline]}, public=_public(initiative))
    return joint


def _supersede_pending(joint: JointInitiative, municipality: Municipality) -> list[int]:
    pending = StageReport.objects.filter(initiative_id=joint.pk, municipality=municipality,
                                         state=StageReport.State.PENDING)
    ids = list(pending.values_list("pk", flat=True))
    pending.update(state=StageReport.State.SUPERSEDED)
    return ids


def _new_report(author: Author, joint: JointInitiative, municipality: Municipality,
                stage: JointStage, as_of: date, note: str, approved: bool) -> StageReport:
    now = timezone.now()
    return StageReport.objects.create(
        initiative_id=joint.pk, municipality=municipality, stage=stage, as_of=as_of, note=note,
        state=StageReport.State.APPROVED if approved else StageReport.State.PENDING,
        author=author.user if author.user is not None and author.user.pk else None,
        author_label=author.label[:200],
        reviewed_by=author.user if approved and author.user is not None else None,
        reviewed_at=now if approved else None)


@transaction.atomic
def submit_report(author: Author, joint: JointInitiative, municipality: Municipality,
                  stage: JointStage, as_of: date, note: str = "", *,
                  approved: bool = False) -> StageReport:
    """A municipality's stage, date and note. A contact's report waits for the secretariat's
    approval (`approved=False`); the secretariat's own report is approved at once. A newer
    report replaces one still waiting."""
    if stage.joint_id != joint.pk:
        raise ValueError("Trinnet hører ikke til denne indsats.")
    superseded = _supersede_pending(joint, municipality)
    report = _new_report(author, joint, municipality, stage, as_of, note, approved)
    changes = changes_between({}, snapshot(report, REPORT_FIELDS))
    if superseded:
        changes["superseded"] = [superseded, None]
    record(author, "report", report, changes, public=approved and _public(joint.initiative))
    return report


@transaction.atomic
def review_report(author: Author, report: StageReport, approve: bool, comment: str,
                  expected_version: int) -> bool:
    """Approve a waiting report (it then shows publicly) or return it with a comment."""
    if report.state != StageReport.State.PENDING:
        raise ValueError("Indberetningen afventer ikke længere godkendelse.")
    if not approve and not comment.strip():
        raise ValueError("Skriv en kommentar, når du sender en indberetning retur.")
    state = StageReport.State.APPROVED if approve else StageReport.State.RETURNED
    diff = _apply(report, {"state": state, "review_comment": comment.strip(),
                           "reviewed_by": author.user, "reviewed_at": timezone.now()},
                  expected_version)
    record(author, "approve" if approve else "return", report, diff,
           public=approve and _public(report.initiative))
    return True


@dataclass(frozen=True)
class ImportRow:
    municipality: Municipality
    stage: JointStage
    as_of: date
    note: str


@transaction.atomic
def import_reports(author: Author, joint: JointInitiative, rows: Sequence[ImportRow]) -> int:
    """Write already validated rows as approved reports (the secretariat imports them), all in
    one transaction with one audit event for the whole import."""
    changes: dict[str, list[Any]] = {}
    for row in rows:
        _supersede_pending(joint, row.municipality)
        _new_report(author, joint, row.municipality, row.stage, row.as_of, row.note, True)
        changes[row.municipality.name] = [None, f"{row.stage.name} ({row.as_of.isoformat()})"]
    record(author, "import_stages", joint.initiative, changes, public=_public(joint.initiative))
    return len(rows)


@transaction.atomic
def share_initiative(author: Author, initiative: Initiative, council: Council) -> bool:
    """Share an initiative with another council (recommendation 8)."""
    shared, created = SharedInitiative.objects.get_or_create(initiative=initiative,
                                                             council=council)
    if created:
        record(author, "share", initiative, {"shared_with": [None, council.name]},
               public=_public(initiative))
    return created


# --- portfolio projects -----------------------------------------------------------------

PROJECT_FIELDS = ["name", "description", "stage", "responsible_authority",
                  "state_funding_dkk", "funding_decision", "funding_date", "source"]


@dataclass(frozen=True)
class ProjectData:
    name: str
    description: str = ""
    stage_id: int | None = None
    responsible_authority: str = ""
    state_funding_dkk: Decimal | None = None
    funding_decision: str = ""
    funding_date: date | None = None
    source: str = ""
    lists: tuple[ProjectList, ...] = ()

    def values(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "stage_id": self.stage_id,
                "responsible_authority": self.responsible_authority,
                "state_funding_dkk": self.state_funding_dkk,
                "funding_decision": self.funding_decision, "funding_date": self.funding_date,
                "source": self.source}


def _set_lists(project: Project, lists: Sequence[ProjectList], roles: dict[int, str]) -> None:
    ListMembership.objects.filter(project=project).exclude(
        project_list__in=list(lists)).delete()
    for project_list in lists:
        ListMembership.objects.get_or_create(
            project=project, project_list=project_list,
            defaults={"role": roles.get(project_list.pk, "")})


@transaction.atomic
def create_project(author: Author, project: Project, data: ProjectData,
                   roles: dict[int, str] | None = None) -> Project:
    """`project` carries portfolio and slug; the rest comes from `data`."""
    for key, value in data.values().items():
        setattr(project, key, value)
    project.save()
    _set_lists(project, data.lists, roles or {})
    changes = changes_between({}, snapshot(project, PROJECT_FIELDS))
    if data.lists:
        changes["lists"] = [None, sorted(x.name for x in data.lists)]
    record(author, "create", project, changes)
    return project


@transaction.atomic
def update_project(author: Author, project: Project, data: ProjectData,
                   expected_version: int) -> bool:
    old_lists = sorted(x.name for x in project.lists.all())
    diff = _apply(project, data.values(), expected_version)
    new_lists = sorted(x.name for x in data.lists)
    if old_lists != new_lists:
        _set_lists(project, data.lists, {})
        diff["lists"] = [old_lists, new_lists]
    if not diff:
        return False
    # Stage and funding are stored as ids; name them for the history.
    if "stage_id" in diff:
        diff["stage_id"] = [_stage_name(diff["stage_id"][0]), project.stage_label]
    record(author, "update", project, diff)
    return True


def _stage_name(stage_id: int | None) -> str:
    from kkrmonitor.joint.models import NOT_GIVEN, PortfolioStage

    if stage_id is None:
        return NOT_GIVEN
    stage = PortfolioStage.objects.filter(pk=stage_id).first()
    return stage.name if stage else NOT_GIVEN


LIST_FIELDS = ["name", "description", "is_complete", "completeness_note", "source"]


@transaction.atomic
def update_project_list(author: Author, project_list: ProjectList,
                        values: dict[str, Any]) -> bool:
    """Edit a list's texts and whether it is complete (e.g. once the seventh VIP project of
    2016 is found in a source)."""
    before = snapshot(project_list, LIST_FIELDS)
    for key in LIST_FIELDS:
        setattr(project_list, key, values[key])
    diff = changes_between(before, snapshot(project_list, LIST_FIELDS))
    if not diff:
        return False
    project_list.save(update_fields=LIST_FIELDS)
    record(author, "update", project_list, diff)
    return True


@transaction.atomic
def add_project_event(author: Author, project: Project, when: date, text: str,
                      source: str = "") -> ProjectEvent:
    event = ProjectEvent.objects.create(project=project, date=when, text=text, source=source)
    record(author, "event", project, {"event": [None, f"{when.isoformat()}: {text}"]})
    return event
