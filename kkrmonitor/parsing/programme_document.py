"""Read a council's own recommendations document into a `ParsedProgramme`.

The council publishes its recommendations as a PDF (and the secretariat keeps a Word file
and, via copy-paste, plain text).  All three look the same to a reader: a title, a few
introductory paragraphs, then one bulleted headline per recommendation followed by a body
paragraph or two.

The readers in `kkrmonitor.parsing.readers` get the lines out of each format; the functions
below turn them into a flat list of `SourceLine`s that carry what the format knows (text,
bullet marker, bold weight, indentation, paragraph starts).  One shared function,
`programme_structure.build_programme`, turns those lines into the programme, so the decisions
about where a headline ends and a body begins are made in one place and the formats cannot
drift apart.

Pure Python: no Django import, so the CLI, the importer and the tests can all call it.
"""

from __future__ import annotations

import statistics
from dataclasses import replace
from pathlib import Path

from kkrmonitor.parsing.programme_structure import (
    TEXT_BULLET_RE,
    ParsedProgramme,
    ParsedRecommendation,
    SourceLine,
    build_programme,
    seam_breaks_paragraph,
)
from kkrmonitor.parsing.readers import (
    DocumentError,
    DocxParagraph,
    PdfLine,
    TextLine,
    decode_text,
    docx_paragraphs,
    pdf_pages,
    read_document,
    strip_page_furniture,
    text_pages,
)
from kkrmonitor.parsing.readers.common import collapse, percentile, read_bytes

__all__ = [
    "DocumentError",
    "ParsedProgramme",
    "ParsedRecommendation",
    "parse_programme_docx",
    "parse_programme_pdf",
    "parse_programme_text",
    "read_programme",
]


# --------------------------------------------------------------------------------------------
# Public entry points.


def read_programme(path: str | Path) -> ParsedProgramme:
    """Read a .txt, .pdf or .docx programme; the content decides when it contradicts the name."""
    document = read_document(path)
    if document.format == "pdf":
        return _parse_pdf_bytes(document.data)
    if document.format == "docx":
        return _parse_docx_bytes(document.data)
    return parse_programme_text(decode_text(document.data))


def parse_programme_text(text: str) -> ParsedProgramme:
    """Parse the plain text of a programme (as copied out of the PDF, or typed)."""
    if not text.removeprefix("\ufeff").strip():
        raise DocumentError("Filen er tom.")
    return build_programme(_text_lines(text), "txt", indent_tolerance=0.5)


def parse_programme_pdf(path: str | Path) -> ParsedProgramme:
    """Parse a PDF with a text layer, using the typography: headlines are the bold lines."""
    return _parse_pdf_bytes(read_bytes(Path(path)))


def parse_programme_docx(path: str | Path) -> ParsedProgramme:
    """Parse a Word file: headlines are bulleted (and usually bold) paragraphs."""
    return _parse_docx_bytes(read_bytes(Path(path)))


# --------------------------------------------------------------------------------------------
# Plain text.

_SEAM = TextLine(0, "\f", 0)  # where a page break or dropped page number was


def _text_lines(text: str) -> list[SourceLine]:
    pages = text_pages(text)
    kept_pages = strip_page_furniture(pages, lambda raw: raw.text)

    # Re-flow into one sequence with a seam wherever a page ended or furniture was dropped;
    # blank lines touching a seam belong to the page layout, not to the text.
    stream: list[TextLine] = []
    for original, kept in zip(pages, kept_pages, strict=True):
        if stream:
            stream.append(_SEAM)
        kept_ids = {id(raw) for raw in kept}
        for raw in original:
            stream.append(raw if id(raw) in kept_ids else _SEAM)

    content_lengths = [len(raw.text.strip()) for raw in stream if raw is not _SEAM and raw.text]
    typical = percentile(content_lengths, 0.9) if content_lengths else 0.0

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
            new_paragraph = seam_breaks_paragraph(previous, short, raw.text.strip())
        else:
            new_paragraph = blank
        result.append(_text_source_line(raw, new_paragraph))
        previous = raw.text.strip()
        blank = seam = False
    return result


def _text_source_line(raw: TextLine, new_paragraph: bool) -> SourceLine:
    indent = len(raw.text) - len(raw.text.lstrip(" "))
    match = TEXT_BULLET_RE.match(raw.text)
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


# --------------------------------------------------------------------------------------------
# PDF.


def _parse_pdf_bytes(data: bytes) -> ParsedProgramme:
    pages = strip_page_furniture(pdf_pages(data), lambda line: line.text)
    return build_programme(_pdf_source_lines(pages), "pdf", indent_tolerance=3.0)


def _pdf_source_lines(pages: list[list[PdfLine]]) -> list[SourceLine]:
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        return []
    body_size = statistics.median(line.size for line in all_lines)
    left = min(line.x0 for line in all_lines)
    right = percentile([line.x1 for line in all_lines], 0.9)
    width = max(right - left, 1.0)
    steps = [
        b.top - a.top
        for page in pages
        for a, b in zip(page, page[1:], strict=False)
        if abs(a.size - b.size) < 0.5 and b.top > a.top
    ]
    # The usual distance from one line to the next; paragraphs are set further apart.
    leading = percentile(steps, 0.25) if steps else body_size * 1.2

    result: list[SourceLine] = []
    previous: PdfLine | None = None
    for page_index, page in enumerate(pages):
        for line_index, line in enumerate(page):
            heading = line.size >= body_size * 1.15
            if previous is None:
                new_paragraph = False
            elif line_index == 0 and page_index > 0:
                short = previous.x1 < left + 0.85 * width
                new_paragraph = seam_breaks_paragraph(previous.text, short, line.text)
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


def _parse_docx_bytes(data: bytes) -> ParsedProgramme:
    lines = [line for paragraph in docx_paragraphs(data) for line in _docx_lines(paragraph)]
    return build_programme(lines, "docx", indent_tolerance=0.5)


def _docx_lines(paragraph: DocxParagraph) -> list[SourceLine]:
    text = paragraph.text
    segments = list(paragraph.segments)
    level = paragraph.list_level

    marker: str | None = None
    number: int | None = None
    typed = TEXT_BULLET_RE.match(text)
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
        heading=paragraph.heading and marker is None,
        indent=float(level or 0),
        text_indent=float(level or 0),
        new_paragraph=True,
    )
    split = _bold_lead(segments) if marker is not None else None
    if split is not None:
        # "**Headline** body…" in one bulleted paragraph: the weight change ends the headline.
        head, tail = split
        typed_head = TEXT_BULLET_RE.match(head)
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
    head = collapse("".join(part for part, _ in segments[:cut]))
    tail = collapse("".join(part for part, _ in segments[cut:]))
    regular = sum(len("".join(part.split())) for part, bold in segments[cut:] if not bold)
    # A regular word or two after a bold paragraph is not a body; nor is a tail that is
    # mostly bold (the headline merely has a regular word in it).
    if len(tail.split()) < 3 or regular * 3 < len("".join(tail.split())) * 2:
        return None
    return head, tail
