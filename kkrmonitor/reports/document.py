"""A small document model that the Word renderer, the PDF renderer and the web page all read.

Pure Python, no Django: a report builds a `Document` of blocks, and each renderer walks the
blocks in order. Text in the blocks is final, readable Danish; the renderers add only layout."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section, 2: a subsection


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False  # "Ingen." and other empty-state lines


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    empty: str = ""  # shown (muted) instead of an empty list


@dataclass(frozen=True)
class Table:
    headings: list[str]
    rows: list[list[str]]
    widths: list[float]  # millimetres on A4, summing to the text width (166 mm)


Block = Heading | Paragraph | Bullets | Table


@dataclass
class Document:
    title: str
    subtitle: str
    header: str  # the running header's left text: council and period
    intro: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def headings(self, level: int | None = None) -> list[str]:
        return [b.text for b in self.blocks
                if isinstance(b, Heading) and (level is None or b.level == level)]

    def kind(self, block: Block) -> str:
        """The block's kind for the templates: "heading", "paragraph", "bullets", "table"."""
        return type(block).__name__.lower()

    def template_blocks(self) -> list[dict[str, object]]:
        """The blocks as dicts with their kind, for Django templates (which cannot ask a type)."""
        return [{"kind": self.kind(b), "block": b} for b in self.blocks]
