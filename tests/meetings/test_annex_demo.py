"""The status annex of meetings in the synthetic demo data (`kkr generate_demo --scale small`):
every published initiative's latest narrative as of the meeting is in the PDF and the Word file,
and no internal name (field, enum value, slug, command) is."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.core.management import call_command
from docx import Document

from kkrmonitor.access import Access
from kkrmonitor.meetings.annex import build_annex_data
from kkrmonitor.meetings.annex_docx import render_docx
from kkrmonitor.meetings.annex_pdf import render_pdf
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.meetings.public_data import programme_in_force
from kkrmonitor.programme.models import Council, Initiative, Publication, StatusUpdate

pytestmark = pytest.mark.django_db

# What the audit log and the models say internally, and never a council member.
FORBIDDEN = [
    "on_track", "at_risk", "not_started", "delayed", "pending", "approved", "published",
    "draft", "reached", "missed", "dropped", "planned", "unregistered", "statusupdate",
    "stagereport", "jointinitiative", "recommendationbrief", "reviewed_at", "reviewed_by",
    "confirmed_at", "published_at", "as_of", "state_on", "moved_from", "Nummer:",
    "joint start", "joint frist", "joint trin", "→", "None", "True", "False",
    "generate_demo", "kkr ", "import_", ".csv", "/tmp", "_",
]


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def demo(db) -> list[Meeting]:
    call_command("generate_demo", "--scale", "small", stdout=io.StringIO(),
                 stderr=io.StringIO())
    meetings = []
    for council in Council.objects.filter(meetings__isnull=False).distinct():
        held = list(Meeting.objects.filter(council=council).order_by("date"))
        meetings.append(held[1])  # one with a previous meeting: "Siden sidste møde" too
    return meetings


def latest_narratives(meeting: Meeting) -> dict[str, str]:
    programme = programme_in_force(meeting.council, meeting.date.year)
    assert programme is not None
    out = {}
    for initiative in Initiative.objects.visible_to(Access()).filter(
            recommendation__programme=programme):
        update = (StatusUpdate.objects.filter(initiative=initiative, as_of__lte=meeting.date,
                                              publication=Publication.PUBLISHED)
                  .order_by("-as_of", "-created_at", "-id").first())
        if update is not None:
            out[initiative.title] = flat(update.narrative)
    return out


def test_the_demo_annex_carries_every_narrative_and_no_internal_name(demo):
    slugs = [c.slug for c in Council.objects.all()]
    for meeting in demo:
        data = build_annex_data(meeting)
        with pdfplumber.open(io.BytesIO(render_pdf(data))) as pdf:
            pdf_text = flat(" ".join(page.extract_text() or "" for page in pdf.pages))
        document = Document(io.BytesIO(render_docx(data)))
        docx_text = flat(" ".join([p.text for p in document.paragraphs]
                                  + [c.text for t in document.tables for r in t.rows
                                     for c in r.cells]))
        narratives = latest_narratives(meeting)
        assert narratives, "the demo meeting should have published initiatives"
        for title, narrative in narratives.items():
            for text in (pdf_text, docx_text):
                assert flat(title) in text
                assert narrative in text, (title, narrative)
        assert "Siden sidste møde" in pdf_text and "Kommende frister" in pdf_text
        # An indicator's source is the data's own words (the demo's names the command that
        # made it); the annex quotes it as given.
        from kkrmonitor.indicators.models import Indicator

        for source in Indicator.objects.values_list("source", flat=True):
            quoted = flat(source).rstrip(".")  # the annex adds ", hentet …" after it
            pdf_text, docx_text = (t.replace(quoted, "") for t in (pdf_text, docx_text))
        for text in (pdf_text, docx_text):
            for word in FORBIDDEN + slugs:
                assert word not in text, word
