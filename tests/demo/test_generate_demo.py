"""kkr generate_demo: the synthetic dataset at small scale — exact counts, the same content for
the same seed, refusal on real data, and every main public page rendering it."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from kkrmonitor.demo import context_processors
from kkrmonitor.demo.generate import (
    SCALES,
    DemoRefused,
    content_digest,
    dataset_counts,
    generate,
)
from kkrmonitor.demo.models import DemoDataset
from kkrmonitor.joint.models import JointInitiative, Project, StageReport
from kkrmonitor.meetings.models import Meeting
from kkrmonitor.programme.models import (
    AuditEvent,
    Council,
    Initiative,
    Municipality,
    Programme,
    Publication,
    Recommendation,
    StatusUpdate,
)
from kkrmonitor.programme.services import weighted_progress

BANNER = "Syntetiske demodata — ikke rigtige tal"
COUNCIL = "syntetisk-oest"


@pytest.fixture(autouse=True)
def _fresh_banner_state():
    context_processors.forget()
    yield
    context_processors.forget()


@pytest.fixture
def demo(db):
    return generate("small", seed=1, out=io.StringIO())


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_small_scale_makes_exactly_the_table(demo):
    counts = dataset_counts()
    assert {key: counts[key] for key in SCALES["small"]} == SCALES["small"]
    assert DemoDataset.objects.get().counts == counts
    assert counts["audit_events"] > counts["status_updates"]


def test_national_table_has_the_real_split_and_the_asked_sizes():
    national = SCALES["national"]
    assert national["councils"] == 5 and national["municipalities"] == 29 + 17 + 22 + 19 + 11
    assert (national["programmes"], national["initiatives"], national["milestones"],
            national["status_updates"], national["meetings"], national["agenda_items"],
            national["stage_reports"], national["indicators"], national["observations"]) == (
        15, 3_000, 30_000, 100_000, 1_500, 15_000, 10_000, 300, 2_000_000)


def test_everything_is_labelled_synthetic(demo):
    assert all("(syntetiske data)" in c.name for c in Council.objects.all())
    codes = [int(m.code) for m in Municipality.objects.all()]
    assert codes and all(901 <= code <= 998 for code in codes)
    assert all(m.name.startswith("Syntetisk ") for m in Municipality.objects.all())
    assert all(p.title.startswith("Syntetisk arbejdsprogram") for p in Programme.objects.all())


def test_invariants_the_pages_rely_on(demo):
    for initiative in Initiative.objects.all():
        latest = (StatusUpdate.objects.filter(initiative=initiative,
                                              publication=Publication.PUBLISHED)
                  .order_by("-as_of", "-published_at", "-id").first())
        if latest is None:
            assert (initiative.status, initiative.progress) == ("not_started", 0)
            continue
        assert (initiative.status, initiative.progress) == (latest.status, latest.progress)
        assert initiative.confirmed_at is not None and initiative.confirmed_by is not None
    for rec in Recommendation.objects.all():
        parts = list(rec.initiatives.filter(publication=Publication.PUBLISHED)
                     .values_list("progress", "weight"))
        assert rec.progress == weighted_progress(parts)
    assert Initiative.objects.filter(publication=Publication.DRAFT).exists()
    assert StageReport.objects.filter(state=StageReport.State.PENDING).exists()
    assert StageReport.objects.filter(state=StageReport.State.APPROVED).exists()
    # every status update has its audit event, and some were made by a council decision
    assert (AuditEvent.objects.filter(object_type="statusupdate").count()
            == StatusUpdate.objects.count())
    assert AuditEvent.objects.filter(decision_id__isnull=False).exists()


def test_same_seed_same_content_other_seed_other_content(db):
    sid = transaction.savepoint()
    generate("small", seed=7, out=io.StringIO())
    first = content_digest()
    transaction.savepoint_rollback(sid)
    assert not DemoDataset.objects.exists()
    sid = transaction.savepoint()
    generate("small", seed=7, out=io.StringIO())
    assert content_digest() == first
    transaction.savepoint_rollback(sid)
    generate("small", seed=8, out=io.StringIO())
    assert content_digest() != first


def test_refuses_a_database_with_real_data(reference_data):
    with pytest.raises(CommandError, match="ikke er syntetiske"):
        call_command("generate_demo", "--scale", "small", stdout=io.StringIO(),
                     stderr=io.StringIO())
    assert not DemoDataset.objects.exists()
    assert not Council.objects.filter(slug__startswith="syntetisk-").exists()


def test_refuses_a_database_with_a_user(django_user_model, db):
    django_user_model.objects.create_user("rigtig@kommune.dk", "x")
    with pytest.raises(DemoRefused, match="1 brugere"):
        generate("small", 1, out=io.StringIO())


def test_force_mixes_with_real_data(reference_data):
    generate("small", 1, force=True, out=io.StringIO())
    assert Council.objects.filter(slug=COUNCIL).exists()


def test_refuses_to_generate_twice(demo):
    with pytest.raises(CommandError, match="allerede syntetiske demodata"):
        call_command("generate_demo", "--scale", "small", "--force", stdout=io.StringIO(),
                     stderr=io.StringIO())


def test_command_prints_counts_and_timings(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_demo", "--scale", "small", "--seed", "3", stdout=out, stderr=err)
    assert '"status_updates": 1000' in out.getvalue()
    assert "statusopdateringer" in err.getvalue() and "Færdig på" in err.getvalue()


def test_no_banner_without_demo_data(client, db):
    assert BANNER not in client.get("/raad/").content.decode()


def test_public_pages_render_the_synthetic_data(client, demo, settings):
    settings.KKR_DEFAULT_COUNCIL = COUNCIL
    council = Council.objects.get(slug=COUNCIL)
    meeting = (Meeting.objects.filter(council=council, agenda_items__decisions__isnull=False)
               .order_by("date").first())
    assert meeting is not None
    joint = JointInitiative.objects.filter(
        initiative__publication=Publication.PUBLISHED).order_by("pk").first()
    initiative = Initiative.objects.filter(publication=Publication.PUBLISHED).order_by(
        "pk").first()
    project = Project.objects.order_by("pk").first()
    assert joint and initiative and project
    programme = "/program/syntetisk-oest/2026-2029/"
    effect = AuditEvent.objects.filter(decision_id__isnull=False).order_by("pk").first()
    assert effect is not None
    from kkrmonitor.meetings.models import Decision

    decided = Decision.objects.select_related("agenda_item__meeting").get(
        pk=effect.decision_id).agenda_item.meeting
    pages = {
        "/": "Syntetisk arbejdsprogram 2026-2029",
        programme: "Syntetisk anbefaling 1",
        programme + "anbefaling/1/": "Syntetisk indsats",
        programme + "historik/": "Syntetisk",
        f"/historik/indsats/{initiative.pk}/": initiative.title,
        "/raad/": "KKR Syntetisk Øst (syntetiske data)",
        f"/raad/{COUNCIL}/": "Syntetisk 901",
        f"/moeder/{COUNCIL}/": "Syntetisk rådsmøde",
        f"/moede/{meeting.pk}/": "Syntetisk punkt",
        f"/moede/{decided.pk}/": "Statusopdatering »Syntetisk indsats",
        f"/beslutninger/{COUNCIL}/": "Rådet",
        "/faelles/": joint.initiative.title,
        f"/faelles/{joint.pk}/": "Syntetisk 901",
        "/kommuner/": "Syntetisk 905",
        "/kommune/syntetisk-901/": "Syntetisk 901",
        "/portefoeljer/": "Syntetisk projektportefølje",
        f"/portefoelje/{project.portfolio.slug}/": project.name,
        project.get_absolute_url(): project.name,
        "/indikatorer/": "Syntetisk indikator 001",
        "/indikator/syntetisk-indikator-001/": "Syntetisk 901",
    }
    failures = []
    for url, literal in pages.items():
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"{url}: HTTP {response.status_code}")
            continue
        text = text_of(response)
        if literal not in text:
            failures.append(f"{url}: »{literal}« not on the page")
        if BANNER not in text:
            failures.append(f"{url}: no banner")
    assert not failures, "\n".join(failures)


def test_print_scales_is_the_table():
    import json

    out = io.StringIO()
    call_command("generate_demo", "--print-scales", stdout=out)
    assert json.loads(out.getvalue()) == SCALES
