"""Timing loops: pages over keep-alive HTTP (http.client), or through any fetch function (the
smoke test passes Django's test Client), and ours-versus-Datasette alternately."""

from __future__ import annotations

import http.client
import os
import time
from collections.abc import Callable
from typing import Any

from bench.stats import median, summarise_ms

Fetch = Callable[[str], int]  # path → HTTP status; the body has been read in full


class Connection:
    """One keep-alive HTTP/1.1 connection. When the server closes it (gunicorn's sync workers
    do after every response), http.client opens a new one on the next request, as a browser
    would; that reconnect is part of the time measured."""

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, Any]:
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.conn.close()
                return response.status, data, response
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server had already closed: retry once on a new
                # one; a second failure is a real error.
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port,
                                                       timeout=self.timeout)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str) -> int:
        return self.request("GET", path)[0]

    def close(self) -> None:
        self.conn.close()


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def time_pages(fetch: Fetch, pages: dict[str, str], requests: int = 200, warmup: int = 10,
               cap_seconds: float = 120.0,
               progress: Callable[[str], None] | None = None) -> dict[str, dict[str, Any]]:
    """For each page: `warmup` untimed requests, then `requests` timed ones, sequentially.
    Every response must be 200; any other status (or an exception) is counted as an error and
    its time is not used. A page still running after `cap_seconds` stops early and says how
    many requests it got (`requests` < the number asked for)."""
    out: dict[str, dict[str, Any]] = {}
    for name, path in pages.items():
        result: dict[str, Any] = {"path": path, "load1": load1()}
        errors: dict[str, int] = {}

        def note(key: str, errors: dict[str, int] = errors) -> None:
            errors[key] = errors.get(key, 0) + 1

        for _ in range(warmup):
            try:
                status = fetch(path)
            except Exception as exc:  # noqa: BLE001 - reported, not raised
                note(type(exc).__name__)
                continue
            if status != 200:
                note(str(status))
        times: list[float] = []
        started = time.perf_counter()
        for _ in range(requests):
            t0 = time.perf_counter()
            try:
                status = fetch(path)
            except Exception as exc:  # noqa: BLE001
                note(type(exc).__name__)
                status = None
            elapsed = time.perf_counter() - t0
            if status == 200:
                times.append(elapsed)
            elif status is not None:
                note(str(status))
            if time.perf_counter() - started > cap_seconds:
                result["capped"] = f"stopped after {cap_seconds:.0f} s"
                break
        result["requests"] = len(times)
        if times:
            result.update(summarise_ms(times))
        else:
            result.update({"p50_ms": None, "p95_ms": None})
        if errors:
            result["error"] = "non-200: " + ", ".join(f"{k}×{v}" for k, v in errors.items())
        out[name] = result
        if progress:
            progress(f"{name:<34} p50 {result['p50_ms']} ms  p95 {result['p95_ms']} ms"
                     + (f"  {result['error']}" if errors else ""))
    return out


def alternate_many(fetches: dict[str, Callable[[], tuple[int, bytes]]], requests: int = 200,
                   warmup: int = 10) -> dict[str, Any]:
    """Time several fetches in turn, request by request, in one run, so all see the same
    machine load. Returns each one's median (ms), byte size and errors."""
    times: dict[str, list[float]] = {label: [] for label in fetches}
    errors: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for i in range(warmup + requests):
        for label, fetch in fetches.items():
            t0 = time.perf_counter()
            status, body = fetch()
            elapsed = time.perf_counter() - t0
            sizes[label] = len(body)
            if status != 200:
                errors[f"{label} {status}"] = errors.get(f"{label} {status}", 0) + 1
            elif i >= warmup:
                times[label].append(elapsed)
    result: dict[str, Any] = {"requests_each": min(len(t) for t in times.values()),
                              "bytes": sizes, "load1": load1(),
                              "medians_ms": {label: round(median(t) * 1000, 2)
                                             for label, t in times.items() if t},
                              "medians_s": {label: median(t) for label, t in times.items()
                                            if t}}
    if errors:
        result["errors"] = errors
    return result


def alternate(ours: Callable[[], tuple[int, bytes]], theirs: Callable[[], tuple[int, bytes]],
              requests: int = 200, warmup: int = 10) -> dict[str, Any]:
    """Ours and Datasette alternately: both medians (ms) and the ratio ours/theirs."""
    result = alternate_many({"ours": ours, "datasette": theirs}, requests, warmup)
    medians = result.pop("medians_ms")
    raw = result.pop("medians_s")
    if "ours" in medians and "datasette" in medians:
        result["ours_median_ms"] = medians["ours"]
        result["datasette_median_ms"] = medians["datasette"]
        result["ratio"] = round(raw["ours"] / raw["datasette"], 3)
    return result
