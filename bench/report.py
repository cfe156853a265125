"""Print bench/results.json as the table `make bench` prints, or as Markdown for the README:

    .venv/bin/python bench/report.py [--markdown] [bench/results.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import stats  # noqa: E402


def markdown(results: dict[str, Any]) -> str:
    runs = results.get("runs", [])
    source = (f"commit {results['commit']}" if results.get("commit")
              else results.get("source", "?"))
    lines = [f"Run {results.get('started_at', '?')} – {results.get('finished_at', '?')}, "
             f"{source}, dataset scale "
             f"**{results.get('dataset_scale', '?')}**.",
             f"Machine: {results.get('machine', '?')}.", ""]
    dataset = results.get("dataset", {})
    if dataset:
        lines.append("Dataset: " + ", ".join(f"{k.replace('_', ' ')} {v:,}"
                                             for k, v in dataset.items()) + ".")
        lines.append("")
    names = sorted({n for run in runs for n in run.get("pages", {})})
    header = "| page | " + " | ".join(
        f"{r['database']} p50 / p95 ms | {r['database']} queries (small)" for r in runs) + " |"
    lines += [header, "|---|" + "---|---|" * len(runs)]
    for name in names:
        cells = []
        for run in runs:
            page = run.get("pages", {}).get(name, {})
            p95_ok = stats.meets("page_p95_ms", page.get("p95_ms"))
            q_ok = stats.meets("page_queries", page.get("queries"))
            small = run.get("queries_small", {}).get(name)
            cells.append(f"{stats.format_value(page.get('p50_ms'))} / "
                         f"{stats.format_value(page.get('p95_ms'))}"
                         + (" **MISSED**" if p95_ok is False else "")
                         + (f" ({page['error']})" if page.get("error") else ""))
            cells.append(f"{stats.format_value(page.get('queries'))} "
                         f"({stats.format_value(small)})"
                         + (" **MISSED**" if q_ok is False else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| figure | target | " + " | ".join(r["database"] for r in runs) + " |")
    lines.append("|---|---|" + "---|" * len(runs))
    for key in ("overview_rps", "import_rows_per_s", "annex_docx_s", "annex_pdf_s",
                "observations_json_vs_datasette"):
        cells = []
        for run in runs:
            value = run.get(key)
            ok = stats.meets(key, value)
            load = run.get("load_at", {}).get(key)
            if value is None:
                cells.append(f"not measured ({run.get('not_measured', {}).get(key, '?')})")
            else:
                cells.append(stats.format_value(value) + (" **MISSED**" if ok is False else "")
                             + (f" (load {load})" if load is not None else ""))
        lines.append(f"| {key} | {stats.target_text(key)} | " + " | ".join(cells) + " |")
    lines.append("")
    for run in runs:
        obs = run.get("observations_json")
        if run.get("observations_json_run"):
            lines.append(f"- {run['database']}: observations JSON "
                         f"{run['observations_json_run'].get('note', '')}.")
        if obs and "ratio" in obs:
            cached = obs.get("medians_ms", {}).get("ours_page_cache")
            lines.append(f"- {run['database']}: observations JSON, ours median "
                         f"{obs['ours_median_ms']} ms ({obs.get('ours_is', '')}) vs Datasette "
                         f"{obs['datasette_median_ms']} ms; with the production page cache "
                         f"ours {cached} ms (ratio {obs.get('ratio_page_cache')}); "
                         f"{obs['rows_ours']} rows each way, {obs['requests_each']} requests "
                         "each, in turn, one run.")
        load = run.get("load")
        if load and "requests" in load:
            lines.append(
                f"- {run['database']}: load {load['clients']} clients × {load['seconds']} s: "
                f"{load['requests']:,} requests, p50 {load.get('p50_ms')} ms, p95 "
                f"{load.get('p95_ms')} ms; server errors {load['errors']}; writes accepted "
                f"{load['accepted_writes']} {load.get('accepted_by_kind')}, verified in the "
                f"database and the history {load['verified_writes']} — "
                + ("ok" if load.get("ok") else "**MISSED**") + ".")
            busy = load.get("server_seconds") or {}
            if busy:
                lines.append(
                    f"- {run['database']}: the application's time in the load run "
                    f"(Server-Timing, {sum(busy.values()):.0f} s in {load.get('elapsed_s')} s "
                    f"on {run.get('server', {}).get('workers', '?')} workers): "
                    + ", ".join(f"{kind} {seconds} s" for kind, seconds in busy.items()) + ".")
        elif load:
            lines.append(f"- {run['database']}: load run failed: {load.get('verdict')}")
        grows = run.get("queries_grow_with_data")
        if grows is not None:
            lines.append(f"- {run['database']}: query count grows with the data on: "
                         + (", ".join(grows) if grows else "no page") + ".")
        lines.append(f"- {run['database']}: load average at start {run.get('load_average')}.")
        for error in run.get("errors", []):
            lines.append(f"- {run['database']} error: {error}")
    misses = results.get("misses", stats.misses(results))
    lines.append("")
    lines.append(f"**{len(misses)} target(s) missed.**" if misses else
                 "Every measured target met.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    results = json.loads(Path(args.path).read_text())
    print(markdown(results) if args.markdown else stats.table(results))


if __name__ == "__main__":
    main()
