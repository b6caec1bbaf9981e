from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import VersionedModel


class BudgetCycle(VersionedModel):
    """The yearly rhythm for plan year Y: one cycle per year, its milestones from DESIGN §4."""

    plan_year = models.PositiveSmallIntegerField(
        _("plan year"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("There is already a budget cycle for this plan year.")},
    )
    discount_rate = models.DecimalField(
        _("discount rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.03"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("0.2"))],
        help_text=_("Used for net present values, as a fraction: 0.03 is 3 %."),
    )
    hourly_rate = models.DecimalField(
        _("hourly rate for staff time (SEK)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(450),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget cycle")
        verbose_name_plural = _("budget cycles")
        ordering = ["-plan_year"]

    def __str__(self) -> str:
        return _("Budget cycle %(year)s") % {"year": self.plan_year}

    def get_absolute_url(self) -> str:
        return reverse("governance:cycle-detail", args=[self.pk])

    def milestone(self, kind: str) -> "Milestone | None":
        return next((m for m in self.milestones.all() if m.kind == kind), None)

    def is_locked(self, on=None) -> bool:
        """True once the cycle's lock milestone has passed: plans change only through revisions."""
        lock = self.milestone(MilestoneKind.LOCK)
        return lock is not None and (on or timezone.localdate()) > lock.ends_on


class MilestoneKind(models.TextChoices):
    INVENTORY = "inventory", _("Inventory of proposals and ongoing projects")
    INVENTORY_PRESENTED = "inventory_presented", _("Compiled inventory presented to the leadership group")
    BUDGET_PRIORITIES = "budget_priorities", _("Budget priorities")
    PROPOSAL_READY = "proposal_ready", _("Proposal of development projects and investments ready")
    MAINTENANCE_PLANS_FILED = "maintenance_plans_filed", _("Maintenance plans filed")
    LOCK = "lock", _("Changes final (lock)")
    IT_PLAN_APPROVED = "it_plan_approved", _("IT plan approved")
    FOLLOW_UP = "follow_up", _("Follow-up of the running plan")
    OTHER = "other", _("Other")


class Responsible(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership group")
    BOARDS = "boards", _("IT-strategic boards")
    ICT_GROUPS = "ict_groups", _("ICT groups")
    IT_COORDINATION = "it_coordination", _("IT manager / IT coordination")
    SYSTEM_MANAGERS = "system_managers", _("System managers")


class Milestone(models.Model):
    cycle = models.ForeignKey(BudgetCycle, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("cycle"))
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("due on"))
    responsible = models.CharField(_("who"), max_length=20, choices=Responsible.choices)
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=14)
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        help_text=_("When set, nobody is reminded of this milestone any more."),
    )

    history = HistoricalRecords()

    Responsible = Responsible

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["cycle", "ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="milestone_ends_after_start",
                violation_error_message=_("A milestone cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "kind"],
                condition=~Q(kind="other"),
                name="milestone_unique_kind_per_cycle",
                violation_error_message=_("This cycle already has a milestone of that kind."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.ends_on})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {
                    "ends_on": _(
                        "The milestone ends before it starts (%(start)s): move the due date to on or after the start."
                    )
                    % {"start": self.starts_on}
                }
            )

    @property
    def remind_from(self):
        return self.ends_on - timezone.timedelta(days=self.remind_days_before)

    def is_overdue(self, on=None) -> bool:
        return self.completed_on is None and (on or timezone.localdate()) > self.ends_on
