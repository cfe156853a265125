"""Fixtures: the three shipped registers (as `make run` creates them) on the real programme,
and one published row in »Udpegninger«, made through the services."""

from __future__ import annotations

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.programme.models import Publication
from kkrmonitor.registers.defaults import load_reference_registers
from kkrmonitor.registers.models import Register
from kkrmonitor.registers.services import create_row

SETUP = Author(label="Testopsætning", channel="cli")
APPOINTMENTS = "udpegninger"
CONSEQUENCES = "konsekvenser-af-de-bortfaldne-regionale-udviklingsopgaver"


@pytest.fixture
def registers(seed_programme) -> dict[str, Register]:
    load_reference_registers()
    return {r.slug: r for r in Register.objects.select_related("council")}


@pytest.fixture
def appointments(registers) -> Register:
    return registers[APPOINTMENTS]


@pytest.fixture
def appointment_row(appointments):
    """A test row (not shipped data): Erhvervshus Hovedstaden's chair, 2026-2029."""
    return create_row(SETUP, appointments, {
        "organ": "erhvervshus-hovedstaden", "post": "Formand", "udpeget": "Testperson A",
        "periode": {"label": "2026-2029", "start": "2026-01-01", "end": "2029-12-31"},
        "kilde": "Testdata"}, Publication.PUBLISHED)


def field(register: Register, name: str) -> str:
    return f"kolonne_{register.columns.get(name=name).pk}"
