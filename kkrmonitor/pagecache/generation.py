import logging
import secrets
import time

from django.db import DatabaseError, connection, transaction
from django.db.models import F

log = logging.getLogger(__name__)
# While `migrate` runs, the generation table may not exist yet and no page is cached.
migrating = False


# A worker re-reads the generation at most this often, so a page served from the cache costs no
# database query at all. A write made in this process is seen at once (the increment forgets the
# remembered value); one made by another worker within this many seconds.
CHECK_SECONDS = 1.0
_remembered: tuple[float, int] | None = None  # (when read, value)


def current() -> int:
    from kkrmonitor.pagecache.models import Generation

    value = Generation.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def current_remembered() -> int:
    """`current()`, read from the database at most once per CHECK_SECONDS."""
    global _remembered
    now = time.monotonic()
    if _remembered is None or now - _remembered[0] >= CHECK_SECONDS:
        _remembered = (now, current())
    return _remembered[1]


def forget() -> None:
    global _remembered
    _remembered = None


def _increment() -> None:
    from kkrmonitor.pagecache.models import Generation

    forget()
    try:
        if not Generation.objects.filter(pk=1).update(value=F("value") + 1):
            # A random start: a database emptied and filled again (flush, restore) must not
            # reach a value whose pages some worker still holds.
            Generation.objects.get_or_create(pk=1, defaults={"value": secrets.randbits(62)})
    except DatabaseError:
        # The write itself has committed; failing now would turn it into an error page.
        # Cached pages then live out their timeout (KKR_PAGE_CACHE_SECONDS).
        log.exception("Could not invalidate the public-page cache")


def bump() -> None:
    """Invalidate every cached public page once the current transaction commits.

    After the commit, not inside the transaction: the generation row is then never locked
    while a writer holds other rows, so concurrent writers cannot deadlock on it. A reader that
    renders between the commit and the bump may store a page under the old generation, which
    nobody asks for after the bump. Many writes in one transaction bump once; a rolled-back
    savepoint takes its bump with it."""
    if migrating or any(entry[1] is _increment for entry in connection.run_on_commit):
        return
    transaction.on_commit(_increment)
