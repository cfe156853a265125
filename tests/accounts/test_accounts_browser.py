"""Logging in through the form in headless Chromium, and axe-core (WCAG 2.1 AA) on the log-in
page and the user list."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, axe_violations, format_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, admin_user, editor, contact):
    return live_server.url


def assert_accessible(page) -> None:
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_log_in_through_the_form_and_see_the_users(page, site, csp_errors):
    response = page.goto(site + "/konto/brugere/")
    assert response.status == 200
    assert page.url == site + "/konto/log-ind/?next=/konto/brugere/"
    assert_accessible(page)

    # A wrong password first: the error is announced and the page stays accessible.
    page.get_by_label("E-mail").fill("admin@kkr.test")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    alert = page.get_by_role("alert").filter(has_text="Forkert e-mail eller adgangskode.")
    assert alert.is_visible()
    assert_accessible(page)

    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(site + "/konto/brugere/")
    assert page.locator("h1").inner_text() == "Brugere"
    assert page.get_by_role("link", name="Erik Redaktør").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Invitér en bruger").click()
    page.wait_for_url(site + "/konto/brugere/inviter/")
    page.get_by_role("button", name="Send invitation").click()  # empty: errors, no JavaScript
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    assert csp_errors == []



def log_in_by_cookie(page, site: str, user) -> None:
    """Skip the form (tested above): give the browser a session made by the test client."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": site}])


@pytest.mark.parametrize("path", ["/konto/log-ind/", "/konto/brugere/",
                                  "/konto/brugere/{pk}/roller/", "/konto/brugere/inviter/",
                                  "/konto/nulstil/", "/konto/adgangskode/"])
def test_account_pages_fit_a_phone_and_pass_axe(page, site, admin_user, path):
    log_in_by_cookie(page, site, admin_user)
    page.set_viewport_size({"width": 320, "height": 800})
    response = page.goto(site + path.format(pk=admin_user.pk))
    assert response.status == 200
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} scrolls sideways ({width} px)"
