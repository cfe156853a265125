"""What a person sees on the meeting pages: headless Chromium with axe-core (WCAG 2.1 AA), no
Content-Security-Policy errors, one h1, and no sideways scrolling on a 320 px phone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from kkrmonitor.audit import Author
from kkrmonitor.meetings import services
from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.meetings.reference import load_reference_meetings
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import Initiative, Publication, Status
from tests.conftest import axe_violations, format_violations

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/kkr-shots")
SETUP = Author(label="Testopsætning", channel="cli")


@pytest.fixture
def meetings(seed_programme) -> dict[str, str]:
    """The reference meetings, and a meeting with every kind of item, links, a decision that
    moved a milestone and changed a status. Returns the page URLs."""
    load_reference_meetings()
    rec1 = seed_programme.recommendations.get(number=1)
    initiative = programme_services.create_initiative(
        SETUP, rec1, programme_services.InitiativeData(
            title="Fælles takstmodel for specialiserede tilbud på tværs af kommunerne"))
    programme_services.set_initiative_publication(SETUP, initiative, Publication.PUBLISHED, 1)
    milestone = programme_services.create_milestone(SETUP, rec1, "Godkendelse i KKR",
                                                    parse_window("juni 2026"), initiative)
    meeting = services.create_meeting(SETUP, seed_programme.council, services.MeetingData(
        date=date(2026, 4, 20), state=Meeting.State.HELD, place="Københavns Rådhus, "
        "Borgerrepræsentationens mødesal"))
    for number, kind in enumerate(AgendaItem.Kind.values, start=1):
        item = services.add_agenda_item(SETUP, meeting, services.AgendaItemData(
            number=number, title=f"Styring af kvalitet og pris på det specialiserede "
            f"socialområde ({kind})", kind=kind,
            case_text="Sekretariatet foreslår en fælles takstmodel.\n\nIndstilling: godkend.",
            recommendations=(rec1,), initiatives=(initiative,)))
    services.record_decision(
        SETUP, item, "Godkendelsen udskydes til efteråret 2026.",
        moves=[services.MilestoneMove(milestone, parse_window("efteråret 2026"), 1)],
        status_changes=[services.StatusChange(Initiative.objects.get(pk=initiative.pk),
                                              Status.DELAYED, 20, "Udskudt af KKR.")])
    return {
        "meeting-list": "/moeder/kkr-hovedstaden/",
        "meeting": f"/moede/{meeting.pk}/",
        "register": "/beslutninger/kkr-hovedstaden/",
        "register-filtered": "/beslutninger/kkr-hovedstaden/?anbefaling=1&aar=2026",
        "register-error": "/beslutninger/kkr-hovedstaden/?aar=1999",
        "deadlines": "/frister/kkr-hovedstaden/",
        "meeting-edit": reverse("meeting_edit", args=[meeting.pk]),
        "meeting-create": reverse("meeting_create", args=["kkr-hovedstaden"]),
        "agenda-item-edit": reverse("agenda_item_edit", args=[item.pk]),
        "decision-create": reverse("decision_create", args=[item.pk]),
        "annex-review": reverse("annex_review", args=[meeting.pk]),
    }


PUBLIC = ["meeting-list", "meeting", "register", "register-filtered", "register-error",
          "deadlines"]
EDITING = ["meeting-edit", "meeting-create", "agenda-item-edit", "decision-create",
           "annex-review"]


def log_in(page, base: str, user) -> None:
    """Log in through a session made by Django's test client, its cookie given to the browser."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                               "url": base}])


def check(page, name: str, width: int, csp_errors: list[str]) -> None:
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    if width == 320:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, f"{name}: the page scrolls sideways ({scroll_width} px)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"meetings-{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("name", PUBLIC)
@pytest.mark.parametrize("width", [1280, 320])
def test_public_meeting_pages_are_accessible(page, live_server, meetings, csp_errors, name,
                                             width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(live_server.url + meetings[name])
    assert response.status == 200
    check(page, name, width, csp_errors)


@pytest.mark.parametrize("name", EDITING)
@pytest.mark.parametrize("width", [1280, 320])
def test_editing_pages_are_accessible(page, live_server, meetings, editor, csp_errors, name,
                                      width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, editor)
    response = page.goto(live_server.url + meetings[name])
    assert response.status == 200
    check(page, name, width, csp_errors)
    if name == "meeting-create":  # and with the errors shown
        page.get_by_role("button", name="Gem mødet").click()
        page.wait_for_load_state()
        assert page.locator(".alert-error").count() == 1
        check(page, f"{name}-errors", width, csp_errors)


def test_an_editor_records_a_decision_that_moves_a_milestone(page, live_server, meetings,
                                                             editor, csp_errors):
    log_in(page, live_server.url, editor)
    page.goto(live_server.url + meetings["meeting"])
    page.get_by_role("link", name="Registrér beslutning på punkt 1").click()
    page.get_by_label("Beslutning", exact=True).fill("KKR tog orienteringen til efterretning.")
    page.get_by_label("Milepæl (frivilligt)").select_option(label="Anbefaling 1 · efteråret "
                                                                  "2026: Godkendelse i KKR")
    page.get_by_label("Ny periode for milepælen (frivilligt)").fill("december 2026")
    page.get_by_role("button", name="Gem beslutningen").click()
    page.wait_for_load_state()
    assert page.url.endswith(meetings["meeting"] + "#punkt-1")
    assert page.get_by_text("Beslutningen på punkt 1 er gemt.").is_visible()
    item = page.locator("#punkt-1")
    assert "Tidsangivelse: fra efteråret 2026 → til december 2026" in " ".join(
        item.inner_text().split())
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []


def test_an_editor_reviews_writes_the_short_status_and_finalises_the_annex(
        page, live_server, meetings, editor, csp_errors):
    from kkrmonitor.meetings.models import AnnexSnapshot

    log_in(page, live_server.url, editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + meetings["meeting"])
    page.get_by_role("link", name="Gennemse og afslut statusbilaget").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Indsatser").first.is_visible()
    page.locator("#id_a1-text").fill("Takstmodellen er udskudt til efteråret.")
    page.get_by_role("button", name="Gem kort status til anbefaling 1").click()
    page.wait_for_load_state()
    assert "Den korte status til anbefaling 1 er gemt." in page.content()
    assert page.locator("#id_a1-text").input_value() == "Takstmodellen er udskudt til efteråret."
    check(page, "annex-review-saved", 1280, csp_errors)
    page.get_by_role("button", name="Afslut statusbilaget").click()
    page.wait_for_load_state()
    snapshot = AnnexSnapshot.objects.get()
    assert snapshot.data["recommendations"][0]["brief"] == (
        "Takstmodellen er udskudt til efteråret.")
    assert snapshot.pdf and snapshot.docx
    page.goto(live_server.url + meetings["annex-review"])
    assert page.locator("textarea").count() == 0
    assert "Sekretariatets status: Takstmodellen er udskudt til efteråret." in " ".join(
        page.locator(".annex-brief").inner_text().split())
    check(page, "annex-review-finalised", 1280, csp_errors)
