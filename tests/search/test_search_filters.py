"""Search's filters read from the index (type, council and year as words of SQLite's FTS5 table,
a btree_gin index on PostgreSQL): the same results as filtering every match, no draft for the
public under any filter, and the count and ranking answered by one query."""

from datetime import date

import pytest

from kkrmonitor.access import Access
from kkrmonitor.audit.recording import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Council, Recommendation
from kkrmonitor.search import backends
from kkrmonitor.search.models import SearchEntry
from kkrmonitor.search.query import search

PUBLIC = Access()
MEMBER = Access(user_id=1, is_member=True)
AUTHOR = Author(label="Test", channel="cli")


def test_scope_words():
    assert backends.scope_text("faelles-indsats", 12, 2027) == "#kfaellesindsats #c12 #y2027"
    assert backends.scope_text("aktoer", None, None) == "#kaktoer #cn #yn"


@pytest.fixture
def draft(indexed, django_capture_on_commit_callbacks):
    """A draft initiative ending in 2031 with a status update of 2026, both unpublished."""
    recommendation = Recommendation.objects.get(programme=indexed, number=7)
    with django_capture_on_commit_callbacks(execute=True):
        initiative = services.create_initiative(AUTHOR, recommendation, services.InitiativeData(
            title="Fælles driftscenter for kommunernes servere",
            description="Udbud af en fælles driftsplatform.", window=parse_window("2031")))
    with django_capture_on_commit_callbacks(execute=True):
        services.add_status_update(AUTHOR, initiative, "on_track", 10,
                                   "Driftsplatformen er i udbud.", date(2026, 3, 1),
                                   publish=True)
    return recommendation.programme.council


FILTERS = [
    {"kinds": ("indsats",)},
    {"kinds": ("status",)},
    {"kinds": ("indsats", "status")},
    {"council": True},
    {"year": 2031},
    {"year": 2026},
    {"kinds": ("status",), "council": True, "year": 2026},
    {"kinds": ("indsats",), "council": True, "year": 2031},
]


@pytest.mark.django_db
@pytest.mark.parametrize("spec", FILTERS)
def test_the_public_never_finds_a_draft_with_a_filter(draft, spec):
    kwargs = {"kinds": spec.get("kinds", ()), "year": spec.get("year"),
              "council_id": draft.pk if spec.get("council") else None}
    assert search("driftsplatformen", PUBLIC, **kwargs).total == 0
    assert search("driftsplatformen", MEMBER, **kwargs).total >= 1


@pytest.mark.django_db
def test_a_filter_finds_what_it_names(draft):
    def kinds_years(**kwargs):
        return sorted((h.kind, h.year) for h in search("driftsplatformen", MEMBER,
                                                       **kwargs).hits)

    assert kinds_years() == [("indsats", 2031), ("status", 2026)]
    assert kinds_years(year=2031) == [("indsats", 2031)]
    assert kinds_years(kinds=("status",)) == [("status", 2026)]
    assert kinds_years(kinds=("status",), year=2031) == []
    other = Council.objects.exclude(pk=draft.pk).first()
    assert kinds_years(council_id=other.pk) == []
    assert kinds_years(council_id=draft.pk, year=2026) == [("status", 2026)]


@pytest.mark.django_db
def test_a_year_changed_by_the_write_path_moves_the_entry(draft,
                                                          django_capture_on_commit_callbacks):
    recommendation = Recommendation.objects.get(programme__council=draft, number=7)
    with django_capture_on_commit_callbacks(execute=True):
        milestone = services.create_milestone(AUTHOR, recommendation, "Takstmodellen vedtages",
                                              parse_window("2027"))
    assert [h.year for h in search("takstmodellen", MEMBER, year=2027).hits] == [2027]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_milestone(AUTHOR, milestone, milestone.title, parse_window("2029"),
                                  None, milestone.version)
    assert search("takstmodellen", MEMBER, year=2027).total == 0
    assert [h.year for h in search("takstmodellen", MEMBER, year=2029).hits] == [2029]


@pytest.mark.django_db
@pytest.mark.parametrize("who", [PUBLIC, MEMBER])
def test_filtered_results_are_the_unfiltered_ones_that_pass(indexed, who):
    everything = search("kommune", who, limit=100)
    assert 20 < everything.total < 100
    years = {h.year for h in everything.hits} - {None}
    kinds = {h.kind for h in everything.hits}
    assert years and len(kinds) >= 2
    for year in years:
        filtered = search("kommune", who, year=year, limit=100)
        assert [h.url for h in filtered.hits] == [h.url for h in everything.hits
                                                   if h.year == year]
    for kind in kinds:
        filtered = search("kommune", who, kinds=(kind,), limit=100)
        assert [h.url for h in filtered.hits] == [h.url for h in everything.hits
                                                   if h.kind == kind]


@pytest.mark.django_db
def test_a_typed_word_never_matches_a_filter_word(indexed):
    assert SearchEntry.objects.filter(year=2026).exists()
    for word in ["y2026", "#y2026", "kanbefaling", "#kanbefaling", "cn", "yn"]:
        results = search(word, MEMBER)
        # PostgreSQL forgives a typo ("kanbefaling" is close to "anbefaling"), and says so.
        assert results.total == 0 or results.typo_forgiven, word


@pytest.mark.django_db
def test_pages_and_a_page_past_the_end(indexed):
    first_40 = search("kommune", PUBLIC, limit=40)
    second = search("kommune", PUBLIC, limit=20, offset=20)
    assert [h.url for h in second.hits] == [h.url for h in first_40.hits[20:]]
    assert second.total == first_40.total
    past = search("kommune", PUBLIC, limit=20, offset=5000)
    assert (past.hits, past.total) == ([], first_40.total)
