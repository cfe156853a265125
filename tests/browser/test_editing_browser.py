"""An editor's follow-up in headless Chromium: log in through the form, add an initiative, a
milestone typed in Danish (the dates appear as they type), a status update, publish them with
htmx, and see the result on the public page. axe-core (WCAG 2.1 A/AA) runs on every editing
page visited, and the Content-Security-Policy must never complain."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kkrmonitor.audit import Author
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Initiative, Recommendation
from tests.conftest import PASSWORD, axe_violations, format_violations

pytestmark = pytest.mark.browser

PUBLIC_RECOMMENDATION = "/program/kkr-hovedstaden/2026-2029/anbefaling/1/"


@pytest.fixture
def site(live_server, seed_programme, editor):
    return live_server.url


def assert_accessible(page) -> None:
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def log_in(page, site: str, email: str, next_path: str) -> None:
    page.goto(f"{site}/konto/log-ind/?next={next_path}")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(site + next_path)


def test_editor_follows_up_a_recommendation(page, site, csp_errors, browser):
    recommendation = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden",
                                                number=1)
    edit_url = f"{site}/rediger/anbefaling/{recommendation.pk}/"
    log_in(page, site, "redaktoer@kkr.test", "/rediger/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Redigering")
    assert_accessible(page)

    page.get_by_role("link", name="Anbefaling 1", exact=True).click()
    page.wait_for_url(edit_url)
    assert_accessible(page)

    # A new initiative; its period is typed in Danish too.
    page.get_by_role("link", name="Tilføj indsats").click()
    assert_accessible(page)
    page.get_by_label("Titel", exact=True).fill("Fælles takstmodel")
    page.get_by_label("Ansvarligt organ").fill("KKR Hovedstaden")
    page.get_by_label("Kontaktperson").fill("Erik Redaktør")
    page.get_by_label("Periode").press_sequentially("2026-2029", delay=20)
    expect(page.locator("#id_when-preview")).to_have_text(
        "Datoer: 1. januar 2026 – 31. december 2029")
    page.get_by_role("button", name="Gem indsats").click()
    page.wait_for_url(re.compile(re.escape(edit_url) + r"#indsats-\d+$"))
    expect(page.locator("#edit-live")).to_contain_text(
        "Indsatsen »Fælles takstmodel« er oprettet som kladde.")
    initiative = Initiative.objects.get(title="Fælles takstmodel")
    card = page.locator(f"#indsats-{initiative.pk}")
    expect(card).to_contain_text("Kladde")
    assert_accessible(page)

    # A milestone: "foråret 2026" shows its dates while being typed.
    page.get_by_role("link", name="Tilføj milepæl").click()
    page.get_by_label("Milepæl", exact=True).fill("Fælles takstmodel godkendt i KKR")
    date_field = page.get_by_label("Hvornår")
    date_field.press_sequentially("foråret 2026", delay=30)
    preview = page.locator("#id_when-preview")
    expect(preview).to_have_text("Datoer: 1. marts 2026 – 31. maj 2026")
    assert "id_when-preview" in date_field.get_attribute("aria-describedby")
    assert_accessible(page)
    date_field.fill("")
    date_field.press_sequentially("noget vrøvl", delay=10)
    expect(preview).to_have_text("Kan ikke læses som en dato endnu.")
    date_field.fill("")
    date_field.press_sequentially("foråret 2026", delay=10)
    expect(preview).to_have_text("Datoer: 1. marts 2026 – 31. maj 2026")
    page.get_by_label("Indsats").select_option(label="Fælles takstmodel")
    page.get_by_role("button", name="Gem milepæl").click()
    page.wait_for_url(edit_url + "#milepaele")
    expect(page.locator("#edit-live")).to_contain_text(
        "Milepælen »Fælles takstmodel godkendt i KKR« er gemt "
        "(1. marts 2026 – 31. maj 2026).")
    assert_accessible(page)

    # A status update, saved as a draft.
    card.get_by_role("link", name="Ny statusopdatering for Fælles takstmodel").click()
    assert_accessible(page)
    page.get_by_label("På sporet").check()
    page.get_by_label("Fremdrift (%)").fill("40")
    page.get_by_label("Beskrivelse").fill("Udkast til takstmodel drøftet i K29.")
    page.get_by_role("button", name="Gem som kladde").click()
    page.wait_for_url(re.compile(re.escape(edit_url) + r"#indsats-\d+$"))
    expect(card).to_contain_text("Statusopdateringer, der ikke er offentliggjort")
    assert_accessible(page)

    # Publish the initiative, then the status update: htmx replaces the card each time and
    # the message lands in the live region.
    card.get_by_role("button", name="Offentliggør indsats Fælles takstmodel").click()
    expect(page.locator("#edit-live")).to_contain_text(
        "Indsatsen »Fælles takstmodel« er offentliggjort.")
    expect(card.locator(".badge").first).to_have_text("Offentliggjort")
    expect(page.locator(f"#indsats-{initiative.pk}-titel")).to_be_focused()
    card.get_by_role("button", name=re.compile("^Offentliggør statusopdatering")).click()
    expect(page.locator("#edit-live")).to_contain_text("er offentliggjort")
    expect(card).to_contain_text("På sporet")
    expect(card).to_contain_text("40 %")
    expect(card).to_contain_text("Senest bekræftet")
    expect(card).not_to_contain_text("Statusopdateringer, der ikke er offentliggjort")
    assert page.url.startswith(edit_url)  # no page load: htmx did it
    assert_accessible(page)
    assert csp_errors == []

    # Logged out (a new browser context): the public page shows the published initiative.
    context = browser.new_context()
    try:
        public = context.new_page()
        public_csp: list[str] = []
        public.on("console", lambda msg: public_csp.append(msg.text)
                  if msg.type == "error" and "Content Security Policy" in msg.text else None)
        public.goto(site + PUBLIC_RECOMMENDATION)
        initiatives = public.locator("section[aria-labelledby=indsatser]")
        expect(initiatives.get_by_role("heading", name="Fælles takstmodel")).to_be_visible()
        assert public_csp == []
        # Rendered by the public page (not part of the editing pages): status and freshness.
        expect(initiatives).to_contain_text("På sporet")
        expect(initiatives).to_contain_text("Senest bekræftet")
    finally:
        context.close()


def test_a_refused_save_is_accessible_and_keeps_the_input(page, site, csp_errors, editor,
                                                          admin_user, seed_programme):
    recommendation = seed_programme.recommendations.get(number=1)
    initiative = services.create_initiative(
        Author.for_user(editor), recommendation,
        services.InitiativeData(title="Fælles kvalitetsmål"))
    log_in(page, site, "redaktoer@kkr.test", f"/rediger/indsats/{initiative.pk}/")
    page.get_by_label("Beskrivelse").fill("Mine noter om kvalitetsmål.")

    # Meanwhile someone else renames it.
    services.update_initiative(Author.for_user(admin_user), initiative,
                               services.InitiativeData(title="Fælles mål for kvalitet"), 1)

    page.get_by_role("button", name="Gem indsats").click()
    alert = page.get_by_role("alert").filter(has_text="Nogen har gemt før dig")
    expect(alert).to_contain_text("Alma Administrator har gemt ændringer")
    expect(alert).to_contain_text("Fælles kvalitetsmål → til Fælles mål for kvalitet")
    expect(page.get_by_label("Beskrivelse")).to_have_value("Mine noter om kvalitetsmål.")
    expect(page.get_by_label("Titel", exact=True)).to_have_value("Fælles mål for kvalitet")
    assert_accessible(page)
    page.get_by_role("button", name="Gem indsats").click()
    expect(page.locator("#edit-live")).to_contain_text("er gemt")
    assert csp_errors == []


@pytest.mark.parametrize("path", ["/rediger/", "/rediger/anbefaling/{rec}/",
                                  "/rediger/anbefaling/{rec}/milepael/ny/",
                                  "/rediger/indsats/{initiative}/status/ny/",
                                  "/rediger/indsats/{initiative}/kommentarer/"])
def test_editing_pages_fit_a_phone(page, site, csp_errors, editor, seed_programme, path):
    recommendation = seed_programme.recommendations.get(number=1)
    initiative = services.create_initiative(
        Author.for_user(editor), recommendation,
        services.InitiativeData(title="Fælles kvalitetsmål"))
    page.set_viewport_size({"width": 320, "height": 800})
    url = path.format(rec=recommendation.pk, initiative=initiative.pk)
    log_in(page, site, "redaktoer@kkr.test", url)
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{path} scrolls sideways ({width} px)"
    assert csp_errors == []
