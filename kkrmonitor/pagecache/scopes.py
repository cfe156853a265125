"""Which cached pages a write can change, and which pages a request belongs to.

A page belongs to one scope: the pages of one council (its programme, meetings, decisions,
deadlines, calendar, wheel, timeline, council page and their API) are `council:<slug>`; every
other public page (the front page, the national lists, a meeting, a joint effort, history, the
API's lists) is `national`. Every page also depends on `all`.

A committed transaction drops:
- nothing, when it wrote only tables no public page shows (log-ins, sessions, throttling,
  password changes), or was an account service's (users, roles: `Pending.only_accounts`);
- `national` plus the councils of the objects its audit rows name (`note_object`), when every
  table it wrote belongs to one council's programme or meetings and each audited object was
  traced to its councils (its own, the councils that share the initiative, the forums that span
  them and the councils a forum spans);
- `national` alone, when it wrote only the search index;
- `all` otherwise: any other table, a statement that names no known table, an object whose
  councils cannot be traced, or an object moved to other councils' pages (a meeting no longer
  held jointly, a milestone moved to another initiative): the councils it left are no longer
  known after the commit. An unknown write is the safe default: it drops every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models

ALL = "all"
NATIONAL = "national"

# Written on requests that change nothing a visitor can see.
IGNORED_TABLES = frozenset({
    "django_session", "accounts_loginattempt", "accounts_passwordresetrequest",
    "pagecache_generation", "django_migrations",
})
# Statements on a public table that still change nothing public: the log-in time Django stores
# on every log-in, and a password change.
IGNORED_UPDATES = (
    re.compile(r'^UPDATE "?accounts_user"? SET "?last_login"? = %s WHERE [^,]*$', re.I),
    re.compile(r'^UPDATE "?accounts_user"? SET "?password"? = %s WHERE [^,]*$', re.I),
)
# Rows that belong to one council's programme or meetings: a write to these is scoped by the
# audited objects of the same transaction.
COUNCIL_TABLES = frozenset({
    "programme_recommendation", "programme_initiative", "programme_milestone",
    "programme_statusupdate", "programme_comment", "programme_historyentry",
    "programme_auditevent", "programme_initiative_actors", "programme_recommendationactor",
    "meetings_meeting", "meetings_agendaitem", "meetings_agendaitem_recommendations",
    "meetings_agendaitem_initiatives", "meetings_decision", "meetings_annexsnapshot",
    "meetings_recommendationbrief", "meetings_attachment", "meetings_linksuggestion",
    "meetings_importeditem",
    "joint_stagereport",
})
# Tables only national pages read: the search index (rewritten after each audited write, whose
# own transaction drops the pages of the councils it touched; /soeg/ is a national page).
NATIONAL_TABLES = frozenset({"search_searchentry", "search_fts"})
# Audited objects whose audit row no public page shows (they are not on any programme); the
# tables they touch decide on their own.
ACCOUNT_OBJECTS = frozenset({"user", "membership", "loginattempt", "passwordresetrequest"})
# The tables the account services write (kkrmonitor.accounts.services: users, their roles, their
# non-public audit rows). No public page shows a role or whether a user is active; a user's
# name shows (who confirmed an initiative), but no audited account service renames anyone.
ACCOUNT_TABLES = frozenset({"accounts_user", "accounts_membership", "programme_auditevent"})

# Fields whose change moves an object onto other councils' pages (an audited update naming one
# of them cannot be traced to the councils it left).
MOVING_FIELDS = frozenset({"council", "joint_with", "initiative", "recommendation", "meeting",
                           "agenda_item", "programme"})

_TABLE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)'
                    r'\s+"?([A-Za-z0-9_]+)"?', re.I)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

# URL prefixes whose next path segment is a council's slug.
_COUNCIL_PAGE = re.compile(
    r"^/(?:api/)?(?:program|moeder|beslutninger|frister|kalender|aarshjul|tidslinje|raad)"
    r"/([a-z0-9-]+)(?:[/.]|$)")


def is_write(sql: str) -> bool:
    return sql.lstrip()[:7].upper().startswith(WRITES)


def written_table(sql: str) -> str | None:
    """The table a write statement writes, or None when it cannot be told (then all drops)."""
    match = _TABLE.match(sql)
    return match.group(1).lower() if match else None


def is_ignored(sql: str) -> bool:
    table = written_table(sql)
    if table in IGNORED_TABLES:
        return True
    text = " ".join(sql.split())
    return any(pattern.match(text) for pattern in IGNORED_UPDATES)


def page_scope(path: str) -> str:
    """The scope of the page at `path`: `council:<slug>` or `national`."""
    match = _COUNCIL_PAGE.match(path)
    return f"council:{match.group(1)}" if match else NATIONAL


@dataclass(frozen=True)
class Traced:
    """An audited object, as much of it as is needed to find its councils after the commit
    (read without a query, so a write service costs no extra query)."""

    model: str
    pk: Any
    initiative_id: int | None = None
    recommendation_id: int | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    moved: bool = False

    @classmethod
    def of(cls, obj: models.Model, updated: dict[str, list[Any]] | None = None) -> Traced:
        """`updated`: the changes of an update, whose moving fields make the object untraceable."""
        name = obj._meta.model_name or ""
        moved = any(key in MOVING_FIELDS and before != after
                    for key, (before, after) in (updated or {}).items())
        return cls(model=name, pk=obj.pk, moved=moved,
                   initiative_id=obj.pk if name == "initiative"
                   else getattr(obj, "initiative_id", None),
                   recommendation_id=obj.pk if name == "recommendation"
                   else getattr(obj, "recommendation_id", None),
                   meeting_id=obj.pk if name == "meeting" else getattr(obj, "meeting_id", None),
                   agenda_item_id=getattr(obj, "agenda_item_id", None))


# Audited objects that can be traced to councils, by the ids `Traced` keeps.
TRACEABLE = frozenset({
    "recommendation", "initiative", "milestone", "statusupdate", "comment", "historyentry",
    "stagereport", "jointinitiative", "jointstage", "meeting", "agendaitem", "decision",
    "annexsnapshot", "recommendationbrief", "attachment",
})


@dataclass
class Pending:
    """What one transaction has written, gathered until it commits."""

    tables: set[str] = field(default_factory=set)
    objects: list[Traced] = field(default_factory=list)
    untraced: bool = False

    def scopes(self, councils: set[str] | None) -> set[str]:
        """The scopes to drop, given the councils of the audited objects (None: untraceable)."""
        if not self.tables:
            return set()
        if self.tables <= NATIONAL_TABLES and not self.objects and not self.untraced:
            return {NATIONAL}
        if self.untraced or councils is None or not councils \
                or not self.tables <= COUNCIL_TABLES | NATIONAL_TABLES:
            return {ALL}
        return {NATIONAL, *(f"council:{slug}" for slug in sorted(councils))}

    def only_accounts(self) -> bool:
        """Whether the transaction was an account service's: users and roles, nothing public."""
        return (not self.untraced and bool(self.objects) and self.tables <= ACCOUNT_TABLES
                and all(traced.model in ACCOUNT_OBJECTS for traced in self.objects))

    def scopes_traced(self) -> set[str]:
        """`scopes`, tracing the audited objects to their councils (queries, after the commit)."""
        if not self.tables or self.only_accounts():
            return set()
        if self.tables <= NATIONAL_TABLES and not self.objects and not self.untraced:
            return {NATIONAL}
        if self.untraced or not self.tables <= COUNCIL_TABLES | NATIONAL_TABLES:
            return {ALL}
        councils: set[str] = set()
        for traced in self.objects:
            if traced.model in ACCOUNT_OBJECTS:
                continue
            found = councils_of(traced)
            if found is None:
                return {ALL}
            councils |= found
        return self.scopes(councils)


def _council_ids(traced: Traced) -> set[int] | None:
    """The ids of the councils whose pages show the object, or None when that cannot be traced
    (an unknown kind of object, or one deleted together with its parents)."""
    from kkrmonitor.joint.models import SharedInitiative
    from kkrmonitor.meetings.models import AgendaItem, Meeting
    from kkrmonitor.programme.models import Initiative, Recommendation

    if traced.model not in TRACEABLE or traced.moved:
        return None
    meeting_id = traced.meeting_id
    if meeting_id is None and traced.agenda_item_id is not None:
        meeting_id = (AgendaItem.objects.filter(pk=traced.agenda_item_id)
                      .values_list("meeting_id", flat=True).first())
        if meeting_id is None:
            return None
    ids: set[int] = set()
    if meeting_id is not None:
        # A joint meeting shows on both councils' meeting lists.
        for council_id, joint_with_id in Meeting.objects.filter(pk=meeting_id).values_list(
                "council_id", "joint_with_id"):
            ids |= {council_id} if joint_with_id is None else {council_id, joint_with_id}
    if traced.initiative_id is not None:
        ids |= set(Initiative.objects.filter(pk=traced.initiative_id)
                   .values_list("recommendation__programme__council_id", flat=True))
        ids |= set(SharedInitiative.objects.filter(initiative_id=traced.initiative_id)
                   .values_list("council_id", flat=True))
    if traced.recommendation_id is not None:
        ids |= set(Recommendation.objects.filter(pk=traced.recommendation_id)
                   .values_list("programme__council_id", flat=True))
        ids |= set(SharedInitiative.objects
                   .filter(initiative__recommendation_id=traced.recommendation_id)
                   .values_list("council_id", flat=True))
    return ids or None


def councils_of(traced: Traced) -> set[str] | None:
    """The slugs of the councils whose pages can show the object (with the forums spanning them
    and the councils a forum spans), or None when they cannot be traced."""
    from kkrmonitor.programme.models import Council

    ids = _council_ids(traced)
    if ids is None:
        return None
    related = Council.spans.through.objects.filter(
        models.Q(from_council_id__in=ids) | models.Q(to_council_id__in=ids))
    for a, b in related.values_list("from_council_id", "to_council_id"):
        ids |= {a, b}
    return set(Council.objects.filter(pk__in=ids).values_list("slug", flat=True))
