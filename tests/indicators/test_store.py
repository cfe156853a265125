"""The bulk path itself (store_observations): upsert by area and period, missing stays NULL,
all or nothing, the secondary indexes survive a large load, and the page cache is told."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from kkrmonitor.indicators import services
from kkrmonitor.indicators.models import Area, Observation
from kkrmonitor.indicators.services import ensure_areas, store_observations
from tests.indicators.data import upload_indicator

AT = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)


def stored(indicator) -> list[tuple]:
    return list(indicator.observations.order_by("area__code", "period").values_list(
        "area__code", "period", "period_start", "value", "source", "retrieved_at"))


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Observation._meta.db_table)
    return {name for name, info in found.items() if info["index"] or info["unique"]}


@pytest.fixture
def areas(reference_data):
    index = ensure_areas()
    return {code: index.by_code[code].pk for code in ("101", "147", "151", "000")}


def test_upsert_replaces_only_the_same_area_and_period(areas, monkeypatch):
    bumps = []
    monkeypatch.setattr(services, "bump", lambda: bumps.append(1))
    indicator = upload_indicator()
    assert store_observations(indicator, [(areas["101"], "2024", 1.5),
                                          (areas["147"], "2024", None),
                                          (areas["151"], "2024K2", 3.0)],
                              Observation.Source.UPLOAD, retrieved_at=AT) == 3
    later = datetime(2025, 4, 1, tzinfo=UTC)
    store_observations(indicator, iter([(areas["147"], "2024", 0.1),
                                        (areas["000"], "2024", 7.0)]), Observation.Source.STATBANK,
                       retrieved_at=later)
    assert stored(indicator) == [
        ("000", "2024", date(2024, 1, 1), 7.0, "statbank", later),
        ("101", "2024", date(2024, 1, 1), 1.5, "upload", AT),
        ("147", "2024", date(2024, 1, 1), 0.1, "statbank", later),
        ("151", "2024K2", date(2024, 4, 1), 3.0, "upload", AT),
    ]
    assert len(bumps) == 2
    assert store_observations(indicator, [], Observation.Source.UPLOAD) == 0


def test_replace_source_removes_the_rest_of_that_source(areas):
    indicator = upload_indicator()
    store_observations(indicator, [(areas["101"], "2023", 1.0), (areas["147"], "2023", 2.0)],
                       Observation.Source.COMPUTED, retrieved_at=AT)
    store_observations(indicator, [(areas["151"], "2023", 5.0)], Observation.Source.UPLOAD,
                       retrieved_at=AT)
    store_observations(indicator, [(areas["147"], "2024", None)], Observation.Source.COMPUTED,
                       retrieved_at=AT, replace_source=True)
    assert [(c, p, v, s) for c, p, _d, v, s, _a in stored(indicator)] == [
        ("147", "2024", None, "computed"), ("151", "2023", 5.0, "upload")]


@pytest.mark.parametrize("large", [False, True])
def test_all_or_nothing_and_indexes_kept(areas, monkeypatch, large):
    if large:  # the path that drops and recreates secondary indexes on SQLite
        monkeypatch.setattr(services, "DROP_INDEXES_FROM", 1)
    before = index_names()
    indicator = upload_indicator()
    store_observations(indicator, [(areas["101"], "2024", 1.0)], Observation.Source.UPLOAD)
    assert index_names() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        store_observations(indicator, [(areas["147"], "2024", 2.0), (areas["101"], "2024", 3.0),
                                       (areas["147"], "2024", 4.0)], Observation.Source.UPLOAD)
    assert [(c, v) for c, _p, _d, v, _s, _a in stored(indicator)] == [("101", 1.0)]
    assert index_names() == before
    assert Area.objects.filter(pk=areas["147"]).exists()


def test_an_unknown_source_is_refused(areas):
    with pytest.raises(ValueError, match="ukendt kilde"):
        store_observations(upload_indicator(), [(areas["101"], "2024", 1.0)], "up\tload")


def test_unknown_areas_are_refused_and_deleting_an_area_cascades(areas):
    indicator = upload_indicator()
    with pytest.raises(IntegrityError, match="områder, der ikke findes: 999999"):
        store_observations(indicator, [(areas["101"], "2024", 1.0), (999999, "2024", 2.0)],
                           Observation.Source.UPLOAD)
    assert not indicator.observations.exists()
    store_observations(indicator, [(areas["101"], "2024", 1.0), (areas["147"], "2024", 2.0)],
                       Observation.Source.UPLOAD)
    Area.objects.filter(pk=areas["147"]).delete()
    assert [c for c, *_rest in stored(indicator)] == ["101"]
    indicator.delete()
    assert not Observation.objects.exists()


def test_the_indicator_keeps_its_count_of_figures_and_newest_period(areas):
    from kkrmonitor.indicators.models import Indicator

    indicator = upload_indicator()
    store_observations(indicator, [(areas["101"], "2023", 1.0), (areas["147"], "2024", None),
                                   (areas["151"], "2022K4", 3.0)], Observation.Source.UPLOAD)
    fresh = Indicator.objects.get(pk=indicator.pk)
    assert (fresh.figures, fresh.latest_figure_period) == (2, "2023")  # missing not counted
    store_observations(indicator, [(areas["147"], "2024", 5.0)], Observation.Source.UPLOAD)
    fresh = Indicator.objects.get(pk=indicator.pk)
    assert (fresh.figures, fresh.latest_figure_period) == (3, "2024")
    store_observations(indicator, [], Observation.Source.UPLOAD, replace_source=True)
    fresh = Indicator.objects.get(pk=indicator.pk)
    assert (fresh.figures, fresh.latest_figure_period) == (0, "")
