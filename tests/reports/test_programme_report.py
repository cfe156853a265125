"""The annual and end-of-term report, section by section, on the small programme of
conftest.py: literal expected text."""

from __future__ import annotations

from datetime import date

import pytest

from kkrmonitor.reports.document import Bullets, Document, Heading, Paragraph, Table
from kkrmonitor.reports.programme_report import ReportError, build_report, resolve

pytestmark = pytest.mark.django_db


def lines(doc: Document) -> list[str]:
    """The document as plain lines: "# " before a section, "## " before a subsection, "- "
    before a bullet, table cells joined by " | "."""
    out = [doc.title, doc.subtitle, doc.header, *doc.intro]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + block.text)
        elif isinstance(block, Paragraph):
            out.append(("(muted) " if block.muted else "") + block.text)
        elif isinstance(block, Bullets):
            out.extend([f"- {item}" for item in block.items] or [f"(muted) {block.empty}"])
        elif isinstance(block, Table):
            out.extend(" | ".join(row) for row in [block.headings, *block.rows])
    return out


INTRO_NOTE = ("En frist, hvor det ikke er registreret, om milepælen blev nået, står som "
              "»udfald ikke registreret«. Den regnes hverken som nået eller som overskredet.")


def test_end_of_term_report(small):
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", None), date(2027, 6, 1))

    assert lines(doc) == [
        "Slutrapport for valgperioden 2026–2029",
        "KKR Hovedstaden · Arbejdsprogram 2026–2029",
        "KKR Hovedstaden · valgperioden 2026–2029",
        "Rapporten dækker hele valgperioden 2026–2029 (1. januar 2026 – 31. december 2029) og "
        "bygger på det offentliggjorte indhold i KKR Monitor, opgjort den 1. juni 2027.",
        "Perioden er ikke slut endnu: rapporten viser forløbet til og med 1. juni 2027.",
        INTRO_NOTE,
        "Rapporten slutter med det, der ikke er afsluttet, som grundlag for rådets næste "
        "anbefalinger.",
        "# Frister i perioden",
        "5 milepæle havde frist i perioden: 1 nået, 1 ikke nået, 1 flyttet, 2 endnu ikke "
        "passeret.",
        "Frist | Milepæl | Anbefaling | Udfald",
        "31. maj 2026 (foråret 2026) | Godkendelse i KKR | 1 | Nået 20. maj 2026",
        "30. september 2026 | Afrapportering til KKR | 2 | Ikke nået (frist 30. "
        "september 2026): Data kom for sent",
        "31. oktober 2027 | Analyse af takster | 1 | Flyttet fra sommeren 2026 "
        "til oktober 2027: Afventer nye takster",
        "30. november 2027 (efteråret 2027) | Evaluering | 1 | Fristen er ikke passeret endnu",
        "31. december 2027 (inden udgangen af 2027) | Fælles drift i alle kommuner | 2 | Fristen "
        "er ikke passeret endnu",
        "# Rådets beslutninger",
        "## Mødet den 16. marts 2026",
        "- Punkt 3, Takstmodel: KKR godkendte takstmodellen.",
        "# Kommunernes fremdrift på de fælles indsatser",
        "Antal kommuner på sidste trin ved periodens start og slut, efter de godkendte "
        "indberetninger.",
        "- IT-drift: 0 → 3 af 29 overdraget (25 kommuner havde ikke rapporteret ved periodens "
        "slut)",
        "# Projekter, der skiftede fase",
        "- 2. april 2027: Ringvej: Idé → Forundersøgelse",
        "# Nøgletal",
        "Første og seneste tal for perioden for hvert nøgletal med tal.",
        "Nøgletal | Område | Første tal | Seneste tal | Kilde",
        "Ledighed (procent) | KKR Hovedstaden | 2,9 (2026) | 2,75 (2027) | Danmarks Statistik, "
        "AUP",
        "# Anbefalingerne",
        "## Anbefaling 1: Det specialiserede socialområde",
        "1 indsats: 1 på sporet. Samlet fremdrift: 40\u00a0%. 3 milepæle havde frist i perioden: "
        "1 nået, 1 flyttet, 1 endnu ikke passeret. Rådet traf 1 beslutning om anbefalingen i "
        "perioden.",
        "## Anbefaling 2: Fælles it-driftsenheder",
        "1 indsats: 1 afsluttet. Fremdriften er ikke opgjort. 2 milepæle havde frist i perioden: "
        "1 ikke nået, 1 endnu ikke passeret.",
        "# Det, der ikke er afsluttet",
        "Indsatser, der ikke er afsluttet, og milepæle, der hverken er nået eller opgivet, pr. "
        "anbefaling: grundlaget for rådets næste anbefalinger.",
        "## Anbefaling 1: Det specialiserede socialområde",
        "- Indsats: Fælles takstmodel – på sporet, fremdrift 40\u00a0%",
        "- Milepæl: Analyse af takster – flyttet fra sommeren 2026 til oktober 2027: Afventer "
        "nye takster",
        "- Milepæl: Evaluering – frist 30. november 2027 (efteråret 2027)",
        "## Anbefaling 2: Fælles it-driftsenheder",
        "- Milepæl: Afrapportering til KKR – ikke nået (frist 30. september 2026): Data kom for "
        "sent",
        "- Milepæl: Fælles drift i alle kommuner – frist 31. december 2027 (inden udgangen af "
        "2027)",
    ]


def test_annual_report_shows_a_passed_deadline_without_outcome_as_unknown(small):
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", "2027"), date(2028, 1, 10))

    assert lines(doc) == [
        "Årsrapport 2027",
        "KKR Hovedstaden · Arbejdsprogram 2026–2029",
        "KKR Hovedstaden · valgperioden 2026–2029",
        "Rapporten dækker året 2027 (1. januar 2027 – 31. december 2027) og bygger på det "
        "offentliggjorte indhold i KKR Monitor, opgjort den 10. januar 2028.",
        INTRO_NOTE,
        "# Frister i perioden",
        "3 milepæle havde frist i perioden: 3 med udfald ikke registreret.",
        "Frist | Milepæl | Anbefaling | Udfald",
        "31. oktober 2027 | Analyse af takster | 1 | Udfald ikke registreret "
        "(flyttet fra sommeren 2026)",
        "30. november 2027 (efteråret 2027) | Evaluering | 1 | Udfald ikke registreret",
        "31. december 2027 (inden udgangen af 2027) | Fælles drift i alle kommuner | 2 | Udfald "
        "ikke registreret",
        "# Rådets beslutninger",
        "(muted) Der er ikke registreret beslutninger fra rådets møder i perioden.",
        "# Kommunernes fremdrift på de fælles indsatser",
        "Antal kommuner på sidste trin ved periodens start og slut, efter de godkendte "
        "indberetninger.",
        "- IT-drift: 1 → 3 af 29 overdraget (25 kommuner havde ikke rapporteret ved periodens "
        "slut)",
        "# Projekter, der skiftede fase",
        "- 2. april 2027: Ringvej: Idé → Forundersøgelse",
        "# Nøgletal",
        "Første og seneste tal for perioden for hvert nøgletal med tal.",
        "Nøgletal | Område | Første tal | Seneste tal | Kilde",
        "Ledighed (procent) | KKR Hovedstaden | 2,75 (2027) | 2,75 (2027) | Danmarks Statistik, "
        "AUP",
        "# Anbefalingerne",
        "## Anbefaling 1: Det specialiserede socialområde",
        "1 indsats: 1 på sporet. Samlet fremdrift: 40\u00a0%. 2 milepæle havde frist i perioden: "
        "2 med udfald ikke registreret.",
        "## Anbefaling 2: Fælles it-driftsenheder",
        "1 indsats: 1 afsluttet. Fremdriften er ikke opgjort. 1 milepæl havde frist i perioden: "
        "1 med udfald ikke registreret.",
    ]
    text = "\n".join(lines(doc)).lower()
    for late in ("overskredet med", "forsinket", "for sent"):
        assert late not in text


def test_the_report_shows_published_content_only(small):
    text = "\n".join(lines(build_report(resolve("kkr-hovedstaden", "2026-2029", None),
                                        date(2027, 6, 1))))
    assert "Hemmeligt udkast" not in text
    assert "I risiko" not in text.lower()


def test_a_year_before_anything_happened(small):
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", 2029), date(2030, 1, 5))
    text = lines(doc)
    assert "(muted) Ingen milepæle havde frist i perioden." in text
    assert "(muted) Ingen af rådets projekter skiftede fase i perioden." in text
    assert "(muted) Der er ingen tal for perioden." in text
    assert "- IT-drift: 3 → 3 af 29 overdraget (25 kommuner havde ikke rapporteret ved " \
           "periodens slut)" in text
    assert "# Det, der ikke er afsluttet" not in text  # only the end-of-term report


@pytest.mark.parametrize(("council", "term", "year", "message"), [
    ("kkr-ukendt", "2026-2029", None, "Ukendt råd 'kkr-ukendt'."),
    ("kkr-hovedstaden", "2030-2033", None,
     "KKR Hovedstaden har intet arbejdsprogram for 2030-2033."),
    ("kkr-hovedstaden", "2026", None,
     "Valgperioden '2026' skal skrives som to årstal, fx 2026-2029."),
    ("kkr-hovedstaden", "2026-2029", 2031,
     "Året 2031 ligger uden for valgperioden 2026-2029."),
    ("kkr-hovedstaden", "2026-2029", "i år", "Året 'i år' er ikke et årstal."),
])
def test_bad_input_is_one_sentence(small, council, term, year, message):
    with pytest.raises(ReportError) as error:
        resolve(council, term, year)
    assert str(error.value) == message


def test_an_indicator_without_the_councils_own_figures_uses_the_region(small):
    from kkrmonitor.indicators.models import Area, Indicator, Observation

    council = small.programme.council
    region = Area.objects.create(kind=Area.Kind.REGION, code=council.region_code or "084",
                                 name="Region Hovedstaden")
    council.region_code = region.code
    council.save()
    indicator = Indicator.objects.create(slug="elever", name="Elever", unit="antal")
    for period, day, value in [("2027K1", date(2027, 1, 1), 1200),
                               ("2027K3", date(2027, 7, 1), 1250.5)]:
        Observation.objects.create(indicator=indicator, area=region, period=period,
                                   period_start=day, value=value, source="statbank")

    text = lines(build_report(resolve("kkr-hovedstaden", "2026-2029", 2027), date(2028, 1, 10)))

    assert ("Elever (antal) | Region Hovedstaden | 1.200 (1. kvartal 2027) | 1.250,5 "
            "(3. kvartal 2027) | Danmarks Statistik, Statistikbanken") in text


def test_the_year_a_moved_deadline_fell_in_says_it_was_moved(small):
    doc = build_report(resolve("kkr-hovedstaden", "2026-2029", 2026), date(2027, 1, 10))
    text = lines(doc)
    start = text.index("# Frister i perioden")
    assert text[start:start + 6] == [
        "# Frister i perioden",
        "3 milepæle havde frist i perioden: 1 nået, 1 ikke nået, 1 flyttet.",
        "Frist | Milepæl | Anbefaling | Udfald",
        "31. maj 2026 (foråret 2026) | Godkendelse i KKR | 1 | Nået 20. maj 2026",
        "31. august 2026 (sommeren 2026) | Analyse af takster | 1 | Flyttet til 31. oktober 2027",
        "30. september 2026 | Afrapportering til KKR | 2 | Ikke nået (frist 30. september 2026): "
        "Data kom for sent",
    ]
    assert ("1 indsats: 1 på sporet. Samlet fremdrift: 40\u00a0%. 2 milepæle havde frist i "
            "perioden: 1 nået, 1 flyttet. Rådet traf 1 beslutning om anbefalingen i perioden."
            in text)
