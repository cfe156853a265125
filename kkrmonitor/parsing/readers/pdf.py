"""PDF with a text layer: pages of lines with their position, type size and weight.

Each line says where it starts and ends on the page, how large and how bold its type is,
and whether it began with a bullet glyph (which is taken off the text).  What the lines
mean is left to the caller.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from typing import Any

from kkrmonitor.parsing.readers.common import (
    GLYPH_BULLETS,
    NOT_A_PDF,
    PRIVATE_USE,
    DocumentError,
    clean,
    collapse,
)

__all__ = ["MAX_PDF_PAGES", "PdfLine", "pdf_pages"]

# Reading a page takes pdfminer some tens of milliseconds; a council's documents, annexes
# included, stay far below this, and a larger file would keep the command busy for minutes.
MAX_PDF_PAGES = 500

# Font names of bold faces: "Calibri-Bold", "ABCDEF+DejaVuSans-Bold", "Arial,Bold",
# "Arial-BoldMT", "Helvetica-Black", "SegoeUI-Semibold".
BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_SYMBOL_FONT_RE = re.compile(r"wingding|symbol|dingbat|webding", re.I)


@dataclass
class PdfLine:
    text: str  # without a leading bullet glyph, spaces collapsed
    x0: float  # where the line starts, bullet included (points from the page's left edge)
    text_x0: float  # where its text starts
    x1: float
    top: float
    bottom: float
    size: float  # median type size of its characters
    bold: bool  # most of its characters are set in a bold face
    has_bullet: bool
    page: int = 1  # 1-based


def pdf_pages(data: bytes, max_pages: int | None = None) -> list[list[PdfLine]]:
    """The lines of every page, top to bottom; an empty list for a page without text.

    Refuses a PDF of more than `max_pages` pages (default MAX_PDF_PAGES) before reading any.
    """
    max_pages = MAX_PDF_PAGES if max_pages is None else max_pages
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(NOT_A_PDF)
    import pdfplumber  # imported here so text-only callers do not pay for pdfminer

    pages: list[list[PdfLine]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise DocumentError("PDF-filen er beskadiget; den har ingen sider.")
            if len(pdf.pages) > max_pages:
                raise DocumentError(
                    f"PDF-filen har for mange sider ({len(pdf.pages)}); "
                    f"der læses højst {max_pages}."
                )
            for number, page in enumerate(pdf.pages, start=1):
                # Word gaps scale with the type: 0.2 em sits between kerning (< 0.1 em) and
                # a space (about 0.3 em) in text fonts, where a fixed 3 pt glues small words.
                lines = page.extract_text_lines(return_chars=True, x_tolerance_ratio=0.2)
                pages.append(_fold_lone_bullets([_pdf_line(raw, number) for raw in lines]))
    except DocumentError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise DocumentError("PDF-filen er krypteret eller beskyttet med adgangskode.") from None
        raise DocumentError("PDF-filen kan ikke læses; den er beskadiget.") from None
    if not any(page for page in pages):
        raise DocumentError(
            "PDF-filen har intet tekstlag (den er formentlig scannet). "
            "Kør tekstgenkendelse (OCR) på den, eller brug Word- eller tekstudgaven."
        )
    return pages


def _pdf_line(raw: dict[str, Any], page: int) -> PdfLine | None:
    chars: list[dict[str, Any]] = raw.get("chars", [])
    text = clean(raw.get("text", ""))
    # The bullet glyph may come out as "➢", a private-use code, "Ø" in Wingdings or a
    # "(cid:…)" placeholder - or be missing; note it if present, never rely on it.
    bullets = 0
    while bullets < len(chars) and is_bullet_char(chars[bullets]):
        bullets += 1
    for char in chars[:bullets]:
        text = text.lstrip().removeprefix(clean(char.get("text", "")))
    text = collapse(text)
    content = [c for c in chars[bullets:] if c.get("text", "").strip()]
    if not text or not content:
        if not bullets:
            return None
        # A glyph set on its own baseline comes out as a line by itself.
        x0 = float(raw["x0"])
        return PdfLine(
            "", x0, x0, x0, float(raw["top"]), float(raw["bottom"]), 0.0, False, True, page
        )
    bold_count = sum(1 for c in content if BOLD_FONT_RE.search(str(c.get("fontname", ""))))
    return PdfLine(
        text=text,
        x0=float(raw["x0"]),
        text_x0=float(content[0]["x0"]),
        x1=float(raw["x1"]),
        top=float(raw["top"]),
        bottom=float(raw["bottom"]),
        size=statistics.median(float(c.get("size", 0.0)) for c in content),
        bold=bold_count * 2 > len(content),
        has_bullet=bullets > 0,
        page=page,
    )


def _fold_lone_bullets(lines: list[PdfLine | None]) -> list[PdfLine]:
    """Give a bullet that came out as a line of its own to the line it belongs to."""
    result: list[PdfLine] = []
    pending: PdfLine | None = None
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


def is_bullet_char(char: dict[str, Any]) -> bool:
    text = str(char.get("text", ""))
    if text.startswith("(cid:") or text in GLYPH_BULLETS:
        return True
    if len(text) == 1 and PRIVATE_USE[0] <= text <= PRIVATE_USE[1]:
        return True
    return bool(text.strip()) and bool(_SYMBOL_FONT_RE.search(str(char.get("fontname", ""))))
