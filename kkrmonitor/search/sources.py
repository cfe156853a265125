"""The built-in searchable kinds: the programme, its follow-up, meetings, partners and
municipalities. Each says who may find it the way the pages decide who may see it."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from kkrmonitor.access import Access
from kkrmonitor.joint.models import JointInitiative
from kkrmonitor.meetings.models import AgendaItem, Attachment, Decision, Meeting
from kkrmonitor.programme.models import (
    Actor,
    Initiative,
    Milestone,
    MilestoneQuerySet,
    Municipality,
    Publication,
    Recommendation,
    StatusUpdate,
)
from kkrmonitor.registers.cells import display
from kkrmonitor.registers.models import Register, Row
from kkrmonitor.registers.services import names_for, spec
from kkrmonitor.search.kinds import Document, register

PUBLISHED = Publication.PUBLISHED


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _initiative_url(initiative: Initiative) -> str:
    return f"{initiative.recommendation.get_absolute_url()}#indsats-{initiative.pk}"


def _agenda_url(item: AgendaItem) -> str:
    return f"{item.meeting.get_absolute_url()}#punkt-{item.number}"


@register("anbefaling", "Anbefaling", "Anbefalinger",
          queryset=lambda: Recommendation.objects.select_related("programme__council")
          .prefetch_related("actors"),
          follows={"programme": lambda pk: Q(programme_id=pk),
                   "actor": lambda pk: Q(actors=pk)})
def recommendation(obj: Recommendation) -> Document:
    return Document(
        title=f"Anbefaling {obj.number}: {obj.headline}",
        body=_lines(obj.body, obj.theme, ", ".join(a.name for a in obj.actors.all())),
        url=obj.get_absolute_url(), council_id=obj.programme.council_id, year=None,
        published=True)


_IN_PROGRAMME = {"recommendation": lambda pk: Q(recommendation_id=pk),
                 "programme": lambda pk: Q(recommendation__programme_id=pk)}


@register("indsats", "Indsats", "Indsatser",
          queryset=lambda: Initiative.objects.select_related("recommendation__programme__council")
          .prefetch_related("actors"),
          follows={**_IN_PROGRAMME, "actor": lambda pk: Q(actors=pk)})
def initiative(obj: Initiative) -> Document:
    return Document(
        title=obj.title,
        body=_lines(obj.description, obj.owner, ", ".join(a.name for a in obj.actors.all())),
        url=_initiative_url(obj), council_id=obj.recommendation.programme.council_id,
        year=obj.end.year if obj.end else None, published=obj.publication == PUBLISHED)


@register("status", "Statusopdatering", "Statusopdateringer",
          queryset=lambda: StatusUpdate.objects.exclude(narrative="")
          .select_related("initiative__recommendation__programme__council"),
          follows={"initiative": lambda pk: Q(initiative_id=pk),
                   "recommendation": lambda pk: Q(initiative__recommendation_id=pk),
                   "programme": lambda pk: Q(initiative__recommendation__programme_id=pk)})
def status_update(obj: StatusUpdate) -> Document:
    initiative = obj.initiative
    return Document(
        title=f"Status på {initiative.title}", body=obj.narrative,
        url=_initiative_url(initiative),
        council_id=initiative.recommendation.programme.council_id, year=obj.as_of.year,
        published=obj.publication == PUBLISHED and initiative.publication == PUBLISHED)


@register("milepael", "Milepæl", "Milepæle",
          queryset=lambda: Milestone.objects.select_related(
              "recommendation__programme__council", "initiative"),
          follows={**_IN_PROGRAMME, "initiative": lambda pk: Q(initiative_id=pk)})
def milestone(obj: Milestone) -> Document:
    return Document(
        title=obj.title, body=_lines(obj.label, obj.state_reason),
        url=f"{obj.recommendation.get_absolute_url()}#milepaele",
        council_id=obj.recommendation.programme.council_id,
        year=obj.end.year if obj.end else None,
        published=MilestoneQuerySet.is_visible(obj, Access()))


@register("moede", "Møde", "Møder",
          queryset=lambda: Meeting.objects.select_related("council"))
def meeting(obj: Meeting) -> Document:
    return Document(
        title=f"{obj} {obj.date:%d.%m.%Y}", body=_lines(obj.description, obj.place),
        url=obj.get_absolute_url(), council_id=obj.council_id, year=obj.date.year,
        published=True)


@register("dagsordenspunkt", "Dagsordenspunkt", "Dagsordenspunkter",
          queryset=lambda: AgendaItem.objects.select_related("meeting__council"),
          follows={"meeting": lambda pk: Q(meeting_id=pk)})
def agenda_item(obj: AgendaItem) -> Document:
    return Document(
        title=f"Punkt {obj.number}: {obj.title}", body=obj.case_text, url=_agenda_url(obj),
        council_id=obj.meeting.council_id, year=obj.meeting.date.year,
        published=obj.publication == PUBLISHED)


@register("beslutning", "Beslutning", "Beslutninger",
          queryset=lambda: Decision.objects.select_related("agenda_item__meeting__council"),
          follows={"agendaitem": lambda pk: Q(agenda_item_id=pk),
                   "meeting": lambda pk: Q(agenda_item__meeting_id=pk)})
def decision(obj: Decision) -> Document:
    item = obj.agenda_item
    return Document(
        title=f"Beslutning om {item.title}", body=obj.text, url=_agenda_url(item),
        council_id=item.meeting.council_id, year=item.meeting.date.year,
        published=item.publication == PUBLISHED)


@register("faelles-indsats", "Fælles indsats", "Fælles indsatser",
          queryset=lambda: JointInitiative.objects.select_related(
              "initiative__recommendation__programme__council"),
          follows={"initiative": lambda pk: Q(initiative_id=pk),
                   "recommendation": lambda pk: Q(initiative__recommendation_id=pk),
                   "programme": lambda pk: Q(initiative__recommendation__programme_id=pk)})
def joint_initiative(obj: JointInitiative) -> Document:
    initiative = obj.initiative
    return Document(
        title=initiative.title, body=_lines(initiative.description, obj.source),
        url=obj.get_absolute_url(),
        council_id=initiative.recommendation.programme.council_id, year=obj.deadline.year,
        published=initiative.publication == PUBLISHED)


@register("aktoer", "Aktør", "Aktører", queryset=lambda: Actor.objects.all())
def actor(obj: Actor) -> Document:
    return Document(
        title=obj.name, body=_lines(", ".join(a for a in obj.aliases if a != obj.name),
                                    obj.description),
        url=obj.get_absolute_url(), council_id=None, year=None, published=True)


@register("kommune", "Kommune", "Kommuner",
          queryset=lambda: Municipality.objects.select_related("council"))
def municipality(obj: Municipality) -> Document:
    return Document(
        title=obj.official_name, body=_lines(obj.name, obj.council.name),
        url=reverse("municipality", args=[obj.slug]), council_id=obj.council_id, year=None,
        published=True)



@register("bilag", "Mødedokument", "Mødedokumenter",
          queryset=lambda: Attachment.objects.select_related("meeting", "agenda_item"),
          follows={"agendaitem": lambda pk: Q(agenda_item_id=pk),
                   "meeting": lambda pk: Q(meeting_id=pk)})
def attachment(obj: Attachment) -> Document:
    # The words of an imported agenda or minutes; an enclosure of a draft item is for members,
    # as its download is.
    item = obj.agenda_item
    return Document(
        title=f"{obj.filename} ({obj.meeting} {obj.meeting.date:%d.%m.%Y})", body=obj.text,
        url=obj.get_absolute_url(), council_id=obj.meeting.council_id,
        year=obj.meeting.date.year,
        published=item is None or item.publication == PUBLISHED)


@register("register", "Register", "Registre",
          queryset=lambda: Register.objects.all())
def register_table(obj: Register) -> Document:
    return Document(
        title=obj.title, body=_lines(obj.description, obj.source), url=obj.get_absolute_url(),
        council_id=obj.council_id, year=None, published=obj.published)


def _row_text(row: Row) -> list[str]:
    """The row's cells as a reader sees them; a person named in a row is shown on the page but
    not made findable by name."""
    columns = [c for c in row.register.columns.all() if c.kind != "user"]
    names = names_for(columns)
    return [display(spec(c), row.value(c), names) for c in columns
            if row.value(c) not in (None, "")]


@register("registerraekke", "Række i et register", "Rækker i registre",
          queryset=lambda: Row.objects.select_related("register").prefetch_related(
              "register__columns"),
          follows={"register": lambda pk: Q(register_id=pk)})
def register_row(obj: Row) -> Document:
    texts = _row_text(obj)
    register = obj.register
    return Document(
        title=f"{register.title}: {texts[0]}" if texts else register.title,
        body=_lines(*texts[1:]), url=register.get_absolute_url(),
        council_id=register.council_id, year=None,
        published=obj.publication == PUBLISHED and register.published)
