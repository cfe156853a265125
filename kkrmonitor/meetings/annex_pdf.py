"""The status annex as a PDF: a Django template laid out by WeasyPrint, from the annex dict
alone. @page rules give A4, the council and meeting date in the running header and "Side X af Y"
in the footer; the text is IBM Plex Sans (DKFDS' typeface) when its files are there, else
DejaVu Sans."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from kkrmonitor.meetings.annex import DRAFT_MARK, header_text, intro_lines, overview_rows, subtitle

# The fonts and WeasyPrint's settings are shared with the programme report.
from kkrmonitor.reports.pdf import FONT_DIR, FONT_FILES, font_faces, html_to_pdf

__all__ = ["FONT_DIR", "FONT_FILES", "font_faces", "render_html", "render_pdf"]



def render_html(data: dict[str, Any], draft: bool = False) -> str:
    return render_to_string("meetings/annex_pdf.html", {
        "annex": data,
        "draft": draft,
        "draft_mark": DRAFT_MARK,
        "header": header_text(data),
        "subtitle": subtitle(data),
        "intro": intro_lines(data),
        "overview": overview_rows(data),
        "font_faces": font_faces(),
    })


def render_pdf(data: dict[str, Any], draft: bool = False) -> bytes:
    return html_to_pdf(render_html(data, draft))
