"""What of the synthetic dataset is in the database: row counts, real data that forbids a load,
and the content digest (same seed, same digest)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models

from kkrmonitor.accounts.models import Membership, User
from kkrmonitor.demo.models import DemoDataset
from kkrmonitor.demo.table import EMAIL_DOMAIN, SLUG_PREFIX
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.joint.models import (
    JointInitiative,
    JointStage,
    Portfolio,
    PortfolioStage,
    Project,
    ProjectEvent,
    ProjectList,
    SharedInitiative,
    StageReport,
)
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme.models import (
    Actor,
    AuditEvent,
    Comment,
    Council,
    HistoryEntry,
    Initiative,
    Milestone,
    Municipality,
    Programme,
    Recommendation,
    RecommendationActor,
    StatusUpdate,
)

# --- what is in the database ---------------------------------------------------------------------

COUNTED: dict[str, type[models.Model]] = {
    "councils": Council, "municipalities": Municipality, "users": User, "actors": Actor,
    "programmes": Programme, "recommendations": Recommendation,
    "history_entries": HistoryEntry, "initiatives": Initiative, "milestones": Milestone,
    "status_updates": StatusUpdate, "comments": Comment, "meetings": Meeting,
    "agenda_items": AgendaItem, "decisions": Decision, "joint_initiatives": JointInitiative,
    "stage_reports": StageReport, "shared_initiatives": SharedInitiative,
    "portfolios": Portfolio, "projects": Project, "project_events": ProjectEvent,
    "indicators": Indicator, "observations": Observation,
    # derived: not in SCALES, made as the rows above need them
    "audit_events": AuditEvent, "joint_stages": JointStage, "portfolio_stages": PortfolioStage,
    "project_lists": ProjectList, "areas": Area, "recommendation_actors": RecommendationActor,
    "memberships": Membership,
}


def dataset_counts() -> dict[str, int]:
    """Rows actually in the database, per table of the dataset (SCALES' keys and derived ones)."""
    return {key: model._default_manager.count() for key, model in COUNTED.items()}


def demo_present() -> bool:
    return DemoDataset.objects.exists()


def real_data_found() -> list[str]:
    """What in the database is not synthetic, in Danish, one line per kind; [] when none."""
    checks: list[tuple[str, models.QuerySet[Any]]] = [
        ("råd", Council.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("kommuner", Municipality.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("arbejdsprogrammer", Programme.objects.exclude(council__slug__startswith=SLUG_PREFIX)),
        ("brugere", User.objects.exclude(email__endswith="@" + EMAIL_DOMAIN)),
        ("aktører", Actor.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("møder", Meeting.objects.exclude(council__slug__startswith=SLUG_PREFIX)),
        ("indikatorer", Indicator.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("porteføljer", Portfolio.objects.exclude(slug__startswith=SLUG_PREFIX)),
    ]
    found = []
    for label, qs in checks:
        n = qs.count()
        if n:
            found.append(f"{n} {label}")
    return found


# --- content digest (same seed → same digest) ---------------------------------------------------

DIGESTED: list[tuple[type[models.Model], list[str]]] = [
    (Council, ["slug", "name"]),
    (Municipality, ["code", "name", "council__slug"]),
    (User, ["email", "full_name"]),
    (Programme, ["council__slug", "term_start", "title", "approved_on", "imported_at"]),
    (Recommendation, ["programme__title", "number", "headline", "progress"]),
    (Initiative, ["recommendation__headline", "title", "publication", "status", "progress",
                  "confirmed_at", "confirmed_by__email", "version", "start", "end", "label"]),
    (Milestone, ["initiative__title", "title", "start", "end", "label", "origin", "version"]),
    (StatusUpdate, ["initiative__title", "status", "progress", "as_of", "publication",
                    "published_at"]),
    (Comment, ["initiative__title", "municipality__code", "text", "created_at"]),
    (Meeting, ["council__slug", "title", "date", "state"]),
    (AgendaItem, ["meeting__title", "number", "title", "kind"]),
    (Decision, ["agenda_item__title", "text", "created_at"]),
    (JointStage, ["joint__initiative__title", "position", "name"]),
    (StageReport, ["initiative__title", "municipality__code", "stage__name", "as_of", "state",
                   "created_at"]),
    (Project, ["portfolio__slug", "slug", "stage__name", "state_funding_dkk"]),
    (Indicator, ["slug", "name", "unit", "additive"]),
    (AuditEvent, ["at", "actor_label", "action", "object_type", "object_repr", "changes",
                  "is_public"]),
]


def content_digest(include_observations: bool = True) -> str:
    """A SHA-256 over the dataset's content in insertion order, without primary keys (which
    differ between databases and after a flush)."""
    h = hashlib.sha256()
    for model, fields in DIGESTED:
        h.update(model.__name__.encode())
        rows = model._default_manager.order_by("pk").values_list(*fields)
        for row in rows.iterator(chunk_size=5000):
            # JSON with sorted keys: PostgreSQL's jsonb does not keep the key order SQLite does
            h.update(json.dumps(row, sort_keys=True, default=str).encode())
    if include_observations:
        rows = (Observation.objects.order_by("indicator__slug", "area__code", "period_start")
                .values_list("indicator__slug", "area__code", "period", "value", "source"))
        for row in rows.iterator(chunk_size=20000):
            h.update(json.dumps(row, default=str).encode())
    return h.hexdigest()
