"""The meeting's status annex: its content, the frozen snapshot, the Word and PDF files as an
office suite and a PDF reader see them, the download and finalise views, and `kkr
meeting_annex`."""

from __future__ import annotations

import io
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
from kkrmonitor.audit import Author
from kkrmonitor.meetings import annex as annex_module
from kkrmonitor.meetings import services
from kkrmonitor.meetings.annex import (
    AnnexAlreadyFinalised,
    annex_for,
    build_annex_data,
    finalise_annex,
    municipality_rollups,
)
from kkrmonitor.meetings.annex_docx import render_docx
from kkrmonitor.meetings.annex_pdf import render_pdf
from kkrmonitor.meetings.danish_format import days_text, percent, window_text
from kkrmonitor.meetings.models import AnnexSnapshot, Meeting
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import AuditEvent, Initiative, Publication, Status
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
    An overdue milestone (March) and the world's June milestone (coming) round it off."""
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


def test_municipality_rollups_are_a_seam_that_returns_nothing_yet(world):
    assert municipality_rollups(world.recommendation) == []


# --- the content --------------------------------------------------------------------------

def test_build_annex_data(june):
    data = build_annex_data(june, TODAY)
    assert {k: data[k] for k in ("schema", "title", "council", "as_of", "as_of_text",
                                 "upcoming_days", "programme")} == {
        "schema": 1, "title": "Status på anbefalingerne",
        "council": {"name": "KKR Hovedstaden", "slug": "kkr-hovedstaden"},
        "as_of": "2026-06-10", "as_of_text": "10. juni 2026", "upcoming_days": 90,
        "programme": {"title": "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden",
                      "term": "2026-2029"},
    }
    assert data["meeting"] == {"id": june.pk, "title": "Junimøde", "date": "2026-06-15",
                               "date_text": "15. juni 2026", "time_text": "kl. 10.00",
                               "place": "Hillerød Rådhus"}
    assert data["previous_meeting"]["date_text"] == "20. april 2026"
    assert [r["number"] for r in data["recommendations"]] == list(range(1, 10))

    rec1 = data["recommendations"][0]
    assert rec1["headline"].startswith("KKR Hovedstaden skal fortsat investere i tættere")
    assert (rec1["progress"], rec1["progress_text"]) == (45, f"45{NBSP}%")
    assert rec1["status_summary"] == "2 indsatser: 1 på sporet, 1 i risiko"
    assert rec1["initiatives"] == [
        {"title": "Fælles takstmodel", "status": "at_risk", "status_label": "I risiko",
         "progress": 30, "progress_text": f"30{NBSP}%"},
        {"title": "Kvalitetsmål", "status": "on_track", "status_label": "På sporet",
         "progress": 60, "progress_text": f"60{NBSP}%"}]
    # Changes since 20 April, oldest first; nothing about the draft initiative.
    assert [(c["date_text"], c["summary"]) for c in rec1["changes"]["items"]] == [
        ("10. maj 2026", "Statusopdatering »Fælles takstmodel: I risiko (10.05.2026)« oprettet"),
        ("12. maj 2026", "Indsats »Kvalitetsmål« offentliggjort"),
        ("12. maj 2026", "Statusopdatering »Kvalitetsmål: På sporet (12.05.2026)« oprettet"),
    ]
    assert rec1["changes"]["items"][0]["details"] == [
        "Status: I risiko", "Fremdrift (%): 30", "Beskrivelse: Data mangler fra to kommuner.",
        "Dato: 10. maj 2026", "Indsatsens status: Ikke startet → I risiko",
        "Indsatsens fremdrift (%): 0 → 30", "Anbefalingens fremdrift (%): 0 → 30"]
    assert rec1["changes"]["omitted"] == 0
    assert rec1["upcoming"] == [{
        "title": "Godkendelse i KKR", "label": "juni 2026", "dates": "1.–30. juni 2026",
        "due": "2026-06-30", "due_text": "30. juni 2026", "days": 20,
        "when": "frist om 20 dage"}]
    # The programme's own spring milestone has no initiative to finish it: overdue too.
    assert rec1["overdue"] == [{
        "title": "Kvalitetsmål vedtaget", "label": "marts 2026", "dates": "1.–31. marts 2026",
        "due": "2026-03-31", "due_text": "31. marts 2026", "days": -71,
        "when": "udfald ikke registreret"}, {
        "title": "Initiativerne skal godkendes i foråret 2026.", "label": "foråret 2026",
        "dates": "1. marts – 31. maj 2026", "due": "2026-05-31", "due_text": "31. maj 2026",
        "days": -10, "when": "udfald ikke registreret"}]
    assert rec1["rollups"] == []
    rec7 = data["recommendations"][6]
    assert rec7["status_summary"] == "Ingen offentliggjorte indsatser endnu"
    assert (rec7["progress_text"], rec7["changes"], rec7["upcoming"]) == (
        "–", {"items": [], "omitted": 0}, [])
    assert "Hemmelig kladde" not in str(data)


def test_the_first_meeting_has_no_changes_to_show(world):
    data = build_annex_data(world.meeting, date(2026, 4, 15))
    assert data["previous_meeting"] is None
    assert all(r["changes"] is None for r in data["recommendations"])


# --- finalising ---------------------------------------------------------------------------

def test_finalise_annex_freezes_the_content_and_writes_one_audit_event(june, editor):
    mark = last_event_id()
    snapshot = finalise_annex(Author.for_user(editor), june, today=TODAY)
    assert snapshot.data == build_annex_data(june, TODAY)
    assert snapshot.finalised_by == editor
    [event] = AuditEvent.objects.filter(id__gt=mark)
    assert (event.action, event.object_type, event.object_id, event.user) == (
        "finalise", "annexsnapshot", str(snapshot.pk), editor)
    assert event.changes["recommendations"] == [None, 9]


def test_refinalising_is_refused_in_danish(june, editor):
    first = finalise_annex(Author.for_user(editor), june, today=TODAY)
    mark = last_event_id()
    with pytest.raises(AnnexAlreadyFinalised) as refused:
        finalise_annex(Author.for_user(editor), june)
    day = timezone.localdate(first.finalised_at)
    assert str(refused.value) == (
        f"Statusbilaget blev afsluttet den {day.day}. {_month(day)} {day.year} og kan ikke "
        "afsluttes igen. Et afsluttet bilag ændres ikke.")
    assert AnnexSnapshot.objects.get().data == first.data
    assert last_event_id() == mark


def _month(day: date) -> str:
    from kkrmonitor.meetings.wheel import MONTH_NAMES

    return MONTH_NAMES[day.month - 1]


def pdf_text(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def flat(text: str) -> str:
    """Text with every run of whitespace as one space. Where a line breaks in a PDF depends on
    the fonts and the layout engine's version on the machine (LibreOffice substitutes fonts the
    document names but the machine lacks), so fragments are compared without line breaks."""
    return " ".join(text.split())


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def test_a_finalised_annex_never_changes(june, editor):
    """Change a status after finalising: the annex stays the same, the live pages move on."""
    finalise_annex(Author.for_user(editor), june, today=TODAY)
    frozen, draft = annex_for(june)
    assert not draft
    before_pdf, before_docx = pdf_text(render_pdf(frozen)), docx_text(render_docx(frozen))

    initiative = Initiative.objects.get(title="Fælles takstmodel")
    programme_services.add_status_update(SETUP, initiative, Status.DONE, 100, "Færdig.",
                                         date(2026, 6, 10), publish=True)
    programme_services.create_milestone(SETUP, initiative.recommendation, "Ny milepæl",
                                        parse_window("juli 2026"), initiative)

    after, draft = annex_for(june)
    assert (after, draft) == (frozen, False)
    assert pdf_text(render_pdf(after)) == before_pdf
    assert docx_text(render_docx(after)) == before_docx
    assert "2 indsatser: 1 på sporet, 1 i risiko" in before_docx
    # The live content has moved on.
    live = build_annex_data(june, TODAY)["recommendations"][0]
    assert live["status_summary"] == "2 indsatser: 1 på sporet, 1 afsluttet"
    assert live != frozen["recommendations"][0]


# --- the Word document --------------------------------------------------------------------

HEADINGS = ["Status på anbefalingerne", "Overblik", "Anbefaling 1: KKR Hovedstaden skal "
            "fortsat investere i tættere samarbejde og styring på det specialiserede "
            "socialområde, så kvaliteten styrkes samtidig med, at der er styr på økonomien",
            "Ændringer siden forrige møde", "Kommende frister", "Overskredne frister"]


def test_docx_structure(june):
    document = Document(io.BytesIO(render_docx(build_annex_data(june, TODAY))))
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:6] == [
        ("Title", HEADINGS[0]), ("Heading 1", HEADINGS[1]), ("Heading 1", HEADINGS[2]),
        ("Heading 2", HEADINGS[3]), ("Heading 2", HEADINGS[4]), ("Heading 2", HEADINGS[5])]
    assert sum(1 for style, _ in headings if style == "Heading 1") == 10  # overview + nine
    assert "Kommunernes fremdrift" not in docx_text(render_docx(build_annex_data(june, TODAY)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert ("Bilag til mødet i KKR Hovedstaden den 15. juni 2026, kl. 10.00, Hillerød Rådhus"
            in text)
    assert "Ændringer er regnet fra rådets forrige møde den 20. april 2026." in text
    assert "30. juni 2026, frist om 20 dage: Godkendelse i KKR (juni 2026)" in text
    assert "31. marts 2026, udfald ikke registreret: Kvalitetsmål vedtaget (marts 2026)" in text
    assert "Udkast" not in text
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.header.paragraphs[0].text == (
        "KKR Hovedstaden · møde 15. juni 2026\tStatus på anbefalingerne")
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert section.footer.paragraphs[0].text == "Side 1 af 1"  # the fields' placeholders
    table = document.tables[1]  # rec 1's initiatives, after the overview
    assert [c.text for c in table.rows[0].cells] == ["Indsats", "Status", "Fremdrift"]
    assert [c.text for c in table.rows[1].cells] == ["Fælles takstmodel", "I risiko",
                                                     f"30{NBSP}%"]
    assert 'w:val="da-DK"' in document.styles.element.xml


def test_a_draft_docx_says_so(june):
    document = Document(io.BytesIO(render_docx(build_annex_data(june, TODAY), draft=True)))
    assert document.sections[0].header.paragraphs[0].text.endswith("\tUdkast (ikke afsluttet)")
    assert ("Udkast (ikke afsluttet): indholdet kan stadig ændre sig."
            in "\n".join(p.text for p in document.paragraphs))


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
def test_the_docx_opens_in_libreoffice(june, tmp_path):
    source = tmp_path / "statusbilag.docx"
    source.write_bytes(render_docx(build_annex_data(june, TODAY)))
    pages = [flat(page) for page in
             pdf_text(convert_with_libreoffice(source, tmp_path).read_bytes())]
    text = " ".join(pages)
    for heading in HEADINGS:
        assert flat(heading) in text
    assert "KKR Hovedstaden · møde 15. juni 2026" in pages[0]
    assert f"Side 1 af {len(pages)}" in pages[0]  # the fields were filled in
    assert f"Side {len(pages)} af {len(pages)}" in pages[-1]
    assert "Anbefaling 9: KKR Hovedstaden vil følge sundhedsreformen" in text


# --- the PDF ------------------------------------------------------------------------------

def test_pdf(june):
    content = render_pdf(build_annex_data(june, TODAY))
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
    text = flat("\n".join(pages))
    for heading in HEADINGS:
        assert flat(heading) in text
    assert "Bilag til mødet i KKR Hovedstaden den 15. juni 2026, kl. 10.00" in text
    assert "30. juni 2026, frist om 20 dage: Godkendelse i KKR (juni 2026)" in text
    assert "Kommunernes fremdrift" not in text
    assert "Udkast" not in text
    assert any("IBM-Plex-Sans" in name for name in fonts), fonts


def test_a_draft_pdf_says_so_on_every_page(june):
    pages = pdf_text(render_pdf(build_annex_data(june, TODAY), draft=True))
    assert all(p.splitlines()[0].endswith("Udkast (ikke afsluttet)") for p in pages)
    assert "Udkast (ikke afsluttet): indholdet kan stadig ændre sig." in flat(pages[0])


def test_rollups_appear_only_when_there_are_some(june, monkeypatch):
    monkeypatch.setattr(annex_module, "municipality_rollups", lambda rec: [
        {"title": "Fælles it-driftsenheder", "done": 17, "total": 29,
         "text": "17 af 29 kommuner"}] if rec.number == 7 else [])
    data = build_annex_data(june, TODAY)
    text = flat("\n".join(pdf_text(render_pdf(data))))
    assert text.count("Kommunernes fremdrift") == 1
    assert "Kommunernes fremdrift • Fælles it-driftsenheder: 17 af 29 kommuner" in text
    assert "Fælles it-driftsenheder: 17 af 29 kommuner" in docx_text(render_docx(data))


# --- the views ----------------------------------------------------------------------------

def annex_url(meeting: Meeting, fmt: str) -> str:
    return f"/moede/{meeting.pk}/bilag.{fmt}"


def finalise_url(meeting: Meeting) -> str:
    return f"/moede/{meeting.pk}/bilag/afslut/"


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
def test_editors_preview_a_draft(client, june, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(annex_url(june, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="statusbilag-kkr-hovedstaden-2026-06-15-udkast.pdf"')
    assert response["Cache-Control"] == "private, no-store"
    assert pdf_text(response.content)[0].splitlines()[0].endswith("Udkast (ikke afsluttet)")
    response = client.get(annex_url(june, "docx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert "Udkast (ikke afsluttet)" in docx_text(response.content)
    assert not AnnexSnapshot.objects.exists()


@pytest.mark.parametrize("who", [None, "reader", "contact", "editor_sjaelland"])
def test_only_the_councils_editors_may_finalise(client, june, who, request):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.post(finalise_url(june)).status_code == 403
    assert not AnnexSnapshot.objects.exists()


def test_finalising_takes_a_post(client, june, editor):
    client.force_login(editor)
    assert client.get(finalise_url(june)).status_code == 405


def test_finalise_then_anyone_downloads_it(client, june, editor):
    client.force_login(editor)
    response = client.post(finalise_url(june))
    assert response.status_code == 303
    assert response["Location"] == f"/moede/{june.pk}/#statusbilag"
    snapshot = AnnexSnapshot.objects.get(meeting=june)
    assert (snapshot.finalised_by, snapshot.data["as_of"]) == (editor, "2026-06-10")

    client.logout()
    response = client.get(annex_url(june, "pdf"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="statusbilag-kkr-hovedstaden-2026-06-15.pdf"')
    assert "Udkast" not in "\n".join(pdf_text(response.content))
    response = client.get(annex_url(june, "docx"))
    assert response.status_code == 200
    assert "Status på anbefalingerne" in docx_text(response.content)

    client.force_login(editor)
    response = client.post(finalise_url(june), follow=True)
    assert "kan ikke afsluttes igen" in response.content.decode()
    assert AnnexSnapshot.objects.get().pk == snapshot.pk


def test_unknown_meeting_is_404(client, editor, reference_data):
    client.force_login(editor)
    assert client.get("/moede/999999/bilag.pdf").status_code == 404
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
    assert "<form" not in anonymous and "bilag.pdf" not in anonymous
    assert "<form" not in _button(june, editor_sjaelland)
    for_editor = _button(june, editor)
    assert f'action="/moede/{june.pk}/bilag/afslut/"' in for_editor
    assert "csrfmiddlewaretoken" in for_editor
    assert f'href="/moede/{june.pk}/bilag.pdf">Se udkastet (PDF)' in for_editor
    snapshot = finalise_annex(Author.for_user(editor), june)
    finalised = _button(june, AnonymousUser())
    day = timezone.localtime(snapshot.finalised_at).date()
    assert f"blev afsluttet {day.day}. {_month(day)} {day.year}." in finalised
    assert f'href="/moede/{june.pk}/bilag.docx"' in finalised
    assert "<form" not in _button(june, editor)


# --- the command --------------------------------------------------------------------------

def test_command_writes_a_draft_and_says_so(june, tmp_path, capsys):
    out = tmp_path / "bilag.pdf"
    call_command("meeting_annex", "--meeting", str(june.pk), "--format", "pdf", "--out",
                 str(out))
    assert capsys.readouterr().out == (
        "Udkast (ikke afsluttet): Statusbilaget til mødet i KKR Hovedstaden den 15. juni 2026 "
        f"skrevet til {out}.\n")
    assert pdf_text(out.read_bytes())[0].splitlines()[0].endswith("Udkast (ikke afsluttet)")


def test_command_writes_the_frozen_annex(june, editor, tmp_path, capsys):
    finalise_annex(Author.for_user(editor), june, today=TODAY)
    out = tmp_path / "bilag.docx"
    call_command("meeting_annex", "--meeting", str(june.pk), "--format", "docx", "--out",
                 str(out))
    assert capsys.readouterr().out == (
        "Statusbilaget til mødet i KKR Hovedstaden den 15. juni 2026 (afsluttet) skrevet til "
        f"{out}.\n")
    assert docx_text(out.read_bytes()) == docx_text(
        render_docx(AnnexSnapshot.objects.get().data))


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
