"""`kkr send_notifications` against a real SMTP server: the mails arrive, their headers parse,
their links work, and a second run sends nothing."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kkrmonitor.accounts.models import Membership
from kkrmonitor.audit import Author
from kkrmonitor.joint import services as joint_services
from kkrmonitor.joint.models import JointStage, StageReport
from kkrmonitor.notifications import candidates as found
from kkrmonitor.notifications.models import Bounce, Kind, Notification, OptOut
from kkrmonitor.notifications.sending import run
from tests.conftest import PASSWORD
from tests.notifications.conftest import REFUSED, SITE

CPH = ZoneInfo("Europe/Copenhagen")
WEDNESDAY = datetime(2026, 6, 3, 10, 0, tzinfo=CPH)


def submit(joint, contact, code="101", stage_name="Aftale indgået"):
    from kkrmonitor.programme.models import Municipality

    return joint_services.submit_report(
        Author.for_user(contact), joint, Municipality.objects.get(code=code),
        JointStage.objects.get(joint=joint, name=stage_name), date(2026, 5, 20), "")


def only(*kinds):
    """Candidates of these kinds only, for tests about one kind."""
    def pick(now=WEDNESDAY):
        return [c for c in found.all_candidates(now) if c.kind in kinds]
    return pick


def test_a_report_mails_the_councils_editors_once(smtp_server, it_joint, editor, contact,
                                                   editor_sjaelland, client):
    submit(it_joint, contact)
    result = run(candidates=only(Kind.REPORT_SUBMITTED)())
    assert (result.sent, result.failed) == (1, 0)
    assert smtp_server.subjects() == [
        ("redaktoer@kkr.test", "Ny indberetning fra Københavns Kommune")]
    mail = smtp_server.messages[0]
    text = mail.get_body(("plain",)).get_content()
    assert "Københavns Kommune har indberettet trinnet »Aftale indgået«" in text
    link = f"{SITE}/faelles/{it_joint.pk}/godkend/"
    assert f"Se mere: {link}" in text
    assert link in mail.get_body(("html",)).get_content()
    unsubscribe = str(mail["List-Unsubscribe"]).strip()  # a long header is folded
    assert unsubscribe.startswith(f"<{SITE}/konto/e-mails/afmeld/") and unsubscribe.endswith(">")
    assert str(mail["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    # The link works for the editor it was sent to.
    client.force_login(editor)
    assert client.get(link.removeprefix(SITE)).status_code == 200
    # A second run within the period sends nothing.
    again = run(candidates=only(Kind.REPORT_SUBMITTED)())
    assert (again.sent, again.skipped) == (0, 1)
    assert len(smtp_server.messages) == 1
    assert Notification.objects.get().sent_at is not None


def test_the_unsubscribe_link_works_without_logging_in(smtp_server, it_joint, editor, contact,
                                                        client):
    submit(it_joint, contact)
    run(candidates=only(Kind.REPORT_SUBMITTED)())
    path = str(smtp_server.messages[0]["List-Unsubscribe"]).strip().strip("<>").removeprefix(SITE)
    page = client.get(path)
    assert page.status_code == 200
    assert ("Vil du frameldes e-mails af typen »En kommune har indberettet« til "
            "redaktoer@kkr.test?") in page.content.decode()
    done = client.post(path)
    assert "redaktoer@kkr.test får ikke længere e-mails af typen »En kommune har indberettet«." \
        in done.content.decode()
    assert list(OptOut.objects.values_list("user__email", "kind")) == [
        ("redaktoer@kkr.test", "report_submitted")]
    submit(it_joint, contact, code="147")
    assert run(candidates=only(Kind.REPORT_SUBMITTED)()).sent == 0
    assert client.get("/konto/e-mails/afmeld/forkert-token/").status_code == 400


def test_approval_and_return_are_mailed_to_the_contact(smtp_server, it_joint, editor, contact):
    first = submit(it_joint, contact)
    joint_services.review_report(Author.for_user(editor), first, False, "Mangler dato for aftalen",
                                 first.version)
    run(candidates=only(Kind.REPORT_REVIEWED)(datetime.now(CPH)))
    assert smtp_server.subjects() == [("kontakt@kk.test", "Din indberetning er sendt retur")]
    text = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert "Sekretariatets kommentar: Mangler dato for aftalen" in text
    assert f"{SITE}/faelles/{it_joint.pk}/indberet/koebenhavn/" in text


def test_deactivated_users_and_removed_roles_get_nothing(smtp_server, it_joint, editor, contact,
                                                         admin_user):
    submit(it_joint, contact)
    editor.is_active = False
    editor.save()
    assert run(candidates=only(Kind.REPORT_SUBMITTED)()).sent == 0
    editor.is_active = True
    editor.save()
    Membership.objects.filter(user=editor).delete()
    assert run(candidates=only(Kind.REPORT_SUBMITTED)()).sent == 0
    assert smtp_server.messages == []


def test_a_stale_initiative_is_mailed_to_its_responsible_person(smtp_server, seed_programme,
                                                                 editor, contact):
    from kkrmonitor.owners.services import assign_responsible
    from kkrmonitor.programme.models import Initiative, Recommendation

    rec = Recommendation.objects.get(programme=seed_programme, number=1)
    initiative = Initiative.objects.create(recommendation=rec, title="Fælles takstmodel",
                                           created_at=datetime(2025, 1, 1, tzinfo=CPH))
    assign_responsible(Author.for_user(editor), initiative, contact)
    run(candidates=only(Kind.INITIATIVE_STALE)())
    assert smtp_server.subjects() == [
        ("kontakt@kk.test", "Indsatsen »Fælles takstmodel« trænger til opdatering")]
    # The contact loses the role: no more mails, even for a new period.
    Membership.objects.filter(user=contact).delete()
    Initiative.objects.filter(pk=initiative.pk).update(
        confirmed_at=datetime(2025, 6, 1, tzinfo=CPH))
    assert run(candidates=only(Kind.INITIATIVE_STALE)()).sent == 0


def test_a_server_that_is_down_is_retried_on_the_next_run(smtp_settings, it_joint, editor,
                                                          contact):
    from aiosmtpd.controller import Controller

    from tests.notifications.conftest import Inbox

    submit(it_joint, contact)
    down = run(candidates=only(Kind.REPORT_SUBMITTED)())
    assert (down.sent, down.failed) == (0, 1)
    row = Notification.objects.get()
    assert (row.sent_at, row.claimed_at, row.attempts) == (None, None, 1)
    assert row.error != ""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    try:
        assert run(candidates=only(Kind.REPORT_SUBMITTED)()).sent == 1
    finally:
        controller.stop()
    assert inbox.subjects() == [("redaktoer@kkr.test", "Ny indberetning fra Københavns Kommune")]


def test_a_refused_address_is_shown_to_administrators(smtp_server, it_joint, editor, contact,
                                                      admin_user, client):
    editor.email = REFUSED
    editor.save()
    submit(it_joint, contact)
    assert run(candidates=only(Kind.REPORT_SUBMITTED)()).failed == 1
    assert list(Bounce.objects.values_list("email", flat=True)) == [REFUSED]
    assert run(candidates=only(Kind.REPORT_SUBMITTED)()).failed == 0  # not tried again
    client.force_login(admin_user)
    assert "1 e-mailadresse er afvist af mailserveren" in client.get(
        "/konto/brugere/").content.decode()
    page = client.get("/konto/e-mails/afviste/").content.decode()
    assert REFUSED in page and "Mailbox does not exist" in page


def test_the_weekly_digest_waits_for_monday_seven(reference_data, editor):
    before = datetime(2026, 6, 1, 6, 59, tzinfo=CPH)
    at = datetime(2026, 6, 1, 7, 0, tzinfo=CPH)
    people = found.People.load()
    assert list(found.weekly_digest(people, before, before.date())) == []
    digest = list(found.weekly_digest(people, at, at.date()))
    assert [(c.recipient.email, c.key, c.subject) for c in digest] == [
        ("redaktoer@kkr.test", "digest:2026-W23", "Ugens overblik, uge 23")]


@pytest.mark.django_db
def test_the_command_needs_the_site_address(settings):
    settings.KKR_SITE_URL = ""
    with pytest.raises(CommandError, match="KKR_SITE_URL er ikke sat"):
        call_command("send_notifications")


def test_a_full_run_then_a_second_run_sends_nothing(smtp_server, it_joint, editor, contact):
    submit(it_joint, contact)
    out = StringIO()
    call_command("send_notifications", "--dry-run", stdout=out)
    assert "redaktoer@kkr.test: Ny indberetning fra Københavns Kommune" in out.getvalue()
    assert Notification.objects.count() == 0 and smtp_server.messages == []
    out = StringIO()
    call_command("send_notifications", stdout=out)
    sent = len(smtp_server.messages)
    assert sent >= 2  # the report to the editor, the monthly nudge to the contact, …
    assert ("redaktoer@kkr.test", "Ny indberetning fra Københavns Kommune") in \
        smtp_server.subjects()
    assert ("kontakt@kk.test", "Påmindelse: din kommunes indberetninger") in \
        smtp_server.subjects()
    assert out.getvalue() == f"Sendt: {sent}. Fejlet: 0. Allerede sendt eller fravalgt: 0.\n"
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert len(smtp_server.messages) == sent
    assert out.getvalue() == f"Sendt: 0. Fejlet: 0. Allerede sendt eller fravalgt: {sent}.\n"
    assert StageReport.objects.count() == 1


def test_login_password_is_the_shared_one():
    assert PASSWORD
