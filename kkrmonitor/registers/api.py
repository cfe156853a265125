"""Read endpoints for registers under /api/ (assembled in kkrmonitor/api.py): what the register
pages show the caller (anonymous callers: published registers and published rows only).
Each row's values are keyed by the column's `key`, as the reader sees them (`text`) and as
stored (`value`: a number as a decimal string, a date window with its start and end)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from kkrmonitor.access import access_for
from kkrmonitor.registers.cells import display
from kkrmonitor.registers.models import Register, Row
from kkrmonitor.registers.services import names_for, spec

router = Router()


class ColumnOut(Schema):
    key: str
    name: str
    kind: str = Field(description="text, number, amount, date_window, municipality, actor, "
                                  "user, choice eller link.")
    unit: str
    choices: list[str]


class CellOut(Schema):
    text: str = Field(description="Værdien, som den vises på siden; tom, hvis ikke angivet.")
    value: Any = Field(None, description="Den gemte værdi: et tal som decimaltekst, en "
                                         "periode som {label, start, end}, en kommunekode, "
                                         "en aktørs slug.")


class RowOut(Schema):
    id: int
    values: dict[str, CellOut]


class RegisterSummaryOut(Schema):
    slug: str
    title: str
    council: str
    council_name: str
    recommendation: int | None
    description: str
    source: str
    url: str


class RegisterOut(RegisterSummaryOut):
    columns: list[ColumnOut]
    rows: list[RowOut]


def _summary(register: Register, request: HttpRequest) -> dict[str, Any]:
    rec = register.recommendation
    return {"slug": register.slug, "title": register.title, "council": register.council.slug,
            "council_name": register.council.name,
            "recommendation": rec.number if rec else None,
            "description": register.description, "source": register.source,
            "url": request.build_absolute_uri(register.get_absolute_url())}


@router.get("/registre", response=list[RegisterSummaryOut], summary="Registre",
            description="Rådenes registre under anbefalingerne.")
def registers(request: HttpRequest) -> list[dict[str, Any]]:
    access = access_for(request)
    found = (Register.objects.visible_to(access).select_related("council", "recommendation")
             .order_by("council__name", "title"))
    return [_summary(r, request) for r in found]


@router.get("/registre/{slug}", response=RegisterOut, summary="Et register med kolonner og rækker")
def register(request: HttpRequest, slug: str) -> dict[str, Any]:
    access = access_for(request)
    found = get_object_or_404(Register.objects.visible_to(access)
                              .select_related("council", "recommendation"), slug=slug)
    columns = list(found.columns.all())
    names = names_for(columns)
    rows = Row.objects.visible_to(access).filter(register=found).order_by("pk")
    return {**_summary(found, request),
            "columns": [{"key": c.key, "name": c.name, "kind": c.kind, "unit": c.unit,
                         "choices": list(c.choices or [])} for c in columns],
            "rows": [{"id": r.pk, "values": {
                c.key: {"text": display(spec(c), r.values.get(c.key), names),
                        "value": r.values.get(c.key)} for c in columns}} for r in rows]}
