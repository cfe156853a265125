"""The registers KKR Hovedstaden's 2026-2029 programme asks for, shipped empty: their columns
and sources, never a row. Rows are for the secretariat to enter from its own sources.

- Recommendation 6: the consequences of the region's development funds and tasks lapsing from
  2026 (the programme's own text; facts: the region's legal basis for regional development
  projects lapses from 2026).
- Recommendation 4: the appointments KKR Hovedstaden makes (Erhvervshus Hovedstaden's chair and
  a member of Danmarks Erhvervsfremmebestyrelse).
- Recommendation 5: the taskforce for education and recruitment's recommendations and their
  follow-up (the programme: the council is to evaluate the taskforce).

Idempotent: a register that exists is left as it is (the secretariat may have changed it); one
whose recommendation is not imported yet is not created, and the report says so."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from kkrmonitor.audit import AuditAction, Author, record
from kkrmonitor.programme.models import Council, Recommendation
from kkrmonitor.registers.models import Column, Register

AUTHOR = Author(label="Standarddata", channel="cli")

PROGRAMME_SOURCE = ("KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden 2026-2029, "
                    "godkendt 24. oktober 2025")
STATUS_CHOICES = ["Ikke vurderet", "Under afklaring", "Afklaret", "Afsluttet"]


@dataclass(frozen=True)
class ColumnDef:
    name: str
    kind: str = "text"
    unit: str = ""
    choices: tuple[str, ...] = ()
    help_text: str = ""
    required: bool = False


# A person, so that the row is on their "Mine opgaver" (kkrmonitor.owners.queues).
RESPONSIBLE_HELP = ("En medarbejder i sekretariatet eller en kommunal kontaktperson; rækken står "
                    "på personens liste over opgaver.")


@dataclass(frozen=True)
class RegisterDef:
    number: int
    slug: str
    title: str
    description: str
    source: str
    columns: tuple[ColumnDef, ...]


REGISTERS = (
    RegisterDef(
        6, "konsekvenser-af-de-bortfaldne-regionale-udviklingsopgaver",
        "Konsekvenser af de bortfaldne regionale udviklingsopgaver",
        "En del af regionens udviklingsmidler og -opgaver bortfalder fra 2026. Registret samler "
        "de områder, opgaver og projekter, det berører, hvem der eventuelt overtager dem, og "
        "hvad det betyder for kommunerne.",
        f"{PROGRAMME_SOURCE}, anbefaling 6: det får betydning særligt for klimaområdet og "
        "potentielt for regionens engagement i Greater Copenhagen-samarbejdet og Greater "
        "Copenhagen EU Office, evt. for mobilitetsområdet. Regionens lovgrundlag for regionale "
        "udviklingsprojekter bortfalder fra 2026; fx ophører regionens finansiering af "
        "supercykelstisamarbejdet ved udgangen af 2025.",
        (ColumnDef("Område", required=True,
                   help_text="Fx klima, mobilitet, Greater Copenhagen eller EU-projekter."),
         ColumnDef("Opgave eller projekt", required=True),
         ColumnDef("Hidtidig regional finansiering", "amount",
                   help_text="Regionens finansiering hidtil, i kr."),
         ColumnDef("Ophører", "date_window",
                   help_text="Fx »31.12.2025« eller »ved udgangen af 2025«."),
         ColumnDef("Hvem overtager"),
         ColumnDef("Konsekvens for kommunerne"),
         ColumnDef("Status", "choice", choices=tuple(STATUS_CHOICES)),
         ColumnDef("Ansvarlig", "user", help_text=RESPONSIBLE_HELP),
         ColumnDef("Kilde", help_text="Hvor oplysningerne i rækken stammer fra."))),
    RegisterDef(
        4, "udpegninger", "Udpegninger",
        "De poster, KKR Hovedstaden udpeger til: formanden for Erhvervshus Hovedstaden og et "
        "medlem af Danmarks Erhvervsfremmebestyrelse.",
        "KL: KKR Hovedstaden udpeger formanden for Erhvervshus Hovedstaden og et medlem af "
        f"Danmarks Erhvervsfremmebestyrelse; {PROGRAMME_SOURCE}, anbefaling 4.",
        (ColumnDef("Organ", "actor", required=True),
         ColumnDef("Post", required=True, help_text="Fx formand eller medlem."),
         ColumnDef("Udpeget", help_text="Navnet på den, KKR Hovedstaden har udpeget."),
         ColumnDef("Periode", "date_window", help_text="Fx »2026-2029«."),
         ColumnDef("Kilde", help_text="Fx referatet fra mødet, hvor udpegningen skete."))),
    RegisterDef(
        5, "taskforcens-anbefalinger-og-opfoelgning",
        "Taskforcens anbefalinger og opfølgning",
        "Den fælles taskforce for uddannelse og rekruttering til velfærdsområderne: dens "
        "anbefalinger og hvordan de følges op. KKR Hovedstaden skal evaluere taskforcen.",
        f"{PROGRAMME_SOURCE}, anbefaling 5: KKR Hovedstaden skal evaluere den fælles taskforce "
        "for uddannelse og rekruttering ift. medarbejdere til velfærdsområderne.",
        (ColumnDef("Anbefaling fra taskforcen", required=True),
         ColumnDef("Opfølgning"),
         ColumnDef("Ansvarlig", "user", help_text=RESPONSIBLE_HELP),
         ColumnDef("Frist", "date_window"),
         ColumnDef("Status", "choice", choices=tuple(STATUS_CHOICES)),
         ColumnDef("Kilde"))),
)


@dataclass
class RegisterLoadReport:
    created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.created:
            if self.notes:
                return ["Ingen registre oprettet.", *self.notes]
            return ["Registrene er allerede oprettet; intet ændret."]
        return [f"Registre oprettet: {len(self.created)}.",
                *[f"  {c}" for c in self.created], *self.notes]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _recommendation(number: int) -> Recommendation | None:
    return Recommendation.objects.filter(
        programme__council__slug="kkr-hovedstaden", programme__term_start=2026,
        programme__term_end=2029, number=number).first()


@transaction.atomic
def load_reference_registers() -> RegisterLoadReport:
    """Create the three registers, empty and published, with their columns; safe to call
    again."""
    from kkrmonitor.text import danish_slug

    report = RegisterLoadReport()
    council = Council.objects.filter(slug="kkr-hovedstaden").first()
    for definition in REGISTERS:
        if Register.objects.filter(slug=definition.slug).exists():
            continue
        recommendation = _recommendation(definition.number)
        if council is None or recommendation is None:
            report.notes.append(f"Anbefaling {definition.number} i KKR Hovedstadens "
                                f"arbejdsprogram 2026-2029 er ikke importeret; registret "
                                f"»{definition.title}« er ikke oprettet.")
            continue
        register = Register.objects.create(
            council=council, recommendation=recommendation, slug=definition.slug,
            title=definition.title, description=definition.description,
            source=definition.source, published=True)
        Column.objects.bulk_create(
            Column(register=register, key=danish_slug(c.name), name=c.name, kind=c.kind,
                   unit=c.unit, choices=list(c.choices), help_text=c.help_text,
                   required=c.required, position=i)
            for i, c in enumerate(definition.columns))
        record(AUTHOR, AuditAction.CREATE, register,
               {"title": [None, register.title],
                "columns": [None, [c.name for c in definition.columns]]})
        report.created.append(f"Register: {definition.title} (anbefaling {definition.number})")
    return report
