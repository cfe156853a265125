"""The synthetic dataset's table: rows per scale, the councils' split, names, words and dates
the generator draws from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

# --- the table ---------------------------------------------------------------------------------

# Target row counts per scale. The generator makes exactly these; `dataset_counts()` counts what
# is in the database (these and the derived tables: audit events, stages, areas, links).
SCALES: dict[str, dict[str, int]] = {
    "national": {
        "councils": 5,
        "municipalities": 98,
        "users": 103,  # an editor per council, a contact per municipality
        "actors": 40,
        "programmes": 15,
        "recommendations": 150,
        "history_entries": 300,
        "initiatives": 3_000,
        "milestones": 30_000,
        "status_updates": 100_000,
        "comments": 3_000,
        "meetings": 1_500,
        "agenda_items": 15_000,
        "decisions": 3_000,
        "joint_initiatives": 75,
        "stage_reports": 10_000,
        "shared_initiatives": 30,
        "portfolios": 5,
        "projects": 250,
        "project_events": 750,
        "indicators": 300,
        "observations": 2_000_000,
    },
    "small": {
        "councils": 2,
        "municipalities": 10,
        "users": 12,
        "actors": 4,
        "programmes": 2,
        "recommendations": 10,
        "history_entries": 20,
        "initiatives": 30,
        "milestones": 300,
        "status_updates": 1_000,
        "comments": 30,
        "meetings": 15,
        "agenda_items": 150,
        "decisions": 10,
        "joint_initiatives": 2,
        "stage_reports": 100,
        "shared_initiatives": 1,
        "portfolios": 2,
        "projects": 6,
        "project_events": 12,
        "indicators": 3,
        "observations": 2_000,
    },
}

# Municipalities per council: the real split of the five KKRs (Hovedstaden 29, Sjælland 17,
# Syddanmark 22, Midtjylland 19, Nordjylland 11), under invented names.
SPLITS: dict[str, tuple[int, ...]] = {"national": (29, 17, 22, 19, 11), "small": (6, 4)}
# Election terms per scale: the current one last.
TERMS: dict[str, tuple[tuple[int, int], ...]] = {
    "national": ((2018, 2021), (2022, 2025), (2026, 2029)),
    "small": ((2026, 2029),),
}
COUNCIL_NAMES = [("oest", "Øst"), ("sydoest", "Sydøst"), ("syd", "Syd"), ("midt", "Midt"),
                 ("nord", "Nord")]

# The synthetic world's "today": dates before it are past (meetings held, updates written),
# after it planned. Pages still compare with the real today (e.g. "kræver opdatering").
BASE_DATE = date(2026, 10, 1)
BASE_TS = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
# Statistics Denmark's municipality codes run 101–860; 901–998 is unused, so a synthetic code
# can never be mistaken for a real municipality.
FIRST_CODE = 901
EMAIL_DOMAIN = "syntetisk.invalid"
SLUG_PREFIX = "syntetisk-"
LABEL = "syntetiske data"
SOURCE = "Syntetiske demodata (datasæt {seed}) – ikke rigtige tal."
BATCH = 2000

THEMES = ["Det specialiserede socialområde", "Mobilitet og infrastruktur", "Klima og miljø",
          "Erhverv og beskæftigelse", "Uddannelse og rekruttering", "Regional udvikling",
          "Fælles it-drift", "Tværgående samarbejde", "Sundhed og forebyggelse",
          "Digitalisering", "Børn og unge", "Ældreområdet"]
VERBS = ["styrke", "udvikle", "afprøve", "udbrede", "samordne", "evaluere", "forenkle",
         "kortlægge"]
NOUNS = ["fælles model", "pilotprojekt", "netværk", "analyse", "handleplan", "vidensdeling",
         "styregruppe", "dataplatform", "samarbejdsaftale", "kompetenceforløb"]
STAGE_NAMES = ["Ikke startet", "Beslutning truffet", "Aftale indgået", "Implementering i gang",
               "Gennemført"]
PORTFOLIO_STAGES = ["Idé", "Analyse", "Miljøvurdering", "Politisk besluttet", "Finansieret",
                    "I anlæg", "I drift"]
FREQ_LABELS = {"year": "årlig", "quarter": "kvartalsvis", "month": "månedlig"}
MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
NARRATIVES = ["Arbejdet følger planen.", "Styregruppen har holdt møde og godkendt næste skridt.",
              "Der er forsinkelse i en delleverance; den indhentes i næste kvartal.",
              "Kommunerne har meldt tilbage, og resultaterne samles.",
              "Afventer afklaring af finansiering.", "Delleverancen er afleveret."]
DECISIONS = ["Rådet godkendte indstillingen.", "Rådet tog orienteringen til efterretning.",
             "Rådet godkendte indstillingen med de bemærkninger, der kom på mødet.",
             "Rådet drøftede sagen og bad sekretariatet vende tilbage med et nyt oplæg."]

Log = Callable[[str], None]


class DemoRefused(Exception):
    """The database holds something that is not synthetic demo data (or demo data already)."""
