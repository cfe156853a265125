"""Data only: a sentence of the document that dates a change in the world ("Regionens
udviklingsmidler og -opgaver bortfalder fra 2026") was imported as a milestone, a deadline
nobody set. The importer now files it with the recommendation's dated history; this moves the
rows it made before (imported, no outcome registered, on no initiative) the same way, with an
audit event for each removal and creation, as the importer would have written them. A database
re-imported from the same file is otherwise left as it is (the checksum is unchanged)."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

from kkrmonitor.parsing.world_changes import dates_a_change

AUTHOR = "Opdatering af KKR Monitor"
WINDOW = ["start", "end", "label", "precision"]


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def move_events_to_history(apps: Any, schema_editor: Any) -> None:
    Milestone = apps.get_model("programme", "Milestone")
    HistoryEntry = apps.get_model("programme", "HistoryEntry")
    AuditEvent = apps.get_model("programme", "AuditEvent")
    now = timezone.now()
    for milestone in Milestone.objects.filter(origin="import", state="planned",
                                              initiative__isnull=True):
        if not dates_a_change(milestone.title):
            continue
        window = {key: getattr(milestone, key) for key in WINDOW}
        AuditEvent.objects.create(
            at=now, actor_label=AUTHOR, channel="cli", action="delete",
            object_type="milestone", object_id=str(milestone.pk),
            object_repr=f"{milestone.label}: {milestone.title}"[:300],
            changes={"title": [milestone.title, None],
                     **{key: [_plain(value), None] for key, value in window.items()}},
            recommendation_id=milestone.recommendation_id, is_public=True)
        entry = HistoryEntry.objects.create(
            recommendation_id=milestone.recommendation_id, text=milestone.title,
            origin="import", source_text=milestone.source_text, **window)
        AuditEvent.objects.create(
            at=now, actor_label=AUTHOR, channel="cli", action="create",
            object_type="historyentry", object_id=str(entry.pk),
            object_repr=f"{entry.label}: {entry.text}"[:300],
            changes={"text": [None, entry.text],
                     **{key: [None, _plain(value)] for key, value in window.items()}},
            recommendation_id=milestone.recommendation_id, is_public=True)
        milestone.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0004_milestone_outcome"),
    ]

    operations = [
        migrations.RunPython(move_events_to_history, migrations.RunPython.noop),
    ]
