"""Importing an agenda or minutes: items found, drafts made, the file kept, suggestions ranked,
and the same file again changes nothing."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kkrmonitor.meetings.models import AgendaItem, Attachment, ImportedItem, LinkSuggestion, Meeting
from kkrmonitor.programme.models import AuditEvent

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"
AGENDA = FIXTURES / "kkr-dagsorden.txt"
MINUTES = FIXTURES / "kkr-referat.txt"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.KKR_MEDIA_DIR = tmp_path / "media"
    return settings.KKR_MEDIA_DIR


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_meeting_document", *args, stdout=out)
    return out.getvalue()


def imported_json(path: Path, *extra: str) -> dict:
    return json.loads(run(str(path), "--council", "kkr-hovedstaden", "--date", "2026-04-20",
                          "--json", *extra))


def test_the_agenda_items_are_found_with_the_right_recommendation_first(seed_programme):
    result = imported_json(AGENDA)
    assert result["meeting"] == {"council": "kkr-hovedstaden", "date": "2026-04-20",
                                 "kind": "dagsorden"}
    assert [(i["number"], i["title"]) for i in result["items"]] == [
        ("1.1", "Godkendelse af referat"),
        ("2.1", "Siden sidst"),
        ("3.1", "Rammeaftale for det specialiserede socialområde"),
        ("3.2", "Status på BRT og de regionale infrastrukturprojekter"),
        ("3.3", "Fælles IT-driftsenheder i kommunerne"),
    ]
    firsts = {i["number"]: i["suggestions"][0]["recommendation"] for i in result["items"]
              if i["suggestions"]}
    assert firsts["3.1"] == 1
    assert firsts["3.2"] == 2
    assert firsts["3.3"] == 7
    meeting = Meeting.objects.get(council__slug="kkr-hovedstaden", date=date(2026, 4, 20))
    items = list(meeting.agenda_items.order_by("number"))
    assert [(i.number, i.publication) for i in items] == [(n, "draft") for n in range(1, 6)]
    imported = ImportedItem.objects.get(agenda_item=items[2])
    assert imported.source_number == "3.1"
    assert imported.recommendation_text.startswith("Det indstilles, at KKR Hovedstaden:")
    attachment = meeting.attachments.get()
    assert (attachment.kind, attachment.filename, attachment.content_type) == (
        "dagsorden", "kkr-dagsorden.txt", "text/plain; charset=utf-8")


def test_importing_the_same_file_again_changes_nothing(seed_programme, media):
    run(str(AGENDA), "--council", "kkr-hovedstaden", "--date", "2026-04-20")
    counts = (AgendaItem.objects.count(), Attachment.objects.count(),
              LinkSuggestion.objects.count(), AuditEvent.objects.count())
    out = run(str(AGENDA), "--council", "kkr-hovedstaden", "--date", "2026-04-20")
    assert out == "kkr-dagsorden.txt er allerede indlæst til mødet den 2026-04-20; intet ændret.\n"
    assert (AgendaItem.objects.count(), Attachment.objects.count(),
            LinkSuggestion.objects.count(), AuditEvent.objects.count()) == counts
    assert len(list((media / "attachments").iterdir())) == 1


def test_a_dry_run_writes_nothing(seed_programme, media):
    before = AuditEvent.objects.count()
    result = imported_json(AGENDA, "--dry-run")
    assert len(result["items"]) == 5
    assert not Meeting.objects.filter(date=date(2026, 4, 20)).exists()
    assert AuditEvent.objects.count() == before
    assert not media.exists()


def test_the_minutes_bring_the_decisions_and_the_health_reform_is_found(seed_programme):
    result = imported_json(MINUTES, "--kind", "referat")
    assert [(i["number"], i["title"]) for i in result["items"]] == [
        ("1", "Godkendelse af referat"),
        ("2", "Sundhedsreformen og Sundhedskoordinationsforum"),
        ("3", "Klimaalliancen og fælles klimaindsatser"),
    ]
    assert result["items"][1]["suggestions"][0]["recommendation"] == 9
    assert result["items"][2]["suggestions"][0]["recommendation"] == 3
    imported = ImportedItem.objects.get(source_number="2")
    assert imported.decision_text == ("KKR Hovedstaden drøftede forberedelsen og bad om en "
                                      "status på næste møde.")
    assert Meeting.objects.get(date=date(2026, 4, 20)).state == "held"


def test_a_file_that_is_not_a_document_is_refused_naming_the_file(seed_programme, tmp_path):
    bad = tmp_path / "dagsorden.docx"
    bad.write_bytes(b"MZ\x90\x00 not a word file")
    with pytest.raises(CommandError) as error:
        run(str(bad), "--council", "kkr-hovedstaden", "--date", "2026-04-20")
    assert str(error.value) == (f"{bad}: Filens indhold er hverken PDF, Word eller tekst. Kun "
                                "PDF-, Word- (.docx) og Excel-filer (.xlsx) kan vedhæftes.")
    assert not Meeting.objects.filter(date=date(2026, 4, 20)).exists()


def test_a_text_without_numbered_items_is_refused(seed_programme, tmp_path):
    empty = tmp_path / "noter.txt"
    empty.write_text("Noter fra mødet\nIngen punkter her\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run(str(empty), "--council", "kkr-hovedstaden", "--date", "2026-04-20")
    assert str(error.value) == (f"{empty}: Der er ingen nummererede punkter i dokumentet (som "
                                "»1. Godkendelse af referat«).")


def test_an_unknown_council_and_a_bad_date_are_named(seed_programme):
    with pytest.raises(CommandError, match="--council kkr-ukendt: intet råd med det kortnavn"):
        run(str(AGENDA), "--council", "kkr-ukendt", "--date", "2026-04-20")
    with pytest.raises(CommandError, match="--date 20-04-2026: ikke en dato"):
        run(str(AGENDA), "--council", "kkr-hovedstaden", "--date", "20-04-2026")
