"""Import a council's agenda or minutes: the meeting, its numbered items as draft agenda items,
the file as the meeting's attachment, and ranked suggestions of what each item concerns.

One service function, `import_meeting_document`, for the command and the editors' upload; it
runs in one transaction (all or nothing) and writes one audit event per row. Importing the same
file again changes nothing: the meeting already has an attachment with the file's checksum.
A second document for the same meeting (the minutes after the agenda) updates the items it
shares numbers with and adds the decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone

from kkrmonitor.audit import AuditAction, Author, record
from kkrmonitor.meetings import attachments
from kkrmonitor.meetings.link_scoring import THEME_WORDS, Ranker, Target
from kkrmonitor.meetings.models import (
    AgendaItem,
    Attachment,
    ImportedItem,
    LinkSuggestion,
    Meeting,
)
from kkrmonitor.parsing.meeting_document import ParsedItem, parse_meeting_lines
from kkrmonitor.parsing.readers import (
    DocumentError,
    RawDocument,
    decode_text,
    document_lines,
    sniff,
)
from kkrmonitor.programme.models import Council, Initiative, Publication
from kkrmonitor.upload_limits import UploadRefused

__all__ = ["ImportResult", "import_meeting_document", "suggest_links"]

TEXT = "text/plain; charset=utf-8"


@dataclass
class ItemResult:
    number: str
    title: str
    page: int | None
    agenda_item: AgendaItem | None
    suggestions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ImportResult:
    meeting: Meeting | None
    council: Council
    date: date
    kind: str
    unchanged: bool
    items: list[ItemResult]
    created_items: int = 0
    updated_items: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "meeting": {"council": self.council.slug, "date": self.date.isoformat(),
                        "kind": self.kind},
            "unchanged": self.unchanged,
            "items": [{"number": item.number, "title": item.title, "page": item.page,
                       "suggestions": item.suggestions} for item in self.items],
        }


def _checked(filename: str, data: bytes) -> tuple[attachments.CheckedFile, RawDocument]:
    """The file as an attachment (PDF, DOCX, or for the command a copied text) and as a
    document to read."""
    suffix = PurePath(filename).suffix.lower()
    if data.startswith((b"%PDF-", b"PK\x03\x04")):
        checked = attachments.check_attachment(data)
        if checked.content_type == attachments.XLSX:
            raise UploadRefused("et Excel-regneark er ikke en dagsorden eller et referat")
    else:
        if suffix not in (".txt", ""):
            raise UploadRefused(f"filens indhold er hverken PDF, Word eller tekst. "
                                f"{attachments.ALLOWED_TEXT}")
        attachments.check_size_only(data)
        decode_text(data)  # refuses what is not text
        import hashlib
        checked = attachments.CheckedFile(data, TEXT, hashlib.sha256(data).hexdigest())
    return checked, RawDocument(data, sniff(data, suffix))


def _kind_of(item: ParsedItem) -> str:
    words = f"{item.title} {item.recommendation_text}".lower()
    if "orienter" in words or "til efterretning" in words:
        return AgendaItem.Kind.INFORMATION
    if "drøft" in words:
        return AgendaItem.Kind.DISCUSSION
    return AgendaItem.Kind.DECISION


def _targets(council: Council) -> list[Target]:
    programme = council.programmes.current()
    if programme is None:
        return []
    learned: dict[str, list[str]] = {}
    for suggestion in LinkSuggestion.objects.filter(
            state=LinkSuggestion.State.ACCEPTED,
            agenda_item__meeting__council=council).select_related("agenda_item"):
        key = (f"recommendation:{suggestion.recommendation_id}" if suggestion.recommendation_id
               else f"initiative:{suggestion.initiative_id}")
        learned.setdefault(key, []).append(suggestion.agenda_item.title)
    targets: list[Target] = []
    recommendations = programme.recommendations.prefetch_related("actors", "initiatives")
    for rec in recommendations:
        key = f"recommendation:{rec.pk}"
        texts = [(rec.headline, 3.0), (rec.body, 1.0), (rec.theme, 2.0),
                 (THEME_WORDS.get(rec.theme, ""), 1.0)]
        texts += [(actor.name, 2.0) for actor in rec.actors.all()]
        texts += [(initiative.title, 1.0) for initiative in rec.initiatives.all()]
        texts += [(title, 2.0) for title in learned.get(key, [])]
        targets.append(Target(key, tuple(texts)))
    for initiative in Initiative.objects.filter(recommendation__programme=programme) \
            .prefetch_related("actors"):
        key = f"initiative:{initiative.pk}"
        texts = [(initiative.title, 3.0), (initiative.description, 1.0)]
        texts += [(actor.name, 2.0) for actor in initiative.actors.all()]
        texts += [(title, 2.0) for title in learned.get(key, [])]
        targets.append(Target(key, tuple(texts)))
    return targets


def suggest_links(item: AgendaItem, text: str, ranker: Ranker) -> list[LinkSuggestion]:
    """New suggestions for the item, best first; never a pair it already has (suggested,
    accepted or rejected)."""
    existing = LinkSuggestion.objects.filter(agenda_item=item)
    seen = {f"recommendation:{s.recommendation_id}" if s.recommendation_id
            else f"initiative:{s.initiative_id}" for s in existing}
    rank = existing.count()
    made: list[LinkSuggestion] = []
    for kind in ("recommendation", "initiative"):
        for scored in ranker.rank(text, exclude=seen | {k for k in ranker.keys
                                                        if not k.startswith(kind)}):
            rank += 1
            pk = int(scored.key.split(":")[1])
            made.append(LinkSuggestion.objects.create(
                agenda_item=item, score=scored.score, rank=rank,
                recommendation_id=pk if kind == "recommendation" else None,
                initiative_id=pk if kind == "initiative" else None))
    return made


def _suggestions_out(item: AgendaItem) -> list[dict[str, Any]]:
    rows = LinkSuggestion.objects.filter(agenda_item=item).exclude(
        state=LinkSuggestion.State.REJECTED).select_related("recommendation", "initiative")
    out: list[dict[str, Any]] = []
    for s in sorted(rows, key=lambda s: (s.recommendation_id is None, -s.score, s.rank)):
        if s.recommendation is not None:
            out.append({"recommendation": s.recommendation.number, "score": s.score,
                        "state": s.state})
        elif s.initiative is not None:
            out.append({"initiative": s.initiative.title, "score": s.score, "state": s.state})
    return out


class _DryRun(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def import_meeting_document(author: Author, council: Council, on: date, filename: str,
                            data: bytes, kind: str = Attachment.Kind.AGENDA,
                            dry_run: bool = False) -> ImportResult:
    """Import the file; UploadRefused or DocumentError (nothing written) when it cannot be."""
    if kind not in (Attachment.Kind.AGENDA, Attachment.Kind.MINUTES):
        raise ValueError(f"Ukendt dokumenttype: {kind}")
    checked, document = _checked(filename, data)
    parsed = parse_meeting_lines(document_lines(document))
    text = "\n".join(line.text for line in document_lines(document))
    try:
        with transaction.atomic():
            result = _import(author, council, on, filename, kind, checked, parsed, text)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        return rolled_back.result
    if not result.unchanged:
        attachments.store(checked)
    return result


def _import(author: Author, council: Council, on: date, filename: str, kind: str,
            checked: attachments.CheckedFile, parsed: list[ParsedItem],
            text: str) -> ImportResult:
    from kkrmonitor.meetings.services import MeetingData, create_meeting

    meeting = Meeting.objects.filter(council=council, date=on).order_by("id").first()
    if meeting is not None and meeting.attachments.filter(sha256=checked.sha256).exists():
        items = [ItemResult(i.source_number, i.agenda_item.title, i.page, i.agenda_item,
                            _suggestions_out(i.agenda_item))
                 for i in ImportedItem.objects.filter(
                     attachment__meeting=meeting).select_related("agenda_item")
                 .order_by("agenda_item__number")]
        return ImportResult(meeting, council, on, kind, True, items)
    if meeting is None:
        state = Meeting.State.HELD if kind == Attachment.Kind.MINUTES else Meeting.State.PLANNED
        meeting = create_meeting(author, council, MeetingData(
            date=on, state=state, source=f"Indlæst fra {PurePath(filename).name}"))
    attachment = Attachment.objects.create(
        meeting=meeting, kind=kind, filename=PurePath(filename).name[:255],
        content_type=checked.content_type, size=len(checked.data), sha256=checked.sha256,
        text=text, uploaded_by=author.user if author.user is not None else None)
    record(author, AuditAction.CREATE, attachment,
           {"filename": [None, attachment.filename], "kind": [None, attachment.kind],
            "sha256": [None, attachment.sha256]}, public=False)
    ranker = Ranker(_targets(council))
    previous = {i.source_number: i for i in ImportedItem.objects.filter(
        agenda_item__meeting=meeting).select_related("agenda_item")}
    next_number = (meeting.agenda_items.order_by("-number").values_list("number", flat=True)
                   .first() or 0)
    result = ImportResult(meeting, council, on, kind, False, [])
    for parsed_item in parsed:
        imported = previous.get(parsed_item.number)
        if imported is None:
            next_number += 1
            item = AgendaItem.objects.create(
                meeting=meeting, number=next_number, title=parsed_item.title[:300],
                kind=_kind_of(parsed_item), case_text=parsed_item.case_text,
                publication=Publication.DRAFT)
            imported = ImportedItem.objects.create(
                agenda_item=item, attachment=attachment, source_number=parsed_item.number,
                page=parsed_item.page, recommendation_text=parsed_item.recommendation_text,
                decision_text=parsed_item.decision_text)
            record(author, AuditAction.CREATE, item,
                   {"title": [None, item.title], "kind": [None, item.kind],
                    "source_number": [None, parsed_item.number],
                    "publication": [None, item.publication]},
                   public=False)
            result.created_items += 1
        else:
            item = imported.agenda_item
            changes: dict[str, list[Any]] = {}
            for name, value in (("title", parsed_item.title[:300]),
                                ("case_text", parsed_item.case_text)):
                if value and getattr(item, name) != value:
                    changes[name] = [getattr(item, name), value]
                    setattr(item, name, value)
            for name, value in (("recommendation_text", parsed_item.recommendation_text),
                                ("decision_text", parsed_item.decision_text)):
                if value and getattr(imported, name) != value:
                    changes[name] = [getattr(imported, name), value]
                    setattr(imported, name, value)
            imported.attachment = attachment
            imported.page = parsed_item.page
            imported.save()
            if changes:
                item.version += 1
                item.save()
                record(author, AuditAction.UPDATE, item, changes,
                       public=item.publication == Publication.PUBLISHED)
                result.updated_items += 1
        suggest_links(item, f"{item.title}\n{item.title}\n{parsed_item.text}", ranker)
        result.items.append(ItemResult(parsed_item.number, item.title, parsed_item.page, item,
                                       _suggestions_out(item)))
    return result


@transaction.atomic
def decide_suggestion(author: Author, suggestion: LinkSuggestion, accept: bool) -> bool:
    """Accept (link the item to the recommendation or initiative) or reject a suggestion;
    False when it was already decided that way."""
    # Lock the suggestion row only (PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer joins to its recommendation or initiative).
    suggestion = LinkSuggestion.objects.select_for_update(of=("self",)).select_related(
        "agenda_item", "recommendation", "initiative").get(pk=suggestion.pk)
    state = LinkSuggestion.State.ACCEPTED if accept else LinkSuggestion.State.REJECTED
    if suggestion.state == state:
        return False
    item = suggestion.agenda_item
    relation: Any = item.recommendations if suggestion.recommendation_id else item.initiatives
    target: Any = suggestion.recommendation or suggestion.initiative
    field_name = "recommendations" if suggestion.recommendation_id else "initiatives"
    before = sorted(str(t) for t in relation.all())
    if accept:
        relation.add(target)
    else:
        relation.remove(target)
    after = sorted(str(t) for t in relation.all())
    suggestion.state = state
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = author.user if author.user is not None else None
    suggestion.save(update_fields=["state", "decided_at", "decided_by"])
    if before != after:
        item.version += 1
        item.save(update_fields=["version"])
    record(author, AuditAction.APPROVE if accept else AuditAction.RETURN, item,
           {field_name: [before, after]}, public=item.publication == Publication.PUBLISHED)
    return True


def add_attachment(author: Author, meeting: Meeting, item: AgendaItem | None, filename: str,
                   data: bytes) -> tuple[Attachment, bool]:
    """Attach a PDF, Word or Excel file to a meeting or one of its items; (attachment, False)
    when the meeting already has the same content. UploadRefused for anything else."""
    if item is not None and item.meeting_id != meeting.pk:
        raise ValueError("Punktet hører ikke til mødet.")
    checked = attachments.check_attachment(data)
    with transaction.atomic():
        existing = meeting.attachments.filter(sha256=checked.sha256).first()
        if existing is not None:
            return existing, False
        attachment = Attachment.objects.create(
            meeting=meeting, agenda_item=item, kind=Attachment.Kind.ENCLOSURE,
            filename=PurePath(filename).name[:255] or "bilag", content_type=checked.content_type,
            size=len(checked.data), sha256=checked.sha256,
            uploaded_by=author.user if author.user is not None else None)
        record(author, AuditAction.CREATE, attachment,
               {"filename": [None, attachment.filename], "sha256": [None, attachment.sha256],
                "agenda_item": [None, str(item) if item else None]},
               public=item is None or item.publication == Publication.PUBLISHED)
    attachments.store(checked)
    return attachment, True


@transaction.atomic
def publish_item(author: Author, item: AgendaItem) -> bool:
    """Make an imported draft item public; False when it already is."""
    updated = AgendaItem.objects.filter(pk=item.pk, publication=Publication.DRAFT).update(
        publication=Publication.PUBLISHED)
    if not updated:
        return False
    item.refresh_from_db()
    record(author, AuditAction.PUBLISH, item, {"publication": ["draft", "published"]})
    return True


def refused_text(error: Exception) -> str:
    """A refusal as one Danish sentence."""
    message = str(error)
    if isinstance(error, UploadRefused | DocumentError):
        return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
    return message
