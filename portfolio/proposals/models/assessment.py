"""The IT-strategic board's assessment of a proposal: risk register and financing decision.

The board's recommendation itself (text and the meeting decision) lives on the proposal.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import Decision
from portfolio.proposals.models.calculation import Payer
from portfolio.proposals.models.proposal import MONEY, Proposal


class Probability(models.IntegerChoices):
    """How likely the risk is to occur during the project (documented scale, 1–5)."""

    RARE = 1, _("1 – very unlikely (less than 5 %)")
    UNLIKELY = 2, _("2 – unlikely (5–25 %)")
    POSSIBLE = 3, _("3 – possible (25–50 %)")
    LIKELY = 4, _("4 – likely (50–80 %)")
    ALMOST_CERTAIN = 5, _("5 – almost certain (more than 80 %)")


class Consequence(models.IntegerChoices):
    """How serious it is if it occurs (documented scale, 1–5)."""

    NEGLIGIBLE = 1, _("1 – negligible: absorbed within the project")
    MINOR = 2, _("2 – minor: small delay or cost, no effect on the operation")
    MODERATE = 3, _("3 – moderate: noticeable delay or cost, benefits reduced")
    MAJOR = 4, _("4 – major: benefits largely lost or the operation disrupted")
    SEVERE = 5, _("5 – severe: the project fails, or harm to residents, information security or law")


class Risk(models.Model):
    """One risk in the board's risk register of a proposal; score = probability × consequence (1–25)."""

    HIGH_SCORE = 15
    MEDIUM_SCORE = 8

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="risks", verbose_name=_("proposal"))
    description = models.TextField(_("risk"))
    probability = models.PositiveSmallIntegerField(
        _("probability"), choices=Probability.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    consequence = models.PositiveSmallIntegerField(
        _("consequence"), choices=Consequence.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_risks_owned",
        verbose_name=_("risk owner"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["proposal", "-probability", "-consequence", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5) & Q(consequence__gte=1, consequence__lte=5),
                name="risk_scales_1_to_5",
                violation_error_message=_("Probability and consequence are scored 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description[:60]} ({self.score})"

    @property
    def score(self) -> int:
        return (self.probability or 0) * (self.consequence or 0)

    @property
    def level(self) -> str:
        """'high', 'medium' or 'low' by score (≥ 15, ≥ 8, else)."""
        if self.score >= self.HIGH_SCORE:
            return "high"
        return "medium" if self.score >= self.MEDIUM_SCORE else "low"


class FinancingDecision(models.Model):
    """Who pays for the proposal and from which budget, with the amounts per calendar year."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="financing_decisions", verbose_name=_("proposal")
    )
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices)
    budget_source = models.CharField(
        _("budget source"), max_length=200, help_text=_("For example the administration's investment budget 2027.")
    )
    comment = models.TextField(_("comment"), blank=True)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal_financing",
        verbose_name=_("meeting decision"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financing decision")
        verbose_name_plural = _("financing decisions")
        ordering = ["proposal", "pk"]

    def __str__(self) -> str:
        return f"{self.get_payer_display()}: {self.budget_source}"

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.amounts.all()), Decimal(0))


class FinancingAmount(models.Model):
    financing = models.ForeignKey(
        FinancingDecision, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("financing decision")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)], help_text=_("Calendar year.")
    )
    amount = models.DecimalField(_("amount (SEK)"), validators=[MinValueValidator(Decimal(0))], **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financed amount")
        verbose_name_plural = _("financed amounts")
        ordering = ["financing", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["financing", "year"],
                name="financingamount_one_per_year",
                violation_error_message=_("This year already has an amount."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="financingamount_not_negative",
                violation_error_message=_("A financed amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"

    def clean(self) -> None:
        if self.year is None or not self.financing_id:
            return
        proposal = self.financing.proposal
        years = proposal.calendar_years
        if self.year not in years:
            raise ValidationError(
                {
                    "year": _("%(year)s is outside the proposal's calculation period (%(first)s–%(last)s).")
                    % {"year": self.year, "first": years[0], "last": years[-1]}
                }
            )
