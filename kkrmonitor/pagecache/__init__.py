"""A cache of public pages for anonymous visitors, invalidated by every write.

Each gunicorn worker keeps rendered pages in its own memory (the `pages` cache). The key holds the
current value of `Generation`, one database row that every write increments once its transaction
has committed (`bump`), so every worker stops serving a page the moment the data under it
changes. Writes through the ORM bump by signal (see `signals.py`); code that writes with raw SQL
(bulk loads) calls `bump()` itself.
"""

from kkrmonitor.pagecache.generation import bump, current

__all__ = ["bump", "current"]
