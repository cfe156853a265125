"""Bump the page-cache generation after every write to the database.

A hook on each connection looks at the statements themselves rather than at model signals, so
`QuerySet.update()`, `bulk_create()` and raw SQL count as writes too. Only PostgreSQL's COPY
bypasses it; the code that uses COPY calls `bump()` itself."""

from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

from kkrmonitor.pagecache import generation
from kkrmonitor.pagecache.generation import bump

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
# Written on requests that change nothing a visitor can see (log-in bookkeeping, sessions,
# the generation row itself).
IGNORED_TABLES = ("django_session", "accounts_loginattempt", "accounts_passwordresetrequest",
                  "pagecache_generation",
                  "django_migrations")


def is_visible_write(sql: str) -> bool:
    head = sql.lstrip()[:7].upper()
    if not head.startswith(WRITES):
        return False
    return not any(table in sql for table in IGNORED_TABLES)


def _hook(execute: Callable[..., Any], sql: Any, params: Any, many: bool,
          context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and is_visible_write(sql):
        bump()
    return result


def install(connection: BaseDatabaseWrapper) -> None:
    if _hook not in connection.execute_wrappers:
        connection.execute_wrappers.append(_hook)


def _on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    install(connection)


def _migration_started(**kwargs: Any) -> None:
    generation.migrating = True


def _migration_finished(**kwargs: Any) -> None:
    generation.migrating = False


def connect() -> None:
    connection_created.connect(_on_connection_created, dispatch_uid="kkr-pagecache-writes")
    pre_migrate.connect(_migration_started, dispatch_uid="kkr-pagecache-pre-migrate")
    post_migrate.connect(_migration_finished, dispatch_uid="kkr-pagecache-post-migrate")
