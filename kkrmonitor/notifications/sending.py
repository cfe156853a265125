"""Sending: record each notification, claim it with an optimistic update, send, mark it sent.

A second run in the same period finds the record and sends nothing; a send that fails (the mail
server down) clears the claim, logs, and is tried again on the next run, up to MAX_ATTEMPTS; an
address the server refuses is recorded as a Bounce for the administrators."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.notifications.candidates import Candidate, all_candidates
from kkrmonitor.notifications.models import Bounce, Kind, Notification, OptOut

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
UNSUBSCRIBE_SALT = "kkrmonitor.notifications.unsubscribe"


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind), or signing.BadSignature for a token not made here."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        raise signing.BadSignature("unknown kind")
    return int(data["u"]), str(data["k"])


def absolute(path: str) -> str:
    return settings.KKR_SITE_URL.rstrip("/") + path


def build_message(candidate: Candidate, connection: object = None) -> EmailMultiAlternatives:
    unsubscribe = absolute(reverse("email_unsubscribe",
                                   args=[unsubscribe_token(candidate.recipient.pk,
                                                           candidate.kind)]))
    context = {"candidate": candidate, "link": absolute(candidate.path),
               "unsubscribe": unsubscribe, "settings_link": absolute(reverse("email_settings")),
               "kind_label": Kind(candidate.kind).label}
    message = EmailMultiAlternatives(
        subject=candidate.subject,
        body=render_to_string("notifications/email.txt", context),
        to=[candidate.recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    message.attach_alternative(render_to_string("notifications/email.html", context),
                               "text/html")
    return message


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    would_send: int = 0


def _record(candidate: Candidate) -> Notification | None:
    """The notification's row, made now if this is the first time; None when it was sent
    before, is being sent by another run, or has failed too often."""
    try:
        with transaction.atomic():
            return Notification.objects.create(kind=candidate.kind,
                                               recipient=candidate.recipient,
                                               key=candidate.key, subject=candidate.subject)
    except IntegrityError:
        existing = Notification.objects.get(kind=candidate.kind, recipient=candidate.recipient,
                                            key=candidate.key)
        if existing.sent_at or existing.claimed_at or existing.attempts >= MAX_ATTEMPTS:
            return None
        return existing


def run(*, dry_run: bool = False, candidates: Iterable[Candidate] | None = None,
        out: list[str] | None = None, now: datetime | None = None) -> RunResult:
    result = RunResult()
    found = list(candidates if candidates is not None else all_candidates(now))
    opted_out = set(OptOut.objects.values_list("user_id", "kind"))
    done = set(Notification.objects.filter(sent_at__isnull=False)
               .values_list("kind", "recipient_id", "key"))
    connection = None if dry_run else get_connection()
    for candidate in found:
        if ((candidate.recipient.pk, candidate.kind) in opted_out
                or (candidate.kind, candidate.recipient.pk, candidate.key) in done):
            result.skipped += 1
            continue
        if dry_run:
            result.would_send += 1
            if out is not None:
                out.append(f"{candidate.recipient.email}: {candidate.subject}")
            continue
        notification = _record(candidate)
        if notification is None:
            result.skipped += 1
            continue
        claimed = Notification.objects.filter(pk=notification.pk, claimed_at__isnull=True,
                                              sent_at__isnull=True).update(
            claimed_at=timezone.now(), attempts=F("attempts") + 1)
        if not claimed:
            result.skipped += 1
            continue
        try:
            build_message(candidate, connection).send()
        except smtplib.SMTPRecipientsRefused as refused:
            detail = "; ".join(f"{code} {msg!r}" for code, msg in refused.recipients.values())
            Bounce.objects.create(email=candidate.recipient.email, detail=detail)
            Notification.objects.filter(pk=notification.pk).update(
                error=detail, attempts=MAX_ATTEMPTS)
            log.warning("notification %s: address refused: %s", notification.pk, detail)
            result.failed += 1
        except (smtplib.SMTPException, OSError) as error:
            Notification.objects.filter(pk=notification.pk).update(
                claimed_at=None, error=str(error)[:1000])
            log.warning("notification %s not sent, tried again next run: %s",
                        notification.pk, error)
            result.failed += 1
        else:
            Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now(),
                                                                   error="")
            result.sent += 1
    return result
