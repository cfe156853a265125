"""The owning council's page lists its initiatives other councils share, with whom (R8): a shared
initiative shows on both councils' pages, each saying who owns it."""

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint.services import share_initiative
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Council, Publication

pytestmark = pytest.mark.django_db


def test_the_owner_page_lists_what_it_shares_once_published(client, seed_programme, editor):
    author = Author.for_user(editor)
    rec8 = seed_programme.recommendations.get(number=8)
    initiative = services.create_initiative(author, rec8, services.InitiativeData(
        title="Fælles infrastrukturanalyse for Østdanmark"))
    share_initiative(author, initiative, Council.objects.get(slug="kkr-sjaelland"))
    assert "Indsatser, rådet deler med andre råd" not in client.get(
        "/raad/kkr-hovedstaden/").content.decode()  # still a draft
    services.set_initiative_publication(author, initiative, Publication.PUBLISHED, 1)
    page = client.get("/raad/kkr-hovedstaden/").content.decode()
    assert '<h2 id="deler-med-andre">Indsatser, rådet deler med andre råd</h2>' in page
    assert ('<li><span class="link-list-meta">Anbefaling 8, delt med KKR Sjælland</span>'
            '<a href="/program/kkr-hovedstaden/2026-2029/anbefaling/8/">'
            "Fælles infrastrukturanalyse for Østdanmark</a></li>") in page
    assert "KKR Hovedstaden ejer indsatsen." in page
