"""Generator steps for milestones, comments, joint efforts, portfolios and indicators."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from kkrmonitor.demo.base import GeneratorBase
from kkrmonitor.demo.helpers import allocate, batched, fields_of, random_window, ts
from kkrmonitor.demo.rows import insert_objects, insert_rows
from kkrmonitor.demo.table import (
    BASE_DATE,
    BASE_TS,
    BATCH,
    FIRST_CODE,
    FREQ_LABELS,
    NARRATIVES,
    NOUNS,
    PORTFOLIO_STAGES,
    SLUG_PREFIX,
    STAGE_NAMES,
    TERMS,
    THEMES,
)
from kkrmonitor.indicators.models import Area, Indicator, Observation
from kkrmonitor.indicators.periods import parse_period
from kkrmonitor.indicators.services import ensure_areas, store_observations
from kkrmonitor.joint.models import (
    JointInitiative,
    JointStage,
    ListMembership,
    Portfolio,
    PortfolioStage,
    Project,
    ProjectEvent,
    ProjectList,
    SharedInitiative,
    StageReport,
)
from kkrmonitor.parsing.danish_dates import DateWindow
from kkrmonitor.programme.models import (
    Comment,
    Initiative,
    Milestone,
    Origin,
    Publication,
    Recommendation,
)


class JointSteps(GeneratorBase):
    """Milestones and comments; joint and shared efforts; portfolios; indicators with their
    observations."""

    # --- milestones -------------------------------------------------------------------------
    def milestones(self) -> None:
        rng, w = self.rng, self.w
        recs = [r for p in w.programmes for r in w.recommendations[p.pk]]
        imported_per_rec = 2 if self.n["milestones"] >= 4 * len(recs) else 0
        rest = self.n["milestones"] - imported_per_rec * len(recs)
        per_init = allocate(rest, [rng.uniform(0.5, 1.5) for _ in w.initiatives])

        # (recommendation, initiative or None, title, origin, source_text, window)
        def rows() -> Iterator[tuple[Recommendation, Initiative | None, str, str, str,
                                     DateWindow]]:
            for rec in recs:
                p = rec.programme
                for _ in range(imported_per_rec):
                    yield (rec, None, f"Syntetisk delmål for anbefaling {rec.number} "
                                      f"({rng.choice(NOUNS)})", Origin.IMPORT,
                           "Rådet vil [dato] have …",
                           random_window(rng, p.term_start, p.term_end))
            for initiative, count in zip(w.initiatives, per_init, strict=True):
                p = initiative.recommendation.programme
                for k in range(count):
                    yield (initiative.recommendation, initiative,
                           f"Syntetisk milepæl {k + 1}: {rng.choice(NOUNS)} "
                           f"{rng.choice(['godkendt', 'afleveret', 'igangsat'])}", Origin.USER,
                           "", random_window(rng, p.term_start, p.term_end))

        made = 0
        # The outcome columns (state, reason, the window a move left) are NOT NULL: a raw
        # INSERT gets no model default, so they are named here ("planned", no outcome yet).
        columns = ["recommendation_id", "initiative_id", "title", "origin", "source_text",
                   "version", "start", "end", "label", "precision", "state", "state_reason",
                   "moved_from"]
        for chunk in batched(rows(), 5 * BATCH):
            ids = insert_rows(Milestone, columns, [
                (rec.pk, i.pk if i is not None else None, title, origin, source, 1,
                 win.start, win.end, win.label, win.precision, "planned", "", "")
                for rec, i, title, origin, source, win in chunk])
            made += len(chunk)
            for pk, (rec, initiative, title, _origin, _source, win) in zip(ids, chunk,
                                                                         strict=True):
                p = rec.programme
                changes: dict[str, list[Any]] = {"title": [None, title]}
                if initiative is not None:
                    changes["initiative"] = [None, initiative.title]
                for key in ("start", "end", "label", "precision"):
                    value = getattr(win, key)
                    if value not in (None, ""):
                        changes[key] = [None, value]
                obj = (pk, f"{win.label}: {title}")
                if initiative is None:
                    self.audit.add(p.imported_at, None, f"Import af {p.source_filename}",
                                   "import", "create", obj, "milestone", changes,
                                   recommendation_id=rec.pk)
                    continue
                editor = self.editor(p.council_id)
                at = initiative.created_at + timedelta(days=rng.randint(0, 60),
                                                       minutes=rng.randint(0, 300))
                self.audit.add(min(at, BASE_TS), editor, editor.full_name, "web", "create", obj,
                               "milestone", changes,
                               public=initiative.publication == Publication.PUBLISHED,
                               recommendation_id=rec.pk, initiative_id=initiative.pk)
        self.audit.flush()
        self.timer.step("milepæle", made)

    def comments(self) -> None:
        rng, w = self.rng, self.w
        published = [i for i in w.initiatives if i.publication == Publication.PUBLISHED]
        rows = []
        for _ in range(self.n["comments"]):
            initiative = rng.choice(published)
            council_id = initiative.recommendation.programme.council_id
            m = rng.choice(w.municipalities[council_id])
            contact = w.contacts[m.pk]
            span = max(1, (BASE_TS - initiative.created_at).days)
            rows.append(Comment(initiative=initiative, municipality=m, author=contact,
                                text=f"Syntetisk kommentar fra {m.name}: "
                                     f"{rng.choice(NARRATIVES)}",
                                created_at=initiative.created_at + timedelta(
                                    days=rng.randint(0, span), minutes=rng.randint(0, 600))))
        Comment.objects.bulk_create(rows, batch_size=BATCH)
        for c in rows:
            assert c.author is not None and c.municipality is not None
            self.audit.add(c.created_at, c.author, c.author.get_full_name(), "web", "create", c,
                           "comment", {"municipality": [None, str(c.municipality)],
                                       "text": [None, c.text]},
                           public=False, recommendation_id=c.initiative.recommendation_id,
                           initiative_id=c.initiative_id)
        self.audit.flush()
        self.timer.step("kommentarer", len(rows))

    # --- joint efforts ------------------------------------------------------------------------
    def joint(self) -> None:
        rng, w = self.rng, self.w
        per_programme = allocate(self.n["joint_initiatives"], [1] * len(w.programmes))
        joints: list[JointInitiative] = []
        for programme, count in zip(w.programmes, per_programme, strict=True):
            candidates = [i for i in w.by_programme[programme.pk]
                          if i.publication == Publication.PUBLISHED]
            for initiative in rng.sample(candidates, min(count, len(candidates))):
                joints.append(JointInitiative(
                    initiative=initiative, start=date(programme.term_start, 1, 1),
                    deadline=date(programme.term_end - rng.randint(0, 2), 12, 31),
                    source=self.source))
        assert len(joints) == self.n["joint_initiatives"]
        JointInitiative.objects.bulk_create(joints, batch_size=BATCH)
        stages = [JointStage(joint=j, position=k, name=name)
                  for j in joints for k, name in enumerate(STAGE_NAMES)]
        JointStage.objects.bulk_create(stages, batch_size=BATCH)
        stages_of: dict[int, list[JointStage]] = defaultdict(list)
        for s in stages:
            stages_of[s.joint_id].append(s)
        for j in joints:
            i = j.initiative
            editor = self.editor(i.recommendation.programme.council_id)
            self.audit.add(i.created_at + timedelta(days=3), editor, editor.full_name, "web",
                           "create", i, "initiative",
                           {"joint.stages": [None, STAGE_NAMES], "joint.start": [None, j.start],
                            "joint.deadline": [None, j.deadline]},
                           recommendation_id=i.recommendation_id, initiative_id=i.pk)
        # every member municipality of each joint effort reports a few times
        cells = [(j, m) for j in joints
                 for m in w.municipalities[j.initiative.recommendation.programme.council_id]]
        per_cell = allocate(self.n["stage_reports"], [rng.uniform(0.3, 1.7) for _ in cells])
        reports: list[StageReport] = []
        for (j, m), count in zip(cells, per_cell, strict=True):
            end = min(BASE_DATE, j.deadline)
            span = max(1, (end - j.start).days)
            days = sorted(j.start + timedelta(days=rng.randint(0, span)) for _ in range(count))
            stage = 0
            contact = w.contacts[m.pk]
            editor = self.editor(m.council_id)
            for n, day in enumerate(days):
                stage = min(len(STAGE_NAMES) - 1, stage + rng.choice([0, 1, 1, 2]))
                last = n == count - 1
                state = (StageReport.State.PENDING if last and rng.random() < 0.15 else
                         rng.choices([StageReport.State.APPROVED, StageReport.State.RETURNED],
                                     [0.93, 0.07])[0])
                created = ts(day, rng)
                reviewed = state in (StageReport.State.APPROVED, StageReport.State.RETURNED)
                reports.append(StageReport(
                    initiative_id=j.pk, municipality=m, stage=stages_of[j.pk][stage],
                    as_of=day, note=f"Syntetisk indberetning fra {m.name}.", state=state,
                    author=contact, author_label=contact.full_name, created_at=created,
                    reviewed_by=editor if reviewed else None,
                    reviewed_at=created + timedelta(days=rng.randint(1, 10)) if reviewed
                    else None,
                    review_comment=("Ret venligst datoen." if state == StageReport.State.RETURNED
                                    else ""),
                    version=2 if reviewed else 1))
        for chunk in batched(reports, 5 * BATCH):
            insert_objects(StageReport, chunk)
            for r in chunk:
                assert r.author is not None
                joint_initiative = r.stage.joint.initiative
                public_initiative = joint_initiative.publication == Publication.PUBLISHED
                self.audit.add(r.created_at, r.author, r.author_label, "web", "report", r,
                               "stagereport",
                               {"municipality": [None, str(r.municipality)],
                                "stage": [None, r.stage.name], "as_of": [None, r.as_of],
                                "note": [None, r.note],
                                "state": [None, StageReport.State.PENDING]},
                               public=False, initiative_id=joint_initiative.pk,
                               recommendation_id=joint_initiative.recommendation_id)
                if r.reviewed_by is not None and r.reviewed_at is not None:
                    approve = r.state == StageReport.State.APPROVED
                    self.audit.add(r.reviewed_at, r.reviewed_by, r.reviewed_by.full_name, "web",
                                   "approve" if approve else "return", r, "stagereport",
                                   {"state": [StageReport.State.PENDING, r.state],
                                    "version": [1, 2]},
                                   public=approve and public_initiative,
                                   initiative_id=joint_initiative.pk,
                                   recommendation_id=joint_initiative.recommendation_id)
            self.audit.flush()
        self.timer.step("fælles indsatser", len(joints) + len(stages) + len(reports))

    def shared(self) -> None:
        rng, w = self.rng, self.w
        rows: list[SharedInitiative] = []
        councils = w.councils
        current = [p for p in w.programmes if p.term_end == TERMS[self.scale][-1][1]]
        seen: set[tuple[int, int]] = set()
        pool = [(p, i) for p in current for i in w.by_programme[p.pk]
                if i.publication == Publication.PUBLISHED]
        rng.shuffle(pool)
        for p, i in pool:
            if len(rows) == self.n["shared_initiatives"]:
                break
            index = next(k for k, c in enumerate(councils) if c.pk == p.council_id)
            other = councils[(index + 1) % len(councils)]
            if other.pk == p.council_id or (i.pk, other.pk) in seen:
                continue
            seen.add((i.pk, other.pk))
            rows.append(SharedInitiative(initiative=i, council=other))
        SharedInitiative.objects.bulk_create(rows)
        for s in rows:
            i = s.initiative
            editor = self.editor(i.recommendation.programme.council_id)
            self.audit.add(i.created_at + timedelta(days=5), editor, editor.full_name, "web",
                           "share", i, "initiative", {"shared_with": [None, s.council.name]},
                           recommendation_id=i.recommendation_id, initiative_id=i.pk)
        self.audit.flush()
        self.timer.step("delte indsatser", len(rows))

    # --- portfolios -----------------------------------------------------------------------------
    def portfolios(self) -> None:
        rng, w = self.rng, self.w
        portfolios = [Portfolio(slug=f"{SLUG_PREFIX}portefoelje-{c.slug[10:]}",
                                name=f"Syntetisk projektportefølje – {c.name}",
                                description="Opdigtede projekter til demonstration.",
                                council=c, source=self.source)
                      for c in w.councils[:self.n["portfolios"]]]
        Portfolio.objects.bulk_create(portfolios)
        stages = [PortfolioStage(portfolio=p, position=k, name=name)
                  for p in portfolios for k, name in enumerate(PORTFOLIO_STAGES)]
        PortfolioStage.objects.bulk_create(stages)
        lists = [ProjectList(portfolio=p, name=f"Syntetisk liste {tag}",
                             description="Opdigtet prioriteringsliste.", source=self.source)
                 for p in portfolios for tag in ("A", "B")]
        ProjectList.objects.bulk_create(lists)
        stages_of: dict[int, list[PortfolioStage]] = defaultdict(list)
        for s in stages:
            stages_of[s.portfolio_id].append(s)
        lists_of: dict[int, list[ProjectList]] = defaultdict(list)
        for pl in lists:
            lists_of[pl.portfolio_id].append(pl)
        projects = []
        for p, count in zip(portfolios, allocate(self.n["projects"], [1] * len(portfolios)),
                            strict=True):
            for k in range(1, count + 1):
                funded = rng.random() < 0.4
                projects.append(Project(
                    portfolio=p, slug=f"syntetisk-projekt-{k}",
                    name=f"Syntetisk projekt {k}: {rng.choice(NOUNS)}",
                    description="Opdigtet infrastrukturprojekt.",
                    stage=None if rng.random() < 0.1 else rng.choice(stages_of[p.pk]),
                    responsible_authority=f"Syntetisk myndighed {rng.randint(1, 9)}",
                    state_funding_dkk=rng.randint(5, 5000) * 1_000_000 if funded else None,
                    funding_decision="Syntetisk finansieringsbeslutning" if funded else "",
                    funding_date=date(rng.randint(2018, 2026), rng.randint(1, 12), 1)
                    if funded else None, source=self.source))
        Project.objects.bulk_create(projects, batch_size=BATCH)
        memberships = []
        for project in projects:
            for pl in rng.sample(lists_of[project.portfolio_id], rng.randint(1, 2)):
                memberships.append(ListMembership(project=project, project_list=pl,
                                                  role=rng.choice(["", "hovedprojekt"])))
        ListMembership.objects.bulk_create(memberships, batch_size=BATCH)
        events = []
        for project, count in zip(projects, allocate(self.n["project_events"],
                                                     [1] * len(projects)), strict=True):
            for _ in range(count):
                day = date(rng.randint(2018, 2026), rng.randint(1, 12), rng.randint(1, 28))
                events.append(ProjectEvent(project=project, date=min(day, BASE_DATE),
                                           text=f"Syntetisk hændelse: {rng.choice(NARRATIVES)}",
                                           source=self.source))
        ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
        for project in projects:
            council_id = project.portfolio.council_id
            assert council_id is not None
            editor = self.editor(council_id)
            self.audit.add(datetime(2018, 3, 1, 10, tzinfo=UTC), editor, editor.full_name,
                           "web", "create", project, "project",
                           fields_of(project, ["name", "description", "stage",
                                               "responsible_authority", "state_funding_dkk",
                                               "funding_decision", "funding_date"]))
        for e in events:
            council_id = e.project.portfolio.council_id
            assert council_id is not None
            editor = self.editor(council_id)
            self.audit.add(datetime.combine(e.date, dtime(11), tzinfo=UTC), editor,
                           editor.full_name, "web", "event", e.project, "project",
                           {"event": [None, f"{e.date.isoformat()}: {e.text}"]})
        self.audit.flush()
        self.timer.step("porteføljer", len(portfolios) + len(projects) + len(events))

    # --- indicators ---------------------------------------------------------------------------
    def indicators(self) -> None:
        rng, w = self.rng, self.w
        index = ensure_areas()
        council_slugs = {c.slug for c in w.councils}
        muni_areas = sorted((a for a in index.by_code.values()
                             if a.kind == Area.Kind.MUNICIPALITY and a.code.isdigit()
                             and FIRST_CODE <= int(a.code) < FIRST_CODE + 98),
                            key=lambda a: a.code)
        council_areas = sorted(((a, members) for a, members in index.councils.values()
                                if a.code in council_slugs), key=lambda x: x[0].code)
        country = index.by_code["000"]
        count = self.n["indicators"]
        freqs = [("year", 1.0), ("quarter", 3.0), ("month", 6.0)]
        kinds = [freqs[k % 3] for k in range(count)]
        targets = allocate(self.n["observations"], [f[1] for f in kinds])
        recs = [r for p in w.programmes for r in w.recommendations[p.pk]]
        retrieved = BASE_TS - timedelta(days=3)
        made = 0
        indicators = []
        for k in range(count):
            additive = k % 2 == 0
            freq = kinds[k][0]
            indicators.append(Indicator(
                slug=f"{SLUG_PREFIX}indikator-{k + 1:03d}",
                name=f"Syntetisk indikator {k + 1:03d}: {rng.choice(THEMES)} ({FREQ_LABELS[freq]})",
                unit="antal" if additive else rng.choice(["procent", "kr. pr. indbygger"]),
                description="Opdigtede tal til demonstration; ikke rigtige tal.",
                source=self.source, kind=Indicator.Kind.UPLOAD, additive=additive,
                updated_at=retrieved))
        Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        Link = Indicator.recommendations.through
        links = [Link(indicator_id=ind.pk, recommendation_id=rec.pk)
                 for ind in indicators for rec in rng.sample(recs, min(len(recs), 2))]
        Link.objects.bulk_create(links, batch_size=BATCH)
        last_year = BASE_DATE.year - 1
        for ind, (freq, _weight), target in zip(indicators, kinds, targets, strict=True):
            councils = council_areas if ind.additive else []
            width = len(muni_areas) + len(councils) + 1
            periods = self.periods(freq, math.ceil(target / width), last_year)
            base = {a.pk: rng.uniform(50, 5000) for a in muni_areas}
            triples: list[tuple[int, str, float | None]] = []
            computed: list[tuple[int, str, float | None]] = []
            left = target
            for n, period in enumerate(periods):
                trend = 1 + 0.01 * n
                values: dict[int, float | None] = {}
                for a in muni_areas:
                    v = base[a.pk] * trend * rng.uniform(0.9, 1.1)
                    values[a.pk] = None if rng.random() < 0.01 else round(v, 1)
                row: list[tuple[int, str, float | None, bool]] = [
                    (a.pk, period, values[a.pk], False) for a in muni_areas]
                for area, members in councils:
                    got = [x for m in members if (x := values.get(m)) is not None]
                    row.append((area.pk, period, round(sum(got), 1) if got else None, True))
                present: list[float] = [x for x in values.values() if x is not None]
                total: float | None = (sum(present) if ind.additive else
                                       sum(present) / len(present) if present else None)
                row.append((country.pk, period, round(total, 1) if total is not None else None,
                            False))
                # the newest period may not be complete: only as many areas as the target allows
                for area_id, p, value, is_computed in row[:left]:
                    (computed if is_computed else triples).append((area_id, p, value))
                left -= min(left, len(row))
                if left == 0:
                    break
            made += store_observations(ind, triples, Observation.Source.UPLOAD,
                                       retrieved_at=retrieved)
            if computed:
                made += store_observations(ind, computed, Observation.Source.COMPUTED,
                                           retrieved_at=retrieved)
            self.audit.add(retrieved, None, "Syntetiske demodata", "cli",
                           "indicator.import", ind, "indicator",
                           {"rows": [None, len(triples)],
                            "file": [None, f"syntetisk-{ind.slug}.csv"]})
        self.audit.flush()
        self.timer.step("indikatorer", made)

    @staticmethod
    def periods(freq: str, count: int, last_year: int) -> list[str]:
        """`count` consecutive periods ending with the last one of `last_year`, oldest first."""
        out = []
        if freq == "year":
            out = [str(last_year - k) for k in range(count)]
        elif freq == "quarter":
            out = [f"{last_year - k // 4}K{4 - k % 4}" for k in range(count)]
        else:
            out = [f"{last_year - k // 12}M{12 - k % 12:02d}" for k in range(count)]
        out.reverse()
        parse_period(out[0])  # refuses a code the app would not know
        return out
