"""People who log in. They log in with their e-mail address; there are no separate user names."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("En bruger skal have en e-mailadresse.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail", unique=True)
    full_name = models.CharField("navn", max_length=200, blank=True)
    is_active = models.BooleanField("aktiv", default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = "bruger"
        verbose_name_plural = "brugere"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    EDITOR = "editor", "Sekretariatsredaktør"
    CONTACT = "contact", "Kommunal kontaktperson"
    READER = "reader", "Læser"


class Membership(models.Model):
    """What a user may do, and where: an editor for a council, a contact for a municipality.

    Administrators and readers need neither (they see everything that is not secret)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rolle", max_length=10, choices=Role.choices)
    council = models.ForeignKey("programme.Council", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey("programme.Municipality", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role="editor", council__isnull=False, municipality__isnull=True)
                    | models.Q(role="contact", municipality__isnull=False, council__isnull=True)
                    | models.Q(role__in=["admin", "reader"], municipality__isnull=True,
                               council__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "council", "municipality"],
                                    name="membership_once"),
        ]
        verbose_name = "rolle"
        verbose_name_plural = "roller"

    def __str__(self) -> str:
        where = self.council or self.municipality
        return f"{self.user}: {self.get_role_display()}" + (f" ({where})" if where else "")


class ClientRequest(models.Model):
    """Who asked, from where and when: the fields the throttles count by."""

    email = models.CharField("e-mail", max_length=254)  # as typed (lower-cased), may not exist
    ip = models.GenericIPAddressField("IP-adresse", null=True, blank=True)
    at = models.DateTimeField("tidspunkt", default=timezone.now, db_index=True)

    class Meta:
        abstract = True


class LoginAttempt(ClientRequest):
    """One try at logging in, kept so log-in throttling counts the same in every worker process.

    Failures count against both the e-mail address typed and the client address; a later
    success for that e-mail address makes its earlier failures stop counting. Rows older than
    30 days are pruned (kkrmonitor.accounts.throttle)."""

    succeeded = models.BooleanField("lykkedes", default=False)

    class Meta:
        indexes = [
            models.Index(fields=["email", "at"], name="loginattempt_email_at"),
            models.Index(fields=["ip", "at"], name="loginattempt_ip_at"),
        ]
        verbose_name = "loginforsøg"
        verbose_name_plural = "loginforsøg"

    def __str__(self) -> str:
        outcome = "lykkedes" if self.succeeded else "mislykkedes"
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} ({self.ip or '?'}): {outcome}"


class PasswordResetRequest(ClientRequest):
    """One request for a password-reset mail, kept so the requests can be throttled in every
    worker process (kkrmonitor.accounts.throttle). Recorded whether or not the address belongs
    to a user, so the throttle says nothing about which addresses exist."""

    class Meta:
        indexes = [
            models.Index(fields=["email", "at"], name="resetrequest_email_at"),
            models.Index(fields=["ip", "at"], name="resetrequest_ip_at"),
        ]
        verbose_name = "anmodning om ny adgangskode"
        verbose_name_plural = "anmodninger om ny adgangskode"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} ({self.ip or '?'})"
