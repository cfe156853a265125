"""Sharing an initiative with another council (recommendation 8: KKR Sjælland; 9:
Sundhedskoordinationsforum) and stopping it: who may, the audit trail, and where it shows."""

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint.models import SharedInitiative
from kkrmonitor.joint.services import share_initiative, unshare_initiative
from kkrmonitor.programme import services
from kkrmonitor.programme.models import AuditEvent, Council, Publication
from tests.conftest import PASSWORD

AUTHOR = Author(label="test", channel="cli")


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


@pytest.fixture
def rec8_initiative(seed_programme):
    rec8 = seed_programme.recommendations.get(number=8)
    initiative = services.create_initiative(AUTHOR, rec8, services.InitiativeData(
        title="Fælles infrastrukturanalyse for Østdanmark"))
    services.set_initiative_publication(AUTHOR, initiative, Publication.PUBLISHED, 1)
    return initiative


def council(slug):
    return Council.objects.get(slug=slug)


def share_events():
    return list(AuditEvent.objects.filter(action__in=["share", "unshare"])
                .order_by("id").values_list("action", "changes"))


def test_anonymous_is_sent_to_log_in(client, rec8_initiative):
    url = f"/faelles/deling/{rec8_initiative.pk}/"
    sjaelland = council("kkr-sjaelland")
    for response in (client.get(url), client.get("/faelles/deling/"),
                     client.post(url, {"action": "share", "council": sjaelland.pk})):
        assert response.status_code == 302 and response["Location"].startswith("/konto/")
    assert not SharedInitiative.objects.exists()


@pytest.mark.parametrize("who", ["reader", "contact", "outsider", "editor_sjaelland"])
def test_others_may_not_share_or_unshare(client, rec8_initiative, who, request):
    sjaelland = council("kkr-sjaelland")
    share_initiative(AUTHOR, rec8_initiative, sjaelland)
    login(client, request.getfixturevalue(who))
    url = f"/faelles/deling/{rec8_initiative.pk}/"
    assert client.get(url).status_code == 403
    forum = council("sundhedskoordinationsforum")
    assert client.post(url, {"action": "share", "council": forum.pk}).status_code == 403
    assert client.post(url, {"action": "unshare", "council": sjaelland.pk}).status_code == 403
    assert list(SharedInitiative.objects.values_list("council__slug", flat=True)) == [
        "kkr-sjaelland"]
    assert len(share_events()) == 1
    expected = 403 if who in ("reader", "contact", "outsider") else 200
    assert client.get("/faelles/deling/").status_code == expected


@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_the_councils_editor_shares_and_stops_sharing(client, rec8_initiative, who, request):
    login(client, request.getfixturevalue(who))
    url = f"/faelles/deling/{rec8_initiative.pk}/"
    page = client.get(url).content.decode()
    assert "Indsatsen er ikke delt med andre råd." in page
    sjaelland, forum = council("kkr-sjaelland"), council("sundhedskoordinationsforum")
    response = client.post(url, {"action": "share", "council": sjaelland.pk}, follow=True)
    page = response.content.decode()
    assert "Indsatsen er nu delt med KKR Sjælland." in page
    # Shared councils are not offered again, nor the initiative's own council.
    options = page[page.index("<select"):page.index("</select>")]
    assert "Sundhedskoordinationsforum" in options
    assert "KKR Sjælland" not in options and "KKR Hovedstaden" not in options
    client.post(url, {"action": "share", "council": forum.pk})
    page = client.get(url).content.decode()
    assert "Stop deling med KKR Sjælland" in page
    assert "Stop deling med Sundhedskoordinationsforum" in page
    assert "<select" not in page  # nothing left to share with
    response = client.post(url, {"action": "unshare", "council": sjaelland.pk}, follow=True)
    assert "Indsatsen deles ikke længere med KKR Sjælland." in response.content.decode()
    assert list(SharedInitiative.objects.values_list("council__slug", flat=True)) == [
        "sundhedskoordinationsforum"]
    assert share_events() == [
        ("share", {"shared_with": [None, "KKR Sjælland"]}),
        ("share", {"shared_with": [None, "Sundhedskoordinationsforum"]}),
        ("unshare", {"shared_with": ["KKR Sjælland", None]}),
    ]
    event = AuditEvent.objects.get(action="unshare")
    assert event.initiative_id == rec8_initiative.pk and event.is_public
    overview = client.get("/faelles/deling/").content.decode()
    assert (f'<a href="/faelles/deling/{rec8_initiative.pk}/">Fælles infrastrukturanalyse '
            "for Østdanmark</a>") in overview


def test_bad_posts_change_nothing(client, rec8_initiative, editor):
    login(client, editor)
    url = f"/faelles/deling/{rec8_initiative.pk}/"
    own = council("kkr-hovedstaden")
    response = client.post(url, {"action": "share", "council": own.pk})
    assert response.status_code == 400
    assert "Vælg et af rådene på listen." in response.content.decode()
    assert client.post(url, {"action": "share"}).status_code == 400
    response = client.post(url, {"action": "unshare", "council": "x"}, follow=True)
    assert "Indsatsen er ikke delt med det råd." in response.content.decode()
    assert not SharedInitiative.objects.exists() and share_events() == []


def test_service_refuses_the_own_council_and_unshare_is_idempotent(rec8_initiative):
    with pytest.raises(ValueError, match="Indsatsen hører allerede til KKR Hovedstaden."):
        share_initiative(AUTHOR, rec8_initiative, council("kkr-hovedstaden"))
    assert unshare_initiative(AUTHOR, rec8_initiative, council("kkr-sjaelland")) is False
    assert share_events() == []


def test_sharing_shows_on_the_receiving_council_and_the_joint_matrix(client, it_joint,
                                                                    rec8_initiative, editor):
    share_initiative(AUTHOR, rec8_initiative, council("kkr-sjaelland"))
    page = client.get("/raad/kkr-sjaelland/").content.decode()
    assert "Fælles infrastrukturanalyse for Østdanmark" in page
    share_initiative(AUTHOR, it_joint.initiative, council("kkr-sjaelland"))
    matrix = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert ('<p class="shared-with">Delt med <a href="/raad/kkr-sjaelland/">KKR Sjælland</a>'
            "</p>") in matrix
    assert "Del indsatsen med et andet råd" not in matrix
    login(client, editor)
    matrix = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert f'<a href="/faelles/deling/{it_joint.pk}/">Del indsatsen med et andet råd</a>' in matrix
    page = client.get(f"/faelles/deling/{it_joint.pk}/").content.decode()
    assert "rådets kommuner kommer med i" in page


def test_shared_with_include_reads_prefetched_shares(rec8_initiative):
    from django.db.models import Prefetch
    from django.template.loader import render_to_string

    from kkrmonitor.programme.models import Initiative

    share_initiative(AUTHOR, rec8_initiative, council("kkr-sjaelland"))
    share_initiative(AUTHOR, rec8_initiative, council("sundhedskoordinationsforum"))
    initiative = Initiative.objects.prefetch_related(Prefetch(
        "shared", queryset=SharedInitiative.objects.select_related("council")
        .order_by("council__name"))).get(pk=rec8_initiative.pk)
    html = render_to_string("joint/_shared_with.html", {"initiative": initiative})
    assert html.strip() == (
        '<p class="shared-with">Delt med <a href="/raad/kkr-sjaelland/">KKR Sjælland</a> og '
        '<a href="/raad/sundhedskoordinationsforum/">Sundhedskoordinationsforum</a></p>')


def test_recommendation_page_and_edit_page_show_the_sharing(client, rec8_initiative, editor):
    share_initiative(AUTHOR, rec8_initiative, council("kkr-sjaelland"))
    share_initiative(AUTHOR, rec8_initiative, council("sundhedskoordinationsforum"))
    page = client.get("/program/kkr-hovedstaden/2026-2029/anbefaling/8/").content.decode()
    assert ('<p class="shared-with">Delt med <a href="/raad/kkr-sjaelland/">KKR Sjælland</a> og '
            '<a href="/raad/sundhedskoordinationsforum/">Sundhedskoordinationsforum</a></p>'
            ) in page
    login(client, editor)
    form = client.get(f"/rediger/indsats/{rec8_initiative.pk}/").content.decode()
    assert f'<a href="/faelles/deling/{rec8_initiative.pk}/">Del indsatsen med et andet råd</a>' \
        in form
