"""An initiative shared across councils shows on the other council's page (recommendation 8);
the public sees it once it is published."""

import pytest

from kkrmonitor.audit import Author
from kkrmonitor.joint.services import share_initiative
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Council, Publication

pytestmark = pytest.mark.django_db


def test_shared_initiative_shows_on_the_other_councils_page(client, seed_programme, editor,
                                                            reader):
    author = Author.for_user(editor)
    rec8 = seed_programme.recommendations.get(number=8)
    initiative = services.create_initiative(author, rec8, services.InitiativeData(
        title="Fælles infrastrukturanalyse for Østdanmark"))
    share_initiative(author, initiative, Council.objects.get(slug="kkr-sjaelland"))

    page = client.get("/raad/kkr-sjaelland/").content.decode()
    assert "Fælles infrastrukturanalyse for Østdanmark" not in page  # still a draft

    client.force_login(reader)
    page = client.get("/raad/kkr-sjaelland/").content.decode()
    assert "Fælles infrastrukturanalyse for Østdanmark" in page
    client.logout()

    services.set_initiative_publication(author, initiative, Publication.PUBLISHED, 1)
    page = client.get("/raad/kkr-sjaelland/").content.decode()
    assert "<h2 id=\"delte-indsatser\">Delte indsatser</h2>" in page
    assert "KKR Hovedstaden, anbefaling 8" in page
    assert ('<a href="/program/kkr-hovedstaden/2026-2029/anbefaling/8/">'
            "Fælles infrastrukturanalyse for Østdanmark</a>") in page
    # Not on the owning council's own page: it is in its programme already.
    assert "Delte indsatser" not in client.get("/raad/kkr-hovedstaden/").content.decode()
