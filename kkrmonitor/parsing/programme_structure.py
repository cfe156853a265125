"""Turn the lines of a council's recommendations document into a `ParsedProgramme`.

The readers (`kkrmonitor.parsing.readers`) know formats; `programme_document` turns what each
reader returns into a flat list of `SourceLine`s that carry what the format knows (text,
bullet marker, bold weight, indentation, paragraph starts).  This module decides, once for
every format, where a headline ends and a body begins, so the formats cannot drift apart.

Pure Python: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from kkrmonitor.parsing.readers.common import GLYPH_BULLETS, DocumentError, SourceFormat, collapse

__all__ = [
    "TEXT_BULLET_RE",
    "ParsedProgramme",
    "ParsedRecommendation",
    "SourceLine",
    "build_programme",
    "seam_breaks_paragraph",
]


@dataclass(frozen=True)
class ParsedRecommendation:
    number: int
    headline: str
    body: str


@dataclass(frozen=True)
class ParsedProgramme:
    title: str
    term: str | None
    approved_on: date | None
    approval_sentence: str | None
    preamble: str
    recommendations: tuple[ParsedRecommendation, ...]
    source_format: str


# --------------------------------------------------------------------------------------------
# Vocabulary.  Headline ends in plain text are decided from wording, so the words involved
# are listed here, each list with the reason it exists.

# A headline that wraps before a capitalised word would look like it ends there.  When the
# line before ends with one of these words, the capital on the next line is the second half
# of a proper name ("KKR" / "Sjælland", "Greater" / "Copenhagen", "Region" / "Hovedstaden"),
# not a new sentence.  Only words that practically never END a name are listed: adding
# "Copenhagen" or "Hovedstaden" would glue the body onto every headline ending in them.
_NAME_STARTERS = frozenset(
    {"KKR", "Greater", "Danmarks", "Region", "Regionernes", "Kommunernes", "Erhvervshus",
     "Københavns"}
)
# The same seen from the next line: words that only appear as the tail of a name.
_NAME_CONTINUERS = frozenset({"Kommune", "Kommunes", "Copenhagen"})

# Danish words a headline cannot end on (prepositions, conjunctions, articles, auxiliaries):
# a line ending with one of them continues even if the next line begins with a capital, as
# in "…samarbejde med" / "KKR Sjælland".
_FUNCTION_WORDS = frozenset(
    """og eller samt men som der at så hvor hvis når da fordi mens end
    i på af til for med om ved fra under over mellem mod efter gennem hos uden blandt inden
    indenfor omkring via per
    en et den det de denne dette disse sin sit sine deres hans hendes vores jeres dens dets
    ny nyt nye hele alle både samme andre anden andet flere mange nogle
    skal vil kan må bør er har bliver blive være""".split()
)

# Abbreviations whose period does not end a sentence ("ift.", "bl.a."): neither a sentence
# split nor a headline end may happen after them.
_ABBREVIATIONS = frozenset(
    """ift. bl.a. fx fx. f.eks. evt. mv. m.v. m.fl. m.m. osv. jf. pga. inkl. ekskl. ca. dvs.
    mht. vedr. nr. kr. mio. mia. d. ang. iflg. hhv. resp. tlf. el. o.l. s.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. okt. nov. dec.""".split()
)

_CANNOT_END = _FUNCTION_WORDS | _ABBREVIATIONS

# Words that keep a suspended compound open: "mobilitets-" + "og infrastruktur…" keeps its
# space, whereas "EU-" + "projekter" is one word split at its hyphen.
_COMPOUND_JOINERS = frozenset({"og", "eller", "samt", "til", "el.", "&"})

_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}

# A bullet at the start of a plain-text line.  Glyphs may touch the text; "-", "–", "*" and
# numbers need a space after them and a capital (or digit) next, so "-fremme", "– fx" and
# "24. oktober" at the start of a wrapped line are not bullets.
TEXT_BULLET_RE = re.compile(
    r"""^(?P<indent>[ ]*)
    (?:
        (?P<glyph>[""" + GLYPH_BULLETS + r"""\ue000-\uf8ff])[ ]*
      | (?P<wingding>Ø)[ ]+(?=[A-ZÆØÅ])
      | (?P<dash>[-–—*])[ ]+(?=["»«(]?[A-ZÆØÅ0-9])
      | (?P<num>\d{1,2})(?P<sep>[.)])[ ]+(?=["»«(]?[A-ZÆØÅ])
    )
    (?P<text>\S.*)?$""",
    re.X,
)

_TERM_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)?\d{2})(?!\d)")
_APPROVAL_VERB_RE = re.compile(r"\b(?:godkend\w*|vedtag\w*|vedtog)\b", re.I)
_DATE_RE = re.compile(
    r"\b(\d{1,2})\.\s*(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})\b",
    re.I,
)


# --------------------------------------------------------------------------------------------
# The typed line every format is turned into.


@dataclass(frozen=True)
class SourceLine:
    """One line (text, PDF) or paragraph (Word) as its reader saw it."""

    text: str  # content without bullet marker, stripped
    marker: str | None = None  # bullet as found ("➢", "-", "1."); "" = a bullet known from layout
    number: int | None = None  # the number of a numbered bullet
    bullet: bool = False  # set by `_resolve_bullets` once the document's list marker is known
    bold: bool | None = None  # None where the format does not say (plain text)
    heading: bool = False  # styled as a title (Word Title/Heading, large PDF type)
    indent: float = 0.0  # where the line starts (columns in text, points in PDF)
    text_indent: float = 0.0  # where its text starts after the bullet
    new_paragraph: bool = False  # a blank line, vertical gap or paragraph boundary precedes it
    lineno: int | None = None

# --------------------------------------------------------------------------------------------
# Text helpers.


def _join_lines(parts: Iterable[str]) -> str:
    """Join wrapped lines with single spaces, re-uniting words split at their own hyphen."""
    out = ""
    for raw in parts:
        part = collapse(raw)
        if not part:
            continue
        if not out:
            out = part
            continue
        first_word = part.split()[0]
        if (
            len(out) >= 2
            and out[-1] == "-"
            and out[-2].isalpha()
            and part[0].islower()
            and first_word not in _COMPOUND_JOINERS
        ):
            out += part  # "EU-" + "projekter"
        else:
            out += " " + part  # includes "og" + "-fremme": the suspended compound keeps its space
    return out


def _starts_sentence(text: str) -> bool:
    stripped = text.lstrip("\"'«»“”„‘’([")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _ends_sentence(text: str) -> bool:
    words = text.split()
    if not words or words[-1][-1] not in ".!?":
        return False
    return words[-1].lower() not in _ABBREVIATIONS


def _wording_continues(previous: str, next_text: str) -> bool:
    """Does `next_text` continue the headline (or title) `previous` across a line break?

    A headline has no final period, so its end shows only as a line break after which a new
    sentence begins.  A line that begins in lowercase or with "-" ("-fremme") continues; a
    capitalised line continues only when the text before it cannot end there.
    """
    if not _starts_sentence(next_text):
        return True
    prev = previous.rstrip()
    if not prev:
        return True
    if prev[-1] in ",;-–—(/&+":
        return True
    last = prev.split()[-1]
    if last in _NAME_STARTERS or last.lower() in _CANNOT_END:
        return True
    return next_text.split()[0].strip(",.;:") in _NAME_CONTINUERS


def _sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, not at "ift.", "bl.a." or "24. oktober"."""
    sentences: list[str] = []
    start = 0
    for match in re.finditer(r"[.!?]+(?=\s+\S)", paragraph):
        word = paragraph[: match.end()].split()[-1]
        if word.lower() in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}\.", word):
            continue
        if not _starts_sentence(paragraph[match.end() :].lstrip()):
            continue
        sentences.append(paragraph[start : match.end()].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def seam_breaks_paragraph(prev_text: str, prev_is_short: bool, next_text: str) -> bool:
    """At a page break there is no blank line to go by.  A paragraph ended there if its last
    line ended a sentence and stopped short of the margin, and the next page starts one."""
    return prev_is_short and _ends_sentence(prev_text) and _starts_sentence(next_text)



# --------------------------------------------------------------------------------------------
# The shared structuring step.


@dataclass
class _Item:
    number: int | None
    headline: list[str]
    body: list[list[str]] = field(default_factory=list)
    in_headline: bool = True


def build_programme(
    lines: Sequence[SourceLine], source_format: SourceFormat, indent_tolerance: float
) -> ParsedProgramme:
    lines = [line for line in lines if line.text.strip() or line.marker is not None]
    if not lines:
        raise DocumentError("Dokumentet indeholder ingen tekst.")
    title, rest = _take_title(_resolve_bullets(lines))
    rest = _resolve_bold(rest)
    has_bullets = any(line.bullet for line in rest)
    hanging = _hanging_indent(rest, indent_tolerance)

    preamble: list[list[str]] = []
    items: list[_Item] = []

    def add(paragraphs: list[list[str]], line: SourceLine) -> None:
        if line.new_paragraph or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.text)

    for line in rest:
        current = items[-1] if items else None
        # A bold paragraph that does not continue a headline starts the next recommendation
        # when the bullet glyph was lost (everywhere, or on some lines of a PDF).  Before
        # the first bullet, bold is only emphasis in the introduction.
        bold_start = line.bold is True and (
            not has_bullets or (current is not None and line.new_paragraph)
        )
        if line.bullet:
            items.append(_Item(line.number, [line.text]))
            continue
        if current is not None and current.in_headline:
            headline = _join_lines(current.headline)
            if _continues_headline(headline, line, hanging, indent_tolerance):
                current.headline.append(line.text)
                continue
            current.in_headline = False
            if bold_start:
                items.append(_Item(line.number, [line.text]))
                continue
            current.body.append([line.text])
            continue
        if bold_start:
            items.append(_Item(line.number, [line.text]))
            continue
        add(current.body if current else preamble, line)

    items = [item for item in items if _join_lines(item.headline)]  # a stray bullet glyph
    numbers = [item.number if item.number is not None else i for i, item in enumerate(items, 1)]
    if len(set(numbers)) != len(numbers):
        # The number identifies a recommendation across re-imports, so it must be unique;
        # when the document's own numbers clash with the order, the order wins.
        numbers = list(range(1, len(items) + 1))
    recommendations = tuple(
        ParsedRecommendation(
            number=number,
            headline=_join_lines(item.headline),
            body="\n\n".join(_join_lines(paragraph) for paragraph in item.body),
        )
        for number, item in zip(numbers, items, strict=True)
    )
    if not recommendations:
        raise DocumentError(
            "Dokumentet indeholder ingen anbefalinger: der er ingen punkter med punkttegn "
            "(➢, •, -), numre (1., 2., …) eller fede overskrifter."
        )
    preamble_text = "\n\n".join(_join_lines(paragraph) for paragraph in preamble)
    approval_sentence, approved_on = _find_approval(title, preamble_text)
    return ParsedProgramme(
        title=title,
        term=_find_term(title, preamble_text),
        approved_on=approved_on,
        approval_sentence=approval_sentence,
        preamble=preamble_text,
        recommendations=recommendations,
        source_format=source_format,
    )


def _continues_headline(
    headline: str, line: SourceLine, hanging: float | None, tolerance: float
) -> bool:
    if not headline:
        return True  # a bullet alone on its line: its text comes next
    if line.bold is not None:
        # Typography first: regular weight is body text; a bold line right below a bold line
        # is the same headline.  After a gap the wording decides, because real PDFs show
        # gaps inside headlines ("…det specialiserede" / blank / "socialområde, så…").
        if not line.bold:
            return False
        if not line.new_paragraph:
            return True
    elif hanging is not None:
        # Text whose headline continuations hang under the headline while bodies are flush.
        if line.indent >= hanging - tolerance:
            return True
        if _starts_sentence(line.text):
            return False
    return _wording_continues(headline, line.text)


def _hanging_indent(lines: Sequence[SourceLine], tolerance: float) -> float | None:
    """The text column of bullets, if indentation separates headline from body here.

    Only when some non-bullet lines after the first bullet hang at that column and others are
    flush left does indentation mean anything; a document that indents everything (or
    nothing) leaves the decision to the wording.
    """
    bullets = [line for line in lines if line.bullet and line.text_indent > line.indent + tolerance]
    if not bullets:
        return None
    column = min(line.text_indent for line in bullets)
    first = next(i for i, line in enumerate(lines) if line.bullet)
    others = [line for line in lines[first:] if not line.bullet]
    hanging = any(line.indent >= column - tolerance for line in others)
    flush = any(line.indent < column - tolerance for line in others)
    return column if hanging and flush else None


def _marker_key(marker: str) -> str:
    return re.sub(r"\d+", "#", marker)


def _resolve_bullets(lines: list[SourceLine]) -> list[SourceLine]:
    """Decide which marker is the document's list of recommendations.

    Candidates are ranked by indentation (recommendations are the outermost list), then by
    count, then by first appearance; a bullet of another kind is ordinary text.  Numbered
    candidates must also count on from each other, so a line that happens to start with
    "3. " out of sequence stays text.
    """
    candidates = [(i, line) for i, line in enumerate(lines) if line.marker is not None]
    if not candidates:
        return lines
    stats: dict[str, tuple[float, int, int]] = {}
    for i, line in candidates:
        k = _marker_key(line.marker or "")
        indent, count, first = stats.get(k, (line.indent, 0, i))
        stats[k] = (min(indent, line.indent), count + 1, first)
    chosen = min(stats, key=lambda k: (stats[k][0], -stats[k][1], stats[k][2]))
    result = list(lines)
    expected: int | None = None
    for i, line in candidates:
        accept = _marker_key(line.marker or "") == chosen
        if accept and line.number is not None and "#" in chosen:
            accept = expected is None or line.number == expected
            if accept:
                expected = line.number + 1
        if accept:
            result[i] = replace(line, bullet=True)
        else:
            text = f"{line.marker} {line.text}" if line.marker else line.text
            result[i] = replace(line, marker=None, number=None, text=text)
    return result


def _resolve_bold(lines: list[SourceLine]) -> list[SourceLine]:
    # Weight only tells headlines from bodies when both weights occur below the title; a
    # document set all in one weight says nothing, so the wording rules decide as in text.
    weights = {line.bold for line in lines if line.bold is not None}
    if weights == {True, False}:
        return lines
    return [replace(line, bold=None) for line in lines]


def _take_title(lines: list[SourceLine]) -> tuple[str, list[SourceLine]]:
    heading_count = 0
    while (
        heading_count < len(lines)
        and lines[heading_count].heading
        and not lines[heading_count].bullet
    ):
        heading_count += 1
    if heading_count:
        title = _join_lines(line.text for line in lines[:heading_count])
        return title, lines[heading_count:]
    if lines[0].bullet:
        return "", lines
    # No title styling (plain text): the first line, plus lines that carry on its wording
    # without a blank line between ("…til det" / "nye KKR Hovedstaden").
    parts = [lines[0].text]
    count = 1
    while (
        count < len(lines)
        and not lines[count].bullet
        and not lines[count].new_paragraph
        and lines[count].bold == lines[0].bold
        and _wording_continues(_join_lines(parts), lines[count].text)
    ):
        parts.append(lines[count].text)
        count += 1
    rest = list(lines[count:])
    if rest and not rest[0].bullet:
        rest[0] = replace(rest[0], new_paragraph=True)
    return _join_lines(parts), rest


def _find_term(title: str, preamble: str) -> str | None:
    # The document names the outgoing term ("valgperioden 2022-2025") before the one the
    # recommendations are for; the latest one is the new council's.
    terms: list[tuple[int, int]] = []
    for match in _TERM_RE.finditer(f"{title}\n{preamble}"):
        start, end_text = int(match.group(1)), match.group(2)
        end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
        if 0 < end - start <= 8:
            terms.append((start, end))
    if not terms:
        return None
    start, end = max(terms)
    return f"{start}-{end}"


def _find_approval(title: str, preamble: str) -> tuple[str | None, date | None]:
    for paragraph in [title, *preamble.split("\n\n")]:
        for sentence in _sentences(paragraph):
            match = _DATE_RE.search(sentence)
            if not match or not _APPROVAL_VERB_RE.search(sentence):
                continue
            day, month, year = match.groups()
            try:
                return sentence, date(int(year), _MONTHS[month.lower()], int(day))
            except ValueError:  # "31. februar": keep the sentence, not a made-up date
                return sentence, None
    return None, None

