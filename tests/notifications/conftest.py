"""A real SMTP server (aiosmtpd) on a free local port, and the IT-operations joint effort."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

SITE = "https://kkr-monitor.test"
REFUSED = "afvist@kkr.test"


class Inbox:
    """What the server received, parsed as a mail program parses it."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address == REFUSED:
            return "550 5.1.1 Mailbox does not exist"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.original_content,  # type: ignore[arg-type]
                                                policy=policy.default))
        return "250 Message accepted for delivery"

    def subjects(self) -> list[tuple[str, str]]:
        # A long header is folded after its colon; a mail program shows it without the fold.
        return sorted((str(m["To"]).strip(), str(m["Subject"]).strip()) for m in self.messages)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_TIMEOUT = 5
    settings.KKR_SITE_URL = SITE
    return settings


@pytest.fixture
def smtp_server(smtp_settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def it_joint(seed_programme):
    from kkrmonitor.joint.defaults import IT_TITLE, load_reference_joint
    from kkrmonitor.joint.models import JointInitiative

    load_reference_joint()
    return JointInitiative.objects.get(initiative__title=IT_TITLE)


# The editing tests' world (recommendation 1 with a published initiative and a milestone).
from tests.editing.conftest import rec1, world  # noqa: E402,F401
