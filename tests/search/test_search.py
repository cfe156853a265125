"""Search: every recommendation by an inflected word, ranking, filters, the write path keeping
the index current, and no draft ever found by the public."""

from datetime import date

import pytest

from kkrmonitor.access import Access
from kkrmonitor.audit.recording import Author
from kkrmonitor.meetings.models import AgendaItem, Meeting
from kkrmonitor.programme import services
from kkrmonitor.programme.models import Council, Publication, Recommendation
from kkrmonitor.search.models import SearchEntry
from kkrmonitor.search.query import search

PUBLIC = Access()
MEMBER = Access(user_id=1, is_member=True)
AUTHOR = Author(label="Test", channel="cli")

# A word from each recommendation's text, in another inflection than the text has it.
INFLECTED = {
    1: "initiativet",  # "initiativer"
    2: "investeringen",  # "investeringer"
    3: "klimaplan",  # "klimaplanerne"
    4: "virksomhed",  # "virksomheder"
    5: "taskforcen",  # "taskforce"
    6: "udviklingsmidlerne",  # "udviklingsmidler"
    7: "serviceorganisationen",  # "it-serviceorganisationer"
    8: "østdansk",  # "østdanske"
    9: "sundhedsreform",  # "sundhedsreformen"
}


def _urls(results):
    return [h.url for h in results.hits]


@pytest.mark.django_db
@pytest.mark.parametrize("number", range(1, 10))
def test_each_recommendation_is_found_by_an_inflected_word(indexed, number):
    recommendation = Recommendation.objects.get(programme=indexed, number=number)
    results = search(INFLECTED[number], PUBLIC, kinds=("anbefaling",))
    assert recommendation.get_absolute_url() in _urls(results)


@pytest.mark.django_db
def test_kommunerne_finds_kommune(indexed):
    results = search("kommunerne", PUBLIC, kinds=("kommune",), limit=100)
    # The 29 and the 17 municipalities but Bornholms Regionskommune, one word of its own.
    assert results.total == 45
    assert "Ballerup Kommune" in [h.title for h in results.hits]


@pytest.mark.django_db
def test_title_ranks_above_text(indexed):
    results = search("sundhedsreformen", PUBLIC, kinds=("anbefaling",))
    assert [h.title for h in results.hits][:1] == [
        "Anbefaling 9: KKR Hovedstaden vil følge sundhedsreformen"]
    assert results.hits[0].title_html == (
        "Anbefaling 9: KKR Hovedstaden vil følge <mark>sundhedsreformen</mark>")


@pytest.mark.django_db
def test_every_word_must_match_else_any(indexed):
    both = search("taskforce uddannelse", PUBLIC, kinds=("anbefaling",))
    assert [h.title[:13] for h in both.hits] == ["Anbefaling 5:"]
    either = search("taskforce xyzzyq", PUBLIC, kinds=("anbefaling",))
    assert [h.title[:13] for h in either.hits] == ["Anbefaling 5:"]


@pytest.mark.django_db
def test_filters_by_council_and_year(indexed):
    sjaelland = Council.objects.get(slug="kkr-sjaelland")
    results = search("kommune", PUBLIC, council_id=sjaelland.pk, limit=100)
    assert results.total == 17
    assert {h.council for h in results.hits} == {"KKR Sjælland"}
    assert search("kommune", PUBLIC, year=1999).total == 0


@pytest.mark.django_db
def test_nothing_to_search_for(indexed):
    assert search("", PUBLIC).total == 0
    assert search("og i det", PUBLIC).total == 0


@pytest.mark.django_db
def test_write_path_keeps_drafts_from_the_public(indexed, django_capture_on_commit_callbacks):
    recommendation = Recommendation.objects.get(programme=indexed, number=7)
    with django_capture_on_commit_callbacks(execute=True):
        initiative = services.create_initiative(AUTHOR, recommendation, services.InitiativeData(
            title="Fælles driftscenter for kommunernes servere",
            description="Udbud af en fælles driftsplatform."))
    with django_capture_on_commit_callbacks(execute=True):
        services.add_status_update(AUTHOR, initiative, "on_track", 10,
                                   "Driftsplatformen er i udbud.", date(2026, 3, 1),
                                   publish=True)
    assert search("driftsplatformen", PUBLIC).total == 0
    assert [h.kind for h in search("driftsplatformen", MEMBER).hits] == ["indsats", "status"]

    with django_capture_on_commit_callbacks(execute=True):
        services.set_initiative_publication(AUTHOR, initiative, Publication.PUBLISHED,
                                            initiative.version)
    assert [h.kind for h in search("driftsplatformen", PUBLIC).hits] == ["indsats", "status"]

    initiative.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_initiative_publication(AUTHOR, initiative, Publication.DRAFT,
                                            initiative.version)
    assert search("driftsplatformen", PUBLIC).total == 0
    assert search("driftsplatformen", MEMBER).total == 2


@pytest.mark.django_db
def test_a_deleted_object_leaves_the_index(indexed, django_capture_on_commit_callbacks):
    from kkrmonitor.parsing.danish_dates import parse_window

    recommendation = Recommendation.objects.get(programme=indexed, number=1)
    with django_capture_on_commit_callbacks(execute=True):
        milestone = services.create_milestone(AUTHOR, recommendation,
                                              "Takstmodellen vedtages", parse_window("2027"))
    assert [h.title for h in search("takstmodellen", PUBLIC).hits] == ["Takstmodellen vedtages"]
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_milestone(AUTHOR, milestone, milestone.version)
    assert search("takstmodellen", MEMBER).total == 0
    assert not SearchEntry.objects.filter(kind="milepael", object_id=milestone.pk).exists()


@pytest.mark.django_db
def test_rebuild_matches_the_write_path(indexed):
    from kkrmonitor.search.indexing import rebuild

    council = Council.objects.get(slug="kkr-hovedstaden")
    meeting = Meeting.objects.create(council=council, date=date(2026, 9, 7))
    AgendaItem.objects.create(meeting=meeting, number=3, title="Status på BRT-linjerne",
                              kind="orientering", case_text="Linje 150S og 400S.")
    assert search("BRT", MEMBER).total == 0  # written around the write path
    counts = rebuild()
    assert counts["dagsordenspunkt"] >= 1
    hits = search("brt", PUBLIC).hits
    assert [(h.kind_label, h.year, h.url) for h in hits if h.kind == "dagsordenspunkt"] == [
        ("Dagsordenspunkt", 2026, f"/moede/{meeting.pk}/#punkt-3")]


@pytest.mark.django_db
def test_counting_stops_at_the_cap(indexed, monkeypatch):
    from kkrmonitor.search import backends

    monkeypatch.setattr(backends, "COUNT_CAP", 10)
    monkeypatch.setattr(backends, "RANK_WINDOW", 20)
    results = search("kommune", PUBLIC, kinds=("kommune",))
    assert (results.total, results.more, len(results.hits)) == (10, True, 20)
    assert search("sundhedsreformen", PUBLIC, kinds=("anbefaling",)).more is False


@pytest.mark.django_db
def test_year_filter_spans_the_dated_entries(indexed):
    from kkrmonitor.search.query import years

    SearchEntry.objects.filter(kind="milepael").update(year=None)
    SearchEntry.objects.filter(kind="moede").update(year=None)
    SearchEntry.objects.filter(pk__in=list(SearchEntry.objects.filter(
        kind="anbefaling").values_list("pk", flat=True)[:2])).update(year=2026)
    SearchEntry.objects.filter(kind="kommune", title="Ballerup Kommune").update(year=2029)
    SearchEntry.objects.filter(kind="kommune", title="Brøndby Kommune").update(
        year=2031, published=False)
    assert years(PUBLIC) == [2029, 2028, 2027, 2026]
    assert years(MEMBER) == [2031, 2030, 2029, 2028, 2027, 2026]
