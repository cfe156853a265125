"""Log-in throttling: counted in the database, per e-mail address and per client address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.test import RequestFactory

from kkrmonitor.accounts import throttle
from kkrmonitor.accounts.models import LoginAttempt
from tests.conftest import PASSWORD

LOGIN = "/konto/log-ind/"
LOCKED = "For mange mislykkede forsøg. Prøv igen om 15 minutter."

pytestmark = pytest.mark.django_db


def fail(client, email: str, times: int, **extra) -> None:
    for _ in range(times):
        response = client.post(LOGIN, {"email": email, "password": "forkert-gæt"}, **extra)
        assert response.status_code == 200


def move_attempts_back(minutes: int) -> None:
    """Freeze time the simple way: make every stored attempt older."""
    LoginAttempt.objects.update(at=F("at") - timedelta(minutes=minutes))


def test_five_failures_lock_the_address_even_for_the_right_password(client, editor):
    fail(client, editor.email, 5)

    response = client.post(LOGIN, {"email": editor.email, "password": PASSWORD})

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    html = response.content.decode()
    assert LOCKED in html
    assert "Forkert e-mail eller adgangskode." not in html
    assert SESSION_KEY not in client.session
    # The refused attempt is not recorded, so it does not prolong the lock.
    assert LoginAttempt.objects.count() == 5


def test_a_locked_attempt_does_not_check_the_password(client, editor, monkeypatch):
    fail(client, editor.email, 5)
    checked = []
    monkeypatch.setattr("kkrmonitor.accounts.views.authenticate",
                        lambda *a, **k: checked.append(k))
    assert client.post(LOGIN, {"email": editor.email, "password": PASSWORD}).status_code == 429
    assert checked == []


def test_the_lock_counts_the_address_however_it_is_typed(client, editor):
    fail(client, "Redaktoer@KKR.test", 5)
    assert client.post(LOGIN, {"email": editor.email, "password": PASSWORD}).status_code == 429


def test_the_lock_lifts_when_the_window_has_passed(client, editor):
    fail(client, editor.email, 5)
    move_attempts_back(14)
    response = client.post(LOGIN, {"email": editor.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Prøv igen om 1 minut." in response.content.decode()

    move_attempts_back(2)
    response = client.post(LOGIN, {"email": editor.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_four_failures_do_not_lock(client, editor):
    fail(client, editor.email, 4)
    assert client.post(LOGIN, {"email": editor.email, "password": PASSWORD}).status_code == 302


def test_a_successful_login_clears_the_count(client, editor):
    fail(client, editor.email, 4)
    assert client.post(LOGIN, {"email": editor.email, "password": PASSWORD}).status_code == 302
    client.post("/konto/log-ud/")

    fail(client, editor.email, 4)  # would be 8 if the success had not cleared the first 4
    assert client.post(LOGIN, {"email": editor.email, "password": PASSWORD}).status_code == 302
    # The attempts stay as a log of who tried to log in.
    assert LoginAttempt.objects.filter(succeeded=False).count() == 8
    assert LoginAttempt.objects.filter(succeeded=True).count() == 2


def test_one_address_is_locked_without_locking_others(client, editor, reader):
    fail(client, editor.email, 5)
    assert client.post(LOGIN, {"email": reader.email, "password": PASSWORD}).status_code == 302


def test_many_failures_from_one_client_lock_that_client(client, settings, reader):
    settings.KKR_LOGIN_MAX_ATTEMPTS_PER_IP = 6
    for number in range(6):
        fail(client, f"gaet{number}@kkr.test", 1)
    other = {"REMOTE_ADDR": "192.0.2.7"}

    assert client.post(LOGIN, {"email": reader.email, "password": PASSWORD}).status_code == 429
    response = client.post(LOGIN, {"email": reader.email, "password": PASSWORD}, **other)
    assert response.status_code == 302


def test_logging_in_to_ones_own_account_does_not_reset_the_client_count(client, settings,
                                                                        reader):
    settings.KKR_LOGIN_MAX_ATTEMPTS_PER_IP = 6
    fail(client, "offer@kkr.test", 3)
    assert client.post(LOGIN, {"email": reader.email, "password": PASSWORD}).status_code == 302
    client.post("/konto/log-ud/")
    fail(client, "offer2@kkr.test", 3)
    assert client.post(LOGIN, {"email": reader.email, "password": PASSWORD}).status_code == 429


def test_the_limits_come_from_settings(client, settings, editor):
    settings.KKR_LOGIN_MAX_ATTEMPTS = 2
    settings.KKR_LOGIN_LOCKOUT_MINUTES = 60
    fail(client, editor.email, 2)
    response = client.post(LOGIN, {"email": editor.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Prøv igen om 60 minutter." in response.content.decode()


def test_old_attempts_are_pruned(editor):
    throttle.record_failure(editor.email, "192.0.2.1")
    LoginAttempt.objects.update(at=F("at") - timedelta(days=31))
    throttle.record_failure(editor.email, "192.0.2.1")
    assert LoginAttempt.objects.count() == 1


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    (0, "192.0.2.1", "", "192.0.2.1"),
    (0, "192.0.2.1", "203.0.113.9", "192.0.2.1"),  # no proxy trusted: the header is ignored
    (1, "10.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client wrote the rest
    (2, "10.0.0.2", "198.51.100.1, 203.0.113.9", "198.51.100.1"),
    (1, "10.0.0.2", "", "10.0.0.2"),
    (0, "ikke-en-adresse", "", None),
    (1, "10.0.0.2", "noget-vrøvl", None),
])
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.KKR_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_ip(request) == expected
