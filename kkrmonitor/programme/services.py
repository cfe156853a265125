"""One function per write action. Each runs in a transaction, checks the version the editor saw
(no lost updates), and records an audit event with before/after values in the same transaction.
Views, the API, the CLI and importers all call these; nothing else writes these models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
from kkrmonitor.parsing.danish_dates import DateWindow, parse_window
from kkrmonitor.programme.models import (
    Actor,
    Comment,
    HistoryEntry,
    Initiative,
    Milestone,
    MilestoneState,
    Municipality,
    Origin,
    Programme,
    Publication,
    Recommendation,
    Status,
    StatusUpdate,
)


def _prefixed(prefix: str, diff: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {f"{prefix}.{key}": value for key, value in diff.items()}


# --- initiatives -------------------------------------------------------------------------

INITIATIVE_FIELDS = ["title", "description", "owner", "contact_person", "weight", "start",
                     "end", "label", "precision"]


@dataclass(frozen=True)
class InitiativeData:
    title: str
    description: str = ""
    owner: str = ""
    contact_person: str = ""
    weight: int = 1
    window: DateWindow | None = None
    actors: tuple[Actor, ...] = ()

    def values(self) -> dict[str, Any]:
        w = self.window
        return {"title": self.title, "description": self.description, "owner": self.owner,
                "contact_person": self.contact_person, "weight": self.weight,
                "start": w.start if w else None, "end": w.end if w else None,
                "label": w.label if w else "", "precision": w.precision if w else ""}


def _is_public(initiative: Initiative) -> bool:
    return initiative.publication == Publication.PUBLISHED


@transaction.atomic
def create_initiative(author: Author, recommendation: Recommendation,
                      data: InitiativeData) -> Initiative:
    initiative = Initiative(recommendation=recommendation, **data.values())
    initiative.save()
    initiative.actors.set(data.actors)
    changes = changes_between({}, snapshot(initiative, INITIATIVE_FIELDS + ["publication"]))
    if data.actors:
        changes["actors"] = [None, sorted(a.name for a in data.actors)]
    record(author, AuditAction.CREATE, initiative, changes, public=False)
    return initiative


@transaction.atomic
def update_initiative(author: Author, initiative: Initiative, data: InitiativeData,
                      expected_version: int) -> bool:
    diff = apply_versioned(initiative, data.values(), expected_version,
                           m2m={"actors": list(data.actors)})
    if not diff:
        return False
    if "weight" in diff:
        diff.update(_prefixed("recommendation", recompute_progress(initiative.recommendation)))
    record(author, AuditAction.UPDATE, initiative, diff, public=_is_public(initiative))
    return True


@transaction.atomic
def set_initiative_publication(author: Author, initiative: Initiative, publication: str,
                               expected_version: int) -> bool:
    diff = apply_versioned(initiative, {"publication": publication}, expected_version)
    if not diff:
        return False
    diff.update(_prefixed("recommendation", recompute_progress(initiative.recommendation)))
    published = publication == Publication.PUBLISHED
    action = AuditAction.PUBLISH if published else AuditAction.UNPUBLISH
    # The publication itself is news to the public and carries no draft content: its changes
    # are the publication, the version and the recommendation's progress. An unpublish event
    # is hidden with the rest of the draft's events while it is a draft (visible_events).
    record(author, action, initiative, diff, public=True)
    return True


@transaction.atomic
def confirm_unchanged(author: Author, initiative: Initiative) -> None:
    """'Bekræft uændret': the responsible person vouches that the status still holds."""
    fields = ["confirmed_at", "confirmed_by"]
    before = snapshot(initiative, fields)
    initiative.confirmed_at, initiative.confirmed_by = timezone.now(), author.user
    Initiative.objects.filter(pk=initiative.pk).update(
        confirmed_at=initiative.confirmed_at, confirmed_by=initiative.confirmed_by)
    record(author, AuditAction.CONFIRM, initiative,
           changes_between(before, snapshot(initiative, fields)), public=_is_public(initiative))


# --- recommendations ---------------------------------------------------------------------

RECOMMENDATION_FIELDS = ["number", "headline", "body", "theme"]


@transaction.atomic
def create_recommendation(author: Author, programme: Programme, number: int, headline: str,
                          body: str, theme: str) -> Recommendation:
    recommendation = Recommendation.objects.create(programme=programme, number=number,
                                                   headline=headline, body=body, theme=theme)
    record(author, AuditAction.CREATE, recommendation,
           changes_between({}, snapshot(recommendation, RECOMMENDATION_FIELDS)))
    return recommendation


@transaction.atomic
def update_recommendation(author: Author, recommendation: Recommendation, headline: str,
                          body: str, theme: str, expected_version: int) -> dict[str, list[Any]]:
    """Change a recommendation's texts; returns the differences ({} when nothing changed)."""
    diff = apply_versioned(recommendation, {"headline": headline, "body": body, "theme": theme},
                           expected_version)
    if diff:
        record(author, AuditAction.UPDATE, recommendation, diff)
    return diff


@transaction.atomic
def set_recommendation_actors(author: Author, recommendation: Recommendation,
                              actors: list[Actor], expected_version: int, *,
                              origin: str = Origin.USER) -> bool:
    """Make `actors` the recommendation's partners; links that stay keep their origin, new ones
    get `origin`. Versioned like the recommendation's texts."""
    before = sorted(a.name for a in recommendation.actors.all())
    after = sorted(a.name for a in actors)
    if before == after:
        if Recommendation.objects.filter(pk=recommendation.pk,
                                         version=expected_version).exists():
            return False
        raise EditConflict(recommendation, changes_since(recommendation, expected_version))
    updated = Recommendation.objects.filter(pk=recommendation.pk,
                                            version=expected_version).update(
        version=F("version") + 1)
    if not updated:
        raise EditConflict(recommendation, changes_since(recommendation, expected_version))
    recommendation.actors.set(actors, through_defaults={"origin": origin})
    recommendation.version = expected_version + 1
    record(author, AuditAction.UPDATE, recommendation,
           {"actors": [before, after], "version": [expected_version, expected_version + 1]})
    return True


# --- history entries (what the document says already happened) ----------------------------

HISTORY_FIELDS = ["text", "start", "end", "label", "precision"]


@transaction.atomic
def create_history_entry(author: Author, recommendation: Recommendation, text: str,
                         window: DateWindow, *, origin: str = Origin.USER,
                         source_text: str = "") -> HistoryEntry:
    entry = HistoryEntry(recommendation=recommendation, text=text, origin=origin,
                         source_text=source_text)
    entry.set_window(window)
    entry.save()
    record(author, AuditAction.CREATE, entry,
           changes_between({}, snapshot(entry, HISTORY_FIELDS)))
    return entry


@transaction.atomic
def update_history_entry(author: Author, entry: HistoryEntry, text: str, window: DateWindow,
                         *, source_text: str | None = None) -> bool:
    """History entries have no editor form, so no version: one audit event per change."""
    before = snapshot(entry, HISTORY_FIELDS)
    entry.text = text
    entry.set_window(window)
    if source_text is not None:
        entry.source_text = source_text
    diff = changes_between(before, snapshot(entry, HISTORY_FIELDS))
    if not diff:
        return False
    entry.save()
    record(author, AuditAction.UPDATE, entry, diff)
    return True


@transaction.atomic
def delete_history_entry(author: Author, entry: HistoryEntry) -> None:
    record(author, AuditAction.DELETE, entry,
           changes_between(snapshot(entry, HISTORY_FIELDS), {}))
    entry.delete()


# --- milestones --------------------------------------------------------------------------

MILESTONE_FIELDS = ["title", "initiative", "start", "end", "label", "precision"]


def _milestone_public(milestone: Milestone) -> bool:
    return milestone.initiative is None or _is_public(milestone.initiative)


def _initiative_id_public(initiative_id: int | None) -> bool:
    """Is a milestone under this initiative (None: under the recommendation) public content?
    Read from the database, as the row stands before the write."""
    return initiative_id is None or Initiative.objects.filter(
        pk=initiative_id, publication=Publication.PUBLISHED).exists()


@transaction.atomic
def create_milestone(author: Author, recommendation: Recommendation, title: str,
                     window: DateWindow, initiative: Initiative | None = None, *,
                     origin: str = Origin.USER, source_text: str = "") -> Milestone:
    """A new milestone; the importer passes origin "import" and the sentence it came from."""
    milestone = Milestone(recommendation=recommendation, initiative=initiative, title=title,
                          origin=origin, source_text=source_text)
    milestone.set_window(window)
    milestone.save()
    record(author, AuditAction.CREATE, milestone,
           changes_between({}, snapshot(milestone, MILESTONE_FIELDS)),
           public=_milestone_public(milestone))
    return milestone


@transaction.atomic
def update_milestone(author: Author, milestone: Milestone, title: str, window: DateWindow,
                     initiative: Initiative | None, expected_version: int,
                     decision_id: int | None = None, *,
                     source_text: str | None = None) -> bool:
    """Change a milestone; `decision_id` links the change to the council decision behind it.
    A milestone moved off a draft initiative (or onto one) is not a public change: its event
    holds the draft's title and the milestone's old title."""
    was_public = _initiative_id_public(milestone.initiative_id)
    values: dict[str, Any] = {
        "title": title, "initiative": initiative, "start": window.start, "end": window.end,
        "label": window.label, "precision": window.precision}
    if source_text is not None:
        values["source_text"] = source_text
    diff = apply_versioned(milestone, values, expected_version)
    if diff:
        record(author, AuditAction.UPDATE, milestone, diff, public=_milestone_public(milestone),
               was_public=was_public, decision_id=decision_id)
    return bool(diff)


@transaction.atomic
def delete_milestone(author: Author, milestone: Milestone, expected_version: int) -> None:
    if not Milestone.objects.filter(pk=milestone.pk, version=expected_version).exists():
        raise EditConflict(milestone, changes_since(milestone, expected_version))
    record(author, AuditAction.DELETE, milestone,
           changes_between(snapshot(milestone, MILESTONE_FIELDS), {}),
           public=_milestone_public(milestone))
    milestone.delete()


class OutcomeError(ValueError):
    """An outcome that cannot be registered; the message is the Danish sentence to show."""


OUTCOME_FIELDS = ["state", "state_on", "state_reason", "moved_from", "start", "end", "label",
                  "precision"]


@transaction.atomic
def set_milestone_outcome(author: Author, milestone: Milestone, *, state: str,
                          on: date | None, reason: str, window_text: str | None = None,
                          window: DateWindow | None = None, expected_version: int,
                          decision_id: int | None = None) -> bool:
    """Register what became of a milestone: reached, moved (to the window `window_text`, in
    Danish: "efteråret 2026", or the parsed `window`), missed, dropped, or planned again. One
    versioned write, one audit event; `decision_id` links it to the council decision behind
    it. Returns whether anything changed; raises OutcomeError (nothing written) when the
    outcome cannot be."""
    if state not in MilestoneState.values:
        raise OutcomeError(f"Ukendt udfald: {state}")
    reason = reason.strip()
    today = timezone.localdate()
    values: dict[str, Any] = {"state": state}
    if state == MilestoneState.PLANNED:
        values.update(state_on=None, state_reason="", moved_from="")
    else:
        if on is None:
            on = today
        if state in (MilestoneState.REACHED, MilestoneState.MISSED) and on > today:
            raise OutcomeError("Datoen for udfaldet kan ikke ligge i fremtiden.")
        if state in (MilestoneState.MOVED, MilestoneState.DROPPED) and not reason:
            raise OutcomeError("Skriv en begrundelse, når en milepæl flyttes eller opgives.")
        values.update(state_on=on, state_reason=reason)
        if state == MilestoneState.MOVED:
            window = window or parse_window(window_text or "")
            if window is None:
                raise OutcomeError("Skriv den nye frist som en dato eller periode, fx "
                                   "»efteråret 2026« eller »31.12.2026«.")
            if (window.start, window.end) == (milestone.start, milestone.end):
                raise OutcomeError("Den nye frist er den samme som den gamle.")
            values.update(moved_from=milestone.label, start=window.start, end=window.end,
                          label=window.label, precision=window.precision)
        elif milestone.state != MilestoneState.MOVED:
            values["moved_from"] = ""
    diff = apply_versioned(milestone, values, expected_version)
    if diff:
        record(author, AuditAction.OUTCOME, milestone, diff,
               public=_milestone_public(milestone), decision_id=decision_id)
    return bool(diff)


# --- status updates ----------------------------------------------------------------------

STATUS_FIELDS = ["status", "progress", "narrative", "as_of", "publication"]


@transaction.atomic
def add_status_update(author: Author, initiative: Initiative, status: str, progress: int,
                      narrative: str, as_of: date, publish: bool = False,
                      decision_id: int | None = None) -> StatusUpdate:
    """Record a status update, as a draft or published at once (one audit event either way).
    `decision_id` links it to the council decision that changed the status."""
    if status not in Status.values:
        raise ValueError(f"Ukendt status: {status}")
    if not 0 <= progress <= 100:
        raise ValueError("Fremdrift skal være mellem 0 og 100.")
    update = StatusUpdate(initiative=initiative, status=status, progress=progress,
                          narrative=narrative, as_of=as_of, author=author.user)
    if publish:
        update.publication, update.published_at = Publication.PUBLISHED, timezone.now()
    update.save()
    changes = changes_between({}, snapshot(update, STATUS_FIELDS))
    if publish:
        changes.update(_make_current(author, update))
    record(author, AuditAction.CREATE, update, changes,
           public=publish and _is_public(initiative), decision_id=decision_id)
    return update


@transaction.atomic
def publish_status_update(author: Author, update: StatusUpdate, expected_version: int) -> bool:
    diff = apply_versioned(update, {"publication": Publication.PUBLISHED,
                           "published_at": timezone.now()}, expected_version)
    if not diff:
        return False
    diff.update(_make_current(author, update))
    record(author, AuditAction.PUBLISH, update, diff, public=_is_public(update.initiative))
    return True


def _make_current(author: Author, update: StatusUpdate) -> dict[str, list[Any]]:
    """After publishing: the latest published update becomes the initiative's status, the
    initiative counts as confirmed now by the author, and the recommendation's progress
    follows. Returns those derived differences for the caller's one audit event."""
    initiative = Initiative.objects.select_for_update().get(pk=update.initiative_id)
    # A status dated in the future does not hold yet, so it is not the latest before its day.
    latest = (StatusUpdate.objects.filter(initiative=initiative,
                                          publication=Publication.PUBLISHED,
                                          as_of__lte=timezone.localdate())
              .order_by("-as_of", "-published_at", "-id").first())
    values: dict[str, Any] = {"confirmed_at": timezone.now(), "confirmed_by": author.user}
    if latest is not None:
        values.update(status=latest.status, progress=latest.progress)
    before = snapshot(initiative, list(values))
    Initiative.objects.filter(pk=initiative.pk).update(**values)
    for key, value in values.items():
        setattr(initiative, key, value)
    update.initiative = initiative
    diff = _prefixed("initiative", changes_between(before, snapshot(initiative, list(values))))
    diff.update(_prefixed("recommendation", recompute_progress(initiative.recommendation)))
    return diff


# --- comments ----------------------------------------------------------------------------

@transaction.atomic
def add_comment(author: Author, initiative: Initiative, municipality: Municipality | None,
                text: str, addressed_to: Municipality | None = None) -> Comment:
    """Comments are internal notes: readers and editors see them, the public does not. One
    `addressed_to` a municipality is listed in its contacts' work queue."""
    comment = Comment.objects.create(initiative=initiative, municipality=municipality,
                                     addressed_to=addressed_to, author=author.user, text=text)
    record(author, AuditAction.CREATE, comment,
           changes_between({}, snapshot(comment, ["municipality", "addressed_to", "text"])),
           public=False)
    return comment


# --- progress ----------------------------------------------------------------------------

def weighted_progress(parts: list[tuple[int, int]]) -> int | None:
    """Weighted mean of (progress, weight) pairs, rounded; None when there is nothing to weigh."""
    total = sum(weight for _, weight in parts)
    if not total:
        return None
    return round(sum(progress * weight for progress, weight in parts) / total)


def recompute_progress(recommendation: Recommendation) -> dict[str, list[Any]]:
    """A recommendation's progress: the weighted mean of its published initiatives'. The one
    place it is computed, called explicitly by the actions that can change it; returns the
    difference for the caller's audit event."""
    parts = list(Initiative.objects.filter(recommendation_id=recommendation.pk,
                                           publication=Publication.PUBLISHED)
                 .values_list("progress", "weight"))
    progress = weighted_progress(parts)
    current = Recommendation.objects.filter(pk=recommendation.pk).values_list(
        "progress", flat=True).get()
    if current == progress:
        return {}
    Recommendation.objects.filter(pk=recommendation.pk).update(progress=progress)
    recommendation.progress = progress
    return {"progress": [current, progress]}
