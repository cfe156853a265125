"""History with readable differences: describe() in Danish, the history pages per recommendation,
initiative and programme, and "Ændringer siden <dato>"; the public sees published content only."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from kkrmonitor.audit import Author
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme import services
from kkrmonitor.programme.history import (
    Change,
    Segment,
    default_changes_since,
    describe,
    word_diff,
)
from kkrmonitor.programme.models import AuditEvent, Municipality
from tests.history.data import (
    danish,
    date_all_events,
    latest_event,
    new_initiative,
    publish,
    published_initiative,
    recommendation,
    report,
    unpublish,
)
from tests.web.test_public_pages import PROGRAMME, main_text

HISTORY = PROGRAMME + "historik/"
CHANGES = PROGRAMME + "aendringer/"


def event(action: str, object_type: str, object_repr: str, changes: dict) -> AuditEvent:
    return AuditEvent(actor_label="Erik Redaktør", channel="web", action=action,
                      object_type=object_type, object_id="5", object_repr=object_repr,
                      changes=changes)


def rows(view) -> list[tuple[str, str, str]]:
    return [(c.field, c.before, c.after) for c in view.changes]


# --- describe(): audit events in Danish ------------------------------------------------------

def test_describe_a_created_initiative():
    view = describe(event("create", "initiative", "Fælles takstmodel", {
        "title": [None, "Fælles takstmodel"], "owner": [None, ""], "weight": [None, 2],
        "start": [None, "2026-03-01"], "end": [None, "2026-05-31"],
        "label": [None, "foråret 2026"], "precision": [None, "season"],
        "publication": [None, "draft"], "actors": [None, ["KL", "Region Hovedstaden"]],
    }))
    assert view.summary == "Indsats »Fælles takstmodel« oprettet"
    assert rows(view) == [
        # An empty owner stays empty: no row.
        ("Titel", "–", "Fælles takstmodel"),
        ("Vægt", "–", "2"),
        ("Start", "–", "1. marts 2026"),
        ("Slut", "–", "31. maj 2026"),
        ("Tidsangivelse", "–", "foråret 2026"),
        ("Offentliggørelse", "–", "Kladde"),
        ("Samarbejdspartnere", "–", "KL, Region Hovedstaden"),
    ]


def test_describe_an_update_with_dates_and_status_in_danish():
    view = describe(event("update", "statusupdate",
                          "Fælles takstmodel: På sporet (01.04.2026)", {
                              "status": ["on_track", "at_risk"],
                              "as_of": ["2026-04-01", "2026-06-01"],
                              "version": [1, 2],
                          }))
    assert view.summary == "Statusopdatering »Fælles takstmodel: På sporet (01.04.2026)« ændret"
    assert rows(view) == [("Status", "På sporet", "I risiko"),
                          ("Dato", "1. april 2026", "1. juni 2026")]


def test_describe_a_publication_with_the_derived_initiative_status():
    view = describe(event("publish", "statusupdate", "Fælles takstmodel: På sporet (01.04.2026)", {
        "publication": ["draft", "published"],
        "published_at": [None, "2026-11-26T09:05:00+00:00"],
        "version": [1, 2],
        "initiative.status": ["not_started", "on_track"],
        "initiative.progress": [0, 40],
        "initiative.confirmed_at": [None, "2026-11-26T09:05:00+00:00"],
        "initiative.confirmed_by": [None, "Erik Redaktør"],
        "recommendation.progress": [None, 40],
    }))
    assert view.summary == ("Statusopdatering »Fælles takstmodel: På sporet (01.04.2026)« "
                            "offentliggjort")
    # Moments are stored in UTC and shown in Danish time.
    assert rows(view) == [
        ("Offentliggørelse", "Kladde", "Offentliggjort"),
        ("Offentliggjort", "–", "26. november 2026 10:05"),
        ("Indsatsens status", "Ikke startet", "På sporet"),
        ("Indsatsens fremdrift (%)", "0", "40"),
        ("Indsatsens senest bekræftet", "–", "26. november 2026 10:05"),
        ("Indsatsens bekræftet af", "–", "Erik Redaktør"),
        ("Anbefalingens fremdrift (%)", "–", "40"),
    ]


def test_describe_marks_the_changed_words_of_a_long_text():
    before = ("Kommunerne i Nordsjælland har besluttet at samle driften af deres it-systemer i "
              "en fælles enhed med hjemsted i Hillerød, og arbejdet begynder i foråret 2026 "
              "med en kortlægning af systemerne.")
    after = before.replace("foråret 2026", "efteråret 2026")
    view = describe(event("update", "initiative", "Nord", {"description": [before, after]}))
    (change,) = view.changes
    assert (change.field, change.before, change.after) == ("Beskrivelse", before, after)
    assert change.before_parts == (
        Segment("gap", "…"),
        Segment("same", "med hjemsted i Hillerød, og arbejdet begynder i"),
        Segment("removed", "foråret"),
        Segment("same", "2026 med en kortlægning af systemerne."),
    )
    assert change.after_parts[2] == Segment("added", "efteråret")


def test_word_diff_keeps_short_texts_whole():
    assert word_diff("a b c", "a x c") == (
        (Segment("same", "a"), Segment("removed", "b"), Segment("same", "c")),
        (Segment("same", "a"), Segment("added", "x"), Segment("same", "c")))


def test_values_that_read_the_same_are_left_out():
    view = describe(event("confirm", "initiative", "Nord", {
        "confirmed_at": ["2026-11-26T09:05:01+00:00", "2026-11-26T09:05:40+00:00"],
        "confirmed_by": ["Erik Redaktør", "Alma Administrator"]}))
    assert view.summary == "Indsats »Nord« bekræftet uændret"
    assert rows(view) == [("Bekræftet af", "Erik Redaktør", "Alma Administrator")]


def test_short_values_have_no_word_diff():
    (change,) = describe(event("update", "initiative", "Nord",
                               {"title": ["Nord", "Nordsjælland"]})).changes
    assert change == Change("Titel", "Nord", "Nordsjælland")


def test_default_changes_since_is_30_days_back(seed_programme):
    assert default_changes_since(seed_programme, date(2026, 11, 26)) == date(2026, 10, 27)


# --- history pages: the public sees published content only ---------------------------------

@pytest.fixture
def rec7(seed_programme):
    return recommendation(seed_programme, 7)


@pytest.fixture
def nord(editor, rec7):
    return published_initiative(editor, rec7)


@pytest.fixture
def syd(editor, rec7):
    initiative = new_initiative(editor, rec7, title="Fælles it-driftsenhed Syd")
    services.create_milestone(Author.for_user(editor), rec7, "Syd i drift",
                              parse_window("juni 2026"), initiative)
    report(editor, initiative, narrative="Syd følger planen", published=True)
    return initiative


def rec_history(rec) -> str:
    return f"/historik/anbefaling/{rec.pk}/"


def initiative_history(initiative) -> str:
    return f"/historik/indsats/{initiative.pk}/"


def get_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return main_text(response)


def test_recommendation_history_for_the_public(client, rec7, nord, syd):
    text = get_text(client, rec_history(rec7))
    assert "Historik for anbefaling 7" in text
    assert "Indsats »Fælles it-driftsenhed Nord« offentliggjort" in text
    assert "Offentliggørelse Kladde Offentliggjort" in text
    assert ("Statusopdatering »Fælles it-driftsenhed Nord: På sporet (20.11.2026)« oprettet"
            in text)
    assert "Indsatsens status Ikke startet På sporet" in text
    assert "Anbefalingens fremdrift (%) 0 40" in text
    # Written while a draft: not public.
    assert "Indsats »Fælles it-driftsenhed Nord« oprettet" not in text
    # Nothing at all of the draft initiative, its milestone or its status update.
    assert "Syd" not in text
    assert "Ikke offentlig" not in text
    assert "Her vises ændringer af offentliggjort indhold." in text


def test_recommendation_history_for_a_reader(client, reader, rec7, nord, syd):
    client.force_login(reader)
    text = get_text(client, rec_history(rec7))
    assert "Indsats »Fælles it-driftsenhed Nord« oprettet" in text
    assert "Indsats »Fælles it-driftsenhed Syd« oprettet" in text
    assert "Milepæl »juni 2026: Syd i drift« oprettet" in text
    assert "Syd følger planen" in text
    assert "Ikke offentlig" in text
    assert "Du er logget ind og ser også ændringer af kladder" in text


def test_a_draft_initiatives_history_is_404_for_the_public(client, reader, syd):
    response = client.get(initiative_history(syd))
    assert response.status_code == 404
    assert "<h1>Siden findes ikke</h1>" in response.content.decode()
    client.force_login(reader)
    text = get_text(client, initiative_history(syd))
    assert "Historik for indsatsen »Fælles it-driftsenhed Syd«" in text
    assert "Kladde" in text
    assert "Milepæl »juni 2026: Syd i drift« oprettet" in text


def test_after_publishing_the_publish_event_is_public(client, editor, rec7, syd):
    publish(editor, syd)
    text = get_text(client, initiative_history(syd))
    assert "Indsats »Fælles it-driftsenhed Syd« offentliggjort" in text
    assert "Offentliggørelse Kladde Offentliggjort" in text
    # What was written while it was a draft stays internal.
    assert "Indsats »Fælles it-driftsenhed Syd« oprettet" not in text
    assert "Syd følger planen" not in text
    assert "Indsats »Fælles it-driftsenhed Syd« offentliggjort" in get_text(client,
                                                                           rec_history(rec7))


def test_withdrawn_initiative_disappears_from_the_public_history(client, editor, rec7, nord):
    unpublish(editor, nord)
    assert client.get(initiative_history(nord)).status_code == 404
    assert "Fælles it-driftsenhed Nord" not in get_text(client, rec_history(rec7))
    assert "Fælles it-driftsenhed Nord" not in get_text(client, HISTORY)


def test_comments_are_for_members_only(client, editor, contact, nord):
    services.add_comment(Author.for_user(contact), nord, Municipality.objects.get(code="101"),
                         "København er med fra start.")
    assert "København er med fra start." not in get_text(client, initiative_history(nord))
    client.force_login(editor)
    text = get_text(client, initiative_history(nord))
    assert "Kommentar »Kommentar til Fælles it-driftsenhed Nord« oprettet" in text
    assert "Kommentar – København er med fra start." in text


def test_history_page_shows_date_time_who_and_a_table(client, rec7, nord):
    AuditEvent.objects.filter(initiative_id=nord.pk).update(at=danish(2026, 11, 26, 14, 5))
    response = client.get(initiative_history(nord))
    html = response.content.decode()
    text = main_text(response)
    assert "Torsdag 26. november 2026" in text
    assert '<time datetime="2026-11-26T14:05:00+01:00">26. november 2026 kl. 14.05</time>' in html
    assert "26. november 2026 kl. 14.05 · Erik Redaktør" in text
    assert re.search(r'<th scope="col" class="change-table__field">Felt</th>\s*'
                     r'<th scope="col">Før</th>\s*<th scope="col">Efter</th>', html)
    assert '<th scope="row" data-title="" class="change-table__field">Status</th>' in html
    assert "Gå til indsatsen" in text and "Ændringer siden" in text


def test_programme_history_includes_the_import(client, seed_programme, nord):
    text = get_text(client, HISTORY)
    assert "Historik for arbejdsprogrammet 2026-2029" in text
    assert "Arbejdsprogram »KKR Hovedstaden 2026-2029« oprettet" in text
    assert "Import af kkr-hovedstaden-anbefalinger-2026-2029.txt" in text
    assert "Indsats »Fælles it-driftsenhed Nord« offentliggjort" in text


def test_history_pages_paginate_50_per_page(client, editor, nord):
    author = Author.for_user(editor)
    for _ in range(60):
        services.confirm_unchanged(author, nord)
    response = client.get(initiative_history(nord))
    html = response.content.decode()
    # 60 confirmations + publication + status update (the creation was a draft).
    assert "62 ændringer · side 1 af 2" in main_text(response)
    assert html.count('class="event"') == 50
    assert 'href="?side=2" rel="next"' in html
    second = client.get(initiative_history(nord) + "?side=2").content.decode()
    assert second.count('class="event"') == 12
    assert 'href="?side=1" rel="prev"' in second
    assert client.get(initiative_history(nord) + "?side=x").status_code == 200


@pytest.mark.parametrize("url", ["/historik/anbefaling/999999/", "/historik/indsats/999999/",
                                 "/program/kkr-hovedstaden/2030-2033/historik/",
                                 "/program/kkr-hovedstaden/2030-2033/aendringer/"])
def test_unknown_history_is_404(client, seed_programme, url):
    assert client.get(url).status_code == 404


# --- Ændringer siden <dato> ------------------------------------------------------------------

@pytest.fixture
def dated(editor, seed_programme, rec7):
    """The import on 24 October 2025; an initiative created 20 January 2026 (a draft), published
    25 January 23:30, a status update 26 January 00:30 (Danish time, 23:30 UTC the day before)
    and a milestone under recommendation 1 on 3 February 2026 at 14:05."""
    date_all_events(danish(2025, 10, 24, 12, 0))
    initiative = new_initiative(editor, rec7)
    created = latest_event()
    publish(editor, initiative)
    published = latest_event()
    report(editor, initiative)
    reported = latest_event()
    services.create_milestone(Author.for_user(editor), recommendation(seed_programme, 1),
                              "Takstmodellen godkendt", parse_window("foråret 2026"))
    milestone = latest_event()
    for row, moment in [(created, danish(2026, 1, 20, 9, 0)),
                        (published, danish(2026, 1, 25, 23, 30)),
                        (reported, danish(2026, 1, 26, 0, 30)),
                        (milestone, danish(2026, 2, 3, 14, 5))]:
        AuditEvent.objects.filter(pk=row.pk).update(at=moment)
    return initiative


def event_lines(text: str) -> list[str]:
    return re.findall(r"(\S+ »[^«]+« \S+) (\d+\. \w+ \d{4} kl\. [\d.]+)", text)


def test_changes_since_a_date(client, dated):
    response = client.get(CHANGES + "?siden=2026-01-26")
    html = response.content.decode()
    text = main_text(response)
    assert "<title>Ændringer siden 26. januar 2026 – KKR Hovedstaden 2026-2029" in html
    assert "Ændringer siden 26. januar 2026" in text
    assert "2 ændringer" in text
    groups = re.findall(r'<h2 class="h3 changes-group__heading" id="gruppe-(\d+)">', html)
    assert groups == ["1", "7"]
    assert event_lines(text) == [
        ("Milepæl »foråret 2026: Takstmodellen godkendt« oprettet", "3. februar 2026 kl. 14.05"),
        ("Statusopdatering »Fælles it-driftsenhed Nord: På sporet (20.11.2026)« oprettet",
         "26. januar 2026 kl. 00.30"),
    ]
    assert 'value="2026-01-26"' in html


def test_changes_since_the_day_before_include_the_publication(client, dated):
    text = main_text(client.get(CHANGES + "?siden=2026-01-25"))
    assert "3 ændringer" in text
    assert [line[1] for line in event_lines(text)] == [
        "3. februar 2026 kl. 14.05", "26. januar 2026 kl. 00.30", "25. januar 2026 kl. 23.30"]


def test_changes_newest_first_within_a_recommendation(client, reader, dated):
    client.force_login(reader)  # members also see the creation of the draft
    text = main_text(client.get(CHANGES + "?siden=2026-01-01"))
    assert "4 ændringer" in text
    assert [line[1] for line in event_lines(text)] == [
        "3. februar 2026 kl. 14.05", "26. januar 2026 kl. 00.30", "25. januar 2026 kl. 23.30",
        "20. januar 2026 kl. 09.00"]
    assert "Ikke offentlig" in text


def test_changes_since_accepts_a_danish_date(client, dated):
    text = main_text(client.get(CHANGES + "?siden=26-01-2026"))
    assert "Ændringer siden 26. januar 2026" in text and "2 ændringer" in text


def test_no_changes_since_a_later_date(client, dated):
    text = main_text(client.get(CHANGES + "?siden=2026-02-04"))
    assert "Ingen ændringer siden 4. februar 2026." in text


def test_changes_from_the_import_are_grouped_with_the_programme_first(client, seed_programme):
    html = client.get(CHANGES + "?siden=2025-01-01").content.decode()
    groups = re.findall(r'id="gruppe-(\w+)"', html)
    assert groups == ["program", *[str(n) for n in range(1, 10)]]
    assert "Arbejdsprogrammet" in html


@pytest.mark.parametrize(("value", "message"), [
    ("31-02-2026", "Datoen findes ikke eller er skrevet forkert. Skriv den som dag-måned-år, "
                   "fx 26-01-2026."),
    ("i går", "Datoen findes ikke eller er skrevet forkert. Skriv den som dag-måned-år, "
              "fx 26-01-2026."),
    ("1999-12-31", "Vælg en dato efter 1. januar 2000."),
])
def test_an_invalid_date_is_explained_in_danish(client, dated, value, message):
    response = client.get(CHANGES, {"siden": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Fejl: Ændringer – KKR Hovedstaden 2026-2029", html)
    assert ('<span class="form-error-message" id="siden_error"><span class="sr-only">Fejl: '
            f"</span>{message}</span>") in html
    assert 'aria-invalid="true"' in html
    assert "Ændringer i arbejdsprogrammet" in main_text(response)
    assert 'class="changes-group' not in html


def test_changes_default_to_30_days_back(client, seed_programme):
    since = timezone.localdate() - timedelta(days=30)
    response = client.get(CHANGES)
    html = response.content.decode()
    assert f'value="{since.isoformat()}"' in html
    assert re.search(r'<label class="form-label" for="siden">Vis ændringer siden</label>', html)
    assert 'type="date"' in html
    # The import happened just now.
    assert "Arbejdsprogram »KKR Hovedstaden 2026-2029« oprettet" in main_text(response)


def test_history_pages_link_the_changes(client, rec7, nord):
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    for url in (rec_history(rec7), initiative_history(nord), HISTORY):
        html = client.get(url).content.decode()
        assert f'href="{CHANGES}?siden={since}"' in html, url
    assert f'href="{HISTORY}"' in client.get(CHANGES).content.decode()


# --- a fixed number of queries, however long the history -----------------------------------

def _lots_of_history(editor, rec7, nord) -> None:
    author = Author.for_user(editor)
    for n in range(30):
        services.confirm_unchanged(author, nord)
        report(editor, nord, progress=n, narrative=f"Status {n}")
    services.add_comment(author, nord, None, "Intern note")


# The object (with its programme and council), the count, one page of events; a logged-in
# member adds the session, the user and the user's roles.
PUBLIC_QUERIES = 3
MEMBER_QUERIES = PUBLIC_QUERIES + 3


@pytest.mark.parametrize("more_data", [False, True])
@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_history_query_counts_are_fixed(client, django_assert_max_num_queries, editor, reader,
                                        rec7, nord, more_data, who):
    if more_data:
        _lots_of_history(editor, rec7, nord)
    if who == "reader":
        client.force_login(reader)
    bound = MEMBER_QUERIES if who == "reader" else PUBLIC_QUERIES
    for url in (rec_history(rec7), initiative_history(nord), HISTORY, HISTORY + "?side=2"):
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("more_data", [False, True])
@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_changes_query_count_is_fixed(client, django_assert_max_num_queries, editor, reader,
                                      rec7, nord, more_data, who):
    if more_data:
        _lots_of_history(editor, rec7, nord)
    if who == "reader":
        client.force_login(reader)
    # The programme, its recommendations, the events.
    bound = 3 + (3 if who == "reader" else 0)
    with django_assert_max_num_queries(bound):
        assert client.get(CHANGES + "?siden=2025-01-01").status_code == 200
