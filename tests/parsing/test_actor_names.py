"""Named actors in running text: the council's own paragraphs and one literal test per rule."""

from __future__ import annotations

import pytest

from kkrmonitor.parsing.actor_names import ActorPattern, find_actors
from tests.parsing.seed_text import PREAMBLE, recommendation

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
