"""The marker that the database holds synthetic demo data (kkr generate_demo)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class DemoDataset(models.Model):
    """One row per generated dataset. Its presence makes every page show the banner
    "Syntetiske demodata — ikke rigtige tal"."""

    scale = models.CharField(max_length=20)
    seed = models.IntegerField()
    generated_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0.0)
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = "syntetisk datasæt"
        verbose_name_plural = "syntetiske datasæt"

    def __str__(self) -> str:
        return f"Syntetiske demodata ({self.scale}, seed {self.seed})"
