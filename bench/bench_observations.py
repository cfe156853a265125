"""Benchmark: load synthetic observations through the same bulk path uploads and fetches use
(kkrmonitor.indicators.services.store_observations: a staging table and one sorted INSERT … SELECT
on SQLite, COPY on PostgreSQL; one transaction).

    .venv/bin/python bench/bench_observations.py [--rows 1000000] [--batch 100000]

Every figure is SYNTHETIC (generated here, never real statistics). The database is a throwaway:
SQLite in a temporary directory, or the PostgreSQL database in DATABASE_URL if set (it is
migrated, and the synthetic indicator and areas are deleted again afterwards). Prints rows/s.

From a harness: `from bench.bench_observations import run; run(rows=1_000_000,
database_url=None)` returns {"rows": …, "seconds": …, "rows_per_s": …, "database": …}. Django
is set up once per process, so every call in one process uses the database of the first call.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_TEMP: tempfile.TemporaryDirectory[str] | None = None


def _setup(database_url: str | None) -> None:
    global _TEMP
    import django
    from django.apps import apps

    if apps.ready:
        return
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif "DATABASE_URL" not in os.environ:
        _TEMP = tempfile.TemporaryDirectory(prefix="kkr-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{_TEMP.name}/bench.sqlite3"
        os.environ.setdefault("KKR_DATA_DIR", _TEMP.name)
    os.environ.setdefault("KKR_DATA_DIR", tempfile.gettempdir())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kkrmonitor.settings_test")
    django.setup()


def _server_cpu() -> float | None:
    """CPU seconds the PostgreSQL backend of this connection has used, when the server runs on
    this machine (/proc readable); None otherwise. On a shared machine wall time says as much
    about the neighbours as about the code, so both are reported."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(rows: int = 1_000_000, database_url: str | None = None,
        batch: int | None = None) -> dict[str, Any]:
    """Load `rows` synthetic observations (1,000 synthetic areas × monthly periods from 1900,
    every 50th value missing) in one transaction and time it. Only the load is timed; the
    indicator and its areas are deleted again afterwards."""
    _setup(database_url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from kkrmonitor.indicators import services
    from kkrmonitor.indicators.models import Area, Indicator, Observation

    if batch:
        services.BATCH_SIZE = batch
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)

    areas_wanted = 1000
    periods_wanted = -(-rows // areas_wanted)
    Indicator.objects.filter(slug="bench-synthetic").delete()
    Area.objects.filter(code__startswith="SYNTH-").delete()
    indicator = Indicator.objects.create(slug="bench-synthetic", name="Syntetisk benchmark",
                                         unit="syntetisk", kind=Indicator.Kind.UPLOAD)
    Area.objects.bulk_create([Area(kind=Area.Kind.REGION, code=f"SYNTH-{i:04d}",
                                   name=f"Syntetisk område {i}") for i in range(areas_wanted)])
    area_ids = list(Area.objects.filter(code__startswith="SYNTH-").values_list("pk", flat=True))
    periods = [f"{1900 + m // 12}M{m % 12 + 1:02d}" for m in range(periods_wanted)]

    def synthetic():  # every 50th value missing ("..")
        n = 0
        for period in periods:
            for area_id in area_ids:
                if n == rows:
                    return
                yield (area_id, period, None if n % 50 == 0 else float(n % 9973))
                n += 1

    try:
        server = _server_cpu()
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            stored = services.store_observations(indicator, synthetic(), "upload",
                                                 replace_source=True)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu  # this process (SQLite works inside it) …
        server_after = _server_cpu()
        if server is not None and server_after is not None:  # … plus PostgreSQL's backend
            cpu += server_after - server
        else:
            cpu = None
        assert Observation.objects.filter(indicator=indicator).count() == stored == rows
    finally:
        indicator.delete()
        Area.objects.filter(code__startswith="SYNTH-").delete()
    return {"rows": stored, "seconds": round(seconds, 3), "rows_per_s": round(stored / seconds),
            "cpu_seconds": round(cpu, 3) if cpu is not None else None,
            "rows_per_cpu_s": round(stored / cpu) if cpu else None,
            "database": engine, "batch": services.BATCH_SIZE,
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=None)
    args = parser.parse_args()
    result = run(rows=args.rows, batch=args.batch)
    print(f"database: {result['database']}")
    print(f"{result['rows']:,} synthetic observations in {result['seconds']:.1f} s: "
          f"{result['rows_per_s']:,} rows/s; CPU (this process and a local database server) "
          f"{result['cpu_seconds']} s: {result['rows_per_cpu_s'] or 0:,} rows per CPU second "
          f"(batch {result['batch']:,}; "
          f"load average {' '.join(str(x) for x in result['load_average'])})")
    if _TEMP is not None:
        _TEMP.cleanup()


if __name__ == "__main__":
    main()
