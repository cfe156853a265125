"""Read a council's own recommendations document into a `ParsedProgramme`.

The council publishes its recommendations as a PDF (and the secretariat keeps a Word file
and, via copy-paste, plain text).  All three look the same to a reader: a title, a few
introductory paragraphs, then one bulleted headline per recommendation followed by a body
paragraph or two.

Each reader below turns its input into a flat list of `SourceLine`s that carry what the
format knows (text, bullet marker, bold weight, indentation, paragraph starts).  One shared
function, `_build_programme`, turns those lines into the programme, so the decisions about
where a headline ends and a body begins are made in one place and the formats cannot drift
apart.

Pure Python: no Django import, so the CLI, the importer and the tests can all call it.
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

__all__ = [
    "DocumentError",
    "ParsedProgramme",
    "ParsedRecommendation",
    "parse_programme_docx",
    "parse_programme_pdf",
    "parse_programme_text",
    "read_programme",
]


class DocumentError(Exception):
    """A document that cannot be read as a programme.

    The message is one or two Danish sentences naming the problem; the CLI prefixes the file
    name.  `line` is the 1-based line in the text where that is meaningful.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


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


SourceFormat = Literal["txt", "pdf", "docx"]


# --------------------------------------------------------------------------------------------
# Vocabulary.  Headline ends in plain text are decided from wording, so the words involved
# are listed here, each list with the reason it exists.

# Bullet glyphs seen in council documents and in text copied out of them.  The private-use
# range is where Word's Wingdings/Symbol bullets land when a PDF has no proper Unicode map.
_GLYPH_BULLETS = "➢➤►▶▸•‣▪▫■□●○◦◆◇❖✓✔➔→⇒"
_PRIVATE_USE = ("\ue000", "\uf8ff")

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

_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u202f": " ", "\u2007": " ",
     "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""}
)

# A line holding nothing but a page number: "2", "- 2 -", "Side 2 af 3", "2/3".  At most three
# digits so a year alone on a line ("2026", a wrapped headline end) is never taken for one.
_PAGE_NUMBER_RE = re.compile(
    r"^(?:side|page|s\.)?\s*[-–—]?\s*\d{1,3}\s*[-–—]?\s*(?:(?:af|of|/)\s*\d{1,3})?$", re.I
)

# A bullet at the start of a plain-text line.  Glyphs may touch the text; "-", "–", "*" and
# numbers need a space after them and a capital (or digit) next, so "-fremme", "– fx" and
# "24. oktober" at the start of a wrapped line are not bullets.
_TEXT_BULLET_RE = re.compile(
    r"""^(?P<indent>[ ]*)
    (?:
        (?P<glyph>[""" + _GLYPH_BULLETS + r"""\ue000-\uf8ff])[ ]*
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
# The typed line every reader produces.


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
# Public entry points.


def read_programme(path: str | Path) -> ParsedProgramme:
    """Read a .txt, .pdf or .docx programme; the content decides when it contradicts the name."""
    path = Path(path)
    data = _read_bytes(path)
    kind = _sniff(data, path.suffix.lower())
    if kind == "pdf":
        return _parse_pdf_bytes(data)
    if kind == "docx":
        return _parse_docx_bytes(data)
    return parse_programme_text(_decode_text(data))


def parse_programme_text(text: str) -> ParsedProgramme:
    """Parse the plain text of a programme (as copied out of the PDF, or typed)."""
    if not text.removeprefix("\ufeff").strip():
        raise DocumentError("Filen er tom.")
    return _build_programme(_text_lines(text), "txt", indent_tolerance=0.5)


def parse_programme_pdf(path: str | Path) -> ParsedProgramme:
    """Parse a PDF with a text layer, using the typography: headlines are the bold lines."""
    return _parse_pdf_bytes(_read_bytes(Path(path)))


def parse_programme_docx(path: str | Path) -> ParsedProgramme:
    """Parse a Word file: headlines are bulleted (and usually bold) paragraphs."""
    return _parse_docx_bytes(_read_bytes(Path(path)))


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError("Filen findes ikke.") from None
    except IsADirectoryError:
        raise DocumentError("Stien er en mappe, ikke en fil.") from None
    except PermissionError:
        raise DocumentError("Der er ikke adgang til at læse filen.") from None
    except OSError:
        raise DocumentError("Filen kan ikke læses.") from None
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise DocumentError("Filen er tom.")
    return data


_NOT_A_PDF = "PDF-filen er beskadiget eller ikke en PDF (den starter ikke med %PDF)."


def _sniff(data: bytes, suffix: str) -> str:
    # The content wins over the name: a PDF saved as .txt is still a PDF.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if suffix == ".pdf":
        raise DocumentError(_NOT_A_PDF)
    if suffix == ".docx":
        raise DocumentError("Word-filen er beskadiget eller ikke en .docx-fil.")
    if suffix == ".doc":
        raise DocumentError("Gamle Word-filer (.doc) understøttes ikke; gem filen som .docx.")
    if suffix in {".txt", ".text"}:
        return "txt"
    shown = f"»{suffix}«" if suffix else "uden filendelse"
    raise DocumentError(f"Filtypen {shown} understøttes ikke; brug .txt, .pdf eller .docx.")


def _decode_text(data: bytes) -> str:
    # Only UTF-8: guessing cp1252/latin-1 silently would turn "ø" into garbage in the
    # programme that the public reads, so the user re-saves the file instead.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            f"Filen er ikke UTF-8-kodet (første ugyldige tegn i linje {line}). "
            "Gem den som UTF-8 og prøv igen.",
            line=line,
        ) from None


# --------------------------------------------------------------------------------------------
# Shared text helpers.


def _clean(text: str) -> str:
    return text.translate(_LIGATURES).replace("\u00ad", "")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _join_lines(parts: Iterable[str]) -> str:
    """Join wrapped lines with single spaces, re-uniting words split at their own hyphen."""
    out = ""
    for raw in parts:
        part = _collapse(raw)
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


def _seam_breaks_paragraph(prev_text: str, prev_is_short: bool, next_text: str) -> bool:
    """At a page break there is no blank line to go by.  A paragraph ended there if its last
    line ended a sentence and stopped short of the margin, and the next page starts one."""
    return prev_is_short and _ends_sentence(prev_text) and _starts_sentence(next_text)


_T = TypeVar("_T")


def _strip_page_furniture(pages: list[list[_T]], text_of: Callable[[_T], str]) -> list[list[_T]]:
    """Drop running headers/footers and page numbers.

    A header or footer is a line among the first or last two of a page that recurs (digits
    aside, so "Side 1 af 3" and "Side 2 af 3" match) on at least half the pages, and on two
    or more.  A lone page number is dropped anywhere.
    """

    def key(item: _T) -> str:
        return re.sub(r"\d+", "#", _collapse(text_of(item)).lower())

    def edges(page: list[_T]) -> list[_T]:
        content = [item for item in page if text_of(item).strip()]
        return content[:2] + content[-2:]

    counts: dict[str, int] = {}
    for page in pages:
        for k in {key(item) for item in edges(page)}:
            counts[k] = counts.get(k, 0) + 1
    repeating = {
        k for k, n in counts.items() if n >= 2 and n * 2 >= len(pages) and k.strip()
    }
    result: list[list[_T]] = []
    for page in pages:
        edge_ids = {id(item) for item in edges(page)}
        result.append(
            [
                item
                for item in page
                if not (id(item) in edge_ids and key(item) in repeating)
                and not _PAGE_NUMBER_RE.match(_collapse(text_of(item)))
            ]
        )
    return result


# --------------------------------------------------------------------------------------------
# The shared structuring step.


@dataclass
class _Item:
    number: int | None
    headline: list[str]
    body: list[list[str]] = field(default_factory=list)
    in_headline: bool = True


def _build_programme(
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


# --------------------------------------------------------------------------------------------
# Plain text.


@dataclass(frozen=True)
class _RawLine:
    lineno: int
    text: str


_SEAM = _RawLine(0, "\f")  # where a page break or dropped page number was


def _text_lines(text: str) -> list[SourceLine]:
    text = _clean(text.removeprefix("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    pages: list[list[_RawLine]] = [[]]
    for lineno, line in enumerate(text.split("\n"), start=1):
        for index, part in enumerate(line.split("\f")):
            if index:
                pages.append([])
            pages[-1].append(_RawLine(lineno, part.expandtabs(4).rstrip()))
    kept_pages = _strip_page_furniture(pages, lambda raw: raw.text)

    # Re-flow into one sequence with a seam wherever a page ended or furniture was dropped;
    # blank lines touching a seam belong to the page layout, not to the text.
    stream: list[_RawLine] = []
    for original, kept in zip(pages, kept_pages, strict=True):
        if stream:
            stream.append(_SEAM)
        kept_ids = {id(raw) for raw in kept}
        for raw in original:
            stream.append(raw if id(raw) in kept_ids else _SEAM)

    content_lengths = [len(raw.text.strip()) for raw in stream if raw is not _SEAM and raw.text]
    typical = _percentile(content_lengths, 0.9) if content_lengths else 0.0

    result: list[SourceLine] = []
    blank = False
    seam = False
    previous: str | None = None
    for raw in stream:
        if raw is _SEAM:
            seam = True
            continue
        if not raw.text.strip():
            blank = True
            continue
        if seam and previous is not None:
            short = len(previous) < 0.8 * typical
            new_paragraph = _seam_breaks_paragraph(previous, short, raw.text.strip())
        else:
            new_paragraph = blank
        result.append(_text_source_line(raw, new_paragraph))
        previous = raw.text.strip()
        blank = seam = False
    return result


def _text_source_line(raw: _RawLine, new_paragraph: bool) -> SourceLine:
    indent = len(raw.text) - len(raw.text.lstrip(" "))
    match = _TEXT_BULLET_RE.match(raw.text)
    if not match:
        return SourceLine(
            text=raw.text.strip(),
            indent=indent,
            text_indent=indent,
            new_paragraph=new_paragraph,
            lineno=raw.lineno,
        )
    marker = match.group("glyph") or match.group("wingding") or match.group("dash")
    number = None
    if match.group("num"):
        number = int(match.group("num"))
        marker = match.group("num") + match.group("sep")
    return SourceLine(
        text=(match.group("text") or "").strip(),
        marker=marker,
        number=number,
        indent=indent,
        text_indent=match.start("text"),
        new_paragraph=new_paragraph,
        lineno=raw.lineno,
    )


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))])


# --------------------------------------------------------------------------------------------
# PDF.

# Font names of bold faces: "Calibri-Bold", "ABCDEF+DejaVuSans-Bold", "Arial,Bold",
# "Arial-BoldMT", "Helvetica-Black", "SegoeUI-Semibold".
_BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_SYMBOL_FONT_RE = re.compile(r"wingding|symbol|dingbat|webding", re.I)


@dataclass
class _PdfLine:
    text: str
    x0: float
    text_x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    has_bullet: bool


def _parse_pdf_bytes(data: bytes) -> ParsedProgramme:
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(_NOT_A_PDF)
    pages = _pdf_pages(data)
    if not any(page for page in pages):
        raise DocumentError(
            "PDF-filen har intet tekstlag (den er formentlig scannet). "
            "Kør tekstgenkendelse (OCR) på den, eller brug Word- eller tekstudgaven."
        )
    pages = _strip_page_furniture(pages, lambda line: line.text)
    return _build_programme(_pdf_source_lines(pages), "pdf", indent_tolerance=3.0)



def _pdf_pages(data: bytes) -> list[list[_PdfLine]]:
    import pdfplumber  # imported here so text-only callers do not pay for pdfminer

    pages: list[list[_PdfLine]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise DocumentError("PDF-filen er beskadiget; den har ingen sider.")
            for page in pdf.pages:
                # Word gaps scale with the type: 0.2 em sits between kerning (< 0.1 em) and
                # a space (about 0.3 em) in text fonts, where a fixed 3 pt glues small words.
                lines = page.extract_text_lines(return_chars=True, x_tolerance_ratio=0.2)
                pages.append(_fold_lone_bullets([_pdf_line(raw) for raw in lines]))
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise DocumentError("PDF-filen er krypteret eller beskyttet med adgangskode.") from None
        raise DocumentError("PDF-filen kan ikke læses; den er beskadiget.") from None
    return pages


def _pdf_line(raw: dict[str, Any]) -> _PdfLine | None:
    chars: list[dict[str, Any]] = raw.get("chars", [])
    text = _clean(raw.get("text", ""))
    # The bullet glyph may come out as "➢", a private-use code, "Ø" in Wingdings or a
    # "(cid:…)" placeholder - or be missing; note it if present, never rely on it.
    bullets = 0
    while bullets < len(chars) and _is_bullet_char(chars[bullets]):
        bullets += 1
    for char in chars[:bullets]:
        text = text.lstrip().removeprefix(_clean(char.get("text", "")))
    text = _collapse(text)
    content = [c for c in chars[bullets:] if c.get("text", "").strip()]
    if not text or not content:
        if not bullets:
            return None
        # A glyph set on its own baseline comes out as a line by itself.
        x0 = float(raw["x0"])
        return _PdfLine("", x0, x0, x0, float(raw["top"]), float(raw["bottom"]), 0.0, False, True)
    bold_count = sum(1 for c in content if _BOLD_FONT_RE.search(str(c.get("fontname", ""))))
    return _PdfLine(
        text=text,
        x0=float(raw["x0"]),
        text_x0=float(content[0]["x0"]),
        x1=float(raw["x1"]),
        top=float(raw["top"]),
        bottom=float(raw["bottom"]),
        size=statistics.median(float(c.get("size", 0.0)) for c in content),
        bold=bold_count * 2 > len(content),
        has_bullet=bullets > 0,
    )


def _fold_lone_bullets(lines: list[_PdfLine | None]) -> list[_PdfLine]:
    """Give a bullet that came out as a line of its own to the line it belongs to."""
    result: list[_PdfLine] = []
    pending: _PdfLine | None = None
    for line in lines:
        if line is None:
            continue
        if not line.text:
            pending = line
            continue
        if pending is not None:
            line.has_bullet, line.x0 = True, min(line.x0, pending.x0)
            pending = None
        result.append(line)
    return result


def _is_bullet_char(char: dict[str, Any]) -> bool:
    text = str(char.get("text", ""))
    if text.startswith("(cid:") or text in _GLYPH_BULLETS:
        return True
    if len(text) == 1 and _PRIVATE_USE[0] <= text <= _PRIVATE_USE[1]:
        return True
    return bool(text.strip()) and bool(_SYMBOL_FONT_RE.search(str(char.get("fontname", ""))))


def _pdf_source_lines(pages: list[list[_PdfLine]]) -> list[SourceLine]:
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        return []
    body_size = statistics.median(line.size for line in all_lines)
    left = min(line.x0 for line in all_lines)
    right = _percentile([line.x1 for line in all_lines], 0.9)
    width = max(right - left, 1.0)
    steps = [
        b.top - a.top
        for page in pages
        for a, b in zip(page, page[1:], strict=False)
        if abs(a.size - b.size) < 0.5 and b.top > a.top
    ]
    # The usual distance from one line to the next; paragraphs are set further apart.
    leading = _percentile(steps, 0.25) if steps else body_size * 1.2

    result: list[SourceLine] = []
    previous: _PdfLine | None = None
    for page_index, page in enumerate(pages):
        for line_index, line in enumerate(page):
            heading = line.size >= body_size * 1.15
            if previous is None:
                new_paragraph = False
            elif line_index == 0 and page_index > 0:
                short = previous.x1 < left + 0.85 * width
                new_paragraph = _seam_breaks_paragraph(previous.text, short, line.text)
            else:
                new_paragraph = (
                    line.top - previous.top > leading * 1.3
                    or abs(line.size - previous.size) >= 0.5
                )
            result.append(
                SourceLine(
                    text=line.text,
                    marker="" if line.has_bullet else None,
                    bold=line.bold,
                    heading=heading,
                    indent=line.x0 - left,
                    text_indent=line.text_x0 - left,
                    new_paragraph=new_paragraph,
                )
            )
            previous = line
    return result


# --------------------------------------------------------------------------------------------
# Word (.docx).

# Built-in list styles in English (as stored) and in Danish Word's own names.  "List
# Continue" and plain "List" are indented paragraphs without a bullet, so they are not here.
_LIST_STYLE_RE = re.compile(
    r"^(list paragraph|list bullet|list number|listeafsnit|opstilling med (punkttegn|tal))",
    re.I,
)
_HEADING_STYLE_RE = re.compile(r"^(title|titel|heading|overskrift)", re.I)


def _parse_docx_bytes(data: bytes) -> ParsedProgramme:
    import docx  # imported here so text-only callers do not load lxml documents

    if data[:4] != b"PK\x03\x04":
        raise DocumentError("Word-filen er beskadiget eller ikke en .docx-fil.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentError("Filen er et zip-arkiv, men ikke et Word-dokument (.docx).")
        document = docx.Document(io.BytesIO(data))
        paragraphs = _docx_paragraphs(document)
        lines = [line for paragraph in paragraphs for line in _docx_lines(paragraph)]
    except DocumentError:
        raise
    except Exception:  # zipfile, lxml and python-docx each raise their own types
        raise DocumentError("Word-filen kan ikke læses; den er beskadiget.") from None
    return _build_programme(lines, "docx", indent_tolerance=0.5)


def _docx_paragraphs(document: Any) -> Iterable[Any]:
    """Every paragraph of the main text in reading order, table cells included.

    `document.paragraphs` would skip tables; text boxes are skipped here on purpose, since
    Word stores each twice (drawing and VML fallback) and they hold captions, not the text.
    """
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for element in document.element.body.iter(qn("w:p")):
        if not element.xpath("ancestor::w:txbxContent"):
            yield Paragraph(element, document)


def _docx_lines(paragraph: Any) -> list[SourceLine]:
    from docx.text.run import Run

    # All runs, also those inside hyperlinks, fields, content controls and tracked
    # insertions (paragraph.runs sees only direct children).  Deleted text is w:delText,
    # which Run.text leaves out.
    segments: list[tuple[str, bool]] = []
    for element in paragraph._p.xpath(".//w:r[not(ancestor::w:txbxContent)]"):
        run = Run(element, paragraph)
        segments.append((_clean(run.text), _docx_run_bold(run, paragraph.style)))
    text = _collapse("".join(part for part, _ in segments))
    if not text:
        return []
    style_names = [name.lower() for name in _style_chain_names(paragraph.style)]
    heading = any(_HEADING_STYLE_RE.match(name) for name in style_names)
    level = _docx_list_level(paragraph)

    marker: str | None = None
    number: int | None = None
    typed = _TEXT_BULLET_RE.match(text)
    if level is not None:
        marker = ""
        if typed and (typed.group("glyph") or typed.group("wingding")):
            text = typed.group("text") or ""  # a bullet typed by hand in a list paragraph
    elif typed:
        marker = typed.group("glyph") or typed.group("wingding") or typed.group("dash")
        if typed.group("num"):
            number = int(typed.group("num"))
            marker = typed.group("num") + typed.group("sep")
        text = typed.group("text") or ""

    base = SourceLine(
        text=text,
        marker=marker,
        number=number,
        heading=heading and marker is None,
        indent=float(level or 0),
        text_indent=float(level or 0),
        new_paragraph=True,
    )
    split = _bold_lead(segments) if marker is not None else None
    if split is not None:
        # "**Headline** body…" in one bulleted paragraph: the weight change ends the headline.
        head, tail = split
        typed_head = _TEXT_BULLET_RE.match(head)
        return [
            replace(base, text=(typed_head.group("text") or "") if typed_head else head, bold=True),
            SourceLine(text=tail, bold=False, new_paragraph=True),
        ]
    # Bold if most of its visible characters are: one regular space or comma between two
    # bold runs does not make a headline regular.
    bold_chars = sum(len("".join(part.split())) for part, bold in segments if bold)
    total_chars = sum(len("".join(part.split())) for part, _ in segments)
    return [replace(base, bold=bold_chars * 2 > total_chars)]


def _bold_lead(segments: list[tuple[str, bool]]) -> tuple[str, str] | None:
    """Split a paragraph that starts bold and goes on in regular weight, if it does."""
    visible = [i for i, (part, _) in enumerate(segments) if part.strip()]
    if not visible or not segments[visible[0]][1]:
        return None
    cut = next((i for i in visible if not segments[i][1]), None)
    if cut is None:
        return None
    head = _collapse("".join(part for part, _ in segments[:cut]))
    tail = _collapse("".join(part for part, _ in segments[cut:]))
    regular = sum(len("".join(part.split())) for part, bold in segments[cut:] if not bold)
    # A regular word or two after a bold paragraph is not a body; nor is a tail that is
    # mostly bold (the headline merely has a regular word in it).
    if len(tail.split()) < 3 or regular * 3 < len("".join(tail.split())) * 2:
        return None
    return head, tail


def _style_chain(style: Any) -> Iterable[Any]:
    seen = 0
    while style is not None and seen < 20:  # base_style cycles exist in damaged files
        yield style
        style = style.base_style
        seen += 1


def _style_chain_names(style: Any) -> list[str]:
    return [s.name for s in _style_chain(style) if s.name]


def _docx_run_bold(run: Any, paragraph_style: Any) -> bool:
    """Bold as Word shows it: the run's own setting, else its character style, else the
    paragraph style (a headline style may carry the bold itself)."""
    if run.bold is not None:
        return bool(run.bold)
    for style in [*_style_chain(run.style), *_style_chain(paragraph_style)]:
        if style.font.bold is not None:
            return bool(style.font.bold)
    return False


def _docx_list_level(paragraph: Any) -> int | None:
    """The list level of a bulleted/numbered paragraph, or None if it is not in a list."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is not None:
        if num_pr.numId is not None and num_pr.numId.val == 0:
            return None  # numbering explicitly removed from a list-styled paragraph
        return int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    for style in _style_chain(paragraph.style):
        style_p_pr = style.element.pPr
        if style_p_pr is not None and style_p_pr.numPr is not None:
            return 0
        if style.name and _LIST_STYLE_RE.match(style.name):
            return 0
    return None
