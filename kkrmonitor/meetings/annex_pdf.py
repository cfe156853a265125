"""The status annex as a PDF: a Django template laid out by WeasyPrint, from the annex dict
alone. @page rules give A4, the council and meeting date in the running header and "Side X af Y"
in the footer; the text is IBM Plex Sans (DKFDS' typeface) when its files are there, else
DejaVu Sans."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from kkrmonitor.meetings.annex import DRAFT_MARK, header_text, intro_lines, overview_rows, subtitle

FONT_DIR = (Path(__file__).resolve().parent.parent / "static" / "vendor" / "dkfds" / "fonts"
            / "IBMPlexSans" / "complete" / "ttf")
FONT_FILES = {("normal", 400): "IBMPlexSans-Regular.ttf", ("italic", 400): "IBMPlexSans-Italic.ttf",
              ("normal", 600): "IBMPlexSans-SemiBold.ttf",
              ("normal", 700): "IBMPlexSans-Bold.ttf"}


# WeasyPrint reports each layout step at INFO; `kkr meeting_annex` should print only its result.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def font_faces() -> list[dict[str, Any]]:
    """@font-face rules for the IBM Plex Sans files that exist (file:// URLs)."""
    faces = []
    for (style, weight), name in FONT_FILES.items():
        path = FONT_DIR / name
        if path.is_file():
            faces.append({"style": style, "weight": weight, "url": path.as_uri()})
    return faces


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
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a moment

    html = render_html(data, draft)
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()
