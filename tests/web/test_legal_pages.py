"""The accessibility statement and the privacy notice: linked from every page's footer, in the
WAS-Tool structure, with the secretariat's contact from settings or a plain "not yet given"."""

import re

import pytest

pytestmark = pytest.mark.django_db


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def headings(html, level):
    main = html[html.index("<main"):html.index("</main>")]
    return [text(h) for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", main, re.S)]


def test_footer_links_both_pages(client, seed_programme):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer>"):]
    assert '<a href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in footer
    assert '<a href="/privatliv/">Privatlivspolitik</a>' in footer


def test_accessibility_statement_has_the_was_tool_sections(client):
    html = client.get("/tilgaengelighed/").content.decode()
    assert headings(html, 2) == [
        "Indledning", "Overholdelsesstatus", "Ikke-tilgængeligt indhold",
        "Udarbejdelse af denne erklæring", "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure"]
    assert headings(html, 3) == [
        "Manglende overholdelse af webtilgængelighedsloven", "Uforholdsmæssig stor byrde",
        "Indhold, der ikke er omfattet af loven"]
    page = text(html)
    assert "Webstedet overholder delvist WCAG 2.1 niveau AA." in page
    assert ("Erklæringen er udarbejdet den 4. december 2026 og senest gennemgået samme dag. "
            "Den skal gennemgås igen senest den 4. december 2027") in page
    assert "testes automatisk med axe-core mod reglerne for WCAG 2.1 niveau A og AA" in page
    assert "både i en bredde på 1.280 og 320 pixel" in page
    assert "PDF-filen er ikke opmærket til skærmlæsere" in page
    assert "Sekretariatets kontaktoplysninger er endnu ikke angivet." in page
    assert "mailto:" not in html


def test_contact_and_was_address_come_from_settings(client, settings):
    settings.KKR_CONTACT_EMAIL = "sekretariat@example.dk"
    settings.KKR_CONTACT_PHONE = "33 33 33 33"
    settings.KKR_WAS_URL = "https://was.digst.dk/kkr-monitor-example-dk"
    for url in ("/tilgaengelighed/", "/privatliv/"):
        html = client.get(url).content.decode()
        assert ('<li>E-mail: <a href="mailto:sekretariat@example.dk">sekretariat@example.dk'
                '</a></li>') in html
        assert "<li>Telefon: 33 33 33 33</li>" in html
        assert "endnu ikke angivet" not in html
    html = client.get("/tilgaengelighed/").content.decode()
    assert ('<a href="https://was.digst.dk/kkr-monitor-example-dk">'
            'https://was.digst.dk/kkr-monitor-example-dk</a>') in html
    assert client.get("/was")["Location"] == "https://was.digst.dk/kkr-monitor-example-dk"


def test_was_leads_to_the_own_statement_when_none_is_published(client):
    assert client.get("/was")["Location"] == "/tilgaengelighed/"


def test_privacy_notice_says_what_why_how_long_and_where_to_complain(client):
    html = client.get("/privatliv/").content.decode()
    assert headings(html, 2) == [
        "Dataansvarlig", "Hvilke oplysninger vi gemmer", "Formål og retsgrundlag",
        "Hvor længe oplysningerne gemmes", "Dine rettigheder", "Klage til Datatilsynet"]
    page = text(html)
    assert "Rådets sekretariat er dataansvarlig for oplysningerne om brugerne." in page
    assert "databeskyttelsesforordningens artikel 6, stk. 1, litra e" in page
    assert ("Forsøg på at logge ind og anmodninger om ny adgangskode slettes efter 30 dage."
            in page)
    assert "udløber efter 14 dage, eller når du logger ud" in page
    assert "Sekretariatets kontaktoplysninger er endnu ikke angivet." in page
    assert '<a href="https://www.datatilsynet.dk/">datatilsynet.dk</a>' in html
    for word in ("navn, e-mailadresse, din rolle", "IP-adressen", "Ændringslog"):
        assert word in page
