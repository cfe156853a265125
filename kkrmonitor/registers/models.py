"""Registers: a council's typed tables under a recommendation (the consequences of the lapsing
regional development tasks, the appointments the council makes, the taskforce's follow-up).

A register has ordered, typed columns the secretariat defines; each row holds its values keyed
by the column's `key`, is a draft or published, and is versioned and audited like every other
editable thing (kkrmonitor.registers.services)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme.models import Council, Publication, Recommendation

if TYPE_CHECKING:
    from kkrmonitor.access import Access


class RegisterQuerySet(models.QuerySet["Register"]):
    def visible_to(self, access: Access) -> RegisterQuerySet:
        """A register in preparation is for logged-in members only."""
        if access.sees_drafts:
            return self
        return self.filter(published=True)


class Register(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="registers",
                                verbose_name="råd")
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="registers",
                                       verbose_name="anbefaling")
    # Unique across councils: the API names a register by its slug alone.
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField("titel", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    source = models.TextField("kilde", blank=True)
    published = models.BooleanField("offentliggjort", default=False)
    version = models.PositiveIntegerField(default=1)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["council", "title"]
        verbose_name = "register"
        verbose_name_plural = "registre"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("register", args=[self.council.slug, self.slug])


class ColumnKind(models.TextChoices):
    TEXT = "text", "Tekst"
    NUMBER = "number", "Tal med enhed"
    AMOUNT = "amount", "Beløb i kr."
    DATE_WINDOW = "date_window", "Dato eller periode"
    MUNICIPALITY = "municipality", "Kommune"
    ACTOR = "actor", "Aktør"
    USER = "user", "Bruger"
    CHOICE = "choice", "Valgliste"
    LINK = "link", "Link"


class Column(models.Model):
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="columns")
    # The row values' key; kept when the column is renamed, so rows and the API stay stable.
    key = models.SlugField(max_length=100)
    name = models.CharField("navn", max_length=200)
    kind = models.CharField("type", max_length=20, choices=ColumnKind.choices,
                            default=ColumnKind.TEXT)
    unit = models.CharField("enhed", max_length=50, blank=True)
    choices = models.JSONField("valgmuligheder", default=list, blank=True)
    help_text = models.CharField("vejledning", max_length=300, blank=True)
    required = models.BooleanField("skal udfyldes", default=False)
    position = models.PositiveSmallIntegerField("placering", default=0)

    class Meta:
        ordering = ["register", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["register", "key"],
                                               name="register_column_key")]
        verbose_name = "kolonne"
        verbose_name_plural = "kolonner"

    def __str__(self) -> str:
        return self.name

    @property
    def recommendation_id(self) -> int | None:
        """Where the audit row belongs (audit.recording._context)."""
        return self.register.recommendation_id


class RowQuerySet(models.QuerySet["Row"]):
    def visible_to(self, access: Access) -> RowQuerySet:
        if access.sees_drafts:
            return self
        return self.filter(publication=Publication.PUBLISHED, register__published=True)


class Row(models.Model):
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="rows")
    values = models.JSONField("værdier", default=dict, blank=True)
    publication = models.CharField(max_length=10, choices=Publication.choices,
                                   default=Publication.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RowQuerySet.as_manager()

    class Meta:
        ordering = ["register", "pk"]
        verbose_name = "række"
        verbose_name_plural = "rækker"

    def __str__(self) -> str:
        return f"Række {self.pk} i {self.register}"

    @property
    def recommendation_id(self) -> int | None:
        """Where the audit row belongs (audit.recording._context)."""
        return self.register.recommendation_id

    def value(self, column: Column) -> Any:
        return self.values.get(column.key)
