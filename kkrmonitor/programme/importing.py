"""Import a council's recommendations document into its work programme.

All-or-nothing: the whole import runs in one transaction and writes an audit event for each row
it creates or changes. Recommendations, their partners, milestones and history entries are
written by the programme's services, as an editor's save is: versions are bumped, so a form
opened before the import is refused rather than silently putting old values back. Idempotent:
the same file again changes nothing; a revised document updates texts in place
(recommendations matched by number). The importer only ever removes rows it created itself
(origin "import"); anything a user added is left alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from kkrmonitor.audit import (
    AuditAction,
    Author,
    EditConflict,
    changes_between,
    plain,
    record,
    snapshot,
)
from kkrmonitor.parsing.actor_names import ActorPattern, find_actors
from kkrmonitor.parsing.danish_dates import DateWindow, find_windows, sentence_around
from kkrmonitor.parsing.programme_document import (
    DocumentError,
    ParsedProgramme,
    ParsedRecommendation,
    read_programme,
)
from kkrmonitor.parsing.world_changes import describes_change
from kkrmonitor.programme import services
from kkrmonitor.programme.models import (
    Actor,
    Council,
    HistoryEntry,
    Milestone,
    Origin,
    Programme,
    Recommendation,
    RecommendationActor,
)
from kkrmonitor.programme.reference import theme_for


class ProgrammeImportError(Exception):
    """A problem with the input that stops the import before anything is written."""


@dataclass
class ImportReport:
    filename: str
    programme: Programme | None = None
    dry_run: bool = False
    created: bool = False
    unchanged: bool = False
    changes: list[str] = field(default_factory=list)
    recommendation_count: int = 0

    def lines(self) -> list[str]:
        assert self.programme is not None
        name = f"{self.programme.council.name} {self.programme.term}"
        if self.unchanged:
            out = [f"{self.filename}: uændret – programmet for {name} svarer allerede til filen."]
        elif self.created:
            out = [f"{self.filename}: programmet for {name} er oprettet med "
                   f"{self.recommendation_count} anbefalinger."]
        else:
            out = [f"{self.filename}: programmet for {name} er opdateret "
                   f"({len(self.changes)} ændringer)."]
        out += [f"  {c}" for c in self.changes]
        if self.dry_run:
            out.append("Prøvekørsel (--dry-run): intet er gemt.")
        return out


@dataclass(frozen=True)
class DatedPassage:
    window: DateWindow
    sentence: str
    # The sentence with its date expression masked: a re-import recognises its own milestone by
    # it even when the revised document moved the date.
    key: str
    # The sentence says the world changes on that date ("… bortfalder fra 2026"): a dated event
    # of the recommendation, kept with its history as context, never a milestone to be reached.
    is_event: bool = False


def _is_milestone(passage: DatedPassage, approved_on: date) -> bool:
    return _is_after(passage.window, approved_on) and not passage.is_event


def _is_after(window: DateWindow, approved_on: date) -> bool:
    """Does the expression point past the approval date (a milestone) or before it (history)?
    A window that straddles the approval date counts as history: it had begun."""
    if window.start is not None:
        return window.start > approved_on
    return window.end is not None and window.end > approved_on


def dated_passages(rec: ParsedRecommendation) -> list[DatedPassage]:
    passages: list[DatedPassage] = []
    for text in (rec.headline, rec.body):
        for found in find_windows(text):
            sentence = sentence_around(text, found.start, found.end)
            key = sentence.replace(" ".join(found.text.split()), "…", 1)
            passages.append(DatedPassage(found.window, sentence, key, is_event=describes_change(
                text, found.start)))
    return passages


def _term(parsed: ParsedProgramme, term: str | None) -> tuple[int, int]:
    raw = term or parsed.term
    if not raw:
        raise ProgrammeImportError(
            "Dokumentet nævner ingen valgperiode (fx 'valgperioden 2026-2029'); "
            "angiv den med --term.")
    try:
        start, end = (int(part) for part in raw.replace("–", "-").split("-"))
    except ValueError:
        raise ProgrammeImportError(f"Valgperioden '{raw}' skal skrives som ÅÅÅÅ-ÅÅÅÅ.") from None
    if end < start:
        raise ProgrammeImportError(f"Valgperioden '{raw}' slutter før den begynder.")
    return start, end


def import_programme(path: str | Path, council_slug: str, *, term: str | None = None,
                     dry_run: bool = False, author: Author | None = None) -> ImportReport:
    path = Path(path)
    council = Council.objects.filter(slug=council_slug).first()
    if council is None:
        known = ", ".join(Council.objects.order_by("slug").values_list("slug", flat=True))
        raise ProgrammeImportError(
            f"Ukendt råd '{council_slug}'. "
            f"Kendte råd: {known or 'ingen – kør kkr load_reference'}.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProgrammeImportError(f"Filen kan ikke læses: {exc.strerror}.") from None
    parsed = read_programme(path)
    term_start, term_end = _term(parsed, term)
    checksum = hashlib.sha256(raw).hexdigest()
    author = author or Author(label=f"Import af {path.name}", channel="import")
    report = ImportReport(filename=path.name, dry_run=dry_run,
                          recommendation_count=len(parsed.recommendations))

    try:
        return _import(council, parsed, path.name, checksum, term_start, term_end, author,
                       report, dry_run)
    except EditConflict:
        # The import reads each row's version and writes it at once in the same transaction;
        # only an editor saving in that moment can get between, and then nothing is written.
        raise ProgrammeImportError("En redaktør gemte en ændring i programmet, mens filen blev "
                                   "indlæst; intet er gemt. Prøv igen.") from None


def _import(council: Council, parsed: ParsedProgramme, filename: str, checksum: str,
            term_start: int, term_end: int, author: Author, report: ImportReport,
            dry_run: bool) -> ImportReport:
    with transaction.atomic():
        programme = (Programme.objects.select_for_update()
                     .filter(council=council, term_start=term_start, term_end=term_end).first())
        if programme is not None and programme.source_sha256 == checksum:
            report.programme, report.unchanged = programme, True
            return report
        programme = _save_programme(programme, council, term_start, term_end, parsed, filename,
                                    checksum, author, report)
        patterns = [ActorPattern(a.slug, a.names) for a in Actor.objects.all()]
        approved_on = parsed.approved_on or timezone.localdate()
        for parsed_rec in parsed.recommendations:
            rec = _save_recommendation(programme, parsed_rec, author, report)
            _link_actors(rec, parsed_rec, patterns, author, report)
            _save_dated(rec, dated_passages(parsed_rec), approved_on, author, report)
        numbers = {r.number for r in parsed.recommendations}
        for extra in programme.recommendations.exclude(number__in=numbers):
            report.changes.append(f"Anbefaling {extra.number} står ikke i dokumentet; "
                                  "den er bevaret uændret.")
        report.programme = programme
        if dry_run:
            transaction.set_rollback(True)
    return report


_PROGRAMME_FIELDS = ["title", "preamble", "approved_on", "approval_text", "source_filename",
                     "source_sha256"]


def _save_programme(programme: Programme | None, council: Council, term_start: int,
                    term_end: int, parsed: ParsedProgramme, filename: str, checksum: str,
                    author: Author, report: ImportReport) -> Programme:
    values = {"title": parsed.title, "preamble": parsed.preamble,
              "approved_on": parsed.approved_on, "approval_text": parsed.approval_sentence or "",
              "source_filename": filename, "source_sha256": checksum}
    if programme is None:
        programme = Programme.objects.create(council=council, term_start=term_start,
                                             term_end=term_end, **values)
        record(author, AuditAction.CREATE, programme, changes_between({}, snapshot(programme,
                                                                          _PROGRAMME_FIELDS)))
        report.created = True
        return programme
    before = snapshot(programme, _PROGRAMME_FIELDS)
    for key, value in values.items():
        setattr(programme, key, value)
    programme.imported_at = timezone.now()
    programme.save()
    diff = changes_between(before, snapshot(programme, _PROGRAMME_FIELDS))
    record(author, AuditAction.UPDATE, programme, diff)
    for key in ("title", "approved_on", "preamble"):
        if key in diff:
            report.changes.append(f"Programmets {_FIELD_NAMES[key]} er ændret.")
    return programme


_FIELD_NAMES = {"title": "titel", "approved_on": "godkendelsesdato", "preamble": "indledning",
                "headline": "overskrift", "body": "tekst"}


def _save_recommendation(programme: Programme, parsed: ParsedRecommendation, author: Author,
                         report: ImportReport) -> Recommendation:
    rec = programme.recommendations.filter(number=parsed.number).first()
    if rec is None:
        rec = services.create_recommendation(author, programme, parsed.number, parsed.headline,
                                             parsed.body, theme_for(parsed.headline))
        if not report.created:
            report.changes.append(f"Anbefaling {rec.number} er ny.")
        return rec
    # An editor's choice of theme is never overwritten.
    theme = rec.theme or theme_for(parsed.headline)
    diff = services.update_recommendation(author, rec, parsed.headline, parsed.body, theme,
                                          rec.version)
    changed = " og ".join(_FIELD_NAMES[k] for k in ("headline", "body") if k in diff)
    if changed:
        report.changes.append(f"Anbefaling {rec.number}: {changed} ændret.")
    return rec


def _link_actors(rec: Recommendation, parsed: ParsedRecommendation,
                 patterns: list[ActorPattern], author: Author, report: ImportReport) -> None:
    found = find_actors(f"{parsed.headline}\n\n{parsed.body}", patterns)
    links = {link.actor.slug: link for link in
             RecommendationActor.objects.filter(recommendation=rec).select_related("actor")}
    added = [slug for slug in found if slug not in links]
    removed = [slug for slug, link in links.items()
               if link.origin == Origin.IMPORT and slug not in found]
    if not added and not removed:
        return
    actors = {a.slug: a for a in Actor.objects.filter(slug__in=added)}
    kept = [link.actor for slug, link in links.items() if slug not in removed]
    services.set_recommendation_actors(author, rec, kept + [actors[s] for s in added],
                                       rec.version, origin=Origin.IMPORT)
    if not report.created:
        for slug in added:
            report.changes.append(f"Anbefaling {rec.number}: aktør {actors[slug].name} tilføjet.")
        for slug in removed:
            report.changes.append(f"Anbefaling {rec.number}: aktør {links[slug].actor.name} "
                                  "fjernet (nævnes ikke længere).")


def _window_values(text_field: str, text: str, window: DateWindow) -> dict[str, Any]:
    return {text_field: text, "start": plain(window.start), "end": plain(window.end),
            "label": window.label, "precision": window.precision}


def _save_dated(rec: Recommendation, passages: list[DatedPassage], approved_on: date,
                author: Author, report: ImportReport) -> None:
    """Milestones and history entries through the programme's services: a moved milestone
    gets a new version, so a form opened before the import is refused, not obeyed."""
    for model, is_milestone in ((Milestone, True), (HistoryEntry, False)):
        text_field = "title" if is_milestone else "text"
        noun = "milepæl" if is_milestone else "historik"
        fields = [text_field, "start", "end", "label", "precision"]
        unmatched: list[Milestone | HistoryEntry] = list(
            model.objects.filter(recommendation=rec, origin=Origin.IMPORT))
        for passage in (p for p in passages if _is_milestone(p, approved_on) == is_milestone):
            # Same sentence (date perhaps moved) first, else same date (wording perhaps changed).
            row = next((r for r in unmatched if r.source_text == passage.key), None) or next(
                (r for r in unmatched if r.label == passage.window.label), None)
            label = passage.window.label
            if row is None:
                if is_milestone:
                    services.create_milestone(author, rec, passage.sentence, passage.window,
                                              origin=Origin.IMPORT, source_text=passage.key)
                else:
                    services.create_history_entry(author, rec, passage.sentence, passage.window,
                                                  origin=Origin.IMPORT, source_text=passage.key)
                if not report.created:
                    report.changes.append(f"Anbefaling {rec.number}: {noun} '{label}' tilføjet.")
                continue
            unmatched.remove(row)
            old_label = row.label
            if not changes_between(snapshot(row, fields),
                                   _window_values(text_field, passage.sentence, passage.window)):
                continue
            if isinstance(row, Milestone):
                services.update_milestone(author, row, passage.sentence, passage.window,
                                          row.initiative, row.version,
                                          source_text=passage.key)
            else:
                services.update_history_entry(author, row, passage.sentence, passage.window,
                                              source_text=passage.key)
            if report.created:
                continue
            if old_label != label:
                change = f"{noun} '{old_label}' flyttet til '{label}'"
            else:
                change = f"{noun} '{label}' ændret"
            report.changes.append(f"Anbefaling {rec.number}: {change}.")
        for row in unmatched:
            if isinstance(row, Milestone):
                services.delete_milestone(author, row, row.version)
            else:
                services.delete_history_entry(author, row)
            report.changes.append(f"Anbefaling {rec.number}: {noun} '{row.label}' fjernet "
                                  "(står ikke længere i dokumentet).")


__all__ = ["DocumentError", "ImportReport", "ProgrammeImportError", "import_programme"]
