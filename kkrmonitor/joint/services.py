"""One function per write action on joint initiatives, reports, shared initiatives and
portfolio projects. Each runs in a transaction and writes exactly one audit event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kkrmonitor.audit import (
    AuditAction,
    Author,
    EditConflict,
    apply_versioned,
    changes_between,
    changes_since,
    record,
    snapshot,
)
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
from kkrmonitor.programme.models import Council, Initiative, Municipality, Publication

REPORT_FIELDS = ["municipality", "stage", "as_of", "note", "state"]


def _public(initiative: Initiative) -> bool:
    return initiative.publication == Publication.PUBLISHED


@transaction.atomic
def create_joint_initiative(author: Author, initiative: Initiative, stage_names: Sequence[str],
                            start: date, deadline: date, source: str = "", *,
                            dates_note: str = "") -> JointInitiative:
    """Mark an initiative as run in every member municipality, with its ordered stages.
    `dates_note` says where the start and deadline come from when no source gives them."""
    names = [n.strip() for n in stage_names if n.strip()]
    if len(names) < 2:
        raise ValueError("En fælles indsats skal have mindst to trin.")
    if len(set(n.lower() for n in names)) != len(names):
        raise ValueError("To trin har samme navn.")
    if deadline <= start:
        raise ValueError("Fristen skal ligge efter starten.")
    joint = JointInitiative.objects.create(initiative=initiative, start=start,
                                           deadline=deadline, source=source,
                                           dates_note=dates_note)
    JointStage.objects.bulk_create(JointStage(joint=joint, position=i, name=name)
                                   for i, name in enumerate(names))
    record(author, AuditAction.CREATE, initiative,
           {"joint.stages": [None, names], "joint.start": [None, start],
            "joint.deadline": [None, deadline]}, public=_public(initiative))
    return joint


def _supersede_pending(joint: JointInitiative, municipality: Municipality,
                       newer: StageReport) -> list[StageReport]:
    """Mark the municipality's waiting reports as replaced by `newer`. The version step makes
    an approval opened on the old report fail as a conflict instead of approving it."""
    pending = list(StageReport.objects.filter(
        initiative_id=joint.pk, municipality=municipality, state=StageReport.State.PENDING,
    ).exclude(pk=newer.pk).select_related("stage").order_by("created_at", "id"))
    if pending:
        StageReport.objects.filter(pk__in=[r.pk for r in pending]).update(
            state=StageReport.State.SUPERSEDED, superseded_by=newer, version=F("version") + 1)
    return pending


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
    report = _new_report(author, joint, municipality, stage, as_of, note, approved)
    superseded = _supersede_pending(joint, municipality, report)
    changes = changes_between({}, snapshot(report, REPORT_FIELDS))
    if superseded:
        changes["superseded"] = [[r.pk for r in superseded], None]
    record(author, AuditAction.REPORT, report, changes,
           public=approved and _public(joint.initiative))
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
    diff = apply_versioned(report, {"state": state, "review_comment": comment.strip(),
                           "reviewed_by": author.user, "reviewed_at": timezone.now()},
                  expected_version)
    record(author, AuditAction.APPROVE if approve else AuditAction.RETURN, report, diff,
           public=approve and _public(report.initiative))
    return True


@dataclass(frozen=True)
class ImportRow:
    municipality: Municipality
    stage: JointStage
    as_of: date
    note: str


@dataclass(frozen=True)
class ImportWritten:
    written: int
    # Municipalities (by name, alphabetically) whose waiting report the import replaced.
    superseded: list[str]


def _report_label(stage_name: str, as_of: date) -> str:
    return f"{stage_name} ({as_of.isoformat()})"


@transaction.atomic
def import_reports(author: Author, joint: JointInitiative,
                   rows: Sequence[ImportRow]) -> ImportWritten:
    """Write already validated rows as approved reports (the secretariat imports them), all in
    one transaction with one audit event for the whole import. A municipality's waiting report
    is not lost: it becomes "erstattet", points at the imported report that replaced it, and
    the import's audit event names it (its id under "superseded", its stage as the before
    value of the municipality's line)."""
    changes: dict[str, list[Any]] = {}
    superseded_ids: list[int] = []
    superseded_names: list[str] = []
    for row in rows:
        report = _new_report(author, joint, row.municipality, row.stage, row.as_of, row.note,
                             True)
        replaced = _supersede_pending(joint, row.municipality, report)
        before = None
        if replaced:
            superseded_ids += [r.pk for r in replaced]
            superseded_names.append(row.municipality.name)
            before = "; ".join(f"Afventer godkendelse: {_report_label(r.stage.name, r.as_of)}"
                               for r in replaced)
        changes[row.municipality.name] = [before, _report_label(row.stage.name, row.as_of)]
    if superseded_ids:
        changes["superseded"] = [sorted(superseded_ids), None]
    record(author, AuditAction.IMPORT_STAGES, joint.initiative, changes,
           public=_public(joint.initiative))
    return ImportWritten(len(rows), sorted(superseded_names))


def superseded_sentence(names: Sequence[str]) -> str:
    """"3 ventende indberetninger blev erstattet: Albertslund, Ballerup, København." """
    if not names:
        return ""
    noun = "ventende indberetning" if len(names) == 1 else "ventende indberetninger"
    return f"{len(names)} {noun} blev erstattet: {', '.join(names)}."


def _owner(initiative: Initiative) -> Council:
    return initiative.recommendation.programme.council


@transaction.atomic
def share_initiative(author: Author, initiative: Initiative, council: Council) -> bool:
    """Share an initiative with another council (recommendation 8): it shows in that council's
    programme too, and a joint effort gets that council's municipalities as rows."""
    if council.pk == _owner(initiative).pk:
        raise ValueError(f"Indsatsen hører allerede til {council.name}.")
    shared, created = SharedInitiative.objects.get_or_create(initiative=initiative,
                                                             council=council)
    if created:
        record(author, AuditAction.SHARE, initiative, {"shared_with": [None, council.name]},
               public=_public(initiative))
    return created


@transaction.atomic
def unshare_initiative(author: Author, initiative: Initiative, council: Council) -> bool:
    """Stop sharing an initiative with a council. The municipalities' reports are kept (they
    show again if the initiative is shared again)."""
    deleted, _ = SharedInitiative.objects.filter(initiative=initiative, council=council).delete()
    if deleted:
        record(author, AuditAction.UNSHARE, initiative, {"shared_with": [council.name, None]},
               public=_public(initiative))
    return bool(deleted)


# --- editing a joint initiative's stage path and dates --------------------------------------

@dataclass(frozen=True)
class StageEdit:
    stage_id: int | None  # None: a new stage
    name: str


@dataclass(frozen=True)
class JointData:
    start: date
    deadline: date
    source: str
    dates_note: str
    # The whole new path, in order. An existing stage left out is removed.
    stages: tuple[StageEdit, ...]


JOINT_FIELDS = ["start", "deadline", "source", "dates_note"]


class StageInUse(ValueError):
    """A stage to be removed still has reports; nothing was written. `problems` maps the
    stage's id to the Danish message."""

    def __init__(self, problems: dict[int, str]):
        self.problems = problems
        super().__init__(" ".join(problems.values()))


def _municipalities_sentence(names: list[str]) -> str:
    count = len(names)
    return (f"{count} kommune står på det" if count == 1 else f"{count} kommuner står på det")


def _removal_problems(removed: list[JointStage]) -> dict[int, str]:
    problems: dict[int, str] = {}
    for stage in removed:
        reports = StageReport.objects.filter(stage=stage)
        standing = sorted(set(reports.filter(
            state__in=[StageReport.State.APPROVED, StageReport.State.PENDING],
        ).values_list("municipality__name", flat=True)))
        if standing:
            problems[stage.pk] = (
                f"Trinnet »{stage.name}« kan ikke fjernes: {_municipalities_sentence(standing)} "
                f"(godkendt eller afventer godkendelse): {', '.join(standing)}. Omdøb trinnet "
                "i stedet, eller få kommunerne flyttet til et andet trin først.")
            continue
        older = reports.count()
        if older:
            problems[stage.pk] = (
                f"Trinnet »{stage.name}« kan ikke fjernes: {older} tidligere "
                f"{'indberetning' if older == 1 else 'indberetninger'} (sendt retur eller "
                "erstattet) henviser til det og skal bevares i historikken. Omdøb trinnet i "
                "stedet.")
    return problems


def _check_path(data: JointData) -> list[str]:
    names = [s.name.strip() for s in data.stages]
    if any(not n for n in names):
        raise ValueError("Et trin mangler et navn.")
    if len(names) < 2:
        raise ValueError("En fælles indsats skal have mindst to trin.")
    if len({n.lower() for n in names}) != len(names):
        raise ValueError("To trin har samme navn.")
    if data.deadline <= data.start:
        raise ValueError("Fristen skal ligge efter starten.")
    return names


@transaction.atomic
def update_joint_initiative(author: Author, joint: JointInitiative, data: JointData,
                            expected_version: int) -> bool:
    """Edit the start, deadline, source, dates note and stage path (rename, add, reorder,
    remove) in one write with one audit event. A stage is removed only when no report points
    at it (StageInUse). Raises EditConflict, writing nothing, when someone saved the effort
    after `expected_version`. Returns False when nothing changed."""
    names = _check_path(data)
    fresh = JointInitiative.objects.select_related("initiative").get(pk=joint.pk)
    if fresh.version != expected_version:
        raise EditConflict(fresh, changes_since(fresh, expected_version))
    current = list(JointStage.objects.filter(joint_id=joint.pk).order_by("position"))
    by_id = {s.pk: s for s in current}
    kept_ids = [s.stage_id for s in data.stages if s.stage_id is not None]
    if any(pk not in by_id for pk in kept_ids) or len(set(kept_ids)) != len(kept_ids):
        raise ValueError("Trinnene er ændret, efter du åbnede siden. Genindlæs siden.")
    values = {"start": data.start, "deadline": data.deadline, "source": data.source.strip(),
              "dates_note": data.dates_note.strip()}
    diff = changes_between(snapshot(fresh, JOINT_FIELDS),
                           {k: v.isoformat() if isinstance(v, date) else v
                            for k, v in values.items()})
    old_names = [s.name for s in current]
    path_changed = old_names != names or kept_ids != [s.pk for s in current]
    if path_changed:
        diff["stages"] = [old_names, names]
    if not diff:
        return False
    removed = [s for s in current if s.pk not in kept_ids]
    problems = _removal_problems(removed)
    if problems:
        raise StageInUse(problems)
    # The version check and the write are one UPDATE: two editors cannot both pass it.
    if not JointInitiative.objects.filter(pk=joint.pk, version=expected_version).update(
            **values, version=F("version") + 1):
        raise EditConflict(fresh, changes_since(fresh, expected_version))
    if path_changed:
        JointStage.objects.filter(pk__in=[s.pk for s in removed]).delete()
        # Two passes, so swapping names or positions never meets the unique constraints.
        for i, pk in enumerate(kept_ids):
            JointStage.objects.filter(pk=pk).update(position=1000 + i, name=f"~{pk}")
        for i, edit in enumerate(data.stages):
            if edit.stage_id is None:
                JointStage.objects.create(joint_id=joint.pk, position=i, name=names[i])
            else:
                JointStage.objects.filter(pk=edit.stage_id).update(position=i, name=names[i])
    for key, value in values.items():
        setattr(joint, key, value)
    joint.version = expected_version + 1
    diff["version"] = [expected_version, expected_version + 1]
    record(author, AuditAction.UPDATE, joint, diff, public=_public(fresh.initiative))
    return True


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
    record(author, AuditAction.CREATE, project, changes)
    return project


@transaction.atomic
def update_project(author: Author, project: Project, data: ProjectData,
                   expected_version: int) -> bool:
    old_lists = sorted(x.name for x in project.lists.all())
    diff = apply_versioned(project, data.values(), expected_version)
    new_lists = sorted(x.name for x in data.lists)
    if old_lists != new_lists:
        if not diff:
            # Only the lists changed: the version still steps, so that a form opened before
            # this save is refused instead of silently undoing it.
            if not Project.objects.filter(pk=project.pk, version=expected_version).update(
                    version=F("version") + 1):
                raise EditConflict(project, changes_since(project, expected_version))
            project.version = expected_version + 1
            diff["version"] = [expected_version, expected_version + 1]
        _set_lists(project, data.lists, {})
        diff["lists"] = [old_lists, new_lists]
    if not diff:
        return False
    # Stage and funding are stored as ids; name them for the history.
    if "stage_id" in diff:
        diff["stage_id"] = [_stage_name(diff["stage_id"][0]), project.stage_label]
    record(author, AuditAction.UPDATE, project, diff)
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
    record(author, AuditAction.UPDATE, project_list, diff)
    return True


@transaction.atomic
def add_project_event(author: Author, project: Project, when: date, text: str,
                      source: str = "") -> ProjectEvent:
    event = ProjectEvent.objects.create(project=project, date=when, text=text, source=source)
    record(author, AuditAction.EVENT, project,
           {"event": [None, f"{when.isoformat()}: {text}"]})
    return event
