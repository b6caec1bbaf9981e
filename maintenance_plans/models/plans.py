"""Yearly maintenance plans (systemförvaltningsplaner): goals, activities and budget per system and year."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import VersionedModel

from ..calculations import MAX_AMOUNT, MAX_HOURLY_RATE, MAX_HOURS, staff_cost
from .register import System


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


EDITABLE_STATES = (PlanState.DRAFT, PlanState.RETURNED)


class ActivityKind(models.TextChoices):
    CORRECTIVE = "corrective", _("Corrective maintenance")
    ADAPTIVE = "adaptive", _("Adaptive maintenance")
    DEVELOPMENT = "development", _("Development")
    PHASE_OUT = "phase_out", _("Phase-out")


class CostType(models.TextChoices):
    LICENCES = "licences", _("Licences / subscription")
    OPERATION = "operation", _("Operation and hosting")
    SUPPORT = "support", _("Support")
    STAFF = "staff", _("Internal staff hours")
    DEVELOPMENT = "development", _("Development within maintenance")


class MaintenancePlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans are read by everyone signed in (IT coordination and the boards compare them)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self

    def for_year(self, year: int):
        return self.filter(plan_year=year)

    def with_total(self):
        total = (
            PlanBudgetLine.objects.filter(plan=models.OuterRef("pk"))
            .values("plan")
            .annotate(s=models.Sum("amount"))
            .values("s")
        )
        return self.annotate(
            budget_total=models.functions.Coalesce(
                models.Subquery(total, output_field=models.DecimalField(max_digits=14, decimal_places=2)),
                Decimal(0),
                output_field=models.DecimalField(max_digits=14, decimal_places=2),
            )
        )


class MaintenancePlan(VersionedModel):
    """One system's maintenance plan for one plan year."""

    system = models.ForeignKey(
        System, on_delete=models.PROTECT, related_name="maintenance_plans", verbose_name=_("system")
    )
    plan_year = models.PositiveSmallIntegerField(
        _("plan year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    state = models.CharField(
        _("state"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT, editable=False
    )
    goals = models.TextField(_("goals for the year"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    classification_review_on = models.DateField(
        _("classification review date"),
        null=True,
        blank=True,
        help_text=_("When the information classification is next reviewed."),
    )
    contract_renewal_need = models.TextField(
        _("contract renewal or procurement need"),
        blank=True,
        help_text=_("Whether the contract must be renewed or a new procurement started, and when."),
    )
    procurement_needed = models.BooleanField(_("procurement needed"), default=False)
    decommissioning_plan = models.TextField(_("decommissioning plan"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
        editable=False,
    )

    objects = MaintenancePlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        ordering = ["-plan_year", "system__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "plan_year"],
                name="plan_one_per_system_and_year",
                violation_error_message=_("This system already has a maintenance plan for that year."),
            ),
        ]
        indexes = [models.Index(fields=["plan_year", "state"])]
        permissions = [
            ("submit_maintenanceplan", "Can submit a maintenance plan"),
            ("review_maintenanceplan", "Can accept, return or reopen a maintenance plan"),
        ]

    def __str__(self) -> str:
        return _("Maintenance plan %(year)s: %(system)s") % {"year": self.plan_year, "system": self.system}

    def get_absolute_url(self) -> str:
        return reverse("maintenance_plans:plan-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class PlanActivity(models.Model):
    plan = models.ForeignKey(
        MaintenancePlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("maintenance plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)],
    )
    description = models.CharField(_("description"), max_length=500)
    estimate = models.DecimalField(
        _("estimate (SEK)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "quarter", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="activity_quarter_1_4",
                violation_error_message=_("The quarter is 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(estimate__gte=0, estimate__lte=MAX_AMOUNT),
                name="activity_estimate_range",
                violation_error_message=_("The estimate must be between 0 and the maximum."),
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.description}"


class PlanBudgetLine(models.Model):
    """One cost of the year. Internal staff time is hours × hourly rate; other costs are an amount."""

    plan = models.ForeignKey(
        MaintenancePlan, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("maintenance plan")
    )
    cost_type = models.CharField(_("cost type"), max_length=20, choices=CostType.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURS)],
        help_text=_("Only for internal staff hours."),
    )
    hourly_rate = models.DecimalField(
        _("hourly rate (SEK)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURLY_RATE)],
        help_text=_("Only for internal staff hours; defaults to the budget cycle's rate."),
    )
    amount = models.DecimalField(
        _("amount (SEK)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MAX_AMOUNT)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["plan", "cost_type", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0, amount__lte=MAX_AMOUNT),
                name="budgetline_amount_range",
                violation_error_message=_("The amount must be between 0 and the maximum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_cost_type_display()}: {self.amount}"

    def clean(self) -> None:
        """Staff lines need hours and a rate and get amount = hours × rate; other lines carry an amount."""
        if self.cost_type == CostType.STAFF:
            errors = {}
            if self.hours is None:
                errors["hours"] = _("Give the number of hours for internal staff time.")
            if self.hourly_rate is None:
                errors["hourly_rate"] = _("Give the hourly rate for internal staff time.")
            if errors:
                raise ValidationError(errors)
            amount = staff_cost(self.hours, self.hourly_rate)
            if amount > MAX_AMOUNT:
                raise ValidationError({"hours": _("Hours × rate is more than the largest allowed amount.")})
            self.amount = amount
        else:
            self.hours = None
            self.hourly_rate = None
            if self.amount is None:
                raise ValidationError({"amount": _("Give the amount.")})
