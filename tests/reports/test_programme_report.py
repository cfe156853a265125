"""The annual and end-of-term report, section by section, on the small programme of
conftest.py: literal expected text."""

from __future__ import annotations

from datetime import date

import pytest

from kkrmonitor.reports.document import Bullets, Document, Heading, Paragraph, Table
from kkrmonitor.reports.programme_report import ReportError, build_report, resolve

pytestmark = pytest.mark.django_db


def lines(doc: Document) -> list[str]:
    """The document as plain lines: "# " before a section, "## " before a subsection, "- "
    before a bullet, table cells joined by " | "."""
    out = [doc.title, doc.subtitle, doc.header, *doc.intro]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + block.text)
        elif isinstance(block, Paragraph):
            out.append(("(muted) " if block.muted else "") + block.text)
        elif isinstance(block, Bullets):
            out.extend([f"- {item}" for item in block.items] or [f"(muted) {block.empty}"])
        elif isinstance(block, Table):
            out.extend(" | ".join(row) for row in [block.headings, *block.rows])
    return out


def test_print(small):
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", None), date(2027, 6, 1))
    print("\n".join(lines(doc)))
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", 2027), date(2028, 1, 10))
    print("\n".join(lines(doc)))
    assert 0
