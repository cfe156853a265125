"""Default joint data, only from /work/shared/reference/facts.md, each item with its source.

- The portfolio "Prioriterede infrastrukturprojekter" (recommendation 2) with the five efforts
  of the 2025 strategy and the 2016 "7+3 VIP" projects as far as they were found. The 2016 VIP
  list is marked incomplete: the seventh VIP project is unknown and is never made up.
- The IT-operations initiative under recommendation 7 of KKR Hovedstaden's 2026-2029
  programme, run in every municipality, with every municipality "Ikke rapporteret".

No stage, funding or date is invented: a project's stage is "Ikke angivet" until someone sets
it. Idempotent: what exists is left as it is (users may have edited it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from kkrmonitor.audit import Author
from kkrmonitor.joint.models import (
    JointInitiative,
    Portfolio,
    PortfolioStage,
    Project,
    ProjectList,
)
from kkrmonitor.joint.services import (
    ProjectData,
    add_project_event,
    create_joint_initiative,
    create_project,
)
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import Council, Programme, Publication, Recommendation
from kkrmonitor.text import danish_slug

AUTHOR = Author(label="Standarddata", channel="cli")

KL_2016 = ("KL: KKR Hovedstaden – trafik, infrastruktur, klima og miljø "
           "(kl.dk/politik/kkr/kkr-hovedstaden/trafik-infrastruktur-klima-og-miljoe)")
STRATEGY_2025 = ("»Styrket mobilitet – strategi for mobilitet og infrastruktur« (september 2025, "
                 "KKR Hovedstaden og Region Hovedstaden), sendt til Folketingets Transportudvalg "
                 "30.09.2025 (ft.dk, TRU Alm.del bilag 340, 2024-25)")
IT_SOURCE = ("KKR Hovedstadens anbefalinger 2026-2029, anbefaling 7; KL og regeringens "
             "økonomiaftale: 4–5 tværkommunale it-serviceorganisationer overtager kommunernes "
             "drift af server- og netværksinfrastruktur inden udgangen af 2027, og alle "
             "kommunalbestyrelser skal beslutte i løbet af 2026. Trinnene er sekretariatets "
             "opfølgningstrin.")

PORTFOLIO_SLUG = "prioriterede-infrastrukturprojekter"
PORTFOLIO_STAGES = ["Idé", "Analyse", "Miljøvurdering", "Politisk besluttet", "Finansieret",
                    "I anlæg", "I drift"]

STRATEGY_EFFORTS = [
    "S-togsekspresstunnel København H–Hellerup",
    "BRT på linje 150S, 200S og 400S",
    "Udbygning af supercykelstinettet",
    "Udbygning af rute 16 mellem Frederiksværk og Hillerød",
    "Hastighedsnedsættelser på udvalgte bynære motorveje",
]
VIP_2016 = ["Automatisering af S-tog", "Hillerødmotorvejen", "Kystbanen",
            "Ny togforbindelse Roskilde–Kastrup", "Ring 5 Syd", "Østlig Ringvej"]
ADDITIONAL_2016 = ["Forlængelse af metro", "Forlængelse af Farum S-tog til Hillerød",
                   "Ombygning af Hillerød Station"]
VIP_INCOMPLETE_NOTE = (
    "Listen er ufuldstændig. KKR Hovedstadens fælles prioriteringer fra 2016 hed »7+3 "
    "VIP-projekter«, men kun seks VIP-projekter er fundet i kilden; det syvende er ukendt. "
    "Listen kan redigeres, når det syvende projekt er fundet i en kilde.")

IT_TITLE = "Overdragelse af server- og netværksdrift til fælles it-driftsenheder"
IT_STAGES = ["Ikke startet", "Beslutning i kommunalbestyrelsen", "Aftale indgået",
             "Migrering i gang", "Overdraget"]
# No source gives a start date: 1 Jan 2026 is our own assumption (the first day of the term;
# the decisions fall in 2026). IT_DATES_NOTE says so on the matrix and edit pages, so the
# secretariat can correct it (migration 0003 sets it on efforts loaded before the note existed).
IT_START = date(2026, 1, 1)
IT_DEADLINE = date(2027, 12, 31)  # "inden udgangen af 2027"
IT_DATES_NOTE = ("Startdatoen 1. januar 2026 er sekretariatets egen antagelse (første dag i "
                 "perioden 2026–2029); ingen kilde angiver en startdato. Kilden siger kun, at "
                 "alle kommunalbestyrelser skal beslutte i løbet af 2026, og at driften skal "
                 "være overdraget inden udgangen af 2027 (fristen 31. december 2027).")


@dataclass
class JointLoadReport:
    created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.created:
            return ["Fælles data er allerede indlæst; intet ændret.", *self.notes]
        return [f"Fælles data indlæst: {len(self.created)} oprettet.",
                *[f"  {c}" for c in self.created], *self.notes]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _recommendation(number: int) -> Recommendation | None:
    """Recommendation `number` of KKR Hovedstaden's 2026-2029 programme, if it is imported."""
    return Recommendation.objects.filter(
        programme__council__slug="kkr-hovedstaden", programme__term_start=2026,
        programme__term_end=2029, number=number).first()


def _portfolio(report: JointLoadReport) -> Portfolio:
    council = Council.objects.filter(slug="kkr-hovedstaden").first()
    portfolio, created = Portfolio.objects.get_or_create(slug=PORTFOLIO_SLUG, defaults={
        "name": "Prioriterede infrastrukturprojekter", "council": council,
        "recommendation": _recommendation(2),
        "description": ("KKR Hovedstadens fælles prioriterede projekter for mobilitet og "
                        "infrastruktur (anbefaling 2): de fem indsatser i strategien fra 2025 "
                        "og de fælles prioriteringer fra 2016."),
        "source": f"{STRATEGY_2025}; {KL_2016}"})
    if created:
        report.created.append(f"Portefølje: {portfolio.name}")
        PortfolioStage.objects.bulk_create(
            PortfolioStage(portfolio=portfolio, position=i, name=n)
            for i, n in enumerate(PORTFOLIO_STAGES))
    return portfolio


def _list(portfolio: Portfolio, name: str, report: JointLoadReport,
          **values: object) -> ProjectList:
    project_list, created = ProjectList.objects.get_or_create(portfolio=portfolio, name=name,
                                                              defaults=values)
    if created:
        report.created.append(f"Liste: {name}")
    return project_list


def _project(portfolio: Portfolio, name: str, source: str, project_list: ProjectList,
             role: str, report: JointLoadReport) -> Project | None:
    slug = danish_slug(name)
    if Project.objects.filter(portfolio=portfolio, slug=slug).exists():
        return None
    project = create_project(AUTHOR, Project(portfolio=portfolio, slug=slug),
                             ProjectData(name=name, source=source, lists=(project_list,)),
                             roles={project_list.pk: role})
    report.created.append(f"Projekt: {name}")
    return project


def _it_initiative(report: JointLoadReport) -> None:
    programme = Programme.objects.filter(council__slug="kkr-hovedstaden", term_start=2026,
                                         term_end=2029).first()
    recommendation = (Recommendation.objects.filter(programme=programme, number=7).first()
                      if programme else None)
    if recommendation is None:
        report.notes.append("KKR Hovedstadens arbejdsprogram 2026-2029 med anbefaling 7 er ikke "
                            "importeret; it-driftsindsatsen er ikke oprettet.")
        return
    if JointInitiative.objects.filter(initiative__recommendation=recommendation,
                                      initiative__title=IT_TITLE).exists():
        return
    initiative = programme_services.create_initiative(
        AUTHOR, recommendation, programme_services.InitiativeData(
            title=IT_TITLE,
            description=("Kommunernes drift af server- og netværksinfrastruktur overgår til "
                         "tværkommunale it-serviceorganisationer inden udgangen af 2027. "
                         "Hver kommune rapporterer sit trin."),
            owner="KKR Hovedstaden"))
    programme_services.set_initiative_publication(AUTHOR, initiative, Publication.PUBLISHED,
                                                  initiative.version)
    create_joint_initiative(AUTHOR, initiative, IT_STAGES, IT_START, IT_DEADLINE, IT_SOURCE,
                            dates_note=IT_DATES_NOTE)
    report.created.append(f"Fælles kommunal indsats: {IT_TITLE}")


@transaction.atomic
def load_reference_joint() -> JointLoadReport:
    """Load the default portfolio, lists, projects and the IT-operations initiative. Call after
    the programme import (seed_defaults); safe to call again."""
    report = JointLoadReport()
    portfolio = _portfolio(report)
    strategy = _list(portfolio, "Strategi 2025", report,
                     description="De fem indsatser i »Styrket mobilitet« (2025).",
                     source=STRATEGY_2025)
    vip = _list(portfolio, "VIP 2016", report,
                description="KKR Hovedstadens fælles prioriteringer fra 2016 (»7+3 "
                            "VIP-projekter«).",
                is_complete=False, completeness_note=VIP_INCOMPLETE_NOTE, source=KL_2016)
    for name in STRATEGY_EFFORTS:
        project = _project(portfolio, name, STRATEGY_2025, strategy, "Indsats i strategien",
                           report)
        if project is not None:
            add_project_event(AUTHOR, project, date(2025, 9, 30),
                              "Strategien »Styrket mobilitet« sendt til Folketingets "
                              "Transportudvalg.", "ft.dk, TRU Alm.del bilag 340, 2024-25")
    for name in VIP_2016:
        _project(portfolio, name, KL_2016, vip, "VIP-projekt", report)
    for name in ADDITIONAL_2016:
        _project(portfolio, name, KL_2016, vip, "Yderligere projekt", report)
    _it_initiative(report)
    return report
