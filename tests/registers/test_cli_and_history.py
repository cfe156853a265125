"""`kkr import_register` names the file, the row and the problem and exits non-zero; a row's
changes read in Danish in the recommendation's history."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kkrmonitor.registers.models import Row
from kkrmonitor.registers.services import update_row
from tests.registers.conftest import APPOINTMENTS, SETUP

pytestmark = pytest.mark.django_db


def test_cli_import_writes_all_rows(tmp_path, appointments):
    path = tmp_path / "udpegninger.csv"
    path.write_text("Organ;Post;Periode\nErhvervshus Hovedstaden;Formand;2026-2029\n"
                    "Danmarks Erhvervsfremmebestyrelse;Medlem;2026-2029\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_register", str(path), register=APPOINTMENTS, stdout=out)
    assert out.getvalue() == (f"{path}: 2 nye rækker (gemt som kladde), 0 ændrede og 0 "
                              "uændrede rækker.\n")
    assert Row.objects.filter(register=appointments).count() == 2


def test_cli_import_refuses_a_bad_row_and_writes_nothing(tmp_path, appointments):
    path = tmp_path / "udpegninger.csv"
    path.write_text("Organ;Post\nErhvervshus Hovedstaden;Formand\nUkendt organ;Medlem\n",
                    encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_register", str(path), register=APPOINTMENTS)
    assert str(error.value) == (f"{path}: intet er indlæst.\n"
                                "Række 3: Organ: aktøren »Ukendt organ« findes ikke.")
    assert Row.objects.filter(register=appointments).count() == 0


def test_cli_import_names_an_unknown_register(tmp_path, appointments):
    with pytest.raises(CommandError) as error:
        call_command("import_register", str(tmp_path / "x.csv"), register="findes-ikke")
    assert str(error.value) == "Der er intet register med slug »findes-ikke«."


def test_row_changes_read_in_danish_in_the_recommendation_history(client, appointments,
                                                                 appointment_row):
    update_row(SETUP, appointment_row, {**appointment_row.values, "post": "Næstformand"},
               "published", appointment_row.version)
    page = client.get(f"/historik/anbefaling/{appointments.recommendation_id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Registerrække" in text
    assert "Formand" in text and "Næstformand" in text
    assert "publication" not in text and "values" not in text
