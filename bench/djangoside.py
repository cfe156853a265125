"""The benchmark's in-process parts, run as a subprocess per database (DATABASE_URL set by the
caller, so SQLite and PostgreSQL, national and small, never share one Django process):

    python -m bench.djangoside inventory --out FILE   # pages, API endpoints, SQL query counts,
                                                      # dataset counts, Datasette's counterpart
    python -m bench.djangoside annex --runs 3 --out FILE
    python -m bench.djangoside notifications --out FILE   # notifications_run_s

Query counts use Django's test Client with CaptureQueriesContext against the same database and
the same production settings as the gunicorn server, with the public-page cache off
(KKR_PAGE_CACHE_SECONDS=0): what a page costs when it is actually built."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrmonitor.settings")
    import django

    django.setup()


def dataset_counts() -> dict[str, int]:
    """Rows per kind of content in the database measured (whatever generated them): the demo
    generator's own count when it is there, else a count of the main tables."""
    try:
        from kkrmonitor.demo.generate import dataset_counts as demo_counts

        return demo_counts()
    except ImportError:
        pass
    from django.apps import apps

    wanted = {
        "councils": "programme.Council", "municipalities": "programme.Municipality",
        "programmes": "programme.Programme", "recommendations": "programme.Recommendation",
        "initiatives": "programme.Initiative", "milestones": "programme.Milestone",
        "status_updates": "programme.StatusUpdate", "comments": "programme.Comment",
        "audit_events": "programme.AuditEvent", "meetings": "meetings.Meeting",
        "agenda_items": "meetings.AgendaItem", "decisions": "meetings.Decision",
        "joint_initiatives": "joint.JointInitiative", "stage_reports": "joint.StageReport",
        "projects": "joint.Project", "indicators": "indicators.Indicator",
        "observations": "indicators.Observation", "users": "accounts.User",
    }
    out = {}
    for name, label in wanted.items():
        try:
            out[name] = apps.get_model(label).objects.count()
        except LookupError:
            continue
    return out


def count_queries(paths: dict[str, str]) -> dict[str, dict[str, Any]]:
    """{name: {"queries": n, "status": code}} per path: one warm-up request, then the counted
    one (steady state, as a running server sees it)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    out: dict[str, dict[str, Any]] = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        # The SQL's share of the page's time (Django records each captured query's seconds)
        # and the answer's size: what a slow page's time goes to, besides Python.
        sql_ms = sum(float(q.get("time") or 0) for q in ctx.captured_queries) * 1000
        size = len(response.content) if not response.streaming else None
        out[name] = {"queries": len(ctx.captured_queries), "status": response.status_code,
                     "sql_ms": round(sql_ms, 1), "bytes": size}
    return out


def openapi() -> dict[str, Any]:
    from django.test import Client

    response = Client().get("/api/openapi.json")
    if response.status_code != 200:
        return {}
    return response.json()


def datasette_counterpart(p: dict[str, Any]) -> dict[str, Any] | None:
    """The indicator with the most observations: our endpoint's path, and the table and filter
    Datasette serves the same rows from."""
    from kkrmonitor.indicators.models import Observation

    indicator = p.get("indicator")
    if indicator is None:
        return None
    return {"indicator_id": indicator.pk, "indicator_slug": indicator.slug,
            "table": Observation._meta.db_table,
            "rows": Observation.objects.filter(indicator=indicator).count(),
            "path": f"/api/indikatorer/{indicator.slug}/observationer"}


def inventory() -> dict[str, Any]:
    setup()
    from bench import pages as pagemod

    started = time.perf_counter()
    p = pagemod.picks()
    if p.get("council") is not None:
        # The front page shows KKR_DEFAULT_COUNCIL's programme; point it at the council of
        # the largest programme (the caller gives the server the same setting).
        from django.conf import settings

        settings.KKR_DEFAULT_COUNCIL = p["council"].slug
    pages, missing = pagemod.public_pages(p)
    spec = openapi()
    api, skipped = pagemod.api_endpoints(spec, p)
    every = {**pages, **api}
    counts = count_queries(every)
    return {
        "pages": pages, "api": api, "missing_pages": missing, "skipped_api": skipped,
        "openapi_found": bool(spec), "queries": counts, "dataset": dataset_counts(),
        "datasette": datasette_counterpart(p),
        "default_council": p["council"].slug if p.get("council") is not None else None,
        "not_timed": pagemod.NOT_TIMED, "seconds": round(time.perf_counter() - started, 2),
        "picks": {k: str(getattr(v, "pk", v)) for k, v in p.items() if v is not None},
    }


def observations_spec() -> dict[str, Any]:
    setup()
    from bench import pages as pagemod

    return {"datasette": datasette_counterpart(pagemod.picks())}


def annex(runs: int) -> dict[str, Any]:
    """The status annex of the largest programme's busiest meeting, in-process, `runs` times
    each; the median is the figure:

    - docx_s / pdf_s: producing the file as finalising does (and as `kkr meeting_annex`
      does for a draft): the content from the programme as on the meeting's date
      (build_annex_data), then the Word or PDF file from it;
    - finalise_s: the whole finalising (content, both files, the stored snapshot and its
      audit event), in a transaction rolled back so the data stays as it was;
    - stored_pdf_s: what a download of a finalised annex costs: reading the stored file."""
    setup()
    from django.db import transaction

    from bench import pages as pagemod
    from kkrmonitor.audit import Author
    from kkrmonitor.meetings.annex import annex_file, build_annex_data, render
    from kkrmonitor.meetings.models import AnnexSnapshot, Meeting

    picked = pagemod.picks().get("meeting")
    if picked is None:
        return {"error": "no meeting in the data"}
    out: dict[str, Any] = {"meeting": picked.pk}

    def timed(name: str, work: Any) -> None:
        times = []
        for _ in range(runs):
            meeting = Meeting.objects.select_related("council").get(pk=picked.pk)
            started = time.perf_counter()
            size = work(meeting)
            times.append(time.perf_counter() - started)
        out[f"{name}_s"] = round(statistics.median(times), 3)
        out[f"{name}_runs_s"] = [round(t, 3) for t in times]
        if size is not None:
            out[f"{name}_bytes"] = size

    for fmt in ("docx", "pdf"):
        timed(fmt, lambda meeting, fmt=fmt: len(render(build_annex_data(meeting), fmt)))
    if AnnexSnapshot.objects.filter(meeting_id=picked.pk).exists():
        out["finalise_note"] = "the meeting's annex is already finalised: finalise_s not measured"
    else:
        author = Author(label="Benchmark", channel="cli")

        def finalise_and_download(meeting: Meeting) -> None:
            from kkrmonitor.meetings.annex import finalise_annex

            with transaction.atomic():
                started = time.perf_counter()
                finalise_annex(author, meeting)
                out.setdefault("finalise_runs_s", []).append(
                    round(time.perf_counter() - started, 3))
                started = time.perf_counter()
                size = len(annex_file(meeting, "pdf")[0])
                out.setdefault("stored_pdf_runs_s", []).append(
                    round(time.perf_counter() - started, 4))
                out["stored_pdf_bytes"] = size
                transaction.set_rollback(True)

        for _ in range(runs):
            finalise_and_download(Meeting.objects.select_related("council").get(pk=picked.pk))
        out["finalise_s"] = statistics.median(out["finalise_runs_s"])
        out["stored_pdf_s"] = statistics.median(out["stored_pdf_runs_s"])
    return out


def search(runs: int) -> dict[str, Any]:
    """Search at this scale (bench/bench_search.py): rebuild the index, time the queries."""
    setup()
    from bench.bench_search import measure

    return measure(runs)


def notifications() -> dict[str, Any]:
    """One `kkr send_notifications` run for ≥ 10,000 candidate mails (bench/notifications_bench)."""
    setup()
    from bench.notifications_bench import measure

    return measure()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["inventory", "annex", "observations", "search",
                                         "notifications"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    result = {"inventory": inventory, "annex": lambda: annex(args.runs),
              "observations": observations_spec, "search": lambda: search(args.runs),
              "notifications": notifications}[args.what]()
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
