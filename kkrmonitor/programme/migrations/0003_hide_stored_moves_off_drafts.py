"""Data only: events recorded before the rule that a change is public only if its object was
public before and after it. A milestone moved off an initiative that is a draft carries the
draft's title (and the milestone's old title); such stored events are made non-public. Whether
the initiative was a draft at the time is not stored, so its state now stands in for it."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def hide_moves_off_drafts(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("programme", "AuditEvent")
    Initiative = apps.get_model("programme", "Initiative")
    drafts: dict[int, set[str]] = {}
    for rec_id, title in Initiative.objects.filter(publication="draft").values_list(
            "recommendation_id", "title"):
        drafts.setdefault(rec_id, set()).add(title)
    if not drafts:
        return
    events = AuditEvent.objects.filter(object_type="milestone", is_public=True,
                                       recommendation_id__in=list(drafts))
    hidden = [event.pk for event in events.only("id", "recommendation_id", "changes").iterator()
              if isinstance(event.changes.get("initiative"), list)
              and event.changes["initiative"][0] in drafts[event.recommendation_id]]
    AuditEvent.objects.filter(pk__in=hidden).update(is_public=False)


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0002_audit_decision"),
    ]

    operations = [
        migrations.RunPython(hide_moves_off_drafts, migrations.RunPython.noop),
    ]
