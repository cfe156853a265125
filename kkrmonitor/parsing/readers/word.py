"""Word (.docx): the paragraphs of the main text with their runs' weight, style and list level.

A .docx file is a zip archive, and a zip archive can be built to unpack to gigabytes from a
few kilobytes (a "zip bomb").  `check_archive` measures the archive against fixed limits
before python-docx unpacks anything, first by what its directory declares and then by
unpacking each part through a bounded stream, since the declared sizes can lie.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kkrmonitor.parsing.readers.common import DocumentError, clean, collapse

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_PARAGRAPHS",
    "MAX_PART_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_XML_PART_BYTES",
    "MAX_ZIP_ENTRIES",
    "DocxParagraph",
    "check_archive",
    "docx_paragraphs",
]

# Limits for the unpacked archive.  A council's Word file has a few dozen parts and unpacks
# to a few megabytes (pictures included); these leave room for large documents with many
# pictures and stop a zip bomb long before it costs minutes or gigabytes.
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts together
MAX_PART_BYTES = 50 * 1024 * 1024  # any one part, e.g. a picture
# XML is parsed into a tree of Python-visible nodes, ten or more times its size in memory;
# a 300-page document's word/document.xml is a few megabytes.
MAX_XML_PART_BYTES = 16 * 1024 * 1024
# Walking a paragraph costs python-docx about a tenth of a millisecond; a few hundred pages
# hold a few thousand paragraphs, and a million empty ones (6 bytes each) would take minutes.
MAX_PARAGRAPHS = 20_000
# Word's XML packs 5-20 times; a part that unpacks to more than this many times its packed
# size (and to more than RATIO_FLOOR, so tiny parts with a high ratio are fine) is a bomb.
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR = 1024 * 1024
_CHUNK = 64 * 1024
_WORD_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}

# Built-in list styles in English (as stored) and in Danish Word's own names.  "List
# Continue" and plain "List" are indented paragraphs without a bullet, so they are not here.
_LIST_STYLE_RE = re.compile(
    r"^(list paragraph|list bullet|list number|listeafsnit|opstilling med (punkttegn|tal))",
    re.I,
)
_HEADING_STYLE_RE = re.compile(r"^(title|titel|heading|overskrift)", re.I)


@dataclass(frozen=True)
class DocxParagraph:
    text: str  # all runs joined, spaces collapsed; never empty
    segments: tuple[tuple[str, bool], ...]  # each run's text and whether Word shows it bold
    heading: bool  # styled as a title or heading
    list_level: int | None  # level in a bulleted/numbered list, None outside lists


def docx_paragraphs(data: bytes) -> list[DocxParagraph]:
    """Every non-empty paragraph of the main text in reading order, table cells included."""
    import docx  # python-docx; imported here so text-only callers do not load lxml documents

    if data[:4] != b"PK\x03\x04":
        raise DocumentError("Word-filen er beskadiget eller ikke en .docx-fil.")
    try:
        check_archive(data)
        document = docx.Document(io.BytesIO(data))
        _check_paragraph_count(document)
        return [
            paragraph
            for element in _paragraph_elements(document)
            if (paragraph := _paragraph(element)) is not None
        ]
    except DocumentError:
        raise
    except Exception:  # zipfile, lxml and python-docx each raise their own types
        raise DocumentError("Word-filen kan ikke læses; den er beskadiget.") from None


def check_archive(data: bytes) -> None:
    """Refuse a Word file whose archive is a zip bomb or not a Word document at all.

    Raises DocumentError naming the limit that was exceeded; zipfile's own errors (a damaged
    archive) pass through for the caller to report.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise DocumentError(
                f"Word-filen indeholder {len(infos)} dele; højst {MAX_ZIP_ENTRIES} er tilladt. "
                "Filen er formentlig en zip-bombe."
            )
        if "word/document.xml" not in archive.namelist():
            raise DocumentError("Filen er et zip-arkiv, men ikke et Word-dokument (.docx).")
        declared = 0
        for info in infos:
            if info.compress_type not in _WORD_METHODS:
                raise DocumentError(
                    f"Word-filens del »{info.filename}« er pakket på en måde, Word ikke bruger."
                )
            _check_part_size(info.filename, info.file_size)
            if (
                info.file_size > RATIO_FLOOR
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise DocumentError(
                    f"Word-filens del »{info.filename}« pakkes ud til {ratio} gange sin "
                    f"pakkede størrelse (højst {MAX_COMPRESSION_RATIO} er tilladt). "
                    "Filen er formentlig en zip-bombe."
                )
            declared += info.file_size
        _check_total(declared)
        # The directory's sizes are only claims: unpack each part through a bounded stream
        # and stop as soon as a limit is passed, so a lie costs at most the limit.
        unpacked = 0
        for info in infos:
            part = 0
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    part += len(chunk)
                    unpacked += len(chunk)
                    _check_part_size(info.filename, part)
                    _check_total(unpacked)


def _check_part_size(name: str, size: int) -> None:
    limit = MAX_XML_PART_BYTES if name.endswith((".xml", ".rels")) else MAX_PART_BYTES
    if size > limit:
        raise DocumentError(
            f"Word-filens del »{name}« fylder mere end {limit // (1024 * 1024)} MB "
            "udpakket. Filen er formentlig en zip-bombe."
        )


def _check_paragraph_count(document: Any) -> None:
    from docx.oxml.ns import qn

    count = sum(1 for _ in document.element.body.iter(qn("w:p")))
    if count > MAX_PARAGRAPHS:
        raise DocumentError(
            f"Word-filen har {count:,} afsnit; højst {MAX_PARAGRAPHS:,} læses.".replace(",", ".")
        )


def _check_total(size: int) -> None:
    if size > MAX_UNPACKED_BYTES:
        raise DocumentError(
            f"Word-filen fylder mere end {MAX_UNPACKED_BYTES // (1024 * 1024)} MB udpakket. "
            "Filen er formentlig en zip-bombe."
        )


def _paragraph_elements(document: Any) -> Iterable[Any]:
    """Every paragraph of the main text in reading order, table cells included.

    `document.paragraphs` would skip tables; text boxes are skipped here on purpose, since
    Word stores each twice (drawing and VML fallback) and they hold captions, not the text.
    """
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for element in document.element.body.iter(qn("w:p")):
        if not element.xpath("ancestor::w:txbxContent"):
            yield Paragraph(element, document)


def _paragraph(paragraph: Any) -> DocxParagraph | None:
    from docx.text.run import Run

    # All runs, also those inside hyperlinks, fields, content controls and tracked
    # insertions (paragraph.runs sees only direct children).  Deleted text is w:delText,
    # which Run.text leaves out.
    segments: list[tuple[str, bool]] = []
    for element in paragraph._p.xpath(".//w:r[not(ancestor::w:txbxContent)]"):
        run = Run(element, paragraph)
        segments.append((clean(run.text), _run_bold(run, paragraph.style)))
    text = collapse("".join(part for part, _ in segments))
    if not text:
        return None
    style_names = [s.name for s in _style_chain(paragraph.style) if s.name]
    return DocxParagraph(
        text=text,
        segments=tuple(segments),
        heading=any(_HEADING_STYLE_RE.match(name) for name in style_names),
        list_level=_list_level(paragraph),
    )


def _style_chain(style: Any) -> Iterable[Any]:
    seen = 0
    while style is not None and seen < 20:  # base_style cycles exist in damaged files
        yield style
        style = style.base_style
        seen += 1


def _run_bold(run: Any, paragraph_style: Any) -> bool:
    """Bold as Word shows it: the run's own setting, else its character style, else the
    paragraph style (a headline style may carry the bold itself)."""
    if run.bold is not None:
        return bool(run.bold)
    for style in [*_style_chain(run.style), *_style_chain(paragraph_style)]:
        if style.font.bold is not None:
            return bool(style.font.bold)
    return False


def _list_level(paragraph: Any) -> int | None:
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
