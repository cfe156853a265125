"""Read endpoints for joint efforts and project portfolios under /api/ (assembled in
kkrmonitor/api.py).

The joint-effort endpoints answer exactly what the public matrix page shows: approved reports
only, whoever asks (as the CSV/XLSX exports), and for anonymous callers only efforts whose
initiative is published. Every endpoint reads a fixed number of queries, however many efforts,
municipalities or projects there are (kkrmonitor.joint.matrix.load_batch)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from kkrmonitor.access import access_for
from kkrmonitor.joint.matrix import Batch, load_batch, visible_joints
from kkrmonitor.joint.models import JointInitiative, ListMembership, Portfolio, Project
from kkrmonitor.joint.rollup import ON_TRACK_RULE
from kkrmonitor.paging import json_response
from kkrmonitor.programme.models import Council

router = Router()


class CouncilOut(Schema):
    slug: str
    name: str


class StageCountOut(Schema):
    stage: str
    count: int
    share_percent: int


class RollupOut(Schema):
    total: int
    per_stage: list[StageCountOut]
    not_reported: int
    on_track: int
    expected_stage: str
    rule: str


class JointOut(Schema):
    id: int
    title: str
    council: CouncilOut
    recommendation: int
    shared_with: list[CouncilOut]
    start: dt.date
    deadline: dt.date
    dates_note: str
    source: str
    stages: list[str]
    rollup: RollupOut
    url: str


class MatrixRowOut(Schema):
    code: str
    name: str
    council: CouncilOut
    stage: str | None  # None: not reported (or nothing approved yet)
    stage_number: int | None  # 1 for the first stage
    date: dt.date | None
    note: str
    on_track: bool


class JointMatrixOut(JointOut):
    rows: list[MatrixRowOut]


def _council(council: Council | None) -> dict[str, str] | None:
    return {"slug": council.slug, "name": council.name} if council else None


def _joint(joint: JointInitiative, batch: Batch, today: dt.date) -> dict:
    stats = batch.rollup(joint, today)
    own = joint.council
    return {
        "id": joint.pk, "title": joint.initiative.title, "council": _council(own),
        "recommendation": joint.initiative.recommendation.number,
        "shared_with": [_council(c) for c in batch.councils.get(joint.pk, [])[1:]],
        "start": joint.start, "deadline": joint.deadline, "dates_note": joint.dates_note,
        "source": joint.source, "stages": [s.name for s in batch.stages.get(joint.pk, [])],
        "rollup": {
            "total": stats.total,
            "per_stage": [{"stage": c.name, "count": c.count, "share_percent": c.share}
                          for c in stats.per_stage],
            "not_reported": stats.not_reported, "on_track": stats.on_track,
            "expected_stage": stats.expected_name, "rule": ON_TRACK_RULE},
        "url": joint.get_absolute_url(),
    }


@router.get("/faelles", response=list[JointOut], summary="Fælles kommunale indsatser")
def joint_list(request: HttpRequest) -> HttpResponse:
    """Every joint effort the caller may see, with its stages and the roll-up the matrix page
    shows (approved reports only)."""
    # Written directly (the rows are the schema's, tests compare them literally): validating
    # every effort's nested roll-up took a fifth of the time.
    joints = list(visible_joints(access_for(request)))
    batch = load_batch(joints, stages_only=True)
    today = timezone.localdate()
    return json_response([_joint(j, batch, today) for j in joints])


@router.get("/faelles/{id:joint_id}", response=JointMatrixOut,
            summary="Kommunernes trin på en fælles indsats")
def joint_matrix(request: HttpRequest, joint_id: int) -> dict:
    """The matrix: one row per municipality (by name) with its approved stage, date and note,
    exactly as the public matrix page and its CSV export show it."""
    joint = get_object_or_404(visible_joints(access_for(request)), pk=joint_id)
    batch = load_batch([joint])
    today = timezone.localdate()
    stages = batch.stages[joint.pk]
    rows = [{"code": r.municipality.code, "name": r.municipality.name,
             "council": _council(r.municipality.council),
             "stage": stages[r.stage_index].name if r.stage_index is not None else None,
             "stage_number": r.stage_index + 1 if r.stage_index is not None else None,
             "date": r.report.as_of if r.report else None,
             "note": r.report.note if r.report else "", "on_track": r.on_track}
            for r in batch.rows(joint, today)]
    return {**_joint(joint, batch, today), "rows": rows}


# --- portfolios ---------------------------------------------------------------------------

class ProjectListOut(Schema):
    name: str
    description: str
    is_complete: bool
    completeness_note: str
    source: str


class PortfolioOut(Schema):
    slug: str
    name: str
    description: str
    council: CouncilOut | None
    source: str
    stages: list[str]
    lists: list[ProjectListOut]
    project_count: int
    url: str


class ListMembershipOut(Schema):
    list: str
    role: str


class ProjectEventOut(Schema):
    date: dt.date
    text: str
    source: str


class ProjectOut(Schema):
    slug: str
    name: str
    description: str
    stage: str | None  # None: "Ikke angivet", not known from any source
    lists: list[ListMembershipOut]
    responsible_authority: str
    state_funding_dkk: int | None
    funding_decision: str
    funding_date: dt.date | None
    source: str
    events: list[ProjectEventOut]
    url: str


class PortfolioDetailOut(PortfolioOut):
    projects: list[ProjectOut]


def _portfolios():  # type: ignore[no-untyped-def]
    return (Portfolio.objects.select_related("council").prefetch_related("stages", "lists")
            .annotate(project_count=Count("projects")))


def _portfolio(portfolio: Portfolio) -> dict:
    return {
        "slug": portfolio.slug, "name": portfolio.name, "description": portfolio.description,
        "council": _council(portfolio.council), "source": portfolio.source,
        "stages": [s.name for s in portfolio.stages.all()],
        "lists": [{"name": x.name, "description": x.description, "is_complete": x.is_complete,
                   "completeness_note": x.completeness_note, "source": x.source}
                  for x in portfolio.lists.all()],
        "project_count": portfolio.project_count,  # type: ignore[attr-defined]
        "url": portfolio.get_absolute_url(),
    }


@router.get("/portefoeljer", response=list[PortfolioOut], summary="Porteføljer")
def portfolio_list(request: HttpRequest) -> list[dict]:
    """The project portfolios with their stage paths and lists (a list says when it is known
    to be incomplete)."""
    return [_portfolio(p) for p in _portfolios()]


@router.get("/portefoeljer/{slug}", response=PortfolioDetailOut,
            summary="En portefølje med dens projekter")
def portfolio_detail(request: HttpRequest, slug: str) -> dict:
    """A portfolio and its projects: stage, lists, responsible authority, state funding and
    events."""
    portfolio = get_object_or_404(_portfolios(), slug=slug)
    projects = (Project.objects.filter(portfolio=portfolio).select_related("portfolio", "stage")
                .prefetch_related(Prefetch("listmembership_set",
                                           queryset=ListMembership.objects
                                           .select_related("project_list")
                                           .order_by("project_list__name")),
                                  "events"))
    return {**_portfolio(portfolio), "projects": [{
        "slug": p.slug, "name": p.name, "description": p.description,
        "stage": p.stage.name if p.stage else None,
        "lists": [{"list": m.project_list.name, "role": m.role}
                  for m in p.listmembership_set.all()],
        "responsible_authority": p.responsible_authority,
        "state_funding_dkk": int(p.state_funding_dkk) if p.state_funding_dkk is not None
        else None,
        "funding_decision": p.funding_decision, "funding_date": p.funding_date,
        "source": p.source,
        "events": [{"date": e.date, "text": e.text, "source": e.source} for e in p.events.all()],
        "url": p.get_absolute_url()} for p in projects]}
