"""Default recurring obligations and external events of KKR Hovedstaden's 2026-2029 programme,
only from shared/reference/facts.md and the council's own document, each with its source.

No source gives the time of year of the rammeaftale's approval or of the result contract, so
both occurrences' windows are the whole year and marked as expectations. The external events
carry only the dates the sources give ("fra 2026", "fra 2027", "november 2024").

Idempotent: an obligation or event with the same title under the same recommendation is left as
it is (users may have edited it); missing occurrence milestones are made."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kkrmonitor.audit import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme.models import ExternalEvent, Obligation, Recommendation
from kkrmonitor.programme.obligations import (
    create_external_event,
    create_obligation,
    sync_milestones,
)
from kkrmonitor.programme.reference import FACTS, SEED

AUTHOR = Author(label="Standarddata", channel="cli")

RAMMEAFTALE_SOURCE = (
    "rammeaftale-h.dk: rammeaftalen for det specialiserede socialområde er toårig og "
    "udarbejdes under KKR Hovedstaden; Rammeaftale 2025–2026 blev godkendt af KKR Hovedstaden "
    "6. september 2024")
RESULT_CONTRACT_SOURCE = (
    f"{FACTS}: KKR Hovedstaden aftaler hvert år en resultatkontrakt med Erhvervshus "
    "Hovedstaden")
HEALTH_REFORM_SOURCE = "Sundhedsreformens lovforslag L213/L214 (2025)"
HEALTH_AGREEMENT_SOURCE = f"{FACTS}: aftalen om sundhedsreformen, november 2024"
R6_SOURCE = (f"{SEED}, anbefaling 6; {FACTS}: regionens hjemmel til regionale "
             "udviklingsprojekter bortfalder fra 2026")


@dataclass(frozen=True)
class ObligationData:
    number: int
    title: str
    description: str
    rhythm: str
    first_year: int
    source: str
    usual_window: str = "i løbet af"
    is_expected: bool = True


@dataclass(frozen=True)
class EventData:
    numbers: tuple[int, ...]
    title: str
    window: str
    source: str
    description: str = ""


OBLIGATIONS = (
    ObligationData(
        1, "Rammeaftalen for det specialiserede socialområde godkendes",
        ("Rammeaftalen er toårig med en udviklingsdel og en styringsdel, der rammesætter "
         "kapacitet og priser. Rammeaftale 2025–2026 blev godkendt 6. september 2024, så den "
         "næste rammeaftale skal godkendes i 2026. Hvornår på året er ikke oplyst."),
        Obligation.Rhythm.EVERY_SECOND_YEAR, 2024, RAMMEAFTALE_SOURCE),
    ObligationData(
        4, "Resultatkontrakt med Erhvervshus Hovedstaden aftales",
        ("KKR Hovedstaden aftaler hvert år en resultatkontrakt med Erhvervshus Hovedstaden. "
         "Hvornår på året er ikke oplyst."),
        Obligation.Rhythm.YEARLY, 2026, RESULT_CONTRACT_SOURCE),
)

REGION_OSTDANMARK = "Region Hovedstaden og Region Sjælland lægges sammen til Region Østdanmark"
EVENTS = (
    EventData((6,), "Regionens hjemmel til regionale udviklingsprojekter bortfalder",
              "fra 2026", R6_SOURCE),
    EventData((8, 9), REGION_OSTDANMARK, "fra 2027", HEALTH_REFORM_SOURCE),
    EventData((8, 9), "Aftale om sundhedsreformen: 17 sundhedsråd oprettes", "november 2024",
              HEALTH_AGREEMENT_SOURCE,
              "Hvornår sundhedsrådene begynder deres arbejde, er ikke oplyst her."),
)


@dataclass
class CycleLoadReport:
    created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.created:
            return ["Tilbagevendende opgaver og ydre begivenheder er allerede indlæst; "
                    "intet ændret.", *self.notes]
        return [f"Tilbagevendende opgaver og ydre begivenheder indlæst: {len(self.created)} "
                "oprettet.", *[f"  {c}" for c in self.created], *self.notes]


def _recommendation(number: int) -> Recommendation | None:
    return Recommendation.objects.select_related("programme").filter(
        programme__council__slug="kkr-hovedstaden", programme__term_start=2026,
        programme__term_end=2029, number=number).first()


@transaction.atomic
def load_reference_cycle() -> CycleLoadReport:
    """Load the default obligations and events; call after the programme import."""
    report = CycleLoadReport()
    if _recommendation(1) is None:
        report.notes.append("KKR Hovedstadens arbejdsprogram 2026-2029 er ikke importeret; "
                            "tilbagevendende opgaver og ydre begivenheder er ikke oprettet.")
        return report
    for data in OBLIGATIONS:
        rec = _recommendation(data.number)
        if rec is None:
            continue
        existing = Obligation.objects.filter(recommendation=rec, title=data.title).first()
        if existing is not None:
            synced = sync_milestones(AUTHOR, existing)
            report.created.extend(f"Milepæl: {m.title}" for m in synced.created)
            continue
        create_obligation(AUTHOR, rec, Obligation(
            title=data.title, description=data.description, rhythm=data.rhythm,
            first_year=data.first_year, usual_window=data.usual_window,
            is_expected=data.is_expected, source=data.source))
        report.created.append(f"Tilbagevendende opgave: {data.title}")
    for event in EVENTS:
        window = parse_window(event.window)
        assert window is not None, event.window
        for number in event.numbers:
            rec = _recommendation(number)
            if rec is None or ExternalEvent.objects.filter(recommendation=rec,
                                                           title=event.title).exists():
                continue
            create_external_event(AUTHOR, rec, event.title, window, event.source,
                                  event.description)
            report.created.append(f"Ydre begivenhed (anbefaling {number}): {event.title}")
    return report
