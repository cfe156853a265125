"""Meeting documents and registers in search: what an imported agenda says is found, its draft
items are not found by the public until published, and a register's published rows are."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kkrmonitor.access import Access
from kkrmonitor.audit.recording import Author
from kkrmonitor.meetings.document_import import import_meeting_document, publish_item
from kkrmonitor.meetings.models import AgendaItem
from kkrmonitor.programme.models import Council, Publication
from kkrmonitor.registers.defaults import load_reference_registers
from kkrmonitor.registers.models import Register
from kkrmonitor.registers.services import create_row, update_row
from kkrmonitor.search.query import search

pytestmark = pytest.mark.django_db

PUBLIC = Access()
MEMBER = Access(user_id=1, is_member=True)
AUTHOR = Author(label="Test", channel="cli")
AGENDA = Path(__file__).resolve().parents[1] / "fixtures" / "meetings" / "kkr-dagsorden.txt"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.KKR_MEDIA_DIR = tmp_path / "media"


def _kinds(query: str, access: Access) -> list[str]:
    return sorted(h.kind for h in search(query, access).hits)


def test_an_imported_agenda_is_found_and_its_draft_items_only_by_members(
        indexed, django_capture_on_commit_callbacks):
    council = Council.objects.get(slug="kkr-hovedstaden")
    with django_capture_on_commit_callbacks(execute=True):
        import_meeting_document(AUTHOR, council, date(2026, 4, 20), AGENDA.name,
                                AGENDA.read_bytes())
    # "Rammeaftale for det specialiserede socialområde" is item 3.1 of the agenda; the
    # document itself is public, the item an unpublished draft.
    assert "dagsordenspunkt" not in _kinds("rammeaftalen", PUBLIC)
    assert "bilag" in _kinds("rammeaftalen", PUBLIC)
    assert "dagsordenspunkt" in _kinds("rammeaftalen", MEMBER)

    item = AgendaItem.objects.get(title="Rammeaftale for det specialiserede socialområde")
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_item(AUTHOR, item)
    assert "dagsordenspunkt" in _kinds("rammeaftalen", PUBLIC)


def test_a_register_and_its_published_rows_are_found(indexed,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_reference_registers()
    register = Register.objects.get(slug="udpegninger")
    assert [h.title for h in search("udpegningerne", PUBLIC).hits if h.kind == "register"] \
        == ["Udpegninger"]

    values = {"organ": "erhvervshus-hovedstaden", "post": "Bestyrelsesformand",
              "udpeget": "Testperson A", "kilde": "Testdata"}
    with django_capture_on_commit_callbacks(execute=True):
        row = create_row(AUTHOR, register, values)
    assert _kinds("bestyrelsesformand", PUBLIC) == []
    assert _kinds("bestyrelsesformand", MEMBER) == ["registerraekke"]

    with django_capture_on_commit_callbacks(execute=True):
        update_row(AUTHOR, row, values, Publication.PUBLISHED, row.version)
    hits = search("bestyrelsesformand", PUBLIC).hits
    assert [(h.kind, h.url) for h in hits] == [("registerraekke", register.get_absolute_url())]
