"""Reference meetings: only the meetings a public source states, each with that source.

KKR Hovedstaden's 2025 meetings and the new council's constituent meeting come from KL's page of
meeting material (shared/reference/facts.md); the decision approving the recommendations on
24 October 2025 comes from the council's own document. No times, places or case texts are given
by the sources, so none are stored. The constituent meeting is stated as a planned date, so it
stays "planned" until the secretariat marks it held.

Loading is idempotent and never overwrites: a meeting of the council on the same date is left
as it is, whatever the secretariat has changed since (state, time, place)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from kkrmonitor.audit import AuditAction, Author, changes_between, record, snapshot
from kkrmonitor.meetings import services as meeting_services
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.meetings.services import AgendaItemData
from kkrmonitor.programme.models import Council, Programme
from kkrmonitor.programme.reference import SEED

KL_MEETINGS = ("KL, KKR Hovedstaden: mødemateriale "
               "(kl.dk/politik/kkr/kkr-hovedstaden/moedemateriale)")
# Sources once named the repository's copy of the document; a stored source still saying so is
# brought up to date on the next load (the public reads the document's name, not a path).
EARLIER_FILE_NOTE = ", filen data/programmes/kkr-hovedstaden-anbefalinger-2026-2029.txt"
APPROVAL_SENTENCE = "Anbefalingerne er godkendt på KKR Hovedstadens møde den 24. oktober 2025."


@dataclass(frozen=True)
class DecisionData:
    agenda_title: str
    kind: str
    text: str  # the source's own words
    source: str
    # Link the agenda item to the recommendations of this council's programme for this term.
    programme_term: tuple[int, int] | None = None


@dataclass(frozen=True)
class MeetingData:
    council: str  # slug
    date: date
    state: str
    source: str
    title: str = ""
    description: str = ""
    decisions: tuple[DecisionData, ...] = ()


APPROVAL = DecisionData(
    agenda_title="Anbefalinger til det nye KKR Hovedstaden 2026-2029",
    kind=AgendaItem.Kind.DECISION,
    text=APPROVAL_SENTENCE,
    source=SEED,
    programme_term=(2026, 2029),
)

MEETINGS: tuple[MeetingData, ...] = (
    MeetingData("kkr-hovedstaden", date(2025, 2, 3), Meeting.State.HELD, KL_MEETINGS),
    MeetingData("kkr-hovedstaden", date(2025, 4, 11), Meeting.State.HELD, KL_MEETINGS),
    MeetingData("kkr-hovedstaden", date(2025, 6, 18), Meeting.State.HELD, KL_MEETINGS),
    MeetingData("kkr-hovedstaden", date(2025, 9, 2), Meeting.State.HELD, KL_MEETINGS),
    MeetingData(
        "kkr-hovedstaden", date(2025, 10, 24), Meeting.State.HELD,
        f"Mødedato: {KL_MEETINGS}. Beslutningen om anbefalingerne: {SEED}: "
        f"»{APPROVAL_SENTENCE}«",
        description=(
            "KKR Hovedstaden godkendte på mødet sine anbefalinger til det nye KKR Hovedstaden "
            "for valgperioden 2026-2029. Punktet om anbefalingerne er oprettet ud fra "
            "anbefalingsdokumentet, som ikke oplyser punktets nummer på dagsordenen eller en "
            "sagsfremstilling."),
        decisions=(APPROVAL,),
    ),
    MeetingData(
        "kkr-hovedstaden", date(2026, 1, 26), Meeting.State.PLANNED,
        f"{KL_MEETINGS}: det nye råds konstituerende møde mandag den 26. januar 2026.",
        title="Konstituerende møde",
        description="Det nye KKR Hovedstadens konstituerende møde i valgperioden 2026-2029.",
    ),
)


@dataclass
class MeetingsReport:
    meetings: list[str] = field(default_factory=list)  # created
    agenda_items: list[str] = field(default_factory=list)  # created
    decisions: list[str] = field(default_factory=list)  # created
    skipped: list[str] = field(default_factory=list)  # meetings that were there already

    def __str__(self) -> str:
        if not self.meetings:
            return "Referencemøderne findes allerede; intet ændret."
        text = f"Referencemøder indlæst: {len(self.meetings)} møder oprettet"
        if self.agenda_items or self.decisions:
            items, decisions = len(self.agenda_items), len(self.decisions)
            text += (f" (med {items} {'dagsordenspunkt' if items == 1 else 'dagsordenspunkter'}"
                     f" og {decisions} {'beslutning' if decisions == 1 else 'beslutninger'})")
        if self.skipped:
            text += f"; {len(self.skipped)} fandtes allerede"
        return text + "."


def _create_decision(author: Author, decision: Decision, source: str) -> None:
    """The reference decision with its source (services.record_decision takes no source)."""
    decision.save()
    changes = changes_between({}, snapshot(decision, ["agenda_item", "text"]))
    changes["source"] = [None, source]
    record(author, AuditAction.CREATE, decision, changes)


def _add_decision(author: Author, meeting: Meeting, data: DecisionData,
                  report: MeetingsReport) -> None:
    recommendations = []
    if data.programme_term:
        programme = Programme.objects.filter(
            council_id=meeting.council_id, term_start=data.programme_term[0],
            term_end=data.programme_term[1]).first()
        if programme is not None:
            recommendations = list(programme.recommendations.order_by("number"))
    number = (meeting.agenda_items.order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    item = meeting_services.add_agenda_item(author, meeting, AgendaItemData(
        number=number, title=data.agenda_title, kind=data.kind,
        recommendations=tuple(recommendations)))
    report.agenda_items.append(str(item))
    decision = Decision(agenda_item=item, text=data.text)
    _create_decision(author, decision, data.source)
    report.decisions.append(str(decision))


def _reword_source(author: Author, meeting: Meeting, source: str) -> None:
    """A reference meeting whose source still names the file path gets the current source,
    with an audit event; a source an editor changed is left as it is."""
    earlier = source.replace(f"{SEED}:", f"{SEED}{EARLIER_FILE_NOTE}:")
    if earlier != source and meeting.source == earlier:
        Meeting.objects.filter(pk=meeting.pk).update(source=source)
        meeting.source = source
        record(author, AuditAction.UPDATE, meeting, {"source": [earlier, source]})


@transaction.atomic
def load_reference_meetings(author: Author | None = None) -> MeetingsReport:
    """Create the meetings the sources state (and the 24 October 2025 decision) unless the
    council already has a meeting on that date. One audit event per created row."""
    author = author or Author(label="Referencedata", channel="cli")
    report = MeetingsReport()
    councils = {c.slug: c for c in Council.objects.filter(
        slug__in={m.council for m in MEETINGS})}
    for data in MEETINGS:
        council = councils.get(data.council)
        if council is None:
            raise ValueError(f"Rådet {data.council} findes ikke; kør først 'kkr load_reference'.")
        existing = Meeting.objects.filter(council=council, date=data.date).first()
        if existing is not None:
            _reword_source(author, existing, data.source)
            report.skipped.append(str(existing))
            continue
        meeting = meeting_services.create_meeting(author, council, meeting_services.MeetingData(
            date=data.date, title=data.title, state=data.state, description=data.description,
            source=data.source))
        report.meetings.append(f"{meeting} {meeting.date.isoformat()}")
        for decision in data.decisions:
            _add_decision(author, meeting, decision, report)
    return report
