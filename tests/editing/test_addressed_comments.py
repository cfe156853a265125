"""Issue #14: a comment the secretariat addresses to a municipality is listed in the work queue
of that municipality's contacts; the header's "Redigering (N)" counts the whole work queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme.models import AuditEvent, Comment, Municipality
from tests.editing.conftest import last_event_id

KOEBENHAVN = "101"
ROLES = ["anonymous", "reader", "contact", "editor_sjaelland", "editor", "admin_user"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_address_a_comment_to_a_municipality(client, request, world, role):
    """Editors of the initiative's council and the administrator address a comment; a contact
    has no such field and what they post for it is not read; an editor of another council and
    a reader may not comment at all; the anonymous are sent to log in."""
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        client.force_login(user)
    koebenhavn = Municipality.objects.get(code=KOEBENHAVN)
    url = reverse("comment_create", args=[world.initiative.pk])
    start = last_event_id()

    response = client.post(url, {"text": "Kan I svare inden fredag?",
                                 "addressed_to": str(koebenhavn.pk)})

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/log-ind/")
    elif role in ("reader", "editor_sjaelland"):
        assert response.status_code == 403
    else:
        assert response.status_code == 302
    stored = [(c.municipality and c.municipality.code, c.addressed_to and c.addressed_to.code)
              for c in Comment.objects.filter(initiative=world.initiative)]
    expected = {"contact": [(KOEBENHAVN, None)], "editor": [(None, KOEBENHAVN)],
                "admin_user": [(None, KOEBENHAVN)]}.get(role, [])
    assert stored == expected
    events = list(AuditEvent.objects.filter(id__gt=start))
    assert len(events) == len(expected)
    if role in ("editor", "admin_user"):
        assert events[0].changes["addressed_to"] == [None, "Københavns Kommune"]


def test_the_form_offers_til_kommune_to_editors_only(client, world, editor, contact):
    url = reverse("comment_create", args=[world.initiative.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'name="addressed_to"' in page
    assert "Til kommune" in page
    assert '<option value="" selected>Ingen</option>' in page
    client.force_login(contact)
    page = client.get(url).content.decode()
    assert 'name="addressed_to"' not in page
    assert "Til kommune" not in page


def test_only_the_councils_own_municipalities_can_be_addressed(client, world, editor):
    """KKR Hovedstaden's editor cannot address a comment to a KKR Sjælland municipality
    (Roskilde, 265): the form says so and nothing is stored."""
    client.force_login(editor)
    url = reverse("comment_create", args=[world.initiative.pk])
    page = client.get(url).content.decode()
    assert ">Københavns Kommune<" in page or ">København<" in page
    assert "Roskilde" not in page
    response = client.post(url, {"text": "Til Roskilde?",
                                 "addressed_to": str(Municipality.objects.get(code="265").pk)})
    assert response.status_code == 200  # the form again, with its error
    assert "Vælg en af rådets kommuner fra listen." in response.content.decode()
    assert not Comment.objects.filter(initiative=world.initiative).exists()


def test_an_addressed_comment_is_in_that_municipalitys_contacts_queue(
        client, world, editor, contact, contact_bornholm):
    client.force_login(editor)
    url = reverse("comment_create", args=[world.initiative.pk])
    client.post(url, {"text": "Kan I svare inden fredag?",
                      "addressed_to": str(Municipality.objects.get(code=KOEBENHAVN).pk)})
    comment = Comment.objects.get()
    day = timezone.localdate(comment.created_at)
    written = f"{day.day}. {['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'][day.month - 1]} {day.year}"  # noqa: E501

    client.force_login(contact)
    page = client.get("/rediger/").content.decode()
    assert ("Kommentarer til din kommune fra de sidste 30 dage "
            '<span class="weight-normal">(1)') in page
    assert (f'<a href="/rediger/indsats/{world.initiative.pk}/kommentarer/#kommentarer">'
            f'Fælles takstmodel (Københavns Kommune)</a> '
            f'<span class="muted">Skrevet {written}</span>') in page
    # On the comments page it says whom the comment is to.
    page = client.get(url).content.decode()
    assert "<strong>Sekretariatet</strong> til København ·" in page

    client.force_login(contact_bornholm)
    page = client.get("/rediger/").content.decode()
    assert "Kommentarer til din kommune fra de sidste 30 dage" in page
    assert "Fælles takstmodel (Københavns Kommune)" not in page

    # Older than 30 days: no longer listed.
    Comment.objects.update(created_at=timezone.now() - timedelta(days=31))
    client.force_login(contact)
    page = client.get("/rediger/").content.decode()
    assert "Fælles takstmodel (Københavns Kommune)" not in page


def test_the_header_counts_the_whole_queue_and_keeps_it_a_minute(client, world, editor,
                                                                 contact):
    from django.core.cache import cache

    from kkrmonitor.owners.context_processors import cache_key

    koebenhavn = Municipality.objects.get(code=KOEBENHAVN)
    client.force_login(contact)
    page = client.get("/").content.decode()
    # Nothing waits for the contact yet: no count in the header.
    assert cache.get(cache_key(contact.pk)) == 0
    assert '<span class="work-queue-count">' not in page
    client.force_login(editor)
    client.post(reverse("comment_create", args=[world.initiative.pk]),
                {"text": "Til jer", "addressed_to": str(koebenhavn.pk)})
    client.force_login(contact)
    # Within the minute the cached count is shown.
    page = client.get("/").content.decode()
    assert '<span class="work-queue-count">' not in page
    cache.delete(cache_key(contact.pk))  # as when the minute has passed
    page = client.get("/").content.decode()
    assert ('<a href="/rediger/">Redigering <span class="work-queue-count">(1'
            '<span class="sr-only"> opgaver venter på dig</span>)</span></a>') in page
    assert cache.get(cache_key(contact.pk)) == 1


def test_the_editors_header_counts_more_than_waiting_reports(client, world, editor):
    """No report waits for the editor, but two deadlines have passed with no outcome
    registered (the seeded "foråret 2026" one and the world's "juni 2026"): the header says 2,
    as the queue on /rediger/ does."""
    from django.core.cache import cache

    from kkrmonitor.owners.context_processors import cache_key

    client.force_login(editor)
    page = client.get("/").content.decode()
    assert ('<a href="/rediger/">Redigering <span class="work-queue-count">(2'
            '<span class="sr-only"> opgaver venter på dig</span>)</span></a>') in page
    assert cache.get(cache_key(editor.pk)) == 2
    page = client.get("/rediger/").content.decode()
    assert ('Frister, der er passeret uden registreret udfald '
            '<span class="weight-normal">(2)') in page
