"""Danish temporal expressions → date windows.

A council document rarely names a day. It says "i foråret 2026", "inden udgangen af 2027" or
"fra 2026", and a milestone has to carry that vagueness honestly instead of inventing a day.
So every expression becomes a `DateWindow`: an inclusive start and end (either may be open)
plus a normalised Danish label that parses back to the same window.

Conventions chosen here (they are choices, not facts of the language):

- Seasons are the meteorological quarters: spring = March–May, summer = June–August,
  autumn = September–November. Winter is December of the *named* year through February of
  the next ("vinteren 2026" = 1 Dec 2026–28 Feb 2027), so every season of a year starts in
  that year and the windows never overlap.
- primo/medio/ultimo of a year are its thirds (Jan–Apr, May–Aug, Sep–Dec); of a month they are
  days 1–10, 11–20 and 21–end. Danish administrative usage has no fixed definition; thirds
  cover the year without gaps or overlaps.
- "inden X" / "før X" are exclusive (the window ends the day before X starts: "inden 2027"
  ends 31 Dec 2026), while "senest X", "til og med X" and "inden/ved udgangen af X" include X.
- A year range ("2026-2029", "fra 2026 til 2029") includes both end years.

Pure Python: no Django import, so the importer, the forms and the tests share it directly.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = [
    "PRECISIONS",
    "DateWindow",
    "FoundExpression",
    "find_windows",
    "parse_window",
    "sentence_around",
]

PRECISIONS: tuple[str, ...] = (
    "day",
    "month",
    "season",
    "half",
    "quarter",
    "part",  # primo / medio / ultimo
    "year",
    "range",
)


@dataclass(frozen=True)
class DateWindow:
    start: date | None  # None = open at that end
    end: date | None
    label: str
    precision: str

    def __post_init__(self) -> None:
        # A window that cannot be true is a parser bug; fail where it is made, not where shown.
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"window {self.label!r} starts after it ends")

    def as_dict(self) -> dict[str, str | None]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "label": self.label,
            "precision": self.precision,
        }


@dataclass(frozen=True)
class FoundExpression:
    window: DateWindow
    start: int  # character offsets into the searched text
    end: int
    text: str  # the original text of the match, line breaks and all


# --- vocabulary -----------------------------------------------------------------------------

MONTH_NAMES: tuple[str, ...] = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)
# Abbreviations only count with their period: bare "jul" is Danish for Christmas.
_MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "febr": 2, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sept": 9, "sep": 9, "okt": 10, "nov": 11, "dec": 12,
}
_MONTH_NUMBERS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **_MONTH_ABBREVIATIONS,
}

# stem -> (definite form used in labels, first month); winter wraps into the next year.
_SEASONS: dict[str, tuple[str, int]] = {
    "forår": ("foråret", 3),
    "sommer": ("sommeren", 6),
    "efterår": ("efteråret", 9),
    "vinter": ("vinteren", 12),
}
_ORDINALS: dict[str, int] = {
    "første": 1, "1.": 1, "andet": 2, "anden": 2, "2.": 2,
    "tredje": 3, "3.": 3, "fjerde": 4, "4.": 4,
}
_HALF_LABELS = {1: "første", 2: "andet"}
# Thirds of a year (first month of each) and of a month (first day of each).
_PARTS = ("primo", "medio", "ultimo")
_PART_FIRST_MONTH = {"primo": 1, "medio": 5, "ultimo": 9}
_PART_FIRST_DAY = {"primo": 1, "medio": 11, "ultimo": 21}

# Years outside this span are far more likely counts ("i 1000 boliger") than dates.
_YEAR_DIGITS = r"(?:19|20|21)\d\d"
# A year must not run on into more digits, a decimal ("2026,5"), or a dash and a number
# (then it is the first half of a range or an ISO date, which their own patterns take).
_YEAR_END = r"(?!\w|[.,]\d|\s?[-–—]\s?\d)"
_NUMBER_END = r"(?!\w|[.,/-]?\d)"

_FULL_MONTHS = "|".join(MONTH_NAMES)
_ABBR_MONTHS = "|".join(sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True))
# Full names need whitespace after them, abbreviations their period (see above).
_MONTH = rf"(?:{_FULL_MONTHS})(?=\s)|(?:{_ABBR_MONTHS})\."
_SEASON = r"foråret|forår|sommeren|sommer|efteråret|efterår|vinteren|vinter"
_ORDINAL = r"første|andet|anden|tredje|fjerde|[1-4]\."
_PART = "|".join(_PARTS)
_DASH = r"[-–—]"

# Words in front of an expression. Order matters: longer alternatives first, because the regex
# takes the first alternative that lets the whole expression match.
_MODIFIER = r"""
    senest\s+(?:ved|med)\s+udgangen\s+af
  | inden\s+udgangen\s+af
  | (?:ved|med)\s+udgangen\s+af
  | senest(?:\s+(?:i|den|d\.))?
  | til\s+og\s+med(?:\s+den)?
  | fra\s+og\s+med(?:\s+den)?
  | fra(?:\s+den)?
  | inden\s+for | indenfor
  | inden(?:\s+den)?
  | før(?:\s+den)?
  | i\s+løbet\s+af
  | i\s+(?:året|år)
  | i | in | året | år | den | d\.
"""


def _base(p: str) -> str:
    """One date expression without modifiers; group names carry prefix `p` so that two bases
    can sit in one pattern ("fra X til Y")."""
    return rf"""
    (?:
        (?P<{p}_dn_d>\d{{1,2}})(?:\.\s*|\s+)(?P<{p}_dn_m>{_MONTH})\s*(?P<{p}_dn_y>{_YEAR_DIGITS}){_YEAR_END}
      | (?P<{p}_dd_d>\d{{1,2}})(?P<{p}_dd_sep>[./-])(?P<{p}_dd_m>\d{{1,2}})(?P={p}_dd_sep)
            (?P<{p}_dd_y>\d{{4}}){_NUMBER_END}
      | (?P<{p}_iso_y>\d{{4}})-(?P<{p}_iso_m>\d\d)-(?P<{p}_iso_d>\d\d){_NUMBER_END}
      | (?P<{p}_pm_p>{_PART})\s+(?P<{p}_pm_m>{_MONTH})\s*(?P<{p}_pm_y>{_YEAR_DIGITS}){_YEAR_END}
      | (?P<{p}_py_p>{_PART})\s+(?P<{p}_py_y>{_YEAR_DIGITS}){_YEAR_END}
      | (?P<{p}_h_n>første|andet|anden|[12]\.)\s*halvår(?:et)?(?:\s+af)?\s+
            (?P<{p}_h_y>{_YEAR_DIGITS}){_YEAR_END}
      | (?P<{p}_q_n>{_ORDINAL})\s*kvartal(?:et)?(?:\s+af)?\s+(?P<{p}_q_y>{_YEAR_DIGITS}){_YEAR_END}
      | [KQ](?P<{p}_qk_n>[1-4])\s+(?P<{p}_qk_y>{_YEAR_DIGITS}){_YEAR_END}
      | (?P<{p}_qy_y>{_YEAR_DIGITS})\s?-?\s?[KQ](?P<{p}_qy_n>[1-4])(?!\w)
      | (?P<{p}_s_s>{_SEASON})\s+(?P<{p}_s_y>{_YEAR_DIGITS}){_YEAR_END}
      | (?P<{p}_m_m>{_MONTH})\s*(?P<{p}_m_y>{_YEAR_DIGITS}){_YEAR_END}
      | (?P<{p}_r_noun>\w*perioden\s+)?(?P<{p}_r_a>{_YEAR_DIGITS})\s*{_DASH}\s*
            (?P<{p}_r_b>\d{{4}}|\d\d){_NUMBER_END}
      | (?P<{p}_y_y>{_YEAR_DIGITS}){_YEAR_END}
    )
    """


# Expressions start at a word start that does not continue a number ("7+3", "2.000", "1,5").
_START = r"(?<![\w.,+])"
_FLAGS = re.IGNORECASE | re.VERBOSE
_SINGLE = re.compile(rf"{_START}(?:(?P<mod>{_MODIFIER})\s+)?(?P<x>{_base('x')})", _FLAGS)
_FROM_TO = re.compile(
    rf"""{_START}fra\s+(?:og\s+med\s+)?(?:(?:den|d\.)\s+)?(?P<a>{_base('a')})
    \s+til\s+(?:og\s+med\s+)?(?:(?:den|d\.)\s+)?(?P<b>{_base('b')})""",
    _FLAGS,
)
_WORD_START = re.compile(r"(?<![\w.,+])\w")


# --- building windows -----------------------------------------------------------------------


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_number(token: str) -> int:
    return _MONTH_NUMBERS[token.rstrip(".").lower()]


def _day_window(year: int, month: int, day: int) -> DateWindow | None:
    try:
        when = date(year, month, day)
    except ValueError:  # "31. februar": not a date, so not a window
        return None
    return DateWindow(when, when, f"{day}. {MONTH_NAMES[month - 1]} {year}", "day")


def _base_window(m: re.Match[str], p: str) -> tuple[str, DateWindow] | None:
    """The window of the base that matched in `m` under prefix `p`, with its kind."""
    g = m.groupdict()

    def has(name: str) -> bool:
        return g.get(f"{p}_{name}") is not None

    def text(name: str) -> str:
        return g[f"{p}_{name}"]

    def num(name: str) -> int:
        return int(text(name))

    if has("dn_d"):
        window = _day_window(num("dn_y"), _month_number(text("dn_m")), num("dn_d"))
        return ("day", window) if window else None
    if has("dd_d"):
        if not 1 <= num("dd_m") <= 12:
            return None
        window = _day_window(num("dd_y"), num("dd_m"), num("dd_d"))
        return ("day", window) if window else None
    if has("iso_y"):
        if not 1 <= num("iso_m") <= 12:
            return None
        window = _day_window(num("iso_y"), num("iso_m"), num("iso_d"))
        return ("day", window) if window else None
    if has("pm_p"):
        part, year, month = text("pm_p").lower(), num("pm_y"), _month_number(text("pm_m"))
        first = _PART_FIRST_DAY[part]
        last = first + 9 if part != "ultimo" else _last_day(year, month).day
        label = f"{part} {MONTH_NAMES[month - 1]} {year}"
        return "part", DateWindow(date(year, month, first), date(year, month, last), label, "part")
    if has("py_p"):
        part, year = text("py_p").lower(), num("py_y")
        first_month = _PART_FIRST_MONTH[part]
        start, end = date(year, first_month, 1), _last_day(year, first_month + 3)
        return "part", DateWindow(start, end, f"{part} {year}", "part")
    if has("h_n"):
        half, year = _ORDINALS[text("h_n").lower()], num("h_y")
        start, end = date(year, 6 * half - 5, 1), _last_day(year, 6 * half)
        return "half", DateWindow(start, end, f"{_HALF_LABELS[half]} halvår {year}", "half")
    for n_group, y_group in (("q_n", "q_y"), ("qk_n", "qk_y"), ("qy_n", "qy_y")):
        if has(n_group):
            quarter = _ORDINALS.get(text(n_group).lower()) or int(text(n_group))
            year = num(y_group)
            start, end = date(year, 3 * quarter - 2, 1), _last_day(year, 3 * quarter)
            return "quarter", DateWindow(start, end, f"{quarter}. kvartal {year}", "quarter")
    if has("s_s"):
        word, year = text("s_s").lower(), num("s_y")
        stem = next(s for s in _SEASONS if word.startswith(s))
        label_word, first_month = _SEASONS[stem]
        start = date(year, first_month, 1)
        # Three months on: winter's end lands in next year's February, leap day included.
        end_year, end_month = (year + 1, 2) if first_month == 12 else (year, first_month + 2)
        end = _last_day(end_year, end_month)
        return "season", DateWindow(start, end, f"{label_word} {year}", "season")
    if has("m_m"):
        month, year = _month_number(text("m_m")), num("m_y")
        start, end = date(year, month, 1), _last_day(year, month)
        return "month", DateWindow(start, end, f"{MONTH_NAMES[month - 1]} {year}", "month")
    if has("r_a"):
        first, second = num("r_a"), text("r_b")
        # "2026-29" is the short form of "2026-2029".
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if not first < last <= first + 100:
            return None
        window = DateWindow(date(first, 1, 1), date(last, 12, 31), f"{first}-{last}", "range")
        return "range", window
    if has("y_y"):
        year = num("y_y")
        return "year", DateWindow(date(year, 1, 1), date(year, 12, 31), str(year), "year")
    return None


def _modifier_kind(modifier: str | None) -> str:
    """Reduce the words in front of an expression to what they do to its window."""
    if modifier is None:
        return "none"
    words = " ".join(modifier.lower().split())
    if "udgangen af" in words:
        return "ved udgangen af" if words.startswith(("ved", "med")) else "inden udgangen af"
    if words.startswith("senest"):
        return "senest"
    if words.startswith("til og med"):
        return "til og med"
    if words.startswith("fra"):
        return "fra"
    if words.startswith("inden for") or words == "indenfor":
        return "plain"  # "within": the window itself
    if words.startswith("inden"):
        return "inden"
    if words.startswith("før"):
        return "før"
    if words in {"den", "d."}:
        return "day cue"
    if words in {"år", "året", "i år", "i året"}:
        return "year cue"
    return "plain"  # "i", "in", "i løbet af"


def _apply_modifier(kind: str, window: DateWindow) -> DateWindow:
    label, precision = window.label, window.precision
    if kind == "fra":
        return DateWindow(window.start, None, f"fra {label}", precision)
    if kind in {"senest", "til og med", "inden udgangen af", "ved udgangen af"}:
        return DateWindow(None, window.end, f"{kind} {label}", precision)
    if kind in {"inden", "før"}:
        assert window.start is not None  # every base window has both ends
        return DateWindow(None, window.start - timedelta(days=1), f"{kind} {label}", precision)
    return window


def _single(m: re.Match[str], running_text: bool) -> tuple[DateWindow, int] | None:
    """The window of a `_SINGLE` match and where its reported text starts."""
    based = _base_window(m, "x")
    if based is None:
        return None
    base_kind, window = based
    kind = _modifier_kind(m.group("mod"))
    # Cue words only make sense in front of their own kind ("den 2026 vedtagne budget",
    # "år 24. oktober"), so elsewhere they reject the match rather than being dropped.
    if kind == "day cue" and base_kind != "day":
        return None
    if kind == "year cue" and base_kind != "year":
        return None
    # In running text a bare number is far more often a count or a reference than a date,
    # so a lone year needs a word in front of it ("i 2026", "fra 2026").
    if running_text and base_kind == "year" and kind == "none":
        return None
    start = m.start()
    # "i valgperioden 2026-2029": the period noun starts the expression; "i" belongs to the
    # sentence. Points in time keep their "i" ("i foråret 2026").
    if base_kind == "range" and kind == "plain" and m.group("mod").lower() == "i":
        start = m.start("x")
    return _apply_modifier(kind, window), start


def _from_to(m: re.Match[str]) -> DateWindow | None:
    first, last = _base_window(m, "a"), _base_window(m, "b")
    if first is None or last is None:
        return None
    (first_kind, a), (last_kind, b) = first, last
    assert a.start is not None and b.end is not None
    if a.start > b.end:
        return None
    if first_kind == last_kind == "year":
        label = f"{a.start.year}-{b.end.year}"
    else:
        label = f"fra {a.label} til {b.label}"
    return DateWindow(a.start, b.end, label, "range")


def _match_at(text: str, pos: int, running_text: bool) -> tuple[DateWindow, int, int] | None:
    """The longest expression starting at `pos`: (window, start, end)."""
    m = _FROM_TO.match(text, pos)
    if m:
        window = _from_to(m)
        if window is not None:
            return window, m.start(), m.end()
    m = _SINGLE.match(text, pos)
    if m:
        found = _single(m, running_text)
        if found is not None:
            return found[0], found[1], m.end()
    return None


# --- public API -----------------------------------------------------------------------------


def parse_window(text: str) -> DateWindow | None:
    """A whole expression as typed in a form ("i foråret 2026", "24.10.2025", "2026"), or None
    when the text is not one date expression."""
    normalised = " ".join(text.split())
    # A sentence-final period after the year is punctuation, not part of the expression.
    if len(normalised) > 1 and normalised.endswith(".") and normalised[-2].isdigit():
        normalised = normalised[:-1]
    if not normalised:
        return None
    candidates = [normalised]
    lowered = normalised.lower()
    # "i valgperioden 2026-2029" is tolerated even though "i" is no modifier of ranges.
    for lead in ("i ", "den "):
        if lowered.startswith(lead):
            candidates.append(normalised[len(lead):])
    for candidate in candidates:
        m = _FROM_TO.fullmatch(candidate)
        if m:
            window = _from_to(m)
            if window is not None:
                return window
        m = _SINGLE.fullmatch(candidate)
        if m:
            found = _single(m, running_text=False)
            if found is not None:
                return found[0]
    return None


def find_windows(text: str) -> list[FoundExpression]:
    """Every date expression in running text, in order and non-overlapping.

    Words may be separated by any whitespace, line breaks included, because text extracted
    from PDFs wraps wherever the line ended. A bare year or year range in parentheses
    ("(2016)", "(2016-2020)") is a reference to when something was decided or written, not a
    time for something to happen, so it is left out.
    """
    found: list[FoundExpression] = []
    resume = 0
    for word in _WORD_START.finditer(text):
        pos = word.start()
        if pos < resume:
            continue
        match = _match_at(text, pos, running_text=True)
        if match is None:
            continue
        window, start, end = match
        resume = end
        if _in_parentheses(text, start, end) and not re.search(r"[^\W\d_]", text[start:end]):
            continue
        found.append(FoundExpression(window, start, end, text[start:end]))
    return found


def _in_parentheses(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return before.endswith("(") and after.startswith(")")


# --- sentences ------------------------------------------------------------------------------

# Abbreviations that never end a sentence in Danish public texts. Abbreviations that often do
# end one ("mv.", "m.fl.", "osv.", "kr.", "pct.") are left to the general rule below: they end a
# sentence only when a capital letter or digit follows, which is how Danish marks that case.
_NON_FINAL_ABBREVIATIONS = frozenset(
    {
        "bl.a.", "f.eks.", "fx.", "ift.", "i.f.t.", "evt.", "jf.", "jfr.", "jvf.", "ca.",
        "inkl.", "ekskl.", "dvs.", "d.v.s.", "nr.", "mht.", "m.h.t.", "iht.", "i.h.t.", "pga.",
        "p.g.a.", "vedr.", "ang.", "hhv.", "stk.", "pkt.", "kap.", "tlf.", "mio.", "mia.",
        "sml.", "kl.", "d.", "p.t.", "pr.", "ml.", "el.", "bl.",
        *(f"{abbreviation}." for abbreviation in _MONTH_ABBREVIATIONS),
    }
)
_SENTENCE_PUNCTUATION = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)")
# A bullet is a marker at the start of a line followed by a space; "-fremme" (a suspended
# compound wrapped onto a new line) is therefore not a bullet.
_BULLET = re.compile(r"^[ \t]*[➢•◦▪■●○►▶‣⁃∙·*–-][ \t]+", re.MULTILINE)


def _is_sentence_end(text: str, punctuation: re.Match[str]) -> bool:
    following = text[punctuation.end():].lstrip()
    # Danish sentences begin with a capital, so a lowercase word after a period means the
    # period belonged to an abbreviation or an ordinal ("24. oktober", "2. halvår").
    if following[:1].islower():
        return False
    if "." in punctuation.group() and not any(c in "!?" for c in punctuation.group()):
        preceding = text[max(0, punctuation.end() - 20) : punctuation.end()].split()
        word = preceding[-1].lstrip("([\"“'").lower() if preceding else ""
        if word in _NON_FINAL_ABBREVIATIONS:
            return False
    return True


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence containing text[start:end], on one line, ending with its own punctuation.

    A headline without a final period runs on into the next sentence, so callers should pass
    the paragraph the span is in rather than a whole document.
    """
    # (where the previous sentence ends, where the next begins)
    cuts: list[tuple[int, int]] = [(0, 0), (len(text), len(text))]
    for punctuation in _SENTENCE_PUNCTUATION.finditer(text):
        if _is_sentence_end(text, punctuation):
            cuts.append((punctuation.end(), punctuation.end()))
    for bullet in _BULLET.finditer(text):
        cuts.append((bullet.start(), bullet.end()))
    begin = max(next_start for _, next_start in cuts if next_start <= start)
    finish = min(previous_end for previous_end, _ in cuts if previous_end >= end)
    return " ".join(text[begin:finish].split())
