"""The outcome form (/rediger/milepael/<id>/udfald/): DKFDS radio buttons, the service's rules
as Danish form errors, the merge on a conflict, and the editors' list of passed deadlines with
no registered outcome."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from kkrmonitor.programme import services
from kkrmonitor.programme.models import AuditEvent, Milestone
from tests.editing.conftest import SETUP

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_form_shows_the_choices_and_the_current_outcome(client, world, editor):
    client.force_login(editor)
    response = client.get(reverse("milestone_outcome", args=[world.milestone.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Udfald af milepæl" in page and "Godkendelse i KKR" in page
    # juni 2026 has passed on 4 December 2026 with nothing registered: unknown, not late.
    assert "Nu: Frist 30. juni 2026 – udfald ikke registreret." in page
    html = response.content.decode()
    assert [v for v in re.findall(r'type="radio" name="state" value="(\w+)"', html)] == [
        "planned", "reached", "moved", "missed", "dropped"]
    assert 'class="form-radio"' in html
    assert "Planlagt Nået Flyttet Ikke nået Opgivet" in page


def test_a_move_without_reason_is_a_danish_form_error_and_nothing_is_written(client, world,
                                                                            editor):
    client.force_login(editor)
    start = AuditEvent.objects.order_by("-id").first().id
    response = client.post(reverse("milestone_outcome", args=[world.milestone.pk]), {
        "state": "moved", "on": "", "reason": "", "new_when": "efteråret 2026",
        "version": str(world.milestone.version)})
    assert response.status_code == 200
    assert "Skriv en begrundelse, når en milepæl flyttes eller opgives." in text(response)
    assert 'href="#id_reason"' in response.content.decode()
    assert not AuditEvent.objects.filter(id__gt=start).exists()


def test_reaching_is_saved_and_said_in_the_message(client, world, editor):
    client.force_login(editor)
    response = client.post(reverse("milestone_outcome", args=[world.milestone.pk]), {
        "state": "reached", "on": "2026-06-18", "reason": "", "new_when": "",
        "version": str(world.milestone.version)}, follow=True)
    assert "Udfaldet af milepælen »Godkendelse i KKR« er gemt: Nået 18. juni 2026." in text(
        response)
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert (milestone.state, milestone.state_on) == ("reached", date(2026, 6, 18))


def test_a_stale_version_answers_409_with_the_other_persons_change(client, world, editor):
    services.set_milestone_outcome(SETUP, world.milestone, state="missed", on=None, reason="",
                                   expected_version=world.milestone.version)
    client.force_login(editor)
    response = client.post(reverse("milestone_outcome", args=[world.milestone.pk]), {
        "state": "reached", "on": "2026-06-18", "reason": "", "new_when": "",
        "version": "1"})
    assert response.status_code == 409
    assert "Testopsætning" in text(response)
    assert Milestone.objects.get(pk=world.milestone.pk).state == "missed"


def test_the_editors_start_page_lists_passed_deadlines_without_outcome(client, world, editor):
    client.force_login(editor)
    page = text(client.get(reverse("edit_home")))
    section = page.split("Frister uden registreret udfald", 1)[1].split("KKR Hovedstaden", 1)[0]
    assert "Godkendelse i KKR Frist 30. juni 2026 – udfald ikke registreret · Anbefaling 1" in (
        section)
    assert "Initiativerne skal godkendes i foråret 2026. Frist 31. maj 2026 – udfald ikke " \
           "registreret · Anbefaling 1" in section
    services.set_milestone_outcome(SETUP, world.milestone, state="reached", on=None, reason="",
                                   expected_version=world.milestone.version)
    page = text(client.get(reverse("edit_home")))
    assert "Godkendelse i KKR Frist" not in page
