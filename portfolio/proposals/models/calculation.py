"""Cost and benefit lines of a proposal's benefit calculation (nyttokalkyl), DESIGN §6.

Years are indexes in the calculation period: 0 is the proposal's plan year (its target cycle),
`calculation_years - 1` the last. Staff costs and freed time are entered as hours × hourly rate;
`clean()` fills in the amount (rate defaults to the cycle's hourly rate), so forms, admin, imports and
services all price time the same way. The figures are computed by `portfolio.proposals.calculations`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import Indicator
from portfolio.proposals.calculations import CalculationError, staff_cost
from portfolio.proposals.models.proposal import MONEY, Proposal

RATE = {"max_digits": 8, "decimal_places": 2}
HOURS = {"max_digits": 10, "decimal_places": 2}


class CostCategory(models.TextChoices):
    INVESTMENT = "investment", _("Investment (one-off)")
    RUNNING = "running", _("Running cost (licences, operation, support)")
    STAFF = "staff", _("Internal staff time")


class Payer(models.TextChoices):
    ADMINISTRATION = "administration", _("The administration")
    CENTRAL_FUND = "central_fund", _("Central fund")


class CostType(models.TextChoices):
    """Which budget a cost counts against (budget limits in prioritisation are per cost type)."""

    INVESTMENT = "investment", _("Investment budget")
    OPERATING = "operating", _("Operating budget")


DEFAULT_COST_TYPE = {
    CostCategory.INVESTMENT: CostType.INVESTMENT,
    CostCategory.RUNNING: CostType.OPERATING,
    CostCategory.STAFF: CostType.OPERATING,
}


class BenefitType(models.TextChoices):
    COST_REDUCTION = "cost_reduction", _("Cost reduction")
    TIME_FREED = "time_freed", _("Time freed")
    REVENUE = "revenue", _("Revenue")
    QUALITY = "quality", _("Quality gain")


class Stakeholder(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    BUSINESSES = "businesses", _("Businesses")
    STAFF = "staff", _("Staff")
    MUNICIPALITY = "municipality", _("The municipality")
    OTHER_AUTHORITIES = "other_authorities", _("Other authorities")


class _Line(models.Model):
    """What cost and benefit lines share: the year, hours × rate pricing and low/high estimates."""

    year = models.PositiveSmallIntegerField(_("year"), help_text=_("0 is the start year."))
    description = models.CharField(_("description"), max_length=300, blank=True)
    hours = models.DecimalField(_("hours"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))], **HOURS)
    hourly_rate = models.DecimalField(
        _("hourly rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Empty: the plan year's hourly rate."),
        **RATE,
    )
    amount_low = models.DecimalField(
        _("low estimate"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))], **MONEY
    )
    amount_high = models.DecimalField(
        _("high estimate"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))], **MONEY
    )

    class Meta:
        abstract = True
        ordering = ["proposal", "year", "pk"]

    @property
    def calendar_year(self) -> int:
        return self.proposal.start_year + self.year

    def _clean_year(self, errors: dict) -> None:
        if self.year is None or not self.proposal_id:
            return
        period = self.proposal.calculation_years
        if self.year >= period:
            errors["year"] = _(
                "Year %(year)s is outside the calculation period of %(period)s years: use 0 to %(last)s "
                "(0 is the start year, %(start)s)."
            ) % {"year": self.year, "period": period, "last": period - 1, "start": self.proposal.start_year}

    def _price_time(self, errors: dict) -> None:
        """hours × rate → amount; the rate falls back to the plan year's hourly rate."""
        if self.hours is None:
            errors["hours"] = _("Enter the number of hours.")
            return
        if self.hours < 0:
            errors["hours"] = _("Hours cannot be negative.")
            return
        if self.hourly_rate is None and self.proposal_id:
            self.hourly_rate = self.proposal.target_cycle.hourly_rate
        if self.hourly_rate is None:
            errors["hourly_rate"] = _("Enter the hourly rate.")
            return
        if self.hourly_rate <= 0 and self.hours > 0:
            errors["hourly_rate"] = _("The hourly rate must be above zero when hours are entered.")
            return
        try:
            self.amount = staff_cost(self.hours, self.hourly_rate)
        except CalculationError as exc:  # pragma: no cover - guarded above
            errors["hours"] = "; ".join(exc.problems)

    def _clean_estimates(self, errors: dict) -> None:
        if self.amount is None:
            return
        if self.amount_low is not None and self.amount_low > self.amount:
            errors["amount_low"] = _("The low estimate cannot be above the amount (%(amount)s).") % {
                "amount": self.amount
            }
        if self.amount_high is not None and self.amount_high < self.amount:
            errors["amount_high"] = _("The high estimate cannot be below the amount (%(amount)s).") % {
                "amount": self.amount
            }


class CostLine(_Line):
    """A cost in one year of the calculation period."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="cost_lines", verbose_name=_("proposal")
    )
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices, default=Payer.ADMINISTRATION)
    cost_type = models.CharField(
        _("budget"),
        max_length=20,
        choices=CostType.choices,
        blank=True,
        help_text=_("Empty: investment for investments, else operating."),
    )
    amount = models.DecimalField(
        _("amount (SEK)"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))], **MONEY
    )

    history = HistoricalRecords()

    class Meta(_Line.Meta):
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="costline_amount_not_negative",
                violation_error_message=_("A cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="costline_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["proposal", "year"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.year}: {self.amount}"

    def clean(self) -> None:
        errors: dict = {}
        self._clean_year(errors)
        if self.category == CostCategory.STAFF:
            self._price_time(errors)
        else:
            if self.hours is not None:
                errors["hours"] = _("Hours belong on internal staff time lines; enter an amount instead.")
            if self.amount is None:
                errors["amount"] = _("Enter the amount.")
            elif self.amount < 0:
                errors["amount"] = _("A cost cannot be negative; a saving is a benefit line.")
        if not self.cost_type and self.category:
            self.cost_type = DEFAULT_COST_TYPE.get(self.category, CostType.OPERATING)
        if "amount" not in errors and "hours" not in errors:
            self._clean_estimates(errors)
        if errors:
            raise ValidationError(errors)


class BenefitLine(_Line):
    """A benefit in one year: monetary (an amount, or hours × rate of freed time) or qualitative (score 1–5).

    Every line names the person responsible for realising it (nyttoansvarig) and, where it has an
    indicator, its baseline, target and how it is measured.
    """

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="benefit_lines", verbose_name=_("proposal")
    )
    benefit_type = models.CharField(_("type"), max_length=20, choices=BenefitType.choices)
    stakeholder = models.CharField(_("stakeholder"), max_length=20, choices=Stakeholder.choices)
    cash_releasing = models.BooleanField(
        _("cash-releasing"),
        default=False,
        help_text=_("Money that can be taken out of a budget; otherwise resources freed stay in the operation."),
    )
    amount = models.DecimalField(
        _("amount (SEK)"), null=True, blank=True, validators=[MinValueValidator(Decimal(0))], **MONEY
    )
    score = models.PositiveSmallIntegerField(
        _("score (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Quality gains are scored 1 (small) to 5 (very large) instead of valued in kronor."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefit_lines_owned",
        verbose_name=_("benefit owner"),
        help_text=_("The person responsible for realising the benefit."),
    )
    indicator_name = models.CharField(_("indicator"), max_length=200, blank=True)
    goal_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="benefit_lines",
        verbose_name=_("strategic indicator"),
        help_text=_("The goal indicator this benefit moves, if any."),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=2, null=True, blank=True)
    measurement_method = models.TextField(_("how it is measured"), blank=True)

    history = HistoricalRecords()

    class Meta(_Line.Meta):
        verbose_name = _("benefit line")
        verbose_name_plural = _("benefit lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="benefitline_amount_not_negative",
                violation_error_message=_("A benefit cannot be negative; enter a cost line."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=1) & Q(score__lte=5)),
                name="benefitline_score_range",
                violation_error_message=_("The score must be 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="benefitline_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["proposal", "year"])]

    def __str__(self) -> str:
        value = self.amount if self.amount is not None else self.score
        return f"{self.get_benefit_type_display()} {self.year}: {value}"

    @property
    def is_qualitative(self) -> bool:
        return self.benefit_type == BenefitType.QUALITY

    def clean(self) -> None:
        errors: dict = {}
        self._clean_year(errors)
        if self.owner_id is None:
            errors["owner"] = _("Name the person responsible for realising this benefit (the benefit owner).")
        if self.benefit_type == BenefitType.QUALITY:
            if self.score is None:
                errors["score"] = _("Score the quality gain from 1 (small) to 5 (very large).")
            elif not 1 <= self.score <= 5:
                errors["score"] = _("The score must be 1 to 5 (got %(score)s).") % {"score": self.score}
            if self.amount is not None or self.amount_low is not None or self.amount_high is not None:
                errors["amount"] = _(
                    "A quality gain is scored, not valued in kronor: leave the amounts empty or choose another type."
                )
            if self.hours is not None:
                errors["hours"] = _("A quality gain has no hours; choose “time freed” to value freed time.")
            if self.cash_releasing:
                errors["cash_releasing"] = _("A quality gain cannot release cash.")
            if not (self.indicator_name or self.goal_indicator_id):
                errors["indicator_name"] = _("Name the indicator that shows the quality gain.")
        else:
            if self.score is not None:
                errors["score"] = _("Only quality gains carry a score; this line is valued in kronor.")
            if self.benefit_type == BenefitType.TIME_FREED:
                self._price_time(errors)
            else:
                if self.hours is not None:
                    errors["hours"] = _("Hours belong on “time freed” lines; enter an amount instead.")
                if self.amount is None:
                    errors["amount"] = _("Enter the amount.")
                elif self.amount < 0:
                    errors["amount"] = _("A benefit cannot be negative; enter a dis-benefit as a cost line.")
            if "amount" not in errors and "hours" not in errors:
                self._clean_estimates(errors)
        if errors:
            raise ValidationError(errors)
