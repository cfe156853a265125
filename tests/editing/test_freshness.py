"""Freshness: "Senest bekræftet <dato> af <navn>" on every initiative, the "Kræver opdatering"
list on the editor's start page (oldest first), and "Bekræft uændret" in one click."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme import services
from kkrmonitor.programme.models import AuditEvent, Initiative, Publication
from tests.editing.conftest import SETUP, last_event_id

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def stale_section(response) -> str:
    html = response.content.decode()
    start = html.index('id="kraever-opdatering"')
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:html.index("</section>", start)]).split())


@pytest.fixture
def three(world, editor):
    """An initiative confirmed 200 days ago, one never confirmed and created 120 days ago,
    and one confirmed yesterday. Times are moved with queryset updates, never by sleeping."""
    now = timezone.now()
    old = world.initiative
    Initiative.objects.filter(pk=old.pk).update(confirmed_at=now - timedelta(days=200),
                                                confirmed_by=editor)
    never = services.create_initiative(SETUP, world.recommendation, services.InitiativeData(
        title="Fælles kvalitetsmål"))
    Initiative.objects.filter(pk=never.pk).update(created_at=now - timedelta(days=120))
    fresh = services.create_initiative(SETUP, world.recommendation, services.InitiativeData(
        title="Fælles udbud"))
    Initiative.objects.filter(pk=fresh.pk).update(confirmed_at=now - timedelta(days=1),
                                                  confirmed_by=editor)
    return old, never, fresh


def test_start_page_lists_what_needs_an_update_oldest_first(client, editor, three):
    old, never, fresh = three
    client.force_login(editor)
    response = client.get(reverse("edit_home"))
    assert response.status_code == 200
    section = stale_section(response)
    assert "Kræver opdatering" in text_of(response)
    confirmed_on = timezone.localtime(timezone.now() - timedelta(days=200))
    assert (f"Senest bekræftet {confirmed_on.day}. " in section
            and "af Erik Redaktør" in section)
    assert "Aldrig bekræftet" in section
    assert section.index("Fælles takstmodel") < section.index("Fælles kvalitetsmål")
    assert "Fælles udbud" not in section
    assert section.count("Bekræft uændret") == 2


def test_confirm_unchanged_in_one_click_without_javascript(client, editor, three):
    old, never, fresh = three
    client.force_login(editor)
    page = client.get(reverse("edit_home")).content.decode()
    action = reverse("initiative_confirm", args=[old.pk])
    assert f'action="{action}"' in page
    start = last_event_id()

    response = client.post(action, {"next": reverse("edit_home")})

    assert response.status_code == 302
    assert response["Location"] == reverse("edit_home")
    event = AuditEvent.objects.get(id__gt=start)
    assert (event.action, event.user_id) == ("confirm", editor.pk)
    stored = Initiative.objects.get(pk=old.pk)
    assert stored.confirmed_by == editor
    assert timezone.now() - stored.confirmed_at < timedelta(minutes=1)
    assert not stored.is_stale()

    response = client.get(reverse("edit_home"))
    assert "Indsatsen »Fælles takstmodel« er bekræftet uændret." in text_of(response)
    section = stale_section(response)
    assert "Fælles takstmodel" not in section
    assert "Fælles kvalitetsmål" in section


def test_confirm_with_htmx_replaces_the_row(client, editor, three):
    old, never, fresh = three
    client.force_login(editor)
    response = client.post(reverse("initiative_confirm", args=[never.pk]),
                           {"next": reverse("edit_home"), "fragment": "row"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="stale-row')
    today = timezone.localdate()
    assert f"Senest bekræftet {today.day}. " in text_of(response)
    assert "af Erik Redaktør" in text_of(response)
    assert "Bekræft uændret" not in html  # done; the button is gone
    assert 'id="edit-live" hx-swap-oob="innerHTML"' in html
    # htmx answers carry their message themselves; it does not show up again later.
    assert "bekræftet uændret" not in text_of(client.get(reverse("edit_home"))).replace(
        "Bekræft uændret", "")


def test_the_period_comes_from_settings(client, editor, three, settings):
    old, never, fresh = three
    settings.KKR_STALE_AFTER_DAYS = 365
    client.force_login(editor)
    response = client.get(reverse("edit_home"))
    assert "Fælles takstmodel" not in stale_section(response)
    assert "inden for de seneste 365 dage" in text_of(response)


def test_recommendation_page_shows_freshness_and_the_flag(client, editor, three):
    old, never, fresh = three
    client.force_login(editor)
    response = client.get(reverse("edit_recommendation", args=[old.recommendation_id]))
    html = response.content.decode()

    def card(initiative) -> str:
        start = html.index(f'id="indsats-{initiative.pk}"')
        return " ".join(re.sub(r"<[^>]+>", " ", html[start:html.index("</article>", start)]
                               ).split())

    assert "Kræver opdatering" in card(old)
    assert "Senest bekræftet" in card(old) and "af Erik Redaktør" in card(old)
    assert "Aldrig bekræftet" in card(never) and "Kræver opdatering" in card(never)
    assert "Kræver opdatering" not in card(fresh)


def test_a_finished_initiative_never_needs_an_update(client, editor, world):
    services.add_status_update(SETUP, world.initiative, "done", 100, "", timezone.localdate(),
                               publish=True)
    Initiative.objects.filter(pk=world.initiative.pk).update(
        confirmed_at=timezone.now() - timedelta(days=400))
    client.force_login(editor)
    assert "Fælles takstmodel" not in stale_section(client.get(reverse("edit_home")))


def test_publishing_a_status_update_counts_as_a_confirmation(client, editor, world):
    assert world.initiative.publication == Publication.PUBLISHED
    client.force_login(editor)
    response = client.post(reverse("status_publish", args=[world.draft_update.pk]),
                           {"version": str(world.draft_update.version)})
    assert response.status_code == 302
    stored = Initiative.objects.get(pk=world.initiative.pk)
    assert stored.confirmed_by == editor
    assert (stored.status, stored.progress) == ("on_track", 30)


# --- one rule: the editing pages and the public page agree -------------------------------------

@pytest.mark.parametrize(("age", "confirmed", "done"), [
    (timedelta(days=120), False, False), (timedelta(days=10), False, False),
    (timedelta(days=200), True, False), (timedelta(days=89, hours=23), True, False),
    (timedelta(days=90, hours=1), True, False), (timedelta(days=300), True, True),
])
def test_editing_and_public_pages_agree_on_the_it_initiative(client, editor, world, age,
                                                             confirmed, done):
    """Issue #11: /rediger/ and the public page disagreed on whether the IT-operations
    initiative (recommendation 7, a joint effort) was confirmed. Both now ask
    Initiative.is_stale / InitiativeQuerySet.stale."""
    from kkrmonitor.joint.defaults import IT_TITLE, load_reference_joint

    load_reference_joint()
    it = Initiative.objects.get(title=IT_TITLE)
    moment = timezone.now() - age
    Initiative.objects.filter(pk=it.pk).update(
        created_at=moment, confirmed_at=moment if confirmed else None,
        confirmed_by=editor if confirmed else None, status="done" if done else "on_track")
    it.refresh_from_db()
    stale = it.is_stale()
    assert stale is (not done and age > timedelta(days=90))

    public = client.get(it.recommendation.get_absolute_url()).content.decode()
    start = public.index(f'id="indsats-{it.pk}"')
    public_card = public[start:public.index("</article>", start)]
    overview = client.get(it.recommendation.programme.get_absolute_url()).content.decode()
    client.force_login(editor)
    editing = client.get(reverse("edit_recommendation", args=[it.recommendation_id]))
    html = editing.content.decode()
    start = html.index(f'id="indsats-{it.pk}"')
    editing_card = html[start:html.index("</article>", start)]
    home = client.get(reverse("edit_home")).content.decode()

    assert ("Kræver opdatering" in public_card) is stale
    assert ("Kræver opdatering" in editing_card) is stale
    assert (f'id="forfalden-{it.pk}"' in home) is stale
    rec7 = f'href="{it.recommendation.get_absolute_url()}#indsatser"'
    assert (rec7 in overview) is stale


def test_start_page_shows_the_oldest_and_counts_the_rest(client, editor, three, monkeypatch):
    """A council with thousands of old initiatives got a start page megabytes long: the list
    shows the oldest few and says how many there are."""
    from kkrmonitor.programme import edit_views

    monkeypatch.setattr(edit_views, "SHOWN", 1)
    client.force_login(editor)
    section = stale_section(client.get(reverse("edit_home")))
    assert "Fælles takstmodel" in section and "Fælles kvalitetsmål" not in section
    assert "Viser de 1 ældste af 2 indsatser, der kræver opdatering." in section
