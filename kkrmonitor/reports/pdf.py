"""PDF documents in the house layout (WeasyPrint), shared by the status annex and the programme
report: A4, a running header, "Side X af Y" in the footer, IBM Plex Sans (DKFDS' typeface) when
its files are there, else DejaVu Sans. `render_document` lays out a reports.document.Document
through the template reports/document_pdf.html."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from kkrmonitor.reports.document import Document

FONT_DIR = (Path(__file__).resolve().parent.parent / "static" / "vendor" / "dkfds" / "fonts"
            / "IBMPlexSans" / "complete" / "ttf")
FONT_FILES = {("normal", 400): "IBMPlexSans-Regular.ttf", ("italic", 400): "IBMPlexSans-Italic.ttf",
              ("normal", 600): "IBMPlexSans-SemiBold.ttf",
              ("normal", 700): "IBMPlexSans-Bold.ttf"}


# WeasyPrint reports each layout step at INFO; the commands should print only their result.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def font_faces() -> list[dict[str, Any]]:
    """@font-face rules for the IBM Plex Sans files that exist (file:// URLs)."""
    faces = []
    for (style, weight), name in FONT_FILES.items():
        path = FONT_DIR / name
        if path.is_file():
            faces.append({"style": style, "weight": weight, "url": path.as_uri()})
    return faces


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint takes a moment

    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def render_html(doc: Document) -> str:
    return render_to_string("reports/document_pdf.html", {
        "doc": doc, "blocks": doc.template_blocks(), "font_faces": font_faces()})


def render_document(doc: Document) -> bytes:
    return html_to_pdf(render_html(doc))
