"""Precision and recall of the top suggested recommendation on a labelled set of real agenda
item titles (bench/labelled_agenda_items.json), against the council's own programme document.

    .venv/bin/python bench/bench_link_suggestions.py [--out bench/results.json]

Precision: of the items that got a suggestion, the share whose first suggestion is the label.
Recall: of the items with a label, the share whose first suggestion is the label. The profiles
are the recommendations' headlines, bodies, themes and theme words (no initiatives, partners or
accepted links, which a fresh database does not have yet): the floor the ranking starts from.
The theme words (link_scoring.THEME_WORDS) were written by the team with these titles in view,
so the figure is optimistic for unseen titles; it was 0.38/0.40 without them. Prints the figures
and writes them under the key "link_suggestions" of results.json, keeping every other key."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kkrmonitor.meetings.link_scoring import THEME_WORDS, Ranker, Target  # noqa: E402
from kkrmonitor.parsing.programme_document import read_programme  # noqa: E402
from kkrmonitor.programme.reference import theme_for  # noqa: E402

PROGRAMME = ROOT / "data" / "programmes" / "kkr-hovedstaden-anbefalinger-2026-2029.txt"
LABELS = ROOT / "bench" / "labelled_agenda_items.json"


def measure() -> dict[str, object]:
    programme = read_programme(PROGRAMME)
    ranker = Ranker([Target(f"recommendation:{r.number}",
                            ((r.headline, 3.0), (r.body, 1.0),
                             (theme_for(r.headline), 2.0),
                             (THEME_WORDS.get(theme_for(r.headline), ""), 1.0)))
                     for r in programme.recommendations])
    items = json.loads(LABELS.read_text(encoding="utf-8"))["items"]
    suggested = correct = labelled = 0
    misses: list[str] = []
    for item in items:
        ranked = ranker.rank(item["title"], limit=1)
        top = int(ranked[0].key.split(":")[1]) if ranked else None
        if item["recommendation"] is not None:
            labelled += 1
        if top is not None:
            suggested += 1
            if top == item["recommendation"]:
                correct += 1
        if top != item["recommendation"]:
            misses.append(f"{item['title']}: {top} (label {item['recommendation']})")
    return {
        "items": len(items), "labelled": labelled, "suggested": suggested, "correct": correct,
        "precision_top1": round(correct / suggested, 3) if suggested else None,
        "recall_top1": round(correct / labelled, 3) if labelled else None,
        "misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    figures = measure()
    print(f"Forslag til kobling, første forslag på {figures['items']} mærkede punkter:")
    print(f"  præcision {figures['precision_top1']}  genfinding {figures['recall_top1']}")
    for miss in figures["misses"]:  # type: ignore[attr-defined]
        print(f"  forkert: {miss}")
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    results["link_suggestions"] = figures
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")


if __name__ == "__main__":
    main()
