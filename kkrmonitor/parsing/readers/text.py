"""Plain text: pages (split at form feeds) of numbered lines, as typed or copied out of a PDF."""

from __future__ import annotations

from dataclasses import dataclass

from kkrmonitor.parsing.readers.common import clean

__all__ = ["TextLine", "text_pages"]


@dataclass(frozen=True)
class TextLine:
    lineno: int  # 1-based line in the file; 0 for a synthetic line
    text: str  # cleaned, tabs expanded, trailing space removed, leading space kept
    page: int = 1  # 1-based page (form feeds start a new one)


def text_pages(text: str) -> list[list[TextLine]]:
    """The lines of `text` by page.  A form feed inside a line ends the page there."""
    text = clean(text.removeprefix("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    pages: list[list[TextLine]] = [[]]
    for lineno, line in enumerate(text.split("\n"), start=1):
        for index, part in enumerate(line.split("\f")):
            if index:
                pages.append([])
            pages[-1].append(TextLine(lineno, part.expandtabs(4).rstrip(), len(pages)))
    return pages
