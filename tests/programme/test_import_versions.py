"""The importer writes through the programme's versioned services: a re-import that moves a
milestone bumps its version, so a form opened before the import is refused (409) instead of
silently putting the old date back, and every change is one audit event."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from kkrmonitor.programme.importing import import_programme
from kkrmonitor.programme.models import AuditEvent, Milestone, Origin
from tests.conftest import SEED
from tests.editing.formdata import form_data

pytestmark = pytest.mark.django_db


def revised(tmp_path: Path) -> Path:
    """The seed with recommendation 1's approval moved from spring to autumn 2026."""
    text = SEED.read_text(encoding="utf-8").replace(
        "Initiativerne skal godkendes i foråret 2026.",
        "Initiativerne skal godkendes i efteråret 2026.")
    path = tmp_path / "anbefalinger-revideret.txt"
    path.write_text(text, encoding="utf-8")
    return path


def spring_milestone() -> Milestone:
    return Milestone.objects.get(recommendation__number=1, origin=Origin.IMPORT)


def test_a_form_opened_before_a_reimport_that_moved_the_milestone_is_refused(
        seed_programme, client, editor, tmp_path):
    client.force_login(editor)
    milestone = spring_milestone()
    url = reverse("milestone_edit", args=[milestone.pk])
    opened = form_data(client.get(url).content.decode(), url)
    assert (opened["version"], opened["when"]) == ("1", "foråret 2026")

    import_programme(revised(tmp_path), "kkr-hovedstaden")

    response = client.post(url, {**opened, "title": "Godkendelse af initiativerne"})
    assert response.status_code == 409
    page = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
    assert "Tidsangivelse: fra foråret 2026 → til efteråret 2026" in page
    stored = Milestone.objects.get(pk=milestone.pk)
    assert (stored.label, stored.version) == ("efteråret 2026", 2)


def test_a_reimport_writes_one_versioned_audit_event_per_change(seed_programme, tmp_path):
    milestone = spring_milestone()
    recommendation = milestone.recommendation
    first = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()

    import_programme(revised(tmp_path), "kkr-hovedstaden")

    events = AuditEvent.objects.filter(id__gt=first).order_by("id")
    assert [(e.object_type, e.action, e.channel, e.actor_label) for e in events] == [
        ("programme", "update", "import", "Import af anbefalinger-revideret.txt"),
        ("recommendation", "update", "import", "Import af anbefalinger-revideret.txt"),
        ("milestone", "update", "import", "Import af anbefalinger-revideret.txt"),
    ]
    rec_event, milestone_event = events[1], events[2]
    assert sorted(rec_event.changes) == ["body", "version"]
    assert rec_event.changes["version"] == [1, 2]
    assert (rec_event.recommendation_id, rec_event.is_public) == (recommendation.pk, True)
    # The sentence with its date masked is the same, so the importer's key did not change.
    assert milestone_event.changes == {
        "title": ["Initiativerne skal godkendes i foråret 2026.",
                  "Initiativerne skal godkendes i efteråret 2026."],
        "start": ["2026-03-01", "2026-09-01"],
        "end": ["2026-05-31", "2026-11-30"],
        "label": ["foråret 2026", "efteråret 2026"],
        "version": [1, 2],
    }
    assert milestone_event.object_id == str(milestone.pk)
    assert milestone_event.is_public is True


def test_the_same_revised_file_again_writes_nothing(seed_programme, tmp_path):
    path = revised(tmp_path)
    import_programme(path, "kkr-hovedstaden")
    events = AuditEvent.objects.count()
    versions = sorted(Milestone.objects.values_list("id", "version"))

    report = import_programme(path, "kkr-hovedstaden")

    assert report.unchanged is True
    assert AuditEvent.objects.count() == events
    assert sorted(Milestone.objects.values_list("id", "version")) == versions


def test_an_editor_saving_during_the_import_stops_it_and_nothing_is_written(
        seed_programme, tmp_path, monkeypatch):
    from kkrmonitor.programme import services
    from kkrmonitor.programme.importing import ProgrammeImportError

    def saved_meanwhile(author, milestone, *args, **kwargs):
        raise services.EditConflict(milestone, [])

    monkeypatch.setattr(services, "update_milestone", saved_meanwhile)
    events = AuditEvent.objects.count()
    with pytest.raises(ProgrammeImportError) as error:
        import_programme(revised(tmp_path), "kkr-hovedstaden")
    assert str(error.value) == ("En redaktør gemte en ændring i programmet, mens filen blev "
                                "indlæst; intet er gemt. Prøv igen.")
    assert AuditEvent.objects.count() == events
    assert spring_milestone().label == "foråret 2026"
