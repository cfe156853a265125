"""The municipalities × stages matrix of a joint initiative, as the page, the exports and the
municipality pages read it. Only approved reports count; members also see what waits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from kkrmonitor.access import Access
from kkrmonitor.joint.models import (
    NOT_REPORTED,
    JointInitiative,
    JointInitiativeQuerySet,
    JointStage,
    StageReport,
)
from kkrmonitor.joint.rollup import Rollup, expected_stage_index, is_on_track, rollup
from kkrmonitor.programme.models import Council, Municipality

SORTS = {
    "kommune": "Kommune",
    "kode": "Kommunekode",
    "raad": "Råd",
    "trin": "Trin",
    "dato": "Dato",
}


@dataclass
class MatrixRow:
    municipality: Municipality
    report: StageReport | None  # the approved report that counts
    stage_index: int | None
    on_track: bool
    cells: list[str]  # per stage: "reached", "current" or "ahead"
    pending: StageReport | None = None
    returned: StageReport | None = None

    @property
    def stage_name(self) -> str:
        return self.report.stage.name if self.report else NOT_REPORTED


@dataclass
class Matrix:
    joint: JointInitiative
    stages: list[JointStage]
    councils: list[Council]
    rows: list[MatrixRow]
    rollup: Rollup
    sort: str
    council: Council | None
    all_rows: list[MatrixRow] = field(default_factory=list)


def visible_joints(access: Access) -> JointInitiativeQuerySet:
    """JointInitiative.objects.visible_to with what the page, the exports and the API show."""
    return (JointInitiative.objects.visible_to(access)
            .select_related("initiative__recommendation__programme__council"))


def _cells(stage_index: int | None, count: int) -> list[str]:
    if stage_index is None:
        return ["ahead"] * count
    return ["reached" if i < stage_index else "current" if i == stage_index else "ahead"
            for i in range(count)]


def build_rows(joint: JointInitiative, access: Access, today: date,
               municipalities: list[Municipality] | None = None) -> tuple[list[JointStage],
                                                                          list[MatrixRow]]:
    stages = list(joint.stages.all())
    municipalities = municipalities if municipalities is not None else list(
        joint.municipalities())
    reports = (StageReport.objects.filter(initiative_id=joint.pk,
                                          municipality__in=municipalities)
               .select_related("stage", "municipality").order_by("-as_of", "-id"))
    if not access.sees_drafts:
        reports = reports.filter(state=StageReport.State.APPROVED)
    return stages, rows_from_reports(joint, stages, municipalities, reports, today)


def rows_from_reports(joint: JointInitiative, stages: list[JointStage],
                      municipalities: list[Municipality], reports: Iterable[StageReport],
                      today: date) -> list[MatrixRow]:
    """The rows of `municipalities` from the joint initiative's `reports`, newest first (the
    ones the user may see)."""
    index = {s.pk: i for i, s in enumerate(stages)}
    approved: dict[int, StageReport] = {}
    pending: dict[int, StageReport] = {}
    returned: dict[int, StageReport] = {}
    for r in reports:
        target = {StageReport.State.APPROVED: approved, StageReport.State.PENDING: pending,
                  StageReport.State.RETURNED: returned}.get(StageReport.State(r.state))
        if target is not None:
            target.setdefault(r.municipality_id, r)
    expected = expected_stage_index(joint.start, joint.deadline, today, len(stages))
    rows = []
    for m in municipalities:
        report = approved.get(m.pk)
        i = index[report.stage_id] if report else None
        back = returned.get(m.pk)
        # A returned report matters only until a newer one is approved.
        if back and report and report.created_at > back.created_at:
            back = None
        rows.append(MatrixRow(m, report, i, is_on_track(i, expected), _cells(i, len(stages)),
                              pending.get(m.pk), back))
    return rows


def _sort_key(key: str):  # type: ignore[no-untyped-def]
    if key == "kode":
        return lambda r: r.municipality.code
    if key == "raad":
        return lambda r: (r.municipality.council.name, r.municipality.name)
    if key == "trin":
        return lambda r: (-1 if r.stage_index is None else r.stage_index, r.municipality.name)
    if key == "dato":
        return lambda r: (r.report.as_of if r.report else date.min, r.municipality.name)
    return lambda r: r.municipality.name


def build_matrix(joint: JointInitiative, access: Access, today: date, sort: str = "kommune",
                 council_slug: str = "") -> Matrix:
    stages, all_rows = build_rows(joint, access, today)
    # Filter by the municipalities' own councils (a forum's rows belong to the KKRs it spans).
    councils = sorted({r.municipality.council.pk: r.municipality.council
                       for r in all_rows}.values(), key=lambda c: c.name)
    council = next((c for c in councils if c.slug == council_slug), None)
    rows = [r for r in all_rows if council is None or r.municipality.council_id == council.pk]
    key = sort.lstrip("-")
    if key not in SORTS:
        sort, key = "kommune", "kommune"
    rows.sort(key=_sort_key(key), reverse=sort.startswith("-"))
    stats = rollup([s.name for s in stages], [r.stage_index for r in rows], joint.start,
                   joint.deadline, today)
    return Matrix(joint, stages, councils, rows, stats, sort, council, all_rows)


# --- many joint initiatives at once, in a fixed number of queries (list page, API) ----------

@dataclass
class Batch:
    """Stages, member municipalities and latest approved reports of several joint initiatives,
    read in five queries whatever their number. Approved reports only: what the public sees."""

    stages: dict[int, list[JointStage]]
    municipalities: dict[int, list[Municipality]]
    approved: dict[tuple[int, int], StageReport]  # (joint id, municipality id) -> report
    councils: dict[int, list[Council]]  # the own council first, then those sharing it
    # (joint id, municipality id) -> the approved report's stage, when only the roll-ups are
    # wanted (load_batch(..., stages_only=True)): no report is made a model instance.
    stage_ids: dict[tuple[int, int], int] = field(default_factory=dict)

    def rows(self, joint: JointInitiative, today: date) -> list[MatrixRow]:
        """The public matrix rows, by municipality name (as the page's default order)."""
        stages = self.stages.get(joint.pk, [])
        index = {s.pk: i for i, s in enumerate(stages)}
        expected = expected_stage_index(joint.start, joint.deadline, today, len(stages))
        rows = []
        for m in self.municipalities.get(joint.pk, []):
            report = self.approved.get((joint.pk, m.pk))
            i = index[report.stage_id] if report else None
            rows.append(MatrixRow(m, report, i, is_on_track(i, expected),
                                  _cells(i, len(stages))))
        return rows

    def stage_indices(self, joint: JointInitiative) -> list[int | None]:
        """Each member municipality's approved stage (0 for the first; None: not reported), in
        the rows' order — what the roll-up needs, without building the rows."""
        index = {s.pk: i for i, s in enumerate(self.stages.get(joint.pk, []))}
        approved, stage_ids = self.approved, self.stage_ids
        out: list[int | None] = []
        for m in self.municipalities.get(joint.pk, []):
            report = approved.get((joint.pk, m.pk))
            stage_id = report.stage_id if report else stage_ids.get((joint.pk, m.pk))
            out.append(None if stage_id is None else index[stage_id])
        return out

    def rollup(self, joint: JointInitiative, today: date) -> Rollup:
        return rollup([s.name for s in self.stages.get(joint.pk, [])],
                      self.stage_indices(joint), joint.start, joint.deadline, today)


def load_batch(joints: list[JointInitiative], with_reports: bool = True,
               stages_only: bool = False) -> Batch:
    """`joints` must come with initiative__recommendation__programme__council selected.
    Without reports (`with_reports=False`) the batch knows stages and members only; with
    `stages_only` it knows each municipality's approved stage (enough for `rollup`, not for
    `rows`)."""
    from kkrmonitor.joint.models import SharedInitiative

    ids = [j.pk for j in joints]
    stages: dict[int, list[JointStage]] = {pk: [] for pk in ids}
    for stage in JointStage.objects.filter(joint_id__in=ids).order_by("joint_id", "position"):
        stages[stage.joint_id].append(stage)
    councils: dict[int, list[Council]] = {j.pk: [j.council] for j in joints}
    for shared in (SharedInitiative.objects.filter(initiative_id__in=ids)
                   .select_related("council").order_by("council__name")):
        if shared.council_id not in [c.pk for c in councils[shared.initiative_id]]:
            councils[shared.initiative_id].append(shared.council)
    # A forum's municipalities are those of the councils it spans.
    forums = {c.pk for cs in councils.values() for c in cs if c.kind == Council.Kind.FORUM}
    spans: dict[int, set[int]] = {pk: set() for pk in forums}
    if forums:
        for forum_id, council_id in Council.spans.through.objects.filter(
                from_council_id__in=forums).values_list("from_council_id", "to_council_id"):
            spans[forum_id].add(council_id)
    member_councils = {j: {m for c in cs for m in (spans[c.pk] if c.pk in spans else {c.pk})}
                       for j, cs in councils.items()}
    everyone = list(Municipality.objects.filter(
        council_id__in={pk for s in member_councils.values() for pk in s})
        .select_related("council").order_by("name", "pk"))
    municipalities = {j: [m for m in everyone if m.council_id in s]
                      for j, s in member_councils.items()}
    approved: dict[tuple[int, int], StageReport] = {}
    stage_ids: dict[tuple[int, int], int] = {}
    if with_reports and stages_only:
        stage_ids = {(joint_id, municipality_id): stage_id
                     for joint_id, municipality_id, stage_id in latest_approved(ids)
                     .values_list("initiative_id", "municipality_id", "stage_id")}
    elif with_reports:
        for report in latest_approved(ids):
            approved[(report.initiative_id, report.municipality_id)] = report
    return Batch(stages, municipalities, approved, councils, stage_ids)


def latest_approved(joint_ids: list[int]) -> QuerySet[StageReport]:
    """The newest approved report (by date, then by id) of each municipality on each of the
    joint initiatives, chosen by the database: a national demo keeps six approved reports per
    municipality and initiative, and making model instances of all of them cost most of the
    joint list's time. Only the columns the batch's readers use (the stage, date and note)."""
    newest_first = RowNumber()
    return (StageReport.objects.filter(initiative_id__in=joint_ids,
                                       state=StageReport.State.APPROVED)
            .annotate(newest=Window(newest_first,
                                    partition_by=[F("initiative_id"), F("municipality_id")],
                                    order_by=[F("as_of").desc(), F("id").desc()]))
            .filter(newest=1)
            .only("id", "initiative_id", "municipality_id", "stage_id", "as_of", "note"))
