"""Joint efforts (matrix, reports, approval, import, export), municipality pages and project
portfolios. Thin function views: kkrmonitor.access decides who may do what; every write goes
through one function in kkrmonitor.joint.services. Every form works without JavaScript."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kkrmonitor.access import Access, access_for
from kkrmonitor.joint import services
from kkrmonitor.joint.exports import matrix_table, to_csv, to_xlsx
from kkrmonitor.joint.forms import (
    ImportForm,
    JointEditForm,
    JointInitiativeForm,
    ProjectEditForm,
    ProjectEventForm,
    ProjectForm,
    ProjectListForm,
    ReviewForm,
    ShareForm,
    StageReportForm,
)
from kkrmonitor.joint.importing import import_stages
from kkrmonitor.joint.matrix import (
    SORTS,
    build_matrix,
    build_rows,
    load_batch,
    rows_from_reports,
    visible_joints,
)
from kkrmonitor.joint.models import (
    NOT_GIVEN,
    JointInitiative,
    JointStage,
    ListMembership,
    Portfolio,
    Project,
    ProjectList,
    SharedInitiative,
    StageReport,
)
from kkrmonitor.joint.rollup import ON_TRACK_RULE
from kkrmonitor.programme.models import Council, Initiative, Municipality
from kkrmonitor.programme.services import EditConflict
from kkrmonitor.web.conflicts import ConflictView, resolve_conflict
from kkrmonitor.web.decorators import login_required
from kkrmonitor.web.helpers import Crumbs, author_for, crumbs


def _joints(access: Access) -> QuerySet[JointInitiative]:
    """Joint initiatives the user may see: the public sees those whose initiative is published."""
    return visible_joints(access)


def _joint(access: Access, pk: int) -> JointInitiative:
    return get_object_or_404(_joints(access), pk=pk)


def _joint_crumbs(joint: JointInitiative, *extra: tuple[str, str | None]) -> Crumbs:
    return crumbs(("Fælles indsatser", reverse("joint_list")),
                   (str(joint), reverse("joint_matrix", args=[joint.pk]) if extra else None),
                   *extra)


# --- joint initiatives ----------------------------------------------------------------------

def joint_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    today = timezone.localdate()
    joints = list(_joints(access))
    # One batch for all efforts: the roll-up counts approved reports only, as the matrix does.
    batch = load_batch(joints, stages_only=True)
    items = [(joint, batch.rollup(joint, today)) for joint in joints]
    return render(request, "joint/joint_list.html", {
        "items": items, "crumbs": crumbs(("Fælles indsatser", None)),
        "can_create": access.is_editor, "rule": ON_TRACK_RULE,
        "portfolios": Portfolio.objects.all()})


@login_required
def joint_create(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    access.require(access.is_editor)
    initiatives = Initiative.objects.filter(joint__isnull=True).select_related(
        "recommendation__programme__council").order_by(
        "recommendation__programme__council__name", "recommendation__number", "id")
    if not access.is_admin:
        initiatives = initiatives.filter(
            recommendation__programme__council__in=access.editor_councils)
    form = JointInitiativeForm(initiatives, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        joint = services.create_joint_initiative(author_for(request), data["initiative"],
                                                 data["stages"], data["start"],
                                                 data["deadline"], data["source"])
        messages.success(request, "Indsatsen køres nu i alle medlemskommuner.")
        return redirect("joint_matrix", joint.pk)
    return render(request, "joint/joint_form.html", {
        "form": form, "crumbs": crumbs(("Fælles indsatser", reverse("joint_list")),
                                        ("Ny fælles indsats", None))})


def joint_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    joint = _joint(access, pk)
    today = timezone.localdate()
    sort = request.GET.get("sort", "kommune")
    matrix = build_matrix(joint, access, today, sort, request.GET.get("raad", ""))
    council_id = joint.council.pk
    own = [r for r in matrix.all_rows if r.municipality.pk in access.contact_municipalities]
    sort_links = []
    for key, label in SORTS.items():
        active = matrix.sort.lstrip("-") == key
        descending = matrix.sort.startswith("-")
        next_sort = f"-{key}" if active and not descending else key
        query = f"?sort={next_sort}" + (f"&raad={matrix.council.slug}" if matrix.council else "")
        aria = ("descending" if descending else "ascending") if active else None
        sort_links.append({"key": key, "label": label, "url": query, "aria": aria})
    return render(request, "joint/matrix.html", {
        "joint": joint, "matrix": matrix, "rule": ON_TRACK_RULE, "today": today,
        "sort_links": {s["key"]: s for s in sort_links},
        "can_review": access.can_review_reports(council_id),
        "can_edit": access.can_edit_council(council_id),
        "shared_with": joint.councils()[1:],
        "pending_count": sum(1 for r in matrix.all_rows if r.pending),
        "own_rows": own, "sees_drafts": access.sees_drafts,
        "crumbs": _joint_crumbs(joint)})


def joint_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    access = access_for(request)
    joint = _joint(access, pk)
    # Exports are open data: approved stages only, whoever asks.
    matrix = build_matrix(joint, Access(), timezone.localdate(), request.GET.get("sort", ""),
                          request.GET.get("raad", ""))
    headers, rows = matrix_table(matrix)
    name = f"faelles-indsats-{joint.pk}"
    if fmt == "csv":
        response = HttpResponse("\ufeff" + to_csv(headers, rows),
                                content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            to_xlsx(headers, rows, "Kommuner"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def report_form(request: HttpRequest, pk: int, municipality: str) -> HttpResponse:
    access = access_for(request)
    joint = _joint(access, pk)
    target = get_object_or_404(joint.municipalities(), slug=municipality)
    council_id = joint.council.pk
    access.require(access.can_report_for(target.pk, council_id))
    form = StageReportForm(joint, request.POST or None)
    if request.method == "POST" and form.is_valid():
        approved = access.can_review_reports(council_id)
        services.submit_report(author_for(request), joint, target, form.cleaned_data["stage"],
                               form.cleaned_data["as_of"], form.cleaned_data["note"],
                               approved=approved)
        messages.success(request, "Indberetningen er gemt og vises offentligt." if approved
                         else "Indberetningen er sendt til sekretariatet og vises offentligt, "
                              "når den er godkendt.")
        return redirect("municipality", target.slug)
    _, rows = build_rows(joint, access, timezone.localdate(), [target])
    return render(request, "joint/report_form.html", {
        "joint": joint, "municipality": target, "form": form, "row": rows[0],
        "crumbs": _joint_crumbs(joint, (f"Indberet for {target.name}", None))})


@login_required
def review_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    joint = _joint(access, pk)
    access.require(access.can_review_reports(joint.council.pk))
    pending = (StageReport.objects.filter(initiative_id=joint.pk,
                                          state=StageReport.State.PENDING)
               .select_related("municipality", "stage").order_by("created_at", "id"))
    items = [(r, ReviewForm(initial={"version": r.version}, prefix=f"r{r.pk}")) for r in pending]
    return render(request, "joint/review_list.html", {
        "joint": joint, "items": items,
        "crumbs": _joint_crumbs(joint, ("Godkend indberetninger", None))})


@login_required
@require_POST
def review_report(request: HttpRequest, report: int) -> HttpResponse:
    access = access_for(request)
    item = get_object_or_404(StageReport.objects.select_related(
        "initiative__recommendation__programme", "municipality", "stage"), pk=report)
    joint = _joint(access, item.initiative_id)
    access.require(access.can_review_reports(joint.council.pk))
    form = ReviewForm(request.POST, prefix=f"r{item.pk}")
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.review_report(author_for(request), item, approve,
                                   form.cleaned_data["comment"], form.cleaned_data["version"])
        except EditConflict as exc:
            messages.error(request, str(exc))
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{item.municipality.name}: indberetningen er "
                             + ("godkendt." if approve else "sendt retur."))
        return redirect("joint_review", joint.pk)
    return render(request, "joint/review_list.html", {
        "joint": joint, "items": [(item, form)],
        "crumbs": _joint_crumbs(joint, ("Godkend indberetninger", None))}, status=400)


@login_required
def import_view(request: HttpRequest, pk: int) -> HttpResponse:
    access = access_for(request)
    joint = _joint(access, pk)
    access.require(access.can_review_reports(joint.council.pk))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_stages(author_for(request), joint, upload.read(), upload.name)
        if result.ok:
            messages.success(request, f"{result.written} kommuner er indlæst.")
            if result.superseded:
                messages.warning(request, result.superseded_sentence + " De erstattede "
                                 "indberetninger er gemt som »erstattet« i historikken.")
            return redirect("joint_matrix", joint.pk)
    return render(request, "joint/import.html", {
        "joint": joint, "form": form, "result": result,
        "stages": list(joint.stages.all()),
        "crumbs": _joint_crumbs(joint, ("Indlæs trin fra fil", None))},
        status=400 if result is not None else 200)


def _joint_edit_page(request: HttpRequest, joint: JointInitiative, form: JointEditForm,
                     conflict: ConflictView | None = None, status: int = 200) -> HttpResponse:
    return render(request, "joint/joint_edit.html", {
        "joint": joint, "form": form, "conflict": conflict,
        "crumbs": _joint_crumbs(joint, ("Rediger trin og datoer", None))}, status=status)


@login_required
def joint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename, add, reorder and remove stages; change the start, deadline, dates note and
    source. The council's editors only. A stale form is refused with 409 and what changed."""
    access = access_for(request)
    joint = _joint(access, pk)
    access.require(access.can_edit_council(joint.council.pk))
    stages = list(JointStage.objects.filter(joint=joint).select_related("responsible")
                  .order_by("position"))
    if request.method != "POST":
        form = JointEditForm(stages, initial=JointEditForm.initial_for(joint, stages))
        return _joint_edit_page(request, joint, form)
    form = JointEditForm(stages, request.POST)
    if not form.is_valid():
        return _joint_edit_page(request, joint, form, status=400)
    try:
        changed = services.update_joint_initiative(author_for(request), joint, form.joint_data(),
                                                   form.cleaned_data["version"])
    except EditConflict as error:
        current = _joint(access, pk)
        current_stages = list(JointStage.objects.filter(joint=current).order_by("position"))
        initial = JointEditForm.initial_for(current, current_stages)
        conflict, merged = resolve_conflict(
            error, form, initial, lambda data: JointEditForm(current_stages, data))
        if any("stages" in e.changes for e in error.others):
            # The stage path changed under the user: show it as it is now.
            data = cast(QueryDict, merged.data).copy()
            for key in [k for k in data if k.startswith("stage_")]:
                del data[key]
            for key, value in initial.items():
                if key.startswith("stage_") or key == "new_number":
                    data[key] = str(value)
            merged = JointEditForm(current_stages, data)
            conflict.merged.append("Trin")
        return _joint_edit_page(request, current, merged, conflict, 409)
    except services.StageInUse as error:
        for stage_id, message in error.problems.items():
            form.add_error(f"stage_{stage_id}_remove", message)
        return _joint_edit_page(request, joint, form, status=400)
    except ValueError as error:
        form.add_error(None, str(error))
        return _joint_edit_page(request, joint, form, status=400)
    messages.success(request, "Trin og datoer er gemt." if changed else "Intet var ændret.")
    return redirect("joint_matrix", joint.pk)


# --- sharing initiatives with other councils (recommendations 8 and 9) ----------------------

def _shareable(access: Access) -> QuerySet[Initiative]:
    """Initiatives whose sharing the user may change: those of the councils they edit."""
    initiatives = Initiative.objects.select_related("recommendation__programme__council")
    if access.is_admin:
        return initiatives
    return initiatives.filter(recommendation__programme__council__in=access.editor_councils)


@login_required
def share_list(request: HttpRequest) -> HttpResponse:
    """The initiatives of the user's councils and whom each is shared with."""
    access = access_for(request)
    access.require(access.is_editor)
    initiatives = list(_shareable(access).prefetch_related(
        Prefetch("shared", queryset=SharedInitiative.objects.select_related("council")
                 .order_by("council__name"))).order_by(
        "recommendation__programme__council__name", "-recommendation__programme__term_start",
        "recommendation__number", "id"))
    return render(request, "joint/share_list.html", {
        "initiatives": initiatives,
        "crumbs": crumbs(("Fælles indsatser", reverse("joint_list")),
                          ("Deling med andre råd", None))})


@login_required
def share_edit(request: HttpRequest, initiative: int) -> HttpResponse:
    """Share an initiative with another council, or stop sharing it. Editors of the
    initiative's own council only."""
    access = access_for(request)
    item = get_object_or_404(Initiative.objects.select_related(
        "recommendation__programme__council"), pk=initiative)
    owner = item.recommendation.programme.council
    access.require(access.can_edit_council(owner.pk))
    shared = list(SharedInitiative.objects.filter(initiative=item).select_related("council")
                  .order_by("council__name"))
    choices = Council.objects.exclude(pk=owner.pk).exclude(
        pk__in=[s.council_id for s in shared]).order_by("name")
    form = ShareForm(choices)
    status = 200
    if request.method == "POST":
        author = author_for(request)
        if request.POST.get("action") == "unshare":
            council = next((s.council for s in shared
                            if str(s.council_id) == request.POST.get("council")), None)
            if council is None:
                messages.error(request, "Indsatsen er ikke delt med det råd.")
            elif services.unshare_initiative(author, item, council):
                messages.success(request, f"Indsatsen deles ikke længere med {council.name}.")
            return redirect("joint_share", item.pk)
        form = ShareForm(choices, request.POST)
        if form.is_valid():
            council = form.cleaned_data["council"]
            services.share_initiative(author, item, council)
            messages.success(request, f"Indsatsen er nu delt med {council.name}.")
            return redirect("joint_share", item.pk)
        status = 400
    joint = JointInitiative.objects.filter(pk=item.pk).first()
    return render(request, "joint/share.html", {
        "initiative": item, "owner": owner, "shared": shared, "form": form, "joint": joint,
        "crumbs": crumbs(("Fælles indsatser", reverse("joint_list")),
                          ("Deling med andre råd", reverse("joint_share_list")),
                          (item.title, None))}, status=status)


# --- municipalities -------------------------------------------------------------------------

def municipality_list(request: HttpRequest) -> HttpResponse:
    councils = (Council.objects.filter(kind=Council.Kind.KKR)
                .prefetch_related(Prefetch("municipalities",
                                           queryset=Municipality.objects.order_by("name"))))
    return render(request, "joint/municipality_list.html", {
        "councils": councils, "crumbs": crumbs(("Kommuner", None))})


def municipality(request: HttpRequest, slug: str) -> HttpResponse:
    access = access_for(request)
    target = get_object_or_404(Municipality.objects.select_related("council"), slug=slug)
    today = timezone.localdate()
    efforts = []
    awaits: list[tuple[str, JointInitiative, StageReport | None]] = []
    # Every joint effort the municipality takes part in, and its own reports on them, in a
    # fixed number of queries however many efforts there are.
    joints = list(_joints(access))
    batch = load_batch(joints, with_reports=False)
    joints = [j for j in joints if any(m.pk == target.pk for m in batch.municipalities[j.pk])]
    own_reports = (StageReport.objects.filter(municipality=target,
                                              initiative_id__in=[j.pk for j in joints])
                   .select_related("stage").order_by("-as_of", "-id"))
    if not access.sees_drafts:
        own_reports = own_reports.filter(state=StageReport.State.APPROVED)
    by_joint: dict[int, list[StageReport]] = {j.pk: [] for j in joints}
    for report in own_reports:
        by_joint[report.initiative_id].append(report)
    for joint in joints:
        stages = batch.stages[joint.pk]
        row = rows_from_reports(joint, stages, [target], by_joint[joint.pk], today)[0]
        efforts.append({"joint": joint, "row": row, "stages": stages,
                        "can_report": access.can_report_for(target.pk, joint.council.pk)})
        if row.returned:
            awaits.append(("Indberetningen er sendt retur og skal rettes", joint, row.returned))
        elif row.pending:
            awaits.append(("Indberetningen afventer sekretariatets godkendelse", joint,
                           row.pending))
        elif row.report is None:
            awaits.append(("Kommunen har endnu ikke rapporteret sit trin", joint, None))
        elif row.stage_index is not None and row.stage_index < len(stages) - 1:
            awaits.append((f"Næste trin: {stages[row.stage_index + 1].name}, senest "
                           f"{joint.deadline:%d.%m.%Y} for sidste trin", joint, None))
    reports = (StageReport.objects.filter(municipality=target,
                                          initiative__joint__in=_joints(access))
               .select_related("stage", "initiative").order_by("-created_at", "-id"))
    if not access.sees_drafts:
        reports = reports.filter(state=StageReport.State.APPROVED)
    from kkrmonitor.indicators.panels import municipality_panel  # the indicators app's panel

    return render(request, "joint/municipality.html", {
        "municipality": target, "efforts": efforts, "awaits": awaits,
        "reports": reports[:50], "sees_drafts": access.sees_drafts,
        "indicator_panel": municipality_panel(target),
        "crumbs": crumbs(("Kommuner", reverse("municipality_list")), (target.name, None))})


# --- portfolios ---------------------------------------------------------------------------

def _can_edit_portfolio(access: Access, portfolio: Portfolio) -> bool:
    if portfolio.council_id is None:
        return access.is_admin
    return access.can_edit_council(portfolio.council_id)


def portfolio_list(request: HttpRequest) -> HttpResponse:
    return render(request, "joint/portfolio_list.html", {
        "portfolios": Portfolio.objects.select_related("council"),
        "crumbs": crumbs(("Porteføljer", None))})


def portfolio(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Portfolio.objects.select_related(
        "council", "recommendation__programme__council"), slug=slug)
    stages = list(item.stages.all())
    projects = list(item.projects.select_related("stage").prefetch_related(
        Prefetch("listmembership_set",
                 queryset=ListMembership.objects.select_related("project_list"))))
    columns = [{"name": NOT_GIVEN, "projects": [p for p in projects if p.stage_id is None]}]
    columns += [{"name": s.name, "projects": [p for p in projects if p.stage_id == s.pk]}
                for s in stages]
    return render(request, "joint/portfolio.html", {
        "portfolio": item, "columns": columns, "lists": item.lists.all(),
        "can_edit": _can_edit_portfolio(access_for(request), item),
        "crumbs": crumbs(("Porteføljer", reverse("portfolio_list")), (item.name, None))})


def _project(portfolio_slug: str, slug: str) -> Project:
    return get_object_or_404(Project.objects.select_related("portfolio", "stage"),
                             portfolio__slug=portfolio_slug, slug=slug)


def project(request: HttpRequest, portfolio: str, slug: str) -> HttpResponse:
    item = _project(portfolio, slug)
    access = access_for(request)
    memberships = ListMembership.objects.filter(project=item).select_related("project_list")
    return render(request, "joint/project.html", {
        "project": item, "memberships": memberships, "events": item.events.all(),
        "stages": list(item.portfolio.stages.all()),
        "can_edit": _can_edit_portfolio(access, item.portfolio),
        "event_form": ProjectEventForm(),
        "crumbs": crumbs(("Porteføljer", reverse("portfolio_list")),
                          (item.portfolio.name, item.portfolio.get_absolute_url()),
                          (item.name, None))})


def _project_data(form: ProjectForm) -> services.ProjectData:
    d = form.cleaned_data
    return services.ProjectData(
        name=d["name"], description=d["description"],
        stage_id=d["stage"].pk if d["stage"] else None,
        responsible_authority=d["responsible_authority"],
        state_funding_dkk=d["state_funding_dkk"], funding_decision=d["funding_decision"],
        funding_date=d["funding_date"], source=d["source"], lists=tuple(d["lists"]))


def _project_form_page(request: HttpRequest, owner: Portfolio, form: ProjectForm,
                       item: Project | None = None, conflict: ConflictView | None = None,
                       status: int = 200) -> HttpResponse:
    title = f"Rediger {item.name}" if item else "Nyt projekt"
    return render(request, "joint/project_form.html", {
        "form": form, "project": item, "portfolio": owner, "title": title,
        "conflict": conflict,
        "crumbs": crumbs(("Porteføljer", reverse("portfolio_list")),
                         (owner.name, owner.get_absolute_url()), (title, None))},
        status=status)


def _new_project_slug(owner: Portfolio, name: str) -> str:
    from kkrmonitor.text import danish_slug

    base = danish_slug(name)[:180].rstrip("-") or "projekt"
    slug, n = base, 2
    while Project.objects.filter(portfolio=owner, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@login_required
def project_edit(request: HttpRequest, portfolio: str, slug: str | None = None) -> HttpResponse:
    """A new project, or changes to one. A stale edit is refused with 409, the other person's
    change shown and the user's input kept (merged)."""
    access = access_for(request)
    owner = get_object_or_404(Portfolio, slug=portfolio)
    access.require(_can_edit_portfolio(access, owner))
    if slug is None:
        form = ProjectForm(owner, request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = _project_data(form)
            created = services.create_project(
                author_for(request), Project(portfolio=owner,
                                             slug=_new_project_slug(owner, data.name)), data)
            messages.success(request, "Projektet er oprettet.")
            return redirect(created.get_absolute_url())
        return _project_form_page(request, owner, form)
    item = _project(portfolio, slug)

    def make(data: Any) -> ProjectEditForm:
        return ProjectEditForm(owner, data)

    if request.method != "POST":
        return _project_form_page(request, owner, ProjectEditForm(
            owner, initial=ProjectForm.initial_for(item)), item)
    form = make(request.POST)
    if not form.is_valid():
        return _project_form_page(request, owner, form, item)
    try:
        services.update_project(author_for(request), item, _project_data(form),
                                form.cleaned_data["version"])
    except EditConflict as error:
        current = _project(portfolio, slug)
        conflict, merged = resolve_conflict(error, form, ProjectForm.initial_for(current), make)
        return _project_form_page(request, owner, merged, current, conflict, 409)
    messages.success(request, "Projektet er gemt.")
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def project_event(request: HttpRequest, portfolio: str, slug: str) -> HttpResponse:
    access = access_for(request)
    item = _project(portfolio, slug)
    access.require(_can_edit_portfolio(access, item.portfolio))
    form = ProjectEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hændelsen er ikke gemt: " + "; ".join(
            f"{label}: {error}" for _, label, error in form.field_errors()))
    else:
        services.add_project_event(author_for(request), item, form.cleaned_data["date"],
                                   form.cleaned_data["text"], form.cleaned_data["source"])
        messages.success(request, "Hændelsen er tilføjet.")
    return redirect(item.get_absolute_url())



@login_required
def project_list_edit(request: HttpRequest, portfolio: str, pk: int) -> HttpResponse:
    access = access_for(request)
    item = get_object_or_404(ProjectList.objects.select_related("portfolio"),
                             portfolio__slug=portfolio, pk=pk)
    access.require(_can_edit_portfolio(access, item.portfolio))
    initial = {key: getattr(item, key) for key in services.LIST_FIELDS}
    form = ProjectListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_project_list(author_for(request), item, form.cleaned_data)
        messages.success(request, "Listen er gemt.")
        return redirect(item.portfolio.get_absolute_url())
    title = f"Rediger listen {item.name}"
    return render(request, "joint/project_list_form.html", {
        "form": form, "item": item, "title": title,
        "crumbs": crumbs(("Porteføljer", reverse("portfolio_list")),
                          (item.portfolio.name, item.portfolio.get_absolute_url()),
                          (title, None))})
