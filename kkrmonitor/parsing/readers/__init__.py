"""Document readers: plain text, PDF and Word, each returning pages of lines (or, for Word,
paragraphs) with what the format knows about them, and nothing about what the document means.

`read_document` reads a file and tells which format it is; the per-format functions take the
bytes.  The programme importer (`kkrmonitor.parsing.programme_document`) builds on these, and
so can any other importer of council documents.
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
from kkrmonitor.parsing.readers.docx import DocxParagraph, docx_paragraphs
from kkrmonitor.parsing.readers.pdf import PdfLine, pdf_pages
from kkrmonitor.parsing.readers.text import TextLine, text_pages

__all__ = [
    "DocumentError",
    "DocxParagraph",
    "PdfLine",
    "RawDocument",
    "SourceFormat",
    "TextLine",
    "decode_text",
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
