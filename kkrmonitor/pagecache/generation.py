import logging
import secrets
import time
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import F, Model

from kkrmonitor.pagecache import scopes
from kkrmonitor.pagecache.scopes import ALL, Pending

log = logging.getLogger(__name__)
# While `migrate` runs, the generation table may not exist yet and no page is cached.
migrating = False


# A worker re-reads the generations at most this often, so a page served from the cache costs no
# database query at all. A write made in this process is seen at once (the increment forgets the
# remembered values); one made by another worker within this many seconds.
CHECK_SECONDS = 1.0
_remembered: tuple[float, dict[str, int]] | None = None  # (when read, {scope: value})


def generations() -> dict[str, int]:
    from kkrmonitor.pagecache.models import Generation

    return dict(Generation.objects.values_list("scope", "value"))


def current() -> int:
    """The generation every page depends on (scope `all`)."""
    return generations().get(ALL, 0)


def current_remembered() -> dict[str, int]:
    """`generations()`, read from the database at most once per CHECK_SECONDS."""
    global _remembered
    now = time.monotonic()
    if _remembered is None or now - _remembered[0] >= CHECK_SECONDS:
        _remembered = (now, generations())
    return _remembered[1]


def forget() -> None:
    global _remembered
    _remembered = None


def increment(names: set[str]) -> None:
    """Add one to the generation of each scope in `names`, one row at a time in a fixed order
    (two writers never lock the same rows in opposite orders)."""
    from kkrmonitor.pagecache.models import Generation

    forget()
    try:
        for name in sorted(names):
            if not Generation.objects.filter(scope=name).update(value=F("value") + 1):
                # A random start: a database emptied and filled again (flush, restore) must not
                # reach a value whose pages some worker still holds.
                Generation.objects.get_or_create(scope=name,
                                                 defaults={"value": secrets.randbits(62)})
    except DatabaseError:
        # The write itself has committed; failing now would turn it into an error page.
        # Cached pages then live out their timeout (KKR_PAGE_CACHE_SECONDS).
        log.exception("Could not invalidate the public-page cache")


def _pending() -> Pending:
    pending: Pending | None = getattr(connection, "kkr_pending", None)
    if pending is None:
        pending = Pending()
        connection.kkr_pending = pending  # type: ignore[attr-defined]
    return pending


def _committed() -> None:
    pending = _pending()
    connection.kkr_pending = None  # type: ignore[attr-defined]
    try:
        names = pending.scopes_traced()
    except DatabaseError:
        log.exception("Could not trace a write to its councils")
        names = {ALL}
    if names:
        increment(names)


def _on_commit() -> None:
    """Drop the written scopes once the current transaction commits.

    After the commit, not inside the transaction: the generation rows are then never locked
    while a writer holds other rows, so concurrent writers cannot deadlock on them. A reader that
    renders between the commit and the bump may store a page under the old generation, which
    nobody asks for after the bump. Many writes in one transaction bump once; a rolled-back
    savepoint takes its bump with it."""
    if migrating or any(entry[1] is _committed for entry in connection.run_on_commit):
        return
    transaction.on_commit(_committed)


def note_write(sql: str) -> None:
    """A statement was run: remember the table it wrote, unless no public page shows it."""
    if migrating or not scopes.is_write(sql) or scopes.is_ignored(sql):
        return
    _pending().tables.add(scopes.written_table(sql) or "?")
    _on_commit()


def note_object(obj: Model, updated: dict[str, list[Any]] | None = None) -> None:
    """An audited object was written in this transaction: its councils' pages may change.
    `updated`: an update's changes (a change of council or parent drops every page)."""
    if migrating:
        return
    _pending().objects.append(scopes.Traced.of(obj, updated))


def bump() -> None:
    """Invalidate every cached public page once the current transaction commits (bulk loads by
    COPY, which the statement hook cannot see)."""
    if migrating:
        return
    pending = _pending()
    pending.tables.add("?")
    pending.untraced = True
    _on_commit()
