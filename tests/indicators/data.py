"""Literal fixtures for indicator tests. Every figure is synthetic."""

from __future__ import annotations

from kkrmonitor.indicators.models import Indicator
from kkrmonitor.programme.models import Council

KKR_H = ["101", "147", "151", "153", "155", "157", "159", "161", "163", "165", "167", "169",
         "173", "175", "183", "185", "187", "190", "201", "210", "217", "219", "223", "230",
         "240", "250", "260", "270", "400"]


def upload_indicator(slug: str = "synth", additive: bool = True, **fields) -> Indicator:
    """An uploaded series; KKR Hovedstaden's unless `council` says otherwise (None: national)."""
    fields.setdefault("council", Council.objects.filter(slug="kkr-hovedstaden").first())
    return Indicator.objects.create(slug=slug, name=f"Syntetisk {slug}", unit="antal",
                                    kind=Indicator.Kind.UPLOAD, additive=additive, **fields)


def csv_for(rows: list[tuple[str, str, str]], header: str = "kommune;periode;værdi") -> bytes:
    return ("\n".join([header, *[";".join(r) for r in rows]]) + "\n").encode("utf-8")
