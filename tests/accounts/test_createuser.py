"""`kkr createuser`: password from KKR_PASSWORD or a terminal, validated; one audit event."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from kkrmonitor.accounts.models import User
from kkrmonitor.programme.models import AuditEvent
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

GOOD = "en-god-lang-adgangskode-til-cli"


def createuser(*args: str) -> str:
    out = io.StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def no_tty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def test_with_the_password_in_the_environment(monkeypatch, reference_data):
    monkeypatch.setenv("KKR_PASSWORD", GOOD)

    out = createuser("--email", "Chef@KKR.test", "--name", "Carla Chef", "--role", "admin")

    assert out == "Oprettet: Carla Chef <chef@kkr.test>, Administrator.\n"
    user = User.objects.get(email="chef@kkr.test")
    assert user.check_password(GOOD)
    assert [m.role for m in user.memberships.all()] == ["admin"]
    event = AuditEvent.objects.get(object_type="user")
    assert (event.action, event.channel, event.user, event.is_public) == (
        "user.create", "cli", None, False)
    assert event.actor_label.startswith("kkr createuser")
    assert event.changes["roles"] == [None, ["Administrator"]]
    assert "password" not in event.changes


def test_an_editor_for_a_council_and_a_contact_for_a_municipality(monkeypatch, reference_data):
    monkeypatch.setenv("KKR_PASSWORD", GOOD)
    createuser("--email", "r@kkr.test", "--name", "R", "--role", "editor",
               "--council", "kkr-sjaelland")
    out = createuser("--email", "k@kkr.test", "--name", "K", "--role", "contact",
                     "--municipality", "0400")
    assert out == "Oprettet: K <k@kkr.test>, Kommunal kontaktperson (Bornholms Regionskommune).\n"
    assert User.objects.get(email="r@kkr.test").memberships.get().council.slug == "kkr-sjaelland"
    assert AuditEvent.objects.filter(object_type="user").count() == 2


def test_without_environment_and_without_a_terminal_it_says_what_to_do(monkeypatch, no_tty,
                                                                       reference_data):
    monkeypatch.delenv("KKR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="Ingen adgangskode: sæt miljøvariablen KKR_PASSWORD"):
        createuser("--email", "a@kkr.test", "--name", "A", "--role", "reader")
    assert not User.objects.filter(email="a@kkr.test").exists()


def test_at_a_terminal_it_asks_twice(monkeypatch, reference_data):
    monkeypatch.delenv("KKR_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter([GOOD, GOOD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    createuser("--email", "a@kkr.test", "--name", "A", "--role", "reader")
    assert User.objects.get(email="a@kkr.test").check_password(GOOD)


def test_at_a_terminal_the_two_answers_must_match(monkeypatch, reference_data):
    monkeypatch.delenv("KKR_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter([GOOD, GOOD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="De to adgangskoder er ikke ens."):
        createuser("--email", "a@kkr.test", "--name", "A", "--role", "reader")


@pytest.mark.parametrize("args, message", [
    (["--role", "editor"], "--council: En sekretariatsredaktør skal have et råd."),
    (["--role", "editor", "--council", "kkr-hovedstaden", "--municipality", "101"],
     "--municipality: En sekretariatsredaktør har et råd, ikke en kommune."),
    (["--role", "contact"], "--municipality: En kommunal kontaktperson skal have en kommune."),
    (["--role", "admin", "--council", "kkr-hovedstaden"],
     "--council: Rollen Administrator har intet råd."),
    (["--role", "reader", "--municipality", "101"],
     "--municipality: Rollen Læser har ingen kommune."),
    (["--role", "editor", "--council", "kkr-nowhere"], "--council: ukendt råd 'kkr-nowhere'."),
    (["--role", "contact", "--municipality", "999"], "--municipality: ukendt kommunekode '999'."),
    (["--role", "boss"], "Error: argument --role: invalid choice: 'boss' (choose from "
     "'admin', 'editor', 'contact', 'reader')"),
])
def test_bad_role_and_scope_are_refused(monkeypatch, reference_data, args, message):
    monkeypatch.setenv("KKR_PASSWORD", GOOD)
    with pytest.raises(CommandError) as raised:
        createuser("--email", "a@kkr.test", "--name", "A", *args)
    assert str(raised.value).startswith(message)
    assert not User.objects.filter(email="a@kkr.test").exists()
    assert not AuditEvent.objects.filter(object_type="user").exists()


def test_a_weak_password_is_refused_with_the_validators_reasons(monkeypatch, reference_data):
    monkeypatch.setenv("KKR_PASSWORD", "12345678")
    with pytest.raises(CommandError) as raised:
        createuser("--email", "a@kkr.test", "--name", "A", "--role", "reader")
    assert str(raised.value).startswith("Adgangskoden duer ikke: Denne adgangskode er for kort.")
    assert "for almindelig" in str(raised.value)
    assert "udelukkende numerisk" in str(raised.value)


@pytest.mark.parametrize("email, message", [
    ("ikke-en-adresse", "--email: 'ikke-en-adresse' er ikke en gyldig e-mailadresse."),
    ("REDAKTOER@kkr.test", "--email: der findes allerede en bruger med redaktoer@kkr.test."),
])
def test_bad_or_taken_addresses_are_refused(monkeypatch, editor, email, message):
    monkeypatch.setenv("KKR_PASSWORD", GOOD)
    with pytest.raises(CommandError, match="^" + message.replace(".", r"\.") + "$"):
        createuser("--email", email, "--name", "A", "--role", "reader")


def test_an_empty_password_variable_is_an_error(monkeypatch, reference_data):
    monkeypatch.setenv("KKR_PASSWORD", "")
    with pytest.raises(CommandError, match="KKR_PASSWORD er sat, men tom."):
        createuser("--email", "a@kkr.test", "--name", "A", "--role", "reader")


def test_the_real_command_fails_cleanly_without_a_terminal(tmp_path):
    """As CI runs it: no stdin, no KKR_PASSWORD. The message and exit status, nothing more."""
    env = {"PATH": "/usr/bin:/bin", "KKR_DEBUG": "1", "KKR_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "kkrmonitor.settings"}
    subprocess.run([sys.executable, "-m", "kkrmonitor", "migrate", "-v0"], cwd=ROOT, env=env,
                   check=True, stdin=subprocess.DEVNULL)
    result = subprocess.run(
        [sys.executable, "-m", "kkrmonitor", "createuser", "--email", "a@kkr.test",
         "--name", "A", "--role", "admin"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == ("CommandError: Ingen adgangskode: sæt miljøvariablen KKR_PASSWORD, "
                             "eller kør kommandoen i en terminal for at blive spurgt.\n")
