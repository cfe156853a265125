import pytest


@pytest.fixture
def indexed(seed_programme):
    """The council's real programme, with the search index built."""
    from kkrmonitor.search.indexing import rebuild

    rebuild()
    return seed_programme
