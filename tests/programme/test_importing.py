"""The importer end to end on the council's real document, and its promises: idempotent,
all-or-nothing, revisions in place, users' additions kept, an audit event for every write."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kkrmonitor.programme.importing import ProgrammeImportError, import_programme
from kkrmonitor.programme.models import (
    Actor,
    AuditEvent,
    HistoryEntry,
    Milestone,
    Origin,
    Programme,
    Recommendation,
    RecommendationActor,
)
from tests.conftest import FIXTURES, SEED
from tests.parsing.seed_text import HEADLINES

pytestmark = pytest.mark.django_db


THEMES = [
    "Det specialiserede socialområde", "Mobilitet og infrastruktur", "Klima",
    "Erhverv og beskæftigelse", "Uddannelse og rekruttering", "Regionale udviklingsopgaver",
    "Fælles it-drift", "Samarbejde med KKR Sjælland", "Sundhed",
]

ACTORS = [
    [],
    [],
    ["Klimaalliancen i Hovedstadsregionen"],
    ["Danmarks Erhvervsfremmebestyrelse", "Erhvervshus Hovedstaden", "Greater Copenhagen"],
    [],
    ["Greater Copenhagen", "Greater Copenhagen EU Office", "Region Hovedstaden"],
    [],
    ["KKR Sjælland"],
    ["KKR Sjælland", "Sundhedskoordinationsforum"],
]


def export(programme: Programme) -> dict:
    out = StringIO()
    call_command("export_programme", council=programme.council.slug, term=programme.term,
                 stdout=out)
    return json.loads(out.getvalue())


def test_seed_imports_nine_recommendations_with_their_headlines(seed_programme):
    assert seed_programme.title == "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden"
    assert seed_programme.term == "2026-2029"
    assert seed_programme.approved_on == date(2025, 10, 24)
    assert seed_programme.source_filename == "kkr-hovedstaden-anbefalinger-2026-2029.txt"
    recs = list(seed_programme.recommendations.order_by("number"))
    assert [r.number for r in recs] == list(range(1, 10))
    assert [r.headline for r in recs] == list(HEADLINES)
    assert [r.theme for r in recs] == THEMES


def test_seed_links_the_named_actors(seed_programme):
    data = export(seed_programme)
    assert [rec["actors"] for rec in data["recommendations"]] == ACTORS


def test_seed_export_has_the_documented_shape_and_dates(seed_programme):
    data = export(seed_programme)
    assert {k: data[k] for k in ("council", "term", "title", "approved_on")} == {
        "council": "kkr-hovedstaden", "term": "2026-2029",
        "title": "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden",
        "approved_on": "2025-10-24",
    }
    recs = data["recommendations"]
    assert recs[0]["milestones"] == [{
        "title": "Initiativerne skal godkendes i foråret 2026.",
        "start": "2026-03-01", "end": "2026-05-31", "label": "foråret 2026",
        "state": "planned", "state_on": None, "obligation": None,
    }]
    assert recs[0]["history"] == [{
        "start": "2025-09-01", "end": "2025-09-30", "label": "september 2025",
        "text": "KKR Hovedstaden godkendte i september 2025, at kommunerne ønsker at styrke den "
                "fælles udvikling af det specialiserede socialområde gennem nye fælles "
                "initiativer, der skal være med til at sikre en højere grad af styring på "
                "kvalitet og pris.",
    }]
    # "(2016)" and "(2025)" name when something was decided: neither milestone nor history.
    assert recs[1]["milestones"] == [] and recs[1]["history"] == []
    # "… bortfalder fra 2026" dates a change in the world, not a task: history, not a milestone.
    assert recs[5]["milestones"] == []
    assert recs[5]["history"] == [{
        "start": "2026-01-01", "end": None, "label": "fra 2026", "text": HEADLINES[5],
    }]
    assert recs[6]["milestones"] == [{
        "title": "Opgaven med at etablere nye tværkommunale it-serviceorganisationer, der inden "
                 "udgangen af 2027 varetager kommunernes drift af server- og "
                 "netværksinfrastruktur vil være betydelig i de kommende år.",
        "start": None, "end": "2027-12-31", "label": "inden udgangen af 2027",
        "state": "planned", "state_on": None, "obligation": None,
    }]
    assert sum(len(r["milestones"]) for r in recs) == 2
    assert sum(len(r["history"]) for r in recs) == 2
    assert all(r["initiatives"] == [] for r in recs)
    assert recs[3]["body"].startswith("KKR Hovedstaden skal styrke erhvervsudvikling og "
                                      "erhvervsfremme i samarbejde med Danmarks "
                                      "Erhvervsfremmebestyrelse, Erhvervshus Hovedstaden,")


@pytest.mark.parametrize("name", ["anbefalinger.pdf", "anbefalinger.docx",
                                  "anbefalinger-ombrudt.txt", "anbefalinger-nummereret.txt"])
def test_other_formats_import_to_the_same_programme(reference_data, name):
    seed = import_programme(SEED, "kkr-hovedstaden").programme
    expected = export(seed)
    seed.delete()
    other = import_programme(FIXTURES / "programme" / name, "kkr-hovedstaden").programme
    got = export(other)
    for data in (expected, got):
        data.pop("source")
    assert got == expected


def test_same_file_again_changes_nothing_and_says_so(seed_programme):
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("import_programme", str(SEED), council="kkr-hovedstaden", stdout=out)
    assert out.getvalue() == (
        "kkr-hovedstaden-anbefalinger-2026-2029.txt: uændret – programmet for KKR Hovedstaden "
        "2026-2029 svarer allerede til filen.\n")
    assert AuditEvent.objects.count() == events


def test_revised_document_updates_in_place_and_keeps_users_additions(seed_programme, tmp_path):
    rec7 = seed_programme.recommendations.get(number=7)
    users_milestone = Milestone.objects.create(recommendation=rec7, title="Beslutning i alle "
                                               "kommunalbestyrelser", label="2026",
                                               start=date(2026, 1, 1), end=date(2026, 12, 31))
    users_actor = RecommendationActor.objects.create(
        recommendation=rec7, actor=Actor.objects.get(slug="region-hovedstaden"))
    rec7.theme = "Digitalisering"  # an editor's choice
    rec7.save()
    ids_before = dict(seed_programme.recommendations.values_list("number", "id"))
    milestone_ids_before = set(Milestone.objects.values_list("id", flat=True))

    revised = SEED.read_text(encoding="utf-8").replace(
        "inden udgangen af 2027", "inden udgangen af 2028").replace(
        "Initiativerne skal godkendes i foråret 2026.",
        "Initiativerne skal godkendes i efteråret 2026.")
    path = tmp_path / "anbefalinger-revideret.txt"
    path.write_text(revised, encoding="utf-8")
    out = StringIO()
    call_command("import_programme", str(path), council="kkr-hovedstaden", stdout=out)
    assert out.getvalue().splitlines() == [
        "anbefalinger-revideret.txt: programmet for KKR Hovedstaden 2026-2029 er opdateret "
        "(4 ændringer).",
        "  Anbefaling 1: tekst ændret.",
        "  Anbefaling 1: milepæl 'foråret 2026' flyttet til 'efteråret 2026'.",
        "  Anbefaling 7: tekst ændret.",
        "  Anbefaling 7: milepæl 'inden udgangen af 2027' flyttet til "
        "'inden udgangen af 2028'.",
    ]
    milestone_ids_after = set(Milestone.objects.values_list("id", flat=True))
    assert milestone_ids_after == milestone_ids_before  # moved in place, not replaced
    assert dict(seed_programme.recommendations.values_list("number", "id")) == ids_before
    rec7.refresh_from_db()
    assert rec7.theme == "Digitalisering"
    assert Milestone.objects.filter(pk=users_milestone.pk).exists()
    assert RecommendationActor.objects.filter(pk=users_actor.pk).exists()
    imported = rec7.milestones.filter(origin=Origin.IMPORT).get()
    assert (imported.label, imported.end) == ("inden udgangen af 2028", date(2028, 12, 31))
    assert Programme.objects.count() == 1


def test_every_write_is_audited(reference_data):
    AuditEvent.objects.all().delete()
    import_programme(SEED, "kkr-hovedstaden")
    events = AuditEvent.objects.all()
    by_type = {}
    for e in events:
        by_type.setdefault((e.object_type, e.action), 0)
        by_type[(e.object_type, e.action)] += 1
        assert e.channel == "import"
        assert e.actor_label == "Import af kkr-hovedstaden-anbefalinger-2026-2029.txt"
        assert e.changes
    # 1 programme, 9 recommendations (+5 actor-link updates), 2 milestones, 2 history entries
    assert by_type == {("programme", "create"): 1, ("recommendation", "create"): 9,
                       ("recommendation", "update"): 5, ("milestone", "create"): 2,
                       ("historyentry", "create"): 2}
    created = AuditEvent.objects.get(object_type="historyentry",
                                     object_repr__startswith="fra 2026")
    assert created.changes["start"] == [None, "2026-01-01"]


def test_dry_run_writes_nothing(reference_data):
    out = StringIO()
    call_command("import_programme", str(SEED), council="kkr-hovedstaden", dry_run=True,
                 stdout=out)
    assert out.getvalue().splitlines()[-1] == "Prøvekørsel (--dry-run): intet er gemt."
    assert "oprettet med 9 anbefalinger" in out.getvalue()
    assert Programme.objects.count() == 0
    assert Recommendation.objects.count() == 0
    assert AuditEvent.objects.filter(channel="import").count() == 0


BAD_INPUTS = [
    ("tom.txt", "Filen er tom"),
    ("latin1.txt", "UTF-8"),
    ("scannet.pdf", "tekstlag"),
    ("ingen-anbefalinger.txt", "ingen anbefalinger"),
]


@pytest.mark.parametrize(("name", "fragment"), BAD_INPUTS)
def test_bad_input_names_file_and_problem_and_leaves_database_untouched(seed_programme, name,
                                                                       fragment):
    before = (AuditEvent.objects.count(), Recommendation.objects.count(),
              Milestone.objects.count(), HistoryEntry.objects.count())
    path = FIXTURES / "programme" / name
    with pytest.raises(CommandError) as err:
        call_command("import_programme", str(path), council="kkr-hovedstaden")
    message = str(err.value)
    assert message.startswith(str(path))
    assert fragment.lower() in message.lower()
    assert (AuditEvent.objects.count(), Recommendation.objects.count(),
            Milestone.objects.count(), HistoryEntry.objects.count()) == before


def test_unknown_council_is_refused(reference_data):
    with pytest.raises(CommandError) as err:
        call_command("import_programme", str(SEED), council="kkr-fyn")
    assert str(err.value) == (
        f"{SEED}: Ukendt råd 'kkr-fyn'. Kendte råd: kkr-hovedstaden, kkr-sjaelland, "
        "sundhedskoordinationsforum.")
    assert Programme.objects.count() == 0


def test_missing_file_is_refused(reference_data, tmp_path):
    missing = tmp_path / "findes-ikke.txt"
    with pytest.raises(ProgrammeImportError, match="kan ikke læses"):
        import_programme(missing, "kkr-hovedstaden")


def test_failure_midway_rolls_back_everything(reference_data, monkeypatch):
    from kkrmonitor.programme import importing

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_save_dated", explode)
    with pytest.raises(RuntimeError):
        import_programme(SEED, "kkr-hovedstaden")
    assert Programme.objects.count() == 0
    assert AuditEvent.objects.filter(channel="import").count() == 0


def test_export_of_unknown_programme_fails_clearly(reference_data):
    with pytest.raises(CommandError, match="Intet arbejdsprogram for kkr-hovedstaden 2030-2033"):
        call_command("export_programme", council="kkr-hovedstaden", term="2030-2033")


def test_seed_defaults_imports_once(reference_data):
    out = StringIO()
    call_command("seed_defaults", stdout=out)
    assert "oprettet med 9 anbefalinger" in out.getvalue()
    out = StringIO()
    call_command("seed_defaults", stdout=out)
    assert "Databasen har allerede et arbejdsprogram; intet importeret." in \
        out.getvalue().splitlines()
    assert Programme.objects.count() == 1


def test_shipped_document_is_the_seed():
    shipped = Path(__file__).resolve().parents[2] / "data" / "programmes" / SEED.name
    assert shipped.read_bytes() == SEED.read_bytes()
