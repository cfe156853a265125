"""Joint efforts run in every member municipality (with ordered stages and each municipality's
reported stage), project portfolios with configurable stage paths, and initiatives shared
across councils."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kkrmonitor.programme.models import (
    Council,
    Initiative,
    InitiativeQuerySet,
    Municipality,
    Recommendation,
)

if TYPE_CHECKING:
    from kkrmonitor.access import Access

NOT_REPORTED = "Ikke rapporteret"
NOT_GIVEN = "Ikke angivet"
INCOMPLETE_TITLE = "Listen er ufuldstændig"


class JointInitiativeQuerySet(models.QuerySet["JointInitiative"]):
    def visible_to(self, access: Access) -> JointInitiativeQuerySet:
        """A joint effort is as visible as its initiative (Initiative.objects.visible_to)."""
        if access.sees_drafts:
            return self
        return self.filter(initiative__in=Initiative.objects.visible_to(access))


class JointInitiative(models.Model):
    """A programme initiative that every member municipality carries out, moving through the
    same ordered stages. Its rows are the municipalities of the initiative's council and of the
    councils it is shared with."""

    initiative = models.OneToOneField(Initiative, primary_key=True, on_delete=models.CASCADE,
                                      related_name="joint")
    # The on-track rule (rollup.expected_stage_index) spreads the stages evenly from `start`
    # to `deadline`.
    start = models.DateField("start")
    deadline = models.DateField("frist")
    source = models.TextField("kilde", blank=True)
    # Says where the start and deadline come from when no source gives them (the IT-operations
    # effort's start is the secretariat's own assumption), so it can be corrected.
    dates_note = models.TextField("note om datoerne", blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = JointInitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "fælles kommunal indsats"
        verbose_name_plural = "fælles kommunale indsatser"

    def __str__(self) -> str:
        return self.initiative.title

    def get_absolute_url(self) -> str:
        return reverse("joint_matrix", args=[self.pk])

    @property
    def council(self) -> Council:
        return self.initiative.recommendation.programme.council

    def councils(self) -> list[Council]:
        """The initiative's own council first, then those it is shared with."""
        own = self.council
        shared = [s.council for s in
                  SharedInitiative.objects.filter(initiative_id=self.pk)
                  .select_related("council").order_by("council__name")]
        return [own, *[c for c in shared if c.pk != own.pk]]

    def municipalities(self) -> models.QuerySet[Municipality]:
        ids: set[int] = set()
        for council in self.councils():
            ids.update(council.member_municipalities().values_list("pk", flat=True))
        return Municipality.objects.filter(pk__in=ids).select_related("council")


class JointStage(models.Model):
    joint = models.ForeignKey(JointInitiative, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField("nummer")
    name = models.CharField("trin", max_length=100)
    # Who sees to the stage (issue #14): a member of the council's secretariat or a municipal
    # contact, assigned through kkrmonitor.owners. Internal: not shown on public pages.
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="stages_owned",
                                    verbose_name="ansvarlig person")

    class Meta:
        ordering = ["joint", "position"]
        constraints = [
            models.UniqueConstraint(fields=["joint", "position"], name="joint_stage_position"),
            models.UniqueConstraint(fields=["joint", "name"], name="joint_stage_name"),
        ]
        verbose_name = "trin"
        verbose_name_plural = "trin"

    def __str__(self) -> str:
        return self.name

    @property
    def initiative_id(self) -> int:
        """Where the audit row belongs (audit.recording._context): the joint effort's
        initiative."""
        return self.joint_id

    @property
    def recommendation_id(self) -> int:
        return self.joint.initiative.recommendation_id

    @property
    def title(self) -> str:
        """What the assign page and "Mine opgaver" call the stage."""
        return f"{self.name} – {self.joint.initiative.title}"


class StageReport(models.Model):
    """A municipality's stage on a joint initiative, as its contact (or the secretariat)
    reported it. Shown publicly only once approved."""

    class State(models.TextChoices):
        PENDING = "pending", "Afventer godkendelse"
        APPROVED = "approved", "Godkendt"
        RETURNED = "returned", "Sendt retur"
        SUPERSEDED = "superseded", "Erstattet af en nyere indberetning"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE,
                                   related_name="stage_reports")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="stage_reports")
    stage = models.ForeignKey(JointStage, on_delete=models.PROTECT, related_name="reports")
    as_of = models.DateField("dato")
    note = models.TextField("note", blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    author_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField("kommentar fra sekretariatet", blank=True)
    # Set when a newer report (a contact's, the secretariat's or a bulk import's) replaced this
    # one while it was waiting; the replacing write's audit event names this report too.
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="supersedes")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-as_of", "-id"]
        verbose_name = "indberetning"
        verbose_name_plural = "indberetninger"

    def __str__(self) -> str:
        return f"{self.municipality.name}: {self.stage.name} ({self.as_of:%d.%m.%Y})"


class SharedInitiative(models.Model):
    """An initiative one council owns that another council shares (recommendation 8); it
    shows in the other council's programme too."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="shared")
    council = models.ForeignKey(Council, on_delete=models.CASCADE,
                                related_name="shared_initiatives")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "council"],
                                               name="initiative_shared_once_per_council")]
        verbose_name = "delt indsats"
        verbose_name_plural = "delte indsatser"

    def __str__(self) -> str:
        return f"{self.initiative} (delt med {self.council})"


def initiatives_shared_with(council: Council) -> InitiativeQuerySet:
    """Initiatives of other councils' programmes that `council` shares (each once: an
    initiative is shared with a council at most once)."""
    return (Initiative.objects.filter(shared__council=council)
            .exclude(recommendation__programme__council=council)
            .select_related("recommendation__programme__council"))


# --- portfolios -------------------------------------------------------------------------

class Portfolio(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="portfolios")
    # The recommendation the portfolio carries out (the infrastructure projects: recommendation
    # 2); its page links here. Empty for a portfolio that belongs to no single recommendation.
    recommendation = models.ForeignKey(Recommendation, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="portfolios",
                                       verbose_name="anbefaling")
    source = models.TextField("kilde", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "portefølje"
        verbose_name_plural = "porteføljer"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio", args=[self.slug])


class PortfolioStage(models.Model):
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField("nummer")
    name = models.CharField("fase", max_length=100)

    class Meta:
        ordering = ["portfolio", "position"]
        constraints = [
            models.UniqueConstraint(fields=["portfolio", "position"],
                                    name="portfolio_stage_position"),
            models.UniqueConstraint(fields=["portfolio", "name"], name="portfolio_stage_name"),
        ]
        verbose_name = "fase"
        verbose_name_plural = "faser"

    def __str__(self) -> str:
        return self.name


class ProjectList(models.Model):
    """A named list projects belong to, like "VIP 2016" or "Strategi 2025"."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="lists")
    name = models.CharField("navn", max_length=200)
    description = models.TextField("beskrivelse", blank=True)
    is_complete = models.BooleanField("listen er fuldstændig", default=True)
    completeness_note = models.TextField("note om fuldstændighed", blank=True)
    source = models.TextField("kilde", blank=True)

    class Meta:
        ordering = ["portfolio", "name"]
        constraints = [models.UniqueConstraint(fields=["portfolio", "name"],
                                               name="project_list_name")]
        verbose_name = "liste"
        verbose_name_plural = "lister"

    def __str__(self) -> str:
        return self.name

    @property
    def completeness_detail(self) -> str:
        """The note without its opening "Listen er ufuldstændig." (the warning's own title),
        so the page says it once."""
        note = self.completeness_note.strip()
        for opening in (f"{INCOMPLETE_TITLE}.", INCOMPLETE_TITLE):
            if note.startswith(opening):
                return note[len(opening):].lstrip(" .:–-")
        return note


class Project(models.Model):
    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="projects")
    slug = models.SlugField(max_length=200)
    name = models.CharField("navn", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    # None means "Ikke angivet": the stage is not known from any source.
    stage = models.ForeignKey(PortfolioStage, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="projects", verbose_name="fase")
    responsible_authority = models.CharField("ansvarlig myndighed", max_length=200, blank=True)
    state_funding_dkk = models.DecimalField("statslig finansiering besluttet (kr.)",
                                            max_digits=16, decimal_places=0, null=True,
                                            blank=True)
    funding_decision = models.CharField("finansieringsbeslutning", max_length=300, blank=True)
    funding_date = models.DateField("dato for beslutningen", null=True, blank=True)
    lists: models.ManyToManyField[ProjectList, ListMembership] = models.ManyToManyField(
        ProjectList, through="ListMembership", blank=True, related_name="projects")
    source = models.TextField("kilde", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["portfolio", "name"]
        constraints = [models.UniqueConstraint(fields=["portfolio", "slug"],
                                               name="project_slug_in_portfolio")]
        verbose_name = "projekt"
        verbose_name_plural = "projekter"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("project", args=[self.portfolio.slug, self.slug])

    @property
    def stage_label(self) -> str:
        return self.stage.name if self.stage else NOT_GIVEN


class ListMembership(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE)
    project_list = models.ForeignKey(ProjectList, on_delete=models.CASCADE)
    role = models.CharField("rolle på listen", max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "project_list"],
                                               name="project_once_per_list")]

    def __str__(self) -> str:
        return f"{self.project} på {self.project_list}"


class ProjectEvent(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    date = models.DateField("dato")
    text = models.TextField("hændelse")
    source = models.TextField("kilde", blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "hændelse"
        verbose_name_plural = "hændelser"

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.text}"
