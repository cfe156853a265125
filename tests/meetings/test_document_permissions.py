"""Meeting documents' writes × every role: anonymous visitors are sent to log in; a reader, a
municipal contact and an editor of another council get 403 and change nothing; the council's
editor and an administrator write, with one audit event each. Plus the pages: the review page,
the one-click accept/reject (htmx and plain), and the public download and draft rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kkrmonitor.audit import Author
from kkrmonitor.meetings.document_import import import_meeting_document
from kkrmonitor.meetings.models import AgendaItem, Attachment, LinkSuggestion, Meeting
from kkrmonitor.programme.models import AuditEvent, Council

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"
ON = date(2026, 4, 20)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.KKR_MEDIA_DIR = tmp_path / "media"


@pytest.fixture
def imported(seed_programme) -> Meeting:
    council = Council.objects.get(slug="kkr-hovedstaden")
    result = import_meeting_document(Author("Test", "cli"), council, ON, "kkr-dagsorden.txt",
                                     (FIXTURES / "kkr-dagsorden.txt").read_bytes())
    assert result.meeting is not None
    return result.meeting


def _pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer)
    y = 800
    for line in (FIXTURES / "kkr-dagsorden.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("SIDE "):
            pdf.showPage()
            y = 800
            continue
        pdf.drawString(40, y, line)
        y -= 14
    pdf.save()
    return buffer.getvalue()


def _xlsx() -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Kommune", "Pladser"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx() -> bytes:
    from io import BytesIO

    from docx import Document

    document = Document()
    for line in (FIXTURES / "kkr-referat.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _first_suggestion(meeting: Meeting) -> LinkSuggestion:
    return LinkSuggestion.objects.filter(agenda_item__meeting=meeting,
                                         recommendation__isnull=False).order_by("id").first()


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: Callable[[Meeting], str]
    data: Callable[[Meeting], dict[str, Any]]
    probe: Callable[[Meeting], Any]
    get_allowed: bool  # whether GET shows a page (a form) to those allowed


ENDPOINTS = [
    Endpoint("meeting_document_upload",
             lambda m: reverse("meeting_document_upload", args=["kkr-hovedstaden"]),
             lambda m: {"date": "2026-06-18", "kind": "dagsorden",
                        "file": SimpleUploadedFile("dagsorden.pdf", _pdf(), "application/pdf")},
             lambda m: sorted(Meeting.objects.values_list("date", flat=True)), True),
    Endpoint("suggestion_decide",
             lambda m: reverse("suggestion_decide", args=[_first_suggestion(m).pk]),
             lambda m: {"valg": "godkend"},
             lambda m: (_first_suggestion(m).state,
                        list(_first_suggestion(m).agenda_item.recommendations.all())), False),
    Endpoint("attachment_create",
             lambda m: reverse("attachment_create", args=[m.pk]),
             lambda m: {"agenda_item": "",
                        "file": SimpleUploadedFile("tal.xlsx", _xlsx(), "text/plain")},
             lambda m: sorted(m.attachments.values_list("filename", flat=True)), True),
    Endpoint("agenda_item_publish",
             lambda m: reverse("agenda_item_publish",
                               args=[m.agenda_items.order_by("number").first().pk]),
             lambda m: {},
             lambda m: m.agenda_items.order_by("number").first().publication, False),
]
BY_NAME = {e.name: e for e in ENDPOINTS}
REFUSED = ["reader", "contact", "editor_sjaelland"]
ALLOWED = ["editor", "admin_user"]


def test_the_matrix_covers_every_meeting_document_write():
    from kkrmonitor import urls  # noqa: F401  (registers the converters first)
    from kkrmonitor.meetings import urls as meeting_urls

    reading = {"imported_items", "attachment_download"}
    names = {p.name for p in meeting_urls.urlpatterns
             if p.callback.__module__.endswith("document_views")} - reading
    assert names == set(BY_NAME)


@pytest.mark.parametrize("name", list(BY_NAME))
def test_anonymous_is_sent_to_log_in(client, imported, name):
    endpoint = BY_NAME[name]
    before, events = endpoint.probe(imported), AuditEvent.objects.count()
    response = client.post(endpoint.url(imported), endpoint.data(imported))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert endpoint.probe(imported) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("name", list(BY_NAME))
def test_others_are_refused(client, imported, request, role, name):
    endpoint = BY_NAME[name]
    client.force_login(request.getfixturevalue(role))
    before, events = endpoint.probe(imported), AuditEvent.objects.count()
    assert client.post(endpoint.url(imported), endpoint.data(imported)).status_code == 403
    assert endpoint.probe(imported) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ALLOWED)
@pytest.mark.parametrize("name", list(BY_NAME))
def test_editors_and_admins_write(client, imported, request, role, name):
    endpoint = BY_NAME[name]
    user = request.getfixturevalue(role)
    client.force_login(user)
    before, event_id = endpoint.probe(imported), AuditEvent.objects.order_by("-id").first().id
    if endpoint.get_allowed:
        assert client.get(endpoint.url(imported)).status_code == 200
    response = client.post(endpoint.url(imported), endpoint.data(imported))
    assert response.status_code == 302, response.content.decode()[:500]
    assert endpoint.probe(imported) != before
    events = AuditEvent.objects.filter(id__gt=event_id)
    assert events.exists()
    assert {(e.user_id, e.channel) for e in events} == {(user.pk, "web")}


@pytest.mark.parametrize("role", ["reader", "contact", "editor_sjaelland"])
def test_the_review_page_is_for_the_councils_editors(client, imported, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("imported_items", args=[imported.pk])).status_code == 403


def test_the_uploaded_pdf_is_read_with_its_pages_and_kept(client, seed_programme, editor):
    client.force_login(editor)
    response = client.post(reverse("meeting_document_upload", args=["kkr-hovedstaden"]),
                           BY_NAME["meeting_document_upload"].data(None), follow=True)
    assert response.status_code == 200
    meeting = Meeting.objects.get(date=date(2026, 6, 18))
    assert [str(m) for m in response.context["messages"]] == [
        "5 punkter er indlæst som kladder. Gennemse dem og forslagene herunder."]
    pages = [(i.imported.source_number, i.imported.page)
             for i in meeting.agenda_items.order_by("number")]
    assert pages == [("1.1", 2), ("2.1", 3), ("3.1", 4), ("3.2", 5), ("3.3", 6)]
    attachment = meeting.attachments.get()
    assert attachment.content_type == "application/pdf"
    download = client.get(reverse("attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert 'filename="dagsorden.pdf"' in download["Content-Disposition"]


def test_a_file_that_only_claims_to_be_a_pdf_is_refused(client, seed_programme, editor):
    client.force_login(editor)
    response = client.post(
        reverse("meeting_document_upload", args=["kkr-hovedstaden"]),
        {"date": "2026-06-18", "kind": "dagsorden",
         "file": SimpleUploadedFile("dagsorden.pdf", b"<html>not a pdf</html>", "application/pdf")})
    assert response.status_code == 400
    assert ("Filens indhold er hverken PDF, Word eller tekst. Kun PDF-, Word- (.docx) og "
            "Excel-filer (.xlsx) kan vedhæftes.") in response.content.decode()
    assert not Meeting.objects.filter(date=date(2026, 6, 18)).exists()
    assert not Attachment.objects.exists()


def test_one_click_accept_links_and_reject_is_never_suggested_again(client, imported, editor):
    client.force_login(editor)
    suggestion = _first_suggestion(imported)
    item = suggestion.agenda_item
    response = client.post(reverse("suggestion_decide", args=[suggestion.pk]),
                           {"valg": "godkend"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<li id="forslag-{suggestion.pk}"')
    assert "Godkendt" in html
    assert list(item.recommendations.all()) == [suggestion.recommendation]
    client.post(reverse("suggestion_decide", args=[suggestion.pk]), {"valg": "afvis"})
    assert list(item.recommendations.all()) == []
    # The same file under another name, for the same meeting: the rejected pair stays out.
    from kkrmonitor.meetings.document_import import suggest_links
    from kkrmonitor.meetings.link_scoring import Ranker, Target

    ranker = Ranker([Target(f"recommendation:{suggestion.recommendation_id}",
                            ((item.title, 1.0),))])
    assert suggest_links(item, item.title, ranker) == []


def test_the_public_never_sees_imported_drafts(client, imported):
    page = client.get(reverse("meeting", args=[imported.pk])).content.decode()
    assert "Rammeaftale for det specialiserede socialområde" not in page
    assert "Der er endnu ikke registreret en dagsorden for mødet." in page
    assert "Dagsorden: kkr-dagsorden.txt" in page  # the official document itself is public
    item = imported.agenda_items.get(number=3)
    item.publication = "published"
    item.save()
    page = client.get(reverse("meeting", args=[imported.pk])).content.decode()
    assert "Rammeaftale for det specialiserede socialområde" in page
    assert AgendaItem.objects.filter(meeting=imported, publication="draft").count() == 4


def test_a_reader_sees_the_drafts_marked(client, imported, reader):
    client.force_login(reader)
    page = client.get(reverse("meeting", args=[imported.pk])).content.decode()
    assert "Rammeaftale for det specialiserede socialområde" in page
    assert page.count("Kladde</span>") == 5


def test_an_excel_enclosure_on_an_item_is_kept_and_sniffed_by_content(client, imported, editor):
    client.force_login(editor)
    item = imported.agenda_items.get(number=3)
    response = client.post(reverse("attachment_create", args=[imported.pk]),
                           {"agenda_item": str(item.pk),
                            "file": SimpleUploadedFile("bilag.pdf", _xlsx(), "application/pdf")},
                           follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Bilaget »bilag.pdf« er tilføjet."]
    attachment = item.attachments.get()
    assert attachment.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    # The item is still a draft: its enclosure is not for the public.
    client.logout()
    assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 404


def test_an_enclosure_that_is_not_pdf_word_or_excel_is_refused(client, imported, editor):
    client.force_login(editor)
    response = client.post(reverse("attachment_create", args=[imported.pk]),
                           {"agenda_item": "",
                            "file": SimpleUploadedFile("noter.docx", b"just text")})
    assert response.status_code == 400
    assert ("Filens indhold er hverken PDF, Word eller Excel. Kun PDF-, Word- (.docx) og "
            "Excel-filer (.xlsx) kan vedhæftes.") in response.content.decode()
    assert list(imported.attachments.values_list("kind", flat=True)) == ["dagsorden"]


def test_an_enclosure_over_the_size_limit_is_refused(client, imported, editor, monkeypatch):
    from kkrmonitor import upload_limits

    monkeypatch.setattr(upload_limits, "ATTACHMENTS", upload_limits.Limits(
        max_bytes=1024 * 1024, max_rows=0, max_unpacked=10 * 1024 * 1024))
    monkeypatch.setattr("kkrmonitor.meetings.attachments.ATTACHMENTS",
                        upload_limits.ATTACHMENTS)
    client.force_login(editor)
    big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    response = client.post(reverse("attachment_create", args=[imported.pk]),
                           {"agenda_item": "", "file": SimpleUploadedFile("stor.pdf", big)})
    assert response.status_code == 400
    assert "Filen fylder 3 MB; den må højst fylde 1 MB." in response.content.decode()


def test_minutes_in_word_are_read_like_the_text(client, seed_programme, editor):
    client.force_login(editor)
    client.post(reverse("meeting_document_upload", args=["kkr-hovedstaden"]),
                {"date": "2026-06-18", "kind": "referat",
                 "file": SimpleUploadedFile("referat.docx", _docx())})
    meeting = Meeting.objects.get(date=date(2026, 6, 18))
    assert [(i.imported.source_number, i.title, i.imported.page)
            for i in meeting.agenda_items.order_by("number")] == [
        ("1", "Godkendelse af referat", None),
        ("2", "Sundhedsreformen og Sundhedskoordinationsforum", None),
        ("3", "Klimaalliancen og fælles klimaindsatser", None),
    ]
    assert meeting.attachments.get().kind == "referat"


def test_the_meetings_api_lists_imported_drafts_to_members_only(client, imported, reader):
    url = f"/api/moede/{imported.pk}"
    assert client.get(url).json()["agenda_items"] == []
    client.force_login(reader)
    assert [i["title"] for i in client.get(url).json()["agenda_items"]][:2] == [
        "Godkendelse af referat", "Siden sidst"]


def test_a_published_item_links_to_its_page_in_the_document(client, seed_programme, editor):
    client.force_login(editor)
    client.post(reverse("meeting_document_upload", args=["kkr-hovedstaden"]),
                BY_NAME["meeting_document_upload"].data(None))
    meeting = Meeting.objects.get(date=date(2026, 6, 18))
    item = meeting.agenda_items.get(number=4)
    client.post(reverse("agenda_item_publish", args=[item.pk]))
    client.logout()
    html = client.get(meeting.get_absolute_url()).content.decode()
    link = reverse("attachment_download", args=[meeting.attachments.get().pk])
    assert f'Punkt 3.2 på side 5 i <a href="{link}">dagsordenen</a>' in html
    assert "Status på BRT og de regionale infrastrukturprojekter" in html
    assert "Rammeaftale for det specialiserede socialområde" not in html
