"""The status annex as a Word document (python-docx), made from the annex dict alone.

A4, Danish language (Word's spelling and hyphenation), real heading styles (the navigation pane
and a table of contents work), the council and the meeting date in the header, "Side X af Y"
from PAGE/NUMPAGES fields in the footer, table header rows repeated across pages."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from kkrmonitor.meetings.annex import DRAFT_MARK, header_text, intro_lines, overview_rows, subtitle
from kkrmonitor.meetings.annex_layout import Block, body_blocks

FONT = "Arial"  # on every office PC; LibreOffice maps it to Liberation Sans
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
ACCENT = RGBColor(0x00, 0x4D, 0x99)  # DKFDS blue-800
MUTED = RGBColor(0x45, 0x45, 0x45)
HEADER_FILL = "E6EEF7"
TEXT_WIDTH_MM = 166


def _set_language(document: Any, language: str = "da-DK") -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def _style(document: Any) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = TEXT
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.15
    # East-Asian and complex-script slots too, or Word falls back to the theme font there.
    rfonts = normal.element.rPr.rFonts
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), FONT)
    for name, size, colour, before in (("Title", 22, TEXT, 0), ("Heading 1", 14, ACCENT, 16),
                                       ("Heading 2", 11, TEXT, 10)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = colour
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        # The template's heading styles name theme fonts, which win over w:ascii; drop them.
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts is not None and rfonts.get(qn(attribute)) is not None:
                del rfonts.attrib[qn(attribute)]
    # The default Title style draws a blue rule under itself; a plain title reads better.
    title_ppr = styles["Title"].element.pPr
    if title_ppr is not None and title_ppr.find(qn("w:pBdr")) is not None:
        title_ppr.remove(title_ppr.find(qn("w:pBdr")))


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in when it lays out pages."""
    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    run._r.append(char("separate"))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(char("end"))


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


def _table(document: Any, headings: list[str], rows: list[list[str]],
           widths: list[float]) -> Table:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False  # else LibreOffice and Word size the columns to their content
    head = table.rows[0]
    # Repeat the header row on every page the table runs onto.
    head_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    head_pr.append(repeat)
    for cell, text in zip(head.cells, headings, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), HEADER_FILL)
        cell._tc.get_or_add_tcPr().append(shading)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(2)
    return table


def _bullets(document: Any, items: list[str], empty: str) -> None:
    if not items:
        paragraph = document.add_paragraph(empty)
        paragraph.runs[0].font.color.rgb = MUTED
        return
    for item in items:
        document.add_paragraph(item, style="List Bullet")


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
        _table(document, ["Nr.", "Indsatser og status", "Fremdrift", "Kommende frister"],
               overview_rows(data), [12, 98, 22, 34])
    _blocks(document, body_blocks(data))

    out = BytesIO()
    document.save(out)
    return out.getvalue()
