"""One function per write action. Each runs in a transaction, checks the version the editor saw
(no lost updates), and records an audit event with before/after values in the same transaction.
Views, the API, the CLI and importers all call these; nothing else writes these models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from kkrmonitor.parsing.danish_dates import DateWindow
from kkrmonitor.programme.audit import Author, changes_between, record, snapshot
from kkrmonitor.programme.models import (
    Actor,
    AuditEvent,
    Comment,
    Initiative,
    Milestone,
    Municipality,
    Publication,
    Recommendation,
    Status,
    StatusUpdate,
)


class EditConflict(Exception):
    """Someone else saved the object after this editor opened it. Nothing was written."""

    def __init__(self, obj: models.Model, others: list[AuditEvent]):
        self.obj = obj
        self.others = others
        who = ", ".join(dict.fromkeys(e.actor_label for e in others)) or "en anden"
        super().__init__(f"{who} har gemt ændringer, efter du åbnede siden. Dine ændringer er "
                         "ikke gemt; se hvad der er ændret, og prøv igen.")


def _changes_since(obj: models.Model, version: int) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(object_type=obj._meta.model_name,
                                       object_id=str(obj.pk)).order_by("at", "id")
    return [e for e in events
            if isinstance(e.changes.get("version"), list) and (e.changes["version"][0] or 0)
            >= version]


def _apply(obj: models.Model, values: dict[str, Any], expected_version: int,
           m2m: dict[str, list[Any]] | None = None) -> dict[str, list[Any]]:
    """Write `values` (and many-to-many sets) if the row is still at `expected_version`.
    Returns the differences, with the version step; {} when nothing changed. Raises
    EditConflict, writing nothing, if someone saved in between."""
    model = type(obj)
    fields = list(values)
    before = snapshot(obj, fields)
    for key, value in values.items():
        setattr(obj, key, value)
    diff = changes_between(before, snapshot(obj, fields))
    for name, new in (m2m or {}).items():
        old_names = sorted(str(x) for x in getattr(obj, name).all())
        new_names = sorted(str(x) for x in new)
        if old_names != new_names:
            diff[name] = [old_names, new_names]
    if not diff:
        if model._default_manager.filter(pk=obj.pk, version=expected_version).exists():
            return {}
        raise EditConflict(obj, _changes_since(obj, expected_version))
    # The version check and the write are one UPDATE: two editors cannot both pass it.
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1)
    if not updated:
        raise EditConflict(obj, _changes_since(obj, expected_version))
    for name, new in (m2m or {}).items():
        getattr(obj, name).set(new)
    obj.version = expected_version + 1  # type: ignore[attr-defined]
    return {**diff, "version": [expected_version, expected_version + 1]}


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
    record(author, "create", initiative, changes, public=False)
    return initiative


@transaction.atomic
def update_initiative(author: Author, initiative: Initiative, data: InitiativeData,
                      expected_version: int) -> bool:
    diff = _apply(initiative, data.values(), expected_version, m2m={"actors": list(data.actors)})
    if not diff:
        return False
    if "weight" in diff:
        diff.update(_prefixed("recommendation", recompute_progress(initiative.recommendation)))
    record(author, "update", initiative, diff, public=_is_public(initiative))
    return True


@transaction.atomic
def set_initiative_publication(author: Author, initiative: Initiative, publication: str,
                               expected_version: int) -> bool:
    diff = _apply(initiative, {"publication": publication}, expected_version)
    if not diff:
        return False
    diff.update(_prefixed("recommendation", recompute_progress(initiative.recommendation)))
    action = "publish" if publication == Publication.PUBLISHED else "unpublish"
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
    record(author, "confirm", initiative,
           changes_between(before, snapshot(initiative, fields)), public=_is_public(initiative))


# --- milestones --------------------------------------------------------------------------

MILESTONE_FIELDS = ["title", "initiative", "start", "end", "label", "precision"]


def _milestone_public(milestone: Milestone) -> bool:
    return milestone.initiative is None or _is_public(milestone.initiative)


@transaction.atomic
def create_milestone(author: Author, recommendation: Recommendation, title: str,
                     window: DateWindow, initiative: Initiative | None = None) -> Milestone:
    milestone = Milestone(recommendation=recommendation, initiative=initiative, title=title)
    milestone.set_window(window)
    milestone.save()
    record(author, "create", milestone,
           changes_between({}, snapshot(milestone, MILESTONE_FIELDS)),
           public=_milestone_public(milestone))
    return milestone


@transaction.atomic
def update_milestone(author: Author, milestone: Milestone, title: str, window: DateWindow,
                     initiative: Initiative | None, expected_version: int,
                     decision_id: int | None = None) -> bool:
    """Change a milestone; `decision_id` links the change to the council decision behind it."""
    diff = _apply(milestone, {
        "title": title, "initiative": initiative, "start": window.start, "end": window.end,
        "label": window.label, "precision": window.precision}, expected_version)
    if diff:
        record(author, "update", milestone, diff, public=_milestone_public(milestone),
               decision_id=decision_id)
    return bool(diff)


@transaction.atomic
def delete_milestone(author: Author, milestone: Milestone, expected_version: int) -> None:
    if not Milestone.objects.filter(pk=milestone.pk, version=expected_version).exists():
        raise EditConflict(milestone, _changes_since(milestone, expected_version))
    record(author, "delete", milestone,
           changes_between(snapshot(milestone, MILESTONE_FIELDS), {}),
           public=_milestone_public(milestone))
    milestone.delete()


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
    record(author, "create", update, changes,
           public=publish and _is_public(initiative), decision_id=decision_id)
    return update


@transaction.atomic
def publish_status_update(author: Author, update: StatusUpdate, expected_version: int) -> bool:
    diff = _apply(update, {"publication": Publication.PUBLISHED,
                           "published_at": timezone.now()}, expected_version)
    if not diff:
        return False
    diff.update(_make_current(author, update))
    record(author, "publish", update, diff, public=_is_public(update.initiative))
    return True


def _make_current(author: Author, update: StatusUpdate) -> dict[str, list[Any]]:
    """After publishing: the latest published update becomes the initiative's status, the
    initiative counts as confirmed now by the author, and the recommendation's progress
    follows. Returns those derived differences for the caller's one audit event."""
    initiative = Initiative.objects.select_for_update().get(pk=update.initiative_id)
    latest = (StatusUpdate.objects.filter(initiative=initiative,
                                          publication=Publication.PUBLISHED)
              .order_by("-as_of", "-published_at", "-id").first())
    assert latest is not None
    values = {"status": latest.status, "progress": latest.progress,
              "confirmed_at": timezone.now(), "confirmed_by": author.user}
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
                text: str) -> Comment:
    """Comments are internal notes: readers and editors see them, the public does not."""
    comment = Comment.objects.create(initiative=initiative, municipality=municipality,
                                     author=author.user, text=text)
    record(author, "create", comment,
           changes_between({}, snapshot(comment, ["municipality", "text"])), public=False)
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
