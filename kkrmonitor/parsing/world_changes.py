"""Is a dated sentence a change in the world or a task? Pure, for the importer and for the data
migration that moves such sentences off the milestones."""

from __future__ import annotations

import re

# Verbs that say something happens to the world, not that someone is to do something. Judged
# by the council's document: its one such sentence is recommendation 6's headline ("… at en del
# af regionens udviklingsmidler og -opgaver bortfalder fra 2026"); its tasks name an effort
# ("Opgaven med at etablere …"), so the active infinitive "etablere" is not among these.
_CHANGE_IN_THE_WORLD = re.compile(
    r"\b(bortfalder|bortfaldt|ophører|ophørte|træder i kraft|trådte i kraft|nedlægges|"
    r"nedlagdes|etableres|etableredes|overgår|overgik)\b", re.IGNORECASE)
# Where the clause that holds the date begins: after a sentence's or clause's punctuation, or
# after "at".
_CLAUSE_START = re.compile(r"[.,;:!?]|\bat\b", re.IGNORECASE)


def describes_change(sentence: str, date_at: int) -> bool:
    """Does the clause holding the date expression (which starts at `date_at`) say the world
    changes then, rather than that someone is to do something by then? "… skal være
    opmærksom på konsekvenserne af, at … bortfalder fra 2026" dates the change, not a task."""
    before = sentence[:date_at]
    starts = [m.end() for m in _CLAUSE_START.finditer(before)]
    clause = before[starts[-1]:] if starts else before
    return _CHANGE_IN_THE_WORLD.search(clause) is not None


def dates_a_change(sentence: str) -> bool:
    """describes_change for the first date expression the sentence holds."""
    from kkrmonitor.parsing.danish_dates import find_windows

    found = find_windows(sentence)
    return bool(found) and describes_change(sentence, found[0].start)
