"""The numbered items of agendas and minutes (kkrmonitor.parsing.meeting_document), and the
Danish words the suggestions compare (kkrmonitor.meetings.link_scoring): pure, no database."""

from __future__ import annotations

import pytest

from kkrmonitor.meetings.link_scoring import Ranker, Target, terms
from kkrmonitor.parsing.meeting_document import _follows, parse_meeting_lines
from kkrmonitor.parsing.readers import DocumentError, Line


def lines(text: str, page: int | None = 1) -> list[Line]:
    return [Line(page, line) for line in text.strip().splitlines()]


@pytest.mark.parametrize(("previous", "number", "follows"), [
    (None, "1", True), (None, "1.1", True), (None, "191", True), (None, "3.2", False),
    ("1", "2", True),
    ("3", "3.1", True), ("3.1", "3.2", True), ("3.2", "4", True), ("3.10", "3.11", True),
    ("3.2", "1", False), ("2", "4", False), ("3.1", "3.3", False), ("3", "3.2", False),
])
def test_numbering_continues(previous, number, follows):
    assert _follows(previous, number) is follows


def test_a_numbered_list_inside_an_indstilling_is_not_an_item():
    items = parse_meeting_lines(lines("""
1. Godkendelse af dagsorden
Beslutning
Godkendt.
2. Fordeling af flygtninge
Indstilling
Det indstilles, at KKR:
1. Godkender fordelingen,
2. Sender den videre.
3. Eventuelt
"""))
    assert [(i.number, i.title) for i in items] == [
        ("1", "Godkendelse af dagsorden"), ("2", "Fordeling af flygtninge"), ("3", "Eventuelt")]
    assert items[0].decision_text == "Godkendt."
    assert items[1].recommendation_text == ("Det indstilles, at KKR:\n1. Godkender "
                                            "fordelingen,\n2. Sender den videre.")


def test_a_contents_without_dot_leaders_is_replaced_by_the_items_with_a_body():
    items = parse_meeting_lines(lines("""
Indholdsfortegnelse
1. Godkendelse af referat
2. Klimaplaner
1. Godkendelse af referat
Sagsfremstilling
Referatet er udsendt.
2. Klimaplaner
Sagsfremstilling
Kommunernes klimaplaner følges op.
"""))
    assert [(i.number, i.case_text) for i in items] == [
        ("1", "Referatet er udsendt."), ("2", "Kommunernes klimaplaner følges op.")]


def test_a_document_without_items_is_refused():
    with pytest.raises(DocumentError, match="Der er ingen nummererede punkter"):
        parse_meeting_lines(lines("Referat\nIntet her"))


def test_inflected_and_compound_words_meet():
    assert terms("sundhedsreformen") == terms("sundhedsreform") == ["sundhedsreform"]
    assert terms("Kommunerne og regionen") == []  # words every paper uses tell nothing
    ranker = Ranker([Target("recommendation:2", (("mobilitet og infrastruktur", 1.0),)),
                     Target("recommendation:3", (("klima", 1.0),))])
    assert [s.key for s in ranker.rank("Den tværgående mobilitetsanalyse")] == [
        "recommendation:2"]
    assert ranker.rank("Godkendelse af referat") == []


def test_a_municipal_minutes_with_case_numbers_through_the_year():
    from pathlib import Path

    from kkrmonitor.parsing.readers import document_lines, read_document

    path = Path(__file__).resolve().parents[1] / "fixtures" / "meetings" / "udvalg-referat.txt"
    items = parse_meeting_lines(document_lines(read_document(path)))
    assert [(i.number, i.title) for i in items] == [
        ("191", "Godkendelse af dagsorden"),
        ("192", "Klimaplan og energiomstilling i kommunen"),
        ("193", "Eventuelt"),
    ]
    assert items[1].case_text == ("Kommunens klimaplan følges op med en status for "
                                  "energiomstillingen.\nUdledningen er faldet, og arbejdet i "
                                  "Klimaalliancen fortsætter.")
    assert items[1].recommendation_text == ("Administrationen indstiller til udvalget:\n1. at "
                                            "udvalget tager status for klimaplanen til "
                                            "efterretning")
    assert items[1].decision_text == "Taget til efterretning."
    assert items[2].decision_text == "Intet."
