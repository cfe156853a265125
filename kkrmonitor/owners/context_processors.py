"""`work_queue_count` for the header: how many items the logged-in person's whole work queue
holds (queue_count of queues_for, as listed on /rediger/). Lazy, so a page that does not show
it (every anonymous page) runs no query; and cached for at most a minute per user (django's
default cache, keyed by user id), so pages viewed in a row compute the queues at most once a
minute — the header count may lag the queue on /rediger/ by up to that minute."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from kkrmonitor.access import access_for

# Seconds the header count is kept per user.
COUNT_SECONDS = 60


def cache_key(user_id: int) -> str:
    return f"work-queue-count:{user_id}"


def work_queue_count(request: HttpRequest) -> dict[str, Any]:
    def count() -> int:
        from kkrmonitor.owners.queues import queue_count, queues_for

        user_id = request.user.pk
        if user_id is None:  # nobody logged in: nothing waits
            return 0
        cached = cache.get(cache_key(user_id))
        if cached is not None:
            return int(cached)
        value = queue_count(queues_for(access_for(request), timezone.localdate()))
        cache.set(cache_key(user_id), value, COUNT_SECONDS)
        return value

    return {"work_queue_count": SimpleLazyObject(count)}
