"""Named actors in running text: the council's own paragraphs and one literal test per rule."""

from __future__ import annotations

import pytest

from kkrmonitor.parsing.actor_names import ActorPattern, find_actors

# The council's document (seed/kkr-hovedstaden-anbefalinger-2026-2029.txt) as extracted from
# its PDF, line breaks and trailing spaces kept: the wrapping is what the parser must survive.
PREAMBLE = (
    "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden \n"
    "KKR Hovedstaden har ved slutningen af valgperioden 2022-2025 drøftet "
    "anbefalinger til det nye KKR \n"
    "Hovedstaden i valgperioden 2026-2029. Anbefalingerne er givet på "
    "baggrund af arbejdet i den \n"
    "nuværende valgperiode, og handler om de dagsordener, der vurderes "
    "særligt relevant for det nye KKR \n"
    "Hovedstaden at arbejde med.  \n"
    " \n"
    "Anbefalingerne er godkendt på KKR Hovedstadens møde den 24. oktober "
    "2025.\n"
)
# number -> (headline, body)
RECOMMENDATIONS: dict[int, tuple[str, str]] = {
    1: (
        (
            "KKR Hovedstaden skal fortsat investere i tættere samarbejde og styring "
            "på det specialiserede \n"
            "\n"
            "socialområde, så kvaliteten styrkes samtidig med, at der er styr på "
            "økonomien   \n"
        ),
        (
            "KKR Hovedstaden godkendte i september 2025, at kommunerne ønsker at "
            "styrke den fælles udvikling \n"
            "af det specialiserede socialområde gennem nye fælles initiativer, der "
            "skal være med til at sikre en \n"
            "højere grad af styring på kvalitet og pris. Initiativerne skal "
            "godkendes i foråret 2026. "
        ),
    ),
    2: (
        (
            "KKR Hovedstaden skal fortsat arbejde for forbedret mobilitet og "
            "infrastruktur i \n"
            "\n"
            "hovedstadsområdet ved at tydeliggøre behovet for markante, statslige "
            "investeringer i området \n"
        ),
        (
            "KKR Hovedstaden skal fastholde fokus på fremdrift af og "
            "interessevaretagelse i forhold til de fælles \n"
            "prioriterede 7+3 VIP infrastrukturprojekter (2016) og de fem nye "
            "mobilitets- og infrastrukturindsatser, \n"
            "der er prioriteret med den fælles strategi for mobilitet og "
            "infrastruktur (2025).  \n"
        ),
    ),
    3: (
        (
            "KKR Hovedstaden skal fortsat understøtte kommunernes ambitioner på "
            "klimaområdet  \n"
        ),
        (
            "KKR Hovedstaden skal fastholde samarbejdet i Klimaalliancen i "
            "Hovedstadsregionen, der med et højt \n"
            "fagligt niveau understøtter hovedstadskommunernes implementering af "
            "klimaplanerne og tager afsæt i \n"
            "kommunernes lokale såvel som tværkommunale behov. "
        ),
    ),
    4: (
        (
            "KKR Hovedstaden skal arbejde for at sikre stærke rammebetingelser for "
            "erhvervsudvikling og \n"
            "\n"
            "-fremme for hovedstadsområdets kommuner og virksomheder \n"
        ),
        (
            "KKR Hovedstaden skal styrke erhvervsudvikling og erhvervsfremme i "
            "samarbejde med Danmarks \n"
            "Erhvervsfremmebestyrelse, Erhvervshus Hovedstaden, Greater Copenhagen "
            "og øvrige \n"
            "erhvervsfremmeaktører i hovedstadsområdet. Desuden samarbejde om "
            "kommuners og \n"
            "virksomhedernes arbejdskraftbehov med relevante aktører og om "
            "beskæftigelsesindsatser efter \n"
            "reformen. "
        ),
    ),
    5: (
        (
            "KKR Hovedstaden skal fortsat have uddannelse og rekruttering til "
            "velfærdsområderne som \n"
            "\n"
            "centralt fælleskommunalt indsatsområde  \n"
        ),
        (
            "KKR Hovedstaden skal evaluere den fælles taskforce for uddannelse og "
            "rekruttering ift. medarbejdere \n"
            "til velfærdsområderne og fortsat samarbejde med "
            "uddannelsesinstitutionerne, herunder om viden om \n"
            "praktik- og lærepladser. Desuden kan der ses på opdatering af KKR’s "
            "fælles uddannelsesstrategier ift. \n"
            "de nyeste uddannelsesreformer, bl.a. øget fokus på praktik og "
            "vejledning. "
        ),
    ),
    6: (
        (
            "KKR Hovedstaden skal være opmærksom på konsekvenserne af, at en del af "
            "regionens \n"
            "\n"
            "udviklingsmidler og -opgaver bortfalder fra 2026 \n"
        ),
        (
            "Det får betydning særligt for klimaområdet og potentielt for regionens "
            "engagement i Greater \n"
            "Copenhagen-samarbejdet og Greater Copenhagen EU Office, evt. for "
            "mobilitetsområdet. Det kan også \n"
            " betyde, at regionens opgaver ift. at ansøge, medfinansiere og styre "
            "eksternt finansierede projekter som \n"
            "fx EU-projekter med betydning for hele hovedstadsregionen nedskaleres.  "
        ),
    ),
    7: (
        (
            "KKR Hovedstaden skal have fokus på etableringen af fælles "
            "it-driftsenheder  \n"
        ),
        (
            "Opgaven med at etablere nye tværkommunale it-serviceorganisationer, der "
            "inden udgangen af 2027 \n"
            "varetager kommunernes drift af server- og netværksinfrastruktur vil "
            "være betydelig i de kommende år. \n"
            "Det anbefales, at KKR Hovedstaden løbende forholder sig til "
            "fremdriften, herunder fastlæggelse af \n"
            "modeller for samarbejde.  "
        ),
    ),
    8: (
        (
            "KKR Hovedstaden vil afsøge et styrket samarbejde med KKR Sjælland \n"
        ),
        (
            "Sundhedsreformen vil give et øget samarbejde på sundhedsområdet mellem "
            "kommunerne i \n"
            "Østdanmark. Det er en anledning til, at KKR Hovedstaden og KKR Sjælland "
            "har øget fokus på \n"
            "samarbejder, der kan styrke de østdanske kommuner – fx ift. "
            "infrastruktur, erhvervsfremme eller \n"
            "uddannelse.  "
        ),
    ),
    9: (
        (
            "KKR Hovedstaden vil følge sundhedsreformen  \n"
        ),
        (
            "Det nye Sundhedskoordinationsforum bliver fremadrettet det politiske "
            "omdrejningspunkt for at drøfte \n"
            "sundhedsområdet på tværs af KKR Hovedstaden og KKR Sjælland. Det "
            "anbefales, at KKR Hovedstaden \n"
            "fortsat følger udviklingen på sundhedsområdet og tager drøftelser og "
            "behandler sager om området, når \n"
            "det er relevant.   \n"
            " "
        ),
    ),
}


def recommendation(number: int) -> str:
    headline, body = RECOMMENDATIONS[number]
    return headline + body


ACTORS = [
    ActorPattern(
        "klimaalliancen-i-hovedstadsregionen",
        ("Klimaalliancen i Hovedstadsregionen", "Klimaalliancen"),
    ),
    ActorPattern(
        "danmarks-erhvervsfremmebestyrelse",
        ("Danmarks Erhvervsfremmebestyrelse", "Erhvervsfremmebestyrelsen"),
    ),
    ActorPattern("erhvervshus-hovedstaden", ("Erhvervshus Hovedstaden",)),
    ActorPattern("greater-copenhagen", ("Greater Copenhagen",)),
    ActorPattern("greater-copenhagen-eu-office", ("Greater Copenhagen EU Office",)),
    ActorPattern("kkr-sjaelland", ("KKR Sjælland",)),
    ActorPattern(
        "sundhedskoordinationsforum",
        ("Sundhedskoordinationsforum", "Sundhedskoordinationsforummet"),
    ),
    ActorPattern("region-hovedstaden", ("Region Hovedstaden", "Region H", "regionen")),
]

SEED_EXPECTED: dict[int, list[str]] = {
    1: [],
    2: [],
    3: ["klimaalliancen-i-hovedstadsregionen"],
    4: ["danmarks-erhvervsfremmebestyrelse", "erhvervshus-hovedstaden", "greater-copenhagen"],
    5: [],
    # "regionens" is Region Hovedstaden; "hovedstadsregionen" later in the text is not
    6: ["region-hovedstaden", "greater-copenhagen", "greater-copenhagen-eu-office"],
    7: [],  # "kommunernes" and "KKR Hovedstaden" name no partner
    8: ["kkr-sjaelland"],
    9: ["sundhedskoordinationsforum", "kkr-sjaelland"],
}


@pytest.mark.parametrize("number", sorted(SEED_EXPECTED))
def test_actors_in_the_seed(number: int) -> None:
    assert find_actors(recommendation(number), ACTORS) == SEED_EXPECTED[number]


def test_no_actors_in_the_preamble() -> None:
    # "KKR Hovedstadens" is the council itself, and no pattern names it
    assert find_actors(PREAMBLE, ACTORS) == []


RULE_CASES: list[tuple[str, list[str]]] = [
    # case-insensitive
    ("GREATER COPENHAGEN", ["greater-copenhagen"]),
    ("greater copenhagen", ["greater-copenhagen"]),
    ("Regionen har", ["region-hovedstaden"]),
    # genitive
    ("Greater Copenhagens rolle", ["greater-copenhagen"]),
    ("KKR Sjællands møde", ["kkr-sjaelland"]),
    ("Region H's opgaver", ["region-hovedstaden"]),
    ("Region H’s opgaver", ["region-hovedstaden"]),
    ("regionens midler", ["region-hovedstaden"]),
    ("Klimaalliancen i Hovedstadsregionens arbejde", ["klimaalliancen-i-hovedstadsregionen"]),
    ("Sundhedskoordinationsforummets møde", ["sundhedskoordinationsforum"]),
    # hyphen compounds
    ("Greater Copenhagen-samarbejdet", ["greater-copenhagen"]),
    ("Greater Copenhagen-samarbejdets fremtid", ["greater-copenhagen"]),
    ("Region H-projekter", ["region-hovedstaden"]),
    ("Region H\u2011samarbejdet", ["region-hovedstaden"]),
    ("Greater Copenhagen- og Øresundssamarbejdet", ["greater-copenhagen"]),
    # listed definite forms
    ("Erhvervsfremmebestyrelsen anbefaler", ["danmarks-erhvervsfremmebestyrelse"]),
    ("Sundhedskoordinationsforummet mødes", ["sundhedskoordinationsforum"]),
    # endings that are not derived
    ("Greater Copenhagenen", []),
    ("KKR Sjællandet", []),
    ("Erhvervshus Hovedstadenerne", []),
    ("regionerne og regionernes opgaver", []),
    ("Region Hillerød", []),
    # the start of a name is a word start outside a compound
    ("Hovedstadsregionen", []),
    ("hovedstadsregionen", []),
    ("hovedstads-regionen", []),
    ("i hele hovedstadsregionen nedskaleres", []),
    ("Klimaalliancerne", []),
    # whitespace and line breaks between the words of a name
    ("Danmarks \nErhvervsfremmebestyrelse", ["danmarks-erhvervsfremmebestyrelse"]),
    ("Greater \nCopenhagen-samarbejdet", ["greater-copenhagen"]),
    ("Greater  \n\n Copenhagen", ["greater-copenhagen"]),
    ("KKR\u00a0Sjælland", ["kkr-sjaelland"]),
    ("Klimaalliancen i\r\nHovedstadsregionen", ["klimaalliancen-i-hovedstadsregionen"]),
    # the longest match wins and consumes its span
    ("Greater Copenhagen EU Office", ["greater-copenhagen-eu-office"]),
    ("Greater \nCopenhagen EU \nOffice", ["greater-copenhagen-eu-office"]),
    (
        "Greater Copenhagen-samarbejdet og Greater Copenhagen EU Office",
        ["greater-copenhagen", "greater-copenhagen-eu-office"],
    ),
    (
        "Greater Copenhagen EU Office og Greater Copenhagen",
        ["greater-copenhagen-eu-office", "greater-copenhagen"],
    ),
    ("Klimaalliancen i Hovedstadsregionen", ["klimaalliancen-i-hovedstadsregionen"]),
    ("Region Hovedstaden", ["region-hovedstaden"]),
    # order of first appearance, no duplicates
    (
        "KKR Sjælland, Region H og KKR Sjælland igen, så regionen",
        ["kkr-sjaelland", "region-hovedstaden"],
    ),
    # text extracted from PDFs: soft hyphens inside words
    ("Erhvervs\u00adfremmebestyrelsen", ["danmarks-erhvervsfremmebestyrelse"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_find_actors(text: str, expected: list[str]) -> None:
    assert find_actors(text, ACTORS) == expected


def test_decomposed_letters_match_composed_names() -> None:
    # "A" + combining ring above, as some PDF extractors give "Å"
    patterns = [ActorPattern("aarhus-kommune", ("Århus Kommune",))]
    assert find_actors("A\u030arhus Kommunes byråd", patterns) == ["aarhus-kommune"]


def test_a_shared_name_goes_to_the_first_pattern() -> None:
    patterns = [
        ActorPattern("first", ("Forum for Sundhed",)),
        ActorPattern("second", ("Forum for Sundhed",)),
    ]
    assert find_actors("Forum for Sundhed mødes", patterns) == ["first"]


def test_no_patterns_or_blank_names() -> None:
    assert find_actors("Greater Copenhagen", []) == []
    assert find_actors("Greater Copenhagen", [ActorPattern("blank", ("", " "))]) == []


def test_names_with_regex_characters_are_literal() -> None:
    patterns = [ActorPattern("c-plus", ("C+ Netværk (Øst)",))]
    assert find_actors("C+ Netværk (Øst) mødes", patterns) == ["c-plus"]
    assert find_actors("C Netværk Øst mødes", patterns) == []
