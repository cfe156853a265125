"""Rank which recommendations and initiatives an agenda item concerns, from Danish words.

Each target (a recommendation or an initiative) has a profile: its own texts, its partners'
names, its theme, and the titles of agenda items an editor has already linked to it (accepted
links teach the ranking the words the council uses). Words are lower-cased, stop words
dropped, and stemmed with the Danish Snowball stemmer, so "kommunerne" and "kommune",
"sundhedsreformen" and "sundhedsreform" are one word. An item's score for a target is the
cosine of their TF-IDF vectors (IDF over the targets: a word every recommendation uses says
nothing), from 0 to 1.

Pure Python: no Django import.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

WORD_RE = re.compile(r"[a-zæøåéü0-9]+")
# Danish function words, and words every council paper uses (they tell nothing apart).
STOP_WORDS = frozenset("""
af alle andet andre at blev bliver da de dem den denne der deres det dette dig din dog du
efter eller en end er et for fra ham han hans har havde have hende her hos hun hvad hvis hvor
i ikke ind jeg jer kan kun man mange med meget men mig min mod ned noget nogle nu når og også
om op os over på se selv sig sin sine skal skulle som til ud under var vi vil ville være været
ved blive bliver samt både mellem inden heller hvordan hvilke hvornår
kkr hovedstaden sjælland indstilles drøfter drøftelse orientering tager efterretning
godkender status sag sagen punkt møde mødet kommune kommuner kommunerne kommunernes region
regionen fælles arbejde arbejdet referat referatet godkendelse dagsorden dagsordenen eventuelt
meddelelser siden sidst næste forslag oplæg
""".split())


# Words a council paper uses about each theme of the programme (the themes of
# kkrmonitor.programme.reference.THEMES), beyond those in the recommendations' own text: the
# names of the field's agreements, bodies, places and professions. Vocabulary, not facts.
THEME_WORDS = {
    "Det specialiserede socialområde": "botilbud botilbudspladser takster takst rammeaftale "
        "styringsaftale specialundervisning handicap udsatte borgere psykiatri socialtilsyn "
        "udgifter per dag lånepulje tilbud pladser",
    "Mobilitet og infrastruktur": "trafik kollektiv trafik bus busser tog letbane metro BRT "
        "Movia veje vej motorvej trængsel trafikcharter mobilitetsplan mobilitetsanalyse "
        "pendling cykelsuperstier infrastrukturinvesteringer",
    "Klima": "klimaplan klimaplaner energi energiomstilling grøn omstilling udledning CO2 "
        "klimatilpasning vedvarende energi varme affald cirkulær",
    "Erhverv og beskæftigelse": "erhvervsservice erhvervshus virksomheder iværksættere "
        "beskæftigelse jobcentre ledige arbejdskraft turisme vækst Greater Copenhagen "
        "investeringer eksport",
    "Uddannelse og rekruttering": "uddannelse uddannelser dimensionering pædagog "
        "pædagoguddannelsen SOSU PAU sygeplejersker sygeplejestuderende studerende elever "
        "praktikpladser praktik lærlinge rekruttering velfærdsuddannelser",
    "Regionale udviklingsopgaver": "regional udvikling udviklingsmidler regionale projekter "
        "kultur kulturmetropol bortfalder",
    "Fælles it-drift": "it drift it-drift driftsfællesskab servere datacenter cybersikkerhed "
        "digitalisering systemer",
    "Samarbejde med KKR Sjælland": "KKR Sjælland Region Sjælland Østdanmark Region "
        "Østdanmark sammenlægning",
    "Sundhed": "sundhed sundhedsaftale sundhedsaftaler sundhedsråd sundhedssamarbejdsudvalget "
        "praktiserende læger almen praksis lægedækning hospitaler forebyggelse nære "
        "sundhedsvæsen Sundhedskoordinationsforum genoptræning",
}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("danish")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def terms(text: str) -> list[str]:
    """The text's stemmed content words."""
    words = WORD_RE.findall(text.lower())
    return [stem(w) for w in words if w not in STOP_WORDS and len(w) > 1 and not w.isdigit()]


@dataclass(frozen=True)
class Target:
    key: str  # "recommendation:3", "initiative:17"
    texts: tuple[tuple[str, float], ...]  # (text, weight)


@dataclass(frozen=True)
class Scored:
    key: str
    score: float


class Ranker:
    def __init__(self, targets: Sequence[Target]) -> None:
        self.keys = [t.key for t in targets]
        bags: list[dict[str, float]] = []
        for target in targets:
            bag: dict[str, float] = {}
            for text, weight in target.texts:
                for term in terms(text):
                    bag[term] = bag.get(term, 0.0) + weight
            bags.append(bag)
        documents = len(bags) or 1
        frequency: Counter[str] = Counter(term for bag in bags for term in bag)
        self.idf = {term: math.log((1 + documents) / (1 + n)) + 1 for term, n in
                    frequency.items()}
        self.vectors = [self._weigh(bag) for bag in bags]

    def _weigh(self, bag: dict[str, float]) -> dict[str, float]:
        vector = {t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in bag.items() if c > 0}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def _with_compound_parts(self, counts: Counter[str]) -> dict[str, float]:
        """Danish writes compounds as one word: "mobilitetsanalyse" is about "mobilitet". A
        query word the targets do not use counts, at half weight, as the target words of five
        letters or more it begins or ends with."""
        bag = {t: float(c) for t, c in counts.items()}
        for word, count in counts.items():
            if word in self.idf:
                continue
            for term in self.idf:
                if len(term) >= 5 and term != word and (word.startswith(term)
                                                        or word.endswith(term)):
                    bag[term] = bag.get(term, 0.0) + 0.5 * count
        return bag

    def rank(self, text: str, exclude: Iterable[str] = (), limit: int = 3,
             minimum: float = 0.05) -> list[Scored]:
        query = self._weigh(self._with_compound_parts(Counter(terms(text))))
        skip = set(exclude)
        scored = [Scored(key, round(sum(w * vector.get(t, 0.0) for t, w in query.items()), 2))
                  for key, vector in zip(self.keys, self.vectors, strict=True)
                  if key not in skip]
        scored = [s for s in scored if s.score >= minimum]
        scored.sort(key=lambda s: (-s.score, s.key))
        return scored[:limit]
