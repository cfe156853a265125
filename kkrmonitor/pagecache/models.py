from django.db import models


class Generation(models.Model):
    """One row whose value changes after every write: the public-page cache keys on it, so a
    page cached before a change is never served after it, by any worker process."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "cache-generation"

    def __str__(self) -> str:
        return str(self.value)
