"""R3 shows Klimaalliancen i Hovedstadsregionen's four joint efforts from facts.md, each with its
source, and "Ikke rapporteret endnu" until someone reports."""

import re

import pytest

from kkrmonitor.joint.climate_defaults import CLIMATE_EFFORTS, CLIMATE_SOURCE, load_climate_efforts
from kkrmonitor.programme.models import AuditEvent, Initiative

pytestmark = pytest.mark.django_db


def test_r3_shows_the_four_efforts_with_source_and_unknown_status(client, seed_programme):
    rec3 = seed_programme.recommendations.get(number=3)
    assert load_climate_efforts(rec3) == [
        "Klimaindsats: Grønne brændstoffer", "Klimaindsats: Grønne indkøb",
        "Klimaindsats: Grøn pendling", "Klimaindsats: Energibesparelser i boliger"]
    html = client.get(rec3.get_absolute_url()).content.decode()
    main = html[html.index('<main id="main-content"'):html.index("</main>")]
    text = " ".join(re.sub(r"<[^>]+>", " ", main).split())
    for title in CLIMATE_EFFORTS:
        initiative = Initiative.objects.get(recommendation=rec3, title=title)
        start = html.index(f'id="indsats-{initiative.pk}"')
        card = " ".join(re.sub(r"<[^>]+>", " ", html[start:html.index("</article>", start)])
                        .split())
        assert "Status Ikke rapporteret endnu" in card, title
        assert initiative.owner == "Klimaalliancen i Hovedstadsregionen"
    assert text.count(CLIMATE_SOURCE) == 4
    events = AuditEvent.objects.count()
    assert load_climate_efforts(rec3) == []
    assert AuditEvent.objects.count() == events
