"""The default data: only facts, each with its source; no invented stage, funding or project."""

from django.core.management import call_command

from kkrmonitor.joint.defaults import (
    ADDITIONAL_2016,
    IT_STAGES,
    STRATEGY_EFFORTS,
    VIP_2016,
    load_reference_joint,
)
from kkrmonitor.joint.models import (
    JointInitiative,
    Portfolio,
    Project,
    ProjectList,
    StageReport,
)
from kkrmonitor.programme.models import AuditEvent, Publication


def test_portfolio_projects_have_sources_and_no_invented_stage_or_funding(joint_data):
    portfolio = Portfolio.objects.get(slug="prioriterede-infrastrukturprojekter")
    assert [s.name for s in portfolio.stages.all()] == [
        "Idé", "Analyse", "Miljøvurdering", "Politisk besluttet", "Finansieret", "I anlæg",
        "I drift"]
    projects = Project.objects.filter(portfolio=portfolio)
    assert sorted(p.name for p in projects) == sorted(STRATEGY_EFFORTS + VIP_2016
                                                     + ADDITIONAL_2016)
    assert projects.count() == 14
    for p in projects:
        assert p.source, p.name
        assert p.stage is None and p.stage_label == "Ikke angivet"
        assert p.state_funding_dkk is None and p.funding_date is None and not p.funding_decision
    strategy = ProjectList.objects.get(name="Strategi 2025")
    assert strategy.projects.count() == 5 and "TRU Alm.del bilag 340" in strategy.source
    vip = ProjectList.objects.get(name="VIP 2016")
    assert not vip.is_complete
    assert "syvende" in vip.completeness_note and "ufuldstændig" in vip.completeness_note
    assert vip.projects.filter(listmembership__role="VIP-projekt").count() == 6
    assert vip.projects.filter(listmembership__role="Yderligere projekt").count() == 3
    # Dated events come only from the source: the strategy sent to the Folketing.
    for p in strategy.projects.all():
        assert [(e.date.isoformat(), e.source) for e in p.events.all()] == [
            ("2025-09-30", "ft.dk, TRU Alm.del bilag 340, 2024-25")]
    assert not Project.objects.filter(name__in=VIP_2016, events__isnull=False).exists()


def test_it_initiative_under_recommendation_7_with_every_municipality_unreported(it_joint):
    initiative = it_joint.initiative
    assert initiative.recommendation.number == 7
    assert initiative.recommendation.programme.council.slug == "kkr-hovedstaden"
    assert initiative.publication == Publication.PUBLISHED
    assert [s.name for s in it_joint.stages.all()] == IT_STAGES
    assert it_joint.deadline.isoformat() == "2027-12-31"
    assert "anbefaling 7" in it_joint.source
    assert it_joint.municipalities().count() == 29
    assert StageReport.objects.count() == 0


def test_load_is_idempotent_and_audited(joint_data, capsys):
    events = AuditEvent.objects.count()
    again = load_reference_joint()
    assert again.created == []
    assert AuditEvent.objects.count() == events
    assert JointInitiative.objects.count() == 1
    call_command("load_joint")
    assert "allerede indlæst; intet ændret" in capsys.readouterr().out
    assert AuditEvent.objects.filter(channel="cli", object_type="project",
                                     action="create").count() == 14


def test_without_programme_it_loads_the_portfolio_and_says_so(reference_data):
    report = load_reference_joint()
    assert JointInitiative.objects.count() == 0
    assert any("anbefaling 7" in n for n in report.notes)
    assert Project.objects.count() == 14


def test_matrix_and_board_pages_show_the_defaults(client, it_joint):
    page = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert "0 af 29 overdraget" in page
    assert page.count("Ikke rapporteret") >= 29
    board = client.get("/portefoelje/prioriterede-infrastrukturprojekter/").content.decode()
    assert "Listen er ufuldstændig" in board
    assert 'Ikke angivet <span class="muted">(14)</span>' in board
    assert "Østlig Ringvej" in board
