"""The meeting's status annex: its content, the frozen snapshot, the Word and PDF files as an
office suite and a PDF reader see them, the download and finalise views, and `kkr
meeting_annex`."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from datetime import date, datetime, time
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from docx import Document

from kkrmonitor.access import Access
from kkrmonitor.audit import Author, EditConflict
from kkrmonitor.meetings import annex as annex_module
from kkrmonitor.meetings import services
from kkrmonitor.meetings.annex import (
    AnnexAlreadyFinalised,
    annex_for,
    build_annex_data,
    finalise_annex,
)
from kkrmonitor.meetings.annex_changes import ChangeList, Names, change_sentences
from kkrmonitor.meetings.annex_docx import render_docx
from kkrmonitor.meetings.annex_pdf import render_pdf
from kkrmonitor.meetings.briefs import BriefRefused, save_brief
from kkrmonitor.meetings.danish_format import days_text, percent, window_text
from kkrmonitor.meetings.models import AnnexSnapshot, Meeting
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import (
    AuditEvent,
    Council,
    Initiative,
    Milestone,
    Programme,
    Publication,
    Recommendation,
    Status,
)
from tests.meetings.conftest import SETUP, World

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)
NBSP = "\u00a0"
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def dated_since(last_id: int, day: date) -> None:
    """Date the audit events written since `last_id`, as if they had been written that day."""
    AuditEvent.objects.filter(id__gt=last_id).update(at=at(day))


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def june(world: World) -> Meeting:
    """The meeting of 15 June 2026, whose annex the tests make. Before it: the world's meeting
    of 20 April (the previous one), and since then a status update on "Fælles takstmodel", a
    second initiative published with its status, and a draft initiative the public never sees.
    A March milestone (before the previous meeting), the programme's spring milestone (due in
    the period) and the world's June milestone (coming) round it off, with a status update
    written on 10 June but dated 20 June, after the meeting."""
    AuditEvent.objects.update(at=at(date(2026, 4, 1)))
    programme_services.create_milestone(SETUP, world.recommendation, "Kvalitetsmål vedtaget",
                                        parse_window("marts 2026"), world.initiative)
    meeting = services.create_meeting(SETUP, world.meeting.council, services.MeetingData(
        date=date(2026, 6, 15), start_time=time(10, 0), place="Hillerød Rådhus",
        title="Junimøde"))
    dated_since(0, date(2026, 4, 1))

    mark = last_event_id()
    programme_services.add_status_update(SETUP, world.initiative, Status.AT_RISK, 30,
                                         "Data mangler fra to kommuner.", date(2026, 5, 10),
                                         publish=True)
    dated_since(mark, date(2026, 5, 10))
    mark = last_event_id()
    second = programme_services.create_initiative(
        SETUP, world.recommendation, programme_services.InitiativeData(title="Kvalitetsmål"))
    programme_services.set_initiative_publication(SETUP, second, Publication.PUBLISHED, 1)
    programme_services.add_status_update(SETUP, second, Status.ON_TRACK, 60, "",
                                         date(2026, 5, 12), publish=True)
    draft = programme_services.create_initiative(
        SETUP, world.recommendation, programme_services.InitiativeData(title="Hemmelig kladde"))
    programme_services.add_status_update(SETUP, draft, Status.DELAYED, 5, "", date(2026, 5, 12),
                                         publish=True)
    dated_since(mark, date(2026, 5, 12))
    # Written before the meeting but dated after it: not yet true on the meeting's date.
    mark = last_event_id()
    programme_services.add_status_update(SETUP, world.initiative, Status.DONE, 100,
                                         "Fremtidig status, der ikke må komme med.",
                                         date(2026, 6, 20), publish=True)
    dated_since(mark, date(2026, 6, 10))
    return meeting


# --- small pure helpers ---------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "text"), [
    (date(2026, 3, 1), date(2026, 5, 31), "1. marts – 31. maj 2026"),
    (date(2025, 9, 1), date(2025, 9, 30), "1.–30. september 2025"),
    (date(2025, 12, 1), date(2026, 2, 28), "1. december 2025 – 28. februar 2026"),
    (None, date(2027, 12, 31), "senest 31. december 2027"),
    (date(2026, 1, 1), None, "fra 1. januar 2026"),
    (date(2026, 7, 1), date(2026, 7, 1), "1. juli 2026"),
    (None, None, ""),
])
def test_window_text(start, end, text):
    assert window_text(start, end) == text


@pytest.mark.parametrize(("days", "text"), [
    (0, "i dag"), (1, "i morgen"), (12, "om 12 dage"), (-1, "for 1 dag siden"),
    (-30, "for 30 dage siden")])
def test_days_text(days, text):
    assert days_text(days) == text


def test_percent_has_a_no_break_space():
    assert (percent(45), percent(None)) == (f"45{NBSP}%", "–")


# --- the content --------------------------------------------------------------------------

def test_build_annex_data(june):
    data = build_annex_data(june)
    assert {k: data[k] for k in ("schema", "title", "council", "as_of", "as_of_text",
                                 "upcoming_days", "programme", "portfolios")} == {
        "schema": 2, "title": "Status på anbefalingerne",
        "council": {"name": "KKR Hovedstaden"},
        "as_of": "2026-06-15", "as_of_text": "15. juni 2026", "upcoming_days": 90,
        "programme": {"title": "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden",
                      "term": "2026-2029"},
        "portfolios": [],
    }
    assert data["meeting"] == {"id": june.pk, "title": "Junimøde", "date": "2026-06-15",
                               "date_text": "15. juni 2026", "time_text": "kl. 10.00",
                               "place": "Hillerød Rådhus"}
    assert data["previous_meeting"]["date_text"] == "20. april 2026"
    assert [r["number"] for r in data["recommendations"]] == list(range(1, 10))

    rec1 = data["recommendations"][0]
    assert rec1["headline"].startswith("KKR Hovedstaden skal fortsat investere i tættere")
    assert rec1["brief"] == ""
    # As on 15 June: the update dated 20 June is not yet true.
    assert rec1["progress_text"] == f"45{NBSP}%"
    assert rec1["status_summary"] == "2 indsatser: 1 på sporet, 1 i risiko"
    assert rec1["initiatives"] == [
        {"title": "Fælles takstmodel", "status_label": "I risiko",
         "progress_text": f"30{NBSP}%", "narrative": "Data mangler fra to kommuner.",
         "confirmed_text": "bekræftet 10. maj 2026"},
        {"title": "Kvalitetsmål", "status_label": "På sporet", "progress_text": f"60{NBSP}%",
         "narrative": "", "confirmed_text": "bekræftet 12. maj 2026"}]
    # Deadlines counted from the meeting (15 June), not from today (10 June); the spring
    # milestone passed with no registered outcome: unknown, not late.
    assert rec1["milestones"] == {
        "past": [{"title": "Initiativerne skal godkendes i foråret 2026.",
                  "label": "foråret 2026",
                  "text": "Frist 31. maj 2026 – udfald ikke registreret"}],
        "coming": [{"title": "Godkendelse i KKR", "label": "juni 2026",
                    "text": "Frist 30. juni 2026, 15 dage efter mødet"}],
        "more": 0}
    assert rec1["changes"] == {"sentences": [
        "Status for »Fælles takstmodel« er opdateret: Data mangler fra to kommuner.",
        "Indsatsen »Kvalitetsmål« er oprettet.",
        "Status for »Kvalitetsmål« er opdateret: på sporet.",
    ], "omitted": 0}
    assert (rec1["rollups"], rec1["indicators"]) == ([], [])
    rec7 = data["recommendations"][6]
    assert rec7["status_summary"] == "Ingen offentliggjorte indsatser"
    assert (rec7["progress_text"], rec7["changes"]) == ("–", {"sentences": [], "omitted": 0})
    assert "Hemmelig kladde" not in str(data)
    assert "Fremtidig status" not in str(data)


def test_the_first_meeting_has_no_changes_to_show(world):
    data = build_annex_data(world.meeting)
    assert data["previous_meeting"] is None
    assert all(r["changes"] is None for r in data["recommendations"])


def test_a_registered_outcome_is_said_on_the_meeting_date(june, world):
    milestone = Milestone.objects.get(title="Initiativerne skal godkendes i foråret 2026.")
    mark = last_event_id()
    programme_services.set_milestone_outcome(SETUP, milestone, state="reached",
                                             on=date(2026, 5, 20), reason="",
                                             expected_version=milestone.version)
    dated_since(mark, date(2026, 5, 20))
    rec1 = build_annex_data(june)["recommendations"][0]
    assert rec1["milestones"]["past"][0]["text"] == "Nået 20. maj 2026"
    assert "Milepælen »Initiativerne skal godkendes i foråret 2026.« er nået 20. maj 2026." \
        in rec1["changes"]["sentences"]
    # The annex of the previous meeting (20 April) does not know it yet.
    april = build_annex_data(world.meeting)["recommendations"][0]
    assert "Nået" not in str(april["milestones"])


def test_joint_effort_rollup_counts_approved_reports_up_to_the_meeting(june, world):
    from kkrmonitor.joint import services as joint_services
    from kkrmonitor.programme.models import Municipality

    joint = joint_services.create_joint_initiative(
        SETUP, world.initiative, ["Ikke startet", "Besluttet tilslutning", "Overdraget"],
        date(2026, 1, 1), date(2027, 12, 31), "Testkilde")
    municipalities = list(Municipality.objects.filter(
        council=june.council).order_by("name")[:5])
    for n, municipality in enumerate(municipalities):
        joint_services.submit_report(
            SETUP, joint, municipality, joint.stages.get(name="Besluttet tilslutning"),
            date(2026, 5, 1) if n < 4 else date(2026, 6, 20), "", approved=True)
    total = Municipality.objects.filter(council=june.council).count()
    rollups = build_annex_data(june)["recommendations"][0]["rollups"]
    assert rollups == [{
        "title": "Fælles takstmodel",
        "text": f"4 af {total} besluttet tilslutning; {total - 4} af {total} har ikke "
                "indberettet",
        "on_track": f"4 af {total} på sporet (frist 31. december 2027)"}]


# --- "Siden sidste møde": sentences per kind of event -------------------------------------

class Event:
    def __init__(self, object_type: str, action: str, changes: dict, object_id: str = "1",
                 initiative_id: int | None = 7, object_repr: str = "", channel: str = "web"):
        self.at = at(date(2026, 5, 1))
        self.object_type, self.action, self.changes = object_type, action, changes
        self.object_id, self.initiative_id = object_id, initiative_id
        self.object_repr, self.channel = object_repr, channel


def test_change_sentences_are_written_for_a_council_member():
    names = Names(initiatives={7: "Fælles it-drift", 8: "Takstmodel"},
                  milestones={3: "Aftale indgået"})
    events = [
        Event("initiative", "publish", {"publication": ["draft", "published"]},
              object_id="8", initiative_id=8),
        Event("milestone", "outcome", {"state": ["planned", "reached"],
                                       "state_on": [None, "2026-03-03"]}, object_id="3"),
        *[Event("stagereport", "approve", {"state": ["pending", "approved"],
                                           "reviewed_by": [None, "Redaktør"]},
                object_id=str(n), object_repr=f"Kommune {n}: Aftale indgået (01.05.2026)")
          for n in range(12)],
        Event("stagereport", "report", {"state": [None, "pending"]}),
        Event("statusupdate", "create", {"narrative": [None, "Første udkast."],
                                         "publication": [None, "published"],
                                         "status": [None, "on_track"]}, initiative_id=8),
        Event("statusupdate", "create", {"narrative": [None, "Aftalen er underskrevet."],
                                         "publication": [None, "published"],
                                         "status": [None, "on_track"]}, initiative_id=8),
        Event("milestone", "create", {"title": [None, "Importeret"]}, channel="import"),
        Event("milestone", "update", {"label": ["foråret 2026", "efteråret 2026"],
                                      "end": ["2026-05-31", "2026-11-30"]}, object_id="3"),
        Event("milestone", "outcome", {"state": ["planned", "dropped"],
                                       "state_reason": [None, "Erstattet af ny aftale"]},
              object_id="3"),
        Event("comment", "create", {"text": [None, "Hej"]}),
        Event("initiative", "update", {"status": ["on_track", "at_risk"]}, object_id="8",
              initiative_id=8),
    ]
    assert change_sentences(events, names) == ChangeList([
        "Indsatsen »Takstmodel« er oprettet.",
        "Milepælen »Aftale indgået« er nået 3. marts 2026.",
        "12 kommuner har indberettet på »Fælles it-drift«.",
        "Status for »Takstmodel« er opdateret: Aftalen er underskrevet.",
        "Milepælen »Aftale indgået« er flyttet fra foråret 2026 til efteråret 2026.",
        "Milepælen »Aftale indgået« er opgivet: Erstattet af ny aftale.",
    ], 0)


def test_many_new_milestones_on_one_initiative_read_as_one_sentence():
    names = Names(initiatives={7: "Fælles it-drift"})
    events = [Event("milestone", "create", {"title": [None, f"Trin {n}"],
                                            "label": [None, "2027"]}, object_id=str(n))
              for n in range(5)]
    assert change_sentences(events, names).sentences == [
        "5 milepæle er tilføjet til »Fælles it-drift«."]
    assert change_sentences(events[:2], names).sentences == [
        "Milepælen »Trin 0« er tilføjet (2027).", "Milepælen »Trin 1« er tilføjet (2027)."]


def test_change_sentences_stop_at_the_limit_and_count_the_rest():
    names = Names(initiatives={n: f"Indsats {n}" for n in range(30)})
    events = [Event("initiative", "create", {"title": [None, f"Indsats {n}"]},
                    object_id=str(n), initiative_id=n) for n in range(30)]
    result = change_sentences(events, names)
    assert (len(result.sentences), result.omitted) == (25, 5)


# --- the secretariat's short status ------------------------------------------------------

def test_a_brief_is_versioned_audited_and_carried_into_the_annex(june, world, editor):
    author = Author.for_user(editor)
    mark = last_event_id()
    brief = save_brief(author, june, world.recommendation, "  Godt på vej.\n\nTo kommuner "
                       "mangler.  ", 0)
    assert (brief.text, brief.version) == ("Godt på vej.\n\nTo kommuner mangler.", 1)
    brief = save_brief(author, june, world.recommendation, "Godt på vej.", 1)
    assert brief.version == 2
    assert save_brief(author, june, world.recommendation, "Godt på vej.", 2).version == 2
    events = list(AuditEvent.objects.filter(id__gt=mark).order_by("id"))
    assert [(e.action, e.object_type, e.is_public) for e in events] == [
        ("create", "recommendationbrief", False), ("update", "recommendationbrief", False)]
    with pytest.raises(EditConflict):
        save_brief(author, june, world.recommendation, "Gammel version", 1)
    assert build_annex_data(june)["recommendations"][0]["brief"] == "Godt på vej."
    finalise_annex(author, june)
    with pytest.raises(BriefRefused) as refused:
        save_brief(author, june, world.recommendation, "For sent", 2)
    assert str(refused.value) == ("Statusbilaget er afsluttet; den korte status kan ikke "
                                  "ændres.")
    assert AnnexSnapshot.objects.get().data["recommendations"][0]["brief"] == "Godt på vej."


def test_a_brief_for_another_councils_recommendation_is_refused(june, editor):
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    programme = Programme.objects.create(council=sjaelland, term_start=2026, term_end=2029,
                                         title="Anbefalinger", source_filename="sj.txt",
                                         source_sha256="0" * 64)
    other = Recommendation.objects.create(programme=programme, number=1, headline="Samarbejde")
    with pytest.raises(BriefRefused):
        save_brief(Author.for_user(editor), june, other, "Nej", 0)


# --- finalising ---------------------------------------------------------------------------

def test_finalise_stores_the_content_and_both_files_and_writes_one_audit_event(june, editor):
    mark = last_event_id()
    snapshot = finalise_annex(Author.for_user(editor), june)
    assert snapshot.data == build_annex_data(june)
    assert snapshot.finalised_by == editor
    assert bytes(snapshot.pdf).startswith(b"%PDF") and bytes(snapshot.docx).startswith(b"PK")
    event = AuditEvent.objects.get(id__gt=mark)
    assert (event.action, event.object_type, event.object_id, event.user) == (
        "finalise", "annexsnapshot", str(snapshot.pk), editor)
    assert event.changes["recommendations"] == [None, 9]


def test_refinalising_is_refused_in_danish(june, editor):
    first = finalise_annex(Author.for_user(editor), june)
    mark = last_event_id()
    with pytest.raises(AnnexAlreadyFinalised) as refused:
        finalise_annex(Author.for_user(editor), june)
    day = timezone.localtime(first.finalised_at).date()
    assert str(refused.value) == (
        f"Statusbilaget blev afsluttet den {day.day}. {_month(day)} {day.year} og kan ikke "
        "afsluttes igen. Et afsluttet bilag ændres ikke.")
    assert AnnexSnapshot.objects.get().data == first.data
    assert last_event_id() == mark


def test_a_download_serves_the_stored_file_and_never_renders(client, june, editor, monkeypatch):
    snapshot = finalise_annex(Author.for_user(editor), june)
    programme_services.add_status_update(SETUP, Initiative.objects.get(title="Kvalitetsmål"),
                                         Status.DONE, 100, "Senere.", date(2026, 6, 1),
                                         publish=True)

    def refuse(*args, **kwargs):
        raise AssertionError("a finalised annex was rendered again")

    monkeypatch.setattr(annex_module, "render", refuse)
    for fmt in ("pdf", "docx"):
        response = client.get(annex_url(june, fmt))
        assert response.status_code == 200
        assert response.content == bytes(getattr(snapshot, fmt))
        assert response["Cache-Control"] == "public, max-age=3600"
    assert annex_for(june) == (snapshot.data, False)


# --- the files ------------------------------------------------------------------------------

def _month(day: date) -> str:
    from kkrmonitor.meetings.wheel import MONTH_NAMES

    return MONTH_NAMES[day.month - 1]


def pdf_text(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def flat(text: str) -> str:
    """Text with every run of whitespace as one space. Where a line breaks in a PDF depends on
    the fonts on the machine, so fragments are compared without line breaks."""
    return " ".join(text.split())


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


HEADINGS = ["Status på anbefalingerne", "Overblik", "Anbefaling 1: KKR Hovedstaden skal "
            "fortsat investere i tættere samarbejde og styring på det specialiserede "
            "socialområde, så kvaliteten styrkes samtidig med, at der er styr på økonomien",
            "Indsatser", "Milepæle siden sidste møde", "Kommende frister", "Siden sidste møde"]
EXPECTED_LINES = [
    "Bilag til mødet i KKR Hovedstaden den 15. juni 2026, kl. 10.00, Hillerød Rådhus",
    "Sekretariatets status: Godt på vej.",
    "Fælles takstmodel – I risiko · 30 % · bekræftet 10. maj 2026",
    "Data mangler fra to kommuner.",
    "Initiativerne skal godkendes i foråret 2026. (foråret 2026): Frist 31. maj 2026 – udfald "
    "ikke registreret",
    "Godkendelse i KKR (juni 2026): Frist 30. juni 2026, 15 dage efter mødet",
    "Status for »Fælles takstmodel« er opdateret: Data mangler fra to kommuner.",
    "Indsatsen »Kvalitetsmål« er oprettet.",
]


@pytest.fixture
def briefed(june, world, editor) -> Meeting:
    save_brief(Author.for_user(editor), june, world.recommendation, "Godt på vej.", 0)
    return june


def test_docx_structure(briefed):
    document = Document(io.BytesIO(render_docx(build_annex_data(briefed))))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:7] == [
        ("Title", HEADINGS[0]), ("Heading 1", HEADINGS[1]), ("Heading 1", HEADINGS[2]),
        ("Heading 2", HEADINGS[3]), ("Heading 2", HEADINGS[4]), ("Heading 2", HEADINGS[5]),
        ("Heading 2", HEADINGS[6])]
    assert sum(1 for style, _ in headings if style == "Heading 1") == 10  # overview + nine
    text = flat(docx_text(render_docx(build_annex_data(briefed))).replace(NBSP, " "))
    for line in EXPECTED_LINES:
        assert flat(line) in text, line
    assert "Udkast" not in text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == (
        "KKR Hovedstaden · møde 15. juni 2026\tStatus på anbefalingerne")
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr.", "Indsatser og status", "Fremdrift",
                                                     "Kommende frister"]
    assert [c.text for c in table.rows[1].cells] == [
        "1", "2 indsatser: 1 på sporet, 1 i risiko", f"45{NBSP}%", "1 kommende"]
    assert 'w:val="da-DK"' in document.styles.element.xml


def test_pdf(briefed):
    content = render_pdf(build_annex_data(briefed))
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        first = pdf.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)  # A4 in points
        pages = [page.extract_text() for page in pdf.pages]
        fonts = {c["fontname"] for page in pdf.pages[:1] for c in page.chars}
    count = len(pages)
    assert count >= 3
    for number, page in enumerate(pages, start=1):
        lines = page.splitlines()
        assert lines[0] == "KKR Hovedstaden · møde 15. juni 2026 Status på anbefalingerne"
        assert lines[-1] == f"Side {number} af {count}"
    text = flat("\n".join(pages).replace(NBSP, " "))
    for heading in HEADINGS:
        assert flat(heading) in text, heading
    for line in EXPECTED_LINES:
        assert flat(line) in text, line
    assert "Udkast" not in text and "Fremtidig status" not in text
    assert any("IBMPlexSans" in name for name in fonts), fonts


def test_drafts_say_so(june):
    data = build_annex_data(june)
    pages = pdf_text(render_pdf(data, draft=True))
    assert all(p.splitlines()[0].endswith("Udkast (ikke afsluttet)") for p in pages)
    assert "Udkast (ikke afsluttet): indholdet kan stadig ændre sig." in flat(pages[0])
    document = Document(io.BytesIO(render_docx(data, draft=True)))
    assert document.sections[0].header.paragraphs[0].text.endswith("\tUdkast (ikke afsluttet)")


def convert_with_libreoffice(source: Path, outdir: Path) -> Path:
    # A profile of its own, so a LibreOffice already running elsewhere doesn't swallow the job.
    profile = (outdir / f"lo-profile-{uuid.uuid4().hex}").as_uri()
    result = subprocess.run(
        [LIBREOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=240, check=False)
    target = outdir / (source.stem + ".pdf")
    assert result.returncode == 0 and target.exists(), result.stdout + result.stderr
    return target


@pytest.mark.skipif(LIBREOFFICE is None,
                    reason="LibreOffice is not installed (CI installs libreoffice-writer-nogui)")
def test_the_docx_opens_in_libreoffice(briefed, tmp_path):
    source = tmp_path / "statusbilag.docx"
    source.write_bytes(render_docx(build_annex_data(briefed)))
    pages = [flat(page) for page in
             pdf_text(convert_with_libreoffice(source, tmp_path).read_bytes())]
    text = " ".join(pages)
    for heading in HEADINGS:
        assert flat(heading) in text
    assert "KKR Hovedstaden · møde 15. juni 2026" in pages[0]
    assert f"Side 1 af {len(pages)}" in pages[0]  # the fields were filled in
    assert "Anbefaling 9: KKR Hovedstaden vil følge sundhedsreformen" in text


# --- the views ----------------------------------------------------------------------------

def annex_url(meeting: Meeting, fmt: str) -> str:
    return f"/moede/{meeting.pk}/bilag.{fmt}"


def finalise_url(meeting: Meeting) -> str:
    return f"/moede/{meeting.pk}/bilag/afslut/"


def review_url(meeting: Meeting) -> str:
    return f"/moede/{meeting.pk}/bilag/"


def brief_url(meeting: Meeting, recommendation) -> str:
    return f"/moede/{meeting.pk}/bilag/kort-status/{recommendation.pk}/"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate",
                        lambda value=None, *args, **kwargs: TODAY if value is None else
                        timezone.localtime(value).date())


@pytest.mark.parametrize("who", [None, "reader", "contact", "editor_sjaelland"])
def test_an_unfinalised_annex_is_hidden_from_all_but_the_councils_editors(client, june, who,
                                                                          request):
    if who:
        client.force_login(request.getfixturevalue(who))
    for fmt in ("pdf", "docx"):
        assert client.get(annex_url(june, fmt)).status_code == 404


@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_editors_download_a_draft(client, june, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(annex_url(june, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="statusbilag-kkr-hovedstaden-2026-06-15-udkast.pdf"')
    assert response["Cache-Control"] == "private, no-store"
    assert pdf_text(response.content)[0].splitlines()[0].endswith("Udkast (ikke afsluttet)")
    response = client.get(annex_url(june, "docx"))
    assert "Udkast (ikke afsluttet)" in docx_text(response.content)
    assert not AnnexSnapshot.objects.exists()


def test_the_review_page_shows_what_the_document_will_say(client, briefed, editor):
    client.force_login(editor)
    response = client.get(review_url(briefed))
    assert response.status_code == 200
    html = flat(response.content.decode().replace(NBSP, " "))
    text = flat(re.sub(r"<[^>]+>", " ", html))
    for heading in HEADINGS:
        assert heading in text, heading
    for line in EXPECTED_LINES[2:]:
        assert line in text, line
    recommendation = briefed.briefs.get().recommendation
    assert f'action="{brief_url(briefed, recommendation)}"' in html
    assert 'id="id_a1-text"> Godt på vej.</textarea>' in html
    assert f'action="{finalise_url(briefed)}"' in html
    assert "Fremtidig status" not in html and "Hemmelig kladde" not in html


def test_saving_a_brief_from_the_review_page(client, june, world, editor):
    client.force_login(editor)
    response = client.post(brief_url(june, world.recommendation),
                           {"a1-text": "Godt på vej.", "a1-version": "0"})
    assert response.status_code == 303
    assert response["Location"] == f"{review_url(june)}#anbefaling-1"
    assert june.briefs.get().text == "Godt på vej."
    # Someone else saves; this editor's form still says version 1.
    save_brief(Author.for_user(editor), june, world.recommendation, "Andens tekst.", 1)
    response = client.post(brief_url(june, world.recommendation),
                           {"a1-text": "Min tekst.", "a1-version": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nogen har gemt før dig" in page
    assert ">\nMin tekst.</textarea>" in page
    assert 'name="a1-version" value="2"' in page
    response = client.post(brief_url(june, world.recommendation),
                           {"a1-text": "x" * 1201, "a1-version": "2"})
    assert response.status_code == 400
    assert june.briefs.get().text == "Andens tekst."


@pytest.mark.parametrize("who", ["reader", "contact", "editor_sjaelland"])
def test_only_the_councils_editors_review_brief_and_finalise(client, june, world, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(review_url(june)).status_code == 403
    assert client.post(brief_url(june, world.recommendation),
                       {"a1-text": "x", "a1-version": "0"}).status_code == 403
    assert client.post(finalise_url(june)).status_code == 403
    assert not AnnexSnapshot.objects.exists() and not june.briefs.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, june, world):
    for response in (client.get(review_url(june)), client.post(finalise_url(june)),
                     client.post(brief_url(june, world.recommendation), {})):
        assert response.status_code == 302 and "/login" in response["Location"] or \
            "log-ind" in response["Location"]


def test_finalising_takes_a_post(client, june, editor):
    client.force_login(editor)
    assert client.get(finalise_url(june)).status_code == 405


def test_finalise_then_anyone_downloads_it(client, june, editor):
    client.force_login(editor)
    response = client.post(finalise_url(june))
    assert response.status_code == 303
    assert response["Location"] == f"/moede/{june.pk}/#statusbilag"
    snapshot = AnnexSnapshot.objects.get(meeting=june)
    assert (snapshot.finalised_by, snapshot.data["as_of"]) == (editor, "2026-06-15")
    page = client.get(review_url(june)).content.decode()
    assert "<textarea" not in page and "Afslut statusbilaget" not in page

    client.logout()
    response = client.get(annex_url(june, "pdf"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="statusbilag-kkr-hovedstaden-2026-06-15.pdf"')
    assert "Udkast" not in "\n".join(pdf_text(response.content))

    client.force_login(editor)
    response = client.post(finalise_url(june), follow=True)
    assert "kan ikke afsluttes igen" in response.content.decode()
    assert AnnexSnapshot.objects.get().pk == snapshot.pk


def test_unknown_meeting_is_404(client, editor, reference_data):
    client.force_login(editor)
    assert client.get("/moede/999999/bilag.pdf").status_code == 404
    assert client.get("/moede/999999/bilag/").status_code == 404
    assert client.post("/moede/999999/bilag/afslut/").status_code == 404


def _button(meeting: Meeting, user=None, can_edit: bool = False) -> str:
    request = RequestFactory().get("/")
    request.user = user
    access = Access.for_user(user)
    html = render_to_string("meetings/includes/annex_button.html",
                            {"meeting": Meeting.objects.get(pk=meeting.pk), "access": access,
                             "can_edit": can_edit}, request=request)
    return " ".join(html.split())


def test_annex_button(june, editor, editor_sjaelland):
    from django.contrib.auth.models import AnonymousUser

    anonymous = _button(june, AnonymousUser())
    assert "Statusbilaget til mødet er ikke afsluttet endnu." in anonymous
    assert "bilag.pdf" not in anonymous and "/bilag/" not in anonymous
    assert "/bilag/" not in _button(june, editor_sjaelland)
    for_editor = _button(june, editor)
    assert f'href="/moede/{june.pk}/bilag/">Gennemse og afslut statusbilaget' in for_editor
    snapshot = finalise_annex(Author.for_user(editor), june)
    finalised = _button(june, AnonymousUser())
    day = timezone.localtime(snapshot.finalised_at).date()
    assert f"blev afsluttet {day.day}. {_month(day)} {day.year}." in finalised
    assert f'href="/moede/{june.pk}/bilag.docx"' in finalised


# --- the command --------------------------------------------------------------------------

def test_command_writes_a_draft_and_says_so(june, tmp_path, capsys):
    out = tmp_path / "bilag.pdf"
    call_command("meeting_annex", "--meeting", str(june.pk), "--format", "pdf", "--out",
                 str(out))
    assert capsys.readouterr().out == (
        "Udkast (ikke afsluttet): Statusbilaget til mødet i KKR Hovedstaden den 15. juni 2026 "
        f"skrevet til {out}.\n")
    assert pdf_text(out.read_bytes())[0].splitlines()[0].endswith("Udkast (ikke afsluttet)")


def test_command_writes_the_stored_file(june, editor, tmp_path, capsys):
    snapshot = finalise_annex(Author.for_user(editor), june)
    out = tmp_path / "bilag.docx"
    call_command("meeting_annex", "--meeting", str(june.pk), "--format", "docx", "--out",
                 str(out))
    assert capsys.readouterr().out == (
        "Statusbilaget til mødet i KKR Hovedstaden den 15. juni 2026 (afsluttet) skrevet til "
        f"{out}.\n")
    assert out.read_bytes() == bytes(snapshot.docx)


@pytest.mark.parametrize(("meeting", "fmt", "out", "message"), [
    ("999999", "pdf", "{tmp}/a.pdf", "Intet møde med id '999999'."),
    ("abc", "pdf", "{tmp}/a.pdf", "Intet møde med id 'abc'."),
    ("{id}", "odt", "{tmp}/a.odt", "Ukendt format 'odt': brug docx eller pdf."),
    ("{id}", "pdf", "{tmp}/findes-ikke/a.pdf",
     "Kan ikke skrive {tmp}/findes-ikke/a.pdf: mappen {tmp}/findes-ikke findes ikke."),
    ("{id}", "pdf", "{tmp}", "Kan ikke skrive {tmp}: det er en mappe."),
])
def test_command_errors_name_the_problem(june, tmp_path, meeting, fmt, out, message):
    fill = {"tmp": str(tmp_path), "id": str(june.pk)}
    with pytest.raises(CommandError) as error:
        call_command("meeting_annex", "--meeting", meeting.format(**fill), "--format", fmt,
                     "--out", out.format(**fill))
    assert str(error.value) == message.format(**fill)


def test_an_annex_frozen_in_the_first_format_still_downloads(client, june, editor):
    """Finalised before the files were stored (schema 1): rendered from what it froze."""
    old = {"schema": 1, "title": "Status på anbefalingerne",
           "council": {"name": "KKR Hovedstaden", "slug": "kkr-hovedstaden"},
           "meeting": {"id": june.pk, "title": "Junimøde", "date": "2026-06-15",
                       "date_text": "15. juni 2026", "time_text": "kl. 10.00",
                       "place": "Hillerød Rådhus"},
           "previous_meeting": {"id": 1, "title": "", "date": "2026-04-20",
                                "date_text": "20. april 2026", "time_text": "", "place": ""},
           "programme": {"title": "KKR Hovedstadens anbefalinger", "term": "2026-2029"},
           "as_of": "2026-06-10", "as_of_text": "10. juni 2026", "upcoming_days": 90,
           "recommendations": [{
               "number": 1, "headline": "Det specialiserede socialområde", "progress": 30,
               "progress_text": f"30{NBSP}%", "status_summary": "1 indsats: 1 i risiko",
               "initiatives": [{"title": "Fælles takstmodel", "status": "at_risk",
                                "status_label": "I risiko", "progress": 30,
                                "progress_text": f"30{NBSP}%"}],
               "changes": {"items": [{"date": "2026-05-10", "date_text": "10. maj 2026",
                                      "summary": "Indsats »Fælles takstmodel« ændret",
                                      "details": []}], "omitted": 0},
               "upcoming": [{"title": "Godkendelse i KKR", "label": "juni 2026",
                             "dates": "1.–30. juni 2026", "due": "2026-06-30",
                             "due_text": "30. juni 2026", "days": 20,
                             "when": "frist om 20 dage"}],
               "overdue": [], "rollups": []}]}
    AnnexSnapshot.objects.create(meeting=june, data=old)
    text = flat("\n".join(pdf_text(client.get(annex_url(june, "pdf")).content)))
    assert "Fælles takstmodel – I risiko · 30 %" in text
    assert "Godkendelse i KKR (juni 2026): Frist 30. juni 2026, frist om 20 dage" in text
    assert "10. maj 2026: Indsats »Fælles takstmodel« ændret." in text
    assert client.get(annex_url(june, "docx")).status_code == 200
    client.force_login(editor)
    assert client.get(review_url(june)).status_code == 200


def test_portfolio_movement_and_indicator_figures(june):
    from kkrmonitor.indicators.models import Area, Observation
    from kkrmonitor.joint import services as joint_services
    from kkrmonitor.joint.models import Portfolio, PortfolioStage, Project
    from tests.indicators.data import upload_indicator

    portfolio = Portfolio.objects.create(slug="infra", name="Prioriterede projekter",
                                         council=june.council)
    analyse, vvm = (PortfolioStage.objects.create(portfolio=portfolio, position=n, name=name)
                    for n, name in enumerate(["Analyse", "Miljøvurdering"]))
    project = joint_services.create_project(SETUP, Project(portfolio=portfolio, slug="kyst"),
                                            joint_services.ProjectData("Kystbanen",
                                                                       stage_id=analyse.pk))
    mark = last_event_id()
    joint_services.update_project(SETUP, project, joint_services.ProjectData(
        "Kystbanen", stage_id=vvm.pk), project.version)
    dated_since(mark, date(2026, 5, 5))
    joint_services.add_project_event(SETUP, project, date(2026, 5, 6), "Høring afsluttet")
    joint_services.add_project_event(SETUP, project, date(2026, 7, 1), "Efter mødet")

    indicator = upload_indicator("pladser", source="Danmarks Statistik, tabel X")
    indicator.recommendations.add(june.council.programmes.get().recommendations.get(number=1))
    area = Area.objects.create(kind=Area.Kind.COUNCIL, code=june.council.slug,
                               name="KKR Hovedstaden", council=june.council)
    for period, start, value in (("2025", date(2025, 1, 1), 1234.5),
                                 ("2026", date(2026, 1, 1), None),
                                 ("2027", date(2027, 1, 1), 99.0)):
        Observation.objects.create(indicator=indicator, area=area, period=period,
                                   period_start=start, value=value, source="upload",
                                   retrieved_at=at(date(2026, 3, 2)))

    data = build_annex_data(june)
    assert data["portfolios"] == [{"name": "Prioriterede projekter", "lines": [
        "»Kystbanen« er gået fra Analyse til Miljøvurdering (5. maj 2026).",
        "»Kystbanen«, 6. maj 2026: Høring afsluttet."]}]
    assert data["recommendations"][0]["indicators"] == [{
        "name": "Syntetisk pladser", "value_text": "1.234,5 antal", "area": "KKR Hovedstaden",
        "period": "2025", "source": "Danmarks Statistik, tabel X",
        "retrieved": "2. marts 2026"}]
    text = flat("\n".join(pdf_text(render_pdf(data))))
    assert ("Syntetisk pladser: 1.234,5 antal (KKR Hovedstaden, 2025). Kilde: Danmarks "
            "Statistik, tabel X, hentet 2. marts 2026.") in text
    assert "Projekterne i rådets porteføljer" in text
