"""Load the reference data (councils, municipalities, actors) into the database, idempotently."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from kkrmonitor.audit import AuditAction, Author, changes_between, record, snapshot
from kkrmonitor.programme import reference
from kkrmonitor.programme.models import Actor, Council, Municipality
from kkrmonitor.text import danish_slug

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.created and not self.updated:
            return "Referencedata er allerede opdateret; intet ændret."
        return (f"Referencedata indlæst: {len(self.created)} oprettet, "
                f"{len(self.updated)} opdateret.")


def _upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any], author: Author,
            report: LoadReport) -> M:
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        record(author, AuditAction.CREATE, obj, changes_between({}, snapshot(obj, list(values))))
        report.created.append(str(obj))
        return obj
    before = snapshot(obj, list(values))
    for key, value in values.items():
        setattr(obj, key, value)
    diff = changes_between(before, snapshot(obj, list(values)))
    if diff:
        obj.save()
        record(author, AuditAction.UPDATE, obj, diff)
        report.updated.append(str(obj))
    return obj


@transaction.atomic
def load_reference_data(author: Author | None = None) -> LoadReport:
    author = author or Author(label="Referencedata", channel="cli")
    report = LoadReport()
    councils: dict[str, Council] = {}
    for data in reference.COUNCILS:
        councils[data.slug] = _upsert(
            Council, {"slug": data.slug},
            {"name": data.name, "kind": data.kind, "region_code": data.region_code,
             "region_name": data.region_name, "description": data.description,
             "source": data.source}, author, report)
    for data in reference.COUNCILS:
        for code, name in data.municipalities:
            values = {"name": name, "slug": danish_slug(name), "council": councils[data.slug]}
            _upsert(Municipality, {"code": code}, values, author, report)
        if data.spans:
            councils[data.slug].spans.set([councils[s] for s in data.spans])
    for actor in reference.ACTORS:
        _upsert(Actor, {"slug": actor.slug},
                {"name": actor.name, "aliases": list(actor.aliases),
                 "description": actor.description, "source": actor.source,
                 "council": councils.get(actor.council)}, author, report)
    return report
