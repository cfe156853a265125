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
