"""Uploads (row-numbered errors, all or nothing), fetching through the command, and the
computed council sums and ratios, on literal synthetic figures."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kkrmonitor.audit import Author
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.reference import load_reference_indicators
from kkrmonitor.indicators.services import ObservationImportError, import_observations
from kkrmonitor.indicators.uploads import UploadFormatError
from kkrmonitor.programme.models import AuditEvent
from tests.indicators.data import KKR_H, csv_for, upload_indicator

AUTHOR = Author(label="Test", channel="cli")


def values(indicator: Indicator, kind: str = Area.Kind.MUNICIPALITY) -> dict:
    return {(o.area.code, o.period): o.value
            for o in indicator.observations.filter(area__kind=kind).select_related("area")}


def test_upload_by_code_and_name_with_missing_values(reference_data):
    indicator = upload_indicator()
    data = csv_for([("101", "2024", "1.234,5"), ("Frederiksberg", "2024", ".."),
                    ("Høje-Taastrup Kommune", "2024", ""), ("0151", "2024", "7")])
    report = import_observations(indicator, data, "tal.csv", AUTHOR)
    assert report.lines() == ["tal.csv: 4 observationer gemt for synth (2024–2024), "
                              "heraf 2 uden tal"]
    assert values(indicator) == {("101", "2024"): 1234.5, ("147", "2024"): None,
                                 ("169", "2024"): None, ("151", "2024"): 7.0}


def test_upload_errors_are_numbered_and_nothing_is_saved(reference_data):
    indicator = upload_indicator()
    import_observations(indicator, csv_for([("101", "2023", "5")]), "før.csv", AUTHOR)
    data = csv_for([("101", "2024", "1"), ("Kbh", "2024", "2"), ("147", "2024X", "3"),
                    ("151", "2024", "mange"), ("101", "2024", "4"), ("", "2024", "5"),
                    ("153", "2024", "6")])
    with pytest.raises(ObservationImportError) as caught:
        import_observations(indicator, data, "tal.csv", AUTHOR)
    assert caught.value.errors == [
        "Række 3: ukendt kommune 'Kbh'",
        "Række 4: ukendt periode '2024X'",
        "Række 5: ikke et tal: 'mange'",
        "Række 6: København 2024 står også i række 2",
        "Række 7: kommune mangler",
    ]
    assert values(indicator) == {("101", "2023"): 5.0}  # untouched: all or nothing
    assert AuditEvent.objects.filter(action="indicator.import").count() == 1


def test_statbank_long_format_and_replacing(reference_data):
    indicator = upload_indicator()
    import_observations(indicator, csv_for([("101", "2024K1", "1")]), "a.csv", AUTHOR)
    data = csv_for([("101 København", "2024K1", "10"), ("147 Frederiksberg", "2024K1", "..")],
                   header="OMRÅDE;TID;INDHOLD")
    import_observations(indicator, data, "b.csv", AUTHOR)
    assert values(indicator) == {("101", "2024K1"): 10.0, ("147", "2024K1"): None}


def test_xlsx_upload(reference_data):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kommune", "Periode", "Værdi"])
    sheet.append(["København", "2024M01", 12.5])
    sheet.append(["Tårnby", "2024M01", None])
    sheet.append(["Gotham", "2024M01", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    indicator = upload_indicator()
    with pytest.raises(ObservationImportError) as caught:
        import_observations(indicator, buffer.getvalue(), "tal.xlsx", AUTHOR)
    assert caught.value.errors == ["Række 4: ukendt kommune 'Gotham'"]
    sheet.delete_rows(4)
    buffer = io.BytesIO()
    book.save(buffer)
    import_observations(indicator, buffer.getvalue(), "tal.xlsx", AUTHOR)
    assert values(indicator) == {("101", "2024M01"): 12.5, ("185", "2024M01"): None}


def test_unreadable_files(reference_data):
    indicator = upload_indicator()
    with pytest.raises(UploadFormatError, match="første række skal navngive kolonnerne"):
        import_observations(indicator, b"a;b;c\n1;2;3\n", "x.csv", AUTHOR)
    with pytest.raises(UploadFormatError, match="filtypen kendes ikke"):
        import_observations(indicator, b"", "x.pdf", AUTHOR)
    with pytest.raises(UploadFormatError, match="kan ikke åbnes som et Excel-regneark"):
        import_observations(indicator, b"not a zip", "x.xlsx", AUTHOR)


def test_council_sum_only_when_every_municipality_has_a_figure(reference_data):
    indicator = upload_indicator()
    rows = [(code, "2023", "10") for code in KKR_H]
    rows += [(code, "2024", "10") for code in KKR_H[:-1]]  # Bornholm missing in 2024
    rows += [("400", "2025", "..")] + [(code, "2025", "1") for code in KKR_H[:-1]]
    import_observations(indicator, csv_for(rows), "tal.csv", AUTHOR)
    councils = values(indicator, Area.Kind.COUNCIL)
    assert councils[("kkr-hovedstaden", "2023")] == 290.0
    assert councils[("kkr-hovedstaden", "2024")] is None
    assert councils[("kkr-hovedstaden", "2025")] is None
    assert councils[("kkr-sjaelland", "2023")] is None  # no figures for Sjælland at all
    assert all(o.source == "computed" for o in
               indicator.observations.filter(area__kind=Area.Kind.COUNCIL))


def test_not_additive_has_no_council_sum(reference_data):
    indicator = upload_indicator(additive=False)
    import_observations(indicator, csv_for([(c, "2023", "1") for c in KKR_H]), "t.csv", AUTHOR)
    assert values(indicator, Area.Kind.COUNCIL) == {}


def test_per_inhabitant_ratio_with_missing_parts(reference_data):
    spending = upload_indicator("udgift")
    people = upload_indicator("folk")
    per_head = Indicator.objects.create(slug="pr-indbygger", name="Pr. indbygger", unit="kr.",
                                        kind=Indicator.Kind.DERIVED, numerator=spending,
                                        denominator=people, scale=1000)
    import_observations(spending, csv_for(
        [("101", "2024", "500"), ("147", "2024", ".."), ("151", "2024", "30")]
        + [(c, "2023", "1") for c in KKR_H]), "udgift.csv", AUTHOR)
    assert values(per_head) == {("101", "2024"): None, ("147", "2024"): None,
                                ("151", "2024"): None,
                                **{(c, "2023"): None for c in KKR_H}}
    import_observations(people, csv_for(
        [("101", "2024K1", "1000"), ("101", "2024K2", "9999"), ("147", "2024K1", "200"),
         ("151", "2024K1", "0")] + [(c, "2023K1", "10") for c in KKR_H]), "folk.csv", AUTHOR)
    got = values(per_head)
    assert got[("101", "2024")] == 500.0  # 500 × 1000 ÷ 1000 (population on 1 January)
    assert got[("147", "2024")] is None  # numerator suppressed
    assert got[("151", "2024")] is None  # denominator 0
    assert got[("101", "2023")] == 100.0
    councils = values(per_head, Area.Kind.COUNCIL)
    assert councils[("kkr-hovedstaden", "2023")] == 100.0  # 29 ÷ 290 × 1000
    assert councils[("kkr-hovedstaden", "2024")] is None
    assert not per_head.observations.filter(value=0).exists()


def test_derived_indicator_cannot_be_uploaded(reference_data):
    a, b = upload_indicator("a"), upload_indicator("b")
    derived = Indicator.objects.create(slug="c", name="C", unit="x", numerator=a, denominator=b,
                                       kind=Indicator.Kind.DERIVED)
    with pytest.raises(ObservationImportError, match="beregnes af andre indikatorer"):
        import_observations(derived, csv_for([("101", "2024", "1")]), "c.csv", AUTHOR)


def test_import_command_names_file_line_and_problem(reference_data, tmp_path, capsys):
    indicator = upload_indicator()
    path = tmp_path / "tal.csv"
    path.write_bytes(csv_for([("101", "2024", "1"), ("Kbh", "2024", "2")]))
    with pytest.raises(CommandError, match="tal.csv: 1 fejl; intet er gemt"):
        call_command("import_observations", str(path), "--indicator", "synth")
    assert f"{path}: Række 3: ukendt kommune 'Kbh'" in capsys.readouterr().err
    assert not indicator.observations.exists()
    path.write_bytes(csv_for([("101", "2024", "1")]))
    call_command("import_observations", str(path), "--indicator", "synth")
    assert "tal.csv: 1 observationer gemt for synth" in capsys.readouterr().out
    with pytest.raises(CommandError, match="ukendt indikator 'nope'"):
        call_command("import_observations", str(path), "--indicator", "nope")


def test_load_indicators_is_idempotent(seed_programme):
    first = load_reference_indicators()
    assert first.startswith("Indikatorer: 7 oprettet, 0 fandtes allerede")
    assert load_reference_indicators() == ("Indikatorer: 0 oprettet, 7 fandtes allerede; "
                                           "0 nye koblinger til anbefalinger")
    regk31 = Indicator.objects.get(slug="regk31-voksne-saerlige-behov")
    assert regk31.statbank_selection == {"FUNKTION": ["5.38.*"], "DRANST": ["1"],
                                         "ART": ["TOT"], "PRISENHED": ["LOBM"]}
    assert regk31.unit == "1.000 kr. (løbende priser)"
    assert [r.number for r in regk31.recommendations.all()] == [1]
    assert not Observation.objects.exists()


def test_fetch_command_against_the_fake_server(reference_data, fake_statbank, capsys):
    call_command("load_indicators")
    call_command("fetch_indicators", "--indicator", "folk1a", "--base-url", fake_statbank.url)
    out = capsys.readouterr()
    assert "folk1a: 20 observationer gemt (2024K1–2024K4), heraf 1 uden tal (\"..\")" in out.out
    assert "1 områder uden for systemet sprunget over (fx 851 Aalborg)" in out.out
    folk = Indicator.objects.get(slug="folk1a")
    assert values(folk)[("101", "2024K3")] == 101002.0
    assert values(folk)[("185", "2024K2")] is None
    assert values(folk, Area.Kind.COUNTRY)[("000", "2024K1")] == 0.0
    assert values(folk, Area.Kind.REGION)[("1084", "2024K1")] == 84000.0
    # Only three of 29 municipalities: the council has no sum.
    assert set(values(folk, Area.Kind.COUNCIL).values()) == {None}
    body = fake_statbank.data_requests()[0]
    assert body["variables"] == [{"code": "ALDER", "values": ["IALT"]},
                                 {"code": "KØN", "values": ["TOT"]},
                                 {"code": "OMRÅDE", "values": ["*"]},
                                 {"code": "Tid", "values": ["*"]}]
    events = AuditEvent.objects.filter(action="indicator.fetch")
    assert [e.changes for e in events] == [{"observations": [0, 20], "table": [None, "FOLK1A"]}]


def test_fetch_command_reports_a_refused_table(reference_data, fake_statbank, capsys):
    from tests.indicators.fake_statbank import Answer

    call_command("load_indicators")
    fake_statbank.queue = [Answer(400, '{"message": "Tabellen findes ikke"}', "application/json")]
    with pytest.raises(CommandError, match="ikke hentet: folk1a"):
        call_command("fetch_indicators", "--indicator", "folk1a", "--base-url",
                     fake_statbank.url)
    assert ("folk1a: Statistikbanken afviste forespørgslen på tabel FOLK1A (HTTP 400): "
            "Tabellen findes ikke") in capsys.readouterr().err
    assert not Observation.objects.exists()


def test_fetch_refuses_regk31_while_a_summed_variable_is_unchosen(reference_data,
                                                                fake_statbank, capsys):
    call_command("load_indicators")
    Indicator.objects.filter(slug="regk31-voksne-saerlige-behov").update(
        statbank_selection={"FUNKTION": ["5.38.*"]})
    with pytest.raises(CommandError, match="ikke hentet: regk31-voksne-saerlige-behov"):
        call_command("fetch_indicators", "--indicator", "regk31-voksne-saerlige-behov",
                     "--base-url", fake_statbank.url)
    assert ("regk31-voksne-saerlige-behov: variablene DRANST, ART, PRISENHED i REGK31 er ikke "
            "valgt, og Statistikbanken ville lægge alle deres værdier sammen. Vælg dem i "
            "indikatorens definition, før tallene hentes.") in capsys.readouterr().err
    assert fake_statbank.data_requests() == []
    assert not Observation.objects.exists()


def test_every_shipped_statbank_indicator_fetches_what_the_server_sent(reference_data,
                                                                      fake_statbank, capsys):
    call_command("load_indicators")
    call_command("fetch_indicators", "--base-url", fake_statbank.url)
    out = capsys.readouterr().out
    assert ("regk31-voksne-saerlige-behov: 10 observationer gemt (2022–2023), heraf 1 uden tal "
            '("..")') in out
    adults = Indicator.objects.get(slug="regk31-voksne-saerlige-behov")
    # København 2022: 5.38.42 (1010 + 42 + 2) + 5.38.44 (1010 + 44 + 2)
    assert values(adults)[("101", "2022")] == 2110.0
    assert values(adults)[("185", "2022")] == 3790.0
    # Tårnby 2023: one of the two functions is "..": the sum is unknown, never smaller.
    assert values(adults)[("185", "2023")] is None
    children = Indicator.objects.get(slug="regk31-born-unge-saerlige-behov")
    assert values(children)[("147", "2023")] == (1470 + 20 + 3) + (1470 + 23 + 3)
    regk31_bodies = [b for b in fake_statbank.data_requests() if b["table"] == "REGK31"]
    assert [b["variables"] for b in regk31_bodies] == [
        [{"code": "ART", "values": ["TOT"]}, {"code": "DRANST", "values": ["1"]},
         {"code": "FUNKTION", "values": ["52820", "52823"]},
         {"code": "PRISENHED", "values": ["LOBM"]}, {"code": "OMRÅDE", "values": ["*"]},
         {"code": "Tid", "values": ["*"]}],
        [{"code": "ART", "values": ["TOT"]}, {"code": "DRANST", "values": ["1"]},
         {"code": "FUNKTION", "values": ["53842", "53844"]},
         {"code": "PRISENHED", "values": ["LOBM"]}, {"code": "OMRÅDE", "values": ["*"]},
         {"code": "Tid", "values": ["*"]}]]
    # A re-run changes nothing: no new audit event, the same retrieval times.
    events = AuditEvent.objects.count()
    times = sorted(Observation.objects.values_list("id", "retrieved_at"))
    call_command("fetch_indicators", "--base-url", fake_statbank.url)
    assert ("regk31-voksne-saerlige-behov: uændret; de 10 observationer (2022–2023) er de samme "
            "som sidst, intet er gemt") in capsys.readouterr().out
    assert AuditEvent.objects.count() == events
    assert sorted(Observation.objects.values_list("id", "retrieved_at")) == times


def test_a_code_the_table_lacks_is_refused_by_name_and_nothing_is_stored(reference_data,
                                                                          fake_statbank, capsys):
    call_command("load_indicators")
    Indicator.objects.filter(slug="regk31-voksne-saerlige-behov").update(
        statbank_selection={"FUNKTION": ["5.38.*", "5.99.*"], "DRANST": ["9"], "ART": ["TOT"],
                            "PRISENHED": ["LOBM"]})
    with pytest.raises(CommandError, match="ikke hentet: regk31-voksne-saerlige-behov"):
        call_command("fetch_indicators", "--indicator", "regk31-voksne-saerlige-behov",
                     "--base-url", fake_statbank.url)
    assert ("regk31-voksne-saerlige-behov: tabel REGK31 har ikke koden 9 for variablen DRANST; "
            "tabel REGK31 har ikke koden 5.99.* for variablen FUNKTION. Intet er hentet "
            "eller gemt.") in capsys.readouterr().err
    assert fake_statbank.data_requests() == []
    assert not Observation.objects.exists()
