"""Assigning a responsible person: audited, like every write."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from kkrmonitor.accounts.models import Role, User
from kkrmonitor.audit import Author
from kkrmonitor.audit.actions import AuditAction
from kkrmonitor.audit.recording import record
from kkrmonitor.joint.models import JointStage
from kkrmonitor.programme.models import Initiative, Milestone

# What can have a responsible person (a register row's is the value of its user column).
Owned = Initiative | Milestone | JointStage


def eligible_people(council_id: int) -> QuerySet[User]:
    """Who may be made responsible for a council's item: active members of its secretariat
    (editors) and municipal contacts of its member municipalities."""
    from kkrmonitor.programme.models import Council

    council = Council.objects.get(pk=council_id)
    municipalities = council.member_municipalities().values_list("pk", flat=True)
    return (User.objects.filter(is_active=True)
            .filter(Q(memberships__role=Role.EDITOR, memberships__council_id=council_id)
                    | Q(memberships__role=Role.CONTACT,
                        memberships__municipality__in=municipalities))
            .distinct().order_by("full_name", "email"))


@transaction.atomic
def assign_responsible(author: Author, item: Owned,
                       person: User | None) -> bool:
    """Make `person` (None: nobody) responsible for `item`; False when nothing changed.
    The audit event is internal: who is responsible is not shown in the public history."""
    before = item.responsible
    if (before.pk if before else None) == (person.pk if person else None):
        return False
    type(item).objects.filter(pk=item.pk).update(responsible=person)
    item.responsible = person
    record(author, AuditAction.ASSIGN, item,
           {"responsible": [str(before) if before else None, str(person) if person else None]},
           public=False)
    return True
