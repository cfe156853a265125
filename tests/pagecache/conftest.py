import pytest
from django.core.cache import caches
from django.test import override_settings

from kkrmonitor.pagecache import generation
from tests.indicators.fake_statbank import fake_statbank  # noqa: F401 (fixture)


@pytest.fixture
def page_cache():
    """The page cache on, empty, with a recent copy kept for a page being rendered again."""
    generation.forget()
    caches["pages"].clear()
    with override_settings(KKR_PAGE_CACHE_SECONDS=60, KKR_PAGE_CACHE_STALE_SECONDS=30):
        yield
    caches["pages"].clear()
