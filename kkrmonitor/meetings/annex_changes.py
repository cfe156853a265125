""""Siden sidste møde": the public changes between two meetings, as sentences a council member
reads ("Milepælen »…« er nået 3. marts 2026", "Status for »…« er opdateret: …").

Written per kind of event, from the events' own data; a kind not named here is left out (it is
never shown by its internal name). Left out on purpose: what an import wrote (bookkeeping), a
municipality's report before the secretariat approved it, the approval's internals (who and
when), comments, and derived figures (a recommendation's progress follows its initiatives).
Routine events are grouped: "12 kommuner har indberettet på »Fælles it-drift«". Pure Python
over objects with the AuditEvent fields, so the sentences are tested literally.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from kkrmonitor.meetings.danish_format import danish_date

MAX_SENTENCES = 25
MAX_NARRATIVE_CHARS = 300
# Milestones added at once to one initiative beyond this many read as one sentence.
GROUP_MILESTONES_FROM = 4
STATUS_LABELS = {"not_started": "Ikke startet", "on_track": "På sporet", "at_risk": "I risiko",
                 "delayed": "Forsinket", "done": "Afsluttet"}


class EventLike(Protocol):
    at: Any  # an aware datetime
    channel: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    initiative_id: int | None


@dataclass
class Names:
    """Current public names, for events that do not carry them: initiatives and milestones by
    id. An object missing here (deleted, or no longer public) is named from the event."""

    initiatives: dict[int, str] = field(default_factory=dict)
    milestones: dict[int, str] = field(default_factory=dict)
    # The latest narrative as of the meeting, which a status sentence quotes: the annex's
    # initiative section shows the same text.
    narratives: dict[int, str] = field(default_factory=dict)


@dataclass
class ChangeList:
    sentences: list[str]
    omitted: int


def _one_line(text: Any) -> str:
    return " ".join(str(text or "").split())


def _clip(text: str, limit: int = MAX_NARRATIVE_CHARS) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[:limit].rstrip(" ,.;:") + " …"


def _after(event: EventLike, key: str) -> Any:
    value = event.changes.get(key)
    return value[1] if isinstance(value, list) and len(value) == 2 else None


def _before(event: EventLike, key: str) -> Any:
    value = event.changes.get(key)
    return value[0] if isinstance(value, list) and len(value) == 2 else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _initiative(event: EventLike, names: Names) -> str:
    if event.initiative_id is not None and event.initiative_id in names.initiatives:
        return names.initiatives[event.initiative_id]
    if event.object_type == "initiative":
        return _one_line(_after(event, "title") or event.object_repr)
    return ""


def _milestone(event: EventLike, names: Names) -> str:
    try:
        known = names.milestones.get(int(event.object_id))
    except ValueError:
        known = None
    return _one_line(known or _after(event, "title") or _before(event, "title")
                     or event.object_repr.partition(": ")[2] or event.object_repr)


def _initiative_sentences(event: EventLike, names: Names) -> list[str]:
    title = _initiative(event, names)
    if event.action in ("create", "publish"):
        return [f"Indsatsen »{title}« er oprettet"]
    if event.action == "delete":
        return [f"Indsatsen »{_one_line(event.object_repr)}« er slettet"]
    if event.action != "update":
        return []
    out = []
    old_title, new_title = _before(event, "title"), _after(event, "title")
    if old_title and new_title and old_title != new_title:
        out.append(f"Indsatsen »{_one_line(old_title)}« hedder nu »{_one_line(new_title)}«")
    if "label" in event.changes or "end" in event.changes:
        label = _one_line(_after(event, "label"))
        if label:
            out.append(f"Indsatsen »{title}« er flyttet til {label}")
    if "description" in event.changes:
        out.append(f"Beskrivelsen af »{title}« er opdateret")
    owner = _after(event, "owner")
    if "owner" in event.changes and owner:
        out.append(f"»{title}« har fået ny ansvarlig: {_one_line(owner)}")
    return out


def _milestone_sentences(event: EventLike, names: Names) -> list[str]:
    title = _milestone(event, names)
    if event.action == "delete":
        return [f"Milepælen »{title}« er fjernet"]
    if event.action not in ("update", "outcome"):
        return []
    state = _after(event, "state")
    on = _day(_after(event, "state_on"))
    when = f" {danish_date(on)}" if on else ""
    reason = _one_line(_after(event, "state_reason"))
    because = f": {_clip(reason)}" if reason else ""
    if state == "reached":
        return [f"Milepælen »{title}« er nået{when}"]
    if state == "missed":
        return [f"Milepælen »{title}« blev ikke nået{because}"]
    if state == "dropped":
        return [f"Milepælen »{title}« er opgivet{because}"]
    if state == "moved" or "label" in event.changes or "end" in event.changes:
        old = _one_line(_after(event, "moved_from") or _before(event, "label"))
        new = _one_line(_after(event, "label"))
        if old and new:
            return [f"Milepælen »{title}« er flyttet fra {old} til {new}{because}"]
        if new:
            return [f"Milepælen »{title}« er flyttet til {new}{because}"]
    return []


def finish(sentence: str) -> str:
    """A full stop, unless the sentence (a quoted narrative) already ends in one."""
    return sentence if sentence.endswith((".", "!", "?", "…")) else sentence + "."


def change_sentences(events: Iterable[EventLike], names: Names, on: date | None = None,
                     limit: int = MAX_SENTENCES) -> ChangeList:
    """The sentences for public `events`, oldest first. A group's sentence stands where its
    first event stood; a status updated twice says only its latest narrative. A status update
    dated after `on` (the meeting) is not yet true then and is left out."""
    slots: OrderedDict[tuple[Any, ...], list[str]] = OrderedDict()
    reporters: dict[str, set[str]] = {}
    added: dict[str, list[str]] = {}
    group: Any
    for event in events:
        if event.channel == "import":
            continue
        kind = (event.object_type, event.action)
        if event.object_type == "initiative":
            for n, sentence in enumerate(_initiative_sentences(event, names)):
                slots[("initiative", event.object_id, sentence, n)] = [sentence]
        elif event.object_type == "statusupdate" and event.action in ("create", "publish"):
            if _after(event, "publication") not in (None, "published") and \
                    event.action == "create":
                continue
            dated = _day(_after(event, "as_of"))
            if on is not None and dated is not None and dated > on:
                continue
            title = _initiative(event, names)
            narrative = _clip(names.narratives.get(event.initiative_id or 0)
                              or _after(event, "narrative") or "")
            status = STATUS_LABELS.get(str(_after(event, "status")), "")
            text = narrative or (f"{status.lower()}" if status else "")
            status_key = ("status", event.initiative_id)
            slots.pop(status_key, None)  # the latest narrative stands, where it was written
            slots[status_key] = [f"Status for »{title}« er opdateret"
                                 + (f": {text}" if text else "")]
        elif kind == ("initiative", "confirm"):
            continue
        elif kind == ("milestone", "create"):
            owner = _initiative(event, names) if event.initiative_id else ""
            label = _one_line(_after(event, "label"))
            sentence = (f"Milepælen »{_milestone(event, names)}« er tilføjet"
                        + (f" ({label})" if label else ""))
            group = owner or "-"
            added.setdefault(group, []).append(sentence)
            slots.setdefault(("milestones", group), [])
        elif event.object_type == "milestone":
            for n, sentence in enumerate(_milestone_sentences(event, names)):
                slots[("milestone", event.object_id, n, len(slots))] = [sentence]
        elif kind == ("stagereport", "approve") or (
                kind == ("stagereport", "report") and _after(event, "state") == "approved"):
            title = _initiative(event, names)
            who = event.object_repr.partition(":")[0].strip()
            reporters.setdefault(title, set()).add(who)
            slots.setdefault(("reports", title), [])
        elif kind == ("jointinitiative", "update") and "deadline" in event.changes:
            deadline = _day(_after(event, "deadline"))
            if deadline:
                slots[("deadline", event.object_id)] = [
                    f"Fristen for »{_initiative(event, names)}« er nu {danish_date(deadline)}"]
    sentences: list[str] = []
    for key, value in slots.items():
        if key[0] == "milestones":
            group = added[key[1]]
            if len(group) >= GROUP_MILESTONES_FROM and key[1] != "-":
                sentences.append(f"{len(group)} milepæle er tilføjet til »{key[1]}«")
            else:
                sentences.extend(group)
        elif key[0] == "reports":
            count = len(reporters[key[1]])
            who = "1 kommune" if count == 1 else f"{count} kommuner"
            sentences.append(f"{who} har indberettet på »{key[1]}«")
        else:
            sentences.extend(value)
    sentences = list(dict.fromkeys(finish(s) for s in sentences))
    return ChangeList(sentences[:limit], max(0, len(sentences) - limit))
