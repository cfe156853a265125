"""`kkr load_registers` (and `kkr seed_defaults`) creates the three registers empty, with their
columns and sources, and changes nothing when run again."""

from __future__ import annotations

import io

from django.core.management import call_command

from kkrmonitor.programme.models import AuditEvent
from kkrmonitor.registers.models import Register, Row


def _run(name: str) -> str:
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_load_registers_creates_three_empty_registers_once(seed_programme):
    first = _run("load_registers")
    assert first.splitlines() == [
        "Registre oprettet: 3.",
        "  Register: Konsekvenser af de bortfaldne regionale udviklingsopgaver (anbefaling 6)",
        "  Register: Udpegninger (anbefaling 4)",
        "  Register: Taskforcens anbefalinger og opfølgning (anbefaling 5)",
    ]
    registers = {r.title: r for r in Register.objects.select_related("recommendation")}
    consequences = registers["Konsekvenser af de bortfaldne regionale udviklingsopgaver"]
    assert consequences.recommendation.number == 6
    assert [c.name for c in consequences.columns.all()] == [
        "Område", "Opgave eller projekt", "Hidtidig regional finansiering", "Ophører",
        "Hvem overtager", "Konsekvens for kommunerne", "Status", "Ansvarlig", "Kilde"]
    assert [c.kind for c in consequences.columns.all()] == [
        "text", "text", "amount", "date_window", "text", "text", "choice", "user", "text"]
    appointments = registers["Udpegninger"]
    assert appointments.recommendation.number == 4
    assert [c.name for c in appointments.columns.all()] == [
        "Organ", "Post", "Udpeget", "Periode", "Kilde"]
    assert registers["Taskforcens anbefalinger og opfølgning"].recommendation.number == 5
    assert all(r.source and r.published for r in registers.values())
    assert "anbefaling 6" in consequences.source
    assert Row.objects.count() == 0  # never invented rows
    events = AuditEvent.objects.filter(object_type="register").count()
    assert events == 3

    assert _run("load_registers").splitlines() == [
        "Registrene er allerede oprettet; intet ændret."]
    assert Register.objects.count() == 3
    assert AuditEvent.objects.filter(object_type="register").count() == 3


def test_without_the_programme_nothing_is_created_and_the_report_says_why(reference_data):
    lines = _run("load_registers").splitlines()
    assert lines[0] == "Ingen registre oprettet."
    assert lines[1] == ("Anbefaling 6 i KKR Hovedstadens arbejdsprogram 2026-2029 er ikke "
                        "importeret; registret »Konsekvenser af de bortfaldne regionale "
                        "udviklingsopgaver« er ikke oprettet.")
    assert Register.objects.count() == 0


def test_seed_defaults_creates_the_registers(reference_data):
    _run("seed_defaults")
    assert sorted(Register.objects.values_list("slug", flat=True)) == [
        "konsekvenser-af-de-bortfaldne-regionale-udviklingsopgaver",
        "taskforcens-anbefalinger-og-opfoelgning", "udpegninger"]
