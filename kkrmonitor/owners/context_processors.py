"""`work_queue_count` for the header: reports waiting for the logged-in person — for an editor,
municipalities' reports to approve; for a contact, their returned reports. One query, and lazy,
so a page that does not show it (every anonymous page) runs none. The full queue, with every
kind of item, is on /rediger/."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kkrmonitor.access import access_for


def work_queue_count(request: HttpRequest) -> dict[str, Any]:
    def count() -> int:
        from kkrmonitor.owners.queues import waiting_reports

        return waiting_reports(access_for(request)).count()

    return {"work_queue_count": SimpleLazyObject(count)}
