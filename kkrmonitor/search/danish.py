"""Danish words for search, in plain Python (no Django): tokens, Snowball stems, stop words and
highlighted snippets.

The stemmer is the Danish Snowball algorithm, the same one PostgreSQL's `danish` configuration
uses, so "kommunerne", "kommuner" and "kommune" all become "kommun" on both databases."""

from __future__ import annotations

import html
import re
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]  # ships no type hints

# Snowball's Danish stop-word list, as PostgreSQL's danish.stop has it.
STOP_WORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi
min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her
alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit
også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive
mange ad bliver hendes været thi jer sådan
""".split())

WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word.lower()))


def stems(text: str) -> list[str]:
    """The text's words as stems, in order, stop words left out."""
    out = []
    for word in WORD.findall(text.lower()):
        if word in STOP_WORDS:
            continue
        out.append(stem(word))
    return out


def query_terms(query: str, limit: int = 12) -> list[str]:
    """The distinct stems of what someone typed, in order (at most `limit`)."""
    return list(dict.fromkeys(stems(query)))[:limit]


def stemmed_text(text: str) -> str:
    """What the SQLite index holds for a text: its stems separated by spaces."""
    return " ".join(stems(text))


def _marked(text: str, terms: frozenset[str]) -> str:
    """`text` HTML-escaped, with each word whose stem is a term in <mark>."""
    parts: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        word = match.group()
        if word.lower() in STOP_WORDS or stem(word) not in terms:
            continue
        parts.append(html.escape(text[last:match.start()]))
        parts.append(f"<mark>{html.escape(word)}</mark>")
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def highlight(text: str, terms: list[str]) -> str:
    """The whole of a short text (a title), escaped, with the matching words marked."""
    return _marked(text, frozenset(terms))


def snippet(text: str, terms: list[str], words: int = 30) -> str:
    """About `words` words of `text` around its best run of matches, escaped, matches marked,
    with "…" where text is cut. Without matches: the beginning."""
    wanted = frozenset(terms)
    spans = [(m.start(), m.end(), stem(m.group()) in wanted and m.group().lower()
              not in STOP_WORDS) for m in WORD.finditer(text)]
    if not spans:
        return html.escape(text.strip())
    best, best_hits = 0, -1
    window = min(words, len(spans))
    hits = sum(1 for s in spans[:window] if s[2])
    best_hits, best = hits, 0
    for i in range(1, len(spans) - window + 1):
        hits += spans[i + window - 1][2] - spans[i - 1][2]
        if hits > best_hits:
            best_hits, best = hits, i
    # Start a few words before the first match in the window, so it reads in context.
    first_hit = next((i for i in range(best, best + window) if spans[i][2]), best)
    start_word = max(0, min(first_hit - 5, len(spans) - window))
    end_word = start_word + window - 1
    start = 0 if start_word == 0 else spans[start_word][0]
    end = len(text) if end_word == len(spans) - 1 else spans[end_word][1]
    body = " ".join(text[start:end].split())
    prefix = "" if start_word == 0 else "… "
    suffix = "" if end_word == len(spans) - 1 else " …"
    return f"{prefix}{_marked(body, wanted)}{suffix}"
