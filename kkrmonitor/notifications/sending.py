"""Sending: record each notification, claim it with an optimistic update, send, mark it sent.

A second run in the same period finds the record and sends nothing; a send that fails (the mail
server down) clears the claim, logs, and is tried again on the next run, up to MAX_ATTEMPTS; an
address the server refuses is recorded as a Bounce for the administrators."""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kkrmonitor.notifications.candidates import Candidate, all_candidates
from kkrmonitor.notifications.models import Bounce, Kind, Notification, OptOut

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Rows written, claimed and marked sent per statement.
BATCH = 500
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


FOOTER = "Denne e-mail er sendt af KKR Monitor, fordi du har en rolle i systemet."
# The HTML part: plain markup with the design system's font, inline (mail programs drop <style>).
HTML = ("<!doctype html>\n<html lang=\"da\">\n<head><meta charset=\"utf-8\"><title>{subject}"
        "</title></head>\n<body style=\"font-family: 'IBM Plex Sans', Arial, sans-serif; "
        "color: #1a1a1a;\">\n<p>Hej {name}</p>\n{lines}\n<p><a href=\"{link}\">Se mere i KKR "
        "Monitor</a></p>\n<hr>\n<p style=\"font-size: 0.875em;\">{footer}\n<a href=\""
        "{unsubscribe}\">Frameld e-mails af typen »{kind}«</a> ·\n<a href=\"{settings_link}\">"
        "Vælg, hvilke e-mails du får</a></p>\n</body>\n</html>\n")


def bodies(candidate: Candidate, link: str, unsubscribe: str,
           settings_link: str) -> tuple[str, str]:
    """The plain-text and HTML parts. Built with plain string formatting, not templates: a run
    renders thousands (bench: notifications_run_s)."""
    name = candidate.recipient.get_short_name()
    kind = str(Kind(candidate.kind).label)
    text = "\n".join([f"Hej {name}", "", *candidate.lines, "", f"Se mere: {link}", "", "--",
                      FOOTER, f"Du kan framelde e-mails af typen »{kind}« her: {unsubscribe}",
                      f"Vælg, hvilke e-mails du får: {settings_link}", ""])
    html = HTML.format(subject=escape(candidate.subject), name=escape(name),
                       lines="\n".join(f"<p>{escape(line)}</p>" for line in candidate.lines),
                       link=escape(link), footer=FOOTER, unsubscribe=escape(unsubscribe),
                       kind=escape(kind), settings_link=escape(settings_link))
    return text, html


def build_message(candidate: Candidate, connection: Any = None) -> EmailMultiAlternatives:
    unsubscribe = absolute(reverse("email_unsubscribe",
                                   args=[unsubscribe_token(candidate.recipient.pk,
                                                           candidate.kind)]))
    text, html = bodies(candidate, absolute(candidate.path), unsubscribe,
                        absolute(reverse("email_settings")))
    message = EmailMultiAlternatives(
        subject=candidate.subject, body=text, to=[candidate.recipient.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    would_send: int = 0


def _record(candidates: list[Candidate]) -> None:
    """Every candidate's row, made now if this is the first time (one transaction)."""
    with transaction.atomic():
        Notification.objects.bulk_create(
            [Notification(kind=c.kind, recipient=c.recipient, key=c.key, subject=c.subject)
             for c in candidates], ignore_conflicts=True, batch_size=BATCH)


def _claim(candidates: list[Candidate]) -> dict[tuple[str, int, str], int]:
    """Claim the rows of these candidates that are neither sent, nor being sent by another
    run, nor failed too often, with this run's token (one optimistic UPDATE per batch); the
    (kind, recipient, key) → id of the rows this run claimed."""
    wanted = {(c.kind, c.recipient.pk, c.key) for c in candidates}
    token = uuid.uuid4().hex
    open_rows = {(kind, recipient, key): pk for pk, kind, recipient, key in
                 Notification.objects.filter(sent_at__isnull=True, claimed_at__isnull=True,
                                             attempts__lt=MAX_ATTEMPTS)
                 .values_list("pk", "kind", "recipient_id", "key")}
    ids = [pk for triple, pk in open_rows.items() if triple in wanted]
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            Notification.objects.filter(pk__in=ids[start:start + BATCH], claimed_at__isnull=True,
                                        sent_at__isnull=True).update(
                claimed_at=now, claim=token, attempts=F("attempts") + 1)
    return {(kind, recipient, key): pk for pk, kind, recipient, key in
            Notification.objects.filter(claim=token)
            .values_list("pk", "kind", "recipient_id", "key")}


def _mark_sent(ids: list[int]) -> None:
    if ids:
        Notification.objects.filter(pk__in=ids).update(sent_at=timezone.now(), error="")
        ids.clear()


def run(*, dry_run: bool = False, candidates: Iterable[Candidate] | None = None,
        out: list[str] | None = None, now: datetime | None = None) -> RunResult:
    """Record every due notification, claim them, send them over one connection, and mark
    them sent in batches. A crash after the claim leaves a mail unsent rather than sent twice."""
    result = RunResult()
    found = list(candidates if candidates is not None else all_candidates(now))
    opted_out = set(OptOut.objects.values_list("user_id", "kind"))
    done = set(Notification.objects.filter(sent_at__isnull=False)
               .values_list("kind", "recipient_id", "key"))
    due: list[Candidate] = []
    seen: set[tuple[str, int, str]] = set()
    for candidate in found:
        triple = (candidate.kind, candidate.recipient.pk, candidate.key)
        if ((candidate.recipient.pk, candidate.kind) in opted_out or triple in done
                or triple in seen):
            result.skipped += 1
            continue
        seen.add(triple)
        due.append(candidate)
    if dry_run:
        result.would_send = len(due)
        if out is not None:
            out.extend(f"{c.recipient.email}: {c.subject}" for c in due)
        return result
    _record(due)
    claimed = _claim(due)
    connection = get_connection()
    sent_ids: list[int] = []
    try:
        for candidate in due:
            pk = claimed.get((candidate.kind, candidate.recipient.pk, candidate.key))
            if pk is None:
                result.skipped += 1
                continue
            try:
                build_message(candidate, connection).send()
            except smtplib.SMTPRecipientsRefused as refused:
                detail = "; ".join(f"{code} {msg!r}"
                                   for code, msg in refused.recipients.values())
                Bounce.objects.create(email=candidate.recipient.email, detail=detail)
                Notification.objects.filter(pk=pk).update(error=detail, attempts=MAX_ATTEMPTS)
                log.warning("notification %s: address refused: %s", pk, detail)
                result.failed += 1
            except (smtplib.SMTPException, OSError) as error:
                Notification.objects.filter(pk=pk).update(claimed_at=None, claim="",
                                                          error=str(error)[:1000])
                log.warning("notification %s not sent, tried again next run: %s", pk, error)
                result.failed += 1
                connection.close()  # a broken connection is opened again for the next mail
            else:
                sent_ids.append(pk)
                result.sent += 1
                if len(sent_ids) >= BATCH:
                    _mark_sent(sent_ids)
    finally:
        _mark_sent(sent_ids)
        connection.close()
    return result
