"""The matrix as one row per municipality: the stages folded into one progress cell, each
row's steps, date and note in a disclosure, and the note as its own column only on paper."""

import re
from datetime import date

from kkrmonitor.joint.models import JointStage, StageReport
from kkrmonitor.programme.models import Municipality


def row_of(html, name):
    match = re.search(
        rf'<tr>\s*<th scope="row"><a href="/kommune/[^"]+/">{name}</a></th>(.*?)</tr>', html, re.S)
    assert match, name
    return match.group(1)


def text(fragment):
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_a_reported_row_reads_as_one_progress_cell_with_details(client, it_joint):
    StageReport.objects.create(
        initiative_id=it_joint.pk, municipality=Municipality.objects.get(code="101"),
        stage=JointStage.objects.get(joint=it_joint, name="Aftale indgået"),
        as_of=date(2026, 3, 1), note="Aftalen er underskrevet.",
        state=StageReport.State.APPROVED)
    html = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    row = row_of(html, "København")
    assert ('<span class="matrix-progress__text">3 af 5: Aftale indgået</span>'
            '<progress class="progress-bar" max="100" value="60" aria-hidden="true"></progress>'
            ) in row
    details = re.search(r"<details class=\"matrix-details\">(.*?)</details>", row, re.S).group(1)
    assert text(details) == (
        "Vis trin og note for København "
        "Ikke startet: Nået Beslutning i kommunalbestyrelsen: Nået "
        "Aftale indgået: Her nu (indberettet 01.03.2026) "
        "Migrering i gang: Ikke nået Overdraget: Ikke nået "
        "Note: Aftalen er underskrevet.")
    assert '<td class="print-only">Aftalen er underskrevet.</td>' in row
    assert "01.03.2026" in row


def test_an_unreported_row_has_no_bar_and_says_so(client, it_joint):
    row = row_of(client.get(f"/faelles/{it_joint.pk}/").content.decode(), "Bornholm")
    assert '<td class="matrix-progress">Ikke rapporteret</td>' in row
    assert "<progress" not in row
    assert "Ingen note." in row


def test_the_header_has_one_column_per_fact_not_per_stage(client, it_joint):
    html = client.get(f"/faelles/{it_joint.pk}/").content.decode()
    table = html[html.index('class="table table--compact matrix-table"'):]
    head = re.search(r"<thead>(.*?)</thead>", table, re.S).group(1)
    labels = [text(th).split(",")[0].rstrip(" ▲▼") for th in re.findall(r"<th[^>]*>(.*?)</th>",
                                                                        head, re.S)]
    assert labels == ["Kommune", "Kommunekode", "Råd", "Trin", "Dato", "På sporet",
                      "Trin og note", "Note"]
    assert re.search(r'href="/static/kkrmonitor/matrix-print[^"]*\.css" media="print"', html)


def test_incomplete_list_warning_says_its_title_once(client, joint_data):
    html = client.get("/portefoelje/prioriterede-infrastrukturprojekter/").content.decode()
    alert = re.search(r'<div class="alert alert-warning">(.*?)</div></div>', html, re.S).group(1)
    assert text(alert) == (
        "Listen er ufuldstændig KKR Hovedstadens fælles prioriteringer fra 2016 hed »7+3 "
        "VIP-projekter«, men kun seks VIP-projekter er fundet i kilden; det syvende er ukendt. "
        "Listen kan redigeres, når det syvende projekt er fundet i en kilde.")
    assert '<div class="board board--8">' in html
