"""The joint efforts of Klimaalliancen i Hovedstadsregionen under recommendation 3, as
shared/reference/facts.md names them: green fuels, green procurement, green commuting and energy
savings in homes, each with its source. No source gives their dates, stages or which
municipalities take part, so none are set: each is a published initiative whose status reads
"Ikke rapporteret endnu" until someone reports, and the secretariat may make any of them a
per-municipality matrix (a joint effort) when it knows the stages.

Idempotent: an initiative of the same title under recommendation 3 is left as it is."""

from __future__ import annotations

from kkrmonitor.audit import Author
from kkrmonitor.programme import services as programme_services
from kkrmonitor.programme.models import Actor, Initiative, Publication, Recommendation
from kkrmonitor.programme.reference import FACTS

AUTHOR = Author(label="Standarddata", channel="cli")
OWNER = "Klimaalliancen i Hovedstadsregionen"
CLIMATE_SOURCE = (
    f"Kilde: {FACTS}: Klimaalliancen er et partnerskab mellem KL, de fem regioner og Realdania "
    "fra 1. april 2023; i hovedstadsregionen bærer Klimaalliancen i Hovedstadsregionen fælles "
    "indsatser (grønne brændstoffer, grønne indkøb, grøn pendling, energibesparelser i boliger) "
    "sammen med Gate 21.")
CLIMATE_EFFORTS = ("Grønne brændstoffer", "Grønne indkøb", "Grøn pendling",
                   "Energibesparelser i boliger")


def load_climate_efforts(recommendation: Recommendation | None) -> list[str]:
    """Create the efforts missing under `recommendation` (3); returns their titles."""
    if recommendation is None:
        return []
    actor = Actor.objects.filter(slug="klimaalliancen-i-hovedstadsregionen").first()
    created = []
    for title in CLIMATE_EFFORTS:
        if Initiative.objects.filter(recommendation=recommendation, title=title).exists():
            continue
        initiative = programme_services.create_initiative(
            AUTHOR, recommendation, programme_services.InitiativeData(
                title=title,
                description=("Fælles indsats i Klimaalliancen i Hovedstadsregionen. Hvilke "
                             "kommuner der deltager, og hvor langt de er, er ikke rapporteret "
                             f"endnu.\n\n{CLIMATE_SOURCE}"),
                owner=OWNER, actors=(actor,) if actor else ()))
        programme_services.set_initiative_publication(AUTHOR, initiative,
                                                      Publication.PUBLISHED, initiative.version)
        created.append(f"Klimaindsats: {title}")
    return created
