"""converters.url_maker: one reversal for many rows, the same URL as reverse()."""

import pytest
from django.urls import reverse

from kkrmonitor.converters import url_maker


def test_the_same_url_as_reverse():
    recommendation = url_maker("recommendation", "kkr-raad-0", "1000-1001", 999999)
    assert recommendation("kkr-nord", "2018-2021", 3) == "/program/kkr-nord/2018-2021/anbefaling/3/"
    assert recommendation("kkr-nord", "2018-2021", 3) == reverse(
        "recommendation", args=["kkr-nord", "2018-2021", 3])


def test_a_sample_that_is_not_unique_in_the_url_is_refused():
    with pytest.raises(ValueError, match="does not occur once"):
        url_maker("recommendation", "a", "1000-1001", 1)  # "a" is also in "anbefaling"
