"""The domain core: councils and their municipalities, partner actors, and each council's
programme of recommendations, initiatives, milestones and dated history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme import reference

if TYPE_CHECKING:
    from kkrmonitor.access import Access
    from kkrmonitor.parsing.danish_dates import DateWindow


def stale_cutoff(now: datetime | None = None) -> datetime:
    """Confirmed (or, never confirmed, created) before this moment means stale: the one rule
    for "Kræver opdatering" (KKR_STALE_AFTER_DAYS, default 90)."""
    return (now or timezone.now()) - timedelta(days=settings.KKR_STALE_AFTER_DAYS)


class Council(models.Model):
    """A KKR (kommunekontaktråd) or a political forum spanning several of them."""

    class Kind(models.TextChoices):
        KKR = "kkr", "Kommunekontaktråd"
        FORUM = "forum", "Forum"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.KKR)
    region_code = models.CharField(max_length=4, blank=True)
    region_name = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="Hvor oplysningerne stammer fra.")
    spans = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="forums",
        help_text="For et forum: de råd, det går på tværs af.",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "råd"
        verbose_name_plural = "råd"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("council", args=[self.slug])

    def current_programme(self) -> Programme | None:
        """The council's programme for its latest election term: what the overview, the
        meeting pages and the annual wheel call "the" programme."""
        programme = Programme.objects.filter(council=self).current()
        if programme is not None:
            programme.council = self
        return programme

    def member_municipalities(self) -> models.QuerySet[Municipality]:
        """A KKR's own municipalities; a forum's are those of the councils it spans."""
        if self.kind == self.Kind.FORUM:
            return Municipality.objects.filter(council__in=self.spans.all())
        return self.municipalities.all()


class Municipality(models.Model):
    # Statistics Denmark's three-digit code; DAWA writes the same with a leading zero.
    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.official_name

    @property
    def official_name(self) -> str:
        """"Københavns Kommune", "Bornholms Regionskommune", "Ballerup Kommune"."""
        return reference.official_name(self.code, self.name)


class Actor(models.Model):
    """A partner organisation a programme names, with the variants it goes by in running text."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    aliases = models.JSONField(default=list, blank=True, help_text="Andre navne og stavemåder.")
    description = models.TextField(blank=True)
    source = models.TextField(blank=True)
    council = models.OneToOneField(
        Council, null=True, blank=True, on_delete=models.SET_NULL, related_name="as_actor",
        help_text="Hvis aktøren selv er et råd eller forum i systemet.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "aktør"
        verbose_name_plural = "aktører"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actor", args=[self.slug])

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *[a for a in self.aliases if a != self.name])


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def current(self) -> Programme | None:
        """The programme of the latest election term among these: "the" programme of a
        council (Council.current_programme)."""
        return self.order_by("-term_start").first()


class Programme(models.Model):
    """One council's work programme for one election term, imported from its own document."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="programmes")
    term_start = models.PositiveSmallIntegerField()
    term_end = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    preamble = models.TextField(blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approval_text = models.TextField(blank=True)
    source_filename = models.CharField(max_length=255)
    source_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["council__name", "-term_start"]
        constraints = [
            models.UniqueConstraint(fields=["council", "term_start", "term_end"],
                                    name="one_programme_per_council_and_term"),
        ]
        verbose_name = "arbejdsprogram"
        verbose_name_plural = "arbejdsprogrammer"

    def __str__(self) -> str:
        return f"{self.council.name} {self.term}"

    def get_absolute_url(self) -> str:
        return reverse("programme", args=[self.council.slug, self.term])

    @property
    def term(self) -> str:
        return f"{self.term_start}-{self.term_end}"


class Recommendation(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE,
                                  related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    headline = models.TextField()
    body = models.TextField(blank=True)
    theme = models.CharField(max_length=100, blank=True)
    actors: models.ManyToManyField[Actor, RecommendationActor] = models.ManyToManyField(
        Actor, through="RecommendationActor", blank=True,
        related_name="recommendations")
    # Weighted mean of its published initiatives' progress; written only by
    # services.recompute_progress, never by signals.
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"],
                                    name="recommendation_number_unique_in_programme"),
        ]
        verbose_name = "anbefaling"
        verbose_name_plural = "anbefalinger"

    def __str__(self) -> str:
        return f"{self.number}. {self.headline}"

    def get_absolute_url(self) -> str:
        p = self.programme
        return reverse("recommendation", args=[p.council.slug, p.term, self.number])


class Origin(models.TextChoices):
    """Who put a row there: the importer may update and remove only what it made itself."""

    IMPORT = "import", "Importeret fra dokumentet"
    USER = "user", "Tilføjet af en bruger"


class RecommendationActor(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE)
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.USER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "actor"],
                                    name="actor_once_per_recommendation"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} i anbefaling {self.recommendation.number}"


class DateWindowFields(models.Model):
    """A date window: "foråret 2026" is 1 Mar–31 May 2026; either end may be open."""

    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    label = models.CharField(max_length=100, blank=True)
    precision = models.CharField(max_length=10, blank=True)

    class Meta:
        abstract = True

    @property
    def window(self) -> DateWindow:
        from kkrmonitor.parsing.danish_dates import DateWindow

        return DateWindow(self.start, self.end, self.label, self.precision)

    def set_window(self, window: DateWindow) -> None:
        self.start, self.end = window.start, window.end
        self.label, self.precision = window.label, window.precision

    @property
    def sort_date(self) -> date:
        return self.end or self.start or date.max


class Publication(models.TextChoices):
    DRAFT = "draft", "Kladde"
    PUBLISHED = "published", "Offentliggjort"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Ikke startet"
    ON_TRACK = "on_track", "På sporet"
    AT_RISK = "at_risk", "I risiko"
    DELAYED = "delayed", "Forsinket"
    DONE = "done", "Afsluttet"


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def visible_to(self, access: Access) -> InitiativeQuerySet:
        """Drafts are for logged-in members only; the public sees what is published."""
        if access.sees_drafts:
            return self
        return self.filter(publication=Publication.PUBLISHED)

    def stale(self, now: datetime | None = None) -> InitiativeQuerySet:
        """Initiative.is_stale as a query: not finished, and confirmed (or, never confirmed,
        created) before stale_cutoff()."""
        return self.filter(stale_q(stale_cutoff(now)))


def stale_q(cutoff: datetime, prefix: str = "") -> models.Q:
    """The stale rule as a condition, for counting through a relation (prefix
    "initiatives__"). Written without Coalesce so it reads the same on every database."""
    def q(**lookups: object) -> models.Q:
        return models.Q(**{prefix + key: value for key, value in lookups.items()})

    not_done = [value for value in Status.values if value != Status.DONE]
    return (q(status__in=not_done)
            & (q(confirmed_at__lt=cutoff) | q(confirmed_at__isnull=True, created_at__lt=cutoff)))


class Initiative(DateWindowFields):
    """An effort (indsats) that carries out a recommendation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="initiatives")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.CharField("ansvarlig", max_length=200, blank=True)
    contact_person = models.CharField("kontaktperson", max_length=200, blank=True)
    # The person who is told when the initiative needs them (kkrmonitor.owners); `owner` stays
    # the responsible organisation, as free text.
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="initiatives_owned",
                                    verbose_name="ansvarlig person")
    actors = models.ManyToManyField(Actor, blank=True, related_name="initiatives")
    weight = models.PositiveSmallIntegerField("vægt", default=1)
    publication = models.CharField(max_length=10, choices=Publication.choices,
                                   default=Publication.DRAFT)
    # The latest published status update, kept here so lists need no subquery.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(default=0)
    # "Senest bekræftet <dato> af <navn>": set by a published status update or "Bekræft uændret".
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "id"]
        verbose_name = "indsats"
        verbose_name_plural = "indsatser"

    def __str__(self) -> str:
        return self.title

    def is_stale(self, now: datetime | None = None, days: int | None = None) -> bool:
        """Not confirmed within the configured period (KKR_STALE_AFTER_DAYS, default 90).
        A finished initiative never goes stale; one never confirmed is stale from creation."""
        if self.status == Status.DONE:
            return False
        cutoff = (stale_cutoff(now) if days is None
                  else (now or timezone.now()) - timedelta(days=days))
        return (self.confirmed_at or self.created_at) < cutoff


class MilestoneState(models.TextChoices):
    """What became of a milestone. Only "missed" is late; a past deadline still "planned" has
    no registered outcome and is shown as unknown (programme.outcomes)."""

    PLANNED = "planned", "Planlagt"
    REACHED = "reached", "Nået"
    MOVED = "moved", "Flyttet"
    MISSED = "missed", "Ikke nået"
    DROPPED = "dropped", "Opgivet"


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def visible_to(self, access: Access) -> MilestoneQuerySet:
        """A milestone of a draft initiative is as hidden as its initiative."""
        if access.sees_drafts:
            return self
        return self.filter(models.Q(initiative__isnull=True)
                           | models.Q(initiative__publication=Publication.PUBLISHED))

    @staticmethod
    def is_visible(milestone: Milestone, access: Access) -> bool:
        """The same rule for a loaded milestone (needs `initiative` loaded)."""
        return (access.sees_drafts or milestone.initiative is None
                or milestone.initiative.publication == Publication.PUBLISHED)


class Obligation(models.Model):
    """Recurring work of the council under a recommendation (the rammeaftale every second year,
    the yearly result contract): one milestone per occurrence within the term, each with its
    own outcome (programme.obligations makes them)."""

    class Rhythm(models.TextChoices):
        YEARLY = "yearly", "Hvert år"
        EVERY_SECOND_YEAR = "biennial", "Hvert andet år"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="obligations")
    title = models.CharField("titel", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    rhythm = models.CharField("rytme", max_length=10, choices=Rhythm.choices)
    first_year = models.PositiveSmallIntegerField("første gang")
    # The usual time of year without the year, as written in Danish ("i løbet af",
    # "efteråret", "september"); each occurrence's window is this plus its year.
    usual_window = models.CharField("sædvanligt tidspunkt", max_length=60,
                                    default="i løbet af")
    # True when no source gives the time of year: the windows are what the secretariat
    # expects, and every page says so.
    is_expected = models.BooleanField("tidspunktet er en forventning", default=True)
    source = models.TextField("kilde")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["recommendation", "title", "id"]
        verbose_name = "tilbagevendende opgave"
        verbose_name_plural = "tilbagevendende opgaver"

    def __str__(self) -> str:
        return self.title

    def occurrence_years(self, term_start: int, term_end: int) -> list[int]:
        """The years within the term (inclusive) the obligation falls due."""
        step = 2 if self.rhythm == self.Rhythm.EVERY_SECOND_YEAR else 1
        return [year for year in range(self.first_year, term_end + 1, step)
                if year >= term_start]

    @property
    def rhythm_text(self) -> str:
        return str(self.get_rhythm_display())


class ExternalEvent(DateWindowFields):
    """A dated change in the world a recommendation responds to (a lapsing legal basis, a new
    region): context on the timeline and the recommendation's page, never a deadline, never
    overdue. Editable, always with its source."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="external_events")
    title = models.CharField("hændelse", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    source = models.TextField("kilde")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["start", "end", "id"]
        verbose_name = "ydre begivenhed"
        verbose_name_plural = "ydre begivenheder"

    def __str__(self) -> str:
        return f"{self.label}: {self.title}"


class Milestone(DateWindowFields):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="milestones")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="milestones")
    # A milestone made by a recurring obligation, for the year it falls due in.
    obligation = models.ForeignKey(Obligation, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="milestones")
    occurrence_year = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.TextField()
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.USER)
    # For imported rows: the sentence with its date masked, so a re-import recognises its own
    # milestone even when the revised document moved the date.
    source_text = models.TextField(blank=True)
    # The outcome, set only by services.set_milestone_outcome. `state_on` is the day it was
    # reached, missed, dropped or moved; a move keeps the window it left in `moved_from` and
    # takes the new one as the milestone's window.
    # Database defaults too, so rows written in bulk outside the ORM (the demo data) are planned.
    state = models.CharField(max_length=10, choices=MilestoneState.choices,
                             default=MilestoneState.PLANNED, db_default=MilestoneState.PLANNED)
    state_on = models.DateField(null=True, blank=True)
    state_reason = models.TextField(blank=True, default="", db_default="")
    moved_from = models.CharField(max_length=100, blank=True, default="", db_default="")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="milestones_owned",
                                    verbose_name="ansvarlig person")
    version = models.PositiveIntegerField(default=1)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["end", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "occurrence_year"],
                                    name="one_milestone_per_obligation_and_year"),
        ]
        verbose_name = "milepæl"
        verbose_name_plural = "milepæle"

    def __str__(self) -> str:
        return f"{self.label}: {self.title}"


class HistoryEntry(DateWindowFields):
    """Something the programme's document says, dated: what already happened, and a change in
    the world it dates ("bortfalder fra 2026"), shown as context, never as a deadline."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE,
                                       related_name="history")
    text = models.TextField()
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.USER)
    source_text = models.TextField(blank=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = "historik"
        verbose_name_plural = "historik"

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


class StatusUpdate(models.Model):
    """A dated statement of how an initiative stands, by a named person."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE,
                                   related_name="status_updates")
    status = models.CharField(max_length=12, choices=Status.choices)
    progress = models.PositiveSmallIntegerField("fremdrift (%)")
    narrative = models.TextField("beskrivelse", blank=True)
    as_of = models.DateField("dato")
    publication = models.CharField(max_length=10, choices=Publication.choices,
                                   default=Publication.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-as_of", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100),
                                   name="status_progress_at_most_100"),
        ]
        verbose_name = "statusopdatering"
        verbose_name_plural = "statusopdateringer"

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_status_display()} ({self.as_of:%d.%m.%Y})"


class CommentQuerySet(models.QuerySet["Comment"]):
    def visible_to(self, access: Access) -> CommentQuerySet:
        """Comments are internal notes: never public; administrators, editors and readers read
        all of them, a municipal contact those on their own councils' initiatives."""
        if not access.is_member:
            return self.none()
        if access.reads_all_councils:
            return self
        return self.filter(
            initiative__recommendation__programme__council__in=access.contact_councils)


class Comment(models.Model):
    """A comment on an initiative; a municipal contact writes on behalf of their municipality."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    municipality = models.ForeignKey(Municipality, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="comments")
    # The secretariat may address a comment to a municipality: it is then listed in the work
    # queue of that municipality's contacts.
    addressed_to = models.ForeignKey(Municipality, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="addressed_comments",
                                     verbose_name="til kommune")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    text = models.TextField("kommentar")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "kommentar"
        verbose_name_plural = "kommentarer"

    def __str__(self) -> str:
        return f"Kommentar til {self.initiative}"


class AuditEvent(models.Model):
    """One write: who, when, what, before and after. Written by the service function that made
    the change, in the same transaction. Separate from the public history of the programme."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200, help_text="Hvem eller hvad der skrev.")
    channel = models.CharField(max_length=10)  # "web", "cli", "import", "api"
    action = models.CharField(max_length=50)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict)  # {field: [before, after]}
    # Where the change belongs, so a recommendation's or initiative's history page also shows
    # the changes to its milestones, status updates and comments.
    recommendation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    initiative_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # Was the object public content when it was written? The public sees only these events.
    is_public = models.BooleanField(default=True)
    # The council decision (meetings.Decision) that made this change, if any.
    decision_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = "ændring"
        verbose_name_plural = "ændringer"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_repr}"
