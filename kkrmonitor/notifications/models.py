"""E-mail notifications: each one is recorded before it is sent, so a second run, or a run after
a crash, sends nothing twice (the pattern of healthchecks' `sendreports`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    REPORT_SUBMITTED = "report_submitted", "En kommune har indberettet"
    REPORT_REVIEWED = "report_reviewed", "Min indberetning er godkendt eller sendt retur"
    INITIATIVE_STALE = "initiative_stale", (
        "En indsats, jeg er ansvarlig for, trænger til opdatering")
    DEADLINE_SOON = "deadline_soon", "En frist er om 14 dage"
    DEADLINE_PASSED = "deadline_passed", "En frist er passeret uden registreret udfald"
    WEEKLY_DIGEST = "weekly_digest", "Ugentligt overblik over arbejdskøen (mandag morgen)"
    MONTHLY_NUDGE = "monthly_nudge", "Månedlig påmindelse om kommunens indberetninger"


class Notification(models.Model):
    """One e-mail to one person about one thing (`key`: the object and the period it is about).

    Written before the mail goes out; `claimed_at` is set by an optimistic update just before
    sending, so two runs never both send it, and a run that dies mid-send leaves it claimed
    (never sent twice). A failed send clears the claim and is tried again on the next run."""

    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)  # the claiming run's token
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "recipient", "key"],
                                               name="notification_once")]
        verbose_name = "e-mailbesked"
        verbose_name_plural = "e-mailbeskeder"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} til {self.recipient}: {self.subject}"


class OptOut(models.Model):
    """A kind of e-mail a user does not want (everything is on until switched off)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="email_opt_outs")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once")]
        verbose_name = "fravalgt e-mailtype"
        verbose_name_plural = "fravalgte e-mailtyper"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


class Bounce(models.Model):
    """An address the mail server refused: shown to administrators, who fix the account."""

    email = models.EmailField("e-mail")
    at = models.DateTimeField("tidspunkt", default=timezone.now)
    detail = models.TextField("svar fra mailserveren", blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "afvist adresse"
        verbose_name_plural = "afviste adresser"

    def __str__(self) -> str:
        return f"{self.email} ({self.at:%Y-%m-%d})"
