"""kkrmonitor.audit: one enum names every audit event, the stored values are the ones older
versions wrote (so old rows read the same), and every writer goes through the public helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kkrmonitor
from kkrmonitor.audit import AuditAction, Author, action_label, record
from kkrmonitor.programme.models import AuditEvent, Council

SOURCE = Path(kkrmonitor.__file__).parent


def test_the_stored_values_are_the_ones_already_in_the_database():
    assert AuditAction.values == [
        "create", "update", "delete", "publish", "unpublish", "confirm", "finalise", "outcome",
        "assign", "report", "approve", "return", "import_stages", "share", "unshare", "event",
        "indicator.create", "indicator.update", "indicator.fetch", "indicator.import",
        "user.create", "user.invite", "user.invite_accept", "user.role_add",
        "user.role_remove", "user.activate", "user.deactivate", "user.password_change",
        "user.password_reset", "indicator.fetch_queued",
    ]


def test_the_history_says_each_action_in_danish():
    assert action_label("update") == "ændret"
    assert action_label("indicator.fetch") == "hentet fra Danmarks Statistik"
    assert action_label("user.role_add") == "rolle tilføjet"
    # Verbs no writer uses any more still read as before.
    assert action_label("status") == "ny status"
    assert action_label("joint.report") == "indberettet"
    assert action_label("something_else") == "something_else"


@pytest.mark.django_db
def test_record_refuses_an_action_outside_the_enum():
    council = Council.objects.create(slug="testraad", name="Testråd")
    with pytest.raises(ValueError):
        record(Author("Test", "cli"), "publicise", council, {})  # type: ignore[arg-type]
    event = record(Author("Test", "cli"), AuditAction.UPDATE, council, {"name": ["A", "B"]})
    assert AuditEvent.objects.values_list("action", flat=True).get(pk=event.pk) == "update"


def _sources() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(SOURCE.rglob("*.py"))
            if "migrations" not in p.parts]


def test_every_audit_writer_names_its_action_from_the_enum():
    plain = [f"{p.relative_to(SOURCE)}:{m.group(0)}" for p, text in _sources()
             for m in re.finditer(r"\brecord\(\s*\w+,\s*[\"']", text)]
    assert plain == []


def test_no_app_imports_the_private_versioned_update():
    private = [str(p.relative_to(SOURCE)) for p, text in _sources()
               if re.search(r"import[^\n]*\b_apply\b|services\._apply\b", text)]
    assert private == []
