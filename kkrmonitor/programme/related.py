"""What a recommendation is followed up through besides its initiatives: the joint efforts
every municipality reports on (the matrices), the project portfolios, and later the council's
registers. The recommendation page shows one group per kind that has something; a kind with
nothing shows nothing, so the page never links to an empty or missing page.

Extension point: a new kind (the registers, when they exist) is one function taking the
recommendation and the request's Access and returning a RelatedGroup or None, appended to
RELATED_KINDS. Each function scopes what it lists with its model's `visible_to(access)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.dateformat import format as format_date

from kkrmonitor.access import Access
from kkrmonitor.joint.models import JointInitiative, Portfolio
from kkrmonitor.programme.models import Recommendation


@dataclass(frozen=True)
class RelatedLink:
    text: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class RelatedGroup:
    heading: str
    links: list[RelatedLink]


def joint_efforts(recommendation: Recommendation, access: Access) -> RelatedGroup | None:
    joints = (JointInitiative.objects.visible_to(access)
              .filter(initiative__recommendation=recommendation)
              .select_related("initiative").order_by("deadline", "pk"))
    links = [RelatedLink(f"{j.initiative.title}: kommunernes trin", j.get_absolute_url(),
                         "Hvor langt hver kommune er nået. "
                         f"Frist: {format_date(j.deadline, 'j. F Y')}.")
             for j in joints]
    return RelatedGroup("Fælles kommunale indsatser", links) if links else None


def portfolios(recommendation: Recommendation, access: Access) -> RelatedGroup | None:
    # Portfolios and their projects are public: the portfolio pages show them to everyone.
    items = Portfolio.objects.filter(recommendation=recommendation).order_by("name")
    links = [RelatedLink(p.name, p.get_absolute_url(), "Projekterne og deres faser.")
             for p in items]
    return RelatedGroup("Porteføljer", links) if links else None


RELATED_KINDS: list[Callable[[Recommendation, Access], RelatedGroup | None]] = [
    joint_efforts,
    portfolios,
]


def related_groups(recommendation: Recommendation, access: Access) -> list[RelatedGroup]:
    groups = (kind(recommendation, access) for kind in RELATED_KINDS)
    return [g for g in groups if g is not None]
