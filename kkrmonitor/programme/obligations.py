"""Recurring obligations and external events: the writes, each in a transaction with its audit
event, and the one rule that turns an obligation into one milestone per occurrence in the term.

Making the milestones is idempotent: an occurrence that already has its milestone keeps it as it
is (its outcome, and a window the secretariat moved); a missing one is made; an occurrence that
no longer falls in the term (the rhythm changed) loses its milestone only while nothing has been
registered on it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction

from kkrmonitor.audit import (
    AuditAction,
    Author,
    apply_versioned,
    changes_between,
    record,
    snapshot,
)
from kkrmonitor.parsing.danish_dates import DateWindow, parse_window
from kkrmonitor.programme.models import (
    ExternalEvent,
    Milestone,
    MilestoneState,
    Obligation,
    Recommendation,
)

OBLIGATION_FIELDS = ["title", "description", "rhythm", "first_year", "usual_window",
                     "is_expected", "source"]
EVENT_FIELDS = ["title", "description", "start", "end", "label", "precision", "source"]
MILESTONE_FIELDS = ["title", "start", "end", "label", "precision"]


def occurrence_window(obligation: Obligation, year: int) -> DateWindow:
    """The window of one occurrence: the usual time of year with the year ("efteråret 2026");
    a time the parser does not read falls back to the whole year, labelled as such."""
    window = parse_window(f"{obligation.usual_window} {year}")
    if window is None:
        window = parse_window(f"i løbet af {year}")
    assert window is not None, year
    if obligation.is_expected:
        # No source gives the time of year: the label says it is what is expected.
        window = replace(window, label=f"{obligation.usual_window} {year} (forventet)")
    return window


def occurrence_title(obligation: Obligation, year: int) -> str:
    return f"{obligation.title} ({year})"


@dataclass(frozen=True)
class MilestoneSync:
    created: list[Milestone]
    removed: list[int]


@transaction.atomic
def sync_milestones(author: Author, obligation: Obligation) -> MilestoneSync:
    """One milestone per occurrence of `obligation` in its programme's term."""
    programme = obligation.recommendation.programme
    years = obligation.occurrence_years(programme.term_start, programme.term_end)
    existing = {m.occurrence_year: m for m in obligation.milestones.all()
                if m.occurrence_year is not None}
    created: list[Milestone] = []
    for year in years:
        if year in existing:
            continue
        milestone = Milestone(recommendation_id=obligation.recommendation_id,
                              obligation=obligation, occurrence_year=year,
                              title=occurrence_title(obligation, year))
        milestone.set_window(occurrence_window(obligation, year))
        milestone.save()
        record(author, AuditAction.CREATE, milestone,
               changes_between({}, snapshot(milestone, MILESTONE_FIELDS)))
        created.append(milestone)
    removed: list[int] = []
    for year, milestone in existing.items():
        if year in years or milestone.state != MilestoneState.PLANNED:
            continue
        record(author, AuditAction.DELETE, milestone,
               changes_between(snapshot(milestone, MILESTONE_FIELDS), {}))
        removed.append(milestone.pk)
        milestone.delete()
    return MilestoneSync(created, removed)


@transaction.atomic
def create_obligation(author: Author, recommendation: Recommendation,
                      obligation: Obligation) -> Obligation:
    obligation.recommendation = recommendation
    obligation.full_clean(exclude=["recommendation"])
    obligation.save()
    record(author, AuditAction.CREATE, obligation,
           changes_between({}, snapshot(obligation, OBLIGATION_FIELDS)))
    sync_milestones(author, obligation)
    return obligation


@transaction.atomic
def create_external_event(author: Author, recommendation: Recommendation, title: str,
                          window: DateWindow, source: str,
                          description: str = "") -> ExternalEvent:
    event = ExternalEvent(recommendation=recommendation, title=title, source=source,
                          description=description)
    event.set_window(window)
    event.save()
    record(author, AuditAction.CREATE, event,
           changes_between({}, snapshot(event, EVENT_FIELDS)))
    return event


@transaction.atomic
def update_external_event(author: Author, event: ExternalEvent, title: str, window: DateWindow,
                          source: str, description: str, expected_version: int) -> bool:
    """Change an event the editor saw at `expected_version`; False when nothing changed.
    Raises EditConflict when someone else saved in between."""
    values = {"title": title, "description": description, "source": source,
              "start": window.start, "end": window.end, "label": window.label,
              "precision": window.precision}
    diff = apply_versioned(event, values, expected_version)
    if not diff:
        return False
    record(author, AuditAction.UPDATE, event, diff)
    return True


@transaction.atomic
def delete_external_event(author: Author, event: ExternalEvent) -> None:
    record(author, AuditAction.DELETE, event,
           changes_between(snapshot(event, EVENT_FIELDS), {}))
    event.delete()


@transaction.atomic
def update_obligation(author: Author, obligation: Obligation, values: dict[str, object],
                      expected_version: int) -> bool:
    """Change an obligation the editor saw at `expected_version` and bring its occurrence
    milestones in line with the new rhythm (sync_milestones). Raises EditConflict when someone
    else saved in between."""
    diff = apply_versioned(obligation, {k: values[k] for k in OBLIGATION_FIELDS},
                           expected_version)
    if not diff:
        return False
    record(author, AuditAction.UPDATE, obligation, diff)
    sync_milestones(author, obligation)
    return True
