from django.db import models


class Generation(models.Model):
    """One row per page scope (`all`, `national`, `council:<slug>`, kkrmonitor/pagecache/scopes.py)
    whose value changes after every write that can change that scope's pages: the public-page
    cache keys on it, so a page cached before a change is never served after it, by any worker
    process."""

    scope = models.CharField(max_length=120, unique=True, default="all")
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "cache-generation"

    def __str__(self) -> str:
        return f"{self.scope}: {self.value}"
