"""The meeting-document pages in headless Chromium with axe-core (WCAG 2.1 AA): the upload,
the review of imported items with one-click accept (htmx), the new-attachment form, and the
meeting page listing its material."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from kkrmonitor.audit import Author
from kkrmonitor.meetings.document_import import import_meeting_document
from kkrmonitor.meetings.models import LinkSuggestion
from tests.browser.test_meetings_browser import check, log_in

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"


@pytest.fixture
def documents(seed_programme, settings, tmp_path) -> dict[str, str]:
    settings.KKR_MEDIA_DIR = tmp_path / "media"
    result = import_meeting_document(
        Author("Testopsætning", "cli"), seed_programme.council, date(2026, 4, 20),
        "kkr-dagsorden.txt", (FIXTURES / "kkr-dagsorden.txt").read_bytes())
    meeting = result.meeting
    assert meeting is not None
    return {
        "meeting": meeting.get_absolute_url(),
        "upload": reverse("meeting_document_upload", args=["kkr-hovedstaden"]),
        "imported": reverse("imported_items", args=[meeting.pk]),
        "attachment": reverse("attachment_create", args=[meeting.pk]),
    }


@pytest.mark.parametrize("name", ["meeting", "upload", "imported", "attachment"])
@pytest.mark.parametrize("width", [1280, 320])
def test_meeting_document_pages_are_accessible(page, live_server, documents, editor,
                                               csp_errors, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, editor)
    response = page.goto(live_server.url + documents[name])
    assert response.status == 200
    check(page, f"documents-{name}", width, csp_errors)


def test_the_public_meeting_page_with_its_material_is_accessible(page, live_server, documents,
                                                                 csp_errors):
    response = page.goto(live_server.url + documents["meeting"])
    assert response.status == 200
    assert page.get_by_role("link", name="Dagsorden: kkr-dagsorden.txt").is_visible()
    check(page, "documents-meeting-public", 1280, csp_errors)


def test_an_editor_accepts_a_suggestion_with_one_click(page, live_server, documents, editor,
                                                       csp_errors):
    log_in(page, live_server.url, editor)
    page.goto(live_server.url + documents["imported"])
    suggestion = LinkSuggestion.objects.filter(
        recommendation__isnull=False, agenda_item__imported__source_number="3.1").order_by(
        "-score").first()
    row = page.locator(f"#forslag-{suggestion.pk}")
    row.get_by_role("button", name="Godkend forslaget").click()
    page.locator(f"#forslag-{suggestion.pk} .badge-success").wait_for()
    assert page.url.endswith(documents["imported"])  # swapped in place, no page load
    suggestion.refresh_from_db()
    assert suggestion.state == "accepted"
    assert list(suggestion.agenda_item.recommendations.all()) == [suggestion.recommendation]
    check(page, "documents-imported-accepted", 1280, csp_errors)


def test_the_upload_shows_its_errors_accessibly(page, live_server, documents, editor,
                                                csp_errors):
    log_in(page, live_server.url, editor)
    page.goto(live_server.url + documents["upload"])
    page.get_by_role("button", name="Indlæs dokumentet").click()
    page.wait_for_load_state()
    assert page.locator(".form-error-message").count() >= 1
    check(page, "documents-upload-errors", 1280, csp_errors)
