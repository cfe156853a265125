"""Small tools of the generator: exact allocation, batches, office-hour timestamps, date windows,
the per-step timer and the batched audit writer."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as dtime
from itertools import islice
from typing import Any, TextIO

from django.db import models

from kkrmonitor.accounts.models import User
from kkrmonitor.demo.rows import insert_rows
from kkrmonitor.demo.table import BATCH, MONTHS
from kkrmonitor.parsing.danish_dates import DateWindow, parse_window
from kkrmonitor.programme.models import (
    AuditEvent,
)

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
