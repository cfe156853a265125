"""Shared fixtures: reference data, the council's real document imported, and a headless
Chromium (Debian's, never a downloaded one) for browser tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "programmes" / "kkr-hovedstaden-anbefalinger-2026-2029.txt"
FIXTURES = ROOT / "tests" / "fixtures"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are
# in their own thread, so Django's async-safety check does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _empty_default_cache():
    """The header's work-queue count is cached per user id, and ids repeat from test to test:
    each test starts with an empty default cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def reference_data(db):
    from kkrmonitor.programme.reference_loading import load_reference_data

    return load_reference_data()


@pytest.fixture
def seed_programme(reference_data):
    """The council's real document, imported as `make run` imports it."""
    from kkrmonitor.programme.importing import import_programme

    return import_programme(SEED, "kkr-hovedstaden").programme


# --- named test users, one per role (in the style of healthchecks' test users) ---------------

PASSWORD = "korrekt-hest-batteri-hæfteklamme"


def _user(email: str, name: str, role: str | None = None, council: str | None = None,
          municipality: str | None = None):
    from kkrmonitor.accounts.models import Membership, User
    from kkrmonitor.programme.models import Council, Municipality

    user = User.objects.create_user(email, PASSWORD, full_name=name)
    if role:
        Membership.objects.create(
            user=user, role=role,
            council=Council.objects.get(slug=council) if council else None,
            municipality=Municipality.objects.get(code=municipality) if municipality else None)
    return user


@pytest.fixture
def admin_user(reference_data):
    return _user("admin@kkr.test", "Alma Administrator", "admin")


@pytest.fixture
def editor(reference_data):
    return _user("redaktoer@kkr.test", "Erik Redaktør", "editor", council="kkr-hovedstaden")


@pytest.fixture
def editor_sjaelland(reference_data):
    return _user("redaktoer@kkr-sj.test", "Sara Sjælland", "editor", council="kkr-sjaelland")


@pytest.fixture
def contact(reference_data):
    return _user("kontakt@kk.test", "Karen København", "contact", municipality="101")


@pytest.fixture
def contact_bornholm(reference_data):
    return _user("kontakt@brk.test", "Bo Bornholm", "contact", municipality="400")


@pytest.fixture
def reader(reference_data):
    return _user("laeser@kkr.test", "Lars Læser", "reader")


@pytest.fixture
def outsider(reference_data):
    """Logged in, but with no role at all."""
    return _user("udenfor@kkr.test", "Otto Udenfor")


# --- accessibility ---------------------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page. The script is evaluated through the
    DevTools protocol rather than added as a <script> tag, so the site's Content-Security-Policy
    stays on during browser tests."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in violations)


@pytest.fixture
def csp_errors(page):
    """Console errors about the Content-Security-Policy; a test can assert none occurred."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return errors


@pytest.fixture
def erik(client, editor):
    """Erik Redaktør's browser, for two people editing the same thing (with `alma`)."""
    client.force_login(editor)
    return client


@pytest.fixture
def alma(admin_user):
    """Alma Administrator's browser, the other person who saves first."""
    from django.test import Client

    other = Client()
    other.force_login(admin_user)
    return other
