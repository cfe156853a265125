"""A municipality that has not reported is unknown: counted apart, never called behind."""

from __future__ import annotations

from datetime import date

from kkrmonitor.joint.rollup import ON_TRACK_RULE, rollup


def test_unreported_is_neither_on_track_nor_behind():
    stats = rollup(["Planlagt", "I gang", "Overdraget"], [2, 0, None, None],
                   date(2026, 1, 1), date(2027, 12, 31), date(2027, 12, 31))
    assert (stats.on_track, stats.behind, stats.not_reported) == (1, 1, 2)
    assert "ikke har rapporteret, tælles for sig: det vides ikke" in ON_TRACK_RULE
