"""The status annex as a PDF, laid out by ReportLab from the annex dict alone: A4, the council
and the meeting date in the running header, "Side X af Y" in the footer, IBM Plex Sans (DKFDS'
typeface) when its files are there, else DejaVu Sans.

ReportLab rather than a browser engine: a national council's annex runs to some 30 pages, which
WeasyPrint laid out in 6–9 s on this machine; ReportLab lays out the same blocks (annex_layout,
which the review page shows too) in well under the 2 s the annex has."""

from __future__ import annotations

from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from kkrmonitor.meetings.annex import DRAFT_MARK, header_text, intro_lines, overview_rows, subtitle
from kkrmonitor.meetings.annex_layout import Block, body_blocks

FONT_DIR = (Path(__file__).resolve().parent.parent / "static" / "vendor" / "dkfds" / "fonts"
            / "IBMPlexSans" / "complete" / "ttf")
PLEX = {"regular": "IBMPlexSans-Regular.ttf", "bold": "IBMPlexSans-SemiBold.ttf",
        "italic": "IBMPlexSans-Italic.ttf"}
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
          "italic": "DejaVuSans-Oblique.ttf"}
TEXT = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#004d99")
MUTED = colors.HexColor("#454545")
DRAFT = colors.HexColor("#a4262c")
HEADER_FILL = colors.HexColor("#e6eef7")
BRIEF_FILL = colors.HexColor("#eef3f9")
MARGINS = (24 * mm, 20 * mm, 22 * mm, 22 * mm)  # top, right, bottom, left


def _fonts() -> dict[str, str]:
    """Register the typeface once: IBM Plex Sans if its files are there, else DejaVu Sans,
    else ReportLab's Helvetica (which lacks some of the quotes and dashes)."""
    for family, folder, files in (("IBM-Plex-Sans", FONT_DIR, PLEX),
                                  ("DejaVu-Sans", DEJAVU_DIR, DEJAVU)):
        if all((folder / name).is_file() for name in files.values()):
            names = {kind: f"{family}-{kind}" for kind in files}
            for kind, name in names.items():
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(folder / files[kind])))
            return names
    return {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique"}


def _styles(fonts: dict[str, str]) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=fonts["regular"], fontSize=10, leading=14,
                          textColor=TEXT, spaceAfter=2 * mm)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=fonts["bold"], fontSize=22,
                                leading=25, spaceAfter=2 * mm),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16,
                                   spaceAfter=5 * mm),
        "h1": ParagraphStyle("h1", base, fontName=fonts["bold"], fontSize=13, leading=16.5,
                             textColor=ACCENT, spaceBefore=8 * mm, spaceAfter=2 * mm),
        "h2": ParagraphStyle("h2", base, fontName=fonts["bold"], fontSize=10.5, leading=14,
                             spaceBefore=4 * mm, spaceAfter=1 * mm),
        "muted": ParagraphStyle("muted", base, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=12.5, spaceAfter=0),
        "cellhead": ParagraphStyle("cellhead", base, fontName=fonts["bold"], fontSize=9.5,
                                   leading=12.5, spaceAfter=0),
        "cellright": ParagraphStyle("cellright", base, fontSize=9.5, leading=12.5,
                                    spaceAfter=0, alignment=TA_RIGHT),
        "item": ParagraphStyle("item", base, spaceAfter=1 * mm),
        "draft": ParagraphStyle("draft", base, fontName=fonts["bold"], textColor=DRAFT),
    }


def _text(text: str) -> str:
    """Plain text as ReportLab paragraph markup."""
    return escape(text, quote=False).replace("\n", "<br/>")


def _blocks(blocks: list[Block], styles: dict[str, ParagraphStyle],
            fonts: dict[str, str]) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        kind = block["kind"]
        if kind == "heading":
            out.append(Paragraph(_text(block["text"]), styles["h1" if block["level"] == 1
                                                               else "h2"]))
        elif kind == "brief":
            if block["text"]:
                brief = Paragraph(f"<font name=\"{fonts['bold']}\">Sekretariatets status:"
                                  f"</font> {_text(block['text'])}", styles["cell"])
                table = Table([[brief]], colWidths=[A4[0] - MARGINS[1] - MARGINS[3]])
                table.setStyle(TableStyle([
                    ("BACKGROUND", (0, 0), (-1, -1), BRIEF_FILL),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                    ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]))
                out += [table, Spacer(1, 2 * mm)]
        elif kind == "facts":
            rows = [[Paragraph(_text(label), styles["cellhead"]),
                     Paragraph(_text(value), styles["cell"])] for label, value in block["items"]]
            table = Table(rows, colWidths=[24 * mm, None], hAlign="LEFT")
            table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            out += [table, Spacer(1, 1 * mm)]
        elif kind == "initiative":
            head = Paragraph(f"<font name=\"{fonts['bold']}\">{_text(block['title'])}</font> "
                             f"<font color=\"#454545\">– {_text(block['meta'])}</font>",
                             ParagraphStyle("ihead", styles["body"], spaceBefore=2 * mm,
                                            spaceAfter=0.5 * mm))
            out.append(KeepTogether([head, Paragraph(_text(block["text"]), styles["body"])]))
        elif kind == "list":
            out.append(ListFlowable(
                [ListItem(Paragraph(_text(item), styles["item"]), leftIndent=5 * mm)
                 for item in block["items"]],
                bulletType="bullet", start="•", leftIndent=5 * mm, bulletFontSize=8,
                bulletFontName=fonts["regular"]))
        elif kind == "note":
            out.append(Paragraph(_text(block["text"]), styles["muted"]))
        else:
            out.append(Paragraph(_text(block["text"]), styles["body"]))
    return out


def _overview(data: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not data["recommendations"]:
        return []
    head = [Paragraph(text, styles["cellhead"]) for text in
            ("Nr.", "Indsatser og status", "Fremdrift", "Kommende frister")]
    rows = [head] + [[Paragraph(_text(row[0]), styles["cell"]),
                      Paragraph(_text(row[1]), styles["cell"]),
                      Paragraph(_text(row[2]), styles["cellright"]),
                      Paragraph(_text(row[3]), styles["cell"])] for row in overview_rows(data)]
    table = Table(rows, colWidths=[12 * mm, None, 22 * mm, 34 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#bfbfbf")),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return [Paragraph("Overblik", styles["h1"]), table]


def _numbered_canvas(header: str, right: str, draft: bool, fonts: dict[str, str]) -> type:
    """A canvas that holds every page until the end, so each footer can say "Side X af Y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            top = height - MARGINS[0] + 6 * mm
            self.setFont(fonts["regular"], 8.5)
            self.setFillColor(MUTED)
            self.drawString(MARGINS[3], top, header)
            if draft:
                self.setFont(fonts["bold"], 8.5)
                self.setFillColor(DRAFT)
            self.drawRightString(width - MARGINS[1], top, right)
            self.setFont(fonts["regular"], 8.5)
            self.setFillColor(MUTED)
            self.drawCentredString(width / 2, MARGINS[2] - 10 * mm,
                                   f"Side {self._pageNumber} af {total}")

    return NumberedCanvas


def render_pdf(data: dict[str, Any], draft: bool = False) -> bytes:
    fonts = _fonts()
    styles = _styles(fonts)
    story: list[Flowable] = [Paragraph(_text(data["title"]), styles["title"]),
                             Paragraph(_text(subtitle(data)), styles["subtitle"])]
    if draft:
        story.append(Paragraph(f"{DRAFT_MARK}: indholdet kan stadig ændre sig.",
                               styles["draft"]))
    story += [Paragraph(_text(line), styles["body"]) for line in intro_lines(data)]
    story += _overview(data, styles)
    story += _blocks(body_blocks(data), styles, fonts)

    out = BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, topMargin=MARGINS[0], rightMargin=MARGINS[1],
        bottomMargin=MARGINS[2], leftMargin=MARGINS[3], lang="da-DK",
        title=f"{data['title']} – {data['council']['name']}, {data['meeting']['date_text']}",
        author="KKR Monitor", subject=subtitle(data), creator="KKR Monitor")
    document.build(story, canvasmaker=_numbered_canvas(
        header_text(data), DRAFT_MARK if draft else data["title"], draft, fonts))
    return out.getvalue()
