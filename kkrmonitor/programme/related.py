"""What a recommendation is followed up through besides its initiatives: the joint efforts
every municipality reports on (the matrices), the project portfolios, and later the council's
registers. The recommendation page shows one group per kind that has something; a kind with
nothing shows nothing, so the page never links to an empty or missing page.

Extension point: a new kind (the registers, when they exist) is one function taking a
Related (the recommendation, the request's Access and the initiatives the visitor may see)
and returning a RelatedGroup or None, appended to RELATED_KINDS. Each function shows only what
the visitor may see: through `visible_to(access)` or the visible initiatives it is given."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.dateformat import format as format_date

from kkrmonitor.access import Access
from kkrmonitor.joint.models import Portfolio
from kkrmonitor.programme.models import Initiative, Recommendation
from kkrmonitor.registers.models import Register


@dataclass(frozen=True)
class RelatedLink:
    text: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class RelatedGroup:
    heading: str
    links: list[RelatedLink]


@dataclass(frozen=True)
class Related:
    recommendation: Recommendation
    access: Access
    # The recommendation's initiatives as Initiative.objects.visible_to(access) gives them,
    # with `joint` selected (the page has them already: no query of its own).
    initiatives: Sequence[Initiative]


def joint_efforts(related: Related) -> RelatedGroup | None:
    # A joint effort is exactly as visible as its initiative (JointInitiative.visible_to).
    joint = [i for i in related.initiatives if hasattr(i, "joint")]
    joint.sort(key=lambda i: (i.joint.deadline, i.pk))
    links = [RelatedLink(f"{i.title}: kommunernes trin", i.joint.get_absolute_url(),
                         "Hvor langt hver kommune er nået. "
                         f"Frist: {format_date(i.joint.deadline, 'j. F Y')}.")
             for i in joint]
    return RelatedGroup("Fælles kommunale indsatser", links) if links else None


def portfolios(related: Related) -> RelatedGroup | None:
    # Portfolios and their projects are public: the portfolio pages show them to everyone.
    items = Portfolio.objects.filter(recommendation=related.recommendation).order_by("name")
    links = [RelatedLink(p.name, p.get_absolute_url(), "Projekterne og deres faser.")
             for p in items]
    return RelatedGroup("Porteføljer", links) if links else None


def registers(related: Related) -> RelatedGroup | None:
    # A register in preparation is for members only (Register.objects.visible_to).
    items = (Register.objects.visible_to(related.access)
             .filter(recommendation=related.recommendation).select_related("council")
             .order_by("title"))
    links = [RelatedLink(r.title, r.get_absolute_url(), r.description) for r in items]
    return RelatedGroup("Registre", links) if links else None


def councils_together(related: Related) -> RelatedGroup | None:
    # The councils and forums the recommendation names as partners (KKR Sjælland,
    # Sundhedskoordinationsforum): their pages show their meetings and shared work. The
    # page prefetches the actors with their council.
    own = related.recommendation.programme.council_id
    councils = [a.council for a in related.recommendation.actors.all()]
    links = [RelatedLink(c.name, c.get_absolute_url(), "Møder og fælles indsatser.")
             for c in councils if c is not None and c.pk != own]
    return RelatedGroup("Råd og fora, anbefalingen går på tværs af", links) if links else None


def agenda_items(related: Related) -> RelatedGroup | None:
    # Meetings are public; an item of any council's or forum's meeting may name the
    # recommendation (Sundhedskoordinationsforum's items name both councils' recommendations).
    from kkrmonitor.meetings.models import AgendaItem

    items = (AgendaItem.objects.filter(recommendations=related.recommendation)
             .select_related("meeting__council").order_by("-meeting__date", "number"))
    links = [RelatedLink(f"{i.meeting.council.name} {format_date(i.meeting.date, 'j. F Y')}: "
                         f"punkt {i.number}, {i.title}", i.meeting.get_absolute_url())
             for i in items]
    return RelatedGroup("Dagsordenspunkter om anbefalingen", links) if links else None


RELATED_KINDS: list[Callable[[Related], RelatedGroup | None]] = [
    joint_efforts,
    portfolios,
    registers,
    councils_together,
    agenda_items,
]


def related_groups(recommendation: Recommendation, access: Access,
                   initiatives: Sequence[Initiative] | None = None) -> list[RelatedGroup]:
    """`initiatives`: the visible initiatives with `joint` selected, if the caller has them."""
    if initiatives is None:
        initiatives = list(Initiative.objects.visible_to(access)
                           .filter(recommendation=recommendation).select_related("joint"))
    related = Related(recommendation, access, initiatives)
    groups = (kind(related) for kind in RELATED_KINDS)
    return [g for g in groups if g is not None]
