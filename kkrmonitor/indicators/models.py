"""Indicators and their observations: figures per area (municipality, region, council, country)
and period, each with its source and when it was retrieved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme.models import Council, Municipality, Recommendation

if TYPE_CHECKING:
    from kkrmonitor.access import Access


def owning_council(council_ids: set[int]) -> int | None:
    """The council an indicator belongs to, judged from the councils of the recommendations it
    is linked to: exactly one council, else none (national). Used by the data migration that
    introduced ownership and by the loader of the shipped definitions."""
    return next(iter(council_ids)) if len(council_ids) == 1 else None


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def listed_for(self, access: Access) -> IndicatorQuerySet:
        """The indicators to list: all for editors, only those with figures for others."""
        return self if access.sees_indicators_without_figures else self.filter(figures__gt=0)

    def editable_by(self, access: Access) -> IndicatorQuerySet:
        """A council's indicators: its editors and administrators; national ones (no
        council): administrators only."""
        if access.is_admin:
            return self
        return self.filter(council__in=access.editor_councils)


class Indicator(models.Model):
    class Kind(models.TextChoices):
        STATBANK = "statbank", "Statistikbanken"
        UPLOAD = "upload", "Uploadet serie"
        DERIVED = "derived", "Beregnet (forhold mellem to indikatorer)"

    slug = models.SlugField("kortnavn", unique=True)
    name = models.CharField("navn", max_length=200)
    unit = models.CharField("enhed", max_length=100)
    description = models.TextField("beskrivelse", blank=True)
    source = models.TextField("kilde", blank=True)
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.UPLOAD)
    # --- a StatBank table with a selection of its variables ---------------------------------
    statbank_table = models.CharField("tabel i Statistikbanken", max_length=30, blank=True)
    # {variable: [codes]}; the area and time variables default to all ("*").
    statbank_selection = models.JSONField("udvalg af variable", default=dict, blank=True)
    area_variable = models.CharField("områdevariabel", max_length=30, default="OMRÅDE")
    time_variable = models.CharField("tidsvariabel", max_length=30, default="Tid")
    # --- derived: numerator ÷ denominator × scale ------------------------------------------
    numerator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="tæller")
    denominator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="nævner")
    scale = models.FloatField("faktor", default=1.0,
                              help_text="Fx 1 for pr. indbygger, 1000 for pr. 1.000 indbyggere.")
    # A count or an amount in kroner adds up over municipalities; a rate or ratio does not.
    additive = models.BooleanField("kan summeres til råd", default=False)
    recommendations = models.ManyToManyField(Recommendation, blank=True,
                                             related_name="indicators",
                                             verbose_name="anbefalinger")
    # Whose indicator it is: that council's editors maintain it. None: national, maintained by
    # administrators only.
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="indicators", verbose_name="råd",
                                help_text="Rådet, hvis redaktører vedligeholder indikatoren. "
                                          "Tom: national, kun for administratorer.")
    updated_at = models.DateTimeField(default=timezone.now)
    # Kept by services.store_observations (the one writer of observations), so lists of
    # indicators need not count millions of observations: the number of figures (missing
    # values not counted) and the newest period that has one.
    figures = models.PositiveIntegerField("antal tal", default=0, editable=False)
    latest_figure_period = models.CharField("seneste periode med tal", max_length=8,
                                            blank=True, editable=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "indikator"
        verbose_name_plural = "indikatorer"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("indicator", args=[self.slug])

    @property
    def selection_items(self) -> list[tuple[str, list[str]]]:
        """The StatBank selection by variable name. PostgreSQL's jsonb does not keep the order
        the keys were written in, so pages take no order from the field itself."""
        return sorted(self.statbank_selection.items())

    def latest_period(self) -> str | None:
        row = (self.observations.filter(value__isnull=False)
               .order_by("-period_start").values_list("period", flat=True).first())
        return row


class Area(models.Model):
    """Where a figure belongs. Municipalities and councils point at their programme rows."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", "Kommune"
        REGION = "region", "Region"
        COUNCIL = "council", "Råd (sum af kommunerne)"
        COUNTRY = "country", "Hele landet"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    code = models.CharField(max_length=50)  # DST code; a council's slug
    name = models.CharField(max_length=200)
    municipality = models.OneToOneField(Municipality, null=True, blank=True,
                                        on_delete=models.CASCADE, related_name="indicator_area")
    council = models.OneToOneField(Council, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="indicator_area")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"],
                                               name="indicator_area_unique_kind_code")]
        verbose_name = "område"
        verbose_name_plural = "områder"

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    class Source(models.TextChoices):
        STATBANK = "statbank", "Statistikbanken"
        UPLOAD = "upload", "Upload"
        COMPUTED = "computed", "Beregnet"

    # No foreign-key constraints in the database: PostgreSQL checks one with a trigger per row,
    # which costs more than the load itself (1,000,000 rows: about half the server's time).
    # The one write path, services.store_observations, checks every referenced area and the
    # indicator once per load instead and locks them (FOR KEY SHARE) as the trigger would;
    # deletes cascade through Django as before. The unique constraint's first column serves
    # lookups by indicator, so it has no index of its own.
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="observations", db_constraint=False,
                                  db_index=False)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="observations",
                             db_constraint=False)
    period = models.CharField(max_length=8)  # "2024", "2024K1", "2024M01"
    period_start = models.DateField()
    value = models.FloatField(null=True, blank=True)  # NULL: suppressed or missing, never 0
    source = models.CharField(max_length=10, choices=Source.choices)
    retrieved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "period_start", "area"]
        constraints = [models.UniqueConstraint(fields=["indicator", "area", "period"],
                                               name="one_observation_per_area_and_period")]
        # The second: an area's newest figure of an indicator in one index step (the indicator
        # panel of a municipality's page asks it for every indicator).
        indexes = [models.Index(fields=["indicator", "period_start"]),
                   models.Index(fields=["indicator", "area", "period_start"],
                                name="observation_area_newest")]
        verbose_name = "observation"
        verbose_name_plural = "observationer"

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period}: {self.value}"


class FetchJob(models.Model):
    """One "Hent nu" for an indicator: queued by an editor, run by the background worker, with
    its progress and result kept for the job's page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Venter på at blive startet"
        RUNNING = "running", "Henter"
        SUCCEEDED = "succeeded", "Færdig"
        FAILED = "failed", "Mislykkedes"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="fetch_jobs")
    requested_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_by_label = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.TextField(blank=True)  # the newest progress line
    result = models.TextField(blank=True)  # Danish: what was stored, or why nothing was
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "hentning"
        verbose_name_plural = "hentninger"

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.status}"

    @property
    def done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
