"""Register pages: the public list and one page per register (sorting, filtering, download),
and the secretariat's editing (rows, columns, the register's text, file import). Every lookup
and every write is checked through kkrmonitor.access."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kkrmonitor.access import Access, access_for
from kkrmonitor.audit import EditConflict
from kkrmonitor.programme.models import Council, Publication
from kkrmonitor.registers import services
from kkrmonitor.registers.cells import Names, display, edit_text
from kkrmonitor.registers.forms import (
    ColumnForm,
    ImportForm,
    NewRegisterForm,
    RegisterForm,
    RowForm,
    field_name,
)
from kkrmonitor.registers.importing import import_rows
from kkrmonitor.registers.models import Column, Register, Row
from kkrmonitor.registers.services import names_for, spec
from kkrmonitor.registers.table import build_table, export_rows, sort_links, to_csv, to_xlsx
from kkrmonitor.web.conflicts import ConflictView, describe_others
from kkrmonitor.web.decorators import editor_required, login_required
from kkrmonitor.web.helpers import author_for, crumbs


def _register(access: Access, council: str, slug: str) -> Register:
    return get_object_or_404(
        Register.objects.visible_to(access).select_related(
            "council", "recommendation__programme__council"),
        council__slug=council, slug=slug)


def _editable(request: HttpRequest, council: str, slug: str) -> Register:
    access = access_for(request)
    register = _register(access, council, slug)
    access.require(access.can_edit_register(register.council_id))
    return register


def _crumbs(register: Register, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    if not tail:
        return crumbs(("Registre", reverse("register_list")), (register.title, None))
    return crumbs(("Registre", reverse("register_list")),
                  (register.title, register.get_absolute_url()), *tail)


def register_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    visible_rows = Q(rows__publication=Publication.PUBLISHED) if not access.sees_drafts else Q()
    registers = (Register.objects.visible_to(access)
                 .select_related("council", "recommendation__programme__council")
                 .annotate(row_count=Count("rows", filter=visible_rows))
                 .order_by("council__name", "recommendation__number", "title"))
    return render(request, "registers/register_list.html", {
        "registers": registers, "can_create": access.is_editor,
        "crumbs": crumbs(("Registre", None))})


@editor_required
def register_create(request: HttpRequest) -> HttpResponse:
    """A new register of a council the user edits, saved as a draft; its columns are defined
    next, on its settings page."""
    access = access_for(request)
    councils = [c for c in Council.objects.order_by("name")
                if access.can_edit_register(c.pk)]
    form = NewRegisterForm(councils, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        access.require(access.can_edit_register(d["council"].pk))
        created = services.create_register(
            author_for(request), d["council"], d["recommendation"],
            services.RegisterData(d["title"], d["description"], d["source"], False))
        messages.success(request, "Registret er oprettet som kladde. Tilføj nu kolonnerne.")
        return redirect("register_settings", d["council"].slug, created.slug)
    return render(request, "registers/register_new.html", {
        "form": form, "crumbs": crumbs(("Registre", reverse("register_list")),
                                       ("Nyt register", None))},
        status=400 if form.errors else 200)


def register(request: HttpRequest, council: str, slug: str) -> HttpResponse:
    access = access_for(request)
    item = _register(access, council, slug)
    params = request.GET.dict()
    table = build_table(item, access, params)
    return render(request, "registers/register.html", {
        "register": item, "table": table, "sort_links": sort_links(table, params),
        "can_edit": access.can_edit_register(item.council_id),
        "crumbs": _crumbs(item)})


def register_export(request: HttpRequest, council: str, slug: str, fmt: str) -> HttpResponse:
    access = access_for(request)
    item = _register(access, council, slug)
    headers, rows = export_rows(item, access, csv=fmt == "csv")
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(headers, rows, item.title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(to_csv(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.slug}.{fmt}"'
    return response


def _row_page(request: HttpRequest, item: Register, form: RowForm, row: Row | None,
              conflict: ConflictView | None = None, status: int = 200) -> HttpResponse:
    title = "Ny række" if row is None else "Rediger række"
    return render(request, "registers/row_form.html", {
        "register": item, "form": form, "row": row, "title": title, "conflict": conflict,
        "crumbs": _crumbs(item, (title, None))}, status=status)


def _merged_row_form(error: EditConflict, form: RowForm, current: Row, columns: list[Column],
                     names: Names) -> tuple[ConflictView, RowForm]:
    """Merge-on-409 for a row (as web.conflicts does for the programme's forms): a cell only
    the other person changed takes their value, a cell both changed keeps the user's, and the
    version is the current one, so saving again keeps both people's work. The row's audit
    events name cells by the column's name, with the values as a reader sees them."""
    theirs: dict[str, tuple[Any, Any]] = {}
    for event in error.others:
        for key, (before, after) in event.changes.items():
            theirs[key] = (theirs[key][0] if key in theirs else before, after)
    data = cast(QueryDict, form.data).copy()  # the POST it was bound to
    merged, clashes = [], []
    for column in columns:
        if column.name not in theirs:
            continue
        mine = display(spec(column), form.cleaned_data["values"].get(column.key), names) or None
        if mine == theirs[column.name][0]:
            data[field_name(column)] = edit_text(spec(column), current.values.get(column.key),
                                                 names)
            merged.append(column.name)
        elif mine != theirs[column.name][1]:
            clashes.append(column.name)
    data["version"] = str(current.version)
    merged_form = RowForm(columns, names, data)
    merged_form.is_valid()
    return ConflictView(str(error), describe_others(error.others), merged, clashes), \
        merged_form


@login_required
def row_edit(request: HttpRequest, council: str, slug: str, pk: int | None = None) -> HttpResponse:
    """A new row, or changes to one. A stale edit is refused with 409 and the current row
    shown; the editor's input is kept in the form."""
    item = _editable(request, council, slug)
    columns = list(item.columns.all())
    names = names_for(columns)
    row = get_object_or_404(Row, register=item, pk=pk) if pk is not None else None
    if request.method != "POST":
        initial = RowForm.initial_for(row, columns, names) if row else None
        return _row_page(request, item, RowForm(columns, names, initial=initial), row)
    form = RowForm(columns, names, request.POST)
    if not form.is_valid():
        return _row_page(request, item, form, row, status=400)
    author = author_for(request)
    data = form.cleaned_data
    if row is None:
        services.create_row(author, item, data["values"], data["publication"],
                            columns=columns, names=names)
        messages.success(request, "Rækken er gemt.")
        return redirect(item.get_absolute_url())
    row.register = item
    try:
        changed = services.update_row(author, row, data["values"], data["publication"],
                                      data.get("version") or 0, columns=columns, names=names)
    except EditConflict as error:
        current = get_object_or_404(Row, register=item, pk=pk)
        conflict, merged = _merged_row_form(error, form, current, columns, names)
        return _row_page(request, item, merged, current, conflict, status=409)
    messages.success(request, "Rækken er gemt." if changed else "Der var intet at gemme.")
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def row_delete(request: HttpRequest, council: str, slug: str, pk: int) -> HttpResponse:
    item = _editable(request, council, slug)
    row = get_object_or_404(Row, register=item, pk=pk)
    row.register = item
    version = request.POST.get("version", "")
    try:
        services.delete_row(author_for(request), row, int(version) if version.isdigit() else 0)
    except EditConflict as error:
        messages.error(request, str(error))
        return redirect("register_row", item.council.slug, item.slug, row.pk)
    messages.success(request, "Rækken er slettet.")
    return redirect(item.get_absolute_url())


@login_required
def column_edit(request: HttpRequest, council: str, slug: str,
                pk: int | None = None) -> HttpResponse:
    item = _editable(request, council, slug)
    column = get_object_or_404(Column, register=item, pk=pk) if pk is not None else Column()
    form = ColumnForm(item, request.POST or None, instance=Column.objects.get(pk=column.pk)
                      if column.pk else None)
    if request.method == "POST" and form.is_valid():
        changed = services.save_column(author_for(request), item, column, form.values())
        messages.success(request, "Kolonnen er gemt." if changed else "Der var intet at gemme.")
        return redirect("register_settings", item.council.slug, item.slug)
    title = "Ny kolonne" if column.pk is None else f"Rediger kolonnen »{column.name}«"
    return render(request, "registers/column_form.html", {
        "register": item, "form": form, "column": column, "title": title,
        "crumbs": _crumbs(item, (title, None))}, status=400 if form.errors else 200)


@login_required
def register_settings(request: HttpRequest, council: str, slug: str) -> HttpResponse:
    """The register's title, description, source and whether it is public, and its columns."""
    item = _editable(request, council, slug)
    initial: dict[str, Any] = {"version": item.version, "title": item.title,
                               "description": item.description, "source": item.source,
                               "published": item.published}
    form = RegisterForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            changed = services.update_register(
                author_for(request), item,
                services.RegisterData(d["title"], d["description"], d["source"],
                                      d["published"]), d["version"])
        except EditConflict as conflict:
            error = str(conflict)
        else:
            messages.success(request, "Registret er gemt." if changed
                             else "Der var intet at gemme.")
            return redirect("register_settings", item.council.slug, item.slug)
    return render(request, "registers/register_settings.html", {
        "register": item, "form": form, "columns": list(item.columns.all()),
        "conflict_error": error, "crumbs": _crumbs(item, ("Registrets opsætning", None))},
        status=409 if error else 400 if form.errors else 200)


@login_required
def register_import(request: HttpRequest, council: str, slug: str) -> HttpResponse:
    item = _editable(request, council, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_rows(author_for(request), item, upload.read(), upload.name)
        if result.ok:
            messages.success(request, "Filen er indlæst: " + result.sentence())
            return redirect(item.get_absolute_url())
    return render(request, "registers/import.html", {
        "register": item, "form": form, "result": result,
        "columns": list(item.columns.all()),
        "crumbs": _crumbs(item, ("Indlæs rækker fra fil", None))},
        status=400 if result is not None or form.errors else 200)


