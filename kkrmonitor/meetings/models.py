"""Council meetings, their agenda items and decisions, and the frozen status annex."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme.models import Council, Initiative, Publication, Recommendation


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        HELD = "held", "Afholdt"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    # A joint meeting of two councils (KKR Hovedstaden and KKR Sjælland): it shows on both
    # councils' meeting lists, both councils' editors keep it, and its items may name either
    # council's recommendations and initiatives.
    joint_with = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True,
        related_name="joint_meetings", verbose_name="fælles møde med",
        help_text="Det andet råd, hvis mødet er et fælles møde.")
    title = models.CharField("titel", max_length=200, blank=True)
    date = models.DateField("dato")
    start_time = models.TimeField("klokkeslæt", null=True, blank=True)
    place = models.CharField("sted", max_length=200, blank=True)
    state = models.CharField("status", max_length=10, choices=State.choices,
                             default=State.PLANNED)
    description = models.TextField("beskrivelse", blank=True)
    source = models.TextField("kilde", blank=True,
                              help_text="Hvor mødet er oplyst, hvis det ikke er oprettet her.")
    version = models.PositiveIntegerField(default=1)  # also the ICS SEQUENCE

    class Meta:
        ordering = ["date", "start_time", "id"]
        verbose_name = "møde"
        verbose_name_plural = "møder"

    def __str__(self) -> str:
        return self.title or f"Møde i {self.council.name}"

    def get_absolute_url(self) -> str:
        return reverse("meeting", args=[self.pk])

    def partner_of(self, council_id: int) -> Council | None:
        """The other council of a joint meeting, seen from `council_id`; None for a meeting
        of one council."""
        if self.joint_with_id is None:
            return None
        return self.joint_with if self.council_id == council_id else self.council

    @property
    def held_unregistered(self) -> bool:
        """Its day has passed, but nobody registered it as held: unknown, not "Planlagt"."""
        return self.state == self.State.PLANNED and self.date < timezone.localdate()

    @property
    def state_text(self) -> str:
        """"Afholdt", "Planlagt", or for a past meeting still planned "Afholdt? – ikke
        registreret"."""
        if self.held_unregistered:
            return "Afholdt? – ikke registreret"
        return str(self.get_state_display())


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DECISION = "beslutning", "Beslutning"
        DISCUSSION = "drøftelse", "Drøftelse"
        INFORMATION = "orientering", "Orientering"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField("punkt")
    title = models.CharField("titel", max_length=300)
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    case_text = models.TextField("sagsfremstilling", blank=True)
    recommendations = models.ManyToManyField(Recommendation, blank=True,
                                             related_name="agenda_items")
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="agenda_items")
    # Items read from a meeting document are drafts until an editor has looked at them; items
    # typed by hand are published at once, as before.
    publication = models.CharField(max_length=10, choices=Publication.choices,
                                   default=Publication.PUBLISHED)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"],
                                               name="agenda_item_number_unique_in_meeting")]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"

    def __str__(self) -> str:
        return f"Punkt {self.number}: {self.title}"


class Decision(models.Model):
    """What the council decided on an agenda item. Changes it made to milestones or statuses
    are audit events carrying its id (AuditEvent.decision_id)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE,
                                    related_name="decisions")
    text = models.TextField("beslutning")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["agenda_item__meeting__date", "agenda_item__number", "id"]
        verbose_name = "beslutning"
        verbose_name_plural = "beslutninger"

    def __str__(self) -> str:
        return f"Beslutning, {self.agenda_item}"


class AnnexSnapshot(models.Model):
    """The meeting's status annex, frozen when the secretariat finalises it: the annex of a past
    meeting never changes afterwards, while the live pages move on."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="annex")
    finalised_at = models.DateTimeField(default=timezone.now)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    data = models.JSONField()
    # The files rendered once when the annex is finalised: a download never renders again.
    docx = models.BinaryField(null=True, editable=False)
    pdf = models.BinaryField(null=True, editable=False)

    class Meta:
        verbose_name = "statusbilag"
        verbose_name_plural = "statusbilag"

    def __str__(self) -> str:
        return f"Statusbilag til {self.meeting}"


class RecommendationBrief(models.Model):
    """The secretariat's short status on one recommendation, written for one meeting's annex.
    Versioned like every edited text; carried into the frozen annex when it is finalised."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="briefs")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="meeting_briefs")
    text = models.TextField("kort status", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "recommendation"],
                                               name="brief_unique_per_meeting")]
        verbose_name = "kort status"
        verbose_name_plural = "korte status"

    def __str__(self) -> str:
        return f"Kort status, anbefaling {self.recommendation.number}"


class Attachment(models.Model):
    """A file kept with a meeting or one of its agenda items: the official agenda or minutes,
    or an enclosure. The bytes live under KKR_MEDIA_DIR, named by their SHA-256
    (kkrmonitor.meetings.attachments), so the same content is stored once."""

    class Kind(models.TextChoices):
        AGENDA = "dagsorden", "Dagsorden"
        MINUTES = "referat", "Referat"
        ENCLOSURE = "bilag", "Bilag"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="attachments")
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.ENCLOSURE)
    filename = models.CharField("filnavn", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)  # the words of an imported document, for reading back
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["meeting", "kind", "uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "sha256"],
                                               name="attachment_content_once_per_meeting")]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("attachment_download", args=[self.pk])


class ImportedItem(models.Model):
    """Where an agenda item was read from: the document, its number there ("3.2") and page,
    and the sections that have no field of their own on the item."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE,
                                       related_name="imported")
    attachment = models.ForeignKey(Attachment, on_delete=models.PROTECT,
                                   related_name="imported_items")
    source_number = models.CharField("nummer i dokumentet", max_length=20)
    page = models.PositiveIntegerField("side", null=True, blank=True)
    recommendation_text = models.TextField("indstilling", blank=True)
    decision_text = models.TextField("beslutning i dokumentet", blank=True)

    class Meta:
        verbose_name = "indlæst punkt"
        verbose_name_plural = "indlæste punkter"

    def __str__(self) -> str:
        return f"Punkt {self.source_number} i {self.attachment}"


class LinkSuggestion(models.Model):
    """A recommendation or initiative an imported agenda item may concern, ranked by how much
    of their words they share; an editor accepts or rejects it. A rejected pair is never
    suggested again; an accepted one links the item and teaches the ranking its words."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Foreslået"
        ACCEPTED = "accepted", "Godkendt"
        REJECTED = "rejected", "Afvist"

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE,
                                    related_name="link_suggestions")
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUGGESTED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["agenda_item", "rank", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(recommendation__isnull=False, initiative__isnull=True)
                           | models.Q(recommendation__isnull=True, initiative__isnull=False)),
                name="suggestion_is_recommendation_or_initiative"),
            models.UniqueConstraint(fields=["agenda_item", "recommendation"],
                                    name="suggestion_recommendation_once_per_item"),
            models.UniqueConstraint(fields=["agenda_item", "initiative"],
                                    name="suggestion_initiative_once_per_item"),
        ]
        verbose_name = "forslag til kobling"
        verbose_name_plural = "forslag til koblinger"

    def __str__(self) -> str:
        target = self.recommendation or self.initiative
        return f"{self.agenda_item} → {target}"
