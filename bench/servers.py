"""Processes the benchmark starts and always stops again: a throwaway PostgreSQL cluster,
gunicorn with production settings, Datasette, wrk. Loopback only; free ports picked here."""

from __future__ import annotations

import glob
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                   key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    return found[-1] if found else None


def missing_tools() -> dict[str, str]:
    """What this machine lacks for a full run, with how to install it."""
    missing = {}
    if shutil.which("wrk") is None:
        missing["wrk"] = "apt-get install -y wrk"
    if pg_bin() is None:
        missing["postgresql"] = "apt-get install -y postgresql"
    try:
        import datasette  # noqa: F401
    except ImportError:
        missing["datasette"] = "pip install -e '.[test,bench]' (datasette==0.65.5)"
    return missing


def wait_http(port: int, path: str = "/", seconds: float = 60.0,
              proc: subprocess.Popen | None = None) -> int:
    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            return status
        except OSError as exc:
            last = exc
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on {HOST}:{port}{path} within {seconds:.0f} s: {last}")


def stop(proc: subprocess.Popen | None, seconds: float = 20.0) -> None:
    """Stop a process this module started (its own process group), by its id only."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def base_env(database_url: str, workdir: Path, static_root: Path | None = None,
             **extra: str) -> dict[str, str]:
    """Production settings for plain HTTP on loopback."""
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": env.get("BENCH_SETTINGS", "kkrmonitor.settings"),
        "KKR_DEBUG": "0",
        "KKR_SECRET_KEY": secrets.token_urlsafe(50),
        "KKR_ALLOWED_HOSTS": f"{HOST},testserver",
        "KKR_SSL_REDIRECT": "0",
        "KKR_SECURE_COOKIES": "0",
        "KKR_DATA_DIR": str(workdir),
        "KKR_LOG_LEVEL": "WARNING",
        "KKR_LOGIN_MAX_ATTEMPTS_PER_IP": "1000000",
        "PYTHONPATH": str(ROOT),
    })
    if static_root is not None:
        env["KKR_STATIC_ROOT"] = str(static_root)
        env["KKR_STATIC_FROM_FINDERS"] = "0"
    else:
        env["KKR_STATIC_FROM_FINDERS"] = "1"
    env.update(extra)
    return env


def kkr(args: list[str], env: dict[str, str], log: Path | None = None,
        timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run `kkr ARGS` (the project's manage.py) with this Python, in the project."""
    return subprocess.run([sys.executable, "-m", "kkrmonitor", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


class PostgresCluster:
    """initdb in a temporary directory, started on a free port (as the postgres user when run
    as root), with the databases asked for; stop() removes it all."""

    def __init__(self, workdir: Path, databases: list[str]) -> None:
        self.bin = pg_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
        self.dir = workdir / "pg"
        self.dir.mkdir()
        self.port = free_port()
        self.databases = databases
        self.started = False
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, text=True,
                       timeout=120)

    def start(self) -> PostgresCluster:
        data = self.dir / "data"
        self._run(f"{self.bin}/initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        self._run(f"{self.bin}/pg_ctl", "-D", str(data), "-l", str(self.dir / "log"), "-w",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses={HOST} "
                        "-c max_connections=300", "start")
        self.started = True
        for name in self.databases:
            subprocess.run([f"{self.bin}/createdb", "-h", HOST, "-p", str(self.port), "-U",
                            "postgres", name], check=True, capture_output=True, timeout=60)
        return self

    def url(self, name: str) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{name}"

    def stop(self) -> None:
        if self.started:
            subprocess.run([*self.as_user, f"{self.bin}/pg_ctl", "-D", str(self.dir / "data"),
                            "-m", "fast", "-w", "stop"], capture_output=True, timeout=120)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


class Gunicorn:
    """gunicorn kkrmonitor.wsgi with N workers on a free loopback port."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2,
                 extra_args: list[str] | None = None, gc_freeze: bool = True) -> None:
        self.env, self.log, self.workers = env, log, workers
        self.extra_args = extra_args or []
        # Production's post_worker_init: gc.freeze() once the worker has loaded the app.
        if gc_freeze:
            self.extra_args = ["--config", str(ROOT / "bench" / "gunicorn_hooks.py"),
                               *self.extra_args]
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> Gunicorn:
        out = self.log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kkrmonitor.wsgi:application",
             "--workers", str(self.workers), "--bind", f"{HOST}:{self.port}",
             "--chdir", str(ROOT), "--timeout", "60", "--graceful-timeout", "10",
             # gunicorn's control socket defaults to one path per user (~/.gunicorn): another
             # gunicorn on the machine would share it; the benchmark's server keeps to itself.
             "--no-control-socket",
             *self.extra_args],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
        wait_http(self.port, "/", 90, self.proc)
        return self

    def stop(self) -> None:
        stop(self.proc)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


class Datasette:
    """`datasette serve -i FILE` (immutable, read-only) on a free port, with every row of one
    indicator allowed in one response."""

    def __init__(self, sqlite_file: Path, log: Path, max_rows: int) -> None:
        self.file, self.log, self.max_rows = sqlite_file, log, max_rows
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> Datasette:
        import sqlite3

        with sqlite3.connect(self.file) as con:  # fold the WAL in: immutable mode skips it
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        exe = Path(sys.executable).with_name("datasette")
        command = [str(exe)] if exe.exists() else [sys.executable, "-m", "datasette"]
        self.proc = subprocess.Popen(
            [*command, "serve", "-i", str(self.file), "--host", HOST, "--port", str(self.port),
             "--setting", "max_returned_rows", str(self.max_rows),
             "--setting", "sql_time_limit_ms", "30000",
             "--setting", "num_sql_threads", "3"],
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_http(self.port, "/-/versions.json", 120, self.proc)
        return self

    def stop(self) -> None:
        stop(self.proc)


WRK_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
WRK_TOTAL = re.compile(r"(\d+) requests in ([\d.]+)(\w+)")


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/sec, request count, non-2xx/3xx responses and socket errors from wrk's text."""
    out: dict[str, Any] = {}
    if m := WRK_RPS.search(output):
        out["rps"] = float(m.group(1))
    if m := WRK_TOTAL.search(output):
        out["requests"] = int(m.group(1))
    out["non_2xx_3xx"] = int(m.group(1)) if (m := WRK_NON2XX.search(output)) else 0
    if m := WRK_SOCKET.search(output):
        out["socket_errors"] = dict(zip(("connect", "read", "write", "timeout"),
                                        map(int, m.groups()), strict=True))
    return out


def run_wrk(port: int, path: str, threads: int = 2, connections: int = 50,
            duration: str = "10s") -> dict[str, Any]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}",
               f"http://{HOST}:{port}{path}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    result = parse_wrk(done.stdout)
    result["command"] = " ".join(command)
    if "rps" not in result:
        result["error"] = (done.stderr or done.stdout).strip()[-500:]
    return result
