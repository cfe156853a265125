from __future__ import annotations

from django.db import models

from kkrmonitor.programme.models import Council


class SearchEntry(models.Model):
    """One searchable object as the index holds it; derived data, rebuilt by
    `kkr rebuild_search_index`. On PostgreSQL the table also has `vector`, a generated tsvector
    column (migration 0002); on SQLite the stems live in the FTS5 table `search_fts`."""

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    published = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"],
                                               name="search_entry_once_per_object")]
        indexes = [models.Index(fields=["published", "kind"], name="search_entry_scope"),
                   models.Index(fields=["year"], name="search_entry_year"),
                   models.Index(fields=["published", "year"], name="search_entry_public_year")]
        verbose_name = "søgeindgang"
        verbose_name_plural = "søgeindgange"

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
