"""The pure parts of the benchmark: percentiles, the targets, checking figures against them,
the shape of bench/results.json, and the printed table. No Django, no network: the smoke test
(tests/bench/test_bench_smoke.py) runs all of this on literal inputs."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

# The targets of issue 7 on a 2-core machine. Never loosened: a miss is printed as MISSED.
TARGETS: dict[str, dict[str, Any]] = {
    "page_p95_ms": {"limit": 50.0, "better": "lower", "unit": "ms",
                    "text": "p95 ≤ 50 ms per public page"},
    "page_queries": {"limit": 15, "better": "lower", "unit": "queries",
                     "text": "≤ 15 SQL queries per public page"},
    "overview_rps": {"limit": 300.0, "better": "higher", "unit": "req/s",
                     "text": "overview ≥ 300 requests/s (wrk -t2 -c50 -d10s)"},
    "import_rows_per_s": {"limit": 200_000.0, "better": "higher", "unit": "rows/s",
                          "text": "import ≥ 200,000 rows/s (1,000,000 observations)"},
    "annex_docx_s": {"limit": 2.0, "better": "lower", "unit": "s",
                     "text": "meeting annex DOCX ≤ 2 s"},
    "annex_pdf_s": {"limit": 2.0, "better": "lower", "unit": "s",
                    "text": "meeting annex PDF ≤ 2 s"},
    "notifications_run_s": {"limit": 30.0, "better": "lower", "unit": "s",
                            "text": "one notification run ≤ 30 s for 10,000 candidate mails"},
    "observations_json_vs_datasette": {"limit": 1.0, "better": "lower", "unit": "×",
                                       "text": "observations JSON no slower than Datasette "
                                               "(our median / Datasette's median ≤ 1.0)"},
    # Issue 15: one search query (kkrmonitor.search.query.search) at national scale.
    "search_p95_ms": {"limit": 50.0, "better": "lower", "unit": "ms",
                      "text": "search query p95 ≤ 50 ms at national scale"},
    # Issue 13: pages built on every request, the mixed load, and the cached overview.
    "cold_page_p95_ms": {"limit": 50.0, "better": "lower", "unit": "ms",
                         "text": "p95 ≤ 50 ms per public page with the page cache off"},
    "overview_warm_rps": {"limit": 2000.0, "better": "higher", "unit": "req/s",
                          "text": "overview from the page cache ≥ 2,000 requests/s"},
    "load_read_p95_ms": {"limit": 300.0, "better": "lower", "unit": "ms",
                         "text": "reads under the mixed load (32 writers) p95 ≤ 300 ms"},
    "load_requests_per_s": {"limit": 300.0, "better": "higher", "unit": "req/s",
                            "text": "mixed load ≥ 300 requests/s"},
}

RUN_KEYS = ("database", "pages", "overview_rps", "import_rows_per_s", "annex_docx_s",
            "annex_pdf_s", "observations_json_vs_datasette")
PAGE_KEYS = ("p50_ms", "p95_ms", "queries")
DATABASES = ("sqlite", "postgresql")


def percentile(values: Iterable[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between closest ranks (the
    method numpy calls "linear"). Raises ValueError on no values."""
    data = sorted(values)
    if not data:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} outside 0–100")
    rank = (len(data) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(data[low])
    return data[low] + (data[high] - data[low]) * (rank - low)


def median(values: Iterable[float]) -> float:
    return percentile(values, 50)


def summarise_ms(seconds: Sequence[float]) -> dict[str, float]:
    """Timings in seconds → p50 and p95 in milliseconds, rounded to 0.01 ms."""
    return {"p50_ms": round(percentile(seconds, 50) * 1000, 2),
            "p95_ms": round(percentile(seconds, 95) * 1000, 2)}


def meets(key: str, value: float | None) -> bool | None:
    """True/False against the target; None when there is no figure (not measured)."""
    if value is None:
        return None
    target = TARGETS[key]
    if target["better"] == "lower":
        return value <= target["limit"]
    return value >= target["limit"]


def check_run(run: dict[str, Any]) -> list[dict[str, Any]]:
    """Every figure of one run against its target, in table order: one row per page (p95 and
    queries) and one per single figure. `ok` is None where nothing was measured."""
    rows: list[dict[str, Any]] = []
    database = run.get("database", "?")
    for name, page in sorted(run.get("pages", {}).items()):
        for key, field in (("page_p95_ms", "p95_ms"), ("page_queries", "queries")):
            value = page.get(field)
            rows.append({"database": database, "what": f"{name} {field}", "key": key,
                         "value": value, "ok": meets(key, value), "note": page.get("error")})
    for name, page in sorted(run.get("pages_cold", {}).items()):
        value = page.get("p95_ms")
        rows.append({"database": database, "what": f"{name} p95_ms (page cache off)",
                     "key": "cold_page_p95_ms", "value": value,
                     "ok": meets("cold_page_p95_ms", value),
                     "note": page.get("error") or cold_cause(page)})
    for key in ("overview_rps", "import_rows_per_s", "annex_docx_s", "annex_pdf_s",
                "observations_json_vs_datasette", "notifications_run_s"):
        value = run.get(key)
        rows.append({"database": database, "what": key, "key": key, "value": value,
                     "ok": meets(key, value), "note": run.get("not_measured", {}).get(key)})
    # Figures added after issue 7, in runs that have them (older results stay as they were).
    for key in ("search_p95_ms",):
        if key in run or key in run.get("not_measured", {}):
            value = run.get(key)
            rows.append({"database": database, "what": key, "key": key, "value": value,
                         "ok": meets(key, value), "note": run.get("not_measured", {}).get(key)})
    if run.get("overview_rps") is not None:
        rows.append({"database": database, "what": "overview_rps (page cache hits)",
                     "key": "overview_warm_rps", "value": run["overview_rps"],
                     "ok": meets("overview_warm_rps", run["overview_rps"]), "note": None})
    load = run.get("load") or {}
    for key, field in (("load_read_p95_ms", "read_p95_ms"),
                       ("load_requests_per_s", "requests_per_s")):
        if field in load:
            rows.append({"database": database, "what": f"load {field}", "key": key,
                         "value": load[field], "ok": meets(key, load[field]), "note": None})
    return rows


def cold_cause(page: dict[str, Any]) -> str | None:
    """Where a page's time goes, as measured: its SQL (time and count, from one counted request
    in-process) and its size; the rest is Python building the answer."""
    if page.get("sql_ms") is None:
        return None
    size = page.get("bytes")
    return (f"SQL {format_value(page['sql_ms'])} ms in {page.get('queries')} queries"
            + (f", {size / 1024:,.0f} KB" if size else "") + "; the rest is Python")


def misses(results: dict[str, Any]) -> list[str]:
    """Human-readable list of every missed target over all runs."""
    out = []
    for run in results.get("runs", []):
        for row in check_run(run):
            if row["ok"] is False:
                target = TARGETS[row["key"]]
                out.append(f"{row['database']}: {row['what']} = {format_value(row['value'])} "
                           f"(target {target['text']})"
                           + (f" — {row['note']}" if row.get("note") else ""))
    return out


def validate_results(results: dict[str, Any]) -> list[str]:
    """Problems with the shape the issue prescribes; an empty list means the shape is right.
    Extra keys are allowed; missing or renamed ones are not. A figure may be null only when
    the run says why under `not_measured`."""
    problems: list[str] = []
    if not isinstance(results, dict):
        return ["results is not an object"]
    for key in ("runs", "machine", "dataset"):
        if key not in results:
            problems.append(f"missing top-level key {key!r}")
    if not isinstance(results.get("machine", ""), str):
        problems.append("machine must be a string")
    if not isinstance(results.get("dataset", {}), dict):
        problems.append("dataset must be an object")
    runs = results.get("runs", [])
    if not isinstance(runs, list):
        return [*problems, "runs must be a list"]
    for i, run in enumerate(runs):
        where = f"runs[{i}]"
        if not isinstance(run, dict):
            problems.append(f"{where} is not an object")
            continue
        for key in RUN_KEYS:
            if key not in run:
                problems.append(f"{where}: missing key {key!r}")
        if run.get("database") not in DATABASES:
            problems.append(f"{where}: database must be one of {DATABASES}")
        explained = run.get("not_measured", {})
        for key in RUN_KEYS[2:]:
            value = run.get(key)
            if value is None and key in run and key not in explained:
                problems.append(f"{where}: {key} is null without a reason in not_measured")
            elif value is not None and not isinstance(value, int | float):
                problems.append(f"{where}: {key} must be a number")
        pages = run.get("pages", {})
        if not isinstance(pages, dict):
            problems.append(f"{where}: pages must be an object")
            continue
        for name, page in pages.items():
            for key in PAGE_KEYS:
                if key not in page:
                    problems.append(f"{where}.pages[{name!r}]: missing key {key!r}")
                elif page[key] is not None and not isinstance(page[key], int | float):
                    problems.append(f"{where}.pages[{name!r}]: {key} must be a number")
    return problems


def format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return str(value)


def mark(ok: bool | None) -> str:
    return {True: "ok", False: "MISSED", None: "not measured"}[ok]


def target_text(key: str) -> str:
    target = TARGETS[key]
    sign = "≤" if target["better"] == "lower" else "≥"
    return f"{sign} {format_value(target['limit'])} {target['unit']}"


def table(results: dict[str, Any]) -> str:
    """The printed table: one block per database; every page with p50, p95 and queries, each
    against its target; then the single figures. A missed target reads MISSED."""
    lines: list[str] = []
    for run in results.get("runs", []):
        database = run.get("database", "?")
        load = run.get("load_average", "")
        lines.append(f"== {database} == (load average at start of run: {load})")
        pages = run.get("pages", {})
        width = max([len("page"), *(len(n) for n in pages)]) + 2
        lines.append(f"{'page':<{width}}{'p50 ms':>9}{'p95 ms':>9}  {'p95 target':<12}"
                     f"{'queries':>8}  {'q. target':<10}{'small':>6}  verdict")
        small = run.get("queries_small", {})
        for name in sorted(pages):
            page = pages[name]
            p95_ok = meets("page_p95_ms", page.get("p95_ms"))
            q_ok = meets("page_queries", page.get("queries"))
            verdicts = []
            if p95_ok is False:
                verdicts.append("MISSED p95")
            if q_ok is False:
                verdicts.append("MISSED queries")
            if page.get("error"):
                verdicts.append(f"ERROR {page['error']}")
            if not verdicts:
                verdicts.append("ok" if p95_ok and q_ok else "not measured")
            lines.append(
                f"{name:<{width}}{format_value(page.get('p50_ms')):>9}"
                f"{format_value(page.get('p95_ms')):>9}  {target_text('page_p95_ms'):<12}"
                f"{format_value(page.get('queries')):>8}  {target_text('page_queries'):<10}"
                f"{format_value(small.get(name)):>6}  {', '.join(verdicts)}")
        cold = run.get("pages_cold", {})
        if cold:
            lines.append("")
            lines.append("page cache off — every request builds the page (above: the page cache "
                         "as production runs it, so after the first request these are cache hits)")
            for name in sorted(cold):
                page = cold[name]
                ok = meets("cold_page_p95_ms", page.get("p95_ms"))
                lines.append(
                    f"{name:<{width}}{format_value(page.get('p50_ms')):>9}"
                    f"{format_value(page.get('p95_ms')):>9}  "
                    f"{target_text('cold_page_p95_ms'):<12}"
                    f"{format_value(page.get('queries')):>8}  "
                    + (f"ERROR {page['error']}" if page.get("error") else mark(ok)))
        grows = run.get("queries_grow_with_data")
        if grows is not None:
            lines.append("query count grows with the data on: "
                         + (", ".join(grows) if grows else "no page"))
        for key in ("overview_rps", "import_rows_per_s", "annex_docx_s", "annex_pdf_s",
                    "observations_json_vs_datasette"):
            value = run.get(key)
            ok = meets(key, value)
            why = run.get("not_measured", {}).get(key) if value is None else None
            lines.append(f"{key:<34}{format_value(value):>12}  {target_text(key):<18}"
                         f"{mark(ok)}" + (f" ({why})" if why else ""))
        load = run.get("load")
        if load:
            lines.append(f"load: {load.get('clients')} clients × {load.get('seconds')} s: "
                         f"{load.get('requests')} requests, {load.get('errors')} errors "
                         f"(5xx/connection), {load.get('accepted_writes')} writes accepted, "
                         f"{load.get('verified_writes')} verified in DB + history — "
                         + ("ok" if load.get("ok") else
                            "MISSED (server errors, lost writes or read p95 > 300 ms)"))
            for key, field, note in (
                    ("load_read_p95_ms", "read_p95_ms", ""),
                    ("load_requests_per_s", "requests_per_s", "")):
                value = load.get(field)
                lines.append(f"  load {field:<29}{format_value(value):>12}  "
                             f"{target_text(key):<18}{mark(meets(key, value))}{note}")
            lines.append(f"  load read_p50_ms {format_value(load.get('read_p50_ms'))}, "
                         f"write_p95_ms {format_value(load.get('write_p95_ms'))}, "
                         f"writers {load.get('writers')}, cache_hit_rate "
                         f"{format_value(load.get('cache_hit_rate'))} (share of reads served "
                         f"from the page cache: hits and recent copies)")
        if run.get("overview_rps") is not None:
            lines.append(f"{'overview_rps (page cache hits)':<34}"
                         f"{format_value(run['overview_rps']):>12}  "
                         f"{target_text('overview_warm_rps'):<18}"
                         f"{mark(meets('overview_warm_rps', run['overview_rps']))}")
        lines.append("")
    missed = misses(results)
    lines.append(f"{len(missed)} target(s) MISSED" if missed else "every measured target met")
    return "\n".join(lines)
