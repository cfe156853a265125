"""What every document reader shares: the error type, reading the file, telling the formats
apart, and the text clean-up and page-furniture rules that hold for any document.

Nothing here knows about programmes or recommendations; the readers return pages of lines,
and what those lines mean is decided by the caller (`kkrmonitor.parsing.programme_document`
for a work programme).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, TypeVar

__all__ = [
    "MAX_FILE_BYTES",
    "NOT_A_PDF",
    "DocumentError",
    "SourceFormat",
    "clean",
    "collapse",
    "decode_text",
    "percentile",
    "read_bytes",
    "sniff",
    "strip_page_furniture",
]

SourceFormat = Literal["txt", "pdf", "docx"]

# A council document is a few megabytes even with pictures; anything far larger is a mistake
# (or an attack) and is refused before it is read into memory.
MAX_FILE_BYTES = 100 * 1024 * 1024


class DocumentError(Exception):
    """A document that cannot be read.

    The message is one or two Danish sentences naming the problem; the CLI prefixes the file
    name.  `line` is the 1-based line in the text where that is meaningful.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# Bullet glyphs seen in council documents and in text copied out of them.  The private-use
# range is where Word's Wingdings/Symbol bullets land when a PDF has no proper Unicode map.
GLYPH_BULLETS = "➢➤►▶▸•‣▪▫■□●○◦◆◇❖✓✔➔→⇒"
PRIVATE_USE = ("\ue000", "\uf8ff")

_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u202f": " ", "\u2007": " ",
     "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""}
)

# A line holding nothing but a page number: "2", "- 2 -", "Side 2 af 3", "2/3".  At most three
# digits so a year alone on a line ("2026", a wrapped headline end) is never taken for one.
PAGE_NUMBER_RE = re.compile(
    r"^(?:side|page|s\.)?\s*[-–—]?\s*\d{1,3}\s*[-–—]?\s*(?:(?:af|of|/)\s*\d{1,3})?$", re.I
)

NOT_A_PDF = "PDF-filen er beskadiget eller ikke en PDF (den starter ikke med %PDF)."


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes; refuses a missing, unreadable, empty or too large (MAX_FILE_BYTES) file."""
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                f"Filen er for stor ({_megabytes(size)}); der læses højst "
                f"{_megabytes(max_bytes)}."
            )
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


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def sniff(data: bytes, suffix: str) -> SourceFormat:
    """The format of `data`; the content wins over the name (a PDF saved as .txt is a PDF)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if suffix == ".pdf":
        raise DocumentError(NOT_A_PDF)
    if suffix == ".docx":
        raise DocumentError("Word-filen er beskadiget eller ikke en .docx-fil.")
    if suffix == ".doc":
        raise DocumentError("Gamle Word-filer (.doc) understøttes ikke; gem filen som .docx.")
    if suffix in {".txt", ".text"}:
        return "txt"
    shown = f"»{suffix}«" if suffix else "uden filendelse"
    raise DocumentError(f"Filtypen {shown} understøttes ikke; brug .txt, .pdf eller .docx.")


def decode_text(data: bytes) -> str:
    # Only UTF-8: guessing cp1252/latin-1 silently would turn "ø" into garbage in the
    # text that the public reads, so the user re-saves the file instead.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            f"Filen er ikke UTF-8-kodet (første ugyldige tegn i linje {line}). "
            "Gem den som UTF-8 og prøv igen.",
            line=line,
        ) from None


def clean(text: str) -> str:
    """Ligatures spelt out, odd spaces made plain, soft hyphens and zero-width marks dropped."""
    return text.translate(_LIGATURES).replace("\u00ad", "")


def collapse(text: str) -> str:
    return " ".join(text.split())


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))])


_T = TypeVar("_T")


def strip_page_furniture(pages: list[list[_T]], text_of: Callable[[_T], str]) -> list[list[_T]]:
    """Drop running headers/footers and page numbers.

    A header or footer is a line among the first or last two of a page that recurs (digits
    aside, so "Side 1 af 3" and "Side 2 af 3" match) on at least half the pages, and on two
    or more.  A lone page number is dropped anywhere.
    """

    def key(item: _T) -> str:
        return re.sub(r"\d+", "#", collapse(text_of(item)).lower())

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
                and not PAGE_NUMBER_RE.match(collapse(text_of(item)))
            ]
        )
    return result
