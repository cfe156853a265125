"""Note every write to the database, so the pages it can change are dropped on commit.

A hook on each connection looks at the statements themselves rather than at model signals, so
`QuerySet.update()`, `bulk_create()` and raw SQL count as writes too. Only PostgreSQL's COPY
bypasses it; the code that uses COPY calls `bump()` itself."""

from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate

from kkrmonitor.pagecache import generation, scopes
from kkrmonitor.pagecache.generation import note_write


def is_visible_write(sql: str) -> bool:
    """Whether a statement writes something a public page may show (scopes.py decides)."""
    return scopes.is_write(sql) and not scopes.is_ignored(sql)


def _hook(execute: Callable[..., Any], sql: Any, params: Any, many: bool,
          context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str):
        note_write(sql)
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
