"""kkr generate_demo: fill an empty, migrated database with synthetic national-scale data."""

from __future__ import annotations

import json
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kkrmonitor.demo.generate import SCALES, DemoRefused, generate


class Command(BaseCommand):
    help = ("Fyld en tom, migreret database med tydeligt mærkede SYNTETISKE demodata "
            "(--scale national: 5 råd, 98 kommuner, 100.000 statusopdateringer, 2 mio. "
            "observationer; --scale small: ca. 1/100). Nægter en database med rigtige data "
            "(medmindre --force) og en, der allerede har demodata. Fremdrift og tider skrives "
            "til stderr, antal rækker som JSON til stdout.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true",
                            help="generér også i en database med rigtige data")
        parser.add_argument("--print-scales", action="store_true",
                            help="skriv tabellen over antal rækker pr. skala og stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_scales"]:
            self.stdout.write(json.dumps(SCALES, indent=2))
            return
        try:
            result = generate(options["scale"], options["seed"], force=options["force"],
                              out=cast(TextIO, self.stderr._out))  # the raw stream, unstyled
        except DemoRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps({
            "scale": result.scale, "seed": result.seed, "seconds": result.seconds,
            "counts": result.counts, "timings": result.timings,
            "cpu_timings": result.cpu_timings}, indent=2, ensure_ascii=False))
