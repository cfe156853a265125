"""`kkr import_programme` refuses a zip-bomb Word file quickly, names the file and the
problem, and writes nothing (bug 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kkrmonitor.programme.models import AuditEvent, Programme, Recommendation
from tests.parsing.test_document_limits import _bomb_document_xml, _rebuild

pytestmark = pytest.mark.django_db


def test_zip_bomb_docx_is_refused_and_nothing_is_written(reference_data, tmp_path: Path):
    path = tmp_path / "bombe.docx"
    path.write_bytes(_rebuild(replace={"word/document.xml": _bomb_document_xml()}))
    before = (AuditEvent.objects.count(), Programme.objects.count(),
              Recommendation.objects.count())
    with pytest.raises(CommandError) as err:
        call_command("import_programme", str(path), council="kkr-hovedstaden")
    message = str(err.value)
    assert message.startswith(f"{path}: Word-filens del »word/document.xml« pakkes ud til ")
    assert message.endswith("Filen er formentlig en zip-bombe.")
    assert (AuditEvent.objects.count(), Programme.objects.count(),
            Recommendation.objects.count()) == before
