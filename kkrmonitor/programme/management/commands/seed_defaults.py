from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.joint.climate_defaults import load_climate_efforts
from kkrmonitor.joint.defaults import load_reference_joint
from kkrmonitor.meetings.reference import load_reference_meetings
from kkrmonitor.programme.cycle_defaults import load_reference_cycle
from kkrmonitor.programme.importing import import_programme
from kkrmonitor.programme.models import Programme, Recommendation
from kkrmonitor.programme.reference_loading import load_reference_data
from kkrmonitor.registers.defaults import load_reference_registers

DEFAULT_PROGRAMME = settings.PROJECT_DIR / "data" / "programmes" / \
    "kkr-hovedstaden-anbefalinger-2026-2029.txt"


class Command(BaseCommand):
    help = (
        "Indlæs referencedata (råd, kommuner, aktører, møder, indikatordefinitioner, fælles "
        "indsatser og infrastrukturprojekter, tomme registre, tilbagevendende opgaver, ydre "
        "begivenheder og Klimaalliancens fælles indsatser, alt med kilder), "
        "og importér det medfølgende arbejdsprogram for KKR Hovedstaden 2026-2029, hvis "
        "databasen endnu ikke har noget program. Kan køres igen. Bruges af 'make run'."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(load_reference_data()))
        if Programme.objects.exists():
            self.stdout.write("Databasen har allerede et arbejdsprogram; intet importeret.")
        else:
            for line in import_programme(DEFAULT_PROGRAMME, "kkr-hovedstaden").lines():
                self.stdout.write(line)
        # After the programme: meetings and indicators link to its recommendations.
        for loader in (load_reference_meetings, load_reference_indicators):
            self.stdout.write(str(loader()))
        for line in load_reference_joint().lines():
            self.stdout.write(line)
        for line in load_reference_registers().lines():
            self.stdout.write(line)
        for line in load_reference_cycle().lines():
            self.stdout.write(line)
        climate = load_climate_efforts(Recommendation.objects.filter(
            programme__council__slug="kkr-hovedstaden", programme__term_start=2026,
            programme__term_end=2029, number=3).first())
        self.stdout.write("\n".join(climate) if climate
                          else "Klimaalliancens indsatser er allerede indlæst; intet ændret.")
