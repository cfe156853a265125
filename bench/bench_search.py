"""Benchmark: search (kkrmonitor.search) at national scale — the query behind /soeg/ and
/api/soeg, and the /soeg/ page itself, for the public and for a signed-in member.

    .venv/bin/python bench/bench_search.py [--scale national] [--runs 5]

Makes a throwaway database (SQLite in a temporary directory, or the PostgreSQL database in
DATABASE_URL, which must be empty), fills it with `kkr generate_demo` (SYNTHETIC data), times
`kkr rebuild_search_index`, then times every query of QUERIES `--runs` times in this process
(the first round cold) and prints p50/p95 in ms. The figures go into bench/results.json under
"search" → database, every other key kept. `make bench` measures the same through
bench/djangoside.py ("search") into each run's `search_p95_ms`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results.json"

# What people would type: common words in many entries ("kommunerne" matches a sixth of the
# 100,000 status updates), rare ones, two words, a word nothing has, and filtered searches.
QUERIES: list[dict[str, Any]] = [
    {"q": "kommunerne"},
    {"q": "styregruppen"},
    {"q": "finansiering"},
    {"q": "syntetisk indsats"},
    {"q": "delleverancen afleveret"},
    {"q": "kommune"},
    {"q": "møde"},
    {"q": "sundhedsreformen"},
    {"q": "xyzzyq"},
    {"q": "kommunerne", "kinds": ("status",)},
    {"q": "indsats", "year": 2027},
    {"q": "kommunerne", "council": True},
]


def measure(runs: int = 5) -> dict[str, Any]:
    """Time the queries with Django set up on a filled database. Returns the figures."""
    from django.db import connection
    from django.test import Client

    from kkrmonitor.access import Access
    from kkrmonitor.programme.models import Council
    from kkrmonitor.search.indexing import rebuild
    from kkrmonitor.search.query import search
    from bench.stats import percentile

    started = time.perf_counter()
    counts = rebuild()
    rebuild_s = time.perf_counter() - started
    council = Council.objects.order_by("pk").first()
    who = {"public": Access(), "member": Access(user_id=1, is_member=True)}
    timings: list[float] = []
    by_query: dict[str, list[float]] = {}
    for _ in range(runs):
        for spec in QUERIES:
            for role, access in who.items():
                started = time.perf_counter()
                search(spec["q"], access, kinds=spec.get("kinds", ()),
                       council_id=council.pk if spec.get("council") and council else None,
                       year=spec.get("year"))
                ms = (time.perf_counter() - started) * 1000
                timings.append(ms)
                by_query.setdefault(f"{role}: {spec}", []).append(ms)
    client = Client()
    page: list[float] = []
    for _ in range(runs):
        for spec in QUERIES[:6]:
            started = time.perf_counter()
            response = client.get("/soeg/", {"q": spec["q"]})
            page.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    slowest = max(by_query.items(), key=lambda kv: percentile(kv[1], 95))
    return {
        "database": connection.vendor,
        "entries": sum(counts.values()),
        "entries_by_kind": counts,
        "rebuild_s": round(rebuild_s, 1),
        "queries_timed": len(timings),
        "p50_ms": round(percentile(timings, 50), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        "page_p50_ms": round(percentile(page, 50), 1),
        "page_p95_ms": round(percentile(page, 95), 1),
        "slowest_query": slowest[0],
        "slowest_query_p95_ms": round(percentile(slowest[1], 95), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", default="national", choices=["national", "small"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    temp = tempfile.TemporaryDirectory(prefix="kkr-bench-search-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{temp.name}/bench.sqlite3"
    os.environ.setdefault("KKR_DATA_DIR", temp.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrmonitor.settings_test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_demo", scale=args.scale, seed=args.seed)
    generated_s = time.perf_counter() - started
    result = {"scale": args.scale, "seed": args.seed, "generate_s": round(generated_s, 1),
              **measure(args.runs)}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"search p95: {result['p95_ms']} ms (target 50 ms), /soeg/ page p95: "
          f"{result['page_p95_ms']} ms, {result['entries']} entries, {result['database']}")
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("search", {})[result["database"]] = result
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    temp.cleanup()


if __name__ == "__main__":
    main()
