"""Generator steps for the programme side: councils to meetings and decisions."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from kkrmonitor.accounts.models import Membership, Role, User
from kkrmonitor.demo.base import GeneratorBase
from kkrmonitor.demo.helpers import allocate, batched, fields_of, random_window, ts
from kkrmonitor.demo.rows import insert_objects, insert_rows
from kkrmonitor.demo.table import (
    BASE_DATE,
    BASE_TS,
    BATCH,
    COUNCIL_NAMES,
    DECISIONS,
    EMAIL_DOMAIN,
    FIRST_CODE,
    LABEL,
    MONTHS,
    NARRATIVES,
    NOUNS,
    SLUG_PREFIX,
    SPLITS,
    TERMS,
    THEMES,
    VERBS,
)
from kkrmonitor.meetings.models import AgendaItem, Decision, Meeting
from kkrmonitor.programme.models import (
    Actor,
    Council,
    HistoryEntry,
    Initiative,
    Municipality,
    Origin,
    Programme,
    Publication,
    Recommendation,
    RecommendationActor,
    Status,
    StatusUpdate,
)
from kkrmonitor.programme.services import weighted_progress


class ProgrammeSteps(GeneratorBase):
    """Councils, municipalities, users and actors; programmes, recommendations and history;
    initiatives with their status updates; meetings, agenda items and decisions."""

    # --- councils, municipalities, users, actors -------------------------------------------
    def councils(self) -> None:
        split = SPLITS[self.scale]
        councils = [Council(slug=f"{SLUG_PREFIX}{slug}", name=f"KKR Syntetisk {name} ({LABEL})",
                            kind=Council.Kind.KKR,
                            description=("Et opdigtet kommunekontaktråd til demonstration og "
                                         "ydelsesmåling. Intet her beskriver et rigtigt råd."),
                            source=self.source)
                    for slug, name in COUNCIL_NAMES[:len(split)]]
        Council.objects.bulk_create(councils)
        self.w.councils = councils
        municipalities = []
        code = FIRST_CODE
        for council, size in zip(councils, split, strict=True):
            for _ in range(size):
                municipalities.append(Municipality(code=str(code), name=f"Syntetisk {code}",
                                                   slug=f"{SLUG_PREFIX}{code}", council=council))
                code += 1
        Municipality.objects.bulk_create(municipalities)
        for m in municipalities:
            self.w.municipalities.setdefault(m.council_id, []).append(m)
        self.timer.step("råd og kommuner", len(councils) + len(municipalities))

    def users(self) -> None:
        users, memberships = [], []
        joined = datetime(2017, 6, 1, 9, 0, tzinfo=UTC)
        for council in self.w.councils:
            short = council.slug.removeprefix(SLUG_PREFIX)
            user = User(email=f"redaktoer-{short}@{EMAIL_DOMAIN}",
                        full_name=f"Syntetisk redaktør {short.capitalize()}",
                        password="!syntetisk-ingen-adgangskode", date_joined=joined)
            users.append(user)
            self.w.editors[council.pk] = user
        for members in self.w.municipalities.values():
            for m in members:
                user = User(email=f"kontakt-{m.code}@{EMAIL_DOMAIN}",
                            full_name=f"Syntetisk kontakt {m.code}",
                            password="!syntetisk-ingen-adgangskode", date_joined=joined)
                users.append(user)
                self.w.contacts[m.pk] = user
        User.objects.bulk_create(users, batch_size=BATCH)
        for council in self.w.councils:
            memberships.append(Membership(user=self.w.editors[council.pk], role=Role.EDITOR,
                                          council=council))
            for m in self.w.municipalities[council.pk]:
                memberships.append(Membership(user=self.w.contacts[m.pk], role=Role.CONTACT,
                                              municipality=m))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.timer.step("brugere", len(users))

    def actors(self) -> None:
        actors = [Actor(slug=f"{SLUG_PREFIX}partner-{i}", name=f"Syntetisk partner {i}",
                        aliases=[f"Partner {i} (syntetisk)"],
                        description="En opdigtet samarbejdspartner.", source=self.source)
                  for i in range(1, self.n["actors"] + 1)]
        Actor.objects.bulk_create(actors)
        self.w.actors = actors
        self.timer.step("aktører", len(actors))

    # --- programmes, recommendations, history -----------------------------------------------
    def programmes(self) -> None:
        rng, terms = self.rng, TERMS[self.scale]
        programmes = []
        for council in self.w.councils:
            for start, end in terms:
                approved = date(start - 1, 10, rng.randint(1, 28))
                title = f"Syntetisk arbejdsprogram {start}-{end} for {council.name}"
                approval = (f"Godkendt af {council.name} den "
                            f"{approved.day}. {MONTHS[approved.month - 1]} {approved.year}.")
                programmes.append(Programme(
                    council=council, term_start=start, term_end=end, title=title,
                    preamble=("Dette arbejdsprogram er syntetisk: det er genereret til "
                              "demonstration og ydelsesmåling og beskriver ikke rigtige "
                              "beslutninger. " + approval),
                    approved_on=approved, approval_text=approval,
                    source_filename=f"syntetisk-{council.slug}-{start}-{end}.txt",
                    source_sha256=hashlib.sha256(title.encode()).hexdigest(),
                    imported_at=ts(approved + timedelta(days=7), rng)))
        Programme.objects.bulk_create(programmes)
        self.w.programmes = programmes
        per = allocate(self.n["recommendations"], [1] * len(programmes))
        recs: list[Recommendation] = []
        for programme, count in zip(programmes, per, strict=True):
            for number in range(1, count + 1):
                theme = THEMES[(number - 1) % len(THEMES)]
                recs.append(Recommendation(
                    programme=programme, number=number,
                    headline=(f"Syntetisk anbefaling {number} ({programme.term}): "
                              f"{theme} – {rng.choice(VERBS)} {rng.choice(NOUNS)}"),
                    body=("Opdigtet anbefalingstekst til demonstration. Rådet vil "
                          f"{rng.choice(VERBS)} en {rng.choice(NOUNS)} sammen med kommunerne."),
                    theme=theme))
        Recommendation.objects.bulk_create(recs, batch_size=BATCH)
        for rec in recs:
            self.w.recommendations.setdefault(rec.programme_id, []).append(rec)
            self.w.programme_of_rec[rec.pk] = rec.programme
        links = []
        for rec in recs:
            for actor in rng.sample(self.w.actors, min(len(self.w.actors), rng.randint(1, 3))):
                links.append(RecommendationActor(recommendation=rec, actor=actor,
                                                 origin=Origin.IMPORT))
        RecommendationActor.objects.bulk_create(links, batch_size=BATCH)
        # import events, as import_programme writes them
        for programme in programmes:
            label = f"Import af {programme.source_filename}"
            self.audit.add(programme.imported_at, None, label, "import", "create", programme,
                           "programme", fields_of(programme, ["title", "approved_on",
                                                               "source_filename"]))
        for rec in recs:
            p = rec.programme
            self.audit.add(p.imported_at, None, f"Import af {p.source_filename}", "import",
                           "create", rec, "recommendation",
                           fields_of(rec, ["number", "headline", "theme"]),
                           recommendation_id=rec.pk)
        history = []
        per_rec = allocate(self.n["history_entries"], [1] * len(recs))
        for rec, count in zip(recs, per_rec, strict=True):
            for _ in range(count):
                w = random_window(rng, rec.programme.term_start - 8, rec.programme.term_start - 2)
                h = HistoryEntry(recommendation=rec, origin=Origin.IMPORT,
                                 text=(f"Rådet besluttede {w.label} at {rng.choice(VERBS)} "
                                       f"en {rng.choice(NOUNS)} (syntetisk)."),
                                 source_text="Rådet besluttede [dato] at …")
                h.set_window(w)
                history.append(h)
        HistoryEntry.objects.bulk_create(history, batch_size=BATCH)
        self.timer.step("programmer", len(programmes) + len(recs) + len(history))

    # --- initiatives with their status updates ---------------------------------------------
    def initiatives_and_updates(self) -> None:
        rng, w = self.rng, self.w
        recs = [r for p in w.programmes for r in w.recommendations[p.pk]]
        per_rec = allocate(self.n["initiatives"], [rng.uniform(0.6, 1.4) for _ in recs])
        initiatives: list[Initiative] = []
        for rec, count in zip(recs, per_rec, strict=True):
            p = rec.programme
            for serial in range(1, count + 1):
                created = (p.imported_at + timedelta(days=rng.randint(10, 200),
                                                     minutes=rng.randint(0, 600)))
                if created.date() >= BASE_DATE:
                    created = BASE_TS - timedelta(days=rng.randint(1, 30))
                win = random_window(rng, p.term_start, p.term_end)
                published = rng.random() < 0.92
                initiative = Initiative(
                    recommendation=rec,
                    title=f"Syntetisk indsats {p.council.slug[10:]}-{p.term_start}-"
                          f"{rec.number}.{serial}: {rng.choice(NOUNS)}",
                    description="Opdigtet indsats til demonstration; ingen rigtig aktivitet.",
                    owner=f"Sekretariatet for {p.council.name}",
                    contact_person=f"Syntetisk kontaktperson {rng.randint(1, 60)}",
                    weight=rng.choice([1, 1, 1, 2, 3]),
                    publication=Publication.PUBLISHED if published else Publication.DRAFT,
                    version=2 if published else 1, created_at=created)
                initiative.set_window(win)
                initiatives.append(initiative)
        # plan the meetings first: a decision may change an initiative's status
        self.meetings_plan()
        self.link_items_to_initiatives(initiatives)
        # status updates, allocated by how long each initiative has been running
        ends = [min(BASE_DATE, date(i.recommendation.programme.term_end, 12, 31))
                for i in initiatives]
        weights = [max(1, (end - i.created_at.date()).days) * rng.uniform(0.5, 1.5)
                   * (0.3 if i.publication == Publication.DRAFT else 1.0)
                   for i, end in zip(initiatives, ends, strict=True)]
        counts = allocate(self.n["status_updates"], weights)
        plans: list[list[dict[str, Any]]] = []
        for initiative, end, count in zip(initiatives, ends, counts, strict=True):
            plans.append(self.plan_updates(initiative, end, count))
        # the initiative carries its latest published update (as _make_current leaves it)
        for initiative, plan in zip(initiatives, plans, strict=True):
            published_updates = [u for u in plan if u["publication"] == Publication.PUBLISHED]
            if published_updates:
                newest = max(published_updates, key=lambda u: (u["as_of"], u["published_at"]))
                initiative.status, initiative.progress = newest["status"], newest["progress"]
                initiative.confirmed_at = newest["published_at"]
                initiative.confirmed_by = self.editor(initiative.recommendation.programme
                                                      .council_id)
                if rng.random() < 0.15 and initiative.status != Status.DONE:
                    later = initiative.confirmed_at + timedelta(days=rng.randint(20, 120))
                    if later < BASE_TS:
                        initiative.confirmed_at = later
                        newest["confirm"] = later
        Initiative.objects.bulk_create(initiatives, batch_size=BATCH)
        w.initiatives = initiatives
        for i in initiatives:
            w.by_programme[i.recommendation.programme_id].append(i)
        # recommendation progress: weighted mean of its published initiatives
        by_rec: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for i in initiatives:
            if i.publication == Publication.PUBLISHED:
                by_rec[i.recommendation_id].append((i.progress, i.weight))
        for rec in recs:
            rec.progress = weighted_progress(by_rec.get(rec.pk, []))
        Recommendation.objects.bulk_update(recs, ["progress"], batch_size=BATCH)
        for i in initiatives:
            council_id = i.recommendation.programme.council_id
            editor = self.editor(council_id)
            self.audit.add(i.created_at, editor, editor.full_name, "web", "create", i,
                           "initiative", fields_of(i, ["title", "description", "owner",
                                                       "contact_person", "weight", "start",
                                                       "end", "label", "precision"])
                           | {"publication": [None, Publication.DRAFT]},
                           public=False, recommendation_id=i.recommendation_id,
                           initiative_id=i.pk)
            if i.publication == Publication.PUBLISHED:
                self.audit.add(i.created_at + timedelta(hours=2), editor, editor.full_name,
                               "web", "publish", i, "initiative",
                               {"publication": [Publication.DRAFT, Publication.PUBLISHED],
                                "version": [1, 2]},
                               recommendation_id=i.recommendation_id, initiative_id=i.pk)
        self.timer.step("indsatser", len(initiatives))
        self.insert_meetings()
        self.insert_updates(initiatives, plans)

    def plan_updates(self, initiative: Initiative, end: date, count: int) -> list[dict[str, Any]]:
        rng = self.rng
        start = initiative.created_at.date() + timedelta(days=1)
        span = max(1, (end - start).days)
        entries: list[tuple[date, int | None]] = [
            (start + timedelta(days=rng.randint(0, span)), None) for _ in range(count)]
        slots = [s for s in self.decision_slots.get(id(initiative), []) if start <= s[0] <= end]
        # a decision's status change is a published update dated the meeting
        for index, slot in zip(rng.sample(range(count), min(count, len(slots))), slots,
                               strict=False):
            entries[index] = slot
        entries.sort(key=lambda e: e[0])
        finished = end < BASE_DATE and rng.random() < 0.6
        progress = 0
        draft = initiative.publication == Publication.DRAFT
        plan = []
        for n, (day, decision_key) in enumerate(entries):
            remaining = count - n
            if finished and remaining == 1:
                progress = 100
            else:
                progress = min(95, progress + rng.randint(0, max(1, (100 - progress) // max(
                    1, remaining // 2 + 1))))
            if progress == 100:
                status = Status.DONE
            elif progress == 0:
                status = Status.NOT_STARTED
            else:
                status = rng.choices([Status.ON_TRACK, Status.AT_RISK, Status.DELAYED],
                                     [0.7, 0.2, 0.1])[0]
            is_draft = draft or (n == count - 1 and decision_key is None and rng.random() < 0.1)
            published_at = None if is_draft else ts(day, rng)
            plan.append({"status": status, "progress": progress, "as_of": day,
                         "narrative": rng.choice(NARRATIVES),
                         "publication": Publication.DRAFT if is_draft else Publication.PUBLISHED,
                         "published_at": published_at, "decision": decision_key})
            if decision_key is not None:  # the decision's own event lists it, as the service
                self.decision_effects[decision_key] = [
                    f"Indsats »{initiative.title}« fik status {Status(status).label}, "
                    f"fremdrift {progress} %"]
        return plan

    def insert_updates(self, initiatives: list[Initiative],
                       plans: list[list[dict[str, Any]]]) -> None:
        rng = self.rng
        made = 0
        columns = ["initiative_id", "status", "progress", "narrative", "as_of", "publication",
                   "published_at", "author_id", "created_at", "version"]
        labels = dict(Status.choices)

        def rows() -> Iterator[tuple[Initiative, User, dict[str, Any]]]:
            for initiative, plan in zip(initiatives, plans, strict=True):
                editor = self.editor(initiative.recommendation.programme.council_id)
                for u in plan:
                    u["created_at"] = u["published_at"] or ts(u["as_of"], rng)
                    yield initiative, editor, u

        previous: dict[int, tuple[str, int]] = {}
        for chunk in batched(rows(), 5 * BATCH):
            ids = insert_rows(StatusUpdate, columns, [
                (i.pk, u["status"], u["progress"], u["narrative"], u["as_of"],
                 u["publication"], u["published_at"], editor.pk, u["created_at"], 1)
                for i, editor, u in chunk])
            made += len(chunk)
            for pk, (initiative, editor, u) in zip(ids, chunk, strict=True):
                changes: dict[str, list[Any]] = {
                    "status": [None, u["status"]], "progress": [None, u["progress"]],
                    "narrative": [None, u["narrative"]], "as_of": [None, u["as_of"]],
                    "publication": [None, u["publication"]]}
                public = False
                if u["publication"] == Publication.PUBLISHED:
                    before = previous.get(initiative.pk, (Status.NOT_STARTED, 0))
                    changes["initiative.status"] = [before[0], u["status"]]
                    changes["initiative.progress"] = [before[1], u["progress"]]
                    changes["initiative.confirmed_at"] = [None, u["published_at"]]
                    previous[initiative.pk] = (u["status"], u["progress"])
                    public = initiative.publication == Publication.PUBLISHED
                decision = (self.decision_pk.get(u["decision"]) if u["decision"] is not None
                            else None)
                text = f"{initiative.title}: {labels[u['status']]} ({u['as_of']:%d.%m.%Y})"
                self.audit.add(u["created_at"], editor, editor.full_name, "web", "create",
                               (pk, text), "statusupdate", changes, public=public,
                               recommendation_id=initiative.recommendation_id,
                               initiative_id=initiative.pk, decision_id=decision)
                if "confirm" in u:
                    self.audit.add(u["confirm"], editor, editor.full_name, "web", "confirm",
                                   initiative, "initiative",
                                   {"confirmed_at": [u["published_at"], u["confirm"]]},
                                   public=initiative.publication == Publication.PUBLISHED,
                                   recommendation_id=initiative.recommendation_id,
                                   initiative_id=initiative.pk)
        self.audit.flush()
        self.timer.step("statusopdateringer", made)

    # --- meetings, agenda items, decisions ---------------------------------------------------
    def meetings_plan(self) -> None:
        """Meetings, items and decisions in memory (inserted after the initiatives), and which
        initiatives' status a decision changes."""
        rng, w = self.rng, self.w
        terms = TERMS[self.scale]
        first, last = date(terms[0][0], 1, 10), date(terms[-1][1], 12, 15)
        per_council = allocate(self.n["meetings"], [1] * len(w.councils))
        self.meeting_rows: list[Meeting] = []
        for council, count in zip(w.councils, per_council, strict=True):
            step = (last - first).days / max(1, count)
            for k in range(count):
                day = first + timedelta(days=int(k * step) + rng.randint(0, max(0, int(step) - 1)))
                while day.weekday() >= 5:
                    day += timedelta(days=1)
                self.meeting_rows.append(Meeting(
                    council=council, title=f"Syntetisk rådsmøde {k + 1}", date=day,
                    start_time=dtime(rng.choice([9, 10, 13]), 0),
                    place=f"Syntetisk mødelokale {rng.randint(1, 9)}",
                    state=Meeting.State.HELD if day < BASE_DATE else Meeting.State.PLANNED,
                    description="Opdigtet møde til demonstration.", source=self.source))
        items_per = allocate(self.n["agenda_items"],
                             [rng.uniform(0.5, 1.5) for _ in self.meeting_rows])
        self.item_rows: list[tuple[Meeting, AgendaItem, list[Recommendation],
                                   list[Initiative]]] = []
        programme_for: dict[tuple[int, int], Programme] = {
            (p.council_id, y): p for p in w.programmes for y in range(p.term_start,
                                                                     p.term_end + 1)}
        for meeting, count in zip(self.meeting_rows, items_per, strict=True):
            programme = programme_for.get((meeting.council_id, meeting.date.year))
            for number in range(1, count + 1):
                kind = rng.choices(list(AgendaItem.Kind), [0.4, 0.3, 0.3])[0]
                recs: list[Recommendation] = []
                if programme is not None and rng.random() < 0.7:
                    recs = rng.sample(w.recommendations[programme.pk], 1)
                self.item_rows.append((meeting, AgendaItem(
                    meeting=meeting, number=number, kind=kind,
                    title=(f"Syntetisk punkt {number}: {rng.choice(THEMES)} – "
                           f"{rng.choice(NOUNS)}"),
                    case_text="Opdigtet sagsfremstilling til demonstration."), recs, []))
        held = [k for k, row in enumerate(self.item_rows)
                if row[0].state == Meeting.State.HELD]
        wanted = self.n["decisions"]
        preferred = [k for k in held if self.item_rows[k][1].kind == AgendaItem.Kind.DECISION]
        pool = preferred if len(preferred) >= wanted else held
        if len(pool) < wanted:
            raise ValueError(f"for få afholdte møder til {wanted} beslutninger")
        self.decision_items = sorted(rng.sample(pool, wanted))
        self.decision_slots: dict[int, list[tuple[date, int]]] = defaultdict(list)
        self.decision_pk: dict[int, int] = {}
        self.decision_effects: dict[int, list[str]] = {}

    def link_items_to_initiatives(self, initiatives: list[Initiative]) -> None:
        """With the initiatives made (in memory, before they are planned and inserted): some
        items are about initiatives, and half the decisions on those give one a new status
        (a status update dated the meeting, see plan_updates)."""
        rng = self.rng
        rec_initiatives: dict[int, list[Initiative]] = defaultdict(list)
        for i in initiatives:
            rec_initiatives[i.recommendation_id].append(i)
        for _meeting, _item, recs, inits in self.item_rows:
            for rec in recs:
                candidates = rec_initiatives.get(rec.pk, [])
                if candidates and rng.random() < 0.6:
                    inits.append(rng.choice(candidates))
        for k in self.decision_items:
            meeting, _item, _recs, inits = self.item_rows[k]
            published = [i for i in inits if i.publication == Publication.PUBLISHED]
            if published and rng.random() < 0.5:
                i = published[0]
                if i.created_at.date() < meeting.date:
                    self.decision_slots[id(i)].append((meeting.date, k))

    def insert_meetings(self) -> None:
        rng = self.rng
        Meeting.objects.bulk_create(self.meeting_rows, batch_size=BATCH)
        for meeting in self.meeting_rows:
            editor = self.editor(meeting.council_id)
            self.audit.add(ts(meeting.date - timedelta(days=rng.randint(20, 60)), rng), editor,
                           editor.full_name, "web", "create", meeting, "meeting",
                           fields_of(meeting, ["council", "title", "date", "place", "state"]))
        items = [row[1] for row in self.item_rows]
        insert_objects(AgendaItem, items)
        rec_links, init_links = [], []
        RecLink = AgendaItem.recommendations.through
        InitLink = AgendaItem.initiatives.through
        for meeting, item, recs, inits in self.item_rows:
            for rec in recs:
                rec_links.append(RecLink(agendaitem_id=item.pk, recommendation_id=rec.pk))
            for init in inits:
                init_links.append(InitLink(agendaitem_id=item.pk, initiative_id=init.pk))
            editor = self.editor(meeting.council_id)
            self.audit.add(ts(meeting.date - timedelta(days=rng.randint(7, 14)), rng), editor,
                           editor.full_name, "web", "create", item, "agendaitem",
                           fields_of(item, ["meeting", "number", "title", "kind"])
                           | ({"recommendations": [None, sorted(str(r) for r in recs)]}
                              if recs else {}))
        RecLink.objects.bulk_create(rec_links, batch_size=BATCH)
        InitLink.objects.bulk_create(init_links, batch_size=BATCH)
        decisions = []
        for k in self.decision_items:
            meeting, item, _recs, _inits = self.item_rows[k]
            decisions.append(Decision(agenda_item=item, text=rng.choice(DECISIONS),
                                      created_at=ts(meeting.date, rng, 14, 17)))
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
        for k, decision in zip(self.decision_items, decisions, strict=True):
            self.decision_pk[k] = decision.pk
            meeting, item, _recs, _inits = self.item_rows[k]
            editor = self.editor(meeting.council_id)
            effects = self.decision_effects.get(k)
            changes: dict[str, list[Any]] = {"agenda_item": [None, str(item)],
                                             "text": [None, decision.text]}
            if effects:
                changes["effects"] = [None, effects]
            self.audit.add(decision.created_at, editor, editor.full_name, "web", "create",
                           decision, "decision", changes)
        self.audit.flush()
        self.timer.step("møder og beslutninger",
                        len(self.meeting_rows) + len(items) + len(decisions))
