"""Logging in and out with the test client: the real form, sessions, messages and hashing."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY

from kkrmonitor import settings as production_settings
from kkrmonitor.accounts.models import User
from tests.conftest import PASSWORD

LOGIN = "/konto/log-ind/"
LOGOUT = "/konto/log-ud/"

pytestmark = pytest.mark.django_db


def test_urls_have_the_documented_names():
    from django.urls import reverse

    assert reverse("login") == LOGIN
    assert reverse("logout") == LOGOUT
    assert reverse("password_reset") == "/konto/nulstil/"
    assert reverse("password_change") == "/konto/adgangskode/"
    assert reverse("user_list") == "/konto/brugere/"
    assert reverse("user_invite") == "/konto/brugere/inviter/"
    assert reverse("user_roles", args=[7]) == "/konto/brugere/7/roller/"
    assert reverse("user_active", args=[7]) == "/konto/brugere/7/aktiv/"


def test_login_page_is_a_danish_form(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Log ind</h1>" in html
    assert 'name="email"' in html and 'type="email"' in html
    assert 'name="password"' in html and 'autocomplete="current-password"' in html
    assert 'class="button button-primary"' in html
    assert 'href="/konto/nulstil/"' in html


def test_login_logs_in_cycles_the_session_and_lands_on_the_work_queue(client, editor):
    session = client.session
    session["before-login"] = True
    session.save()
    key_before = session.session_key

    response = client.post(LOGIN, {"email": editor.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/rediger/"  # an editor's work queue (issue #14)
    assert client.session[SESSION_KEY] == str(editor.pk)
    assert client.session.session_key != key_before  # no session fixation
    editor.refresh_from_db()
    assert editor.last_login is not None


def test_login_accepts_the_address_in_any_case(client, editor):
    response = client.post(LOGIN, {"email": "  Redaktoer@KKR.test ", "password": PASSWORD})
    assert response.status_code == 302


def test_login_follows_a_local_next_but_not_another_site(client, editor):
    response = client.post(LOGIN + "?next=/raad/", {"email": editor.email,
                                                   "password": PASSWORD})
    assert response["Location"] == "/raad/"
    client.logout()
    response = client.post(LOGIN, {"email": editor.email, "password": PASSWORD,
                                   "next": "https://evil.example/"})
    assert response["Location"] == "/rediger/"  # the editor's own landing page, not the other site


def test_next_survives_the_form_as_a_hidden_field(client):
    html = client.get(LOGIN + "?next=/konto/brugere/").content.decode()
    assert '<input type="hidden" name="next" value="/konto/brugere/">' in html


@pytest.mark.parametrize("email, password", [
    ("redaktoer@kkr.test", "forkert-adgangskode"),
    ("findes-ikke@kkr.test", PASSWORD),
])
def test_wrong_email_or_password_gives_one_danish_message(client, editor, email, password):
    response = client.post(LOGIN, {"email": email, "password": password})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    html = response.content.decode()
    assert "Forkert e-mail eller adgangskode." in html
    assert 'class="alert alert-error mb-5"' in html
    assert f'value="{email}"' in html  # the address is kept, the password is not
    assert password not in html


def test_an_empty_form_names_the_fields(client, reference_data):
    response = client.post(LOGIN, {"email": "", "password": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="form-group form-error"') == 2
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert '<a href="#id_email">' in html


def test_a_deactivated_user_cannot_log_in(client, editor):
    editor.is_active = False
    editor.save()
    response = client.post(LOGIN, {"email": editor.email, "password": PASSWORD})
    assert "Forkert e-mail eller adgangskode." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_logout_needs_post(client, editor):
    client.force_login(editor)
    assert client.get(LOGOUT).status_code == 405
    assert client.session[SESSION_KEY] == str(editor.pk)

    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session


def test_logout_is_protected_against_cross_site_requests(editor):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor)
    assert csrf_client.post(LOGOUT).status_code == 403
    assert csrf_client.session[SESSION_KEY] == str(editor.pk)


def test_production_hashes_passwords_with_argon2(settings, reference_data):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = User.objects.create_user("argon@kkr.test", PASSWORD, full_name="Arne Argon")
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)


def test_password_change_needs_login_and_records_an_audit_event(client, editor):
    from kkrmonitor.programme.models import AuditEvent

    response = client.get("/konto/adgangskode/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/log-ind/?next=/konto/adgangskode/"

    client.force_login(editor)
    new = "en-helt-ny-og-lang-adgangskode"
    response = client.post("/konto/adgangskode/", {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response["Location"] == "/konto/adgangskode/skiftet/"
    editor.refresh_from_db()
    assert editor.check_password(new)
    assert client.session[SESSION_KEY] == str(editor.pk)  # still logged in here
    event = AuditEvent.objects.get(object_type="user")
    assert (event.action, event.user, event.channel, event.is_public) == (
        "user.password_change", editor, "web", False)
    assert event.changes == {}


def test_password_change_refuses_a_wrong_old_password_in_danish(client, editor):
    client.force_login(editor)
    response = client.post("/konto/adgangskode/", {
        "old_password": "forkert", "new_password1": "x" * 12, "new_password2": "x" * 12})
    assert response.status_code == 200
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in response.content.decode()
