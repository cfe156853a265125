"""The checksum's canonical values: the same stored value reads the same on every vendor."""

import datetime as dt
import decimal
import uuid
import zoneinfo

import pytest

from kkrmonitor.ops.checksums import canonical, differences, table_checksums


def test_canonical_values_do_not_depend_on_how_the_vendor_returns_them():
    copenhagen = zoneinfo.ZoneInfo("Europe/Copenhagen")
    moment = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    assert canonical(moment) == canonical(moment.astimezone(copenhagen)) \
        == "2026-03-01T12:00:00+00:00"
    assert canonical(decimal.Decimal("1.50")) == canonical(decimal.Decimal("1.5")) == "1.5"
    assert canonical(decimal.Decimal("1E+2")) == "100"
    assert canonical({"b": 1, "a": [1, 2]}) == canonical({"a": [1, 2], "b": 1}) \
        == '{"a":[1,2],"b":1}'
    assert canonical(memoryview(b"\x00\xff")) == canonical(b"\x00\xff") == "00ff"
    assert canonical(0.1) == "0.1"
    assert canonical(dt.date(2027, 12, 31)) == "2027-12-31"
    assert canonical(dt.timedelta(seconds=1)) == "1000000us"
    assert canonical(uuid.UUID(int=1)) == "00000000-0000-0000-0000-000000000001"
    assert canonical(None) is None and canonical(True) is True and canonical(7) == 7


def test_differences_name_each_table_that_differs():
    before = {"a": {"rows": 2, "checksum": "x"}, "b": {"rows": 1, "checksum": "y"},
              "c": {"rows": 1, "checksum": "z"}}
    after = {"a": {"rows": 3, "checksum": "w"}, "b": {"rows": 1, "checksum": "q"},
             "d": {"rows": 0, "checksum": "e"}}
    assert differences(before, before) == []
    assert differences(before, after) == [
        "a: 3 rækker, manifestet har 2",
        "b: samme antal rækker (1), men andet indhold",
        "c: mangler (manifestet har 1 rækker)",
        "d: findes nu, men ikke i manifestet",
    ]


@pytest.mark.django_db
def test_checksums_change_with_content_and_come_back_with_it(seed_programme):
    from kkrmonitor.programme.models import Recommendation

    before = table_checksums()
    assert before["programme_recommendation"]["rows"] == 9
    assert "django_migrations" in before and "pagecache_generation" not in before
    first = Recommendation.objects.order_by("pk").first()
    headline = first.headline
    Recommendation.objects.filter(pk=first.pk).update(headline="Ændret")
    changed = table_checksums()
    assert differences(before, changed) == [
        "programme_recommendation: samme antal rækker (9), men andet indhold"]
    Recommendation.objects.filter(pk=first.pk).update(headline=headline)
    assert table_checksums() == before
