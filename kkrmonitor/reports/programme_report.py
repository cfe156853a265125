"""The programme report: the annual report (one calendar year) and the end-of-term report (the
whole term), as a reports.document.Document that the Word and PDF renderers and the editors'
page read.

The report reads the programme as the public sees it (published content only: it is a public
document) and says, for the period: which deadlines were met and missed (a deadline with no
registered outcome is "udfald ikke registreret", never late), what the council decided, how far
the municipalities came on the joint efforts (start and end of the period), how the portfolio's
projects moved between stages, the first and last figure of each indicator, and a short summary
per recommendation. The end-of-term report closes with what is unfinished per recommendation,
the basis for the council's next recommendations."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from kkrmonitor.access import Access
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.periods import PeriodError, parse_period
from kkrmonitor.indicators.templatetags.indicator_tags import danish_number
from kkrmonitor.joint.matrix import rows_from_reports
from kkrmonitor.joint.models import (
    JointInitiative,
    JointStage,
    Portfolio,
    Project,
    StageReport,
)
from kkrmonitor.joint.rollup import Rollup, rollup
from kkrmonitor.meetings.danish_format import EN_DASH, count_text, danish_date, percent
from kkrmonitor.meetings.models import Decision
from kkrmonitor.meetings.public_data import public_milestones
from kkrmonitor.parsing.danish_dates import parse_window
from kkrmonitor.programme.models import (
    AuditEvent,
    Council,
    Initiative,
    Milestone,
    Municipality,
    Programme,
    Recommendation,
    Status,
)
from kkrmonitor.programme.outcomes import Standing, outcome_text, standing
from kkrmonitor.reports.document import Bullets, Document, Heading, Paragraph, Table

UNKNOWN_OUTCOME = "Udfald ikke registreret"
NOT_YET_DUE = "Fristen er ikke passeret endnu"


class ReportError(Exception):
    """Bad input to the report: an unknown council or term, a year outside the term."""


@dataclass(frozen=True)
class Period:
    programme: Programme
    year: int | None  # None: the whole term (the end-of-term report)
    first: date
    last: date

    @property
    def end_of_term(self) -> bool:
        return self.year is None

    @property
    def name(self) -> str:
        """"2027" or "2026–2029"."""
        if self.year is not None:
            return str(self.year)
        return f"{self.programme.term_start}{EN_DASH}{self.programme.term_end}"

    @property
    def title(self) -> str:
        if self.year is not None:
            return f"Årsrapport {self.year}"
        return f"Slutrapport for valgperioden {self.name}"


def resolve(council_slug: str, term: str, year: int | str | None) -> Period:
    """The council's programme for `term` ("2026-2029") and the period, or ReportError with one
    sentence saying what is wrong."""
    council = Council.objects.filter(slug=council_slug).first()
    if council is None:
        raise ReportError(f"Ukendt råd '{council_slug}'.")
    match = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", term or "")
    if not match:
        raise ReportError(f"Valgperioden '{term}' skal skrives som to årstal, fx 2026-2029.")
    start, end = int(match.group(1)), int(match.group(2))
    programme = (Programme.objects.filter(council=council, term_start=start, term_end=end)
                 .select_related("council").first())
    if programme is None:
        raise ReportError(f"{council.name} har intet arbejdsprogram for {start}-{end}.")
    if year is None or year == "":
        return Period(programme, None, date(start, 1, 1), date(end, 12, 31))
    try:
        number = int(year)
    except (TypeError, ValueError):
        raise ReportError(f"Året '{year}' er ikke et årstal.") from None
    if not start <= number <= end:
        raise ReportError(f"Året {number} ligger uden for valgperioden {start}-{end}.")
    return Period(programme, number, date(number, 1, 1), date(number, 12, 31))


# --- milestone outcomes ---------------------------------------------------------------------

def outcome(milestone: Milestone, on: date) -> tuple[str, str]:
    """(kind, text) of what became of a milestone's deadline, as registered by `on`. Kinds:
    reached, missed, dropped, unregistered (deadline passed, nothing registered), moved (to a
    window not yet passed) and upcoming. Only a registered miss is late (programme.outcomes)."""
    now = standing(milestone.state, milestone.end, on)
    if now is Standing.UNREGISTERED:
        moved = (f" (flyttet fra {milestone.moved_from})"
                 if milestone.state == "moved" and milestone.moved_from else "")
        return now.value, UNKNOWN_OUTCOME + moved
    if now is Standing.UPCOMING:
        if milestone.state == "moved" and milestone.moved_from:
            return "moved", outcome_text(milestone, on)
        return now.value, NOT_YET_DUE
    return now.value, outcome_text(milestone, on)


OUTCOME_WORDS = [("reached", "nået"), ("missed", "ikke nået"), ("dropped", "opgivet"),
                 ("unregistered", "med udfald ikke registreret"), ("moved", "flyttet"),
                 ("upcoming", "endnu ikke passeret")]


def outcome_counts(kinds: list[str]) -> str:
    """"3 nået, 1 ikke nået, 2 med udfald ikke registreret" (kinds in a fixed order)."""
    counts = Counter(kinds)
    return ", ".join(f"{counts[k]} {word}" for k, word in OUTCOME_WORDS if counts[k])


def _date_and_label(end: date, label: str) -> str:
    """"31. maj 2026 (foråret 2026)"; a label the date already says ("september 2026") is left
    out."""
    day = danish_date(end)
    return f"{day} ({label})" if label and label.lower() not in day else day


def _deadline_text(m: Milestone) -> str:
    assert m.end is not None
    return _date_and_label(m.end, m.label)


def _moved_away(m: Milestone, period: Period) -> date | None:
    """The deadline a moved milestone left, if it fell in the period and the new one does not:
    the report of the year it was due says it was moved."""
    if m.state != "moved" or not m.moved_from or _in_period(m, period):
        return None
    window = parse_window(m.moved_from)
    if window is None or window.end is None:
        return None
    return window.end if period.first <= window.end <= period.last else None


def _clean(text: str) -> str:
    return " ".join(text.split())


# --- the report -------------------------------------------------------------------------------

@dataclass
class _Programme:
    """What the report reads, loaded once."""

    recommendations: list[Recommendation]
    initiatives: dict[int, list[Initiative]]
    milestones: dict[int, list[Milestone]]
    decisions: list[Decision]


def _load(period: Period) -> _Programme:
    programme = period.programme
    recommendations = list(programme.recommendations.order_by("number")
                           .prefetch_related("obligations", "external_events"))
    initiatives: dict[int, list[Initiative]] = defaultdict(list)
    for i in (Initiative.objects.visible_to(Access())
              .filter(recommendation__programme=programme).order_by("id")):
        initiatives[i.recommendation_id].append(i)
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in public_milestones(programme):
        milestones[m.recommendation_id].append(m)
    decisions = list(
        Decision.objects.filter(agenda_item__meeting__council=programme.council,
                                agenda_item__meeting__date__gte=period.first,
                                agenda_item__meeting__date__lte=period.last)
        .select_related("agenda_item__meeting")
        .prefetch_related("agenda_item__recommendations", "agenda_item__initiatives")
        .order_by("agenda_item__meeting__date", "agenda_item__number", "id"))
    return _Programme(recommendations, initiatives, milestones, decisions)


def build_report(period: Period, today: date | None = None) -> Document:
    today = today or timezone.localdate()
    council = period.programme.council
    until = min(period.last, today)
    data = _load(period)
    doc = Document(
        title=period.title,
        subtitle=f"{council.name} · {_clean(period.programme.title)} {period.programme.term_start}"
                 f"{EN_DASH}{period.programme.term_end}",
        header=f"{council.name} · valgperioden {period.programme.term_start}{EN_DASH}"
               f"{period.programme.term_end}",
        intro=_intro(period, today),
    )
    _deadlines(doc, period, data, today)
    _decisions(doc, data)
    _joint(doc, period, until)
    _portfolio(doc, period, until)
    _indicators(doc, period, council)
    _recommendations(doc, period, data, today)
    if period.end_of_term:
        _unfinished(doc, data, today)
    return doc


def _intro(period: Period, today: date) -> list[str]:
    span = f"{danish_date(period.first)} {EN_DASH} {danish_date(period.last)}"
    what = (f"året {period.year}" if period.year is not None
            else f"hele valgperioden {period.name}")
    lines = [f"Rapporten dækker {what} ({span}) og bygger på det offentliggjorte indhold i "
             f"KKR Monitor, opgjort den {danish_date(today)}."]
    if today < period.last:
        lines.append(f"Perioden er ikke slut endnu: rapporten viser forløbet til og med "
                     f"{danish_date(today)}.")
    lines.append("En frist, hvor det ikke er registreret, om milepælen blev nået, står som "
                 "»udfald ikke registreret«. Den regnes hverken som nået eller som overskredet.")
    if period.end_of_term:
        lines.append("Rapporten slutter med det, der ikke er afsluttet, som grundlag for "
                     "rådets næste anbefalinger.")
    return lines


def _in_period(m: Milestone, period: Period) -> bool:
    return m.end is not None and period.first <= m.end <= period.last


def _deadlines(doc: Document, period: Period, data: _Programme, today: date) -> None:
    doc.add(Heading("Frister i perioden"))
    dated: list[tuple[date, int, list[str]]] = []
    kinds: list[str] = []
    for rec in data.recommendations:
        for m in data.milestones[rec.pk]:
            if not _in_period(m, period):
                continue
            assert m.end is not None
            kind, text = outcome(m, today)
            kinds.append(kind)
            dated.append((m.end, rec.number,
                          [_deadline_text(m), _clean(m.title), str(rec.number), text]))
        for m in data.milestones[rec.pk]:
            left = _moved_away(m, period)
            if left is not None:
                kinds.append("moved")
                dated.append((left, rec.number, [
                    _date_and_label(left, m.moved_from), _clean(m.title), str(rec.number),
                    f"Flyttet til {_deadline_text(m)}"]))
    if not dated:
        doc.add(Paragraph("Ingen milepæle havde frist i perioden.", muted=True))
        return
    rows = [row for _, _, row in sorted(dated, key=lambda d: (d[0], d[1]))]
    doc.add(Paragraph(f"{count_text(len(rows), 'milepæl', 'milepæle')} havde frist i perioden: "
                      f"{outcome_counts(kinds)}."),
            Table(["Frist", "Milepæl", "Anbefaling", "Udfald"], rows, [34, 62, 30, 40]))


def _decisions(doc: Document, data: _Programme) -> None:
    doc.add(Heading("Rådets beslutninger"))
    if not data.decisions:
        doc.add(Paragraph("Der er ikke registreret beslutninger fra rådets møder i perioden.",
                          muted=True))
        return
    by_meeting: dict[date, list[str]] = defaultdict(list)
    for d in data.decisions:
        item = d.agenda_item
        by_meeting[item.meeting.date].append(
            f"Punkt {item.number}, {_clean(item.title)}: {_clean(d.text)}")
    for day, lines in by_meeting.items():
        doc.add(Heading(f"Mødet den {danish_date(day)}", level=2), Bullets(lines))


def _rollup_on(joint: JointInitiative, stages: list[JointStage],
               municipalities: list[Municipality], approved: list[StageReport],
               day: date) -> Rollup:
    """The roll-up as it stood at the end of `day`: each municipality's newest approved report
    dated that day or before."""
    reports = [r for r in approved if r.as_of <= day]
    rows = rows_from_reports(joint, stages, municipalities, reports, day)
    return rollup([s.name for s in stages], [r.stage_index for r in rows], joint.start,
                  joint.deadline, day)


def _joint(doc: Document, period: Period, until: date) -> None:
    doc.add(Heading("Kommunernes fremdrift på de fælles indsatser"))
    joints = list(JointInitiative.objects.visible_to(Access())
                  .filter(initiative__recommendation__programme=period.programme)
                  .select_related("initiative__recommendation__programme__council")
                  .order_by("initiative__recommendation__number", "initiative_id"))
    lines = []
    for joint in joints:
        stages = list(joint.stages.all())
        if not stages:
            continue
        municipalities = list(joint.municipalities())
        approved = list(StageReport.objects.filter(
            initiative_id=joint.pk, municipality__in=municipalities,
            state=StageReport.State.APPROVED).order_by("-as_of", "-id"))
        before = _rollup_on(joint, stages, municipalities, approved,
                            date.fromordinal(period.first.toordinal() - 1))
        after = _rollup_on(joint, stages, municipalities, approved, until)
        assert before.final is not None and after.final is not None
        line = f"{_clean(joint.initiative.title)}: {before.final.count} → {after.final.sentence}"
        if after.not_reported:
            line += (f" ({count_text(after.not_reported, 'kommune', 'kommuner')} havde ikke "
                     f"rapporteret ved periodens slut)")
        lines.append(line)
    doc.add(Paragraph("Antal kommuner på sidste trin ved periodens start og slut, efter de "
                      "godkendte indberetninger."),
            Bullets(lines, "Programmet har ingen fælles indsatser med kommunernes trin."))


def _portfolio(doc: Document, period: Period, until: date) -> None:
    doc.add(Heading("Projekter, der skiftede fase"))
    projects = {str(p.pk): p for p in Project.objects.filter(
        portfolio__in=Portfolio.objects.filter(council=period.programme.council))}
    events = (AuditEvent.objects.filter(object_type="project", object_id__in=list(projects),
                                        is_public=True, at__date__gte=period.first,
                                        at__date__lte=until).order_by("at", "id"))
    lines = []
    for event in events:
        change = event.changes.get("stage_id") or event.changes.get("stage")
        if not change or change[0] == change[1]:
            continue
        project = projects[event.object_id]
        day = danish_date(timezone.localdate(event.at))
        if change[0] in (None, "") and event.action == "create":
            lines.append(f"{day}: {_clean(project.name)} kom med i fasen {change[1]}")
        else:
            lines.append(f"{day}: {_clean(project.name)}: {change[0] or 'Ikke angivet'} → "
                         f"{change[1] or 'Ikke angivet'}")
    doc.add(Bullets(lines, "Ingen af rådets projekter skiftede fase i perioden."
                    if projects else "Rådet følger ingen projekter."))


def _area_for(council: Council) -> list[Area]:
    """Where the council's figures are: its own sum, else its region, else the country."""
    return list(Area.objects.filter(
        Q(kind=Area.Kind.COUNCIL, council=council)
        | Q(kind=Area.Kind.REGION, code=council.region_code or "-")
        | Q(kind=Area.Kind.COUNTRY)))


def _figure(o: Observation) -> str:
    try:
        label = parse_period(o.period).label
    except PeriodError:
        label = o.period
    return f"{danish_number(o.value)} ({label})"


def _indicators(doc: Document, period: Period, council: Council) -> None:
    doc.add(Heading("Nøgletal"))
    areas = _area_for(council)
    order = {Area.Kind.COUNCIL: 0, Area.Kind.REGION: 1, Area.Kind.COUNTRY: 2}
    areas.sort(key=lambda a: order.get(Area.Kind(a.kind), 3))
    indicators = list(Indicator.objects.filter(
        Q(council=council) | Q(council__isnull=True)).order_by("name", "id"))
    # One query for every figure of the period in the council's areas (a few per indicator).
    figures: dict[tuple[int, int], list[Observation]] = defaultdict(list)
    for o in (Observation.objects.filter(indicator__in=indicators, area__in=areas,
                                         value__isnull=False, period_start__gte=period.first,
                                         period_start__lte=period.last)
              .order_by("period_start", "id")):
        figures[(o.indicator_id, o.area_id)].append(o)
    rows = []
    for indicator in indicators:
        area, found = next(((a, figures[(indicator.pk, a.pk)]) for a in areas
                            if figures.get((indicator.pk, a.pk))), (None, []))
        if area is None:
            continue
        source = _clean(indicator.source) or (
            "Danmarks Statistik, Statistikbanken"
            if found[-1].source == Observation.Source.STATBANK else "Kilde ikke oplyst")
        rows.append([f"{indicator.name} ({indicator.unit})", area.name, _figure(found[0]),
                     _figure(found[-1]), source])
    if not rows:
        doc.add(Paragraph("Der er ingen tal for perioden.", muted=True))
        return
    doc.add(Paragraph("Første og seneste tal for perioden for hvert nøgletal med tal."),
            Table(["Nøgletal", "Område", "Første tal", "Seneste tal", "Kilde"], rows,
                  [44, 26, 28, 28, 40]))


def _status_summary(initiatives: list[Initiative]) -> str:
    if not initiatives:
        return "Ingen offentliggjorte indsatser."
    counts = Counter(i.status for i in initiatives)
    parts = [f"{counts[value]} {str(label).lower()}" for value, label in Status.choices
             if counts[value]]
    return f"{count_text(len(initiatives), 'indsats', 'indsatser')}: {', '.join(parts)}."


def _recommendations(doc: Document, period: Period, data: _Programme, today: date) -> None:
    doc.add(Heading("Anbefalingerne"))
    if not data.recommendations:
        doc.add(Paragraph("Arbejdsprogrammet har ingen anbefalinger.", muted=True))
        return
    for rec in data.recommendations:
        doc.add(Heading(f"Anbefaling {rec.number}: {_clean(rec.headline)}", level=2))
        own = data.initiatives[rec.pk]
        lines = [_status_summary(own)]
        progress = ("Fremdriften er ikke opgjort." if rec.progress is None
                    else f"Samlet fremdrift: {percent(rec.progress)}.")
        lines.append(progress)
        kinds = [outcome(m, today)[0] for m in data.milestones[rec.pk] if _in_period(m, period)]
        kinds += ["moved" for m in data.milestones[rec.pk] if _moved_away(m, period)]
        if kinds:
            lines.append(f"{count_text(len(kinds), 'milepæl', 'milepæle')} havde frist i "
                         f"perioden: {outcome_counts(kinds)}.")
        else:
            lines.append("Ingen milepæle havde frist i perioden.")
        initiative_ids = {i.pk for i in own}
        decided = [d for d in data.decisions
                   if rec.pk in {r.pk for r in d.agenda_item.recommendations.all()}
                   or initiative_ids & {i.pk for i in d.agenda_item.initiatives.all()}]
        if decided:
            lines.append(f"Rådet traf {count_text(len(decided), 'beslutning', 'beslutninger')}"
                         " om anbefalingen i perioden.")
        doc.add(Paragraph(" ".join(lines)))
        context = _cycle_lines(rec, period)
        if context:
            doc.add(Bullets(context))


def _cycle_lines(rec: Recommendation, period: Period) -> list[str]:
    """The recommendation's recurring obligations and the changes in the world dated in the
    period (context, never deadlines), each with its source. Prefetched by _load."""
    lines = [f"Tilbagevendende opgave: {_clean(o.title)} ({o.rhythm_text.lower()}; kilde: "
             f"{_clean(o.source)})" for o in rec.obligations.all()]
    for event in rec.external_events.all():
        start, end = event.start or period.first, event.end or period.last
        if start <= period.last and end >= period.first:
            lines.append(f"Ændring i omverdenen, {event.label}: {_clean(event.title)} "
                         f"(kilde: {_clean(event.source)})")
    return lines


def _unfinished(doc: Document, data: _Programme, today: date) -> None:
    doc.add(Heading("Det, der ikke er afsluttet"))
    doc.add(Paragraph("Indsatser, der ikke er afsluttet, og milepæle, der hverken er nået eller "
                      "opgivet, pr. anbefaling: grundlaget for rådets næste anbefalinger."))
    for rec in data.recommendations:
        lines = []
        for i in data.initiatives[rec.pk]:
            if i.status != Status.DONE:
                lines.append(f"Indsats: {_clean(i.title)} {EN_DASH} "
                             f"{str(Status(i.status).label).lower()}, fremdrift "
                             f"{percent(i.progress)}")
        for m in data.milestones[rec.pk]:
            kind, text = outcome(m, today)
            if kind in ("reached", "dropped"):
                continue
            due = f"frist {_deadline_text(m)}" if m.end is not None else "uden frist"
            if kind == "upcoming":
                detail = due
            elif kind == "unregistered":
                detail = f"{due}, {text[0].lower()}{text[1:]}"
            else:  # missed, or moved to a later window: the text names the deadline
                detail = f"{text[0].lower()}{text[1:]}"
            lines.append(f"Milepæl: {_clean(m.title)} {EN_DASH} {detail}")
        doc.add(Heading(f"Anbefaling {rec.number}: {_clean(rec.headline)}", level=2),
                Bullets(lines, "Intet udestående."))
