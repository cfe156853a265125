"""The registry of searchable kinds. A kind says which objects it indexes (`queryset`), what
each one reads as (`document`) and which writes make its entries stale (`follows`).

A new kind registers itself in its own app's module, imported from that app's `ready()`:

    @register("dagsordenspunkt", "Dagsordenspunkt", "Dagsordenspunkter",
              queryset=lambda: AgendaItem.objects.select_related("meeting"),
              follows={"meeting": lambda pk: Q(meeting_id=pk)})
    def agenda_item(item: AgendaItem) -> Document:
        return Document(title=item.title, body=item.case_text, url=..., council_id=...,
                        year=item.meeting.date.year, published=True)

`follows` maps the model name of an object passed to `record()` to the condition on this kind's
own objects that the write may have changed (an initiative's publication hides its milestones).
A write of the kind's own model always reindexes that object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class Document:
    """What one object reads as in the index."""

    title: str
    body: str
    url: str
    council_id: int | None
    year: int | None
    published: bool  # the public may find it


@dataclass(frozen=True)
class Kind:
    name: str  # stored in SearchEntry.kind, and the value of ?type= (URL, not shown as text)
    label: str  # Danish, singular: "Anbefaling"
    plural: str  # Danish: "Anbefalinger"
    queryset: Callable[[], QuerySet[Any]]
    document: Callable[[Any], Document]
    follows: dict[str, Callable[[int], Q]] = field(default_factory=dict)

    @property
    def model(self) -> type[Model]:
        return self.queryset().model

    def touched_by(self, model_name: str, pk: int) -> Q | None:
        """Which of this kind's objects a write of (model_name, pk) may have changed."""
        if model_name == self.model._meta.model_name:
            return Q(pk=pk)
        follow = self.follows.get(model_name)
        return follow(pk) if follow else None


KINDS: dict[str, Kind] = {}


def register(name: str, label: str, plural: str, *, queryset: Callable[[], QuerySet[Any]],
             follows: dict[str, Callable[[int], Q]] | None = None
             ) -> Callable[[Callable[[Any], Document]], Callable[[Any], Document]]:
    def decorate(document: Callable[[Any], Document]) -> Callable[[Any], Document]:
        if name in KINDS:
            raise ValueError(f"search kind {name!r} is registered twice")
        KINDS[name] = Kind(name, label, plural, queryset, document, follows or {})
        return document
    return decorate


def kind_choices() -> list[tuple[str, str]]:
    """(name, Danish plural) for the type filter, in registration order."""
    return [(kind.name, kind.plural) for kind in KINDS.values()]
