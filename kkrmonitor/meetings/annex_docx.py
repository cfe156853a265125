"""The status annex as a Word document (python-docx), made from the annex dict alone.

A4, Danish language (Word's spelling and hyphenation), real heading styles (the navigation pane
and a table of contents work), the council and the meeting date in the header, "Side X af Y"
from PAGE/NUMPAGES fields in the footer, table header rows repeated across pages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.shared import Pt, RGBColor

from kkrmonitor.meetings.annex import DRAFT_MARK, header_text, intro_lines, overview_rows, subtitle
from kkrmonitor.meetings.annex_layout import Block, body_blocks

# The house layout is shared with the programme report (kkrmonitor/reports/docx.py).
from kkrmonitor.reports.docx import MUTED, page_setup
from kkrmonitor.reports.docx import bullets as _bullets
from kkrmonitor.reports.docx import set_language as _set_language
from kkrmonitor.reports.docx import style as _style
from kkrmonitor.reports.docx import table as _table


def _labelled(document: Any, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _blocks(document: Any, blocks: list[Block]) -> None:
    for block in blocks:
        kind = block["kind"]
        if kind == "heading":
            document.add_heading(block["text"], level=block["level"])
        elif kind == "brief":
            if block["text"]:
                paragraph = document.add_paragraph()
                paragraph.add_run("Sekretariatets status: ").bold = True
                for n, line in enumerate(block["text"].splitlines()):
                    if n:
                        paragraph.add_run().add_break()
                    paragraph.add_run(line)
        elif kind == "facts":
            for label, value in block["items"]:
                _labelled(document, label, value)
        elif kind == "initiative":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(6)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.add_run(block["title"]).bold = True
            run = paragraph.add_run(f" – {block['meta']}")
            run.font.color.rgb = MUTED
            document.add_paragraph(block["text"])
        elif kind == "list":
            _bullets(document, block["items"], "")
        elif kind == "note":
            paragraph = document.add_paragraph(block["text"])
            paragraph.runs[0].font.color.rgb = MUTED
        else:
            document.add_paragraph(block["text"])


def render_docx(data: dict[str, Any], draft: bool = False) -> bytes:
    document = Document()
    _set_language(document)
    _style(document)
    page_setup(document, header_text(data), DRAFT_MARK if draft else data["title"],
               right_bold=draft)
    props = document.core_properties
    props.title = f"{data['title']} – {data['council']['name']}, {data['meeting']['date_text']}"
    props.author = "KKR Monitor"
    props.language = "da-DK"

    document.add_heading(data["title"], level=0)
    paragraph = document.add_paragraph(subtitle(data))
    paragraph.runs[0].font.size = Pt(12)
    if draft:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(f"{DRAFT_MARK}: indholdet kan stadig ændre sig.")
        run.bold, run.font.color.rgb = True, RGBColor(0xA4, 0x26, 0x2C)
    for line in intro_lines(data):
        document.add_paragraph(line)

    if data["recommendations"]:
        document.add_heading("Overblik", level=1)
        _table(document, ["Nr.", "Indsatser og status", "Fremdrift", "Kommende frister"],
               overview_rows(data), [12, 98, 22, 34])
    _blocks(document, body_blocks(data))

    out = BytesIO()
    document.save(out)
    return out.getvalue()
