"""Every recommendation page links to what it is followed up through: recommendation 7 to the
IT-operations matrix, recommendation 2 to the infrastructure portfolio (and back), and no page
to anything it does not have or the visitor may not see."""

import re

from django.core.management import call_command

from kkrmonitor.access import Access
from kkrmonitor.audit import Author
from kkrmonitor.joint.models import Portfolio
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import Publication, Recommendation
from kkrmonitor.programme.related import RELATED_KINDS, related_groups

URL = "/program/kkr-hovedstaden/2026-2029/anbefaling/{}/"
AUTHOR = Author(label="test", channel="cli")


def follow_up(html):
    """The "Opfølgning" section as (heading, link text, href) triples, or None."""
    section = re.search(r'<section aria-labelledby="opfoelgning">(.*?)</section>', html, re.S)
    if section is None:
        return None
    found = []
    groups = re.findall(r'<h3 class="h5">([^<]+)</h3>\s*<ul class="link-list">(.*?)</ul>',
                        section.group(1), re.S)
    for heading, items in groups:
        found += [(heading, text, href)
                  for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', items)]
    return found


def test_recommendation_7_links_to_its_matrix(client, it_joint):
    html = client.get(URL.format(7)).content.decode()
    assert follow_up(html) == [
        ("Fælles kommunale indsatser",
         "Overdragelse af server- og netværksdrift til fælles it-driftsenheder: kommunernes trin",
         f"/faelles/{it_joint.pk}/")]
    assert ("Hvor langt hver kommune er nået. Frist: 31. december 2027.") in html
    assert client.get(f"/faelles/{it_joint.pk}/").status_code == 200


def test_recommendation_2_links_to_the_infrastructure_portfolio_and_back(client, joint_data):
    html = client.get(URL.format(2)).content.decode()
    assert follow_up(html) == [
        ("Porteføljer", "Prioriterede infrastrukturprojekter",
         "/portefoelje/prioriterede-infrastrukturprojekter/")]
    board = client.get("/portefoelje/prioriterede-infrastrukturprojekter/").content.decode()
    assert ('<p class="subheading">Portefølje · KKR Hovedstaden · '
            f'<a href="{URL.format(2)}">anbefaling 2</a></p>') in board


def test_a_recommendation_with_nothing_to_link_shows_no_section(client, joint_data):
    for number in (1, 3, 4, 5, 6):
        assert follow_up(client.get(URL.format(number)).content.decode()) is None, number


def test_recommendations_8_and_9_link_the_councils_they_work_across(client, joint_data):
    sjaelland = ("Råd og fora, anbefalingen går på tværs af", "KKR Sjælland",
                 "/raad/kkr-sjaelland/")
    forum = ("Råd og fora, anbefalingen går på tværs af", "Sundhedskoordinationsforum",
             "/raad/sundhedskoordinationsforum/")
    assert follow_up(client.get(URL.format(8)).content.decode()) == [sjaelland]
    assert follow_up(client.get(URL.format(9)).content.decode()) == [sjaelland, forum]


def test_a_draft_joint_effort_is_linked_only_for_those_who_see_drafts(client, it_joint, reader):
    initiative = it_joint.initiative
    programme_services.set_initiative_publication(AUTHOR, initiative, Publication.DRAFT,
                                                  initiative.version)
    assert follow_up(client.get(URL.format(7)).content.decode()) is None
    client.force_login(reader)
    assert [t for _, t, _ in follow_up(client.get(URL.format(7)).content.decode())] == [
        "Overdragelse af server- og netværksdrift til fælles it-driftsenheder: kommunernes trin"]


def test_registers_plug_in_at_the_extension_point(joint_data):
    """The extension point: one function per kind, each returning a group or nothing."""
    from kkrmonitor.registers.defaults import load_reference_registers

    assert [k.__name__ for k in RELATED_KINDS] == ["joint_efforts", "portfolios", "registers",
                                                   "councils_together", "agenda_items"]
    rec = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=2)
    groups = related_groups(rec, Access())
    assert [g.heading for g in groups] == ["Porteføljer"]
    load_reference_registers()
    rec4 = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=4)
    assert [(g.heading, [link.text for link in g.links])
            for g in related_groups(rec4, Access())] == [("Registre", ["Udpegninger"])]


def test_the_portfolio_loaded_before_it_had_a_recommendation_is_put_under_recommendation_2(
        joint_data):
    from importlib import import_module

    from django.apps import apps
    migration = import_module(
        "kkrmonitor.joint.migrations.0005_infrastructure_portfolio_under_recommendation_2")
    Portfolio.objects.update(recommendation=None)
    migration.forwards(apps, None)
    portfolio = Portfolio.objects.get(slug="prioriterede-infrastrukturprojekter")
    assert portfolio.recommendation.number == 2
    # Idempotent, and a portfolio someone put elsewhere is left alone.
    other = Recommendation.objects.get(programme__council__slug="kkr-hovedstaden", number=3)
    Portfolio.objects.update(recommendation=other)
    migration.forwards(apps, None)
    assert Portfolio.objects.get(pk=portfolio.pk).recommendation == other
    call_command("load_joint", verbosity=0)
    assert Portfolio.objects.get(pk=portfolio.pk).recommendation == other
