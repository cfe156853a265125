"""A register as a table a reader sees: its columns, its rows' values as text, sorted and
filtered as the page's query string asks, and the same table for the CSV/XLSX download."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kkrmonitor.access import Access
from kkrmonitor.exports import to_csv, to_xlsx
from kkrmonitor.registers.cells import ColumnSpec, Names, display, export_value, sort_key
from kkrmonitor.registers.importing import NUMBER_HEADER
from kkrmonitor.registers.models import Column, Register, Row
from kkrmonitor.registers.services import names_for, spec

__all__ = ["RegisterTable", "build_table", "export_rows", "to_csv", "to_xlsx"]

FILTERABLE = {"choice", "municipality", "actor", "user"}


@dataclass(frozen=True)
class Cell:
    text: str
    value: Any
    is_link: bool = False


@dataclass(frozen=True)
class TableRow:
    row: Row
    cells: list[Cell]


@dataclass(frozen=True)
class Filter:
    column: Column
    options: list[str]
    selected: str


@dataclass
class RegisterTable:
    columns: list[Column]
    rows: list[TableRow]
    total: int
    sort: str
    descending: bool
    query: str
    filters: list[Filter]

    @property
    def filtered(self) -> bool:
        return bool(self.query or any(f.selected for f in self.filters))


def _specs(columns: list[Column]) -> list[ColumnSpec]:
    return [spec(c) for c in columns]


def build_table(register: Register, access: Access, params: dict[str, str]) -> RegisterTable:
    """`params`: "sorter" (a column's key), "retning" ("faldende"), "q" (free text) and one
    filter per list column, named by the column's key."""
    columns = list(register.columns.all())
    specs = _specs(columns)
    names = names_for(columns)
    rows = list(Row.objects.visible_to(access).filter(register=register).order_by("pk"))
    table_rows = [TableRow(r, [Cell(display(s, r.values.get(s.key), names),
                                    r.values.get(s.key), s.kind == "link") for s in specs])
                  for r in rows]
    filters = []
    for index, column in enumerate(columns):
        if column.kind not in FILTERABLE:
            continue
        options = sorted({tr.cells[index].text for tr in table_rows if tr.cells[index].text},
                         key=str.lower)
        if column.kind == "choice":
            options = [c for c in column.choices if c in options]
        selected = params.get(column.key, "")
        filters.append(Filter(column, options, selected if selected in options else ""))
        if selected in options:
            table_rows = [tr for tr in table_rows if tr.cells[index].text == selected]
    query = " ".join(params.get("q", "").split())[:200]
    if query:
        needle = query.lower()
        table_rows = [tr for tr in table_rows
                      if any(needle in c.text.lower() for c in tr.cells)]
    keys = [c.key for c in columns]
    sort = params.get("sorter", "")
    descending = params.get("retning") == "faldende"
    if sort in keys:
        index = keys.index(sort)
        filled = [tr for tr in table_rows if tr.cells[index].text]
        empty = [tr for tr in table_rows if not tr.cells[index].text]
        filled.sort(key=lambda tr: sort_key(specs[index], tr.cells[index].value, names)[1],
                    reverse=descending)
        table_rows = filled + empty  # empty cells last either way
    else:
        sort, descending = "", False
    return RegisterTable(columns, table_rows, len(rows), sort, descending, query, filters)


def export_rows(register: Register, access: Access, csv: bool = False,
                names: Names | None = None) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows for the download: »Nr.« then every column, in the register's order;
    the file can be edited and imported again."""
    columns = list(register.columns.all())
    specs = _specs(columns)
    names = names or names_for(columns)
    rows = Row.objects.visible_to(access).filter(register=register).order_by("pk")
    return ([NUMBER_HEADER, *[c.name for c in columns]],
            [[r.pk, *[export_value(s, r.values.get(s.key), names, csv) for s in specs]]
             for r in rows])


@dataclass(frozen=True)
class SortLink:
    label: str
    url: str
    aria: str  # "ascending", "descending" or ""


def sort_links(table: RegisterTable, params: dict[str, str]) -> list[SortLink]:
    """One header link per column: sorts by it, ascending first, then descending; the
    filters and search are kept."""
    from urllib.parse import urlencode

    kept = {k: v for k, v in params.items() if k not in ("sorter", "retning") and v}
    links = []
    for column in table.columns:
        current = table.sort == column.key
        aria = ("descending" if table.descending else "ascending") if current else ""
        query = {**kept, "sorter": column.key}
        if current and not table.descending:
            query["retning"] = "faldende"
        links.append(SortLink(column.name, "?" + urlencode(query), aria))
    return links
