"""Password reset by e-mail: Django's token machinery with Danish pages and an audit event."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail

from kkrmonitor.programme.models import AuditEvent
from tests.conftest import PASSWORD

RESET = "/konto/nulstil/"
NEW = "sommerfugl-over-Bornholm-2026"

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    match = re.search(r"https?://testserver(/konto/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_reset_mail_has_a_link_that_sets_a_new_password(client, contact):
    response = client.post(RESET, {"email": "Kontakt@KK.test"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/nulstil/sendt/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [contact.email]
    assert message.subject == "Ny adgangskode til KKR Monitor"
    assert message.body.startswith("Hej Karen København\n")
    link = link_in(message)
    assert link.startswith("/konto/nulstil/")

    # Django swaps the token for a session value and redirects, so it never sits in a referer.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.endswith("/set-password/")
    page = client.get(form_url)
    assert page.status_code == 200
    assert "<h1>Vælg en ny adgangskode</h1>" in page.content.decode()

    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == "/konto/nulstil/gemt/"

    response = client.post("/konto/log-ind/", {"email": contact.email, "password": NEW})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(contact.pk)
    client.post("/konto/log-ud/")
    response = client.post("/konto/log-ind/", {"email": contact.email, "password": PASSWORD})
    assert "Forkert e-mail eller adgangskode." in response.content.decode()

    event = AuditEvent.objects.get(object_type="user")
    assert (event.action, event.user, event.is_public) == ("user.password_reset", contact, False)


def test_the_link_works_only_once(client, contact):
    client.post(RESET, {"email": contact.email})
    link = link_in(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    other = client.__class__()
    response = other.get(link)
    assert response.status_code == 200
    assert "<h1>Linket virker ikke</h1>" in response.content.decode()


def test_an_unknown_address_sends_nothing_and_says_the_same(client, contact):
    response = client.post(RESET, {"email": "ukendt@kkr.test"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/nulstil/sendt/"
    assert mail.outbox == []


def test_a_deactivated_user_gets_no_mail(client, contact):
    contact.is_active = False
    contact.save()
    client.post(RESET, {"email": contact.email})
    assert mail.outbox == []


def test_weak_passwords_are_refused_in_danish(client, contact):
    client.post(RESET, {"email": contact.email})
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Denne adgangskode er for kort" in html
    assert 'class="form-group form-error"' in html


# --- throttling: like log-in, per address and per client, revealing nothing ------------------

def test_reset_mails_to_one_address_are_throttled(client, contact, settings):
    settings.KKR_LOGIN_MAX_ATTEMPTS = 3
    answers = [client.post(RESET, {"email": "kontakt@kk.test"}, REMOTE_ADDR=f"10.0.0.{n}")
               for n in range(10)]
    assert len(mail.outbox) == 3
    # Refused requests are answered exactly like accepted ones.
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, "/konto/nulstil/sendt/")}


def test_reset_mails_from_one_client_are_throttled(client, contact, reader, settings):
    settings.KKR_LOGIN_MAX_ATTEMPTS_PER_IP = 4
    for n in range(10):
        client.post(RESET, {"email": f"ukendt{n}@kk.test"}, REMOTE_ADDR="10.0.0.9")
    client.post(RESET, {"email": "kontakt@kk.test"}, REMOTE_ADDR="10.0.0.9")
    assert mail.outbox == []
    client.post(RESET, {"email": "kontakt@kk.test"}, REMOTE_ADDR="10.0.0.10")
    assert len(mail.outbox) == 1


def test_the_throttle_does_not_reveal_whether_an_address_exists(client, contact, settings):
    settings.KKR_LOGIN_MAX_ATTEMPTS = 2
    known = [client.post(RESET, {"email": "kontakt@kk.test"}, REMOTE_ADDR=f"10.1.0.{n}")
             for n in range(4)]
    unknown = [client.post(RESET, {"email": "findes.ikke@kk.test"}, REMOTE_ADDR=f"10.2.0.{n}")
               for n in range(4)]
    assert [(a.status_code, a["Location"]) for a in known] == \
        [(a.status_code, a["Location"]) for a in unknown]
    assert len(mail.outbox) == 2
