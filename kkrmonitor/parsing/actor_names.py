"""Find named partner actors (organisations, fora, councils) in running Danish text.

The importer links each recommendation to the actors it names, so a match must be reliable
on text extracted from PDFs: names wrap across lines, take Danish inflections and appear
inside compounds, and one actor's name can contain another's.

Matching rules:

- Case-insensitive; Danish capitalisation of names is not consistent across documents.
- A name starts at a word start that is not inside a hyphen compound: "regionen" does not
  match in "Hovedstadsregionen" nor in "hovedstads-regionen" (both are another region).
- Any run of whitespace, line breaks included, may separate the words of a multiword name.
- Allowed endings, and nothing else: none; genitive "s", "'s" or "’s"; and a hyphen compound
  ("Greater Copenhagen-samarbejdet", "Greater Copenhagen-samarbejdets"), because a compound
  whose first part is the name is about that actor. Definite and plural endings ("-en",
  "-et", "-erne") are deliberately NOT derived: Danish doubles consonants ("forum" →
  "forummet") and a common-noun variant's plural is a different thing ("regionerne" is all
  regions, not Region Hovedstaden). Definite forms are listed as variants instead
  ("Sundhedskoordinationsforummet", "Erhvervsfremmebestyrelsen").
- The longest match wins and consumes its span, so "Greater Copenhagen EU Office" counts only
  as the EU Office and not also as Greater Copenhagen.

Pure Python: no Django import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["ActorPattern", "find_actors"]


@dataclass(frozen=True)
class ActorPattern:
    key: str  # actor slug
    names: tuple[str, ...]  # official name plus variants, e.g. ("Greater Copenhagen",)


# Hyphen-minus (escaped for use inside a character class), hyphen and non-breaking hyphen:
# all three join compounds in text extracted from PDFs.
_HYPHENS = "\\-\u2010\u2011"
_START = rf"(?<![\w{_HYPHENS}])"
_ENDING = rf"(?:[{_HYPHENS}]\w+(?:[{_HYPHENS}]\w+)*|['’]s|s)?(?!\w)"
_SOFT_HYPHEN = "\u00ad"


def _normalise(text: str) -> str:
    # PDFs give decomposed letters ("a" + ring) and invisible soft hyphens inside words; both
    # would otherwise break a match on a perfectly visible name.
    return unicodedata.normalize("NFC", text).replace(_SOFT_HYPHEN, "")


def _name_pattern(name: str) -> re.Pattern[str]:
    words = _normalise(name).split()
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(_START + body + _ENDING, re.IGNORECASE)


def find_actors(text: str, patterns: Sequence[ActorPattern]) -> list[str]:
    """Slugs of the actors named in `text`, in order of first appearance, without duplicates."""
    text = _normalise(text)
    # (start, end, pattern index, slug) for every match of every variant, overlaps included;
    # the choice between overlapping ones is made below.
    candidates: list[tuple[int, int, int, str]] = []
    for index, pattern in enumerate(patterns):
        for name in pattern.names:
            if not name.strip():
                continue
            for match in _name_pattern(name).finditer(text):
                candidates.append((match.start(), match.end(), index, pattern.key))
    # Longest first; ties go to the earlier position, then to the earlier pattern so the
    # caller's order decides between two actors sharing a name.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int, str]] = []
    for start, end, _, key in candidates:
        if all(end <= other_start or start >= other_end for other_start, other_end, _ in taken):
            taken.append((start, end, key))
    slugs: list[str] = []
    for _, _, key in sorted(taken):
        if key not in slugs:
            slugs.append(key)
    return slugs
