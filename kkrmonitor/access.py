"""The one access helper: for every view and API endpoint, what this user may see and change.

Views never test roles themselves; they ask `access_for(request)` and scope every lookup with it,
so a rule lives in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from kkrmonitor.accounts.models import Role


@dataclass(frozen=True)
class Access:
    user_id: int | None = None
    is_admin: bool = False
    is_member: bool = False  # any role: may see drafts and internal notes
    editor_councils: frozenset[int] = field(default_factory=frozenset)
    contact_municipalities: frozenset[int] = field(default_factory=frozenset)
    # A contact's councils: those their municipalities are members of, directly or through a
    # forum spanning the municipality's council.
    contact_councils: frozenset[int] = field(default_factory=frozenset)
    # An administrator, editor or reader reads every council's internal notes; a user who is
    # only a municipal contact reads those of their own councils.
    reads_all_councils: bool = False

    @classmethod
    def for_user(cls, user: Any) -> Access:
        if user is None or not user.is_authenticated or not user.is_active:
            return cls()
        memberships = list(user.memberships.all())
        roles = {m.role for m in memberships}
        municipalities = frozenset(m.municipality_id for m in memberships
                                   if m.role == Role.CONTACT and m.municipality_id)
        return cls(
            user_id=user.pk,
            is_admin=user.is_superuser or Role.ADMIN in roles,
            is_member=bool(roles) or user.is_superuser,
            editor_councils=frozenset(m.council_id for m in memberships
                                      if m.role == Role.EDITOR and m.council_id),
            contact_municipalities=municipalities,
            contact_councils=councils_of(municipalities),
            reads_all_councils=(user.is_superuser
                                or bool(roles & {Role.ADMIN, Role.EDITOR, Role.READER})),
        )

    # --- seeing ---------------------------------------------------------------------------
    @property
    def sees_drafts(self) -> bool:
        return self.is_member

    def published(self, queryset: QuerySet, field_name: str = "publication") -> QuerySet:
        """Drafts are for logged-in members only; the public sees what is published."""
        if self.sees_drafts:
            return queryset
        return queryset.filter(**{field_name: "published"})

    # --- changing -------------------------------------------------------------------------
    @property
    def is_editor(self) -> bool:
        return self.is_admin or bool(self.editor_councils)

    def can_edit_council(self, council_id: int) -> bool:
        return self.is_admin or council_id in self.editor_councils

    def can_edit_meetings(self, council_id: int) -> bool:
        """A council's meetings, agenda items and decisions: its editors and administrators;
        a forum's also the editors of the councils it spans, so KKR Hovedstaden's and KKR
        Sjælland's secretariats keep Sundhedskoordinationsforum's meetings together."""
        if self.can_edit_council(council_id):
            return True
        if not self.editor_councils:
            return False
        from kkrmonitor.programme.models import Council

        return Council.objects.filter(pk=council_id, kind=Council.Kind.FORUM,
                                      spans__in=self.editor_councils).exists()

    def can_edit_meeting(self, meeting: Any) -> bool:
        """One meeting, its agenda items and decisions: as its council's meetings; a joint
        meeting (KKR Hovedstaden with KKR Sjælland) also as the other council's."""
        if self.can_edit_meetings(meeting.council_id):
            return True
        return meeting.joint_with_id is not None and self.can_edit_meetings(meeting.joint_with_id)

    def can_edit_programme(self, programme: Any) -> bool:
        return self.can_edit_council(programme.council_id)

    def reads_notes_of(self, council_id: int) -> bool:
        """Internal notes (comments) on a council's initiatives: members who read everything,
        and municipal contacts for the councils their municipality is a member of."""
        return self.reads_all_councils or council_id in self.contact_councils

    @property
    def sees_indicators_without_figures(self) -> bool:
        """An indicator nothing has been fetched or uploaded for is listed for editors (who can
        get its figures) and hidden from everyone else, who could read nothing in it."""
        return self.is_editor

    def can_edit_indicator(self, council_id: int | None) -> bool:
        """A council's indicator: its editors and administrators; a national one (None):
        administrators only."""
        return self.is_admin if council_id is None else self.can_edit_council(council_id)

    def can_comment_for(self, municipality_id: int | None, council_id: int) -> bool:
        """Comment on an initiative of `council_id`, on behalf of a municipality or (None) of
        the secretariat. A municipal contact speaks only for their own municipality, and only
        on the initiatives of a council that municipality is a member of."""
        if self.can_edit_council(council_id):
            return True
        return (municipality_id is not None and municipality_id in self.contact_municipalities
                and council_id in self.contact_councils)

    def can_manage_users(self) -> bool:
        return self.is_admin

    def require(self, allowed: bool) -> None:
        if not allowed:
            raise PermissionDenied("Du har ikke adgang til at gøre dette.")

    # --- joint efforts (kkrmonitor.joint) ------------------------------------------------
    def can_report_for(self, municipality_id: int, council_id: int) -> bool:
        """Report a municipality's stage on a joint initiative of `council_id`. A municipal
        contact reports only for their own municipality; the secretariat (editors of the
        initiative's council, admins) may report for any."""
        return (self.can_edit_council(council_id)
                or municipality_id in self.contact_municipalities)

    def can_review_reports(self, council_id: int) -> bool:
        """Approve or return municipalities' reports: the council's secretariat only."""
        return self.can_edit_council(council_id)

    # --- registers (kkrmonitor.registers) ------------------------------------------------
    def can_edit_register(self, council_id: int) -> bool:
        """A council's register (its rows, columns and settings, imports): the council's
        secretariat (its editors) and administrators."""
        return self.can_edit_council(council_id)


def councils_of(municipalities: frozenset[int]) -> frozenset[int]:
    """The councils these municipalities are members of: each one's KKR and the forums that
    span it."""
    if not municipalities:
        return frozenset()
    from django.db.models import Q

    from kkrmonitor.programme.models import Council

    return frozenset(Council.objects.filter(
        Q(municipalities__in=municipalities) | Q(spans__municipalities__in=municipalities))
        .values_list("pk", flat=True).distinct())


def access_for(request: HttpRequest) -> Access:
    """The request's Access, computed once per request."""
    cached = getattr(request, "_kkr_access", None)
    if cached is None:
        cached = Access.for_user(getattr(request, "user", None))
        request._kkr_access = cached  # type: ignore[attr-defined]
    return cached
