"""The generator's shared state: the world made so far and what every step needs."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TextIO

from kkrmonitor.accounts.models import User
from kkrmonitor.demo.helpers import Audit, Timer
from kkrmonitor.demo.table import SCALES, SOURCE, SPLITS, TERMS
from kkrmonitor.programme.models import (
    Actor,
    Council,
    Initiative,
    Municipality,
    Programme,
    Recommendation,
)

# --- the world made so far ---------------------------------------------------------------------

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


class GeneratorBase:
    """What every step of the generator shares: the scale's targets, the one random source,
    the world made so far, the timer and the audit writer."""

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

    def editor(self, council_id: int) -> User:
        return self.w.editors[council_id]
