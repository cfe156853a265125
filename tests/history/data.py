"""Follow-up data made the way users make it: through the service functions, so every row has
the audit events a real edit would leave."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from kkrmonitor.audit import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import (
    Actor,
    AuditEvent,
    Initiative,
    Programme,
    Publication,
    Recommendation,
    Status,
)

CPH = ZoneInfo("Europe/Copenhagen")


def danish(*args: int) -> datetime:
    """A moment in Danish time: danish(2026, 11, 26, 10, 0)."""
    return datetime(*args, tzinfo=CPH)  # type: ignore[misc]


def recommendation(programme: Programme, number: int) -> Recommendation:
    return Recommendation.objects.get(programme=programme, number=number)


def new_initiative(user, rec: Recommendation, title: str = "Fælles it-driftsenhed Nord",
                   **fields) -> Initiative:
    """A draft initiative, as an editor creates it."""
    data = services.InitiativeData(
        title=title,
        description=fields.get("description", "Nordsjællands kommuner samler it-driften."),
        owner=fields.get("owner", "Hillerød Kommune"),
        window=parse_window(fields.get("when", "inden udgangen af 2027")),
        actors=tuple(Actor.objects.filter(slug__in=fields.get("actors", ["region-hovedstaden"]))),
    )
    return services.create_initiative(Author.for_user(user), rec, data)


def publish(user, initiative: Initiative) -> Initiative:
    initiative.refresh_from_db()
    services.set_initiative_publication(Author.for_user(user), initiative,
                                        Publication.PUBLISHED, initiative.version)
    initiative.refresh_from_db()
    return initiative


def unpublish(user, initiative: Initiative) -> Initiative:
    initiative.refresh_from_db()
    services.set_initiative_publication(Author.for_user(user), initiative, Publication.DRAFT,
                                        initiative.version)
    initiative.refresh_from_db()
    return initiative


def report(user, initiative: Initiative, progress: int = 40, status: str = Status.ON_TRACK,
           narrative: str = "Driftsaftalen er sendt i høring i de fem kommuner.",
           as_of: date = date(2026, 11, 20), published: bool = True) -> Initiative:
    services.add_status_update(Author.for_user(user), initiative, status, progress, narrative,
                               as_of, publish=published)
    initiative.refresh_from_db()
    return initiative


def published_initiative(user, rec: Recommendation, **fields) -> Initiative:
    """Created, published and reported on: 'På sporet', 40 %, confirmed by `user`."""
    initiative = publish(user, new_initiative(user, rec, **fields))
    return report(user, initiative)


def confirmed_at(initiative: Initiative, moment: datetime) -> None:
    """Move the confirmation to `moment` (a queryset update: no audit event, as in the past)."""
    Initiative.objects.filter(pk=initiative.pk).update(confirmed_at=moment)


def date_all_events(moment: datetime) -> None:
    """Put every event so far at `moment`, so later ones can be dated exactly."""
    AuditEvent.objects.update(at=moment)


def latest_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()
