""""Hent nu": who may queue a fetch and see its job (every role), the job's result as the
editor reads it, and a refused code named on the job page with nothing stored. The test
settings run background jobs at once (django-tasks' immediate backend); the fetch goes to the
local fake StatBank through KKR_STATBANK_URL."""

from __future__ import annotations

import io
import re

import pytest

from kkrmonitor.indicators.models import FetchJob, Indicator, Observation
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.programme.models import AuditEvent
from tests.conftest import PASSWORD

SLUG = "regk31-voksne-saerlige-behov"
FETCH = f"/rediger/indikator/{SLUG}/hent/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def shipped(seed_programme, fake_statbank, settings):
    settings.KKR_STATBANK_URL = fake_statbank.url
    load_reference_indicators()
    return Indicator.objects.get(slug=SLUG)


def test_anonymous_is_sent_to_log_in(client, shipped):
    response = client.post(FETCH)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")
    assert not FetchJob.objects.exists()


@pytest.mark.parametrize("who", ["reader", "contact", "editor_sjaelland"])
def test_others_may_not_fetch(client, shipped, request, who):
    user = request.getfixturevalue(who)
    client.login(username=user.email, password=PASSWORD)
    assert client.post(FETCH).status_code == 403
    assert not FetchJob.objects.exists()
    assert not Observation.objects.exists()


@pytest.mark.parametrize("who", ["editor", "admin_user"])
def test_editor_and_admin_fetch_now_and_read_the_result(client, shipped, request, who):
    user = request.getfixturevalue(who)
    client.login(username=user.email, password=PASSWORD)
    assert client.get(FETCH).status_code == 405  # a write: POST only
    response = client.post(FETCH)
    job = FetchJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/rediger/indikator/{SLUG}/hentning/{job.pk}/"
    assert (job.status, job.result) == (
        "succeeded", "10 tal er hentet og gemt for 2022–2023, heraf 1 uden tal.")
    page = text(client.get(response["Location"]))
    assert '<p class="alert-heading">Færdig</p>' in page
    assert "10 tal er hentet og gemt for 2022–2023, heraf 1 uden tal." in page
    assert "hx-trigger" not in page  # done: no more polling
    assert shipped.observations.filter(source="statbank").count() == 10
    queued = AuditEvent.objects.get(action="indicator.fetch_queued")
    assert (queued.user, queued.changes) == (user, {"fetch_job": [None, job.pk]})


@pytest.mark.parametrize("who", ["reader", "contact", "editor_sjaelland"])
def test_others_may_not_see_a_job(client, shipped, editor, request, who):
    client.login(username=editor.email, password=PASSWORD)
    location = client.post(FETCH)["Location"]
    client.logout()
    assert client.get(location).status_code == 302
    user = request.getfixturevalue(who)
    client.login(username=user.email, password=PASSWORD)
    assert client.get(location).status_code == 403


def test_a_code_the_table_lacks_is_named_on_the_job_page(client, shipped, editor):
    Indicator.objects.filter(pk=shipped.pk).update(statbank_selection={
        "FUNKTION": ["5.38.*"], "DRANST": ["9"], "ART": ["TOT"], "PRISENHED": ["LOBM"]})
    client.login(username=editor.email, password=PASSWORD)
    page = text(client.post(FETCH, follow=True))
    assert '<p class="alert-heading">Mislykkedes</p>' in page
    assert ("Tabel REGK31 har ikke koden 9 for variablen DRANST. Intet er hentet "
            "eller gemt.") in page
    assert not Observation.objects.exists()


def test_a_job_that_has_not_finished_polls(client, shipped, editor):
    job = FetchJob.objects.create(indicator=shipped, requested_by_label="Erik Redaktør")
    client.login(username=editor.email, password=PASSWORD)
    page = text(client.get(f"/rediger/indikator/{SLUG}/hentning/{job.pk}/"))
    assert '<p class="alert-heading">Venter på at blive startet</p>' in page
    assert (f'hx-get="/rediger/indikator/{SLUG}/hentning/{job.pk}/" hx-trigger="every 2s"'
            ) in page


def test_the_button_is_for_editors_only(client, shipped, editor):
    assert "Hent nu" not in text(client.get(f"/indikator/{SLUG}/"))
    client.login(username=editor.email, password=PASSWORD)
    assert (f'<form method="post" action="/rediger/indikator/{SLUG}/hent/">'
            ) in text(client.get(f"/indikator/{SLUG}/"))


# The worker closes the database connection when it is done, as it would in production: the
# test must not run inside a transaction it cannot survive (PostgreSQL).
@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_request_only_queues_and_the_worker_fetches(
        client, shipped, editor, settings):
    """The request returns with the job waiting; `kkr db_worker --batch` then runs it."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.login(username=editor.email, password=PASSWORD)
    location = client.post(FETCH)["Location"]
    job = FetchJob.objects.get()
    assert job.status == "queued"
    assert not Observation.objects.exists()
    assert "Venter på at blive startet" in text(client.get(location))
    call_command("db_worker", "--batch", "--no-reload", stdout=io.StringIO(),
                 stderr=io.StringIO())
    job.refresh_from_db()
    assert (job.status, job.result) == (
        "succeeded", "10 tal er hentet og gemt for 2022–2023, heraf 1 uden tal.")
    assert job.started_at is not None and job.finished_at is not None


def test_the_page_states_the_table_codes_and_retrieval_time(client, shipped, editor):
    client.login(username=editor.email, password=PASSWORD)
    client.post(FETCH)
    client.logout()
    page = text(client.get(f"/indikator/{SLUG}/"))
    assert ("Hentes fra Statistikbanken, tabel REGK31 (ART = TOT; DRANST = 1; FUNKTION = 5.38 "
            "(alle i gruppen, lagt sammen); PRISENHED = LOBM)") in page
    assert "<div><dt>Enhed</dt><dd>1.000 kr. (løbende priser)</dd></div>" in page
    assert "<dt>Hentet</dt>" in page
