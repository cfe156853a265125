"""Atom feeds of a programme's and a recommendation's published changes, for the public and the
press. Always the public's view (no drafts), whoever asks: a feed reader is nobody's session."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from kkrmonitor.access import Access
from kkrmonitor.programme.history import describe, programme_events, recommendation_events
from kkrmonitor.programme.models import AuditEvent, Recommendation
from kkrmonitor.programme.views import programme_or_404

FEED_ITEMS = 50
PUBLIC = Access()


def _feed(request: HttpRequest, title: str, page: str, feed_url: str,
          events: QuerySet[AuditEvent]) -> HttpResponse:
    link = request.build_absolute_uri(page)
    feed = Atom1Feed(title=title, link=link, description=title, language="da",
                     feed_url=request.build_absolute_uri(feed_url),
                     author_name="KKR Monitor")
    from kkrmonitor.meetings.models import Decision

    rows = list(events[:FEED_ITEMS])
    decisions = Decision.objects.in_bulk([e.decision_id for e in rows if e.decision_id])
    for event in rows:
        view = describe(event)
        lines = [f"{c.field}: {c.before or '–'} → {c.after or '–'}" for c in view.changes]
        if event.decision_id in decisions:
            lines.append(f"Besluttet: {decisions[event.decision_id]}")
        feed.add_item(
            title=view.summary, link=link,
            description="\n".join(lines) or view.summary,
            unique_id=request.build_absolute_uri(f"{feed_url}#{event.pk}"),
            pubdate=event.at, updateddate=event.at,
            author_name=view.by or "KKR Monitor")
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def programme_feed(request: HttpRequest, council: str, term: str) -> HttpResponse:
    programme = programme_or_404(council, term)
    return _feed(request, f"Ændringer i {programme.council.name}s arbejdsprogram "
                          f"{programme.term}",
                 reverse("programme", args=[council, term]),
                 reverse("programme_feed", args=[council, term]),
                 programme_events(PUBLIC, programme))


def recommendation_feed(request: HttpRequest, council: str, term: str,
                        number: int) -> HttpResponse:
    programme = programme_or_404(council, term)
    rec = get_object_or_404(Recommendation, programme=programme, number=number)
    return _feed(request, f"Ændringer i anbefaling {rec.number}: {rec.headline[:120]}",
                 reverse("recommendation", args=[council, term, number]),
                 reverse("recommendation_feed", args=[council, term, number]),
                 recommendation_events(PUBLIC, rec.pk))
