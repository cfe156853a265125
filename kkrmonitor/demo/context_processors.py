"""The banner "Syntetiske demodata — ikke rigtige tal" on every page while demo data exist.

Whether they exist is read once per process, lazily (only when a template asks), and kept:
demo data are loaded before the server starts (`kkr generate_demo`), so a running worker need
not ask the database on every request. `generate()` forgets the answer in its own process;
another process sees new demo data after a restart."""

from __future__ import annotations

from django.http import HttpRequest

_present: bool | None = None


def demo_data_present() -> bool:
    global _present
    if _present is None:
        from kkrmonitor.demo.models import DemoDataset

        _present = DemoDataset.objects.exists()
    return _present


def forget() -> None:
    """Ask the database again next time (after generating, or in tests)."""
    global _present
    _present = None


def demo(request: HttpRequest) -> dict[str, object]:
    # A callable: the template calls it only where it is used, once per render.
    return {"DEMO_DATA": demo_data_present}
