"""Auditing: the one way every app writes its audit rows and its versioned updates.

- `AuditAction`: the names of audit events (one enum; `action_label` says them in Danish).
- `Author`, `record`, `snapshot`, `changes_between`: one audit row per write, in the writer's
  transaction; `public_change` is the rule for which changes the public may read.
- `apply_versioned`, `EditConflict`, `changes_since`: the optimistic, versioned update.

The AuditEvent model and its table stay in the programme app (re-exported here), so nothing
moves in the database."""

from kkrmonitor.audit.actions import AuditAction, action_label
from kkrmonitor.audit.recording import (
    Author,
    changes_between,
    plain,
    public_change,
    record,
    snapshot,
)
from kkrmonitor.audit.versioned import EditConflict, apply_versioned, changes_since
from kkrmonitor.programme.models import AuditEvent

__all__ = [
    "AuditAction", "AuditEvent", "Author", "EditConflict", "action_label", "apply_versioned",
    "changes_between", "changes_since", "plain", "public_change", "record", "snapshot",
]
