"""The names of audit events: one enum for every app, so an action is spelt one way and the
history can say it in Danish.

The values are the strings already stored in AuditEvent.action (programme, meetings and joint
wrote plain verbs, accounts and indicators "<object>.<verb>"); they are kept exactly, so old
rows read the same and no data migration is needed. The label is the verb a reader sees in the
history ("Indsats »…« ændret")."""

from __future__ import annotations

from functools import lru_cache

from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "oprettet"
    UPDATE = "update", "ændret"
    DELETE = "delete", "slettet"
    PUBLISH = "publish", "offentliggjort"
    UNPUBLISH = "unpublish", "gjort til kladde"
    CONFIRM = "confirm", "bekræftet uændret"
    FINALISE = "finalise", "afsluttet"
    # Milestones: what became of one (reached, moved, missed, dropped, planned again).
    OUTCOME = "outcome", "udfald registreret"
    # Owners: a responsible person assigned to an initiative or milestone.
    ASSIGN = "assign", "ansvarlig person tildelt"
    # Joint efforts: municipalities' reports, their review, stages, sharing, project events.
    REPORT = "report", "indberettet"
    APPROVE = "approve", "godkendt"
    RETURN = "return", "sendt retur"
    IMPORT_STAGES = "import_stages", "trin indlæst"
    SHARE = "share", "delt"
    UNSHARE = "unshare", "ikke længere delt"
    EVENT = "event", "hændelse tilføjet"
    # Indicators.
    INDICATOR_CREATE = "indicator.create", "oprettet"
    INDICATOR_UPDATE = "indicator.update", "ændret"
    INDICATOR_FETCH = "indicator.fetch", "hentet fra Danmarks Statistik"
    INDICATOR_IMPORT = "indicator.import", "tal indlæst"
    # Accounts.
    USER_CREATE = "user.create", "oprettet"
    USER_INVITE = "user.invite", "inviteret"
    USER_INVITE_ACCEPT = "user.invite_accept", "invitation modtaget"
    USER_ROLE_ADD = "user.role_add", "rolle tilføjet"
    USER_ROLE_REMOVE = "user.role_remove", "rolle fjernet"
    USER_ACTIVATE = "user.activate", "genaktiveret"
    USER_DEACTIVATE = "user.deactivate", "deaktiveret"
    USER_PASSWORD_CHANGE = "user.password_change", "adgangskode skiftet"
    USER_PASSWORD_RESET = "user.password_reset", "adgangskode nulstillet"
    # Indicators, later additions.
    INDICATOR_FETCH_QUEUED = "indicator.fetch_queued", "hentning bestilt"


# Verbs no writer uses any more but that stored rows may carry.
_OLDER_LABELS = {"status": "ny status", "progress": "ny fremdrift"}


@lru_cache(maxsize=512)
def action_label(value: str) -> str:
    """The Danish verb for a stored action; one no writer uses any more is read by its last
    part ("<object>.<verb>"), as the history always read it. Remembered: history lists and the
    changes API ask for the same few actions on every row."""
    if value in AuditAction.values:
        return str(AuditAction(value).label)
    verb = value.rpartition(".")[2]
    if verb in AuditAction.values:
        return str(AuditAction(verb).label)
    return _OLDER_LABELS.get(verb, verb)
