"""A cache of public pages for anonymous visitors, invalidated by every write.

Rendered pages are kept in the `pages` cache (files under KKR_DATA_DIR, shared by the workers of
one server). The key holds the current value of `Generation`, one database row that every write
increments once its transaction has committed (`bump`), so no worker serves a page from before
a change: the writing worker at once, the others within `generation.CHECK_SECONDS`.
Every statement that writes bumps it (a hook on each connection, `writes.py`); only
PostgreSQL's COPY escapes the hook, so the bulk loader calls `bump()` itself.
"""

from kkrmonitor.pagecache.generation import bump, current

__all__ = ["bump", "current"]
