"""`notifications_run_s`: one `kkr send_notifications` run (candidates found, each recorded,
claimed, rendered and handed to the mail back end) for at least 10,000 candidate mails, on the
dataset measured. In a transaction rolled back afterwards, so the data stays as it was.

The demo data has no users, so the run first makes what a real council has: editors for the
largest programme's council (as many as it takes to reach the number of candidates: each editor
is told of every waiting report and deadline, and gets the digest) and a contact per
municipality, and makes the first editor responsible for every initiative (the stale ones mail
them). Mails go to Django's in-memory back end: the figure is our work, not a mail server's."""

from __future__ import annotations

import math
import time
from typing import Any

MIN_CANDIDATES = 10_000


def measure(min_candidates: int = MIN_CANDIDATES) -> dict[str, Any]:
    from django.db import transaction
    from django.db.models import Count
    from django.test.utils import override_settings

    from kkrmonitor.accounts.models import Membership, Role, User
    from kkrmonitor.notifications.candidates import all_candidates
    from kkrmonitor.notifications.sending import run
    from kkrmonitor.programme.models import Council, Initiative, Municipality

    council = (Council.objects.annotate(n=Count("programmes__recommendations__initiatives"))
               .order_by("-n").first())
    if council is None:
        return {"error": "no council in the data"}
    out: dict[str, Any] = {"council": council.slug}
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                           KKR_SITE_URL="https://kkr-monitor.bench"), transaction.atomic():
        first = User.objects.create_user("bench-editor-0@kkr.bench", full_name="Redaktør 0")
        Membership.objects.create(user=first, role=Role.EDITOR, council=council)
        for municipality in Municipality.objects.all():
            contact = User.objects.create_user(f"bench-contact-{municipality.code}@kkr.bench")
            Membership.objects.create(user=contact, role=Role.CONTACT, municipality=municipality)
        Initiative.objects.filter(recommendation__programme__council=council).update(
            responsible=first)
        second = User.objects.create_user("bench-editor-1@kkr.bench", full_name="Redaktør 1")
        Membership.objects.create(user=second, role=Role.EDITOR, council=council)
        found = list(all_candidates())
        per_editor = sum(1 for c in found if c.recipient.pk == second.pk)
        more = max(0, math.ceil((min_candidates - len(found)) / max(per_editor, 1)))
        for number in range(2, 2 + more):
            user = User.objects.create_user(f"bench-editor-{number}@kkr.bench",
                                            full_name=f"Redaktør {number}")
            Membership.objects.create(user=user, role=Role.EDITOR, council=council)
        editors = 2 + more
        started = time.perf_counter()
        result = run()
        out["notifications_run_s"] = round(time.perf_counter() - started, 3)
        out.update(candidates=result.sent + result.failed + result.skipped, sent=result.sent,
                   failed=result.failed, editors=editors)
        started = time.perf_counter()
        again = run()
        out["second_run_s"] = round(time.perf_counter() - started, 3)
        out["second_run_sent"] = again.sent
        transaction.set_rollback(True)
    return out
