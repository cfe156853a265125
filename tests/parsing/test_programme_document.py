"""Reading the council's recommendations document (plain text, PDF, Word).

Pure tests: run with `pytest -p no:django`.  The expected programme is written out literally
below from reading the council's document; every other format must give the same.
"""

from __future__ import annotations

import io
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import FrozenInstanceError, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kkrmonitor.parsing.programme_document import (
    DocumentError,
    ParsedProgramme,
    ParsedRecommendation,
    parse_programme_docx,
    parse_programme_pdf,
    parse_programme_text,
    read_programme,
)
from kkrmonitor.parsing.readers.pdf import BOLD_FONT_RE, is_bullet_char
from tests.parsing.seed_text import HEADLINES

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "programmes" / "kkr-hovedstaden-anbefalinger-2026-2029.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "programme"

TITLE = "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden"
APPROVAL = "Anbefalingerne er godkendt på KKR Hovedstadens møde den 24. oktober 2025."
PREAMBLE_PARAGRAPHS = (
    "KKR Hovedstaden har ved slutningen af valgperioden 2022-2025 drøftet anbefalinger til "
    "det nye KKR Hovedstaden i valgperioden 2026-2029. Anbefalingerne er givet på baggrund af "
    "arbejdet i den nuværende valgperiode, og handler om de dagsordener, der vurderes særligt "
    "relevant for det nye KKR Hovedstaden at arbejde med.",
    APPROVAL,
)


BODIES = (
    "KKR Hovedstaden godkendte i september 2025, at kommunerne ønsker at styrke den fælles "
    "udvikling af det specialiserede socialområde gennem nye fælles initiativer, der skal være "
    "med til at sikre en højere grad af styring på kvalitet og pris. Initiativerne skal "
    "godkendes i foråret 2026.",
    "KKR Hovedstaden skal fastholde fokus på fremdrift af og interessevaretagelse i forhold til "
    "de fælles prioriterede 7+3 VIP infrastrukturprojekter (2016) og de fem nye mobilitets- og "
    "infrastrukturindsatser, der er prioriteret med den fælles strategi for mobilitet og "
    "infrastruktur (2025).",
    "KKR Hovedstaden skal fastholde samarbejdet i Klimaalliancen i Hovedstadsregionen, der med "
    "et højt fagligt niveau understøtter hovedstadskommunernes implementering af klimaplanerne "
    "og tager afsæt i kommunernes lokale såvel som tværkommunale behov.",
    "KKR Hovedstaden skal styrke erhvervsudvikling og erhvervsfremme i samarbejde med Danmarks "
    "Erhvervsfremmebestyrelse, Erhvervshus Hovedstaden, Greater Copenhagen og øvrige "
    "erhvervsfremmeaktører i hovedstadsområdet. Desuden samarbejde om kommuners og "
    "virksomhedernes arbejdskraftbehov med relevante aktører og om beskæftigelsesindsatser "
    "efter reformen.",
    "KKR Hovedstaden skal evaluere den fælles taskforce for uddannelse og rekruttering ift. "
    "medarbejdere til velfærdsområderne og fortsat samarbejde med uddannelsesinstitutionerne, "
    "herunder om viden om praktik- og lærepladser. Desuden kan der ses på opdatering af KKR’s "
    "fælles uddannelsesstrategier ift. de nyeste uddannelsesreformer, bl.a. øget fokus på "
    "praktik og vejledning.",
    "Det får betydning særligt for klimaområdet og potentielt for regionens engagement i "
    "Greater Copenhagen-samarbejdet og Greater Copenhagen EU Office, evt. for "
    "mobilitetsområdet. Det kan også betyde, at regionens opgaver ift. at ansøge, "
    "medfinansiere og styre eksternt finansierede projekter som fx EU-projekter med betydning "
    "for hele hovedstadsregionen nedskaleres.",
    "Opgaven med at etablere nye tværkommunale it-serviceorganisationer, der inden udgangen af "
    "2027 varetager kommunernes drift af server- og netværksinfrastruktur vil være betydelig i "
    "de kommende år. Det anbefales, at KKR Hovedstaden løbende forholder sig til fremdriften, "
    "herunder fastlæggelse af modeller for samarbejde.",
    "Sundhedsreformen vil give et øget samarbejde på sundhedsområdet mellem kommunerne i "
    "Østdanmark. Det er en anledning til, at KKR Hovedstaden og KKR Sjælland har øget fokus på "
    "samarbejder, der kan styrke de østdanske kommuner – fx ift. infrastruktur, erhvervsfremme "
    "eller uddannelse.",
    "Det nye Sundhedskoordinationsforum bliver fremadrettet det politiske omdrejningspunkt for "
    "at drøfte sundhedsområdet på tværs af KKR Hovedstaden og KKR Sjælland. Det anbefales, at "
    "KKR Hovedstaden fortsat følger udviklingen på sundhedsområdet og tager drøftelser og "
    "behandler sager om området, når det er relevant.",
)

EXPECTED = ParsedProgramme(
    title=TITLE,
    term="2026-2029",
    approved_on=date(2025, 10, 24),
    approval_sentence=APPROVAL,
    preamble="\n\n".join(PREAMBLE_PARAGRAPHS),
    recommendations=tuple(
        ParsedRecommendation(number, headline, body)
        for number, (headline, body) in enumerate(zip(HEADLINES, BODIES, strict=True), start=1)
    ),
    source_format="txt",
)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def as_txt(programme: ParsedProgramme) -> ParsedProgramme:
    return replace(programme, source_format="txt")


def wrapped(width: int, bullet: str = "➢ ", indent: str = "", body_indent: str = "") -> str:
    """The expected programme written out again, every paragraph wrapped to `width`."""
    out = [TITLE]
    out += textwrap.wrap(PREAMBLE_PARAGRAPHS[0], width) + [""]
    out += textwrap.wrap(PREAMBLE_PARAGRAPHS[1], width) + [""]
    for headline, body in zip(HEADLINES, BODIES, strict=True):
        out += textwrap.wrap(headline, width, initial_indent=bullet, subsequent_indent=indent)
        out += textwrap.wrap(body, width, initial_indent=body_indent, subsequent_indent=body_indent)
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------ the seed


def test_seed_title_term_and_approval() -> None:
    programme = read_programme(SEED)
    assert programme.title == TITLE
    # The outgoing term 2022-2025 is named first; the new council's term is the one wanted.
    assert programme.term == "2026-2029"
    assert programme.approved_on == date(2025, 10, 24)
    assert programme.approval_sentence == APPROVAL
    assert programme.source_format == "txt"


def test_seed_preamble() -> None:
    assert read_programme(SEED).preamble == "\n\n".join(PREAMBLE_PARAGRAPHS)


def test_seed_has_the_nine_headlines_literally() -> None:
    programme = read_programme(SEED)
    assert [r.number for r in programme.recommendations] == list(range(1, 10))
    assert [r.headline for r in programme.recommendations] == [
        "KKR Hovedstaden skal fortsat investere i tættere samarbejde og styring på det "
        "specialiserede socialområde, så kvaliteten styrkes samtidig med, at der er styr på "
        "økonomien",
        "KKR Hovedstaden skal fortsat arbejde for forbedret mobilitet og infrastruktur i "
        "hovedstadsområdet ved at tydeliggøre behovet for markante, statslige investeringer i "
        "området",
        "KKR Hovedstaden skal fortsat understøtte kommunernes ambitioner på klimaområdet",
        "KKR Hovedstaden skal arbejde for at sikre stærke rammebetingelser for "
        "erhvervsudvikling og -fremme for hovedstadsområdets kommuner og virksomheder",
        "KKR Hovedstaden skal fortsat have uddannelse og rekruttering til velfærdsområderne som "
        "centralt fælleskommunalt indsatsområde",
        "KKR Hovedstaden skal være opmærksom på konsekvenserne af, at en del af regionens "
        "udviklingsmidler og -opgaver bortfalder fra 2026",
        "KKR Hovedstaden skal have fokus på etableringen af fælles it-driftsenheder",
        "KKR Hovedstaden vil afsøge et styrket samarbejde med KKR Sjælland",
        "KKR Hovedstaden vil følge sundhedsreformen",
    ]


def test_seed_bodies_literally() -> None:
    recommendations = read_programme(SEED).recommendations
    assert recommendations[0].body == (
        "KKR Hovedstaden godkendte i september 2025, at kommunerne ønsker at styrke den fælles "
        "udvikling af det specialiserede socialområde gennem nye fælles initiativer, der skal "
        "være med til at sikre en højere grad af styring på kvalitet og pris. Initiativerne "
        "skal godkendes i foråret 2026."
    )
    assert recommendations[3].body == (
        "KKR Hovedstaden skal styrke erhvervsudvikling og erhvervsfremme i samarbejde med "
        "Danmarks Erhvervsfremmebestyrelse, Erhvervshus Hovedstaden, Greater Copenhagen og "
        "øvrige erhvervsfremmeaktører i hovedstadsområdet. Desuden samarbejde om kommuners og "
        "virksomhedernes arbejdskraftbehov med relevante aktører og om "
        "beskæftigelsesindsatser efter reformen."
    )
    # The line " betyde, at…" starts with a space in the seed; "ift." is no sentence end.
    assert recommendations[5].body == (
        "Det får betydning særligt for klimaområdet og potentielt for regionens engagement i "
        "Greater Copenhagen-samarbejdet og Greater Copenhagen EU Office, evt. for "
        "mobilitetsområdet. Det kan også betyde, at regionens opgaver ift. at ansøge, "
        "medfinansiere og styre eksternt finansierede projekter som fx EU-projekter med "
        "betydning for hele hovedstadsregionen nedskaleres."
    )
    assert tuple(r.body for r in recommendations) == BODIES


def test_seed_equals_the_expected_programme() -> None:
    assert read_programme(SEED) == EXPECTED
    assert parse_programme_text(seed_text()) == EXPECTED


def test_suspended_compounds_keep_their_form() -> None:
    programme = read_programme(SEED)
    texts = " ".join(f"{r.headline} {r.body}" for r in programme.recommendations)
    for kept in ("og -fremme", "og -opgaver", "praktik- og lærepladser",
                 "mobilitets- og infrastrukturindsatser", "server- og"):
        assert kept in texts
    for broken in ("og-fremme", "og-opgaver", "praktik-og", "mobilitets-og"):
        assert broken not in texts
    assert programme.recommendations[3].headline.endswith(
        "erhvervsudvikling og -fremme for hovedstadsområdets kommuner og virksomheder"
    )
    assert programme.recommendations[5].headline.endswith(
        "udviklingsmidler og -opgaver bortfalder fra 2026"
    )


def test_no_body_contains_a_headline_fragment() -> None:
    programme = read_programme(SEED)
    for recommendation in programme.recommendations:
        assert recommendation.body[0].isupper(), recommendation.body
        assert recommendation.body.endswith("."), recommendation.body
        assert not recommendation.headline.endswith(".")
        assert "\n" not in recommendation.headline
        assert "  " not in recommendation.headline
        for headline in HEADLINES:
            words = headline.split()
            for start in range(len(words) - 3):
                fragment = " ".join(words[start : start + 4])
                assert fragment not in recommendation.body, (fragment, recommendation.number)


def test_parsed_values_are_frozen() -> None:
    programme = read_programme(SEED)
    with pytest.raises(FrozenInstanceError):
        programme.title = "x"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        programme.recommendations[0].headline = "x"  # type: ignore[misc]


# ------------------------------------------------------------------- the other formats


@pytest.mark.parametrize(
    ("name", "source_format"),
    [
        ("anbefalinger.pdf", "pdf"),
        ("anbefalinger-uden-punkttegn.pdf", "pdf"),
        ("anbefalinger.docx", "docx"),
        ("anbefalinger-ombrudt.txt", "txt"),
        ("anbefalinger-nummereret.txt", "txt"),
    ],
)
def test_fixture_gives_the_seed_programme(name: str, source_format: str) -> None:
    programme = read_programme(FIXTURES / name)
    assert programme.source_format == source_format
    assert as_txt(programme) == EXPECTED


def test_format_specific_entry_points() -> None:
    assert as_txt(parse_programme_pdf(FIXTURES / "anbefalinger.pdf")) == EXPECTED
    assert as_txt(parse_programme_docx(str(FIXTURES / "anbefalinger.docx"))) == EXPECTED


def test_pdf_fixture_exercises_page_furniture() -> None:
    import pdfplumber

    with pdfplumber.open(FIXTURES / "anbefalinger.pdf") as pdf:
        assert len(pdf.pages) >= 2
        page_texts = [page.extract_text() or "" for page in pdf.pages]
    for number, text in enumerate(page_texts, start=1):
        lines = text.splitlines()
        assert "KKR Hovedstaden · Anbefalinger 2026-2029" in lines
        assert str(number) in lines  # the footer page number
    programme = read_programme(FIXTURES / "anbefalinger.pdf")
    assert "·" not in programme.preamble
    assert all("·" not in r.body for r in programme.recommendations)


def test_rewrapped_fixture_is_what_it_claims() -> None:
    data = (FIXTURES / "anbefalinger-ombrudt.txt").read_bytes()
    lines = data.decode("utf-8").split("\r\n")
    assert data.count(b"\r\n") == data.count(b"\n")
    assert max(len(line) for line in lines) <= 60
    assert sum(line.startswith("• ") for line in lines) == 9
    assert any(line.startswith("  ") for line in lines)


@pytest.mark.parametrize("width", [30, 40, 50, 60, 72, 80, 100, 200])
def test_rewrapped_text_gives_the_same_programme(width: int) -> None:
    # Flush-left continuation lines: only the wording tells where each headline ends
    # (e.g. "…samarbejde med KKR" / "Sjælland" at 60 columns).
    assert parse_programme_text(wrapped(width)) == EXPECTED


@pytest.mark.parametrize("width", [40, 60, 80])
def test_hanging_indent_for_headline_and_body_alike(width: int) -> None:
    # Everything under a bullet is indented, so indentation says nothing; wording decides.
    text = wrapped(width, bullet="• ", indent="  ", body_indent="  ")
    assert parse_programme_text(text) == EXPECTED


@pytest.mark.parametrize("width", [40, 60])
def test_indented_headline_continuation_before_a_capital(width: int) -> None:
    # With hanging headline lines and flush bodies, an indented "KKR Sjælland" continues
    # the headline even where the wording alone could not tell.
    text = wrapped(width, bullet="• ", indent="  ").replace(
        "samarbejde med KKR Sjælland", "samarbejde med\n  KKR Sjælland"
    )
    assert parse_programme_text(text) == EXPECTED


# ------------------------------------------------------------------ plain-text variants


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(seed_text().replace("\n", "\r\n").encode("utf-8"))
    assert read_programme(path) == EXPECTED


def test_old_mac_line_endings() -> None:
    assert parse_programme_text(seed_text().replace("\n", "\r")) == EXPECTED


def test_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + seed_text().replace("\n", "\r\n").encode("utf-8"))
    assert read_programme(path) == EXPECTED
    assert parse_programme_text("\ufeff" + seed_text()) == EXPECTED


def test_tabs_and_non_breaking_spaces() -> None:
    text = seed_text().replace("KKR Hovedstaden skal fortsat understøtte",
                               "KKR\u00a0Hovedstaden skal\tfortsat understøtte")
    assert parse_programme_text(text) == EXPECTED


def _insert_after(lines: list[str], starts_with: str, extra: list[str]) -> None:
    index = next(i for i, line in enumerate(lines) if line.startswith(starts_with))
    lines[index + 1 : index + 1] = extra


def with_page_breaks(footer: str, form_feeds: bool = True) -> str:
    """The seed as a PDF-to-text tool gives it: footers, a running header, form feeds.

    Breaks fall between the two intro paragraphs, inside headline 4 ("og" / "-fremme"),
    mid-sentence in body 6 and at a sentence end in body 7 (a full-width line).
    """
    lines = seed_text().split("\n")
    header = "KKR Hovedstaden – anbefalinger til det nye KKR"
    breaks = [
        "Hovedstaden at arbejde med.",
        "➢ KKR Hovedstaden skal arbejde for at sikre stærke",
        "Copenhagen-samarbejdet og Greater Copenhagen EU Office",
        "varetager kommunernes drift af server-",
    ]
    total = len(breaks) + 1
    for page, starts_with in enumerate(breaks, start=1):
        page_end = ["", footer.format(n=page, total=total), ""]
        if form_feeds:
            page_end += ["\f" + header, ""]
        _insert_after(lines, starts_with, page_end)
    return "\n".join(lines) + "\n" + footer.format(n=total, total=total) + "\n\f"


@pytest.mark.parametrize("footer", ["Side {n} af {total}", "{n}", "- {n} -", "{n}/{total}"])
def test_page_break_artefacts(footer: str) -> None:
    text = with_page_breaks(footer)
    assert "\f" in text
    assert parse_programme_text(text) == EXPECTED


@pytest.mark.parametrize("footer", ["Side {n} af {total}", "{n}"])
def test_page_numbers_without_form_feeds(footer: str) -> None:
    assert parse_programme_text(with_page_breaks(footer, form_feeds=False)) == EXPECTED


def test_a_year_alone_on_a_line_is_not_a_page_number() -> None:
    text = seed_text().replace("bortfalder fra 2026", "bortfalder fra\n2026")
    assert parse_programme_text(text) == EXPECTED


@pytest.mark.parametrize("bullet", ["•", "▪", "●", "➤", "-", "–", "*", "\uf0d8", "Ø"])
def test_other_bullet_characters(bullet: str) -> None:
    assert parse_programme_text(seed_text().replace("➢", bullet)) == EXPECTED


def test_glyph_bullet_touching_the_text() -> None:
    assert parse_programme_text(seed_text().replace("➢ ", "•")) == EXPECTED


def test_dash_bullets_and_dash_continuations() -> None:
    # "- " is a bullet; "-fremme" / "-opgaver" at the start of a line are not.
    text = seed_text().replace("➢", "-")
    assert "\n-fremme for" in text
    programme = parse_programme_text(text)
    assert len(programme.recommendations) == 9
    assert programme.recommendations[3].headline == HEADLINES[3]
    assert programme == EXPECTED


def test_dash_inside_a_body_is_not_a_bullet() -> None:
    text = wrapped(60, bullet="- ").replace("kommuner – fx ift.", "kommuner\n– fx ift.")
    assert parse_programme_text(text) == EXPECTED


@pytest.mark.parametrize("style", ["{n}.", "{n})"])
def test_numbered_bullets(style: str) -> None:
    parts = seed_text().split("➢")
    text = parts[0] + "".join(
        style.format(n=n) + part for n, part in enumerate(parts[1:], start=1)
    )
    assert parse_programme_text(text) == EXPECTED


def test_numbers_given_by_the_document_are_kept() -> None:
    parts = seed_text().split("➢")
    text = parts[0] + "".join(f"{n}." + part for n, part in enumerate(parts[1:], start=4))
    programme = parse_programme_text(text)
    assert [r.number for r in programme.recommendations] == list(range(4, 13))
    assert [r.headline for r in programme.recommendations] == list(HEADLINES)


def numbered(text: str) -> str:
    """Renumber the "#. " bullets written by `wrapped(…, bullet="#. ")` as 1., 2., 3. …"""
    parts = text.split("\n#. ")
    return parts[0] + "".join(f"\n{n}. {part}" for n, part in enumerate(parts[1:], start=1))


def test_a_date_at_the_start_of_a_line_is_not_a_numbered_bullet() -> None:
    text = numbered(wrapped(60, bullet="#. "))
    text = text.replace("møde den 24.\noktober", "møde den\n24. oktober")
    assert "\n24. oktober 2025." in text
    assert parse_programme_text(text) == EXPECTED


def test_out_of_sequence_number_stays_text() -> None:
    lines = numbered(wrapped(200, bullet="#. ")).split("\n")
    # A body line that starts like a numbered item but does not count on from the last one.
    lines.insert(lines.index(next(x for x in lines if x.startswith("4. "))), "7. Bemærk.")
    programme = parse_programme_text("\n".join(lines))
    assert len(programme.recommendations) == 9
    assert programme.recommendations[2].body == BODIES[2] + " 7. Bemærk."


# ------------------------------------------------------------------ where a headline ends

HEAD = f"{TITLE}\nIndledning om anbefalingerne.\n\n"


def single(text: str) -> ParsedRecommendation:
    programme = parse_programme_text(HEAD + text)
    assert len(programme.recommendations) == 1
    return programme.recommendations[0]


def test_name_across_line_break_continues_the_headline() -> None:
    rec = single(
        "➢ KKR Hovedstaden vil afsøge et styrket samarbejde med KKR\n"
        "Sjælland\n"
        "Sundhedsreformen vil give et øget samarbejde.\n"
    )
    assert rec.headline == "KKR Hovedstaden vil afsøge et styrket samarbejde med KKR Sjælland"
    assert rec.body == "Sundhedsreformen vil give et øget samarbejde."


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("samarbejde med Greater", "Copenhagen om erhvervsfremme"),
        ("samarbejde med Danmarks", "Erhvervsfremmebestyrelse"),
        ("samarbejde med Region", "Hovedstaden om sundhed"),
        ("samarbejde med", "KKR Sjælland"),
        ("samarbejde ift.", "KKR Sjællands kommuner"),
        ("samarbejde med Gentofte", "Kommune"),
        ("samarbejde,", "Østdanmark og klimaet"),
    ],
)
def test_capitalised_continuations(first: str, second: str) -> None:
    rec = single(f"➢ KKR Hovedstaden vil styrke {first}\n{second}\nDet giver mening.\n")
    assert rec.headline == f"KKR Hovedstaden vil styrke {first} {second}"
    assert rec.body == "Det giver mening."


def test_lowercase_continues_even_after_blank_lines() -> None:
    rec = single(
        "➢ KKR Hovedstaden vil styrke \n\n \n\nsamarbejdet \n\n-fremme\nDet giver mening.\n"
    )
    assert rec.headline == "KKR Hovedstaden vil styrke samarbejdet -fremme"


def test_headline_alone_then_next_bullet() -> None:
    programme = parse_programme_text(HEAD + "➢ Første anbefaling\n➢ Anden anbefaling\nTekst.\n")
    assert [(r.headline, r.body) for r in programme.recommendations] == [
        ("Første anbefaling", ""),
        ("Anden anbefaling", "Tekst."),
    ]


def test_bullet_alone_on_its_line() -> None:
    rec = single("➢\nKKR Hovedstaden vil følge sundhedsreformen\nDet nye forum mødes.\n")
    assert rec.headline == "KKR Hovedstaden vil følge sundhedsreformen"
    assert rec.body == "Det nye forum mødes."


def test_body_paragraphs_and_hyphen_joins() -> None:
    rec = single(
        "➢ KKR Hovedstaden vil følge sundhedsreformen\n"
        "Første afsnit om EU-\nprojekter og mobilitets-\nog infrastrukturindsatser.\n"
        "\n"
        "Andet   afsnit\n    fortsætter her.\n"
    )
    assert rec.body == (
        "Første afsnit om EU-projekter og mobilitets- og infrastrukturindsatser."
        "\n\nAndet afsnit fortsætter her."
    )


def test_wrapped_title_and_term_with_en_dash() -> None:
    text = (
        "KKR Hovedstadens anbefalinger til det\nnye KKR Hovedstaden\n"
        "Anbefalinger for valgperioden 2022–2025 er evalueret; nu gælder valgperioden 2026–29.\n"
        "Det blev bl.a. drøftet. Anbefalingerne blev godkendt d. 3. dec. 2025 af KKR.\n\n"
        "• KKR Hovedstaden vil følge sundhedsreformen\nDet nye forum mødes.\n"
    )
    programme = parse_programme_text(text)
    assert programme.title == TITLE
    assert programme.term == "2026-2029"
    assert programme.approved_on == date(2025, 12, 3)
    assert programme.approval_sentence == (
        "Anbefalingerne blev godkendt d. 3. dec. 2025 af KKR."
    )


def test_approval_sentence_is_not_cut_at_abbreviations() -> None:
    text = (
        f"{TITLE}\n"
        "De blev bl.a. KKR Hovedstadens anbefalinger godkendt den 1. marts 2026 på mødet.\n"
        "• KKR Hovedstaden vil følge sundhedsreformen\nDet nye forum mødes.\n"
    )
    programme = parse_programme_text(text)
    assert programme.approval_sentence == (
        "De blev bl.a. KKR Hovedstadens anbefalinger godkendt den 1. marts 2026 på mødet."
    )
    assert programme.approved_on == date(2026, 3, 1)


def test_missing_term_and_approval_are_none() -> None:
    programme = parse_programme_text(
        "Anbefalinger\nEn kort indledning.\n• KKR Hovedstaden vil følge sundhedsreformen\nTekst.\n"
    )
    assert (programme.term, programme.approved_on, programme.approval_sentence) == (
        None, None, None,
    )
    assert programme.preamble == "En kort indledning."


def test_impossible_approval_date_keeps_the_sentence_only() -> None:
    programme = parse_programme_text(
        f"{TITLE}\nAnbefalingerne er godkendt den 31. februar 2025.\n"
        "• KKR Hovedstaden vil følge sundhedsreformen\nTekst.\n"
    )
    assert programme.approval_sentence == "Anbefalingerne er godkendt den 31. februar 2025."
    assert programme.approved_on is None


# ---------------------------------------------------------------------------- Word files


def _docx_bytes(build: Callable[[Any], None]) -> bytes:
    from docx import Document

    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_intro(document: Any) -> None:
    document.add_heading(TITLE, level=0)
    for paragraph in PREAMBLE_PARAGRAPHS:
        document.add_paragraph(paragraph)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_docx_bold_from_the_paragraph_style(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    def build(document: Any) -> None:
        style = document.styles.add_style("Anbefaling", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["List Paragraph"]
        style.font.bold = True
        _docx_intro(document)
        for headline, body in zip(HEADLINES, BODIES, strict=True):
            paragraph = document.add_paragraph(style="Anbefaling")
            middle = len(headline) // 2  # cut mid-word, as Word's revision runs do
            paragraph.add_run(headline[:middle])
            paragraph.add_run(headline[middle:])
            document.add_paragraph(body)

    path = _write(tmp_path, "stil.docx", _docx_bytes(build))
    assert as_txt(read_programme(path)) == EXPECTED


def test_docx_numbering_on_the_paragraph_and_no_title_style(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def numbered(paragraph: Any) -> None:
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            num_pr.append(element)
        paragraph._p.get_or_add_pPr().append(num_pr)

    def build(document: Any) -> None:
        document.add_paragraph(TITLE)
        for paragraph in PREAMBLE_PARAGRAPHS:
            document.add_paragraph(paragraph)
        document.add_paragraph("")  # empty paragraphs are common spacing in Word files
        for headline, body in zip(HEADLINES, BODIES, strict=True):
            paragraph = document.add_paragraph()
            numbered(paragraph)
            for word in headline.split(" "):
                paragraph.add_run(word + " ").bold = True
            document.add_paragraph(body)

    path = _write(tmp_path, "numre.docx", _docx_bytes(build))
    assert as_txt(read_programme(path)) == EXPECTED


def test_docx_headline_and_body_in_one_bulleted_paragraph(tmp_path: Path) -> None:
    def build(document: Any) -> None:
        _docx_intro(document)
        for headline, body in zip(HEADLINES, BODIES, strict=True):
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(headline).bold = True
            paragraph.add_run(" " + body)

    path = _write(tmp_path, "samlet.docx", _docx_bytes(build))
    assert as_txt(read_programme(path)) == EXPECTED


def test_docx_table_hyperlink_and_tracked_insertion(tmp_path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def wrap_last_run(paragraph: Any, tag: str, **attributes: str) -> None:
        run = paragraph.runs[-1]._r
        wrapper = OxmlElement(tag)
        for key, value in attributes.items():
            wrapper.set(qn(key), value)
        run.addprevious(wrapper)
        wrapper.append(run)

    def build(document: Any) -> None:
        _docx_intro(document)
        table = document.add_table(rows=len(HEADLINES), cols=1)
        for row, headline, body in zip(table.rows, HEADLINES, BODIES, strict=True):
            cell = row.cells[0]
            bullet = cell.paragraphs[0]
            bullet.style = document.styles["List Bullet"]
            head, tail = headline.rsplit(" ", 1)
            bullet.add_run(head + " ").bold = True
            bullet.add_run(tail).bold = True
            wrap_last_run(bullet, "w:hyperlink", **{"r:id": "rId99"})
            text = cell.add_paragraph()
            first, rest = body.split(" ", 1)
            text.add_run(first + " ")
            text.add_run(rest)
            wrap_last_run(text, "w:ins", **{"w:id": "1", "w:author": "Sekretariatet"})

    path = _write(tmp_path, "tabel.docx", _docx_bytes(build))
    assert as_txt(read_programme(path)) == EXPECTED


def test_docx_without_any_bold_uses_list_paragraphs(tmp_path: Path) -> None:
    def build(document: Any) -> None:
        _docx_intro(document)
        for headline, body in zip(HEADLINES, BODIES, strict=True):
            document.add_paragraph(headline, style="List Paragraph")
            document.add_paragraph(body)

    path = _write(tmp_path, "uden-fed.docx", _docx_bytes(build))
    assert as_txt(read_programme(path)) == EXPECTED


def test_docx_with_typed_bullets(tmp_path: Path) -> None:
    def build(document: Any) -> None:
        _docx_intro(document)
        for headline, body in zip(HEADLINES, BODIES, strict=True):
            document.add_paragraph("➢ " + headline)
            document.add_paragraph(body)

    path = _write(tmp_path, "tastet.docx", _docx_bytes(build))
    assert as_txt(read_programme(path)) == EXPECTED


# ------------------------------------------------------------------------ PDF typography


@pytest.mark.parametrize(
    ("fontname", "bold"),
    [
        ("ABCDEF+DejaVuSans-Bold", True),
        ("Arial,Bold", True),
        ("Arial-BoldMT", True),
        ("TimesNewRomanPS-BoldMT", True),
        ("Calibri-Bold", True),
        ("SegoeUI-Semibold", True),
        ("ArialMT", False),
        ("ABCDEF+Calibri", False),
        ("TimesNewRomanPSMT", False),
    ],
)
def test_bold_font_names(fontname: str, bold: bool) -> None:
    assert bool(BOLD_FONT_RE.search(fontname)) is bold


@pytest.mark.parametrize(
    ("text", "fontname", "bullet"),
    [
        ("➢", "DejaVuSans-Bold", True),
        ("\uf0d8", "ABCDEF+Wingdings-Regular", True),
        ("Ø", "Wingdings-Regular", True),  # Wingdings' arrowhead read without a Unicode map
        ("(cid:216)", "Wingdings", True),
        ("•", "Symbol", True),
        ("Ø", "Calibri-Bold", False),  # the Danish letter, as in "Østdanmark"
        ("K", "Calibri-Bold", False),
    ],
)
def test_pdf_bullet_glyphs(text: str, fontname: str, bullet: bool) -> None:
    assert is_bullet_char({"text": text, "fontname": fontname}) is bullet


# --------------------------------------------------------------------------- bad input


def _error(path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_programme(path)
    return info.value


def test_empty_file() -> None:
    error = _error(FIXTURES / "tom.txt")
    assert error.message == "Filen er tom."
    assert error.line is None


@pytest.mark.parametrize("content", [b"", b"  \n \r\n\t\n", b"\xef\xbb\xbf\n"])
@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx"])
def test_empty_file_of_any_kind(tmp_path: Path, content: bytes, suffix: str) -> None:
    assert str(_error(_write(tmp_path, "tom" + suffix, content))) == "Filen er tom."


def test_empty_text_string() -> None:
    with pytest.raises(DocumentError, match="Filen er tom"):
        parse_programme_text("\ufeff \n\n")


def test_not_utf8() -> None:
    error = _error(FIXTURES / "latin1.txt")
    # Line 7 of the seed, "…drøftet…", holds its first non-ASCII letter.
    assert "Filen er ikke UTF-8-kodet (første ugyldige tegn i linje 7)." in str(error)
    assert error.line == 7


def test_not_utf8_line_number_counts_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path, "cp1252.txt", "a\r\nb\r\n\r\nKøbenhavn\r\n".encode("cp1252"))
    error = _error(path)
    assert "linje 4" in str(error)
    assert error.line == 4


def test_scanned_pdf() -> None:
    assert "PDF-filen har intet tekstlag" in str(_error(FIXTURES / "scannet.pdf"))


def test_scanned_fixture_really_has_no_text_layer() -> None:
    import pdfplumber

    with pdfplumber.open(FIXTURES / "scannet.pdf") as pdf:
        assert len(pdf.pages) == 1
        assert not pdf.pages[0].chars
        assert pdf.pages[0].images


@pytest.mark.parametrize(
    "cut", [lambda d: d[: len(d) // 2], lambda d: d[:-300], lambda d: b"%PDF-1.7\n" + b"x" * 900]
)
def test_corrupt_pdf(tmp_path: Path, cut: Callable[[bytes], bytes]) -> None:
    data = cut((FIXTURES / "anbefalinger.pdf").read_bytes())
    assert "PDF-filen" in str(_error(_write(tmp_path, "brudt.pdf", data)))


def test_pdf_suffix_without_pdf_content(tmp_path: Path) -> None:
    assert "ikke en PDF" in str(_error(_write(tmp_path, "falsk.pdf", b"Hej med dig\n")))


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 200,
        b"Ikke et Word-dokument\n",
    ],
)
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    assert "Word-filen" in str(_error(_write(tmp_path, "brudt.docx", data)))


def test_truncated_docx(tmp_path: Path) -> None:
    data = (FIXTURES / "anbefalinger.docx").read_bytes()
    path = _write(tmp_path, "halv.docx", data[: len(data) // 2])
    assert "Word-filen kan ikke læses" in str(_error(path))


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    error = _error(_write(tmp_path, "regneark.docx", buffer.getvalue()))
    assert "ikke et Word-dokument" in str(error)


def test_document_without_recommendations() -> None:
    error = _error(FIXTURES / "ingen-anbefalinger.txt")
    assert str(error).startswith("Dokumentet indeholder ingen anbefalinger")


def test_text_without_bullets_has_no_recommendations() -> None:
    with pytest.raises(DocumentError, match="ingen anbefalinger"):
        parse_programme_text(HEAD + "Bare et afsnit mere.\n")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("anbefalinger.odt", "Filtypen ».odt« understøttes ikke"),
        ("anbefalinger.rtf", "Filtypen ».rtf« understøttes ikke"),
        ("anbefalinger", "Filtypen uden filendelse understøttes ikke"),
        ("anbefalinger.doc", "Gamle Word-filer (.doc) understøttes ikke"),
    ],
)
def test_unsupported_suffix(tmp_path: Path, name: str, fragment: str) -> None:
    error = _error(_write(tmp_path, name, seed_text().encode("utf-8")))
    assert fragment in str(error)


def test_missing_file(tmp_path: Path) -> None:
    assert str(_error(tmp_path / "findes-ikke.txt")) == "Filen findes ikke."


# ------------------------------------------------------------------------------ sniffing


@pytest.mark.parametrize(
    ("fixture", "name", "source_format"),
    [
        ("anbefalinger.pdf", "anbefalinger.txt", "pdf"),
        ("anbefalinger.pdf", "download", "pdf"),
        ("anbefalinger.docx", "anbefalinger.bin", "docx"),
        ("anbefalinger.docx", "anbefalinger.pdf", "docx"),
    ],
)
def test_content_decides_over_the_name(
    tmp_path: Path, fixture: str, name: str, source_format: str
) -> None:
    path = _write(tmp_path, name, (FIXTURES / fixture).read_bytes())
    programme = read_programme(path)
    assert programme.source_format == source_format
    assert as_txt(programme) == EXPECTED


def test_uppercase_suffix(tmp_path: Path) -> None:
    path = _write(tmp_path, "ANBEFALINGER.TXT", SEED.read_bytes())
    assert read_programme(path) == EXPECTED


# ------------------------------------------------------------ PDFs laid out other ways


def render_pdf(
    tmp_path: Path,
    css: str,
    headline_html: Callable[[int, str], str],
    body_html: Callable[[int, str], str] | None = None,
) -> Path:
    """Render the expected programme with WeasyPrint, each headline through `headline_html`."""
    weasyprint = pytest.importorskip("weasyprint")
    from html import escape

    parts = [f"<h1>{escape(TITLE)}</h1>"]
    parts += [f"<p>{escape(paragraph)}</p>" for paragraph in PREAMBLE_PARAGRAPHS]
    for index, (headline, body) in enumerate(zip(HEADLINES, BODIES, strict=True)):
        parts.append(headline_html(index, escape(headline)))
        parts.append(body_html(index, escape(body)) if body_html else f"<p>{escape(body)}</p>")
    html = (
        f"<html lang='da'><head><meta charset='utf-8'><style>{css}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )
    path = tmp_path / "variant.pdf"
    path.write_bytes(weasyprint.HTML(string=html).write_pdf())
    return path


PDF_BASE_CSS = """
@page { size: A4; margin: 2cm;
        @bottom-right { content: "Side " counter(page) " af " counter(pages); font-size: 8pt } }
body { font-family: "Liberation Sans"; font-size: 11pt; line-height: 1.35 }
h1 { font-size: 18pt } p { margin: 0 0 0.7em } .h { font-weight: bold; margin-top: 1.2em }
"""


def test_pdf_with_bullets_lost_on_some_headlines(tmp_path: Path) -> None:
    path = render_pdf(
        tmp_path,
        PDF_BASE_CSS,
        lambda i, h: f"<p class='h'>{'• ' if i % 3 == 0 else ''}{h}</p>",
    )
    assert as_txt(parse_programme_pdf(path)) == EXPECTED


def test_pdf_with_gaps_inside_headlines_and_bold_words_in_bodies(tmp_path: Path) -> None:
    # Loose line spacing inside headlines (as in the council's own PDF, where the text
    # extraction shows blank lines inside them) and a bold word or two in the bodies.
    def body(index: int, text: str) -> str:
        first, rest = text.split(" ", 1)
        return f"<p><b>{first}</b> {rest}</p>" if index % 2 else f"<p>{text}</p>"

    path = render_pdf(
        tmp_path,
        PDF_BASE_CSS + ".h { line-height: 2.6 }",
        lambda i, h: f"<p class='h'>➢ {h}</p>",
        body,
    )
    assert as_txt(parse_programme_pdf(path)) == EXPECTED


def test_pdf_without_bold_falls_back_to_wording(tmp_path: Path) -> None:
    path = render_pdf(
        tmp_path,
        PDF_BASE_CSS + ".h { font-weight: normal }",
        lambda i, h: f"<p class='h'>➢ {h}</p>",
    )
    assert as_txt(parse_programme_pdf(path)) == EXPECTED
