"""The status annex as a Word document (python-docx), made from the annex dict alone.

A4, Danish language (Word's spelling and hyphenation), real heading styles (the navigation pane
and a table of contents work), the council and the meeting date in the header, "Side X af Y"
from PAGE/NUMPAGES fields in the footer, table header rows repeated across pages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor

from kkrmonitor.meetings.annex import DRAFT_MARK, header_text, intro_lines, overview_rows, subtitle

# The house layout is shared with the programme report (kkrmonitor/reports/docx.py).
from kkrmonitor.reports.docx import MUTED, TEXT_WIDTH_MM
from kkrmonitor.reports.docx import bullets as _bullets
from kkrmonitor.reports.docx import field as _field
from kkrmonitor.reports.docx import set_language as _set_language
from kkrmonitor.reports.docx import style as _style
from kkrmonitor.reports.docx import table as _table


def _page_setup(document: Any, data: dict[str, Any], draft: bool) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm((210 - TEXT_WIDTH_MM) / 2)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.header_distance = section.footer_distance = Mm(10)

    # The template's Header style has Letter-sized centre and right tabs; one right tab at the
    # A4 text width puts the second text flush right.
    header_style = document.styles["Header"].paragraph_format.tab_stops
    header_style.clear_all()
    header_style.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    header = section.header.paragraphs[0]
    run = header.add_run(header_text(data))
    run.font.size, run.font.color.rgb = Pt(9), MUTED
    run = header.add_run("\t" + (DRAFT_MARK if draft else data["title"]))
    run.font.size, run.font.color.rgb, run.font.bold = Pt(9), MUTED, draft

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Side ")
    _field(footer, "PAGE", "1")
    footer.add_run(" af ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size, run.font.color.rgb = Pt(9), MUTED


def _labelled(document: Any, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)


def _recommendation(document: Any, rec: dict[str, Any], data: dict[str, Any]) -> None:
    document.add_heading(f"Anbefaling {rec['number']}: {rec['headline']}", level=1)
    _labelled(document, "Status", rec["status_summary"])
    _labelled(document, "Fremdrift", rec["progress_text"])
    if rec["initiatives"]:
        _table(document, ["Indsats", "Status", "Fremdrift"],
               [[i["title"], i["status_label"], i["progress_text"]]
                for i in rec["initiatives"]], [106, 36, 24])

    if rec["changes"] is not None:
        document.add_heading("Ændringer siden forrige møde", level=2)
        changes = rec["changes"]
        if not changes["items"]:
            _bullets(document, [], "Ingen ændringer.")
        for item in changes["items"]:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{item['date_text']}: ").bold = True
            paragraph.add_run(item["summary"])
            for detail in item["details"]:
                line = document.add_paragraph()
                line.paragraph_format.left_indent = Mm(12)
                line.paragraph_format.space_after = Pt(1)
                run = line.add_run(detail)
                run.font.size, run.font.color.rgb = Pt(9), MUTED
        if changes["omitted"]:
            document.add_paragraph(f"… og {changes['omitted']} ændringer mere (se historikken "
                                   "i KKR Monitor).")

    document.add_heading("Kommende frister", level=2)
    _bullets(document, [_deadline_text(d) for d in rec["upcoming"]],
             f"Ingen frister de næste {data['upcoming_days']} dage.")
    document.add_heading("Overskredne frister", level=2)
    _bullets(document, [_deadline_text(d) for d in rec["overdue"]], "Ingen.")
    if rec["rollups"]:
        document.add_heading("Kommunernes fremdrift", level=2)
        _bullets(document, [f"{r['title']}: {r['text']}" for r in rec["rollups"]], "")


def _deadline_text(deadline: dict[str, Any]) -> str:
    label = f" ({deadline['label']})" if deadline["label"] else ""
    return f"{deadline['due_text']}, {deadline['when']}: {deadline['title']}{label}"


def render_docx(data: dict[str, Any], draft: bool = False) -> bytes:
    document = Document()
    _set_language(document)
    _style(document)
    _page_setup(document, data, draft)
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
        _table(document, ["Nr.", "Indsatser og status", "Fremdrift", "Frister"],
               overview_rows(data), [12, 90, 22, 42])
    else:
        document.add_paragraph("Rådet har intet arbejdsprogram med anbefalinger.")
    for rec in data["recommendations"]:
        _recommendation(document, rec, data)

    out = BytesIO()
    document.save(out)
    return out.getvalue()
