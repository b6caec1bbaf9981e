"""Projects: what an approved proposal becomes, with its frozen baseline, status reports, actual costs and
benefit follow-up, and the programmes that group proposals and projects.

Project lifecycle (portfolio.projects.workflows.PROJECT_WORKFLOW): in progress → completed → benefits followed up
→ closed.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import VersionedModel
from portfolio.proposals.models import MONEY, BenefitLine, CostCategory, Proposal


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes are read by everyone signed in."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self


class Programme(VersionedModel):
    """A group of related proposals and projects (portfolio → programme → project)."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("There is already a programme with this name.")},
    )
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes_owned",
        verbose_name=_("owner"),
    )

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:programme-detail", args=[self.pk])


class ProjectState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    BENEFITS_FOLLOWED_UP = "benefits_followed_up", _("Benefits followed up")
    CLOSED = "closed", _("Closed")


ACTIVE_PROJECT_STATES = frozenset({ProjectState.IN_PROGRESS, ProjectState.COMPLETED})


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects come from approved proposals, which everyone signed in reads."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self

    def active(self):
        return self.filter(state__in=list(ACTIVE_PROJECT_STATES))


class Project(VersionedModel):
    """An approved proposal being carried out. `baseline_*` are frozen at approval and never change."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.PROTECT, related_name="project", verbose_name=_("proposal")
    )
    name = models.CharField(_("name"), max_length=200)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("programme"),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_managed",
        verbose_name=_("project manager"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    planned_end_date = models.DateField(_("planned end"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    state = models.CharField(
        _("state"), max_length=30, choices=ProjectState.choices, default=ProjectState.IN_PROGRESS, editable=False
    )
    # The frozen plan: a copy of every cost and benefit line at approval, and its base-scenario results.
    baseline = models.JSONField(_("baseline"), default=dict, editable=False)
    baseline_total_cost = models.DecimalField(_("planned total cost"), default=Decimal(0), editable=False, **MONEY)
    baseline_total_benefit = models.DecimalField(
        _("planned monetary benefit"), default=Decimal(0), editable=False, **MONEY
    )
    baseline_npv = models.DecimalField(_("planned net present value"), default=Decimal(0), editable=False, **MONEY)
    approved_at = models.DateTimeField(_("approved"), default=timezone.now, editable=False)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        indexes = [models.Index(fields=["state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(planned_end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:project-detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.planned_end_date and self.planned_end_date < self.start_date:
            raise ValidationError(
                {"planned_end_date": _("The planned end is before the start (%(start)s).") % {"start": self.start_date}}
            )


class BaselineYear(models.Model):
    """The frozen plan of one calendar year of a project (base scenario), for plan-vs-actual in SQL."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="baseline_years", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    cost = models.DecimalField(_("planned cost"), default=Decimal(0), **MONEY)
    investment = models.DecimalField(_("of which investment"), default=Decimal(0), **MONEY)
    benefit = models.DecimalField(_("planned monetary benefit"), default=Decimal(0), **MONEY)
    cash_releasing_benefit = models.DecimalField(_("of which cash-releasing"), default=Decimal(0), **MONEY)

    class Meta:
        verbose_name = _("baseline year")
        verbose_name_plural = _("baseline years")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="baselineyear_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class RAG(models.TextChoices):
    GREEN = "green", _("Green – on track")
    AMBER = "amber", _("Amber – at risk")
    RED = "red", _("Red – off track")


class StatusReport(VersionedModel):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="status_reports", verbose_name=_("project")
    )
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    schedule = models.CharField(_("schedule"), max_length=5, choices=RAG.choices)
    schedule_comment = models.TextField(_("schedule comment"), blank=True)
    cost = models.CharField(_("cost"), max_length=5, choices=RAG.choices)
    cost_comment = models.TextField(_("cost comment"), blank=True)
    scope = models.CharField(_("scope"), max_length=5, choices=RAG.choices)
    scope_comment = models.TextField(_("scope comment"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["project", "-reported_on", "-pk"]
        indexes = [models.Index(fields=["project", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.project} {self.reported_on}"

    def clean(self) -> None:
        errors = {}
        for field in ("schedule", "cost", "scope"):
            if getattr(self, field) in (RAG.AMBER, RAG.RED) and not getattr(self, f"{field}_comment").strip():
                errors[f"{field}_comment"] = _("Explain why this is amber or red.")
        if errors:
            raise ValidationError(errors)

    @property
    def overall(self) -> str:
        """The worst of the three."""
        order = [RAG.GREEN, RAG.AMBER, RAG.RED]
        return max((self.schedule, self.cost, self.scope), key=order.index)


class ActualCost(VersionedModel):
    """What the project actually cost in one calendar year (per category)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="actual_costs", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    category = models.CharField(
        _("category"), max_length=20, choices=CostCategory.choices, default=CostCategory.INVESTMENT
    )
    amount = models.DecimalField(_("amount (SEK)"), validators=[MinValueValidator(Decimal(0))], **MONEY)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")
        ordering = ["project", "year", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "category"],
                name="actualcost_one_per_year_category",
                violation_error_message=_("This year already has an actual cost of that category."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="actualcost_not_negative",
                violation_error_message=_("An actual cost cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}: {self.amount}"


class FollowUpPhase(models.TextChoices):
    BEFORE = "before", _("Before the project")
    DURING = "during", _("During the project")
    AFTER = "after", _("After the project")


class BenefitFollowUp(VersionedModel):
    """A measurement of one benefit line's indicator, planned against realised, before, during or after."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="benefit_follow_ups", verbose_name=_("project")
    )
    benefit_line = models.ForeignKey(
        BenefitLine, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("benefit")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=FollowUpPhase.choices)
    measured_on = models.DateField(_("measured on"), default=timezone.localdate)
    planned_value = models.DecimalField(
        _("planned value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: taken from the benefit line (its amount, or its target)."),
    )
    realised_value = models.DecimalField(_("realised value"), max_digits=16, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("benefit follow-up")
        verbose_name_plural = _("benefit follow-ups")
        ordering = ["project", "benefit_line", "measured_on", "pk"]
        indexes = [models.Index(fields=["project", "phase"])]

    def __str__(self) -> str:
        return f"{self.benefit_line} {self.get_phase_display()} {self.measured_on}"

    def clean(self) -> None:
        if self.project_id and self.benefit_line_id and self.benefit_line.proposal_id != self.project.proposal_id:
            raise ValidationError({"benefit_line": _("Choose a benefit of this project's proposal.")})
        if self.planned_value is None and self.benefit_line_id:
            line = self.benefit_line
            self.planned_value = line.amount if line.amount is not None else line.target

    @property
    def deviation(self) -> Decimal | None:
        if self.planned_value is None or self.realised_value is None:
            return None
        return self.realised_value - self.planned_value
