"""A freshly seeded database (the council's document, nothing registered) claims no deadline
missed: every passed deadline reads "udfald ikke registreret", nowhere "over fristen"."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PROGRAMME = "/program/kkr-hovedstaden/2026-2029/"


@pytest.fixture
def seeded(db, monkeypatch):
    call_command("seed_defaults", stdout=open("/dev/null", "w"))  # noqa: SIM115
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 4))


def urls() -> list[str]:
    return ["/", PROGRAMME, *(f"{PROGRAMME}anbefaling/{n}/" for n in range(1, 10)),
            reverse("deadlines", args=["kkr-hovedstaden"]),
            reverse("term_timeline", args=["kkr-hovedstaden", "2026-2029"]),
            reverse("calendar_council", args=["kkr-hovedstaden"]),
            *(reverse("calendar_recommendation", args=["kkr-hovedstaden", n])
              for n in range(1, 10))]


def test_no_public_page_or_feed_says_over_fristen(client, seeded):
    for url in urls():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "over fristen" not in body, url
        assert "overskredet med" not in body, url


def test_the_spring_milestone_reads_as_unknown_on_the_deadlines_page(client, seeded):
    html = client.get(reverse("deadlines", args=["kkr-hovedstaden"])).content.decode()
    page = " ".join(re.sub(r"<[^>]+>", " ", html[html.index("<main"):]).split())
    assert "Ingen overskredne frister." in page
    unknown = page.split("Frister uden registreret udfald", 1)[1].split("Kommende frister")[0]
    assert "Initiativerne skal godkendes i foråret 2026." in unknown
    assert "Udfald ikke registreret" in unknown
    ics = client.get(reverse("calendar_council", args=["kkr-hovedstaden"])).content.decode()
    unfolded = ics.replace("\r\n ", "")
    assert "Udfald: Frist 31. maj 2026 – udfald ikke registreret" in unfolded
    assert "bortfalder" not in unfolded  # recommendation 6's lapse is history, not a milestone


def test_a_past_meeting_still_planned_reads_as_unknown(client, seeded, editor):
    from kkrmonitor.meetings.models import Meeting

    past = Meeting.objects.filter(state="planned", date__lt=date(2026, 12, 4)).order_by("date")
    assert past.exists(), "the seed should hold a past meeting nobody registered as held"
    meeting = past.first()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Afholdt? – ikke registreret" in html
    assert ">Planlagt<" not in html
    client.force_login(editor)
    page = client.get(reverse("edit_home")).content.decode()
    assert "Møder, der ikke er registreret som afholdt" in page
    assert f'href="{meeting.get_absolute_url()}"' in page
