"""The benchmark harness cannot rot silently: its pure parts on literal inputs, and the
page-timing loop and query count in-process on a small dataset (no gunicorn, wrk or Datasette
here; `make bench` starts those). Nothing here asserts a speed."""

from __future__ import annotations

import copy
import json

import pytest

from bench import stats
from bench.pages import api_endpoints, fill_path
from bench.servers import parse_wrk
from bench.timing import alternate, time_pages


def good_results() -> dict:
    page = {"p50_ms": 10.0, "p95_ms": 20.0, "queries": 5}
    run = {"database": "sqlite", "pages": {"home": page, "programme": dict(page)},
           "overview_rps": 2500.0, "import_rows_per_s": 250_000, "annex_docx_s": 0.5,
           "annex_pdf_s": 1.5, "observations_json_vs_datasette": 0.8}
    return {"runs": [run, {**copy.deepcopy(run), "database": "postgresql"}],
            "machine": "2 cores",
            "dataset": {"initiatives": 3000}}


# --- pure parts -------------------------------------------------------------------------------

def test_percentile_interpolates_between_ranks():
    assert stats.percentile([1, 2, 3, 4], 50) == 2.5
    assert stats.percentile([4, 1, 3, 2], 95) == pytest.approx(3.85)
    assert stats.percentile([7], 95) == 7
    assert stats.percentile(range(1, 101), 0) == 1
    assert stats.percentile(range(1, 101), 100) == 100
    assert stats.median([3, 1, 2]) == 2
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def test_summarise_in_milliseconds():
    assert stats.summarise_ms([0.010, 0.020, 0.030]) == {"p50_ms": 20.0, "p95_ms": 29.0}


def test_results_shape_is_the_issues():
    assert stats.validate_results(good_results()) == []
    extra = good_results()
    extra["runs"][0]["load"] = {"requests": 1}
    extra["targets"] = {}
    assert stats.validate_results(extra) == [], "added keys are allowed"

    renamed = good_results()
    renamed["runs"][0]["overview"] = renamed["runs"][0].pop("overview_rps")
    assert any("overview_rps" in p for p in stats.validate_results(renamed))
    no_machine = good_results()
    del no_machine["machine"]
    assert any("machine" in p for p in stats.validate_results(no_machine))
    bad_db = good_results()
    bad_db["runs"][0]["database"] = "mysql"
    assert stats.validate_results(bad_db)
    no_queries = good_results()
    del no_queries["runs"][0]["pages"]["home"]["queries"]
    assert any("queries" in p for p in stats.validate_results(no_queries))


def test_a_null_figure_needs_a_reason():
    results = good_results()
    results["runs"][0]["observations_json_vs_datasette"] = None
    assert stats.validate_results(results)
    results["runs"][0]["not_measured"] = {"observations_json_vs_datasette": "datasette missing"}
    assert stats.validate_results(results) == []


def test_targets_are_checked_both_ways():
    assert stats.meets("page_p95_ms", 50.0) is True
    assert stats.meets("page_p95_ms", 50.01) is False
    assert stats.meets("page_queries", 15) is True
    assert stats.meets("page_queries", 16) is False
    assert stats.meets("overview_rps", 299.9) is False
    assert stats.meets("import_rows_per_s", 200_000) is True
    assert stats.meets("annex_pdf_s", 2.1) is False
    assert stats.meets("observations_json_vs_datasette", 1.0) is True
    assert stats.meets("observations_json_vs_datasette", None) is None
    assert stats.meets("load_read_p95_ms", 300.01) is False
    assert stats.meets("overview_warm_rps", 2000.0) is True
    # The targets of issues 7, 13, 14 (a notification run) and 15, never loosened.
    assert {k: v["limit"] for k, v in stats.TARGETS.items()} == {
        "page_p95_ms": 50.0, "page_queries": 15, "overview_rps": 300.0,
        "import_rows_per_s": 200_000.0, "annex_docx_s": 2.0, "annex_pdf_s": 2.0,
        "notifications_run_s": 30.0, "observations_json_vs_datasette": 1.0,
        "search_p95_ms": 50.0, "cold_page_p95_ms": 50.0,
        "overview_warm_rps": 2000.0, "load_read_p95_ms": 300.0, "load_requests_per_s": 300.0}
    assert stats.meets("notifications_run_s", 6.1) is True
    assert stats.meets("notifications_run_s", 30.5) is False


def test_misses_and_the_table_say_missed():
    results = good_results()
    assert stats.misses(results) == []
    assert "MISSED" not in stats.table(results)
    assert "every measured target met" in stats.table(results)

    run = results["runs"][1]
    run["pages"]["home"]["p95_ms"] = 75.0
    run["pages"]["programme"]["queries"] = 40
    run["overview_rps"] = 120.0
    run["annex_pdf_s"] = None
    run["not_measured"] = {"annex_pdf_s": "LibreOffice missing"}
    missed = stats.misses(results)
    assert len(missed) == 4  # 120 req/s misses both overview targets
    assert any("postgresql: home p95_ms = 75.0" in m for m in missed)
    text = stats.table(results)
    lines = text.splitlines()
    home = next(line for line in lines if line.startswith("home") and "75.0" in line)
    assert "MISSED p95" in home
    programme = next(line for line in lines if line.startswith("programme") and " 40 " in line)
    assert "MISSED queries" in programme
    assert any(line.startswith("overview_rps") and "MISSED" in line for line in lines)
    assert any(line.startswith("annex_pdf_s") and "not measured (LibreOffice missing)" in line
               for line in lines)
    assert lines[-1] == "4 target(s) MISSED"


def test_cold_pages_and_the_mixed_load_are_checked_and_labelled():
    results = good_results()
    run = results["runs"][0]
    run["pages_cold"] = {"home": {"p50_ms": 20.0, "p95_ms": 61.5, "queries": 5},
                         "programme": {"p50_ms": 10.0, "p95_ms": 30.0, "queries": 9}}
    run["load"] = {"clients": 200, "seconds": 60, "requests": 9000, "errors": 0,
                   "accepted_writes": 500, "verified_writes": 500, "ok": False,
                   "read_p50_ms": 40.0, "read_p95_ms": 450.0, "write_p95_ms": 120.0,
                   "requests_per_s": 150.0, "cache_hit_rate": 0.9, "writers": 32}
    assert stats.misses(results) == [
        "sqlite: home p95_ms (page cache off) = 61.5 (target p95 ≤ 50 ms per public page with "
        "the page cache off)",
        "sqlite: load read_p95_ms = 450.0 (target reads under the mixed load (32 writers) p95 "
        "≤ 300 ms)",
        "sqlite: load requests_per_s = 150.0 (target mixed load ≥ 300 requests/s)"]
    lines = stats.table(results).splitlines()
    assert any(line.startswith("page cache off — every request builds the page") for line in lines)
    assert any(line.startswith("home") and "61.5" in line and line.endswith("MISSED")
               for line in lines)
    assert "  load read_p95_ms                         450.0  ≤ 300.0 ms        MISSED" in lines
    assert ("  load read_p50_ms 40.0, write_p95_ms 120.0, writers 32, cache_hit_rate 0.9 "
            "(share of reads served from the page cache: hits and recent copies)") in lines
    assert any(line.startswith("overview_rps (page cache hits)") and line.endswith("ok")
               for line in lines)


def test_a_cold_miss_says_where_its_time_went():
    results = good_results()
    results["runs"][0]["pages_cold"] = {"municipality": {
        "p50_ms": 70.0, "p95_ms": 88.0, "queries": 11, "sql_ms": 6.25, "bytes": 178_000}}
    assert stats.misses(results) == [
        "sqlite: municipality p95_ms (page cache off) = 88.0 (target p95 ≤ 50 ms per public "
        "page with the page cache off) — SQL 6.25 ms in 11 queries, 174 KB; the rest is Python"]


def test_wrk_output_is_parsed():
    output = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    80.12ms   10.01ms 200.00ms   90.00%
    Req/Sec   310.12     20.00   400.00     70.00%
  6203 requests in 10.01s, 120.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    619.70
Transfer/sec:     11.99MB
"""
    assert parse_wrk(output) == {
        "rps": 619.7, "requests": 6203, "non_2xx_3xx": 4,
        "socket_errors": {"connect": 0, "read": 2, "write": 0, "timeout": 1}}
    assert parse_wrk("")["non_2xx_3xx"] == 0


def test_api_paths_are_filled_from_the_picks():
    class Obj:
        def __init__(self, **kw):
            self.__dict__.update(kw)

    picks = {"indicator": Obj(slug="folk1a", pk=3), "joint": Obj(pk=7),
             "portfolio": Obj(slug="vej", pk=1), "council": Obj(slug="kkr-x", pk=2),
             "programme": Obj(term="2026-2029", term_start=2026, pk=4)}
    spec = {"paths": {
        "/api/indikatorer": {"get": {}},
        "/api/indikatorer/{slug}/observationer": {"get": {}},
        "/api/faelles/{id}": {"get": {}},
        "/api/portefoeljer/{slug}": {"get": {}},
        "/api/ukendt/{id}": {"get": {}},
        "/api/soeg": {"get": {"parameters": [{"in": "query", "name": "q", "required": True}]}},
        "/api/program/{council}/{term}/aendringer": {"get": {"parameters": [
            {"in": "query", "name": "siden", "required": True}]}},
        "/api/kun-post": {"post": {}},
    }}
    endpoints, skipped = api_endpoints(spec, picks)
    assert endpoints == {
        "api /api/faelles/{id}": "/api/faelles/7",
        "api /api/indikatorer": "/api/indikatorer",
        "api /api/indikatorer/{slug}/observationer": "/api/indikatorer/folk1a/observationer",
        "api /api/portefoeljer/{slug}": "/api/portefoeljer/vej",
        # The search's required word is a common one: the most expensive kind of search.
        "api /api/soeg": "/api/soeg?q=indsats",
        "api /api/program/{council}/{term}/aendringer":
            "/api/program/kkr-x/2026-2029/aendringer?siden=2026-01-01"}
    assert len(skipped) == 1
    assert fill_path("/api/x/{slug}", {}) is None


def test_time_pages_reports_non_200_as_errors_not_timings():
    statuses = iter([200, 200, 500, 200, 404, 200])
    result = time_pages(lambda path: next(statuses), {"a": "/a"}, requests=5, warmup=1)["a"]
    assert result["requests"] == 3
    assert result["error"] == "non-200: 500×1, 404×1"
    assert result["p50_ms"] is not None

    def boom(path):
        raise ConnectionRefusedError

    failed = time_pages(boom, {"b": "/b"}, requests=2, warmup=0)["b"]
    assert failed["requests"] == 0 and failed["p95_ms"] is None
    assert "ConnectionRefusedError×2" in failed["error"]


def test_alternate_gives_both_medians_and_the_ratio():
    result = alternate(lambda: (200, b"[]"), lambda: (200, b"[1]"), requests=5, warmup=1)
    assert result["requests_each"] == 5
    assert result["bytes"] == {"ours": 2, "datasette": 3}
    assert {"ours_median_ms", "datasette_median_ms", "ratio"} <= result.keys()


# --- in-process: the page loop and the query count on a small dataset ------------------------

@pytest.fixture
def small_dataset(db):
    from django.core.management import call_command, get_commands

    if "generate_demo" in get_commands():
        call_command("generate_demo", scale="small", seed=1, stdout=open("/dev/null", "w"),
                     stderr=open("/dev/null", "w"))
    else:
        from kkrmonitor.programme.importing import import_programme
        from kkrmonitor.programme.reference_loading import load_reference_data
        from tests.conftest import SEED

        load_reference_data()
        import_programme(SEED, "kkr-hovedstaden")


@pytest.mark.bench
def test_page_timing_loop_and_query_count_in_process(small_dataset, client):
    from bench.djangoside import count_queries, dataset_counts
    from bench.pages import picks, public_pages

    pages, missing = public_pages(picks())
    assert "programme" in pages and "recommendation" in pages, missing
    chosen = {name: pages[name] for name in ("programme", "recommendation")}

    def fetch(path):
        return client.get(path).status_code

    timed = time_pages(fetch, chosen, requests=5, warmup=1)
    for _name, result in timed.items():
        assert result["requests"] == 5, result
        assert "error" not in result, result
        assert 0 < result["p50_ms"] <= result["p95_ms"]
    counted = count_queries(chosen)
    assert all(c["status"] == 200 and c["queries"] > 0 for c in counted.values()), counted
    json.dumps(dataset_counts())  # serialisable for results.json
