"""`work_queue_count` for the header: how many items wait for a logged-in editor or contact.
Lazy, so a page that does not show it (every anonymous page) runs no query for it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from kkrmonitor.access import access_for


def work_queue_count(request: HttpRequest) -> dict[str, Any]:
    def count() -> int:
        from kkrmonitor.owners.queues import queue_count, queues_for

        return queue_count(queues_for(access_for(request), timezone.localdate()))

    return {"work_queue_count": SimpleLazyObject(count)}
