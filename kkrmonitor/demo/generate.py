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

import sys
import time
from dataclasses import dataclass
from typing import TextIO

from django.db import connection, transaction

from kkrmonitor.demo.dataset import content_digest, dataset_counts, demo_present, real_data_found
from kkrmonitor.demo.helpers import _WINDOWS
from kkrmonitor.demo.models import DemoDataset
from kkrmonitor.demo.steps_joint import JointSteps
from kkrmonitor.demo.steps_programme import ProgrammeSteps
from kkrmonitor.demo.table import SCALES, DemoRefused

# The generator's parts live beside this module (table, dataset, helpers, base and the two
# step modules); these names stay importable from here for the command, the tests and bench.
__all__ = [
    "SCALES",
    "DemoRefused",
    "Generator",
    "Result",
    "content_digest",
    "dataset_counts",
    "demo_present",
    "generate",
    "real_data_found",
]


class Generator(ProgrammeSteps, JointSteps):
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
    from kkrmonitor.search.indexing import rebuild

    # The rows went in around the write path, so the search index is built from them here.
    indexed = time.perf_counter()
    entries = sum(rebuild().values())
    out.write(f"Søgeindeks: {entries} opslag på {time.perf_counter() - indexed:.1f} s.\n")
    forget()
    seconds = time.perf_counter() - started
    cpu = sum(generator.timer.cpu_timings.values())
    out.write(f"Færdig på {seconds:.1f} s (CPU i denne proces {cpu:.1f} s).\n")
    return Result(scale, seed, round(seconds, 1), counts, generator.timer.timings,
                  generator.timer.cpu_timings, generator.audit.count)
