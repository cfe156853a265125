"""Benchmark: load synthetic observations through the same bulk path uploads and fetches use
(kkrmonitor.indicators.services.store_observations: bulk_create in batches, one transaction).

    .venv/bin/python bench/bench_observations.py [--rows 1000000] [--batch 5000]

Every figure is SYNTHETIC (generated here, never real statistics). The database is a throwaway:
SQLite in a temporary directory, or the PostgreSQL database in DATABASE_URL if set (it is
migrated, and the synthetic indicator and areas are deleted again afterwards). Prints rows/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()

    temp = tempfile.TemporaryDirectory(prefix="kkr-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{temp.name}/bench.sqlite3")
    os.environ["KKR_DATA_DIR"] = temp.name
    os.environ["DJANGO_SETTINGS_MODULE"] = "kkrmonitor.settings_test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from kkrmonitor.indicators import services
    from kkrmonitor.indicators.models import Area, Indicator, Observation

    services.BATCH_SIZE = args.batch
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine} ({settings.DATABASES['default']['NAME']})")
    call_command("migrate", verbosity=0)

    areas_wanted = 1000
    periods_wanted = -(-args.rows // areas_wanted)
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
                if n == args.rows:
                    return
                yield (area_id, period, None if n % 50 == 0 else float(n % 9973))
                n += 1

    started = time.perf_counter()
    with transaction.atomic():
        stored = services.store_observations(indicator, synthetic(), "upload",
                                             replace_source=True)
    seconds = time.perf_counter() - started
    assert Observation.objects.filter(indicator=indicator).count() == stored == args.rows
    print(f"{stored:,} synthetic observations in {seconds:.1f} s: "
          f"{stored / seconds:,.0f} rows/s (batch {args.batch})")
    indicator.delete()
    Area.objects.filter(code__startswith="SYNTH-").delete()
    temp.cleanup()


if __name__ == "__main__":
    main()
