"""Matrix sorting and filtering, municipality pages, portfolios and projects, shared
initiatives across councils, and the health forum's meetings."""

import re
from datetime import date

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint.models import (
    JointStage,
    PortfolioStage,
    Project,
    SharedInitiative,
    StageReport,
    initiatives_shared_with,
)
from kkrmonitor.joint.services import share_initiative
from kkrmonitor.programme.models import AuditEvent, Council, Initiative, Municipality
from tests.conftest import PASSWORD

AUTHOR = Author(label="test", channel="cli")


def approved(joint, code, stage_name, as_of=date(2026, 3, 1)):
    return StageReport.objects.create(
        initiative_id=joint.pk, municipality=Municipality.objects.get(code=code),
        stage=JointStage.objects.get(joint=joint, name=stage_name), as_of=as_of,
        state=StageReport.State.APPROVED)


def row_names(html):
    return re.findall(r'<th scope="row"><a href="/kommune/[^"]+/">([^<]+)</a>', html)


def test_matrix_is_a_table_sorted_on_the_server(client, it_joint):
    approved(it_joint, "400", "Overdraget")
    approved(it_joint, "101", "Aftale indgået")
    html = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    names = row_names(html)
    assert len(names) == 29 and names[:2] == ["Albertslund", "Allerød"]
    assert 'aria-sort="ascending"><a href="?sort=-kommune">Kommune' in html
    by_stage = row_names(client.get(f"/faelles/{it_joint.pk}/?sort=-trin").content.decode())
    assert by_stage[:2] == ["Bornholm", "København"]
    by_code = row_names(client.get(f"/faelles/{it_joint.pk}/?sort=kode").content.decode())
    assert by_code[0] == "København" and by_code[-1] == "Bornholm"
    # An unknown sort falls back to the name.
    assert row_names(client.get(f"/faelles/{it_joint.pk}/?sort=x").content.decode()) == names
    assert "Her nu" in html and "Nået" in html and "Ikke nået" in html
    assert "Regel: Tiden fra start til frist er delt ligeligt" in html


def test_shared_initiative_adds_the_other_councils_municipalities_and_filter(client, it_joint):
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    assert share_initiative(AUTHOR, it_joint.initiative, sjaelland) is True
    assert share_initiative(AUTHOR, it_joint.initiative, sjaelland) is False
    assert AuditEvent.objects.filter(action="share").count() == 1
    assert it_joint.municipalities().count() == 46
    html = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    assert "0 af 46 overdraget" in html
    filtered = client.get(f"/faelles/{it_joint.pk}/?raad=kkr-sjaelland&sort=kommune")
    names = row_names(filtered.content.decode())
    assert len(names) == 17 and "Greve" in names and "København" not in names
    assert "0 af 17 overdraget" in filtered.content.decode()
    csv = client.get(f"/faelles/{it_joint.pk}.csv?raad=kkr-sjaelland").content.decode()
    assert len(csv.splitlines()) == 18


def test_initiatives_shared_with(it_joint):
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    hovedstaden = Council.objects.get(slug="kkr-hovedstaden")
    assert list(initiatives_shared_with(sjaelland)) == []
    SharedInitiative.objects.create(initiative=it_joint.initiative, council=sjaelland)
    assert list(initiatives_shared_with(sjaelland)) == [it_joint.initiative]
    # Sharing with its own council adds nothing.
    SharedInitiative.objects.create(initiative=it_joint.initiative, council=hovedstaden)
    assert list(initiatives_shared_with(hovedstaden)) == []


def test_municipality_pages(client, it_joint, contact):
    listing = client.get("/kommuner/").content.decode()
    assert listing.count('href="/kommune/') == 46
    assert "KKR Hovedstaden (29 kommuner)" in listing and "KKR Sjælland (17 kommuner)" in listing
    page = client.get("/kommune/bornholm/").content.decode()
    assert "Bornholms Regionskommune" in page
    assert "Kommunen har endnu ikke rapporteret sit trin" in page
    approved(it_joint, "400", "Aftale indgået")
    page = client.get("/kommune/bornholm/").content.decode()
    assert "Næste trin: Migrering i gang" in page and "(3 af 5)" in page
    greve = client.get("/kommune/greve/").content.decode()
    assert "Kommunen indgår ikke i nogen fælles kommunal indsats." in greve
    assert client.get("/kommune/findes-ikke/").status_code == 404
    client.login(email=contact.email, password=PASSWORD)
    own = client.get("/kommune/koebenhavn/").content.decode()
    assert f"/faelles/{it_joint.pk}/indberet/koebenhavn/" in own
    assert f"/faelles/{it_joint.pk}/indberet/" not in client.get(
        "/kommune/bornholm/").content.decode()


def test_draft_initiative_is_hidden_from_the_public(client, it_joint, reader):
    Initiative.objects.filter(pk=it_joint.pk).update(publication="draft")
    assert client.get(f"/faelles/{it_joint.pk}/").status_code == 404
    assert client.get(f"/faelles/{it_joint.pk}.csv").status_code == 404
    client.login(email=reader.email, password=PASSWORD)
    assert client.get(f"/faelles/{it_joint.pk}/").status_code == 200


def test_list_page(client, it_joint):
    html = client.get("/faelles/").content.decode()
    assert "0 af 29 overdraget" in html and "Prioriterede infrastrukturprojekter" in html


def test_editor_creates_a_joint_initiative(client, seed_programme, editor, editor_sjaelland):
    initiative = Initiative.objects.create(
        recommendation=seed_programme.recommendations.get(number=3), title="Klimaplaner",
        publication="published")
    data = {"initiative": initiative.pk, "stages": "Ikke startet\nVedtaget\n\nVedtaget",
            "start": "01.01.2026", "deadline": "31.12.2026"}
    client.login(email=editor_sjaelland.email, password=PASSWORD)
    assert client.post("/faelles/ny/", data).status_code == 200  # not their council's: no choice
    client.logout()
    client.login(email=editor.email, password=PASSWORD)
    response = client.post("/faelles/ny/", data)
    assert "To trin har samme navn." in response.content.decode()
    data["stages"] = "Ikke startet\nI gang\nVedtaget"
    response = client.post("/faelles/ny/", data)
    assert response.status_code == 302
    assert [s.name for s in initiative.joint.stages.all()] == ["Ikke startet", "I gang",
                                                               "Vedtaget"]


def test_portfolio_board_and_project_pages(client, joint_data):
    board = client.get("/portefoelje/prioriterede-infrastrukturprojekter/")
    html = board.content.decode()
    for stage in ["Idé", "Analyse", "Miljøvurdering", "Politisk besluttet", "Finansieret",
                  "I anlæg", "I drift"]:
        assert f">{stage} <span" in html
    assert "VIP 2016 (vip-projekt)" in html
    assert client.get("/portefoeljer/").status_code == 200
    project = Project.objects.get(name="Kystbanen")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Ikke angivet" in page and "listen er ufuldstændig" in page
    assert "kl.dk/politik/kkr/kkr-hovedstaden" in page
    assert client.get("/portefoelje/prioriterede-infrastrukturprojekter/projekt/x/"
                      ).status_code == 404


def test_editor_edits_a_project_and_adds_an_event(client, joint_data, editor, contact):
    project = Project.objects.get(name="Kystbanen")
    url = f"/portefoelje/{project.portfolio.slug}/projekt/{project.slug}/rediger/"
    client.login(email=contact.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.logout()
    client.login(email=editor.email, password=PASSWORD)
    stage = PortfolioStage.objects.get(portfolio=project.portfolio, name="Analyse")
    lists = [m.pk for m in project.lists.all()]
    response = client.post(url, {"name": "Kystbanen", "stage": stage.pk, "lists": lists,
                                 "state_funding_dkk": "1000000", "version": project.version})
    assert "Angiv datoen for finansieringsbeslutningen." in response.content.decode()
    response = client.post(url, {"name": "Kystbanen", "stage": stage.pk, "lists": lists,
                                 "responsible_authority": "Banedanmark",
                                 "version": project.version})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage_label == "Analyse" and project.responsible_authority == "Banedanmark"
    event = AuditEvent.objects.filter(object_type="project", action="update").get()
    assert event.changes["stage_id"] == ["Ikke angivet", "Analyse"]
    response = client.post(url.replace("rediger/", "haendelse/"),
                           {"date": "01.02.2026", "text": "Analyse igangsat"})
    assert response.status_code == 302
    assert project.events.get().text == "Analyse igangsat"
    response = client.post(f"/portefoelje/{project.portfolio.slug}/nyt-projekt/",
                           {"name": "Det syvende VIP-projekt fundet", "version": ""})
    assert response.status_code == 302
    assert Project.objects.filter(slug="det-syvende-vip-projekt-fundet").exists()


def test_a_meeting_can_be_created_for_the_health_forum(reference_data):
    from kkrmonitor.meetings.models import Meeting

    forum = Council.objects.get(slug="sundhedskoordinationsforum")
    meeting = Meeting.objects.create(council=forum, date=date(2026, 3, 1),
                                     title="Sundhedskoordinationsforum")
    assert list(forum.meetings.all()) == [meeting]
    assert forum.member_municipalities().count() == 46


@pytest.mark.parametrize("url", ["/faelles/ny/", "/portefoelje/prioriterede-"
                                 "infrastrukturprojekter/nyt-projekt/"])
def test_writes_need_login(client, joint_data, url):
    response = client.get(url)
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_editor_edits_the_incomplete_vip_list(client, joint_data, editor, contact):
    from kkrmonitor.joint.models import ProjectList

    vip = ProjectList.objects.get(name="VIP 2016")
    url = f"/portefoelje/{vip.portfolio.slug}/liste/{vip.pk}/rediger/"
    client.login(email=contact.email, password=PASSWORD)
    assert client.get(url).status_code == 403
    client.logout()
    client.login(email=editor.email, password=PASSWORD)
    assert "Rediger listen VIP 2016" in client.get(vip.portfolio.get_absolute_url()
                                                   ).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "VIP 2016", "completeness_note": ""})
    assert "Skriv hvad der mangler på listen." in response.content.decode()
    response = client.post(url, {"name": "VIP 2016", "is_complete": "on", "source": vip.source})
    assert response.status_code == 302
    vip.refresh_from_db()
    assert vip.is_complete
    assert AuditEvent.objects.filter(object_type="projectlist", action="update").count() == 1


def test_municipality_page_queries_do_not_grow_with_the_efforts(client, it_joint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kkrmonitor.joint.services import create_joint_initiative
    from kkrmonitor.programme import services

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/kommune/bornholm/").status_code == 200
        return len(captured)

    one = queries()
    rec = it_joint.initiative.recommendation
    for n in range(3):
        initiative = services.create_initiative(AUTHOR, rec, services.InitiativeData(
            title=f"Fælles indsats {n}"))
        services.set_initiative_publication(AUTHOR, initiative, "published", 1)
        create_joint_initiative(AUTHOR, initiative, ["Ikke startet", "Færdig"],
                                date(2026, 1, 1), date(2027, 12, 31))
    approved(it_joint, "400", "Aftale indgået")
    page = client.get("/kommune/bornholm/").content.decode()
    assert page.count("Kommunen har endnu ikke rapporteret sit trin") == 3
    assert queries() == one
