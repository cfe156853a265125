"""Danish temporal expressions: literal expected windows for every form the importer and the
forms accept, the council's own document, and what must not be taken for a date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkrmonitor.parsing.danish_dates import (
    PRECISIONS,
    DateWindow,
    find_windows,
    parse_window,
    sentence_around,
)
from tests.parsing.seed_text import DOCUMENT, PREAMBLE, RECOMMENDATIONS, recommendation

# (start, end, label, precision) with dates as ISO strings so the table reads like the output.
Expected = tuple[str | None, str | None, str, str]


def as_tuple(window: DateWindow | None) -> Expected | None:
    if window is None:
        return None
    d = window.as_dict()
    return (d["start"], d["end"], d["label"], d["precision"])  # type: ignore[return-value]


# --- parse_window: one expression as typed in a form ----------------------------------------

PARSE_CASES: list[tuple[str, Expected]] = [
    # seasons: meteorological quarters, winter from December of the named year
    ("foråret 2026", ("2026-03-01", "2026-05-31", "foråret 2026", "season")),
    ("i foråret 2026", ("2026-03-01", "2026-05-31", "foråret 2026", "season")),
    ("Foråret 2026", ("2026-03-01", "2026-05-31", "foråret 2026", "season")),
    ("  I  FORÅRET\n2026 ", ("2026-03-01", "2026-05-31", "foråret 2026", "season")),
    ("forår 2026", ("2026-03-01", "2026-05-31", "foråret 2026", "season")),
    ("i løbet af foråret 2026", ("2026-03-01", "2026-05-31", "foråret 2026", "season")),
    ("i foråret 2026.", ("2026-03-01", "2026-05-31", "foråret 2026", "season")),
    ("sommeren 2026", ("2026-06-01", "2026-08-31", "sommeren 2026", "season")),
    ("sommer 2026", ("2026-06-01", "2026-08-31", "sommeren 2026", "season")),
    ("efteråret 2026", ("2026-09-01", "2026-11-30", "efteråret 2026", "season")),
    ("efterår 2026", ("2026-09-01", "2026-11-30", "efteråret 2026", "season")),
    ("vinteren 2026", ("2026-12-01", "2027-02-28", "vinteren 2026", "season")),
    ("vinter 2026", ("2026-12-01", "2027-02-28", "vinteren 2026", "season")),
    ("vinteren 2027", ("2027-12-01", "2028-02-29", "vinteren 2027", "season")),
    ("vinteren 2023", ("2023-12-01", "2024-02-29", "vinteren 2023", "season")),
    ("vinteren 2099", ("2099-12-01", "2100-02-28", "vinteren 2099", "season")),
    # days
    ("24. oktober 2025", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    ("den 24. oktober 2025", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    ("d. 24. oktober 2025", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    ("24. okt. 2025", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    ("1. jan. 2026", ("2026-01-01", "2026-01-01", "1. januar 2026", "day")),
    ("5. maj 2026", ("2026-05-05", "2026-05-05", "5. maj 2026", "day")),
    ("29. februar 2028", ("2028-02-29", "2028-02-29", "29. februar 2028", "day")),
    ("24.10.2025", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    ("24/10/2025", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    ("24-10-2025", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    ("1.3.2026", ("2026-03-01", "2026-03-01", "1. marts 2026", "day")),
    ("2026-03-01", ("2026-03-01", "2026-03-01", "1. marts 2026", "day")),
    ("den 2025-10-24", ("2025-10-24", "2025-10-24", "24. oktober 2025", "day")),
    # months
    ("september 2025", ("2025-09-01", "2025-09-30", "september 2025", "month")),
    ("i september 2025", ("2025-09-01", "2025-09-30", "september 2025", "month")),
    ("sept. 2025", ("2025-09-01", "2025-09-30", "september 2025", "month")),
    ("Maj 2026", ("2026-05-01", "2026-05-31", "maj 2026", "month")),
    ("februar 2028", ("2028-02-01", "2028-02-29", "februar 2028", "month")),
    ("dec. 2026", ("2026-12-01", "2026-12-31", "december 2026", "month")),
    ("jul. 2026", ("2026-07-01", "2026-07-31", "juli 2026", "month")),
    # halves
    ("første halvår 2026", ("2026-01-01", "2026-06-30", "første halvår 2026", "half")),
    ("1. halvår 2026", ("2026-01-01", "2026-06-30", "første halvår 2026", "half")),
    ("i første halvår 2026", ("2026-01-01", "2026-06-30", "første halvår 2026", "half")),
    ("andet halvår 2026", ("2026-07-01", "2026-12-31", "andet halvår 2026", "half")),
    ("2. halvår 2026", ("2026-07-01", "2026-12-31", "andet halvår 2026", "half")),
    # quarters
    ("1. kvartal 2026", ("2026-01-01", "2026-03-31", "1. kvartal 2026", "quarter")),
    ("første kvartal 2026", ("2026-01-01", "2026-03-31", "1. kvartal 2026", "quarter")),
    ("2. kvartal 2026", ("2026-04-01", "2026-06-30", "2. kvartal 2026", "quarter")),
    ("andet kvartal 2026", ("2026-04-01", "2026-06-30", "2. kvartal 2026", "quarter")),
    ("3. kvartal 2026", ("2026-07-01", "2026-09-30", "3. kvartal 2026", "quarter")),
    ("tredje kvartal 2026", ("2026-07-01", "2026-09-30", "3. kvartal 2026", "quarter")),
    ("4. kvartal 2026", ("2026-10-01", "2026-12-31", "4. kvartal 2026", "quarter")),
    ("fjerde kvartal 2026", ("2026-10-01", "2026-12-31", "4. kvartal 2026", "quarter")),
    ("i 4. kvartal 2026", ("2026-10-01", "2026-12-31", "4. kvartal 2026", "quarter")),
    ("2026K1", ("2026-01-01", "2026-03-31", "1. kvartal 2026", "quarter")),
    ("Q3 2026", ("2026-07-01", "2026-09-30", "3. kvartal 2026", "quarter")),
    # primo / medio / ultimo: thirds of a year, days 1-10 / 11-20 / 21-end of a month
    ("primo 2026", ("2026-01-01", "2026-04-30", "primo 2026", "part")),
    ("medio 2026", ("2026-05-01", "2026-08-31", "medio 2026", "part")),
    ("ultimo 2026", ("2026-09-01", "2026-12-31", "ultimo 2026", "part")),
    ("primo marts 2026", ("2026-03-01", "2026-03-10", "primo marts 2026", "part")),
    ("medio marts 2026", ("2026-03-11", "2026-03-20", "medio marts 2026", "part")),
    ("ultimo marts 2026", ("2026-03-21", "2026-03-31", "ultimo marts 2026", "part")),
    ("ultimo februar 2026", ("2026-02-21", "2026-02-28", "ultimo februar 2026", "part")),
    ("ultimo februar 2028", ("2028-02-21", "2028-02-29", "ultimo februar 2028", "part")),
    # deadlines: open start
    ("inden udgangen af 2027", (None, "2027-12-31", "inden udgangen af 2027", "year")),
    ("inden udgangen \naf 2027", (None, "2027-12-31", "inden udgangen af 2027", "year")),
    ("senest ved udgangen af 2027", (None, "2027-12-31", "inden udgangen af 2027", "year")),
    ("ved udgangen af 2027", (None, "2027-12-31", "ved udgangen af 2027", "year")),
    ("med udgangen af 2027", (None, "2027-12-31", "ved udgangen af 2027", "year")),
    ("senest 2027", (None, "2027-12-31", "senest 2027", "year")),
    ("senest i 2027", (None, "2027-12-31", "senest 2027", "year")),
    ("til og med 2027", (None, "2027-12-31", "til og med 2027", "year")),
    ("inden 2027", (None, "2026-12-31", "inden 2027", "year")),
    ("før 2027", (None, "2026-12-31", "før 2027", "year")),
    ("inden foråret 2026", (None, "2026-02-28", "inden foråret 2026", "season")),
    (
        "inden udgangen af juni 2026",
        (None, "2026-06-30", "inden udgangen af juni 2026", "month"),
    ),
    ("senest den 1. marts 2026", (None, "2026-03-01", "senest 1. marts 2026", "day")),
    (
        "inden udgangen af første halvår 2026",
        (None, "2026-06-30", "inden udgangen af første halvår 2026", "half"),
    ),
    # open end
    ("fra 2026", ("2026-01-01", None, "fra 2026", "year")),
    ("fra og med 2026", ("2026-01-01", None, "fra 2026", "year")),
    ("fra 1. januar 2026", ("2026-01-01", None, "fra 1. januar 2026", "day")),
    ("fra den 1. januar 2026", ("2026-01-01", None, "fra 1. januar 2026", "day")),
    ("fra foråret 2026", ("2026-03-01", None, "fra foråret 2026", "season")),
    # years
    ("2026", ("2026-01-01", "2026-12-31", "2026", "year")),
    ("i 2026", ("2026-01-01", "2026-12-31", "2026", "year")),
    ("i løbet af 2026", ("2026-01-01", "2026-12-31", "2026", "year")),
    ("inden for 2026", ("2026-01-01", "2026-12-31", "2026", "year")),
    ("i året 2026", ("2026-01-01", "2026-12-31", "2026", "year")),
    # ranges, both end years included
    ("2026-2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("2026–2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("2026 - 2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("2026-29", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("valgperioden 2026-2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("i valgperioden 2026-2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("i perioden 2026-2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("fra 2026 til 2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    ("fra 2026 til og med 2029", ("2026-01-01", "2029-12-31", "2026-2029", "range")),
    (
        "fra 1. marts 2026 til 31. maj 2026",
        ("2026-03-01", "2026-05-31", "fra 1. marts 2026 til 31. maj 2026", "range"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_parse_window(text: str, expected: Expected) -> None:
    assert as_tuple(parse_window(text)) == expected


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES, ids=[c[0] for c in PARSE_CASES])
def test_label_parses_back_to_the_same_window(text: str, expected: Expected) -> None:
    window = parse_window(text)
    assert window is not None
    assert parse_window(window.label) == window


NOT_DATES = [
    "",
    "   ",
    "hej",
    "foråret",
    "24. oktober",
    "2026 foråret",
    "31. februar 2026",
    "30.02.2026",
    "13.13.2026",
    "2029-2026",
    "i de kommende år",
    "7+3",
    "jul 2026",  # "jul" without a period is Christmas, not July
    "1000",
    "20262",
    "foråret 2026 og sommeren 2027",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_window_rejects(text: str) -> None:
    assert parse_window(text) is None


def test_as_dict() -> None:
    assert parse_window("i foråret 2026").as_dict() == {  # type: ignore[union-attr]
        "start": "2026-03-01",
        "end": "2026-05-31",
        "label": "foråret 2026",
        "precision": "season",
    }
    assert parse_window("inden udgangen af 2027").as_dict() == {  # type: ignore[union-attr]
        "start": None,
        "end": "2027-12-31",
        "label": "inden udgangen af 2027",
        "precision": "year",
    }


def test_precisions() -> None:
    assert PRECISIONS == ("day", "month", "season", "half", "quarter", "part", "year", "range")


def test_impossible_windows_are_refused() -> None:
    with pytest.raises(ValueError, match="precision"):
        DateWindow(date(2026, 1, 1), date(2026, 1, 1), "x", "week")
    with pytest.raises(ValueError, match="starts after it ends"):
        DateWindow(date(2026, 2, 1), date(2026, 1, 1), "x", "day")


# --- find_windows: the council's document ---------------------------------------------------

# (text as found, start, end, label, precision)
Found = tuple[str, str | None, str | None, str, str]

SEED_EXPECTED: dict[str, list[Found]] = {
    "preamble": [
        ("valgperioden 2022-2025", "2022-01-01", "2025-12-31", "2022-2025", "range"),
        ("valgperioden 2026-2029", "2026-01-01", "2029-12-31", "2026-2029", "range"),
        ("den 24. oktober 2025", "2025-10-24", "2025-10-24", "24. oktober 2025", "day"),
    ],
    "1": [
        ("i september 2025", "2025-09-01", "2025-09-30", "september 2025", "month"),
        ("i foråret 2026", "2026-03-01", "2026-05-31", "foråret 2026", "season"),
    ],
    "2": [],  # "(2016)" and "(2025)" say when something was decided, not when to act
    "3": [],
    "4": [],
    "5": [],
    "6": [("fra 2026", "2026-01-01", None, "fra 2026", "year")],
    "7": [("inden udgangen af 2027", None, "2027-12-31", "inden udgangen af 2027", "year")],
    "8": [],
    "9": [],
}


def found_tuples(text: str) -> list[Found]:
    result = []
    for found in find_windows(text):
        assert text[found.start : found.end] == found.text
        start, end, label, precision = as_tuple(found.window)  # type: ignore[misc]
        result.append((found.text, start, end, label, precision))
    return result


@pytest.mark.parametrize("part", list(SEED_EXPECTED))
def test_find_windows_in_the_seed(part: str) -> None:
    text = PREAMBLE if part == "preamble" else recommendation(int(part))
    assert found_tuples(text) == SEED_EXPECTED[part]


def test_find_windows_in_the_whole_seed_document() -> None:
    labels = [found.window.label for found in find_windows(DOCUMENT)]
    assert labels == [
        "2022-2025",
        "2026-2029",
        "24. oktober 2025",
        "september 2025",
        "foråret 2026",
        "fra 2026",
        "inden udgangen af 2027",
    ]


FIND_CASES: list[tuple[str, list[Found]]] = [
    # wrapped across line breaks, as PDF extraction leaves it
    (
        "skal godkendes i foråret\n2026.",
        [("i foråret\n2026", "2026-03-01", "2026-05-31", "foråret 2026", "season")],
    ),
    (
        "skal godkendes i foråret  \n\n2026 af KKR",
        [("i foråret  \n\n2026", "2026-03-01", "2026-05-31", "foråret 2026", "season")],
    ),
    (
        "der inden udgangen \naf 2027 \nvaretager",
        [("inden udgangen \naf 2027", None, "2027-12-31", "inden udgangen af 2027", "year")],
    ),
    (
        "mødet den 24.\r\noktober 2025.",
        [("den 24.\r\noktober 2025", "2025-10-24", "2025-10-24", "24. oktober 2025", "day")],
    ),
    (
        "i valgperioden  \n\n2026-2029.",
        [("valgperioden  \n\n2026-2029", "2026-01-01", "2029-12-31", "2026-2029", "range")],
    ),
    ("bortfalder fra\n2026", [("fra\n2026", "2026-01-01", None, "fra 2026", "year")]),
    # a year in running text needs a word in front of it
    ("Det sker i 2026.", [("i 2026", "2026-01-01", "2026-12-31", "2026", "year")]),
    ("I 2026 skal", [("I 2026", "2026-01-01", "2026-12-31", "2026", "year")]),
    ("i året 2027", [("i året 2027", "2027-01-01", "2027-12-31", "2027", "year")]),
    ("senest i 2027", [("senest i 2027", None, "2027-12-31", "senest 2027", "year")]),
    # longest match wins
    (
        "fra 2026 til og med 2029 skal",
        [("fra 2026 til og med 2029", "2026-01-01", "2029-12-31", "2026-2029", "range")],
    ),
    ("i 2026-2029 skal", [("2026-2029", "2026-01-01", "2029-12-31", "2026-2029", "range")]),
    (
        "senest den 1. marts 2026",
        [("senest den 1. marts 2026", None, "2026-03-01", "senest 1. marts 2026", "day")],
    ),
    (
        "primo marts 2026",
        [("primo marts 2026", "2026-03-01", "2026-03-10", "primo marts 2026", "part")],
    ),
    # several, in order
    (
        "i foråret 2026 og senest i 2027, evt. den 2026-03-01",
        [
            ("i foråret 2026", "2026-03-01", "2026-05-31", "foråret 2026", "season"),
            ("senest i 2027", None, "2027-12-31", "senest 2027", "year"),
            ("den 2026-03-01", "2026-03-01", "2026-03-01", "1. marts 2026", "day"),
        ],
    ),
    # an impossible day is not a day, but its month still is a month
    (
        "den 31. februar 2026",
        [("februar 2026", "2026-02-01", "2026-02-28", "februar 2026", "month")],
    ),
    # parentheses: a bare year or range is left out, an expression is not
    ("infrastrukturprojekter (2016) og", []),
    ("strategi for mobilitet og infrastruktur (2025).", []),
    ("strategien ( 2016 ) og", []),
    ("strategien (2016-2020) og", []),
    ("besluttet (i 2026) at", [("i 2026", "2026-01-01", "2026-12-31", "2026", "year")]),
    # not dates
    ("de fælles prioriterede 7+3 VIP infrastrukturprojekter", []),
    ("vil være betydelig i de kommende år.", []),
    ("2027 bliver et travlt år", []),
    ("infrastrukturprojekter 2027 og", []),
    ("Desuden opdatering af KKR's og KKR’s strategier", []),
    ("2.000 boliger og 1,5 mio. kr.", []),
    ("til jul 2026", []),
    ("den 2026 vedtagne budget", []),
    ("sag nr. 2026 og i 20262", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES, ids=[c[0] for c in FIND_CASES])
def test_find_windows(text: str, expected: list[Found]) -> None:
    assert found_tuples(text) == expected


# --- sentence_around ------------------------------------------------------------------------


def sentence_of(text: str, fragment: str) -> str:
    start = text.index(fragment)
    return sentence_around(text, start, start + len(fragment))


SENTENCE_CASES: list[tuple[str, str, str]] = [
    (
        PREAMBLE,
        "den 24. oktober 2025",
        "Anbefalingerne er godkendt på KKR Hovedstadens møde den 24. oktober 2025.",
    ),
    (
        RECOMMENDATIONS[1][1],
        "i september 2025",
        "KKR Hovedstaden godkendte i september 2025, at kommunerne ønsker at styrke den fælles"
        " udvikling af det specialiserede socialområde gennem nye fælles initiativer, der skal"
        " være med til at sikre en højere grad af styring på kvalitet og pris.",
    ),
    (
        RECOMMENDATIONS[1][1],
        "i foråret 2026",
        "Initiativerne skal godkendes i foråret 2026.",
    ),
    (
        RECOMMENDATIONS[6][0],
        "fra 2026",
        "KKR Hovedstaden skal være opmærksom på konsekvenserne af, at en del af regionens"
        " udviklingsmidler og -opgaver bortfalder fra 2026",
    ),
    (
        RECOMMENDATIONS[7][1],
        "inden udgangen af 2027",
        "Opgaven med at etablere nye tværkommunale it-serviceorganisationer, der inden udgangen"
        " af 2027 varetager kommunernes drift af server- og netværksinfrastruktur vil være"
        " betydelig i de kommende år.",
    ),
    # "ift." and "bl.a." are not sentence ends
    (
        RECOMMENDATIONS[5][1],
        "øget fokus",
        "Desuden kan der ses på opdatering af KKR’s fælles uddannelsesstrategier ift. de nyeste"
        " uddannelsesreformer, bl.a. øget fokus på praktik og vejledning.",
    ),
    # "evt." is not; and the next sentence starts after the real period
    (
        RECOMMENDATIONS[6][1],
        "Greater \nCopenhagen-samarbejdet",
        "Det får betydning særligt for klimaområdet og potentielt for regionens engagement i"
        " Greater Copenhagen-samarbejdet og Greater Copenhagen EU Office, evt. for"
        " mobilitetsområdet.",
    ),
    (
        RECOMMENDATIONS[6][1],
        "nedskaleres",
        "Det kan også betyde, at regionens opgaver ift. at ansøge, medfinansiere og styre"
        " eksternt finansierede projekter som fx EU-projekter med betydning for hele"
        " hovedstadsregionen nedskaleres.",
    ),
    # "fx." before a dash, in the middle of the recommendation 8 sentence
    (
        RECOMMENDATIONS[8][1],
        "østdanske",
        "Det er en anledning til, at KKR Hovedstaden og KKR Sjælland har øget fokus på"
        " samarbejder, der kan styrke de østdanske kommuner – fx ift. infrastruktur,"
        " erhvervsfremme eller uddannelse.",
    ),
    # bullets start sentences
    ("Indledning\n➢ Første punkt i 2027\n• Andet punkt", "i 2027", "Første punkt i 2027"),
    ("Indledning:\n- Første punkt i 2027\n- Andet", "i 2027", "Første punkt i 2027"),
    # "!" and "?" end sentences
    ("Nu! Det sker i 2026? Ja.", "i 2026", "Det sker i 2026?"),
    # ordinal dates and quarters are not sentence ends
    ("Før. Mødet den 24. oktober 2025 og 1. kvartal 2026 er aftalt. Efter.", "2025",
     "Mødet den 24. oktober 2025 og 1. kvartal 2026 er aftalt."),
    # a period after a year followed by a capital is a sentence end
    ("Det sker i 2026. Derefter evaluering.", "i 2026", "Det sker i 2026."),
    ("Det sker i 2026. Derefter evaluering.", "evaluering", "Derefter evaluering."),
]


@pytest.mark.parametrize(("text", "fragment", "expected"), SENTENCE_CASES)
def test_sentence_around(text: str, fragment: str, expected: str) -> None:
    assert sentence_of(text, fragment) == expected


@pytest.mark.parametrize(
    "abbreviation",
    ["bl.a.", "fx.", "ift.", "evt.", "jf.", "ca.", "inkl.", "dvs.", "f.eks.", "nr.", "mio."],
)
def test_abbreviations_are_not_sentence_ends_even_before_a_capital(abbreviation: str) -> None:
    text = f"Første sætning. Vi samler {abbreviation} Region H i 2026 her. Sidste sætning."
    assert sentence_of(text, "i 2026") == f"Vi samler {abbreviation} Region H i 2026 her."


@pytest.mark.parametrize("abbreviation", ["mv.", "m.fl.", "osv."])
def test_list_endings_end_a_sentence_only_before_a_capital(abbreviation: str) -> None:
    # "mv." mid-sentence is followed by a lowercase word; before a capital it is the one
    # period that closes the sentence, as Danish writes it.
    text = f"Skoler {abbreviation} i 2026 samles. Næste."
    assert sentence_of(text, "i 2026") == f"Skoler {abbreviation} i 2026 samles."
    text = f"Skoler {abbreviation} Det sker i 2026. Næste."
    assert sentence_of(text, "i 2026") == "Det sker i 2026."
    assert sentence_of(text, "Skoler") == f"Skoler {abbreviation}"


def test_a_headline_without_a_period_runs_into_the_next_sentence() -> None:
    # Nothing in the extracted text tells the title line from a wrapped line ("det nye KKR
    # \nHovedstaden"), which is why the importer passes paragraphs, not whole documents.
    assert sentence_of(PREAMBLE, "valgperioden 2022-2025") == (
        "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden KKR Hovedstaden har ved"
        " slutningen af valgperioden 2022-2025 drøftet anbefalinger til det nye KKR Hovedstaden"
        " i valgperioden 2026-2029."
    )


def test_sentence_around_every_expression_of_the_seed() -> None:
    preamble_body = PREAMBLE[PREAMBLE.index("KKR Hovedstaden har") :]
    bodies = [preamble_body] + [body for _, body in RECOMMENDATIONS.values()]
    sentences = [
        sentence_around(body, found.start, found.end)
        for body in bodies
        for found in find_windows(body)
    ]
    assert sentences == [
        "KKR Hovedstaden har ved slutningen af valgperioden 2022-2025 drøftet anbefalinger til"
        " det nye KKR Hovedstaden i valgperioden 2026-2029.",
        "KKR Hovedstaden har ved slutningen af valgperioden 2022-2025 drøftet anbefalinger til"
        " det nye KKR Hovedstaden i valgperioden 2026-2029.",
        "Anbefalingerne er godkendt på KKR Hovedstadens møde den 24. oktober 2025.",
        "KKR Hovedstaden godkendte i september 2025, at kommunerne ønsker at styrke den fælles"
        " udvikling af det specialiserede socialområde gennem nye fælles initiativer, der skal"
        " være med til at sikre en højere grad af styring på kvalitet og pris.",
        "Initiativerne skal godkendes i foråret 2026.",
        "Opgaven med at etablere nye tværkommunale it-serviceorganisationer, der inden udgangen"
        " af 2027 varetager kommunernes drift af server- og netværksinfrastruktur vil være"
        " betydelig i de kommende år.",
    ]


# --- properties -----------------------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2199)
SEASON_WORDS = ["forår", "foråret", "sommer", "sommeren", "efterår", "efteråret", "vinter",
                "vinteren"]


@given(year=years, word=st.sampled_from(SEASON_WORDS))
def test_every_season_is_three_months_of_its_year(year: int, word: str) -> None:
    window = parse_window(f"i {word} {year}")
    assert window is not None and window.start is not None and window.end is not None
    assert window.start <= window.end
    assert window.start.year == year and window.start.day == 1
    assert 89 <= (window.end - window.start).days + 1 <= 92
    assert (window.end + timedelta(days=1)).day == 1  # ends on a month's last day
    assert parse_window(window.label) == window


def expression(kind: str, year: int, n: int) -> str:
    """A base expression of `kind`; `n` picks the day, month, half, quarter or part."""
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
              "september", "oktober", "november", "december"]
    return {
        "day": f"{n % 28 + 1}. {months[n % 12]} {year}",
        "month": f"{months[n % 12]} {year}",
        "half": f"{n % 2 + 1}. halvår {year}",
        "quarter": f"{n % 4 + 1}. kvartal {year}",
        "part-year": f"{['primo', 'medio', 'ultimo'][n % 3]} {year}",
        "part-month": f"{['primo', 'medio', 'ultimo'][n % 3]} {months[n % 12]} {year}",
        "year": f"{year}",
    }[kind]


KINDS = ["day", "month", "half", "quarter", "part-year", "part-month", "year"]


@given(kind=st.sampled_from(KINDS), year=years, n=st.integers(min_value=0, max_value=99))
def test_expressions_round_trip_and_are_found_in_running_text(
    kind: str, year: int, n: int
) -> None:
    typed = expression(kind, year, n)
    window = parse_window(typed)
    assert window is not None and window.start is not None and window.end is not None
    assert window.start <= window.end
    assert parse_window(window.label) == window
    prefix = "den " if kind == "day" else "i "
    sentence = f"Det aftales {prefix}{typed}, som planlagt."
    assert [found.window for found in find_windows(sentence)] == [window]
    # deadlines and openings keep the matching end of the same window
    fra, senest, inden = (parse_window(f"{word} {typed}") for word in ("fra", "senest", "inden"))
    assert fra == DateWindow(window.start, None, f"fra {window.label}", window.precision)
    assert senest == DateWindow(None, window.end, f"senest {window.label}", window.precision)
    assert inden is not None and inden.end == window.start - timedelta(days=1)
