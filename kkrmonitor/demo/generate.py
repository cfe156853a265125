"""A synthetic, clearly labelled dataset at the size of the whole country, for benchmarks and
demonstrations (`kkr generate_demo --scale national --seed 1`).

Everything here is made up. Every council, municipality, programme, indicator and person says so
in its name ("KKR Syntetisk Øst (syntetiske data)", "Syntetisk 901", "Syntetisk arbejdsprogram
…"); municipality codes are 901–998, a range Statistics Denmark does not use (the real codes run
from 101 to 860), and e-mail addresses end in @syntetisk.invalid (a reserved domain). No figure,
date or decision describes anything real; the site shows "Syntetiske demodata — ikke rigtige
tal" on every page while a DemoDataset row exists.

The same seed gives the same content: one random.Random(seed), a fixed "today" (BASE_DATE) and
every timestamp set explicitly. Rows are made with model constructors and bulk_create (the
observations with the indicators' own bulk path, store_observations), in one transaction, shaped
like what the service functions write: versions, publication, the initiative's status taken from
its latest published status update, confirmed_at/by, one audit event per write.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from itertools import islice
from typing import Any, TextIO

from django.db import connection, models, transaction

from kkrmonitor.accounts.models import Membership, Role, User
from kkrmonitor.demo.models import DemoDataset
from kkrmonitor.demo.rows import insert_objects, insert_rows
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.periods import parse_period
from kkrmonitor.indicators.services import ensure_areas, store_observations
from kkrmonitor.joint.models import (
    JointInitiative,
    JointStage,
    ListMembership,
    Portfolio,
    PortfolioStage,
    Project,
    ProjectEvent,
    ProjectList,
    SharedInitiative,
    StageReport,
)
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.parsing.danish_dates import DateWindow, parse_window
from kkrmonitor.programme.models import (
    Actor,
    AuditEvent,
    Comment,
    Council,
    HistoryEntry,
    Initiative,
    Milestone,
    Municipality,
    Origin,
    Programme,
    Publication,
    Recommendation,
    RecommendationActor,
    Status,
    StatusUpdate,
)
from kkrmonitor.programme.services import weighted_progress

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
SOURCE = "Syntetiske data fra kkr generate_demo (seed {seed}) – ikke rigtige tal."
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


# --- what is in the database ---------------------------------------------------------------------

COUNTED: dict[str, type[models.Model]] = {
    "councils": Council, "municipalities": Municipality, "users": User, "actors": Actor,
    "programmes": Programme, "recommendations": Recommendation,
    "history_entries": HistoryEntry, "initiatives": Initiative, "milestones": Milestone,
    "status_updates": StatusUpdate, "comments": Comment, "meetings": Meeting,
    "agenda_items": AgendaItem, "decisions": Decision, "joint_initiatives": JointInitiative,
    "stage_reports": StageReport, "shared_initiatives": SharedInitiative,
    "portfolios": Portfolio, "projects": Project, "project_events": ProjectEvent,
    "indicators": Indicator, "observations": Observation,
    # derived: not in SCALES, made as the rows above need them
    "audit_events": AuditEvent, "joint_stages": JointStage, "portfolio_stages": PortfolioStage,
    "project_lists": ProjectList, "areas": Area, "recommendation_actors": RecommendationActor,
    "memberships": Membership,
}


def dataset_counts() -> dict[str, int]:
    """Rows actually in the database, per table of the dataset (SCALES' keys and derived ones)."""
    return {key: model.objects.count() for key, model in COUNTED.items()}


def demo_present() -> bool:
    return DemoDataset.objects.exists()


def real_data_found() -> list[str]:
    """What in the database is not synthetic, in Danish, one line per kind; [] when none."""
    checks: list[tuple[str, models.QuerySet[Any]]] = [
        ("råd", Council.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("kommuner", Municipality.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("arbejdsprogrammer", Programme.objects.exclude(council__slug__startswith=SLUG_PREFIX)),
        ("brugere", User.objects.exclude(email__endswith="@" + EMAIL_DOMAIN)),
        ("aktører", Actor.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("møder", Meeting.objects.exclude(council__slug__startswith=SLUG_PREFIX)),
        ("indikatorer", Indicator.objects.exclude(slug__startswith=SLUG_PREFIX)),
        ("porteføljer", Portfolio.objects.exclude(slug__startswith=SLUG_PREFIX)),
    ]
    found = []
    for label, qs in checks:
        n = qs.count()
        if n:
            found.append(f"{n} {label}")
    return found


# --- content digest (same seed → same digest) ---------------------------------------------------

DIGESTED: list[tuple[type[models.Model], list[str]]] = [
    (Council, ["slug", "name"]),
    (Municipality, ["code", "name", "council__slug"]),
    (User, ["email", "full_name"]),
    (Programme, ["council__slug", "term_start", "title", "approved_on", "imported_at"]),
    (Recommendation, ["programme__title", "number", "headline", "progress"]),
    (Initiative, ["recommendation__headline", "title", "publication", "status", "progress",
                  "confirmed_at", "confirmed_by__email", "version", "start", "end", "label"]),
    (Milestone, ["initiative__title", "title", "start", "end", "label", "origin", "version"]),
    (StatusUpdate, ["initiative__title", "status", "progress", "as_of", "publication",
                    "published_at"]),
    (Comment, ["initiative__title", "municipality__code", "text", "created_at"]),
    (Meeting, ["council__slug", "title", "date", "state"]),
    (AgendaItem, ["meeting__title", "number", "title", "kind"]),
    (Decision, ["agenda_item__title", "text", "created_at"]),
    (JointStage, ["joint__initiative__title", "position", "name"]),
    (StageReport, ["initiative__title", "municipality__code", "stage__name", "as_of", "state",
                   "created_at"]),
    (Project, ["portfolio__slug", "slug", "stage__name", "state_funding_dkk"]),
    (Indicator, ["slug", "name", "unit", "additive"]),
    (AuditEvent, ["at", "actor_label", "action", "object_type", "object_repr", "changes",
                  "is_public"]),
]


def content_digest(include_observations: bool = True) -> str:
    """A SHA-256 over the dataset's content in insertion order, without primary keys (which
    differ between databases and after a flush)."""
    h = hashlib.sha256()
    for model, fields in DIGESTED:
        h.update(model.__name__.encode())
        for row in model.objects.order_by("pk").values_list(*fields).iterator(chunk_size=5000):
            # JSON with sorted keys: PostgreSQL's jsonb does not keep the key order SQLite does
            h.update(json.dumps(row, sort_keys=True, default=str).encode())
    if include_observations:
        rows = (Observation.objects.order_by("indicator__slug", "area__code", "period_start")
                .values_list("indicator__slug", "area__code", "period", "value", "source"))
        for row in rows.iterator(chunk_size=20000):
            h.update(json.dumps(row, default=str).encode())
    return h.hexdigest()


# --- helpers -------------------------------------------------------------------------------------

def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into whole parts proportional to `weights` (largest remainder), exactly."""
    if not weights:
        return []
    s = sum(weights) or 1.0
    raw = [total * w / s for w in weights]
    parts = [int(math.floor(x)) for x in raw]
    rest = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def batched(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ts(day: date, rng: random.Random, start_hour: int = 8, end_hour: int = 17) -> datetime:
    """A moment on `day` in office hours (UTC)."""
    return datetime.combine(day, dtime(rng.randint(start_hour, end_hour - 1), rng.randint(0, 59)),
                            tzinfo=UTC)


def plain(value: Any) -> Any:
    """As audit._plain: JSON-safe."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


_WINDOWS: dict[str, DateWindow] = {}


def window(text: str) -> DateWindow:
    """The importer's parser, cached: the same few hundred labels recur thousands of times."""
    found = _WINDOWS.get(text)
    if found is None:
        parsed = parse_window(text)
        assert parsed is not None, text
        found = _WINDOWS[text] = parsed
    return found


def random_window(rng: random.Random, first_year: int, last_year: int) -> DateWindow:
    year = rng.randint(first_year, last_year)
    kind = rng.random()
    if kind < 0.25:
        text = f"{rng.choice(['foråret', 'sommeren', 'efteråret'])} {year}"
    elif kind < 0.45:
        text = f"{rng.randint(1, 4)}. kvartal {year}"
    elif kind < 0.65:
        text = f"{rng.choice(MONTHS)} {year}"
    elif kind < 0.8:
        text = f"inden udgangen af {year}"
    elif kind < 0.9:
        text = f"{rng.choice(['første', 'andet'])} halvår {year}"
    else:
        text = str(year)
    return window(text)


@dataclass
class Timer:
    """Per-step wall-clock and CPU seconds (CPU time tells the generator's own cost on a busy
    machine)."""

    out: TextIO
    started: float = field(default_factory=time.perf_counter)
    cpu: float = field(default_factory=time.process_time)
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)

    def step(self, name: str, rows: int) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        took, used = now - self.started, cpu - self.cpu
        self.timings[name] = round(took, 2)
        self.cpu_timings[name] = round(used, 2)
        line = f"  {name:<22} {rows:>10,} rækker  {took:6.1f} s  (CPU {used:5.1f} s)\n"
        self.out.write(line.replace(",", "."))
        self.out.flush()
        self.started, self.cpu = now, cpu


AUDIT_COLUMNS = ["at", "user_id", "actor_label", "channel", "action", "object_type",
                 "object_id", "object_repr", "changes", "is_public", "recommendation_id",
                 "initiative_id", "decision_id"]


class Audit:
    """Collects audit events as record() would write them, inserted in batches."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, at: datetime, author: User | None, label: str, channel: str, action: str,
            obj: models.Model | tuple[int, str], object_type: str,
            changes: dict[str, list[Any]], *, public: bool = True,
            recommendation_id: int | None = None, initiative_id: int | None = None,
            decision_id: int | None = None) -> None:
        """`obj` is a saved model instance or (id, str) of a row inserted without one."""
        pk, text = (obj.pk, str(obj)) if isinstance(obj, models.Model) else obj
        self.rows.append((
            at, author.pk if author is not None else None, label[:200], channel, action,
            object_type, str(pk), text[:300],
            {k: [plain(v[0]), plain(v[1])] for k, v in changes.items()}, public,
            recommendation_id, initiative_id, decision_id))
        if len(self.rows) >= 10 * BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            insert_rows(AuditEvent, AUDIT_COLUMNS, self.rows)
            self.count += len(self.rows)
            self.rows = []


def fields_of(obj: models.Model, names: Iterable[str]) -> dict[str, list[Any]]:
    """changes_between({}, snapshot(obj, names)): creation as a change from nothing."""
    out = {}
    for name in names:
        value = plain(getattr(obj, name))
        if value is not None:
            out[name] = [None, value]
    return out


# --- the generator -------------------------------------------------------------------------------

@dataclass
class World:
    councils: list[Council] = field(default_factory=list)
    municipalities: dict[int, list[Municipality]] = field(default_factory=dict)  # council pk
    editors: dict[int, User] = field(default_factory=dict)  # council pk → editor
    contacts: dict[int, User] = field(default_factory=dict)  # municipality pk → contact
    actors: list[Actor] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    recommendations: dict[int, list[Recommendation]] = field(default_factory=dict)
    initiatives: list[Initiative] = field(default_factory=list)
    # programme pk → its initiatives
    by_programme: dict[int, list[Initiative]] = field(default_factory=lambda: defaultdict(list))
    programme_of_rec: dict[int, Programme] = field(default_factory=dict)


class Generator:
    def __init__(self, scale: str, seed: int, out: TextIO) -> None:
        if scale not in SCALES:
            raise ValueError(f"ukendt skala {scale!r} (kendte: {', '.join(SCALES)})")
        self.scale = scale
        self.seed = seed
        self.n = SCALES[scale]
        self.rng = random.Random(seed)
        self.out = out
        self.timer = Timer(out)
        self.audit = Audit()
        self.w = World()
        self.source = SOURCE.format(seed=seed)
        split = SPLITS[scale]
        assert len(split) == self.n["councils"] and sum(split) == self.n["municipalities"]
        assert self.n["users"] == len(split) + sum(split)
        assert self.n["programmes"] == len(split) * len(TERMS[scale])

    # every step makes its rows and their audit events
    def run(self) -> None:
        self.councils()
        self.users()
        self.actors()
        self.programmes()
        self.initiatives_and_updates()
        self.milestones()
        self.comments()
        self.joint()
        self.shared()
        self.portfolios()
        self.indicators()

    # --- councils, municipalities, users, actors -------------------------------------------
    def councils(self) -> None:
        split = SPLITS[self.scale]
        councils = [Council(slug=f"{SLUG_PREFIX}{slug}", name=f"KKR Syntetisk {name} ({LABEL})",
                            kind=Council.Kind.KKR,
                            description=("Et opdigtet kommunekontaktråd til demonstration og "
                                         "ydelsesmåling. Intet her beskriver et rigtigt råd."),
                            source=self.source)
                    for slug, name in COUNCIL_NAMES[:len(split)]]
        Council.objects.bulk_create(councils)
        self.w.councils = councils
        municipalities = []
        code = FIRST_CODE
        for council, size in zip(councils, split, strict=True):
            for _ in range(size):
                municipalities.append(Municipality(code=str(code), name=f"Syntetisk {code}",
                                                   slug=f"{SLUG_PREFIX}{code}", council=council))
                code += 1
        Municipality.objects.bulk_create(municipalities)
        for m in municipalities:
            self.w.municipalities.setdefault(m.council_id, []).append(m)
        self.timer.step("råd og kommuner", len(councils) + len(municipalities))

    def users(self) -> None:
        users, memberships = [], []
        joined = datetime(2017, 6, 1, 9, 0, tzinfo=UTC)
        for council in self.w.councils:
            short = council.slug.removeprefix(SLUG_PREFIX)
            user = User(email=f"redaktoer-{short}@{EMAIL_DOMAIN}",
                        full_name=f"Syntetisk redaktør {short.capitalize()}",
                        password="!syntetisk-ingen-adgangskode", date_joined=joined)
            users.append(user)
            self.w.editors[council.pk] = user
        for members in self.w.municipalities.values():
            for m in members:
                user = User(email=f"kontakt-{m.code}@{EMAIL_DOMAIN}",
                            full_name=f"Syntetisk kontakt {m.code}",
                            password="!syntetisk-ingen-adgangskode", date_joined=joined)
                users.append(user)
                self.w.contacts[m.pk] = user
        User.objects.bulk_create(users, batch_size=BATCH)
        for council in self.w.councils:
            memberships.append(Membership(user=self.w.editors[council.pk], role=Role.EDITOR,
                                          council=council))
            for m in self.w.municipalities[council.pk]:
                memberships.append(Membership(user=self.w.contacts[m.pk], role=Role.CONTACT,
                                              municipality=m))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.timer.step("brugere", len(users))

    def actors(self) -> None:
        actors = [Actor(slug=f"{SLUG_PREFIX}partner-{i}", name=f"Syntetisk partner {i}",
                        aliases=[f"Partner {i} (syntetisk)"],
                        description="En opdigtet samarbejdspartner.", source=self.source)
                  for i in range(1, self.n["actors"] + 1)]
        Actor.objects.bulk_create(actors)
        self.w.actors = actors
        self.timer.step("aktører", len(actors))

    def editor(self, council_id: int) -> User:
        return self.w.editors[council_id]

    # --- programmes, recommendations, history -----------------------------------------------
    def programmes(self) -> None:
        rng, terms = self.rng, TERMS[self.scale]
        programmes = []
        for council in self.w.councils:
            for start, end in terms:
                approved = date(start - 1, 10, rng.randint(1, 28))
                title = f"Syntetisk arbejdsprogram {start}-{end} for {council.name}"
                approval = (f"Godkendt af {council.name} den "
                            f"{approved.day}. {MONTHS[approved.month - 1]} {approved.year}.")
                programmes.append(Programme(
                    council=council, term_start=start, term_end=end, title=title,
                    preamble=("Dette arbejdsprogram er syntetisk: det er genereret til "
                              "demonstration og ydelsesmåling og beskriver ikke rigtige "
                              "beslutninger. " + approval),
                    approved_on=approved, approval_text=approval,
                    source_filename=f"syntetisk-{council.slug}-{start}-{end}.txt",
                    source_sha256=hashlib.sha256(title.encode()).hexdigest(),
                    imported_at=ts(approved + timedelta(days=7), rng)))
        Programme.objects.bulk_create(programmes)
        self.w.programmes = programmes
        per = allocate(self.n["recommendations"], [1] * len(programmes))
        recs: list[Recommendation] = []
        for programme, count in zip(programmes, per, strict=True):
            for number in range(1, count + 1):
                theme = THEMES[(number - 1) % len(THEMES)]
                recs.append(Recommendation(
                    programme=programme, number=number,
                    headline=(f"Syntetisk anbefaling {number} ({programme.term}): "
                              f"{theme} – {rng.choice(VERBS)} {rng.choice(NOUNS)}"),
                    body=("Opdigtet anbefalingstekst til demonstration. Rådet vil "
                          f"{rng.choice(VERBS)} en {rng.choice(NOUNS)} sammen med kommunerne."),
                    theme=theme))
        Recommendation.objects.bulk_create(recs, batch_size=BATCH)
        for rec in recs:
            self.w.recommendations.setdefault(rec.programme_id, []).append(rec)
            self.w.programme_of_rec[rec.pk] = rec.programme
        links = []
        for rec in recs:
            for actor in rng.sample(self.w.actors, min(len(self.w.actors), rng.randint(1, 3))):
                links.append(RecommendationActor(recommendation=rec, actor=actor,
                                                 origin=Origin.IMPORT))
        RecommendationActor.objects.bulk_create(links, batch_size=BATCH)
        # import events, as import_programme writes them
        for programme in programmes:
            label = f"Import af {programme.source_filename}"
            self.audit.add(programme.imported_at, None, label, "import", "create", programme,
                           "programme", fields_of(programme, ["title", "approved_on",
                                                               "source_filename"]))
        for rec in recs:
            p = rec.programme
            self.audit.add(p.imported_at, None, f"Import af {p.source_filename}", "import",
                           "create", rec, "recommendation",
                           fields_of(rec, ["number", "headline", "theme"]),
                           recommendation_id=rec.pk)
        history = []
        per_rec = allocate(self.n["history_entries"], [1] * len(recs))
        for rec, count in zip(recs, per_rec, strict=True):
            for _ in range(count):
                w = random_window(rng, rec.programme.term_start - 8, rec.programme.term_start - 2)
                h = HistoryEntry(recommendation=rec, origin=Origin.IMPORT,
                                 text=(f"Rådet besluttede {w.label} at {rng.choice(VERBS)} "
                                       f"en {rng.choice(NOUNS)} (syntetisk)."),
                                 source_text="Rådet besluttede [dato] at …")
                h.set_window(w)
                history.append(h)
        HistoryEntry.objects.bulk_create(history, batch_size=BATCH)
        self.timer.step("programmer", len(programmes) + len(recs) + len(history))

    # --- initiatives with their status updates ---------------------------------------------
    def initiatives_and_updates(self) -> None:
        rng, w = self.rng, self.w
        recs = [r for p in w.programmes for r in w.recommendations[p.pk]]
        per_rec = allocate(self.n["initiatives"], [rng.uniform(0.6, 1.4) for _ in recs])
        initiatives: list[Initiative] = []
        for rec, count in zip(recs, per_rec, strict=True):
            p = rec.programme
            for i in range(1, count + 1):
                created = (p.imported_at + timedelta(days=rng.randint(10, 200),
                                                     minutes=rng.randint(0, 600)))
                if created.date() >= BASE_DATE:
                    created = BASE_TS - timedelta(days=rng.randint(1, 30))
                win = random_window(rng, p.term_start, p.term_end)
                published = rng.random() < 0.92
                initiative = Initiative(
                    recommendation=rec,
                    title=f"Syntetisk indsats {p.council.slug[10:]}-{p.term_start}-"
                          f"{rec.number}.{i}: {rng.choice(NOUNS)}",
                    description="Opdigtet indsats til demonstration; ingen rigtig aktivitet.",
                    owner=f"Sekretariatet for {p.council.name}",
                    contact_person=f"Syntetisk kontaktperson {rng.randint(1, 60)}",
                    weight=rng.choice([1, 1, 1, 2, 3]),
                    publication=Publication.PUBLISHED if published else Publication.DRAFT,
                    version=2 if published else 1, created_at=created)
                initiative.set_window(win)
                initiatives.append(initiative)
        # plan the meetings first: a decision may change an initiative's status
        self.meetings_plan()
        self.link_items_to_initiatives(initiatives)
        # status updates, allocated by how long each initiative has been running
        ends = [min(BASE_DATE, date(i.recommendation.programme.term_end, 12, 31))
                for i in initiatives]
        weights = [max(1, (end - i.created_at.date()).days) * rng.uniform(0.5, 1.5)
                   * (0.3 if i.publication == Publication.DRAFT else 1.0)
                   for i, end in zip(initiatives, ends, strict=True)]
        counts = allocate(self.n["status_updates"], weights)
        plans: list[list[dict[str, Any]]] = []
        for initiative, end, count in zip(initiatives, ends, counts, strict=True):
            plans.append(self.plan_updates(initiative, end, count))
        # the initiative carries its latest published update (as _make_current leaves it)
        for initiative, plan in zip(initiatives, plans, strict=True):
            published = [u for u in plan if u["publication"] == Publication.PUBLISHED]
            if published:
                latest = max(published, key=lambda u: (u["as_of"], u["published_at"]))
                initiative.status, initiative.progress = latest["status"], latest["progress"]
                initiative.confirmed_at = latest["published_at"]
                initiative.confirmed_by = self.editor(initiative.recommendation.programme
                                                      .council_id)
                if rng.random() < 0.15 and initiative.status != Status.DONE:
                    later = initiative.confirmed_at + timedelta(days=rng.randint(20, 120))
                    if later < BASE_TS:
                        initiative.confirmed_at = later
                        latest["confirm"] = later
        Initiative.objects.bulk_create(initiatives, batch_size=BATCH)
        w.initiatives = initiatives
        for i in initiatives:
            w.by_programme[i.recommendation.programme_id].append(i)
        # recommendation progress: weighted mean of its published initiatives
        by_rec: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for i in initiatives:
            if i.publication == Publication.PUBLISHED:
                by_rec[i.recommendation_id].append((i.progress, i.weight))
        for rec in recs:
            rec.progress = weighted_progress(by_rec.get(rec.pk, []))
        Recommendation.objects.bulk_update(recs, ["progress"], batch_size=BATCH)
        for i in initiatives:
            council_id = i.recommendation.programme.council_id
            editor = self.editor(council_id)
            self.audit.add(i.created_at, editor, editor.full_name, "web", "create", i,
                           "initiative", fields_of(i, ["title", "description", "owner",
                                                       "contact_person", "weight", "start",
                                                       "end", "label", "precision"])
                           | {"publication": [None, Publication.DRAFT]},
                           public=False, recommendation_id=i.recommendation_id,
                           initiative_id=i.pk)
            if i.publication == Publication.PUBLISHED:
                self.audit.add(i.created_at + timedelta(hours=2), editor, editor.full_name,
                               "web", "publish", i, "initiative",
                               {"publication": [Publication.DRAFT, Publication.PUBLISHED],
                                "version": [1, 2]},
                               recommendation_id=i.recommendation_id, initiative_id=i.pk)
        self.timer.step("indsatser", len(initiatives))
        self.insert_meetings()
        self.insert_updates(initiatives, plans)

    def plan_updates(self, initiative: Initiative, end: date, count: int) -> list[dict[str, Any]]:
        rng = self.rng
        start = initiative.created_at.date() + timedelta(days=1)
        span = max(1, (end - start).days)
        entries: list[tuple[date, int | None]] = [
            (start + timedelta(days=rng.randint(0, span)), None) for _ in range(count)]
        slots = [s for s in self.decision_slots.get(id(initiative), []) if start <= s[0] <= end]
        # a decision's status change is a published update dated the meeting
        for index, slot in zip(rng.sample(range(count), min(count, len(slots))), slots,
                               strict=False):
            entries[index] = slot
        entries.sort(key=lambda e: e[0])
        finished = end < BASE_DATE and rng.random() < 0.6
        progress = 0
        draft = initiative.publication == Publication.DRAFT
        plan = []
        for n, (day, decision_key) in enumerate(entries):
            remaining = count - n
            if finished and remaining == 1:
                progress = 100
            else:
                progress = min(95, progress + rng.randint(0, max(1, (100 - progress) // max(
                    1, remaining // 2 + 1))))
            if progress == 100:
                status = Status.DONE
            elif progress == 0:
                status = Status.NOT_STARTED
            else:
                status = rng.choices([Status.ON_TRACK, Status.AT_RISK, Status.DELAYED],
                                     [0.7, 0.2, 0.1])[0]
            is_draft = draft or (n == count - 1 and decision_key is None and rng.random() < 0.1)
            published_at = None if is_draft else ts(day, rng)
            plan.append({"status": status, "progress": progress, "as_of": day,
                         "narrative": rng.choice(NARRATIVES),
                         "publication": Publication.DRAFT if is_draft else Publication.PUBLISHED,
                         "published_at": published_at, "decision": decision_key})
            if decision_key is not None:  # the decision's own event lists it, as the service
                self.decision_effects[decision_key] = [
                    f"Indsats »{initiative.title}« fik status {Status(status).label}, "
                    f"fremdrift {progress} %"]
        return plan

    def insert_updates(self, initiatives: list[Initiative],
                       plans: list[list[dict[str, Any]]]) -> None:
        rng = self.rng
        made = 0
        columns = ["initiative_id", "status", "progress", "narrative", "as_of", "publication",
                   "published_at", "author_id", "created_at", "version"]
        labels = dict(Status.choices)

        def rows() -> Iterator[tuple[Initiative, User, dict[str, Any]]]:
            for initiative, plan in zip(initiatives, plans, strict=True):
                editor = self.editor(initiative.recommendation.programme.council_id)
                for u in plan:
                    u["created_at"] = u["published_at"] or ts(u["as_of"], rng)
                    yield initiative, editor, u

        previous: dict[int, tuple[str, int]] = {}
        for chunk in batched(rows(), 5 * BATCH):
            ids = insert_rows(StatusUpdate, columns, [
                (i.pk, u["status"], u["progress"], u["narrative"], u["as_of"],
                 u["publication"], u["published_at"], editor.pk, u["created_at"], 1)
                for i, editor, u in chunk])
            made += len(chunk)
            for pk, (initiative, editor, u) in zip(ids, chunk, strict=True):
                changes: dict[str, list[Any]] = {
                    "status": [None, u["status"]], "progress": [None, u["progress"]],
                    "narrative": [None, u["narrative"]], "as_of": [None, u["as_of"]],
                    "publication": [None, u["publication"]]}
                public = False
                if u["publication"] == Publication.PUBLISHED:
                    before = previous.get(initiative.pk, (Status.NOT_STARTED, 0))
                    changes["initiative.status"] = [before[0], u["status"]]
                    changes["initiative.progress"] = [before[1], u["progress"]]
                    changes["initiative.confirmed_at"] = [None, u["published_at"]]
                    previous[initiative.pk] = (u["status"], u["progress"])
                    public = initiative.publication == Publication.PUBLISHED
                decision = (self.decision_pk.get(u["decision"]) if u["decision"] is not None
                            else None)
                text = f"{initiative.title}: {labels[u['status']]} ({u['as_of']:%d.%m.%Y})"
                self.audit.add(u["created_at"], editor, editor.full_name, "web", "create",
                               (pk, text), "statusupdate", changes, public=public,
                               recommendation_id=initiative.recommendation_id,
                               initiative_id=initiative.pk, decision_id=decision)
                if "confirm" in u:
                    self.audit.add(u["confirm"], editor, editor.full_name, "web", "confirm",
                                   initiative, "initiative",
                                   {"confirmed_at": [u["published_at"], u["confirm"]]},
                                   public=initiative.publication == Publication.PUBLISHED,
                                   recommendation_id=initiative.recommendation_id,
                                   initiative_id=initiative.pk)
        self.audit.flush()
        self.timer.step("statusopdateringer", made)

    # --- meetings, agenda items, decisions ---------------------------------------------------
    def meetings_plan(self) -> None:
        """Meetings, items and decisions in memory (inserted after the initiatives), and which
        initiatives' status a decision changes."""
        rng, w = self.rng, self.w
        terms = TERMS[self.scale]
        first, last = date(terms[0][0], 1, 10), date(terms[-1][1], 12, 15)
        per_council = allocate(self.n["meetings"], [1] * len(w.councils))
        self.meeting_rows: list[Meeting] = []
        for council, count in zip(w.councils, per_council, strict=True):
            step = (last - first).days / max(1, count)
            for k in range(count):
                day = first + timedelta(days=int(k * step) + rng.randint(0, max(0, int(step) - 1)))
                while day.weekday() >= 5:
                    day += timedelta(days=1)
                self.meeting_rows.append(Meeting(
                    council=council, title=f"Syntetisk rådsmøde {k + 1}", date=day,
                    start_time=dtime(rng.choice([9, 10, 13]), 0),
                    place=f"Syntetisk mødelokale {rng.randint(1, 9)}",
                    state=Meeting.State.HELD if day < BASE_DATE else Meeting.State.PLANNED,
                    description="Opdigtet møde til demonstration.", source=self.source))
        items_per = allocate(self.n["agenda_items"],
                             [rng.uniform(0.5, 1.5) for _ in self.meeting_rows])
        self.item_rows: list[tuple[Meeting, AgendaItem, list[Recommendation],
                                   list[Initiative]]] = []
        programme_for: dict[tuple[int, int], Programme] = {
            (p.council_id, y): p for p in w.programmes for y in range(p.term_start,
                                                                     p.term_end + 1)}
        for meeting, count in zip(self.meeting_rows, items_per, strict=True):
            programme = programme_for.get((meeting.council_id, meeting.date.year))
            for number in range(1, count + 1):
                kind = rng.choices(list(AgendaItem.Kind), [0.4, 0.3, 0.3])[0]
                recs: list[Recommendation] = []
                if programme is not None and rng.random() < 0.7:
                    recs = rng.sample(w.recommendations[programme.pk], 1)
                self.item_rows.append((meeting, AgendaItem(
                    meeting=meeting, number=number, kind=kind,
                    title=(f"Syntetisk punkt {number}: {rng.choice(THEMES)} – "
                           f"{rng.choice(NOUNS)}"),
                    case_text="Opdigtet sagsfremstilling til demonstration."), recs, []))
        held = [k for k, row in enumerate(self.item_rows)
                if row[0].state == Meeting.State.HELD]
        wanted = self.n["decisions"]
        preferred = [k for k in held if self.item_rows[k][1].kind == AgendaItem.Kind.DECISION]
        pool = preferred if len(preferred) >= wanted else held
        if len(pool) < wanted:
            raise ValueError(f"for få afholdte møder til {wanted} beslutninger")
        self.decision_items = sorted(rng.sample(pool, wanted))
        self.decision_slots: dict[int, list[tuple[date, int]]] = defaultdict(list)
        self.decision_pk: dict[int, int] = {}
        self.decision_effects: dict[int, list[str]] = {}

    def link_items_to_initiatives(self, initiatives: list[Initiative]) -> None:
        """With the initiatives made (in memory, before they are planned and inserted): some
        items are about initiatives, and half the decisions on those give one a new status
        (a status update dated the meeting, see plan_updates)."""
        rng = self.rng
        rec_initiatives: dict[int, list[Initiative]] = defaultdict(list)
        for i in initiatives:
            rec_initiatives[i.recommendation_id].append(i)
        for _meeting, _item, recs, inits in self.item_rows:
            for rec in recs:
                candidates = rec_initiatives.get(rec.pk, [])
                if candidates and rng.random() < 0.6:
                    inits.append(rng.choice(candidates))
        for k in self.decision_items:
            meeting, _item, _recs, inits = self.item_rows[k]
            published = [i for i in inits if i.publication == Publication.PUBLISHED]
            if published and rng.random() < 0.5:
                i = published[0]
                if i.created_at.date() < meeting.date:
                    self.decision_slots[id(i)].append((meeting.date, k))

    def insert_meetings(self) -> None:
        rng = self.rng
        Meeting.objects.bulk_create(self.meeting_rows, batch_size=BATCH)
        for meeting in self.meeting_rows:
            editor = self.editor(meeting.council_id)
            self.audit.add(ts(meeting.date - timedelta(days=rng.randint(20, 60)), rng), editor,
                           editor.full_name, "web", "create", meeting, "meeting",
                           fields_of(meeting, ["council", "title", "date", "place", "state"]))
        items = [row[1] for row in self.item_rows]
        insert_objects(AgendaItem, items)
        rec_links, init_links = [], []
        RecLink = AgendaItem.recommendations.through
        InitLink = AgendaItem.initiatives.through
        for meeting, item, recs, inits in self.item_rows:
            for rec in recs:
                rec_links.append(RecLink(agendaitem_id=item.pk, recommendation_id=rec.pk))
            for init in inits:
                init_links.append(InitLink(agendaitem_id=item.pk, initiative_id=init.pk))
            editor = self.editor(meeting.council_id)
            self.audit.add(ts(meeting.date - timedelta(days=rng.randint(7, 14)), rng), editor,
                           editor.full_name, "web", "create", item, "agendaitem",
                           fields_of(item, ["meeting", "number", "title", "kind"])
                           | ({"recommendations": [None, sorted(str(r) for r in recs)]}
                              if recs else {}))
        RecLink.objects.bulk_create(rec_links, batch_size=BATCH)
        InitLink.objects.bulk_create(init_links, batch_size=BATCH)
        decisions = []
        for k in self.decision_items:
            meeting, item, _recs, _inits = self.item_rows[k]
            decisions.append(Decision(agenda_item=item, text=rng.choice(DECISIONS),
                                      created_at=ts(meeting.date, rng, 14, 17)))
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        for k, decision in zip(self.decision_items, decisions, strict=True):
            self.decision_pk[k] = decision.pk
            meeting, item, _recs, _inits = self.item_rows[k]
            editor = self.editor(meeting.council_id)
            effects = self.decision_effects.get(k)
            changes: dict[str, list[Any]] = {"agenda_item": [None, str(item)],
                                             "text": [None, decision.text]}
            if effects:
                changes["effects"] = [None, effects]
            self.audit.add(decision.created_at, editor, editor.full_name, "web", "create",
                           decision, "decision", changes)
        self.audit.flush()
        self.timer.step("møder og beslutninger",
                        len(self.meeting_rows) + len(items) + len(decisions))

    # --- milestones -------------------------------------------------------------------------
    def milestones(self) -> None:
        rng, w = self.rng, self.w
        recs = [r for p in w.programmes for r in w.recommendations[p.pk]]
        imported_per_rec = 2 if self.n["milestones"] >= 4 * len(recs) else 0
        rest = self.n["milestones"] - imported_per_rec * len(recs)
        per_init = allocate(rest, [rng.uniform(0.5, 1.5) for _ in w.initiatives])

        # (recommendation, initiative or None, title, origin, source_text, window)
        def rows() -> Iterator[tuple[Recommendation, Initiative | None, str, str, str,
                                     DateWindow]]:
            for rec in recs:
                p = rec.programme
                for _ in range(imported_per_rec):
                    yield (rec, None, f"Syntetisk delmål for anbefaling {rec.number} "
                                      f"({rng.choice(NOUNS)})", Origin.IMPORT,
                           "Rådet vil [dato] have …",
                           random_window(rng, p.term_start, p.term_end))
            for initiative, count in zip(w.initiatives, per_init, strict=True):
                p = initiative.recommendation.programme
                for k in range(count):
                    yield (initiative.recommendation, initiative,
                           f"Syntetisk milepæl {k + 1}: {rng.choice(NOUNS)} "
                           f"{rng.choice(['godkendt', 'afleveret', 'igangsat'])}", Origin.USER,
                           "", random_window(rng, p.term_start, p.term_end))

        made = 0
        columns = ["recommendation_id", "initiative_id", "title", "origin", "source_text",
                   "version", "start", "end", "label", "precision"]
        for chunk in batched(rows(), 5 * BATCH):
            ids = insert_rows(Milestone, columns, [
                (rec.pk, i.pk if i is not None else None, title, origin, source, 1,
                 win.start, win.end, win.label, win.precision)
                for rec, i, title, origin, source, win in chunk])
            made += len(chunk)
            for pk, (rec, initiative, title, _origin, _source, win) in zip(ids, chunk,
                                                                         strict=True):
                p = rec.programme
                changes: dict[str, list[Any]] = {"title": [None, title]}
                if initiative is not None:
                    changes["initiative"] = [None, initiative.title]
                for key in ("start", "end", "label", "precision"):
                    value = getattr(win, key)
                    if value not in (None, ""):
                        changes[key] = [None, value]
                obj = (pk, f"{win.label}: {title}")
                if initiative is None:
                    self.audit.add(p.imported_at, None, f"Import af {p.source_filename}",
                                   "import", "create", obj, "milestone", changes,
                                   recommendation_id=rec.pk)
                    continue
                editor = self.editor(p.council_id)
                at = initiative.created_at + timedelta(days=rng.randint(0, 60),
                                                       minutes=rng.randint(0, 300))
                self.audit.add(min(at, BASE_TS), editor, editor.full_name, "web", "create", obj,
                               "milestone", changes,
                               public=initiative.publication == Publication.PUBLISHED,
                               recommendation_id=rec.pk, initiative_id=initiative.pk)
        self.audit.flush()
        self.timer.step("milepæle", made)

    def comments(self) -> None:
        rng, w = self.rng, self.w
        published = [i for i in w.initiatives if i.publication == Publication.PUBLISHED]
        rows = []
        for _ in range(self.n["comments"]):
            initiative = rng.choice(published)
            council_id = initiative.recommendation.programme.council_id
            m = rng.choice(w.municipalities[council_id])
            contact = w.contacts[m.pk]
            span = max(1, (BASE_TS - initiative.created_at).days)
            rows.append(Comment(initiative=initiative, municipality=m, author=contact,
                                text=f"Syntetisk kommentar fra {m.name}: "
                                     f"{rng.choice(NARRATIVES)}",
                                created_at=initiative.created_at + timedelta(
                                    days=rng.randint(0, span), minutes=rng.randint(0, 600))))
        Comment.objects.bulk_create(rows, batch_size=BATCH)
        for c in rows:
            assert c.author is not None and c.municipality is not None
            self.audit.add(c.created_at, c.author, c.author.get_full_name(), "web", "create", c,
                           "comment", {"municipality": [None, str(c.municipality)],
                                       "text": [None, c.text]},
                           public=False, recommendation_id=c.initiative.recommendation_id,
                           initiative_id=c.initiative_id)
        self.audit.flush()
        self.timer.step("kommentarer", len(rows))

    # --- joint efforts ------------------------------------------------------------------------
    def joint(self) -> None:
        rng, w = self.rng, self.w
        per_programme = allocate(self.n["joint_initiatives"], [1] * len(w.programmes))
        joints: list[JointInitiative] = []
        for programme, count in zip(w.programmes, per_programme, strict=True):
            candidates = [i for i in w.by_programme[programme.pk]
                          if i.publication == Publication.PUBLISHED]
            for initiative in rng.sample(candidates, min(count, len(candidates))):
                joints.append(JointInitiative(
                    initiative=initiative, start=date(programme.term_start, 1, 1),
                    deadline=date(programme.term_end - rng.randint(0, 2), 12, 31),
                    source=self.source))
        assert len(joints) == self.n["joint_initiatives"]
        JointInitiative.objects.bulk_create(joints, batch_size=BATCH)
        stages = [JointStage(joint=j, position=k, name=name)
                  for j in joints for k, name in enumerate(STAGE_NAMES)]
        JointStage.objects.bulk_create(stages, batch_size=BATCH)
        stages_of: dict[int, list[JointStage]] = defaultdict(list)
        for s in stages:
            stages_of[s.joint_id].append(s)
        for j in joints:
            i = j.initiative
            editor = self.editor(i.recommendation.programme.council_id)
            self.audit.add(i.created_at + timedelta(days=3), editor, editor.full_name, "web",
                           "create", i, "initiative",
                           {"joint.stages": [None, STAGE_NAMES], "joint.start": [None, j.start],
                            "joint.deadline": [None, j.deadline]},
                           recommendation_id=i.recommendation_id, initiative_id=i.pk)
        # every member municipality of each joint effort reports a few times
        cells = [(j, m) for j in joints
                 for m in w.municipalities[j.initiative.recommendation.programme.council_id]]
        per_cell = allocate(self.n["stage_reports"], [rng.uniform(0.3, 1.7) for _ in cells])
        reports: list[StageReport] = []
        for (j, m), count in zip(cells, per_cell, strict=True):
            end = min(BASE_DATE, j.deadline)
            span = max(1, (end - j.start).days)
            days = sorted(j.start + timedelta(days=rng.randint(0, span)) for _ in range(count))
            stage = 0
            contact = w.contacts[m.pk]
            editor = self.editor(m.council_id)
            for n, day in enumerate(days):
                stage = min(len(STAGE_NAMES) - 1, stage + rng.choice([0, 1, 1, 2]))
                last = n == count - 1
                state = (StageReport.State.PENDING if last and rng.random() < 0.15 else
                         rng.choices([StageReport.State.APPROVED, StageReport.State.RETURNED],
                                     [0.93, 0.07])[0])
                created = ts(day, rng)
                reviewed = state in (StageReport.State.APPROVED, StageReport.State.RETURNED)
                reports.append(StageReport(
                    initiative_id=j.pk, municipality=m, stage=stages_of[j.pk][stage],
                    as_of=day, note=f"Syntetisk indberetning fra {m.name}.", state=state,
                    author=contact, author_label=contact.full_name, created_at=created,
                    reviewed_by=editor if reviewed else None,
                    reviewed_at=created + timedelta(days=rng.randint(1, 10)) if reviewed
                    else None,
                    review_comment=("Ret venligst datoen." if state == StageReport.State.RETURNED
                                    else ""),
                    version=2 if reviewed else 1))
        for chunk in batched(reports, 5 * BATCH):
            insert_objects(StageReport, chunk)
            for r in chunk:
                assert r.author is not None
                joint_initiative = r.stage.joint.initiative
                public_initiative = joint_initiative.publication == Publication.PUBLISHED
                self.audit.add(r.created_at, r.author, r.author_label, "web", "report", r,
                               "stagereport",
                               {"municipality": [None, str(r.municipality)],
                                "stage": [None, r.stage.name], "as_of": [None, r.as_of],
                                "note": [None, r.note],
                                "state": [None, StageReport.State.PENDING]},
                               public=False, initiative_id=joint_initiative.pk,
                               recommendation_id=joint_initiative.recommendation_id)
                if r.reviewed_by is not None and r.reviewed_at is not None:
                    approve = r.state == StageReport.State.APPROVED
                    self.audit.add(r.reviewed_at, r.reviewed_by, r.reviewed_by.full_name, "web",
                                   "approve" if approve else "return", r, "stagereport",
                                   {"state": [StageReport.State.PENDING, r.state],
                                    "version": [1, 2]},
                                   public=approve and public_initiative,
                                   initiative_id=joint_initiative.pk,
                                   recommendation_id=joint_initiative.recommendation_id)
            self.audit.flush()
        self.timer.step("fælles indsatser", len(joints) + len(stages) + len(reports))

    def shared(self) -> None:
        rng, w = self.rng, self.w
        rows = []
        councils = w.councils
        current = [p for p in w.programmes if p.term_end == TERMS[self.scale][-1][1]]
        seen: set[tuple[int, int]] = set()
        pool = [(p, i) for p in current for i in w.by_programme[p.pk]
                if i.publication == Publication.PUBLISHED]
        rng.shuffle(pool)
        for p, i in pool:
            if len(rows) == self.n["shared_initiatives"]:
                break
            index = next(k for k, c in enumerate(councils) if c.pk == p.council_id)
            other = councils[(index + 1) % len(councils)]
            if other.pk == p.council_id or (i.pk, other.pk) in seen:
                continue
            seen.add((i.pk, other.pk))
            rows.append(SharedInitiative(initiative=i, council=other))
        SharedInitiative.objects.bulk_create(rows)
        for s in rows:
            i = s.initiative
            editor = self.editor(i.recommendation.programme.council_id)
            self.audit.add(i.created_at + timedelta(days=5), editor, editor.full_name, "web",
                           "share", i, "initiative", {"shared_with": [None, s.council.name]},
                           recommendation_id=i.recommendation_id, initiative_id=i.pk)
        self.audit.flush()
        self.timer.step("delte indsatser", len(rows))

    # --- portfolios -----------------------------------------------------------------------------
    def portfolios(self) -> None:
        rng, w = self.rng, self.w
        portfolios = [Portfolio(slug=f"{SLUG_PREFIX}portefoelje-{c.slug[10:]}",
                                name=f"Syntetisk projektportefølje – {c.name}",
                                description="Opdigtede projekter til demonstration.",
                                council=c, source=self.source)
                      for c in w.councils[:self.n["portfolios"]]]
        Portfolio.objects.bulk_create(portfolios)
        stages = [PortfolioStage(portfolio=p, position=k, name=name)
                  for p in portfolios for k, name in enumerate(PORTFOLIO_STAGES)]
        PortfolioStage.objects.bulk_create(stages)
        lists = [ProjectList(portfolio=p, name=f"Syntetisk liste {tag}",
                             description="Opdigtet prioriteringsliste.", source=self.source)
                 for p in portfolios for tag in ("A", "B")]
        ProjectList.objects.bulk_create(lists)
        stages_of: dict[int, list[PortfolioStage]] = defaultdict(list)
        for s in stages:
            stages_of[s.portfolio_id].append(s)
        lists_of: dict[int, list[ProjectList]] = defaultdict(list)
        for pl in lists:
            lists_of[pl.portfolio_id].append(pl)
        projects = []
        for p, count in zip(portfolios, allocate(self.n["projects"], [1] * len(portfolios)),
                            strict=True):
            for k in range(1, count + 1):
                funded = rng.random() < 0.4
                projects.append(Project(
                    portfolio=p, slug=f"syntetisk-projekt-{k}",
                    name=f"Syntetisk projekt {k}: {rng.choice(NOUNS)}",
                    description="Opdigtet infrastrukturprojekt.",
                    stage=None if rng.random() < 0.1 else rng.choice(stages_of[p.pk]),
                    responsible_authority=f"Syntetisk myndighed {rng.randint(1, 9)}",
                    state_funding_dkk=rng.randint(5, 5000) * 1_000_000 if funded else None,
                    funding_decision="Syntetisk finansieringsbeslutning" if funded else "",
                    funding_date=date(rng.randint(2018, 2026), rng.randint(1, 12), 1)
                    if funded else None, source=self.source))
        Project.objects.bulk_create(projects, batch_size=BATCH)
        memberships = []
        for project in projects:
            for pl in rng.sample(lists_of[project.portfolio_id], rng.randint(1, 2)):
                memberships.append(ListMembership(project=project, project_list=pl,
                                                  role=rng.choice(["", "hovedprojekt"])))
        ListMembership.objects.bulk_create(memberships, batch_size=BATCH)
        events = []
        for project, count in zip(projects, allocate(self.n["project_events"],
                                                     [1] * len(projects)), strict=True):
            for _ in range(count):
                day = date(rng.randint(2018, 2026), rng.randint(1, 12), rng.randint(1, 28))
                events.append(ProjectEvent(project=project, date=min(day, BASE_DATE),
                                           text=f"Syntetisk hændelse: {rng.choice(NARRATIVES)}",
                                           source=self.source))
        ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
        for project in projects:
            council_id = project.portfolio.council_id
            assert council_id is not None
            editor = self.editor(council_id)
            self.audit.add(datetime(2018, 3, 1, 10, tzinfo=UTC), editor, editor.full_name,
                           "web", "create", project, "project",
                           fields_of(project, ["name", "description", "stage",
                                               "responsible_authority", "state_funding_dkk",
                                               "funding_decision", "funding_date"]))
        for e in events:
            council_id = e.project.portfolio.council_id
            assert council_id is not None
            editor = self.editor(council_id)
            self.audit.add(datetime.combine(e.date, dtime(11), tzinfo=UTC), editor,
                           editor.full_name, "web", "event", e.project, "project",
                           {"event": [None, f"{e.date.isoformat()}: {e.text}"]})
        self.audit.flush()
        self.timer.step("porteføljer", len(portfolios) + len(projects) + len(events))

    # --- indicators ---------------------------------------------------------------------------
    def indicators(self) -> None:
        rng, w = self.rng, self.w
        index = ensure_areas()
        council_slugs = {c.slug for c in w.councils}
        muni_areas = sorted((a for a in index.by_code.values()
                             if a.kind == Area.Kind.MUNICIPALITY and a.code.isdigit()
                             and FIRST_CODE <= int(a.code) < FIRST_CODE + 98),
                            key=lambda a: a.code)
        council_areas = sorted(((a, members) for a, members in index.councils.values()
                                if a.code in council_slugs), key=lambda x: x[0].code)
        country = index.by_code["000"]
        count = self.n["indicators"]
        freqs = [("year", 1.0), ("quarter", 3.0), ("month", 6.0)]
        kinds = [freqs[k % 3] for k in range(count)]
        targets = allocate(self.n["observations"], [f[1] for f in kinds])
        recs = [r for p in w.programmes for r in w.recommendations[p.pk]]
        retrieved = BASE_TS - timedelta(days=3)
        made = 0
        indicators = []
        for k in range(count):
            additive = k % 2 == 0
            freq = kinds[k][0]
            indicators.append(Indicator(
                slug=f"{SLUG_PREFIX}indikator-{k + 1:03d}",
                name=f"Syntetisk indikator {k + 1:03d}: {rng.choice(THEMES)} ({FREQ_LABELS[freq]})",
                unit="antal" if additive else rng.choice(["procent", "kr. pr. indbygger"]),
                description="Opdigtede tal til demonstration; ikke rigtige tal.",
                source=self.source, kind=Indicator.Kind.UPLOAD, additive=additive,
                updated_at=retrieved))
        Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        Link = Indicator.recommendations.through
        links = [Link(indicator_id=ind.pk, recommendation_id=rec.pk)
                 for ind in indicators for rec in rng.sample(recs, min(len(recs), 2))]
        Link.objects.bulk_create(links, batch_size=BATCH)
        last_year = BASE_DATE.year - 1
        for ind, (freq, _weight), target in zip(indicators, kinds, targets, strict=True):
            councils = council_areas if ind.additive else []
            width = len(muni_areas) + len(councils) + 1
            periods = self.periods(freq, math.ceil(target / width), last_year)
            base = {a.pk: rng.uniform(50, 5000) for a in muni_areas}
            triples: list[tuple[int, str, float | None]] = []
            computed: list[tuple[int, str, float | None]] = []
            left = target
            for n, period in enumerate(periods):
                trend = 1 + 0.01 * n
                values: dict[int, float | None] = {}
                for a in muni_areas:
                    v = base[a.pk] * trend * rng.uniform(0.9, 1.1)
                    values[a.pk] = None if rng.random() < 0.01 else round(v, 1)
                row: list[tuple[int, str, float | None, bool]] = [
                    (a.pk, period, values[a.pk], False) for a in muni_areas]
                for area, members in councils:
                    got = [values[m] for m in members if values.get(m) is not None]
                    row.append((area.pk, period, round(sum(got), 1) if got else None, True))
                present = [v for v in values.values() if v is not None]
                total = (sum(present) if ind.additive else
                         sum(present) / len(present) if present else None)
                row.append((country.pk, period, round(total, 1) if total is not None else None,
                            False))
                # the newest period may not be complete: only as many areas as the target allows
                for area_id, p, v, is_computed in row[:left]:
                    (computed if is_computed else triples).append((area_id, p, v))
                left -= min(left, len(row))
                if left == 0:
                    break
            made += store_observations(ind, triples, Observation.Source.UPLOAD,
                                       retrieved_at=retrieved)
            if computed:
                made += store_observations(ind, computed, Observation.Source.COMPUTED,
                                           retrieved_at=retrieved)
            self.audit.add(retrieved, None, "Syntetiske data (kkr generate_demo)", "cli",
                           "indicator.import", ind, "indicator",
                           {"rows": [None, len(triples)],
                            "file": [None, f"syntetisk-{ind.slug}.csv"]})
        self.audit.flush()
        self.timer.step("indikatorer", made)

    @staticmethod
    def periods(freq: str, count: int, last_year: int) -> list[str]:
        """`count` consecutive periods ending with the last one of `last_year`, oldest first."""
        out = []
        if freq == "year":
            out = [str(last_year - k) for k in range(count)]
        elif freq == "quarter":
            out = [f"{last_year - k // 4}K{4 - k % 4}" for k in range(count)]
        else:
            out = [f"{last_year - k // 12}M{12 - k % 12:02d}" for k in range(count)]
        out.reverse()
        parse_period(out[0])  # refuses a code the app would not know
        return out


@dataclass
class Result:
    scale: str
    seed: int
    seconds: float
    counts: dict[str, int]
    timings: dict[str, float]
    cpu_timings: dict[str, float]
    audit_events: int


def generate(scale: str = "small", seed: int = 1, *, force: bool = False,
             out: TextIO | None = None) -> Result:
    """Fill the database with the synthetic dataset. Refuses (DemoRefused) a database with real
    data unless `force`, and one that already holds demo data (whatever `force` says: flush the
    database first)."""
    out = out or sys.stderr
    existing = DemoDataset.objects.first()
    if existing is not None:
        raise DemoRefused(
            f"Databasen har allerede syntetiske demodata ({existing.scale}, seed "
            f"{existing.seed}). Brug en tom database, eller tøm denne med `kkr flush`.")
    real = real_data_found()
    if real and not force:
        raise DemoRefused(
            "Databasen indeholder data, der ikke er syntetiske (" + ", ".join(real) + "). "
            "Demodata skal i en tom, migreret database; brug --force for at blande dem med "
            "rigtige data alligevel.")
    started = time.perf_counter()
    _WINDOWS.clear()
    generator = Generator(scale, seed, out)
    out.write(f"Genererer syntetiske demodata: skala {scale}, seed {seed}\n")
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # As store_observations: a larger page cache keeps big indexed loads linear.
                cursor.execute("PRAGMA cache_size = -262144")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: queued, millions of
                # checks made COMMIT alone take minutes with no progress shown. Checked as the
                # rows go in instead (about the same total time, but visible per step).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        generator.run()
        generator.audit.flush()
        seconds = time.perf_counter() - started
        counts = dataset_counts()
        DemoDataset.objects.create(scale=scale, seed=seed,
                                   seconds=round(seconds, 1), counts=counts)
    try:  # the page cache, where it exists, must not serve pages from before the load
        from kkrmonitor.pagecache import bump
        bump()
    except Exception:  # noqa: BLE001 - optional
        pass
    from kkrmonitor.demo.context_processors import forget

    forget()
    seconds = time.perf_counter() - started
    cpu = sum(generator.timer.cpu_timings.values())
    out.write(f"Færdig på {seconds:.1f} s (CPU i denne proces {cpu:.1f} s).\n")
    return Result(scale, seed, round(seconds, 1), counts, generator.timer.timings,
                  generator.timer.cpu_timings, generator.audit.count)
