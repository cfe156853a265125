"""Request tests for the public pages, with the council's real document imported."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.utils import timezone

from kkrmonitor.programme.models import Actor, Milestone, Publication, Recommendation
from kkrmonitor.programme.templatetags.programme_tags import date_window, genitive, window_state
from kkrmonitor.programme.views import next_milestone

PROGRAMME = "/program/kkr-hovedstaden/2026-2029/"
RECOMMENDATION = PROGRAMME + "anbefaling/{}/"

HEADLINES = [
    "KKR Hovedstaden skal fortsat investere i tættere samarbejde og styring på det "
    "specialiserede socialområde, så kvaliteten styrkes samtidig med, at der er styr på "
    "økonomien",
    "KKR Hovedstaden skal fortsat arbejde for forbedret mobilitet og infrastruktur i "
    "hovedstadsområdet ved at tydeliggøre behovet for markante, statslige investeringer i "
    "området",
    "KKR Hovedstaden skal fortsat understøtte kommunernes ambitioner på klimaområdet",
    "KKR Hovedstaden skal arbejde for at sikre stærke rammebetingelser for erhvervsudvikling og "
    "-fremme for hovedstadsområdets kommuner og virksomheder",
    "KKR Hovedstaden skal fortsat have uddannelse og rekruttering til velfærdsområderne som "
    "centralt fælleskommunalt indsatsområde",
    "KKR Hovedstaden skal være opmærksom på konsekvenserne af, at en del af regionens "
    "udviklingsmidler og -opgaver bortfalder fra 2026",
    "KKR Hovedstaden skal have fokus på etableringen af fælles it-driftsenheder",
    "KKR Hovedstaden vil afsøge et styrket samarbejde med KKR Sjælland",
    "KKR Hovedstaden vil følge sundhedsreformen",
]


def text_of(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    body = html[html.index("<body"):]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def main_text(response) -> str:
    html = response.content.decode()
    main = html[html.index('<main id="main-content"'):html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def today(monkeypatch):
    """Fix the date the pages consider "today"; returns a setter."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


# --- date windows in Danish ------------------------------------------------------------------

def window(start: date | None, end: date | None, pk: int = 1) -> Milestone:
    return Milestone(start=start, end=end, pk=pk)


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html))


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2026, 3, 1), date(2026, 5, 31), "1. marts – 31. maj 2026"),
    (date(2025, 9, 1), date(2025, 9, 30), "1.–30. september 2025"),
    (date(2026, 12, 1), date(2027, 1, 31), "1. december 2026 – 31. januar 2027"),
    (None, date(2027, 12, 31), "senest 31. december 2027"),
    (date(2026, 1, 1), None, "fra 1. januar 2026"),
    (date(2025, 10, 24), date(2025, 10, 24), "24. oktober 2025"),
    (None, None, ""),
])
def test_date_window_in_danish(start, end, expected):
    assert plain(date_window(window(start, end))) == expected


@pytest.mark.parametrize("fmt", ["j. F Y", "j. F", "j."])
def test_date_window_words_are_those_of_djangos_danish_locale(fmt):
    """The window's dates are written without Django's date_format (for speed), in its words."""
    from django.utils.formats import date_format

    from kkrmonitor.programme.templatetags.programme_tags import _FORMATS

    for month in range(1, 13):
        day = date(2026, month, 9 + month)
        assert _FORMATS[fmt](day) == date_format(day, fmt)


def test_date_window_marks_up_machine_readable_dates():
    assert str(date_window(window(None, date(2027, 12, 31)))) == (
        'senest <time datetime="2027-12-31">31. december 2027</time>')


@pytest.mark.parametrize(("start", "end", "state"), [
    (date(2026, 3, 1), date(2026, 5, 31), "passed"),
    (date(2026, 3, 1), date(2026, 7, 31), "current"),
    (date(2026, 7, 1), date(2026, 7, 31), "coming"),
    (None, date(2026, 6, 1), "coming"),
    (None, date(2026, 5, 31), "passed"),
    (date(2026, 1, 1), None, "current"),
    (date(2026, 6, 2), None, "coming"),
])
def test_window_state(start, end, state):
    assert window_state(window(start, end), date(2026, 6, 1)) == state


def test_next_milestone_is_the_earliest_still_to_come():
    spring = window(date(2026, 3, 1), date(2026, 5, 31), 1)
    end_2027 = window(None, date(2027, 12, 31), 2)
    from_2026 = window(date(2026, 1, 1), None, 3)
    from_2028 = window(date(2028, 1, 1), None, 4)
    rows = [end_2027, from_2028, spring, from_2026]
    # By the model's sort date (the end, or the start when the end is open): 1 Jan 2026 first.
    assert next_milestone(rows, date(2025, 11, 1)) is from_2026
    assert next_milestone(rows, date(2026, 1, 2)) is spring
    assert next_milestone(rows, date(2026, 6, 1)) is end_2027
    assert next_milestone(rows, date(2027, 12, 31)) is end_2027
    assert next_milestone(rows, date(2028, 1, 1)) is from_2028
    assert next_milestone(rows, date(2028, 1, 2)) is None


def test_genitive():
    assert genitive("KKR Hovedstaden") == "KKR Hovedstadens"
    assert genitive("Sundhedskoordinationsforum") == "Sundhedskoordinationsforums"
    assert genitive("Aarhus") == "Aarhus'"


# --- every page ------------------------------------------------------------------------------

PAGES = [
    "/",
    PROGRAMME,
    RECOMMENDATION.format(1),
    RECOMMENDATION.format(7),
    "/aktoerer/",
    "/aktoer/erhvervshus-hovedstaden/",
    "/raad/",
    "/raad/kkr-hovedstaden/",
    "/raad/sundhedskoordinationsforum/",
    "/aabne-data/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_common_frame(client, seed_programme, url):
    html = get_ok(client, url).content.decode()
    assert '<html lang="da">' in html
    assert html.count("<h1") == 1
    assert '<main id="main-content"' in html
    # The skip link is the first link in the body and points at the main content.
    body = html[html.index("<body"):]
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'class="skipnav"' in first_link and 'href="#main-content"' in first_link
    assert "Gå til sidens indhold" in html
    # Header with the site name and the main navigation; footer crediting the data.
    for label in ("KKR Monitor", "Arbejdsprogram", "Råd og kommuner", "Aktører"):
        assert label in html
    assert "Data: KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden" in text_of(
        client.get(url))
    assert 'href="/program/kkr-hovedstaden/2026-2029.json"' in html
    # No inline scripts or styles: a Content-Security-Policy will forbid them.
    assert "<style" not in html and " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None


def test_titles_are_descriptive_and_distinct(client, seed_programme):
    titles = [re.search(r"<title>(.*?)</title>", get_ok(client, url).content.decode(),
                        re.S).group(1).strip() for url in PAGES[1:]]
    assert len(set(titles)) == len(titles), titles
    assert all(t.endswith("– KKR Monitor") and len(t) > len("– KKR Monitor") for t in titles)
    assert titles[1] == "Anbefaling 1 – KKR Hovedstaden 2026-2029 – KKR Monitor"


def test_navigation_marks_the_current_section(client, seed_programme):
    html = get_ok(client, "/aktoerer/").content.decode()
    assert re.search(r'href="/aktoerer/" class="nav-link" aria-current="page"', html)
    html = get_ok(client, "/aktoer/greater-copenhagen/").content.decode()
    assert re.search(r'href="/aktoerer/" class="nav-link" aria-current="true"', html)


# --- the programme overview ------------------------------------------------------------------

def test_overview_lists_the_nine_recommendations_in_order(client, seed_programme):
    html = get_ok(client, PROGRAMME).content.decode()
    headlines = re.findall(r'<a class="rec-headline" href="([^"]+)">([^<]+)</a>', html)
    assert [h for _, h in headlines] == HEADLINES
    assert [url for url, _ in headlines] == [RECOMMENDATION.format(n) for n in range(1, 10)]


def test_overview_states_approval_term_preamble_and_source(client, seed_programme):
    text = main_text(get_ok(client, PROGRAMME))
    assert "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden" in text
    assert "Godkendt på KKR Hovedstadens møde den 24. oktober 2025" in text
    assert text.count("24. oktober 2025") == 1  # not repeated by the preamble
    assert "Valgperiode 2026-2029" in text
    assert "Råd KKR Hovedstaden" in text
    assert "drøftet anbefalinger til det nye KKR Hovedstaden i valgperioden 2026-2029" in text
    assert "kkr-hovedstaden-anbefalinger-2026-2029.txt" in text
    assert "De 9 anbefalinger" in text


def test_overview_shows_themes_and_linked_partners(client, seed_programme):
    response = get_ok(client, PROGRAMME)
    html = response.content.decode()
    for theme in ("Det specialiserede socialområde", "Mobilitet og infrastruktur", "Klima",
                  "Fælles it-drift", "Sundhed"):
        assert f'<span class="theme-label">{theme}</span>' in html
    assert '<a href="/aktoer/erhvervshus-hovedstaden/">Erhvervshus Hovedstaden</a>' in html
    assert '<a href="/aktoer/sundhedskoordinationsforum/">Sundhedskoordinationsforum</a>' in html


def test_overview_links_the_open_data(client, seed_programme):
    html = get_ok(client, PROGRAMME).content.decode()
    assert re.search(r'<a href="/program/kkr-hovedstaden/2026-2029.json"[^>]*>.*?'
                     r"Hent data \(JSON\)</a>", html, re.S)


def test_next_milestone_before_the_spring_2026_window(client, seed_programme, today):
    today(date(2025, 11, 1))
    html = get_ok(client, PROGRAMME).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html[html.index("<tbody>"):], re.S)
    assert len(rows) == 9
    cells = [" ".join(re.sub(r"<[^>]+>", " ", r.split('class="col-next">')[1]).split())
             for r in rows]
    assert cells[0] == ("Foråret 2026 1. marts – 31. maj 2026 "
                        "Initiativerne skal godkendes i foråret 2026.")
    assert cells[5] == "Ingen kommende milepæle"  # "bortfalder fra 2026" is history, not a task
    assert cells[6].startswith("Inden udgangen af 2027 senest 31. december 2027 Opgaven med at")
    assert cells[1] == "Ingen kommende milepæle"


def test_next_milestone_skips_passed_windows(client, seed_programme, today):
    today(date(2026, 6, 1))  # spring 2026 is over; "fra 2026" began before today
    html = get_ok(client, PROGRAMME).content.decode()
    table = html[html.index("<tbody>"):html.index("</tbody>")]
    assert "Foråret 2026" not in table
    assert "Inden udgangen af 2027" in table
    assert table.count("Ingen kommende milepæle") == 8
    # The passed spring window is not lost: it is listed below the table as a deadline with no
    # registered outcome, never as overdue.
    text = main_text(get_ok(client, PROGRAMME))
    after = text.split("Frister uden registreret udfald", 1)[1]
    assert after.split("Kommende frister", 1)[0].count("Foråret 2026") == 1
    assert "Ingen overskredne frister." in text and "over fristen" not in text


def test_home_shows_the_default_councils_programme(client, seed_programme, settings):
    assert settings.KKR_DEFAULT_COUNCIL == "kkr-hovedstaden"
    html = get_ok(client, "/").content.decode()
    assert "Godkendt på KKR Hovedstadens møde den 24. oktober 2025" in html
    assert len(re.findall(r'class="rec-headline"', html)) == 9
    assert 'class="breadcrumbs"' not in html


def test_home_without_a_programme_says_how_to_import(client, reference_data, editor):
    public = main_text(get_ok(client, "/"))
    assert public == ("Der er endnu ikke importeret et arbejdsprogram KKR Monitor viser "
                      "arbejdsprogrammet for KKR Hovedstaden, når rådets anbefalingsdokument "
                      "er importeret.")
    client.force_login(editor)
    response = get_ok(client, "/")
    text = main_text(response)
    assert "Der er endnu ikke importeret et arbejdsprogram" in text
    assert "kkr import_programme FIL --council kkr-hovedstaden" in text
    assert "kkr load_reference" not in text
    assert response.content.decode().count("<h1") == 1


@pytest.mark.django_db
def test_home_on_an_empty_database_says_to_load_reference_data_first(client,
                                                                     django_user_model):
    public = main_text(get_ok(client, "/"))
    assert "kkr " not in public and "kkr-hovedstaden" not in public
    assert "KKR Monitor viser arbejdsprogrammet for rådet, når" in public
    client.force_login(django_user_model.objects.create_superuser("admin@kkr.test", "x"))
    text = main_text(get_ok(client, "/"))
    assert "kkr load_reference" in text
    assert "kkr import_programme FIL --council kkr-hovedstaden" in text


# --- the recommendation page -----------------------------------------------------------------

def test_recommendation_7_shows_its_end_2027_deadline(client, seed_programme, today):
    today(date(2026, 11, 26))
    response = get_ok(client, RECOMMENDATION.format(7))
    html = response.content.decode()
    text = main_text(response)
    assert re.search(r'<h1 class="rec-title">\s*Anbefaling 7: KKR Hovedstaden skal have fokus på '
                     r"etableringen af fælles it-driftsenheder\s*</h1>", html)
    assert "inden udgangen af 2027" in text
    assert "Inden udgangen af 2027 senest 31. december 2027" in text
    assert '<time datetime="2027-12-31">31. december 2027</time>' in html
    assert "Kommende" in text and "Fristen er passeret" not in text
    assert "Tema Fælles it-drift" in text
    assert "Opgaven med at etablere nye tværkommunale it-serviceorganisationer" in text


def test_recommendation_1_timeline_history_and_empty_initiatives(client, seed_programme, today):
    today(date(2026, 11, 26))
    text = main_text(get_ok(client, RECOMMENDATION.format(1)))
    assert "Foråret 2026 1. marts – 31. maj 2026" in text
    assert "Initiativerne skal godkendes i foråret 2026." in text
    assert "Fristen er passeret" in text
    assert "September 2025 ( 1. – 30. september 2025 )" in text
    assert "KKR Hovedstaden godkendte i september 2025" in text
    assert "Der er endnu ikke registreret indsatser under denne anbefaling." in text


def test_a_coming_window_is_not_passed(client, seed_programme, today):
    today(date(2025, 11, 1))
    text = main_text(get_ok(client, RECOMMENDATION.format(1)))
    assert "Kommende" in text and "Fristen er passeret" not in text


def test_an_open_ended_window_reads_from(client, seed_programme, today):
    today(date(2026, 11, 26))
    text = main_text(get_ok(client, RECOMMENDATION.format(6)))
    # Dated context in the history ("… bortfalder fra 2026"), not a milestone with a deadline.
    assert "Historik Fra 2026 (fra 1. januar 2026 ) KKR Hovedstaden skal" in text
    assert "Der er endnu ikke registreret milepæle under denne anbefaling." in text


def test_recommendation_4_links_its_partners(client, seed_programme):
    html = get_ok(client, RECOMMENDATION.format(4)).content.decode()
    for slug, name in [("erhvervshus-hovedstaden", "Erhvervshus Hovedstaden"),
                       ("danmarks-erhvervsfremmebestyrelse", "Danmarks Erhvervsfremmebestyrelse"),
                       ("greater-copenhagen", "Greater Copenhagen")]:
        assert f'<a href="/aktoer/{slug}/">{name}</a>' in html


def test_recommendation_breadcrumbs_and_neighbours(client, seed_programme):
    html = get_ok(client, RECOMMENDATION.format(1)).content.decode()
    start = html.index('class="breadcrumbs"')
    crumbs = html[start:html.index("</nav>", start)]
    assert '<a class="breadcrumbs__link" href="/">Forside</a>' in crumbs
    assert ('<a class="breadcrumbs__link" href="/raad/kkr-hovedstaden/">KKR Hovedstaden</a>'
            in crumbs)
    assert f'href="{PROGRAMME}">Arbejdsprogram 2026-2029</a>' in crumbs
    assert 'aria-current="page">' in crumbs and "Anbefaling 1</li>" in crumbs
    assert 'rel="prev"' not in html
    assert f'href="{RECOMMENDATION.format(2)}" rel="next"' in html
    html = get_ok(client, RECOMMENDATION.format(9)).content.decode()
    assert f'href="{RECOMMENDATION.format(8)}" rel="prev"' in html
    assert 'rel="next"' not in html


def test_recommendation_shows_initiatives_when_there_are_some(client, seed_programme):
    rec = Recommendation.objects.get(programme=seed_programme, number=7)
    # Published: the public sees no drafts (tests/web/test_follow_up_pages.py).
    initiative = rec.initiatives.create(title="Fælles it-driftsenhed Nord", owner="Hillerød",
                                        start=date(2026, 1, 1), end=date(2027, 12, 31),
                                        label="2026-2027", publication=Publication.PUBLISHED)
    initiative.actors.add(Actor.objects.get(slug="region-hovedstaden"))
    text = main_text(get_ok(client, RECOMMENDATION.format(7)))
    assert "Fælles it-driftsenhed Nord" in text
    assert "Ansvarlig Hillerød" in text
    assert "1. januar 2026 – 31. december 2027" in text
    assert "Partnere Region Hovedstaden" in text
    assert "Der er endnu ikke registreret indsatser" not in text


# --- open data -------------------------------------------------------------------------------

def test_json_export(client, seed_programme):
    response = get_ok(client, "/program/kkr-hovedstaden/2026-2029.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    raw = response.content.decode("utf-8")
    assert "KKR Sjælland" in raw  # ensure_ascii=False: Danish letters as they are
    data = json.loads(raw)
    assert data["council"] == "kkr-hovedstaden"
    assert data["term"] == "2026-2029"
    assert data["approved_on"] == "2025-10-24"
    assert [r["number"] for r in data["recommendations"]] == list(range(1, 10))
    assert [r["headline"] for r in data["recommendations"]] == HEADLINES


# --- open data ------------------------------------------------------------------------------

def test_open_data_links_every_programme_file_and_they_answer(client, seed_programme):
    html = get_ok(client, "/aabne-data/").content.decode()
    links = re.findall(r'<a href="([^"]+)" type="(application/json|text/calendar)">', html)
    assert ("/program/kkr-hovedstaden/2026-2029.json", "application/json") in links
    assert ("/api/program/kkr-hovedstaden/2026-2029/indsatser", "application/json") in links
    assert ("/kalender/kkr-hovedstaden.ics", "text/calendar") in links
    for url, _type in links:
        assert client.get(url).status_code == 200, url


# --- actors ----------------------------------------------------------------------------------

def test_actor_list(client, seed_programme):
    html = get_ok(client, "/aktoerer/").content.decode()
    names = re.findall(r'<a href="/aktoer/[^"]+/">([^<]+)</a>', html)
    assert names == sorted(Actor.objects.values_list("name", flat=True))
    assert "Klimaalliancen" in main_text(client.get("/aktoerer/"))


def test_actor_page_lists_the_recommendations_that_name_it(client, seed_programme):
    response = get_ok(client, "/aktoer/erhvervshus-hovedstaden/")
    text = main_text(response)
    assert "Erhvervshus Hovedstaden" in text
    assert "KKR Hovedstaden udpeger formanden" in text
    assert "Kilde" in text
    assert "KKR Hovedstaden 2026-2029, anbefaling 4" in text
    assert f'<a href="{RECOMMENDATION.format(4)}">{HEADLINES[3]}</a>' in response.content.decode()


def test_actor_page_shows_other_names_and_its_council(client, seed_programme):
    text = main_text(get_ok(client, "/aktoer/klimaalliancen-i-hovedstadsregionen/"))
    assert "Andre navne Klimaalliancen" in text
    html = get_ok(client, "/aktoer/sundhedskoordinationsforum/").content.decode()
    assert '<a href="/raad/sundhedskoordinationsforum/">Sundhedskoordinationsforum</a>' in html
    assert f'<a href="{RECOMMENDATION.format(9)}">' in html


# --- councils --------------------------------------------------------------------------------

def test_council_list(client, seed_programme):
    text = main_text(get_ok(client, "/raad/"))
    assert "KKR Hovedstaden Kommunekontaktråd Region Hovedstaden 29 2026-2029" in text
    assert "KKR Sjælland Kommunekontaktråd Region Sjælland 17" in text
    assert ("Sundhedskoordinationsforum Forum På tværs af KKR Hovedstaden og KKR Sjælland 46"
            in text)


def test_council_page_lists_its_29_municipalities(client, seed_programme):
    response = get_ok(client, "/raad/kkr-hovedstaden/")
    html = response.content.decode()
    text = main_text(response)
    assert "29 kommuner" in text
    assert "<tr><td>400</td><td>Bornholm</td></tr>" in html
    assert "<tr><td>101</td><td>København</td></tr>" in html
    assert html.count("<tr><td>") == 29
    assert "Region Region Hovedstaden (regionskode 1084)" in text
    assert "Kommunekontaktråd" in text
    assert f'<a href="{PROGRAMME}">' in html
    assert '<a href="/raad/sundhedskoordinationsforum/">Sundhedskoordinationsforum</a>' in html


def test_forum_page_lists_the_municipalities_of_both_councils(client, seed_programme):
    response = get_ok(client, "/raad/sundhedskoordinationsforum/")
    html = response.content.decode()
    text = main_text(response)
    assert "46 kommuner" in text
    assert "KKR Hovedstaden: 29 kommuner" in text
    assert "KKR Sjælland: 17 kommuner" in text
    assert html.count("<tr><td>") == 46
    assert "<tr><td>400</td><td>Bornholm</td></tr>" in html
    assert "<tr><td>390</td><td>Vordingborg</td></tr>" in html
    assert '<a href="/raad/kkr-sjaelland/">KKR Sjælland</a>' in html


# --- not found -------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/program/kkr-ukendt/2026-2029/",
    "/program/kkr-hovedstaden/2030-2033/",
    "/program/kkr-hovedstaden/2026/",
    "/program/kkr-hovedstaden/2030-2033.json",
    "/program/kkr-sjaelland/2026-2029/anbefaling/1/",
    RECOMMENDATION.format(10),
    RECOMMENDATION.format(0),
    "/aktoer/ukendt/",
    "/raad/ukendt/",
    "/findes-ikke/",
])
def test_unknown_things_are_404_in_danish(client, seed_programme, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="da">' in html
    assert "<h1>Siden findes ikke</h1>" in html
    assert html.count("<h1") == 1


# --- queries ---------------------------------------------------------------------------------

def _add_data(programme) -> None:
    """More of everything, to show the query count does not grow with the data."""
    actors = list(Actor.objects.all())
    for rec in programme.recommendations.all():
        rec.actors.add(*actors)
        for year in range(2026, 2030):
            Milestone.objects.create(recommendation=rec, title=f"Status {year}",
                                     start=date(year, 1, 1), end=date(year, 12, 31),
                                     label=str(year))
            rec.history.create(text=f"Drøftet {year - 4}", start=date(year - 4, 1, 1),
                               end=date(year - 4, 12, 31), label=str(year - 4))
            initiative = rec.initiatives.create(title=f"Indsats {year}")
            initiative.actors.add(*actors[:3])


OVERVIEW_QUERIES = 5  # programme+council, recommendations, actors, milestones, their initiatives
# programme, recommendation, its actors, milestones (with their initiatives and obligations
# joined), history, initiatives (+ their actors), and the programme's numbers for
# previous/next, indicators, councils shared with, the joint efforts it links to, its
# portfolios and its registers, the recommendation's obligations, its external events and the
# agenda items that name it (the partner councils come with the actors)
RECOMMENDATION_QUERIES = 16


@pytest.mark.parametrize("more_data", [False, True])
def test_overview_query_count_is_fixed(client, seed_programme, django_assert_max_num_queries,
                                       more_data):
    if more_data:
        _add_data(seed_programme)
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        get_ok(client, PROGRAMME)
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        get_ok(client, "/")


@pytest.mark.parametrize("more_data", [False, True])
def test_recommendation_query_count_is_fixed(client, seed_programme,
                                             django_assert_max_num_queries, more_data):
    if more_data:
        _add_data(seed_programme)
    with django_assert_max_num_queries(RECOMMENDATION_QUERIES):
        get_ok(client, RECOMMENDATION.format(4))


@pytest.mark.parametrize("more_data", [False, True])
@pytest.mark.parametrize("url", ["/aktoerer/", "/aktoer/greater-copenhagen/", "/raad/",
                                 "/raad/kkr-hovedstaden/", "/raad/sundhedskoordinationsforum/"])
def test_other_pages_query_count_is_fixed(client, seed_programme,
                                          django_assert_max_num_queries, more_data, url):
    if more_data:
        _add_data(seed_programme)
    # the forum page: 7 + shared initiatives + the initiatives it shares with others
    with django_assert_max_num_queries(9):
        get_ok(client, url)


def test_milestone_timeline_escapes_and_labels_each_state():
    from kkrmonitor.programme.templatetags.programme_tags import milestone_timeline

    today = date(2026, 6, 1)
    rows = [
        Milestone(pk=1, label="foråret 2026", title="<b>Plan</b> & budget",
                  start=date(2026, 3, 1), end=date(2026, 5, 31)),
        Milestone(pk=2, label="efteråret 2026", title="Flyttet plan", state="moved",
                  moved_from="foråret 2026", start=date(2026, 9, 1), end=date(2026, 11, 30)),
        Milestone(pk=3, label="2026", title="I gang", start=date(2026, 1, 1),
                  end=date(2026, 12, 31)),
    ]
    html = str(milestone_timeline(rows, today))
    assert "<b>" not in html and "&lt;b&gt;Plan&lt;/b&gt; &amp; budget" in html
    assert plain(html).split() == (
        "Foråret 2026 1. marts – 31. maj 2026 &lt;b&gt;Plan&lt;/b&gt; &amp; budget "
        "Udfald ikke registreret Frist 31. maj 2026 – udfald ikke registreret "
        "Efteråret 2026 1. september – 30. november 2026 Flyttet plan Flyttet "
        "Flyttet fra foråret 2026 til efteråret 2026 "
        "2026 1. januar – 31. december 2026 I gang I gang nu").split()


def test_programme_json_is_json_dumps_indented_byte_for_byte(client, seed_programme):
    """The file is written with orjson for speed; it must be what json.dumps(indent=2) writes."""
    import json

    from kkrmonitor.access import Access
    from kkrmonitor.programme.export import export_programme

    response = client.get("/program/kkr-hovedstaden/2026-2029.json")
    assert response.status_code == 200
    expected = json.dumps(export_programme(seed_programme, Access.for_user(None)),
                          ensure_ascii=False, indent=2).encode()
    assert response.content == expected
    assert "ø".encode() in response.content  # Danish letters as they are, not \u00f8
