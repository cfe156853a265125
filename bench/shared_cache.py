"""Two app servers sharing one Redis page cache (docs/deploy.md, "Several app servers").

    .venv/bin/python bench/shared_cache.py [--out FILE]

A temporary SQLite database with the reference data and KKR Hovedstaden's programme
(`kkr seed_defaults`), a Redis server of its own on a free port (Debian's redis-server), and two
gunicorn processes (one worker each) with the same database and KKR_CACHE_URL. For each page:
the first request on server A renders it, then server B is asked for it; then a write through
`kkr shell` (a headline edit, as the editing form makes it) and both are asked again. Prints and
stores what each answered (X-KKR-Cache) and how long it took."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402

PAGES = ["/", "/program/kkr-hovedstaden/2026-2029/",
         "/program/kkr-hovedstaden/2026-2029/anbefaling/1/", "/raad/kkr-hovedstaden/",
         "/api/program/kkr-hovedstaden/2026-2029/indsatser", "/kalender/kkr-hovedstaden.ics"]
WRITE = ("from kkrmonitor.audit.recording import Author; "
         "from kkrmonitor.programme import services; "
         "from kkrmonitor.programme.models import Recommendation; "
         "r = Recommendation.objects.order_by('number').first(); "
         "services.update_recommendation(Author('Bench', 'cli'), r, r.headline + ' (ændret)', "
         "r.body, r.theme, r.version)")


def get(port: int, path: str) -> dict[str, Any]:
    conn = http.client.HTTPConnection(servers.HOST, port, timeout=60)
    started = time.perf_counter()
    # Behind a load balancer both servers see the site's one host name; the host is part of
    # the cache key, so both are asked under the same name (not 127.0.0.1:<own port>).
    conn.request("GET", path, headers={"Host": servers.HOST})
    response = conn.getresponse()
    response.read()
    ms = round((time.perf_counter() - started) * 1000, 2)
    conn.close()
    return {"status": response.status, "cache": response.getheader("X-KKR-Cache"), "ms": ms,
            "cookies": response.getheader("Set-Cookie"),
            "cache_control": response.getheader("Cache-Control")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kkr-shared-") as tmp:
        workdir = Path(tmp)
        redis_port = servers.free_port()
        redis = subprocess.Popen(["/usr/bin/redis-server", "--port", str(redis_port), "--bind",
                                  servers.HOST, "--save", "", "--appendonly", "no", "--dir", tmp],
                                 stdout=subprocess.DEVNULL, start_new_session=True)
        env = servers.base_env(f"sqlite:///{workdir / 'kkr.sqlite3'}", workdir,
                               KKR_CACHE_URL=f"redis://{servers.HOST}:{redis_port}/0")
        gunicorns: list[servers.Gunicorn] = []
        try:
            for command in (["migrate", "--noinput"], ["seed_defaults"]):
                done = servers.kkr(command, env)
                if done.returncode:
                    raise SystemExit(f"kkr {' '.join(command)} failed:\n{done.stderr[-2000:]}")
            from bench.run import collectstatic

            env, _error = collectstatic(env, workdir / "static")
            for name in ("a", "b"):
                gunicorns.append(servers.Gunicorn(env, workdir / f"gunicorn-{name}.log",
                                                  workers=1).start())
            a, b = (g.port for g in gunicorns)
            rows: dict[str, Any] = {}
            for path in PAGES:
                rows[path] = {"a_first": get(a, path), "b_after_a": get(b, path)}
            done = servers.kkr(["shell", "--no-imports", "-c", WRITE], env)
            if done.returncode:
                raise SystemExit(f"the write failed:\n{done.stderr[-2000:]}")
            time.sleep(1.1)  # each server re-reads the generations at most once a second
            for path in PAGES:
                rows[path]["b_after_write"] = get(b, path)
                rows[path]["a_after_b"] = get(a, path)
        finally:
            for g in gunicorns:
                g.stop()
            redis.terminate()
            redis.wait(10)
    result = {"pages": rows, "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    for path, row in rows.items():
        print(f"{path:<50} " + "  ".join(
            f"{k} {v['status']} {v['cache']} {v['ms']} ms" for k, v in row.items()))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
