"""Council meetings, their agenda items and decisions, and the frozen status annex."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme.models import Council, Initiative, Recommendation


class Meeting(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", "Planlagt"
        HELD = "held", "Afholdt"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
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
