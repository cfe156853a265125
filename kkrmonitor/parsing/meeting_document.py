"""Find the numbered items of a council's agenda (dagsorden) or minutes (referat).

KL's agendas and minutes for a KKR look alike in PDF, Word and copied text: a cover page (the
council, date, place, KL's mission and vision), a table of contents that repeats every item's
title with dot leaders and a page number (in extracted PDF text the numbers often come out on
lines of their own, apart from the titles), a list of participants in minutes, running
headers ("KKR Hovedstaden | 23-02-2015") and footers ("SIDE 2"), and then the items:
"1. Godkendelse af referat", "3.2. Fælles kommuneplanopslag", each with sections headed
"Sagsfremstilling", "Indstilling" and, in minutes, "Beslutning".

`parse_meeting_lines` turns a document's lines (kkrmonitor.parsing.readers.document_lines) into
the items, with their number as the document writes it ("3.2"), title, page, and the text of
each section. What is skipped and why:
- everything before the first item that has a body (cover, participants, the contents);
- contents lines (a title followed by dot leaders and a page number);
- running headers and footers (the shared `strip_page_furniture` rule);
- a numbered line in a body that does not continue the numbering ("1. Udendørs arbejde …"
  in an indstilling is a list, not item 1 again);
- a heading whose sub-items follow at once ("3. Regionalpolitiske sager" before 3.1): a group
  title, not an item of its own.
A title the contents lists, met in the body without its number (lost in extraction), gets the
number the contents gave it.

Pure Python: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kkrmonitor.parsing.readers import Line, strip_page_furniture
from kkrmonitor.parsing.readers.common import DocumentError, collapse

__all__ = ["DocumentError", "ParsedItem", "parse_meeting_lines"]

# "3.2. Title", "3.2 Title", "12. Title", "Punkt 4: Title"
HEADING_RE = re.compile(
    r"^(?:punkt\s+)?(?P<number>\d{1,3}(?:\.\d{1,2}){0,2})\.?[:)]?\s+(?P<title>[A-ZÆØÅ\"»“„].{1,199})$",
    re.IGNORECASE)
LONE_NUMBER_RE = re.compile(r"^(?:punkt\s+)?(\d{1,2}(?:\.\d{1,2}){0,2})\.?$", re.IGNORECASE)
LEADER_RE = re.compile(r"^(?P<title>.*?\S)\s*(?:\.\s*){4,}\s*\d{0,3}$"
                       r"|^(?P<title2>.*?\S)\s*…{2,}\s*\d{0,3}$")
SECTION_NAMES = {
    "sagsfremstilling": "case", "baggrund": "case", "resume": "case", "resumé": "case",
    "sagsbeskrivelse": "case", "beskrivelse af sagen": "case", "baggrund og vurdering": "case",
    "lovgrundlag": "case", "økonomi": "case", "videre proces": "case",
    "indstilling": "recommendation", "forslag til beslutning": "recommendation",
    "beslutning": "decision", "beslutning i kkr": "decision", "referat": "decision",
}
SECTION_RE = re.compile(
    r"^(?P<name>" + "|".join(sorted((re.escape(n) for n in SECTION_NAMES), key=len,
                                     reverse=True)) + r")\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE)
PAGE_RE = re.compile(r"^(?:side\s+)?\d{1,3}(?:\s*(?:af|/)\s*\d{1,3})?$", re.IGNORECASE)
# A municipal minutes' case number line, and the line that opens an indstilling without a
# heading ("Administrationen indstiller til Udvalget:", "Det indstilles, at …").
CASE_NUMBER_RE = re.compile(r"^(?:sagsnummer|sagsnr\.?|sags-?id|dok\.?\s*nr\.?)\s*:?\s*\S+",
                            re.IGNORECASE)
INDSTILLER_RE = re.compile(r"^(?:det indstilles\b|\S.{0,80}\bindstiller\b)", re.IGNORECASE)
# A sentence is not a title: a title does not end in a comma, colon or semicolon.
NOT_TITLE_END = (",", ";", ":")


@dataclass
class ParsedItem:
    number: str  # as the document writes it, without the trailing full stop: "3.2"
    title: str
    page: int | None  # where its heading is; None in a Word file
    case_text: str = ""
    recommendation_text: str = ""  # indstilling
    decision_text: str = ""  # beslutning, in minutes
    _sections: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.case_text, self.recommendation_text,
                                           self.decision_text) if part)

    @property
    def has_body(self) -> bool:
        return any(self._sections.values())


def _parts(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def _follows(previous: str | None, number: str) -> bool:
    """Does `number` continue the numbering after `previous`? 1 → 2, 3 → 3.1, 3.1 → 3.2,
    3.2 → 4; the first item may be any number up to 3 (a minutes may start at 1 or 0)."""
    new = _parts(number)
    if previous is None:
        # KKR agendas start at 1; a municipality numbers its cases through the year (191, 192).
        return all(p <= 1 for p in new[1:])
    old = _parts(previous)
    for depth in range(len(old)):
        # Next at this depth: same prefix, one more here, and nothing deeper (or a first .1).
        if new[:depth] == old[:depth] and len(new) > depth and new[depth] == old[depth] + 1:
            return all(p == 1 for p in new[depth + 1:])
    # A first sub-item: 3 → 3.1, 3.1 → 3.1.1
    return len(new) == len(old) + 1 and new[:-1] == old and new[-1] == 1


def _contents(lines: list[tuple[int | None, str]]) -> dict[str, str]:
    """Title → number from the table of contents, when its titles and numbers pair up."""
    titles: list[str] = []
    numbers: list[str] = []
    leaders = [i for i, (_page, text) in enumerate(lines) if LEADER_RE.match(text)]
    if not leaders:
        return {}
    for _page, text in lines[:leaders[-1] + 1]:  # the contents end with their last title
        match = LEADER_RE.match(text)
        if match:
            title = match.group("title") or match.group("title2") or ""
            heading = HEADING_RE.match(title)
            if heading:
                numbers.append(heading.group("number"))
                titles.append(collapse(heading.group("title")))
            else:
                titles.append(collapse(title))
            continue
        lone = LONE_NUMBER_RE.match(text)
        if lone:
            numbers.append(lone.group(1))
    if not titles or len(numbers) < len(titles):
        return {}
    # Extracted contents give group numbers too ("3." before 3.1–3.10): keep the leaves, in
    # order, when that makes the counts agree.
    if len(numbers) != len(titles):
        leaves = [n for i, n in enumerate(numbers)
                  if not any(m.startswith(n + ".") for m in numbers[i + 1:])]
        # Otherwise pair them from the end, where the contents are most regular (the numbered
        # items after the group titles).
        numbers = leaves if len(leaves) == len(titles) else numbers[-len(titles):]
    return {title.lower(): number for title, number in zip(titles, numbers, strict=True)}


def _without_furniture(flat: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """Copied text has no page breaks to find headers by: a short line that recurs three times
    or more (digits aside, so "Side 2 af 4" and "Side 3 af 4" match) is furniture, and so is a
    lone page number."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.lower())

    counts: dict[str, int] = {}
    for _page, text in flat:
        counts[key(text)] = counts.get(key(text), 0) + 1
    return [(page, text) for page, text in flat
            if not (len(text) <= 80 and counts[key(text)] >= 3 and not SECTION_RE.match(text)
                    and not HEADING_RE.match(text) and not LONE_NUMBER_RE.match(text))
            and not PAGE_RE.match(text)]


def _heading(text: str, contents: dict[str, str]) -> tuple[str, str] | None:
    match = HEADING_RE.match(text)
    if match:
        title = collapse(match.group("title"))
        if title.endswith(NOT_TITLE_END) or len(title.split()) > 25:
            return None
        return match.group("number"), title.rstrip(".")
    number = contents.get(collapse(text).lower())
    if number:
        return number, collapse(text)
    return None


def parse_meeting_lines(lines: list[Line]) -> list[ParsedItem]:
    """The numbered items of an agenda or minutes, in the order of the document."""
    pages: dict[int | None, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    stripped = strip_page_furniture(list(pages.values()), lambda line: line.text) \
        if len(pages) > 1 else list(pages.values())
    flat = [(line.page, collapse(line.text)) for page in stripped for line in page
            if collapse(line.text)]
    flat = _without_furniture(flat)
    if not flat:
        raise DocumentError("Dokumentet har ingen tekst.")
    contents = _contents(flat)

    items: list[ParsedItem] = []
    current: ParsedItem | None = None
    section = "case"
    pending_number: str | None = None
    for page, text in flat:
        if LEADER_RE.match(text):
            continue  # a line of the contents
        lone = LONE_NUMBER_RE.match(text)
        if lone:
            pending_number = lone.group(1)  # the title may follow on the next line
            continue
        heading = _heading(text, contents)
        if heading is None and pending_number and HEADING_RE.match(f"{pending_number} {text}"):
            heading = _heading(f"{pending_number} {text}", {})
        pending_number = None
        if heading is not None:
            number, title = heading
            previous = current.number if current else None
            if _follows(previous, number):
                current = ParsedItem(number, title, page)
                items.append(current)
                section = "case"
                continue
            if any(item.number == number for item in items):
                # The numbering starts over: what came before was the contents (titles with no
                # body). Start again from this item.
                if not any(item.has_body for item in items):
                    items = []
                    current = ParsedItem(number, title, page)
                    items.append(current)
                    section = "case"
                    continue
        if current is None:
            continue  # cover page, participants, contents
        if CASE_NUMBER_RE.match(text):
            continue
        if section == "case" and INDSTILLER_RE.match(text):
            section = "recommendation"
            current._sections.setdefault(section, []).append(text)
            continue
        match = SECTION_RE.match(text)
        if match and (not match.group("rest") or text[len(match.group("name"))] == ":"):
            section = SECTION_NAMES[match.group("name").lower()]
            rest = match.group("rest").strip()
            current._sections.setdefault(section, [])
            if rest:
                current._sections[section].append(rest)
            continue
        current._sections.setdefault(section, []).append(text)

    result: list[ParsedItem] = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if (following is not None and following.number.startswith(item.number + ".")
                and not item.has_body):
            continue  # a group title ("3. Regionalpolitiske sager")
        item.case_text = "\n".join(item._sections.get("case", []))
        item.recommendation_text = "\n".join(item._sections.get("recommendation", []))
        item.decision_text = "\n".join(item._sections.get("decision", []))
        result.append(item)
    if not result:
        raise DocumentError("Der er ingen nummererede punkter i dokumentet (som "
                            "»1. Godkendelse af referat«).")
    return result
