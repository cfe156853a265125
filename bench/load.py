"""Load without loss: 200 concurrent clients for 60 s against gunicorn on loopback, mixed —
anonymous readers of the public pages and JSON endpoints, secretariat editors posting status
updates on initiatives, municipal contacts reporting stages on joint efforts — then every
accepted write is looked up in the database and in the history (AuditEvent).

    .venv/bin/python bench/load.py --base-url http://127.0.0.1:PORT   # a running server whose
                                            # database is DATABASE_URL (as `make bench` runs it)
    .venv/bin/python bench/load.py          # alone (`make bench-load`): a temporary SQLite
                                            # database, small dataset, gunicorn started here

Users are created with `kkr createuser` and log in through the real login form (CSRF and all).
Server errors are 5xx responses and connection errors; there must be none. Each write carries a
unique note, recorded client-side when the server accepts it (a redirect after the POST)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402
from bench.stats import summarise_ms  # noqa: E402

SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "bench-" + secrets.token_urlsafe(16)
TIMEOUT = 120  # seconds a client waits for an answer; a timeout counts as a server error


class Browser:
    """One client: a keep-alive connection and a cookie jar."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                ) -> tuple[int, str, dict[str, str]]:
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{self.host}:{self.port}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()  # the server closed a kept-alive connection: once more
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
                if attempt == 2 or method != "GET":
                    raise  # a POST is never sent twice: its fate is unknown, so an error
        else:  # pragma: no cover
            raise RuntimeError("unreachable")
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        if response.will_close:
            self.conn.close()
        return response.status, data.decode("utf-8", "replace"), dict(response.getheaders())


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    # How the readers' pages were served: the X-KKR-Cache header (hit, stale, miss) or none.
    cache: dict[str, int] = field(default_factory=dict)
    # The application's own time (its Server-Timing header), added up per kind of request:
    # where the server's time went.
    server_seconds: dict[str, float] = field(default_factory=dict)

    def add_server_time(self, kind: str, headers: dict[str, str]) -> None:
        found = SERVER_TIMING.search(headers.get("Server-Timing", ""))
        if found:
            with self.lock:
                self.server_seconds[kind] = (self.server_seconds.get(kind, 0.0)
                                             + float(found.group(1)) / 1000)

    def add(self, kind: str, seconds: float, status: int | str) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            counts = self.statuses.setdefault(kind, {})
            counts[str(status)] = counts.get(str(status), 0) + 1
            if isinstance(status, str) or status >= 500:
                if len(self.errors) < 50:
                    self.errors.append(f"{kind}: {status}")


def timed(tally: Tally, kind: str, browser: Browser, method: str, path: str,
          form: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]] | None:
    started = time.perf_counter()
    try:
        result = browser.request(method, path, form)
    except Exception as exc:  # noqa: BLE001 - a connection error is a server error here
        tally.add(kind, time.perf_counter() - started, f"{type(exc).__name__}")
        browser.conn.close()
        return None
    tally.add(kind, time.perf_counter() - started, result[0])
    # A reader's page is counted by how it was served (reader()); log-ins happen before the
    # clock starts.
    if kind not in ("read", "login"):
        tally.add_server_time(kind, result[2])
    return result


def login(tally: Tally, browser: Browser, email: str) -> bool:
    got = timed(tally, "login", browser, "GET", "/konto/log-ind/")
    if not got or got[0] != 200 or not (m := CSRF_INPUT.search(got[1])):
        return False
    posted = timed(tally, "login", browser, "POST", "/konto/log-ind/", {
        "csrfmiddlewaretoken": m.group(1), "email": email, "password": PASSWORD})
    return bool(posted and posted[0] == 302 and "sessionid" in browser.cookies)


def reader(tally: Tally, host: str, port: int, paths: list[str], deadline: list[float],
           rng: random.Random, start: threading.Event) -> None:
    browser = Browser(host, port)
    start.wait()
    while time.monotonic() < deadline[0]:
        got = timed(tally, "read", browser, "GET", rng.choice(paths))
        if got is not None:
            served = got[2].get("X-KKR-Cache", "none")
            with tally.lock:
                tally.cache[served] = tally.cache.get(served, 0) + 1
            tally.add_server_time(f"read ({served})", got[2])


def _post_form(tally: Tally, kind: str, browser: Browser, path: str,
               fields: dict[str, str], record: dict[str, Any]) -> None:
    got = timed(tally, kind + " form", browser, "GET", path)
    if not got or got[0] != 200 or not (m := CSRF_INPUT.search(got[1])):
        with tally.lock:
            tally.rejected.append({**record, "why": f"form GET {got[0] if got else 'error'}"})
        return
    posted = timed(tally, kind, browser, "POST", path, {"csrfmiddlewaretoken": m.group(1),
                                                        **fields})
    if posted and posted[0] == 302 and "/konto/log-ind/" not in posted[2].get("Location", ""):
        with tally.lock:
            tally.accepted.append(record)
        timed(tally, kind + " redirect", browser, "GET", posted[2]["Location"])
    else:
        with tally.lock:
            tally.rejected.append({**record, "why": f"POST {posted[0] if posted else 'error'}"})


def logged_in(tally: Tally, host: str, port: int, email: str, start: threading.Event,
              ready: threading.Barrier) -> Browser | None:
    """Log in through the form before the clock starts, then wait for the start."""
    browser = Browser(host, port)
    ok = login(tally, browser, email)
    if not ok:
        with tally.lock:
            tally.errors.append(f"{email} could not log in")
    try:
        ready.wait(300)
    except threading.BrokenBarrierError:
        pass
    start.wait()
    return browser if ok else None


def editor(tally: Tally, host: str, port: int, email: str, targets: list[int],
           statuses: list[str], deadline: list[float], rng: random.Random, tag: str,
           start: threading.Event, ready: threading.Barrier) -> None:
    browser = logged_in(tally, host, port, email, start, ready)
    if browser is None:
        return
    n = 0
    while time.monotonic() < deadline[0]:
        n += 1
        pk = rng.choice(targets)
        note = f"bench-load {tag} {email} #{n}"
        _post_form(tally, "status update", browser, f"/rediger/indsats/{pk}/status/ny/", {
            "status": rng.choice(statuses), "progress": str(rng.randint(0, 100)),
            "narrative": note, "as_of": date.today().isoformat(),
            **({"publish": "1"} if n % 2 else {})},
            {"kind": "status", "initiative": pk, "note": note})
        time.sleep(rng.uniform(0.2, 1.0))  # a person reads the page before the next update


def contact(tally: Tally, host: str, port: int, email: str, targets: list[dict[str, Any]],
            deadline: list[float], rng: random.Random, tag: str, start: threading.Event,
            ready: threading.Barrier) -> None:
    browser = logged_in(tally, host, port, email, start, ready)
    if browser is None:
        return
    n = 0
    while time.monotonic() < deadline[0]:
        n += 1
        target = rng.choice(targets)
        note = f"bench-load {tag} {email} #{n}"
        _post_form(tally, "stage report", browser,
                   f"/faelles/{target['joint']}/indberet/{target['municipality']}/", {
                       "stage": str(rng.choice(target["stages"])),
                       "as_of": date.today().strftime("%d.%m.%Y"), "note": note},
                   {"kind": "stage", "joint": target["joint"],
                    "municipality": target["municipality"], "note": note})
        time.sleep(rng.uniform(0.2, 1.0))


# --- set-up and verification, in this process through the ORM ------------------------------

def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrmonitor.settings")
    import django

    django.setup()


def plan(editors: int, contacts: int) -> dict[str, Any]:
    """Who writes where: editors of the largest programme's council post on its published
    initiatives; contacts of municipalities in published joint efforts report on those."""
    from bench.pages import picks, public_pages
    from kkrmonitor.joint.models import JointInitiative
    from kkrmonitor.programme.models import Initiative, Publication, Status

    p = picks()
    pages, _ = public_pages(p)
    council = p["council"]
    initiatives = list(Initiative.objects.filter(
        recommendation__programme=p["programme"], publication=Publication.PUBLISHED)
        .order_by("pk").values_list("pk", flat=True)[:200])
    by_municipality: dict[tuple[str, str], list[dict[str, Any]]] = {}
    joints = JointInitiative.objects.filter(
        initiative__publication=Publication.PUBLISHED).order_by("pk")[:50]
    for joint in joints:
        stages = list(joint.stages.values_list("pk", flat=True))
        if not stages:
            continue
        for m in joint.municipalities():
            by_municipality.setdefault((m.code, m.slug), []).append(
                {"joint": joint.pk, "municipality": m.slug, "stages": stages})
    chosen = sorted(by_municipality, key=lambda k: (-len(by_municipality[k]), k))[:contacts]
    return {"council": council.slug, "initiatives": initiatives, "statuses": Status.values,
            "contacts": [{"code": code, "targets": by_municipality[(code, slug)]}
                         for code, slug in chosen],
            "editors": editors, "pages": pages}


def create_users(setup: dict[str, Any], tag: str, env: dict[str, str]) -> dict[str, Any]:
    """`kkr createuser` for each editor and contact (four at a time)."""
    jobs = [(f"bench-editor-{i}-{tag}@kkr-bench.test", f"Bench Redaktør {i}",
             ["--role", "editor", "--council", setup["council"]])
            for i in range(setup["editors"])]
    jobs += [(f"bench-contact-{c['code']}-{tag}@kkr-bench.test", f"Bench Kontakt {c['code']}",
              ["--role", "contact", "--municipality", c["code"]]) for c in setup["contacts"]]
    env = {**env, "KKR_PASSWORD": PASSWORD}

    def make(job: tuple[str, str, list[str]]) -> tuple[str, str]:
        email, name, role = job
        done = servers.kkr(["createuser", "--email", email, "--name", name, *role], env)
        return email, ("" if done.returncode == 0 else done.stderr.strip()[-300:])

    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(make, jobs))
    failed = {email: why for email, why in made if why}
    if failed:
        raise RuntimeError(f"kkr createuser failed: {failed}")
    return {"editors": [j[0] for j in jobs[:setup["editors"]]],
            "contacts": [j[0] for j in jobs[setup["editors"]:]]}


def verify(accepted: list[dict[str, Any]]) -> dict[str, Any]:
    """Every accepted write in its table and in the history (one AuditEvent for it)."""
    from kkrmonitor.joint.models import StageReport
    from kkrmonitor.programme.models import AuditEvent, StatusUpdate

    missing_row: list[str] = []
    missing_history: list[str] = []
    verified = 0
    for write in accepted:
        if write["kind"] == "status":
            rows = list(StatusUpdate.objects.filter(initiative_id=write["initiative"],
                                                    narrative=write["note"]))
            kind = "statusupdate"
        else:
            rows = list(StageReport.objects.filter(initiative_id=write["joint"],
                                                   municipality__slug=write["municipality"],
                                                   note=write["note"]))
            kind = "stagereport"
        if len(rows) != 1:
            missing_row.append(f"{write['note']} ({len(rows)} rows)")
            continue
        if not AuditEvent.objects.filter(object_type=kind, object_id=str(rows[0].pk)).exists():
            missing_history.append(write["note"])
            continue
        verified += 1
    return {"verified_writes": verified, "missing_in_db": missing_row[:20],
            "missing_in_history": missing_history[:20],
            "missing_in_db_count": len(missing_row),
            "missing_in_history_count": len(missing_history)}


def run_load(base_url: str, clients: int, seconds: int, editors: int = 8, contacts: int = 8,
             editor_clients: int = 16, contact_clients: int = 16,
             env: dict[str, str] | None = None) -> dict[str, Any]:
    django_setup()
    from django.db import connection

    parsed = urllib.parse.urlsplit(base_url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load.py runs against loopback only")
    tag = secrets.token_hex(3)
    setup = plan(editors, contacts)
    if not setup["initiatives"] or not setup["contacts"]:
        raise RuntimeError("no published initiatives or joint efforts to write to")
    users = create_users(setup, tag, env or dict(os.environ))
    # The JSON endpoints, read like the pages.
    paths = list(setup["pages"].values())
    try:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request("GET", "/api/openapi.json")
        response = conn.getresponse()
        if response.status == 200:
            from bench.pages import api_endpoints

            api, _ = api_endpoints(json.loads(response.read()))
            paths += list(api.values())
        conn.close()
    except OSError:
        pass
    connection.close()  # no connection held open during the run

    editor_clients = min(editor_clients, clients // 4)
    contact_clients = min(contact_clients, clients // 4)
    readers = clients - editor_clients - contact_clients
    tally = Tally()
    deadline = [0.0]  # set when the clock starts, after the writers have logged in
    start = threading.Event()
    ready = threading.Barrier(editor_clients + contact_clients + 1)
    threads = []
    rng = random.Random(1)
    for _ in range(readers):
        threads.append(threading.Thread(target=reader, args=(
            tally, host, port, paths, deadline, random.Random(rng.random()), start)))
    for i in range(editor_clients):
        threads.append(threading.Thread(target=editor, args=(
            tally, host, port, users["editors"][i % len(users["editors"])],
            setup["initiatives"], setup["statuses"], deadline, random.Random(rng.random()),
            f"{tag}-e{i}", start, ready)))
    for i in range(contact_clients):
        who = i % len(users["contacts"])
        threads.append(threading.Thread(target=contact, args=(
            tally, host, port, users["contacts"][who], setup["contacts"][who]["targets"],
            deadline, random.Random(rng.random()), f"{tag}-c{i}", start, ready)))
    for t in threads:
        t.daemon = True
        t.start()
    login_started = time.monotonic()
    try:
        ready.wait(300)  # every writer has logged in (through the form, concurrently)
    except threading.BrokenBarrierError:
        pass
    login_seconds = time.monotonic() - login_started
    started = time.monotonic()
    deadline[0] = started + seconds
    start.set()
    for t in threads:
        t.join(max(1.0, deadline[0] + 90 - time.monotonic()))
    elapsed = time.monotonic() - started
    stuck = sum(t.is_alive() for t in threads)

    server_errors = sum(n for counts in tally.statuses.values()
                        for status, n in counts.items()
                        if not status.isdigit() or int(status) >= 500)
    all_times = [t for times in tally.times.values() for t in times]
    by_kind = {kind: {"requests": len(times), **summarise_ms(times),
                      "statuses": tally.statuses[kind]}
               for kind, times in sorted(tally.times.items())}
    checked = verify(tally.accepted)
    result: dict[str, Any] = {
        "clients": clients, "seconds": seconds, "elapsed_s": round(elapsed, 1),
        "login_phase_s": round(login_seconds, 1),
        "clients_by_kind": {"reader": readers, "editor": editor_clients,
                            "contact": contact_clients},
        "requests": len(all_times),
        "requests_per_s": round(sum(len(t) for k, t in tally.times.items() if k != "login")
                                / elapsed, 1),
        **(summarise_ms(all_times) if all_times else {}),
        "by_kind": by_kind, "errors": server_errors, "error_samples": tally.errors[:20],
        "clients_still_running": stuck,
        "accepted_writes": len(tally.accepted),
        "accepted_by_kind": {k: sum(1 for w in tally.accepted if w["kind"] == k)
                             for k in ("status", "stage")},
        "rejected_writes": len(tally.rejected),
        "rejected_samples": tally.rejected[:10],
        **checked,
        "load_average_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    result.update(read_write_figures(tally, editor_clients + contact_clients))
    lost = len(tally.accepted) - checked["verified_writes"]
    read_p95 = result.get("read_p95_ms")
    slow = read_p95 is None or read_p95 > READ_P95_TARGET_MS
    result["ok"] = (server_errors == 0 and lost == 0 and stuck == 0 and len(tally.accepted) > 0
                    and not slow)
    result["verdict"] = (
        f"ok: no server errors, every accepted write in the database and the history, read p95 "
        f"{read_p95} ms ≤ {READ_P95_TARGET_MS} ms"
        if result["ok"] else
        f"{server_errors} server errors, {lost} accepted writes not verified, "
        f"{stuck} clients stuck, {len(tally.accepted)} writes accepted, read p95 {read_p95} ms "
        f"(target ≤ {READ_P95_TARGET_MS} ms)")
    return result


READ_P95_TARGET_MS = 300
WRITE_KINDS = ("status update", "stage report")  # the POSTs themselves


def read_write_figures(tally: Tally, writers: int) -> dict[str, Any]:
    """The issue's load keys: readers' p50/p95, the writes' p95, requests/s is added by the
    caller, the share of reads served from the page cache (hit or stale copy), and how many
    clients wrote."""
    reads = tally.times.get("read", [])
    writes = [t for kind in WRITE_KINDS for t in tally.times.get(kind, [])]
    read = summarise_ms(reads) if reads else {}
    served = sum(tally.cache.values())
    from_cache = tally.cache.get("hit", 0) + tally.cache.get("stale", 0)
    return {
        "read_p50_ms": read.get("p50_ms"), "read_p95_ms": read.get("p95_ms"),
        "write_p95_ms": summarise_ms(writes).get("p95_ms") if writes else None,
        "cache_hit_rate": round(from_cache / served, 3) if served else None,
        "cache_served": dict(sorted(tally.cache.items())),
        "writers": writers,
        # Seconds the application spent per kind of request (Server-Timing), largest first:
        # what the workers were busy with.
        "server_seconds": {kind: round(seconds, 1) for kind, seconds in sorted(
            tally.server_seconds.items(), key=lambda item: -item[1])},
    }


def print_summary(result: dict[str, Any]) -> None:
    print(f"load: {result['clients']} clients × {result['seconds']} s → "
          f"{result['requests']} requests ({result['requests_per_s']}/s), "
          f"p50 {result.get('p50_ms')} ms, p95 {result.get('p95_ms')} ms")
    print(f"  reads p50 {result.get('read_p50_ms')} ms, p95 {result.get('read_p95_ms')} ms "
          f"(target ≤ {READ_P95_TARGET_MS} ms); writes p95 {result.get('write_p95_ms')} ms; "
          f"{result.get('writers')} writers; {result.get('cache_hit_rate')} of reads from the "
          f"page cache {result.get('cache_served')}; {result['requests_per_s']} requests/s "
          f"(target ≥ 300)")
    busy = result.get("server_seconds") or {}
    if busy:
        total = sum(busy.values())
        print(f"  application time {total:.1f} s in {result['elapsed_s']} s: " + ", ".join(
            f"{kind} {seconds} s" for kind, seconds in busy.items()))
    for kind, row in result["by_kind"].items():
        print(f"  {kind:<22}{row['requests']:>7}  p50 {row['p50_ms']:>8} ms  "
              f"p95 {row['p95_ms']:>8} ms  {row['statuses']}")
    print(f"  server errors (5xx, connection): {result['errors']}; writes accepted "
          f"{result['accepted_writes']} {result['accepted_by_kind']}, rejected "
          f"{result['rejected_writes']}, verified in DB + history {result['verified_writes']}")
    print(("  " if result["ok"] else "  MISSED: ") + result["verdict"])


def standalone(args: argparse.Namespace) -> dict[str, Any]:
    """No server given: a temporary SQLite database with the small dataset, gunicorn here."""
    from bench.run import collectstatic, prepare

    with tempfile.TemporaryDirectory(prefix="kkr-load-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'kkr.sqlite3'}"
        print(f"load: preparing {args.scale} dataset in {url}", flush=True)
        prepare(url, args.scale, workdir, 1)
        env, error = collectstatic(servers.base_env(url, workdir), workdir / "static")
        if error:
            print(f"load: {error}; serving through the finders", flush=True)
        server = servers.Gunicorn(env, workdir / "gunicorn.log").start()
        try:
            os.environ.update({k: v for k, v in env.items()})
            return run_load(f"http://127.0.0.1:{server.port}", args.clients, args.seconds,
                            env=env)
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", default="small", help="dataset when run alone")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    if args.base_url:
        result = run_load(args.base_url, args.clients, args.seconds)
    else:
        result = standalone(args)
    print_summary(result)
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
