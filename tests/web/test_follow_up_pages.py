"""The follow-up on the public pages: initiatives with status, progress and freshness on a
recommendation's page, progress and "kræver opdatering" on the overview; drafts for members
only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import permission_denied

from kkrmonitor.programme.models import Initiative
from tests.history.data import (
    confirmed_at,
    danish,
    new_initiative,
    published_initiative,
    recommendation,
    report,
)
from tests.web.test_public_pages import PROGRAMME, RECOMMENDATION, get_ok, main_text

STALE_FLAG = "Kræver opdatering – ikke bekræftet i over 90 dage"


@pytest.fixture
def rec7(seed_programme):
    return recommendation(seed_programme, 7)


@pytest.fixture
def nord(editor, rec7):
    """A published initiative, 'På sporet' at 40 %, confirmed 26 November 2026 by Erik."""
    initiative = published_initiative(editor, rec7)
    confirmed_at(initiative, danish(2026, 11, 26, 10, 0))
    return initiative


@pytest.fixture
def syd(editor, rec7):
    """A draft initiative under the same recommendation."""
    return new_initiative(editor, rec7, title="Fælles it-driftsenhed Syd", owner="Køge Kommune")


@pytest.fixture
def never_stale(settings):
    # The fixed confirmation date must not go stale as the real calendar moves on.
    settings.KKR_STALE_AFTER_DAYS = 100_000


def initiative_text(response, initiative: Initiative) -> str:
    html = response.content.decode()
    start = html.index(">", html.index(f'id="indsats-{initiative.pk}"')) + 1
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:html.index("</article>", start)]).split())


def test_public_sees_a_published_initiative_with_status_progress_and_freshness(
        client, nord, syd, never_stale):
    response = get_ok(client, RECOMMENDATION.format(7))
    html = response.content.decode()
    text = initiative_text(response, nord)
    assert text.startswith("Fælles it-driftsenhed Nord")
    assert "Nordsjællands kommuner samler it-driften." in text
    assert "Status På sporet" in text
    assert '<span class="badge badge-success">På sporet</span>' in html
    assert "Fremdrift 40 %" in text
    assert re.search(r'<progress class="progress-bar" max="100" value="40" aria-hidden="true">',
                     html)
    assert "Ansvarlig Hillerød Kommune" in text
    assert "Partnere Region Hovedstaden" in text
    assert "Periode Inden udgangen af 2027 (senest 31. december 2027 )" in text
    assert "Bekræftet Senest bekræftet 26. november 2026 af Erik Redaktør" in text
    assert ("Seneste status (20. november 2026) Driftsaftalen er sendt i høring i de fem "
            "kommuner.") in text
    assert "Se historik for Fælles it-driftsenhed Nord" in text
    assert f'href="/historik/indsats/{nord.pk}/"' in html
    assert "Kræver opdatering" not in text and "Kladde" not in text
    # The draft is not there at all for the public.
    assert "Fælles it-driftsenhed Syd" not in html
    assert f"/historik/indsats/{syd.pk}/" not in html


def test_recommendation_progress_is_stated(client, nord, syd):
    text = main_text(get_ok(client, RECOMMENDATION.format(7)))
    assert "Samlet fremdrift: 40 %" in text
    assert "Vægtet gennemsnit af de offentliggjorte indsatsers fremdrift." in text
    text = main_text(get_ok(client, RECOMMENDATION.format(6)))
    assert "Ingen offentliggjorte indsatser endnu" in text
    assert "Samlet fremdrift" not in text


def test_recommendation_links_its_history(client, seed_programme):
    rec = recommendation(seed_programme, 7)
    html = get_ok(client, RECOMMENDATION.format(7)).content.decode()
    assert re.search(rf'<a href="/historik/anbefaling/{rec.pk}/">Se historik'
                     r'<span class="sr-only"> for anbefaling 7</span></a>', html)


@pytest.mark.parametrize("user", ["reader", "editor", "contact"])
def test_members_also_see_drafts_tagged_kladde(client, nord, syd, user, request):
    client.force_login(request.getfixturevalue(user))
    response = get_ok(client, RECOMMENDATION.format(7))
    text = initiative_text(response, syd)
    assert text.startswith("Fælles it-driftsenhed Syd Kladde Kun synlig for medlemmer")
    # Nobody has reported on it: its status is unknown, not "Ikke startet".
    assert "Status Ikke rapporteret endnu" in text and "Fremdrift 0 %" in text
    assert "Bekræftet Ikke bekræftet endnu" in text
    assert "Kladde" not in initiative_text(response, nord)
    # The recommendation's progress counts published initiatives only.
    assert "Samlet fremdrift: 40 %" in main_text(response)


def test_a_draft_status_update_is_not_the_public_narrative(client, editor, nord):
    report(editor, nord, progress=90, narrative="Hemmeligt udkast", published=False)
    text = main_text(get_ok(client, RECOMMENDATION.format(7)))
    assert "Hemmeligt udkast" not in text
    assert "Fremdrift 40 %" in text


def test_an_initiative_not_confirmed_for_91_days_is_flagged(client, nord, seed_programme):
    Initiative.objects.filter(pk=nord.pk).update(
        confirmed_at=timezone.now() - timedelta(days=91))
    response = get_ok(client, RECOMMENDATION.format(7))
    text = initiative_text(response, nord)
    assert STALE_FLAG in text
    assert "1 indsats kræver opdatering" in main_text(response)
    overview = get_ok(client, PROGRAMME)
    rows = re.findall(r"<tr>(.*?)</tr>", overview.content.decode(), re.S)
    flagged = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows
               if "kræver opdatering" in row]
    assert len(flagged) == 1
    assert flagged[0].startswith("Anbefaling 7 ")
    assert "40 % 1 indsats kræver opdatering under anbefaling 7" in flagged[0]
    assert f'href="{RECOMMENDATION.format(7)}#indsatser"' in overview.content.decode()


def test_an_initiative_confirmed_89_days_ago_is_not_flagged(client, nord):
    Initiative.objects.filter(pk=nord.pk).update(
        confirmed_at=timezone.now() - timedelta(days=89))
    assert "Kræver opdatering" not in main_text(get_ok(client, RECOMMENDATION.format(7)))
    assert "kræver opdatering" not in main_text(get_ok(client, PROGRAMME))


def test_the_overview_flags_only_published_initiatives(client, editor, syd, nord):
    for initiative in (syd, nord):
        Initiative.objects.filter(pk=initiative.pk).update(
            created_at=timezone.now() - timedelta(days=200),
            confirmed_at=timezone.now() - timedelta(days=120))
    assert "1 indsats kræver opdatering" in main_text(get_ok(client, PROGRAMME))
    second = published_initiative(editor, recommendation(nord.recommendation.programme, 7),
                                  title="Fælles it-driftsenhed Vest")
    confirmed_at(second, timezone.now() - timedelta(days=100))
    assert "2 indsatser kræver opdatering" in main_text(get_ok(client, PROGRAMME))


def test_the_stale_period_is_configurable(client, nord, settings):
    settings.KKR_STALE_AFTER_DAYS = 10
    Initiative.objects.filter(pk=nord.pk).update(
        confirmed_at=timezone.now() - timedelta(days=11))
    assert ("Kræver opdatering – ikke bekræftet i over 10 dage"
            in main_text(get_ok(client, RECOMMENDATION.format(7))))


def test_overview_shows_progress_per_recommendation(client, nord):
    html = get_ok(client, PROGRAMME).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", html[html.index("<tbody>"):], re.S)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", r.split('class="col-progress">')[1]
                             .split("</td>")[0]).split()) for r in rows]
    assert cells[6] == "40 %"
    assert cells[0] == "Ingen offentliggjorte indsatser endnu"


def test_overview_links_changes_and_history(client, seed_programme):
    since = (timezone.localdate() - timedelta(days=30))
    html = get_ok(client, PROGRAMME).content.decode()
    assert f'href="{PROGRAMME}aendringer/?siden={since.isoformat()}"' in html
    assert f'href="{PROGRAMME}historik/">Hele historikken</a>' in html
    assert "Ændringer siden" in main_text(get_ok(client, PROGRAMME))


def test_forbidden_is_403_in_danish(rf: RequestFactory, reference_data):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/rediger/")
    request.user = AnonymousUser()
    response = permission_denied(request, exception=PermissionError("nej"))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="da">' in html
    assert "<h1>Du har ikke adgang til denne side</h1>" in html
    main = html[html.index('<main id="main-content"'):]
    assert '<a href="/konto/log-ind/?next=/rediger/">Log ind</a>' in main


def test_forbidden_page_for_a_logged_in_user_names_them(client, outsider):
    client.force_login(outsider)
    response = client.get("/rediger/")
    assert response.status_code == 403  # a user with no role has no editing area
    text = main_text(response)
    assert "Du har ikke adgang til denne side" in text
    assert "Du er logget ind som Otto Udenfor" in text


# --- queries ---------------------------------------------------------------------------------

def _more_follow_up(editor, programme) -> None:
    """Published and draft initiatives with status updates under every recommendation, some
    of them stale."""
    for number in range(1, 10):
        rec = recommendation(programme, number)
        for n in range(3):
            initiative = published_initiative(editor, rec, title=f"Indsats {number}.{n}")
            report(editor, initiative, progress=10 * n, narrative=f"Opfølgning {n}")
            new_initiative(editor, rec, title=f"Kladde {number}.{n}")
        Initiative.objects.filter(recommendation=rec).update(
            confirmed_at=timezone.now() - timedelta(days=100))


@pytest.mark.parametrize("more_data", [False, True])
@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_follow_up_adds_no_queries(client, django_assert_max_num_queries, editor, reader, nord,
                                   more_data, who):
    from tests.web.test_public_pages import OVERVIEW_QUERIES, RECOMMENDATION_QUERIES

    if more_data:
        _more_follow_up(editor, nord.recommendation.programme)
    member = 0
    if who == "reader":
        client.force_login(reader)
        member = 3  # the session, the user, the user's roles
    with django_assert_max_num_queries(OVERVIEW_QUERIES + member):
        text = main_text(get_ok(client, PROGRAMME))
    if more_data:
        assert text.count("indsatser kræver opdatering") == 9
    with django_assert_max_num_queries(RECOMMENDATION_QUERIES + member):
        text = main_text(get_ok(client, RECOMMENDATION.format(7)))
    if more_data:
        assert ("Kladde 7.2" in text) == (who == "reader")
