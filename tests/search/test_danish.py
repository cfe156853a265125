"""The pure Danish layer: stems, stop words, escaped and marked snippets."""

from kkrmonitor.search import danish


def test_inflected_forms_share_a_stem():
    assert danish.query_terms("kommunerne kommuner kommune") == ["kommun"]
    assert danish.query_terms("sundhedsreformen") == ["sundhedsreform"]
    assert danish.query_terms("Sundhedsreform") == ["sundhedsreform"]


def test_stop_words_are_left_out():
    assert danish.query_terms("og i det at klimaet") == ["klima"]
    assert danish.query_terms("og i det") == []


def test_highlight_escapes_and_marks():
    assert danish.highlight("<b>Kommunerne</b> & regionen", ["kommun"]) == (
        "&lt;b&gt;<mark>Kommunerne</mark>&lt;/b&gt; &amp; regionen")


def test_snippet_cuts_around_the_match():
    text = " ".join(f"ord{i}" for i in range(40)) + " sundhedsreformen " + " ".join(
        f"tal{i}" for i in range(40))
    assert danish.snippet(text, ["sundhedsreform"], words=8) == (
        "… ord35 ord36 ord37 ord38 ord39 <mark>sundhedsreformen</mark> tal0 tal1 …")


def test_snippet_without_a_match_is_the_beginning():
    assert danish.snippet("Første ord & andet ord i teksten", ["klima"], words=3) == (
        "Første ord &amp; andet …")
