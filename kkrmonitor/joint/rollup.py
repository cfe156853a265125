"""Roll-up of municipalities' stages on a joint initiative, and the on-track rule. Pure Python:
no Django, so the rule is tested on literal fixtures.

The on-track rule (also stated on the matrix page, ON_TRACK_RULE): the time from the start to
the deadline is split evenly between the steps from the first stage to the last. On a given day
the *expected* stage is the one whose share of the time has begun: with stages 0..n-1,
expected = floor(elapsed / total × (n-1)), at least 0 and at most n-1; from the deadline on it
is the last stage. A municipality is on track when its approved stage is at least the expected
one. A municipality that has not reported is counted apart ("ikke rapporteret"): not on track,
and not behind either, since nobody knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

ON_TRACK_RULE = (
    "Tiden fra start til frist er delt ligeligt mellem trinnene. En kommune er på sporet, når "
    "dens godkendte trin er mindst det trin, den efter den lige fordeling burde have nået i dag; "
    "fra fristen skal den have nået sidste trin. En kommune, der ikke har rapporteret, tælles "
    "for sig: det vides ikke, om den er på sporet."
)


def expected_stage_index(start: date, deadline: date, today: date, stage_count: int) -> int:
    """The index (0-based) of the stage a municipality should have reached by `today`."""
    if stage_count <= 1:
        return 0
    last = stage_count - 1
    if today >= deadline:
        return last
    if today <= start:
        return 0
    total = (deadline - start).days
    elapsed = (today - start).days
    return min(last, max(0, (elapsed * last) // total))


def is_on_track(stage_index: int | None, expected: int) -> bool:
    return stage_index is not None and stage_index >= expected


@dataclass(frozen=True)
class StageCount:
    name: str
    count: int
    total: int

    @property
    def share(self) -> int:
        """Whole percent of all municipalities, rounded half up."""
        return (self.count * 200 + self.total) // (2 * self.total) if self.total else 0

    @property
    def sentence(self) -> str:
        """"17 af 29 overdraget"."""
        return f"{self.count} af {self.total} {self.name[:1].lower()}{self.name[1:]}"


@dataclass(frozen=True)
class Rollup:
    total: int
    per_stage: list[StageCount]
    not_reported: int
    on_track: int
    expected_index: int
    expected_name: str

    @property
    def final(self) -> StageCount | None:
        return self.per_stage[-1] if self.per_stage else None

    @property
    def not_on_track(self) -> int:
        return self.total - self.on_track

    @property
    def behind(self) -> int:
        """Reported, and behind the expected stage (the unreported are not counted here)."""
        return self.total - self.on_track - self.not_reported

    @property
    def on_track_sentence(self) -> str:
        return f"{self.on_track} af {self.total} på sporet"


def rollup(stage_names: Sequence[str], stage_indexes: Sequence[int | None], start: date,
           deadline: date, today: date) -> Rollup:
    """Counts per stage (with share), unreported, and on-track, for one stage index (or None:
    not reported) per municipality."""
    total = len(stage_indexes)
    per_stage = [StageCount(name, sum(1 for i in stage_indexes if i == n), total)
                 for n, name in enumerate(stage_names)]
    expected = expected_stage_index(start, deadline, today, len(stage_names))
    return Rollup(
        total=total,
        per_stage=per_stage,
        not_reported=sum(1 for i in stage_indexes if i is None),
        on_track=sum(1 for i in stage_indexes if is_on_track(i, expected)),
        expected_index=expected,
        expected_name=stage_names[expected] if stage_names else "",
    )
