"""Which pages the benchmark times: every public page of the URL files, each at a concrete
instance picked from the data by one fixed rule (the largest programme, its busiest
recommendation, …), so the national and the small dataset give the same page names. Plus every
JSON GET endpoint of /api/openapi.json, path parameters filled from the same picks.

Needs Django set up (bench/djangoside.py does that)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

# Public GET pages that are NOT timed, and why (listed in results.json under "not_timed").
NOT_TIMED = {
    "annex_docx / annex_pdf (/moede/<id>/bilag.docx|.pdf)":
        "built on request from a finalised snapshot; measured as annex_docx_s / annex_pdf_s",
    "konto/* (log-ind, nulstil, …)": "account forms, not content pages",
    "/api/docs": "the OpenAPI viewer (static page and scripts), not data",
}


def _first(queryset: Any) -> Any:
    return queryset.first()


def picks() -> dict[str, Any]:
    """The concrete objects the pages are shown for. Each rule prefers the largest instance,
    where the cost of a page that grows with the data would show."""
    from kkrmonitor.indicators.models import Indicator
    from kkrmonitor.joint.models import JointInitiative, Portfolio, Project
    from kkrmonitor.meetings.models import Meeting
    from kkrmonitor.programme.models import (
        Actor,
        Initiative,
        Municipality,
        Programme,
        Publication,
        Recommendation,
    )

    published = Q(publication=Publication.PUBLISHED)
    programme = _first(Programme.objects.select_related("council").annotate(
        n=Count("recommendations__initiatives")).order_by("-n", "-term_start", "pk"))
    out: dict[str, Any] = {"programme": programme}
    if programme is None:
        return out
    council = programme.council
    out["council"] = council
    out["recommendation"] = _first(Recommendation.objects.filter(programme=programme).annotate(
        n=Count("initiatives")).order_by("-n", "number"))
    out["initiative"] = _first(Initiative.objects.filter(
        published, recommendation__programme=programme).annotate(
        n=Count("status_updates")).order_by("-n", "pk"))
    out["actor"] = _first(Actor.objects.annotate(n=Count("recommendations")).order_by(
        "-n", "slug"))
    out["meeting"] = _first(Meeting.objects.filter(council=council).annotate(
        n=Count("agenda_items")).order_by("-n", "-date", "pk"))
    out["joint"] = _first(JointInitiative.objects.filter(
        initiative__publication=Publication.PUBLISHED).annotate(
        n=Count("initiative__stage_reports")).order_by("-n", "pk"))
    out["municipality"] = _first(Municipality.objects.annotate(
        n=Count("stage_reports")).order_by("-n", "code"))
    out["portfolio"] = _first(Portfolio.objects.annotate(n=Count("projects")).order_by(
        "-n", "slug"))
    if out["portfolio"] is not None:
        out["project"] = _first(Project.objects.filter(portfolio=out["portfolio"]).annotate(
            n=Count("events")).order_by("-n", "slug"))
    out["indicator"] = _first(Indicator.objects.annotate(n=Count("observations")).order_by(
        "-n", "slug"))
    from kkrmonitor.registers.models import Register

    out["register"] = _first(Register.objects.filter(published=True).select_related(
        "council").annotate(n=Count("rows")).order_by("-n", "slug"))
    out["year"] = date.today().year
    return out


def public_pages(p: dict[str, Any] | None = None) -> tuple[dict[str, str], list[str]]:
    """{page name: path} of every public page, and the names that had no instance to show."""
    p = picks() if p is None else p
    pages: dict[str, str] = {}
    missing: list[str] = []

    def add(name: str, needs: list[str], make: Callable[[], str]) -> None:
        if all(p.get(n) is not None for n in needs):
            pages[name] = make()
        else:
            missing.append(name)

    prog, council = p.get("programme"), p.get("council")
    args = [council.slug, prog.term] if prog is not None else []
    add("home", [], lambda: reverse("home"))
    add("programme", ["programme"], lambda: reverse("programme", args=args))
    add("programme_json", ["programme"], lambda: reverse("programme_json", args=args))
    add("recommendation", ["programme", "recommendation"],
        lambda: reverse("recommendation", args=[*args, p["recommendation"].number]))
    add("programme_feed", ["programme"], lambda: reverse("programme_feed", args=args))
    add("recommendation_feed", ["programme", "recommendation"],
        lambda: reverse("recommendation_feed", args=[*args, p["recommendation"].number]))
    add("programme_history", ["programme"], lambda: reverse("programme_history", args=args))
    add("programme_changes", ["programme"], lambda: reverse("programme_changes", args=args))
    add("recommendation_history", ["recommendation"],
        lambda: reverse("recommendation_history", args=[p["recommendation"].pk]))
    add("initiative_history", ["initiative"],
        lambda: reverse("initiative_history", args=[p["initiative"].pk]))
    add("actor_list", [], lambda: reverse("actor_list"))
    add("actor", ["actor"], lambda: reverse("actor", args=[p["actor"].slug]))
    add("council_list", [], lambda: reverse("council_list"))
    add("council", ["council"], lambda: reverse("council", args=[council.slug]))
    add("meeting_list", ["council"], lambda: reverse("meeting_list", args=[council.slug]))
    add("meeting", ["meeting"], lambda: reverse("meeting", args=[p["meeting"].pk]))
    add("decision_register", ["council"],
        lambda: reverse("decision_register", args=[council.slug]))
    add("deadlines", ["council"], lambda: reverse("deadlines", args=[council.slug]))
    add("calendar_council_ics", ["council"],
        lambda: reverse("calendar_council", args=[council.slug]))
    add("calendar_council_archive_ics", ["council"],
        lambda: reverse("calendar_council_archive", args=[council.slug]))
    add("calendar_recommendation_ics", ["council", "recommendation"],
        lambda: reverse("calendar_recommendation",
                        args=[council.slug, p["recommendation"].number]))
    add("wheel", ["council"], lambda: reverse("wheel", args=[council.slug, p["year"]]))
    add("term_timeline", ["programme"], lambda: reverse("term_timeline", args=args))
    add("joint_list", [], lambda: reverse("joint_list"))
    add("joint_matrix", ["joint"], lambda: reverse("joint_matrix", args=[p["joint"].pk]))
    add("joint_csv", ["joint"], lambda: reverse("joint_csv", args=[p["joint"].pk]))
    add("joint_xlsx", ["joint"], lambda: reverse("joint_xlsx", args=[p["joint"].pk]))
    add("municipality_list", [], lambda: reverse("municipality_list"))
    add("municipality", ["municipality"],
        lambda: reverse("municipality", args=[p["municipality"].slug]))
    add("portfolio_list", [], lambda: reverse("portfolio_list"))
    add("portfolio", ["portfolio"], lambda: reverse("portfolio", args=[p["portfolio"].slug]))
    add("project", ["portfolio", "project"],
        lambda: reverse("project", args=[p["portfolio"].slug, p["project"].slug]))
    add("indicator_list", [], lambda: reverse("indicator_list"))
    add("indicator", ["indicator"], lambda: reverse("indicator", args=[p["indicator"].slug]))
    add("open_data", [], lambda: reverse("open_data"))
    # A word found in most of the programme's texts: the most expensive kind of search.
    add("search", [], lambda: reverse("search") + "?q=indsats")
    add("register_list", [], lambda: reverse("register_list"))
    add("register", ["register"], lambda: reverse(
        "register", args=[p["register"].council.slug, p["register"].slug]))
    return pages, missing


# --- the JSON API ---------------------------------------------------------------------------

def _param_values(p: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """(segment before the parameter, parameter name) → value; segment "" matches any."""
    values: dict[tuple[str, str], Any] = {}

    def put(segments: list[str], names: list[str], value: Any) -> None:
        if value is None:
            return
        for segment in segments:
            for name in names:
                values[(segment, name)] = value

    prog, council = p.get("programme"), p.get("council")
    if council is not None:
        put(["", "raad", "council", "councils", "program", "programmer", "moeder",
             "beslutninger", "frister", "kalender"], ["council", "council_slug", "raad"],
            council.slug)
        put(["raad", "councils", "council"], ["slug"], council.slug)
    if prog is not None:
        put(["", "program", "programmer"], ["term", "periode"], prog.term)
        put(["programmer", "program", "programs"], ["id", "pk", "programme_id"], prog.pk)
        put([""], ["programme_id"], prog.pk)
        # Required query parameters ("?", name): a "since" date at the start of the term.
        put(["?"], ["siden", "since", "fra", "from"], f"{prog.term_start}-01-01")
    rec = p.get("recommendation")
    if rec is not None:
        put(["", "anbefaling", "anbefalinger"], ["number", "nummer"], rec.number)
        put(["anbefaling", "anbefalinger", "recommendations"], ["id", "pk"], rec.pk)
        put([""], ["recommendation_id"], rec.pk)
    if p.get("initiative") is not None:
        put(["indsats", "indsatser", "initiatives"], ["id", "pk"], p["initiative"].pk)
        put([""], ["initiative_id"], p["initiative"].pk)
    if p.get("meeting") is not None:
        put(["moede", "moeder", "meetings"], ["id", "pk"], p["meeting"].pk)
        put([""], ["meeting_id"], p["meeting"].pk)
    if p.get("joint") is not None:
        put(["faelles", "joint"], ["id", "pk"], p["joint"].pk)
        put([""], ["joint_id"], p["joint"].pk)
    if p.get("portfolio") is not None:
        put(["portefoeljer", "portefoelje", "portfolios"], ["slug"], p["portfolio"].slug)
        put([""], ["portfolio", "portfolio_slug"], p["portfolio"].slug)
    if p.get("project") is not None:
        put(["projekt", "projekter", "projects"], ["slug"], p["project"].slug)
    if p.get("indicator") is not None:
        put(["indikatorer", "indikator", "indicators"], ["slug"], p["indicator"].slug)
        put([""], ["indicator", "indicator_slug"], p["indicator"].slug)
    if p.get("municipality") is not None:
        put(["kommuner", "kommune", "municipalities"], ["slug"], p["municipality"].slug)
        put(["kommuner", "kommune", "municipalities"], ["code", "kode"],
            p["municipality"].code)
    if p.get("actor") is not None:
        put(["aktoerer", "aktoer", "actors"], ["slug"], p["actor"].slug)
    if p.get("register") is not None:
        put(["registre", "register"], ["slug"], p["register"].slug)
    # The search API's required word: a common one, the most expensive kind of search.
    put(["?"], ["q"], "indsats")
    return values


PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def fill_path(template: str, values: dict[tuple[str, str], Any]) -> str | None:
    """'/api/indikatorer/{slug}/observationer' → a concrete path, or None when a parameter has
    no value. The segment before a parameter says what it names (faelles/{id}: a joint)."""
    parts = template.split("/")
    out = []
    for i, part in enumerate(parts):
        match = PARAM.fullmatch(part)
        if not match:
            out.append(part)
            continue
        name = match.group(1)
        segment = next((parts[j] for j in range(i - 1, -1, -1)
                        if parts[j] and not PARAM.fullmatch(parts[j])), "")
        value = values.get((segment, name), values.get(("", name)))
        if value is None:
            return None
        out.append(str(value))
    return "/".join(out)


def api_endpoints(openapi: dict[str, Any], p: dict[str, Any] | None = None,
                  ) -> tuple[dict[str, str], list[str]]:
    """{name: path} for every GET operation of the OpenAPI description, and those skipped (a
    parameter without a value, or a required query parameter)."""
    p = picks() if p is None else p
    values = _param_values(p)
    endpoints: dict[str, str] = {}
    skipped: list[str] = []
    for template, operations in sorted(openapi.get("paths", {}).items()):
        get = operations.get("get")
        if get is None:
            continue
        required = [q for q in get.get("parameters", [])
                    if q.get("in") == "query" and q.get("required")]
        query = {q["name"]: values.get(("?", q["name"])) for q in required}
        unfilled = [name for name, value in query.items() if value is None]
        path = fill_path(template, values)
        if path is None or unfilled:
            skipped.append(template + (f" (no value for required query {unfilled})"
                                       if unfilled else " (no value for a parameter)"))
            continue
        if query:
            path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        endpoints["api " + template] = path
    return endpoints, skipped
