"""Document readers: plain text, PDF and Word, each returning pages of lines (or, for Word,
paragraphs) with what the format knows about them, and nothing about what the document means.

`read_document` reads a file and tells which format it is; `document_lines` gives any format's
text as lines with their page numbers, for an importer that needs only the words.  The
per-format functions take the bytes and keep what the format knows (position, type size,
weight, list level); the programme importer (`kkrmonitor.parsing.programme_document`) uses
those.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kkrmonitor.parsing.readers.common import (
    DocumentError,
    SourceFormat,
    decode_text,
    read_bytes,
    sniff,
    strip_page_furniture,
)
from kkrmonitor.parsing.readers.pdf import PdfLine, pdf_pages
from kkrmonitor.parsing.readers.text import TextLine, text_pages
from kkrmonitor.parsing.readers.word import DocxParagraph, docx_paragraphs

__all__ = [
    "DocumentError",
    "DocxParagraph",
    "Line",
    "PdfLine",
    "RawDocument",
    "SourceFormat",
    "TextLine",
    "decode_text",
    "document_lines",
    "docx_paragraphs",
    "pdf_pages",
    "read_document",
    "strip_page_furniture",
    "text_pages",
]


@dataclass(frozen=True)
class RawDocument:
    """A file's bytes and the format its content shows it to be."""

    data: bytes
    format: SourceFormat


def read_document(path: str | Path) -> RawDocument:
    """Read a .txt, .pdf or .docx file; the content decides when it contradicts the name."""
    path = Path(path)
    data = read_bytes(path)
    return RawDocument(data, sniff(data, path.suffix.lower()))


@dataclass(frozen=True)
class Line:
    """A line of text (a paragraph, in Word) and the page it is on."""

    page: int | None  # 1-based; None for Word, whose pages are decided only when it lays out
    text: str


def document_lines(document: RawDocument) -> list[Line]:
    """The document's non-blank lines in reading order, whatever its format.

    Running headers, footers and page numbers are left in: whether a line is furniture is the
    caller's decision (`strip_page_furniture` makes the usual one).
    """
    if document.format == "pdf":
        pages: list[list[PdfLine]] = pdf_pages(document.data)
        return [Line(line.page, line.text) for page in pages for line in page]
    if document.format == "docx":
        return [Line(None, paragraph.text) for paragraph in docx_paragraphs(document.data)]
    return [
        Line(line.page, line.text.strip())
        for page in text_pages(decode_text(document.data))
        for line in page
        if line.text.strip()
    ]
