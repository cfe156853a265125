"""What a person sees of the follow-up: a recommendation with initiatives, the history pages
and "Ændringer siden", in headless Chromium, checked with axe-core (WCAG 2.1 AA), for CSP errors
and for sideways scrolling on a 320 px phone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from kkrmonitor.audit import Author
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Initiative
from tests.conftest import axe_violations, format_violations
from tests.history.data import new_initiative, published_initiative, recommendation, report

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/kkr-shots")
PROGRAMME = "/program/kkr-hovedstaden/2026-2029/"


@pytest.fixture
def follow_up(live_server, seed_programme, editor):
    """Recommendation 7 with a published initiative whose description was reworded, a stale
    published one and a draft; recommendation 1 with one published initiative."""
    rec7 = recommendation(seed_programme, 7)
    nord = published_initiative(editor, rec7)
    nord.refresh_from_db()
    services.update_initiative(Author.for_user(editor), nord, services.InitiativeData(
        title=nord.title, owner=nord.owner, window=nord.window, actors=tuple(nord.actors.all()),
        description=("De fem nordsjællandske kommuner samler driften af deres it-systemer i en "
                     "fælles enhed med hjemsted i Hillerød. Arbejdet begynder i efteråret 2026 "
                     "med en kortlægning af systemerne og aftaler om økonomi og personale."),
    ), nord.version)
    vest = published_initiative(editor, rec7, title="Fælles it-driftsenhed Vest",
                                owner="Egedal Kommune", when="2026-2028")
    report(editor, vest, progress=15, status="at_risk",
           narrative="Tidsplanen er under pres, fordi udbuddet er forsinket.")
    Initiative.objects.filter(pk=vest.pk).update(
        confirmed_at=timezone.now() - timedelta(days=120))
    new_initiative(editor, rec7, title="Fælles it-driftsenhed Syd", owner="Køge Kommune")
    published_initiative(editor, recommendation(seed_programme, 1), title="Fælles takstmodel",
                         owner="KKR Hovedstadens embedsmandsudvalg")
    return {"rec7": rec7, "nord": nord, "url": live_server.url}


def pages(data) -> dict[str, str]:
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    return {
        "recommendation-with-initiatives": PROGRAMME + "anbefaling/7/",
        "overview-with-progress": PROGRAMME,
        "recommendation-history": f"/historik/anbefaling/{data['rec7'].pk}/",
        "initiative-history": f"/historik/indsats/{data['nord'].pk}/",
        "programme-history": PROGRAMME + "historik/",
        "changes": PROGRAMME + f"aendringer/?siden={since}",
        "changes-invalid-date": PROGRAMME + "aendringer/?siden=31-02-2026",
    }


NAMES = ["recommendation-with-initiatives", "overview-with-progress", "recommendation-history",
         "initiative-history", "programme-history", "changes", "changes-invalid-date"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width", [1280, 320])
def test_follow_up_page_is_accessible(page, follow_up, csp_errors, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(follow_up["url"] + pages(follow_up)[name])
    assert response.status == 200
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: the page scrolls sideways ({scroll_width} px)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    # The full pages are long; the top of each, and the part about recommendation 7, as well.
    page.screenshot(path=str(SHOTS / f"{name}-{width}-top.png"))
    part = page.locator("#gruppe-7").locator("xpath=..") if name == "changes" else (
        page.locator("#indsatser").locator("xpath=..")
        if name == "recommendation-with-initiatives" else None)
    if part is not None:
        part.screenshot(path=str(SHOTS / f"{name}-{width}-part.png"))


def log_in(page, base_url: str, user) -> None:
    """Log `user` in by handing the browser a session made by Django's test client."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                               "url": base_url}])


@pytest.mark.parametrize("name", ["recommendation-with-initiatives", "recommendation-history"])
@pytest.mark.parametrize("width", [1280, 320])
def test_a_members_view_with_drafts_is_accessible(page, follow_up, reader, csp_errors, name,
                                                   width):
    log_in(page, follow_up["url"], reader)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(follow_up["url"] + pages(follow_up)[name])
    assert page.get_by_text("Fælles it-driftsenhed Syd").first.is_visible()
    assert page.locator(".badge-draft").first.is_visible()
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    assert csp_errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"member-{name}-{width}.png"), full_page=True)


def test_the_changes_form_works_without_javascript(browser, follow_up):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(follow_up["url"] + PROGRAMME + "aendringer/")
    page.get_by_label("Vis ændringer siden").fill("2026-01-26")
    page.get_by_role("button", name="Vis ændringer").click()
    assert page.url.endswith("aendringer/?siden=2026-01-26")
    assert page.locator("h1").inner_text() == "Ændringer siden 26. januar 2026"
    context.close()


def test_an_invalid_date_is_announced_with_the_field(page, follow_up):
    page.goto(follow_up["url"] + PROGRAMME + "aendringer/?siden=31-02-2026")
    field = page.get_by_label("Vis ændringer siden")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    assert "siden_error" in described
    assert " ".join(page.locator("#siden_error").inner_text().split()) == (
        "Fejl: Datoen findes ikke eller er skrevet forkert. Skriv den som dag-måned-år, "
        "fx 26-01-2026.")
