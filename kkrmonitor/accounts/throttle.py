"""Log-in throttling: too many failed attempts for one e-mail address, or from one client
address, within a window refuse further attempts until the oldest of them leaves the window.

Attempts live in the database (LoginAttempt) rather than a per-process cache, because
production runs several gunicorn workers and each must see the same count. A successful log-in
makes that e-mail address's earlier failures stop counting, for the address limit too, so
colleagues behind one office address are not locked out by each other's typing errors; failures
against other e-mail addresses still count, so an attacker cannot reset the per-address count
by logging in to an account of their own.

Password-reset mails are throttled the same way and with the same limits and window: every
request counts against the address typed and the client address, whether or not the address
belongs to a user, and a refused request looks exactly like an accepted one (see
`reset_refused`).
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kkrmonitor.accounts.models import LoginAttempt, PasswordResetRequest

KEEP = timedelta(days=30)  # how long attempts are kept, as a log of who tried to log in


@dataclass(frozen=True)
class Lockout:
    until: datetime

    def minutes_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds / 60))

    def seconds_left(self, now: datetime | None = None) -> int:
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or with KKR_TRUSTED_PROXIES = n, the n-th address
    from the right of X-Forwarded-For (each trusted proxy appends the address it saw; what is
    further left was written by the client and cannot be trusted)."""
    raw = request.META.get("REMOTE_ADDR", "")
    proxies = settings.KKR_TRUSTED_PROXIES
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if p.strip()]
        if len(forwarded) >= proxies:
            raw = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _counting_failures(now: datetime) -> QuerySet[LoginAttempt]:
    """Failures inside the window that no later success for the same e-mail has cleared."""
    window = timedelta(minutes=settings.KKR_LOGIN_LOCKOUT_MINUTES)
    later_success = LoginAttempt.objects.filter(
        email=OuterRef("email"), succeeded=True, at__gt=OuterRef("at"))
    return LoginAttempt.objects.filter(succeeded=False, at__gt=now - window).filter(
        ~Exists(later_success))


def lockout(email: str, ip: str | None, now: datetime | None = None) -> Lockout | None:
    """The lock on this e-mail address or client address, if either has reached its limit."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.KKR_LOGIN_LOCKOUT_MINUTES)
    failures = _counting_failures(now)
    checks = [(failures.filter(email=normalise_email(email)), settings.KKR_LOGIN_MAX_ATTEMPTS)]
    if ip:
        checks.append((failures.filter(ip=ip), settings.KKR_LOGIN_MAX_ATTEMPTS_PER_IP))
    until: datetime | None = None
    for queryset, limit in checks:
        latest = list(queryset.order_by("-at").values_list("at", flat=True)[:limit])
        if len(latest) >= limit:
            # Refused attempts are not recorded, so the lock lifts when the limit-th most
            # recent failure leaves the window.
            lifts = latest[limit - 1] + window
            until = lifts if until is None else max(until, lifts)
    return Lockout(until) if until is not None and until > now else None


def record_failure(email: str, ip: str | None) -> None:
    _record(email, ip, succeeded=False)


def record_success(email: str, ip: str | None) -> None:
    _record(email, ip, succeeded=True)


def _record(email: str, ip: str | None, *, succeeded: bool) -> None:
    now = timezone.now()
    LoginAttempt.objects.filter(at__lt=now - KEEP).delete()
    LoginAttempt.objects.create(email=normalise_email(email)[:254], ip=ip, at=now,
                                succeeded=succeeded)


# --- password-reset mails -----------------------------------------------------------------

def reset_refused(email: str, ip: str | None, now: datetime | None = None) -> bool:
    """Whether one more reset mail for this address or from this client would exceed the log-in
    limits within the log-in window. The caller answers a refused request exactly as an accepted
    one (the same redirect, no mail), so the answer reveals nothing about the address."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.KKR_LOGIN_LOCKOUT_MINUTES)
    recent = PasswordResetRequest.objects.filter(at__gt=now - window)
    if recent.filter(email=normalise_email(email)).count() >= settings.KKR_LOGIN_MAX_ATTEMPTS:
        return True
    return bool(ip) and (recent.filter(ip=ip).count()
                         >= settings.KKR_LOGIN_MAX_ATTEMPTS_PER_IP)


def record_reset_request(email: str, ip: str | None) -> None:
    now = timezone.now()
    PasswordResetRequest.objects.filter(at__lt=now - KEEP).delete()
    PasswordResetRequest.objects.create(email=normalise_email(email)[:254], ip=ip, at=now)
