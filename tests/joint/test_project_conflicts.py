"""A project's edit form carries the version the editor saw, and a save on top of someone
else's is refused with 409, the other person's change shown and the user's input kept and
merged, as for the programme's edit forms."""

from __future__ import annotations

import pytest

from kkrmonitor.joint.models import Project
from kkrmonitor.programme.models import AuditEvent
from tests.editing.formdata import alma_saves_first, form_data, text_of

pytestmark = pytest.mark.django_db


def _edit_url(project: Project) -> str:
    return f"/portefoelje/{project.portfolio.slug}/projekt/{project.slug}/rediger/"


def test_project_conflict_keeps_the_input_and_merges(joint_data, erik, alma):
    project = Project.objects.get(name="Kystbanen")
    url = _edit_url(project)
    seen_by_erik = alma_saves_first(url, erik, alma, responsible_authority="Banedanmark")
    assert seen_by_erik["version"] == str(project.version)

    events_before = AuditEvent.objects.count()
    response = erik.post(url, {**seen_by_erik, "description": "Dobbeltspor til Helsingør."})

    assert response.status_code == 409
    assert AuditEvent.objects.count() == events_before
    page = text_of(response)
    assert "Nogen har gemt før dig" in page
    assert "Alma Administrator har gemt ændringer, efter du åbnede siden." in page
    again = form_data(response.content.decode(), url)
    assert again["description"] == "Dobbeltspor til Helsingør."
    assert again["responsible_authority"] == "Banedanmark"
    assert erik.post(url, again).status_code == 302
    project.refresh_from_db()
    assert (project.description, project.responsible_authority) == (
        "Dobbeltspor til Helsingør.", "Banedanmark")


def test_project_edit_without_a_version_is_refused(joint_data, erik):
    project = Project.objects.get(name="Kystbanen")
    url = _edit_url(project)
    data = form_data(erik.get(url).content.decode(), url)
    del data["version"]
    response = erik.post(url, {**data, "description": "Uden version."})
    assert response.status_code == 200
    assert "Siden mangler versionsnummeret." in text_of(response)
    project.refresh_from_db()
    assert project.description != "Uden version."


def test_a_change_of_lists_alone_steps_the_version(joint_data, erik, alma):
    """Otherwise a form opened before it would save on top and silently undo it."""
    project = Project.objects.get(name="Kystbanen")
    url = _edit_url(project)
    seen_by_erik = alma_saves_first(url, erik, alma, lists=[])
    project.refresh_from_db()
    assert list(project.lists.all()) == []
    assert project.version == int(seen_by_erik["version"]) + 1

    response = erik.post(url, {**seen_by_erik, "source": "Trafikaftale 2021."})

    assert response.status_code == 409
    again = form_data(response.content.decode(), url)
    assert "lists" not in again  # Alma's emptied lists merged in, Erik's source kept
    assert again["source"] == "Trafikaftale 2021."
    assert erik.post(url, again).status_code == 302
    project.refresh_from_db()
    assert (list(project.lists.all()), project.source) == ([], "Trafikaftale 2021.")
