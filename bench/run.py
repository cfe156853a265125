"""`make bench`: KKR Monitor's figures against the targets of issue 7, on SQLite and on
PostgreSQL, served by gunicorn with production settings (2 workers) on loopback.

    .venv/bin/python bench/run.py [--scale national|small] [--databases sqlite,postgresql]
                                  [--requests 200] [--no-load] [--out bench/results.json]

Per database: a fresh database (a temporary SQLite file; a throwaway PostgreSQL cluster),
`kkr migrate`, `kkr generate_demo --scale SCALE --seed 1`, and the same for the small scale
(to see whether query counts grow with the data); then the SQL queries of every public page
and JSON endpoint (in-process), their p50/p95 over keep-alive HTTP, the overview under wrk,
Datasette side by side (SQLite), the load run (bench/load.py), the meeting annex and the
1,000,000-row import. Writes bench/results.json and prints every figure against its target;
a missed target reads MISSED. What could not be measured is recorded with the reason."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import servers, stats, timing  # noqa: E402

OUT = ROOT / "bench" / "results.json"


def say(text: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> tuple[str, dict[str, Any]]:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"') + f" ({platform.release()})"
    except OSError:
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram_gb,
            "load_average_at_start": loadavg(), "os": os_name,
            "python": platform.python_version()}
    text = (f"{cpu}, {info['cores']} cores, {ram_gb} GB RAM, load average at start "
            f"{info['load_average_at_start']}, {os_name}, Python {info['python']}")
    return text, info


def has_command(name: str, env: dict[str, str]) -> bool:
    done = servers.kkr(["help", name], env)
    return done.returncode == 0


def prepare(url: str, scale: str, workdir: Path, seed: int) -> dict[str, Any]:
    """Migrate and generate the dataset; the generator's output is kept for the record."""
    env = servers.base_env(url, workdir)
    started = time.perf_counter()
    done = servers.kkr(["migrate", "--noinput"], env)
    if done.returncode:
        raise RuntimeError(f"kkr migrate failed:\n{done.stderr[-3000:]}")
    info: dict[str, Any] = {"scale": scale}
    if has_command("generate_demo", env):
        done = servers.kkr(["generate_demo", "--scale", scale, "--seed", str(seed)], env)
        if done.returncode:
            raise RuntimeError(f"kkr generate_demo failed:\n{done.stderr[-3000:]}")
        info["generator"] = f"kkr generate_demo --scale {scale} --seed {seed}"
        try:
            report = json.loads(done.stdout)
            info["counts"] = report.get("counts")
            info["generator_seconds"] = report.get("seconds")
        except ValueError:
            info["output"] = done.stdout[-2000:]
    else:
        done = servers.kkr(["seed_defaults"], env)
        if done.returncode:
            raise RuntimeError(f"kkr seed_defaults failed:\n{done.stderr[-3000:]}")
        info["generator"] = "kkr seed_defaults (kkr generate_demo is not available yet)"
    info["seconds"] = round(time.perf_counter() - started, 1)
    return info


def djangoside(what: str, env: dict[str, str], workdir: Path, *args: str) -> dict[str, Any]:
    out = workdir / f"{what}-{time.monotonic_ns()}.json"
    done = subprocess.run([sys.executable, "-m", "bench.djangoside", what, "--out", str(out),
                           *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=1800)
    if done.returncode:
        raise RuntimeError(f"bench.djangoside {what} failed:\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


def collectstatic(env: dict[str, str], static_root: Path) -> tuple[dict[str, str], str | None]:
    """Production serves collected static files (whitenoise, manifest). Returns the server's
    environment, and an error if collectstatic failed (then the app's folders are served
    through the finders without a manifest: bench/settings_nomanifest.py)."""
    env = {**env, "KKR_STATIC_ROOT": str(static_root), "KKR_STATIC_FROM_FINDERS": "0"}
    done = servers.kkr(["collectstatic", "--noinput", "-v0"], env)
    if done.returncode == 0:
        return env, None
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    named = [line for line in lines if "Error" in line or "could not be found" in line]
    error = "kkr collectstatic failed: " + ((named or lines or [f"exit {done.returncode}"])[-1]
                                            if not named else named[0])[:400]
    env = {**env, "KKR_STATIC_FROM_FINDERS": "1",
           "DJANGO_SETTINGS_MODULE": "bench.settings_nomanifest"}
    return env, error


def import_rate(rows: int, database_url: str | None, env: dict[str, str]) -> dict[str, Any]:
    """bench/bench_observations.py: its run() when it has one, else its printed rows/s."""
    code = (
        "import json, sys\n"
        "sys.path.insert(0, 'bench')\n"
        "import bench_observations as b\n"
        "if not hasattr(b, 'run'):\n"
        "    print('NO_RUN'); sys.exit(3)\n"
        f"r = b.run(rows={rows}, database_url={database_url!r})\n"
        "print('RESULT ' + json.dumps(r))\n")
    clean = {k: v for k, v in env.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    if database_url:
        clean["DATABASE_URL"] = database_url
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=1800)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
            result["via"] = "bench_observations.run()"
            return result
    if "NO_RUN" not in done.stdout:
        return {"error": f"bench_observations.run failed: {done.stderr.strip()[-800:]}"}
    done = subprocess.run([sys.executable, "bench/bench_observations.py", "--rows", str(rows)],
                          cwd=ROOT, env=clean, capture_output=True, text=True, timeout=1800)
    import re

    match = re.search(r"([\d,]+) synthetic observations in ([\d.]+) s: ([\d,]+) rows/s",
                      done.stdout)
    if not match:
        return {"error": f"bench_observations.py failed: {done.stderr.strip()[-800:]}"}
    return {"rows": int(match.group(1).replace(",", "")), "seconds": float(match.group(2)),
            "rows_per_s": float(match.group(3).replace(",", "")),
            "via": "bench/bench_observations.py (subprocess)"}


def datasette_side(run: dict[str, Any], inv: dict[str, Any], sqlite_file: Path,
                   port: int, workdir: Path, requests: int,
                   env: dict[str, str] | None = None) -> None:
    """Our observations endpoint and Datasette on the same SQLite file, in turn, request by
    request. Ours is timed twice: on a second gunicorn with the page cache off (the JSON built
    on every request: this is the figure against the target, the conservative one) and on the
    production server (page cache on, `ratio_page_cache`)."""
    spec = inv.get("datasette")
    if not spec:
        run["not_measured"]["observations_json_vs_datasette"] = "no indicator in the data"
        return
    uncached_server = None
    if env is not None:
        uncached_server = servers.Gunicorn({**env, "KKR_PAGE_CACHE_SECONDS": "0"},
                                           workdir / "gunicorn-nocache.log").start()
    try:
        _datasette_side(run, spec, sqlite_file, port, workdir, requests,
                        uncached_server.port if uncached_server else None)
    finally:
        if uncached_server is not None:
            uncached_server.stop()


def _datasette_side(run: dict[str, Any], spec: dict[str, Any], sqlite_file: Path, port: int,
                    workdir: Path, requests: int, uncached_port: int | None) -> None:
    ours = timing.Connection(servers.HOST, port)
    status, body, _ = ours.request("GET", spec["path"])
    if status != 200:
        run["not_measured"]["observations_json_vs_datasette"] = (
            f"our endpoint {spec['path']} answered {status}")
        return
    data = json.loads(body)
    rows = data if isinstance(data, list) else next(
        (v for v in data.values() if isinstance(v, list)), []) if isinstance(data, dict) else []
    table_columns = ["area_id", "period", "period_start", "value", "source", "retrieved_at"]
    keys = list(rows[0].keys()) if rows and isinstance(rows[0], dict) else []
    columns = [c for c in table_columns if c in keys] or ["area_id", "period", "value"]
    query = "&".join([f"indicator_id={spec['indicator_id']}", "_shape=array", "_size=max",
                      "_nocount=1", "_nofacet=1", *(f"_col={c}" for c in columns)])
    server = servers.Datasette(sqlite_file, workdir / "datasette.log",
                               max_rows=max(1000, spec["rows"] * 2))
    try:
        server.start()
        path = f"/{sqlite_file.stem}/{spec['table']}.json?{query}"
        theirs = timing.Connection(servers.HOST, server.port)
        check_status, check_body, _ = theirs.request("GET", path)
        their_rows = len(json.loads(check_body)) if check_status == 200 else None
        fetches = {"ours_page_cache": lambda: ours.request("GET", spec["path"])[:2],
                   "datasette": lambda: theirs.request("GET", path)[:2]}
        if uncached_port is not None:
            uncached = timing.Connection(servers.HOST, uncached_port)
            fetches["ours_no_cache"] = lambda: uncached.request("GET", spec["path"])[:2]
        result = timing.alternate_many(fetches, requests)
        medians = result["medians_ms"]
        headline = "ours_no_cache" if "ours_no_cache" in medians else "ours_page_cache"
        if headline in medians and "datasette" in medians:
            result["ours_median_ms"] = medians[headline]
            result["ours_is"] = ("page cache off (KKR_PAGE_CACHE_SECONDS=0)"
                                 if headline == "ours_no_cache" else "production page cache")
            result["datasette_median_ms"] = medians["datasette"]
            raw = result.pop("medians_s")
            result["ratio"] = round(raw[headline] / raw["datasette"], 3)
            if "ours_page_cache" in raw:
                result["ratio_page_cache"] = round(raw["ours_page_cache"] / raw["datasette"], 3)
        result.update({"ours": spec["path"], "datasette": path, "rows_ours": len(rows),
                       "rows_datasette": their_rows, "columns": columns})
        run["observations_json"] = result
        if "ratio" in result:
            run["observations_json_vs_datasette"] = result["ratio"]
            run["load_at"]["observations_json_vs_datasette"] = result["load1"]
        else:
            run["not_measured"]["observations_json_vs_datasette"] = str(result.get("errors"))
        if their_rows != len(rows):
            run["errors"].append(f"observations: ours {len(rows)} rows, Datasette {their_rows}")
    finally:
        server.stop()


def run_database(database: str, args: argparse.Namespace, workdir: Path,
                 missing: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    run: dict[str, Any] = {
        "database": database, "pages": {}, "overview_rps": None, "import_rows_per_s": None,
        "annex_docx_s": None, "annex_pdf_s": None, "annex_finalise_s": None,
        "annex_stored_pdf_s": None, "observations_json_vs_datasette": None,
        "notifications_run_s": None,
        "scale": args.scale, "load_average": loadavg(), "load_at": {}, "not_measured": {},
        "errors": [], "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    started = time.perf_counter()
    cluster = None
    dataset: dict[str, Any] = {}
    try:
        if database == "postgresql":
            cluster = servers.PostgresCluster(workdir, ["kkr", "kkr_small", "kkr_import"]).start()
            urls = {"main": cluster.url("kkr"), "small": cluster.url("kkr_small"),
                    "import": cluster.url("kkr_import")}
        else:
            urls = {"main": f"sqlite:///{workdir / 'kkr.sqlite3'}",
                    "small": f"sqlite:///{workdir / 'kkr_small.sqlite3'}", "import": None}
        say(f"{database}: migrate + generate ({args.scale})")
        run["dataset_generation"] = prepare(urls["main"], args.scale, workdir, args.seed)
        if args.scale != "small":
            say(f"{database}: migrate + generate (small, for query growth)")
            run["dataset_generation_small"] = prepare(urls["small"], "small", workdir,
                                                      args.seed)
        env = servers.base_env(urls["main"], workdir, KKR_PAGE_CACHE_SECONDS="0")
        env, static_error = collectstatic(env, workdir / "static")
        if static_error:
            run["errors"].append(static_error + " — served through the finders without the "
                                 "manifest storage (bench/settings_nomanifest.py)")
        say(f"{database}: counting queries")
        inv = djangoside("inventory", env, workdir)
        dataset = inv["dataset"]
        if inv.get("default_council"):
            env["KKR_DEFAULT_COUNCIL"] = inv["default_council"]
            run["default_council"] = inv["default_council"]
        if args.scale != "small":
            small = djangoside("inventory", {**env, "DATABASE_URL": urls["small"]}, workdir)
            run["queries_small"] = {k: v["queries"] for k, v in small["queries"].items()}
            run["dataset_small"] = small["dataset"]
        else:
            run["queries_small"] = {k: v["queries"] for k, v in inv["queries"].items()}
            run["dataset_small"] = dataset
            run["note_small"] = "the main dataset is the small one: growth not measurable"
        run["queries_grow_with_data"] = sorted(
            name for name, q in inv["queries"].items()
            if name in run["queries_small"] and q["queries"] > run["queries_small"][name])
        run["missing_pages"] = inv["missing_pages"]
        run["skipped_api"] = inv["skipped_api"]
        run["not_timed"] = inv["not_timed"]
        if not inv["api"]:
            run["errors"].append("no JSON GET endpoint in /api/openapi.json"
                                 + ("" if inv["openapi_found"] else " (no openapi.json)"))
        every = {**inv["pages"], **inv["api"]}

        say(f"{database}: annex (median of {args.annex_runs})")
        annex = djangoside("annex", env, workdir, "--runs", str(args.annex_runs))
        run["annex"] = annex
        for part in ("docx", "pdf", "finalise", "stored_pdf"):
            if f"{part}_s" in annex:
                run[f"annex_{part}_s"] = annex[f"{part}_s"]
                run["load_at"][f"annex_{part}_s"] = timing.load1()
            else:
                run["not_measured"][f"annex_{part}_s"] = annex.get(
                    "error", annex.get("finalise_note", "failed"))

        say(f"{database}: search (rebuild the index, time the queries)")
        try:
            found = djangoside("search", env, workdir, "--runs", "5")
            run["search"] = found
            run["search_p95_ms"] = found["p95_ms"]
            run["load_at"]["search_p95_ms"] = timing.load1()
        except RuntimeError as exc:
            run["not_measured"]["search_p95_ms"] = str(exc)[-500:]
        say(f"{database}: pages with the page cache off, × {args.cold_requests}")
        run["pages_cold"] = time_cold(env, every, inv, workdir / f"gunicorn-cold-{database}.log",
                                      args)
        for name, result in run["pages_cold"].items():
            if result.get("error"):
                run["errors"].append(f"{name} (page cache off): {result['error']}")
        say(f"{database}: a notification run (≥ 10,000 candidate mails)")
        notes = djangoside("notifications", env, workdir)
        run["notifications"] = notes
        if "notifications_run_s" in notes:
            run["notifications_run_s"] = notes["notifications_run_s"]
            run["load_at"]["notifications_run_s"] = timing.load1()
        else:
            run["not_measured"]["notifications_run_s"] = notes.get("error", "failed")

        server_env = {k: v for k, v in env.items() if k != "KKR_PAGE_CACHE_SECONDS"}
        server = servers.Gunicorn(server_env, workdir / f"gunicorn-{database}.log",
                                  workers=args.workers)
        say(f"{database}: gunicorn ({args.workers} workers)")
        server.start()
        run["server"] = {"workers": args.workers, "port": server.port,
                         "page_cache_seconds": server_env.get(
                             "KKR_PAGE_CACHE_SECONDS", "production default (KKR_DEBUG=0: 300)")}
        try:
            conn = timing.Connection(servers.HOST, server.port)
            say(f"{database}: timing {len(every)} pages and endpoints × {args.requests}")
            timed = timing.time_pages(conn.get, every, args.requests, args.warmup,
                                      args.page_cap, progress=lambda t: say("  " + t))
            conn.close()
            for name, result in timed.items():
                counted = inv["queries"][name]
                result["queries"] = counted["queries"]
                if counted["status"] != 200:
                    result["error"] = (result.get("error", "") + f" in-process status "
                                       f"{counted['status']}").strip()
                run["pages"][name] = result
                if result.get("error"):
                    run["errors"].append(f"{name}: {result['error']}")
            if "wrk" in missing:
                run["not_measured"]["overview_rps"] = f"wrk missing: {missing['wrk']}"
            else:
                overview = {}
                for name in ("home", "programme"):
                    if name in every:
                        say(f"{database}: wrk -t2 -c50 -d10s {every[name]}")
                        overview[name] = servers.run_wrk(server.port, every[name])
                        overview[name]["load1"] = timing.load1()
                run["overview"] = overview
                rates = [o["rps"] for o in overview.values() if "rps" in o]
                if rates and len(rates) == len(overview):
                    run["overview_rps"] = min(rates)
                    run["load_at"]["overview_rps"] = max(o["load1"] for o in overview.values())
                else:
                    run["not_measured"]["overview_rps"] = "wrk failed: " + "; ".join(
                        o.get("error", "") for o in overview.values())
                for name, o in overview.items():
                    if o.get("non_2xx_3xx"):
                        run["errors"].append(f"wrk {name}: {o['non_2xx_3xx']} non-2xx/3xx")
            if database == "sqlite":
                if "datasette" in missing:
                    run["not_measured"]["observations_json_vs_datasette"] = (
                        f"datasette missing: {missing['datasette']}")
                else:
                    say(f"{database}: ours vs Datasette, alternately × {args.requests}")
                    datasette_side(run, inv, workdir / "kkr.sqlite3", server.port, workdir,
                                   args.requests, server_env)
            else:
                run["not_measured"]["observations_json_vs_datasette"] = (
                    "Datasette serves SQLite only; compared in the sqlite run")
            if args.load:
                say(f"{database}: load, {args.load_clients} clients × {args.load_seconds} s")
                run["load"] = run_load(server, server_env, workdir, args)
                if not run["load"].get("ok"):
                    run["errors"].append("load: " + run["load"].get("verdict", "failed"))
        finally:
            server.stop()
            tail = server.log_tail()
            if "Traceback" in tail or "ERROR" in tail:
                run["server_log_tail"] = tail
        say(f"{database}: importing {args.import_rows:,} observations")
        imported = import_rate(args.import_rows, urls["import"], env)
        run["import"] = imported
        if "rows_per_s" in imported:
            run["import_rows_per_s"] = round(imported["rows_per_s"])
            run["load_at"]["import_rows_per_s"] = timing.load1()
        else:
            run["not_measured"]["import_rows_per_s"] = imported.get("error", "failed")
    except Exception as exc:  # noqa: BLE001 - the run records what it could not measure
        run["errors"].append(f"run aborted: {exc}")
        run["traceback"] = traceback.format_exc()[-3000:]
        say(f"{database}: ABORTED: {exc}")
    finally:
        if cluster is not None:
            cluster.stop()
    for key in stats.RUN_KEYS[2:]:
        if run.get(key) is None and key not in run["not_measured"]:
            run["not_measured"][key] = "not reached (see errors)"
    run["seconds"] = round(time.perf_counter() - started, 1)
    return run, dataset


def time_cold(env: dict[str, str], every: dict[str, str], inv: dict[str, Any], log: Path,
              args: argparse.Namespace) -> dict[str, Any]:
    """p50/p95 of every page and endpoint on a server whose page cache is off
    (KKR_PAGE_CACHE_SECONDS=0): every request builds the page — no figure here is a cache hit."""
    server = servers.Gunicorn({**env, "KKR_PAGE_CACHE_SECONDS": "0"}, log, workers=args.workers,
                              gc_freeze=args.gc_freeze)
    server.start()
    try:
        conn = timing.Connection(servers.HOST, server.port)
        timed = timing.time_pages(conn.get, every, args.cold_requests, args.warmup,
                                  args.page_cap, progress=lambda t: say("  " + t))
        conn.close()
    finally:
        server.stop()
    cold: dict[str, Any] = {}
    for name, result in timed.items():
        counted = inv["queries"][name]
        row = {"p50_ms": result.get("p50_ms"), "p95_ms": result.get("p95_ms"),
               "queries": counted["queries"], "sql_ms": counted.get("sql_ms"),
               "bytes": counted.get("bytes")}
        if result.get("error"):
            row["error"] = result["error"]
        cold[name] = row
    return cold


def run_load(server: servers.Gunicorn, env: dict[str, str], workdir: Path,
             args: argparse.Namespace) -> dict[str, Any]:
    out = workdir / "load.json"
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--base-url", f"http://{servers.HOST}:{server.port}",
         "--clients", str(args.load_clients), "--seconds", str(args.load_seconds),
         "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=args.load_seconds + 600)
    sys.stdout.write(done.stdout)
    if done.returncode not in (0, 1) or not out.exists():
        return {"ok": False, "verdict": f"load.py failed: {done.stderr.strip()[-1500:]}"}
    return json.loads(out.read_text())


def datasette_only(sqlite_file: Path, args: argparse.Namespace) -> int:
    """Only the observations-JSON comparison, on an existing SQLite database (e.g. once the
    endpoint exists after a full run): merged into the sqlite run of --out."""
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.exists() else {
        "runs": [], "machine": machine()[0], "dataset": {}}
    run = next((r for r in results["runs"] if r.get("database") == "sqlite"), None)
    if run is None:
        run = {"database": "sqlite", "pages": {}, **{k: None for k in stats.RUN_KEYS[2:]},
               "not_measured": {k: "not part of this run" for k in stats.RUN_KEYS[2:]}}
        results["runs"].append(run)
    part: dict[str, Any] = {"not_measured": {}, "errors": [], "load_at": {}}
    with tempfile.TemporaryDirectory(prefix="kkr-bench-datasette-") as tmp:
        workdir = Path(tmp)
        env = servers.base_env(f"sqlite:///{sqlite_file}", workdir)
        env, static_error = collectstatic(env, workdir / "static")
        if static_error:
            part["errors"].append(static_error)
        spec = djangoside("observations", env, workdir)
        server = servers.Gunicorn(env, workdir / "gunicorn.log", workers=args.workers).start()
        try:
            say(f"sqlite ({sqlite_file}): ours vs Datasette, alternately × {args.requests}")
            datasette_side(part, spec, sqlite_file, server.port, workdir, args.requests, env)
        finally:
            server.stop()
    run["observations_json"] = part.get("observations_json")
    run["observations_json_vs_datasette"] = part.get("observations_json_vs_datasette")
    run.setdefault("not_measured", {}).pop("observations_json_vs_datasette", None)
    if part["not_measured"]:
        run["not_measured"].update(part["not_measured"])
    if "observations_json_vs_datasette" in part.get("load_at", {}):
        run.setdefault("load_at", {})["observations_json_vs_datasette"] = \
            part["load_at"]["observations_json_vs_datasette"]
    run["observations_json_run"] = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"), "file": str(sqlite_file),
        "load_average": loadavg(), "errors": part["errors"],
        "note": "measured separately (bench/run.py --datasette-only) on a database generated "
                "with the same command and seed"}
    results["misses"] = stats.misses(results)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(run["observations_json"], indent=2, ensure_ascii=False))
    print(stats.table(results))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="national", choices=["national", "small"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--cold-requests", type=int, default=100,
                        help="timed requests per page with the page cache off")
    parser.add_argument("--no-gc-freeze", dest="gc_freeze", action="store_false",
                        help="serve without production's gc.freeze() in the workers")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--page-cap", type=float, default=120.0,
                        help="seconds after which one page's loop stops early (recorded)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--annex-runs", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--no-load", dest="load", action="store_false")
    parser.add_argument("--load-clients", type=int, default=200)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--datasette-only", metavar="SQLITE_FILE",
                        help="only compare the observations JSON with Datasette on this "
                             "existing SQLite database, merged into --out")
    args = parser.parse_args(argv)
    if args.datasette_only:
        return datasette_only(Path(args.datasette_only).resolve(), args)

    text, info = machine()
    missing = servers.missing_tools()
    for tool, how in missing.items():
        say(f"MISSING {tool}: install with `{how}`; what needs it is recorded as not measured")
    results: dict[str, Any] = {"runs": [], "machine": text, "machine_info": info,
                               "dataset": {}, "dataset_scale": args.scale,
                               "targets": {k: v["text"] for k, v in stats.TARGETS.items()},
                               "missing_tools": missing,
                               "started_at": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
        results["commit"] = commit or None
    except OSError:
        pass
    if os.environ.get("BENCH_SOURCE_NOTE"):
        results["source"] = os.environ["BENCH_SOURCE_NOTE"]
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        with tempfile.TemporaryDirectory(prefix=f"kkr-bench-{database}-") as tmp:
            workdir = Path(tmp)
            os.chmod(workdir, 0o755)
            if database == "postgresql" and "postgresql" in missing:
                run = {"database": database, "pages": {}, "load_average": loadavg(),
                       "errors": [f"PostgreSQL missing: {missing['postgresql']}"],
                       "not_measured": {k: "PostgreSQL not installed"
                                        for k in stats.RUN_KEYS[2:]}}
                run.update({k: None for k in stats.RUN_KEYS[2:]})
                dataset = {}
            else:
                run, dataset = run_database(database, args, workdir, missing)
            results["runs"].append(run)
            if dataset and not results["dataset"]:
                results["dataset"] = dataset
            if database == "postgresql" and "dataset_postgresql" not in results and dataset:
                results["dataset_postgresql"] = dataset
    results["misses"] = stats.misses(results)
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    problems = stats.validate_results(results)
    if problems:
        results["shape_problems"] = problems
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(f"machine: {text}")
    print(f"dataset ({args.scale}): {json.dumps(results['dataset'], ensure_ascii=False)}")
    print(stats.table(results))
    for run in results["runs"]:
        for error in run.get("errors", []):
            print(f"ERROR [{run['database']}]: {error}")
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
