"""The operation-form valuation sheet (värderingsmall): own data centre, another municipality, cloud/SaaS."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import VersionedModel
from maintenance_plans.models import OperationForm

from .cases import MONEY, ProcurementCase

SCORE = [MinValueValidator(1), MaxValueValidator(5)]
WEIGHT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}


class OperationFormValuation(VersionedModel):
    case = models.OneToOneField(
        ProcurementCase, on_delete=models.CASCADE, related_name="valuation", verbose_name=_("case")
    )
    weight_cost = models.DecimalField(_("weight: total cost over the contract"), default=Decimal(30), **WEIGHT)
    weight_risk = models.DecimalField(_("weight: risk and vulnerability"), default=Decimal(25), **WEIGHT)
    weight_classification = models.DecimalField(
        _("weight: fit with the information classification"), default=Decimal(20), **WEIGHT
    )
    weight_mobility = models.DecimalField(_("weight: mobility need"), default=Decimal(10), **WEIGHT)
    weight_exit = models.DecimalField(_("weight: exit"), default=Decimal(15), **WEIGHT)
    recommended = models.CharField(
        _("recommendation"), max_length=30, choices=OperationForm.choices, blank=True, editable=False
    )
    chosen = models.CharField(
        _("chosen operation form"), max_length=30, choices=OperationForm.choices, blank=True, editable=False
    )
    override_reason = models.TextField(_("reason for choosing otherwise"), blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
        editable=False,
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("operation-form valuation")
        verbose_name_plural = _("operation-form valuations")

    def __str__(self) -> str:
        return _("Operation-form valuation of %(case)s") % {"case": self.case}

    def clean(self) -> None:
        weights = [
            self.weight_cost,
            self.weight_risk,
            self.weight_classification,
            self.weight_mobility,
            self.weight_exit,
        ]
        if all(w is not None for w in weights) and sum(weights) <= 0:
            raise ValidationError(_("Give at least one criterion a weight above zero."))

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_override(self) -> bool:
        return bool(self.chosen) and self.chosen != self.recommended


class ValuationOption(models.Model):
    """One operation form's figures: total cost over the contract and 1–5 scores (5 is best)."""

    valuation = models.ForeignKey(
        OperationFormValuation, on_delete=models.CASCADE, related_name="options", verbose_name=_("valuation")
    )
    option = models.CharField(_("operation form"), max_length=30, choices=OperationForm.choices)
    total_cost = models.DecimalField(
        _("total cost over the contract (SEK)"), validators=[MinValueValidator(Decimal(0))], **MONEY
    )
    risk_score = models.PositiveSmallIntegerField(_("risk and vulnerability (5 = lowest risk)"), validators=SCORE)
    classification_score = models.PositiveSmallIntegerField(
        _("fit with the information classification"), validators=SCORE
    )
    mobility_score = models.PositiveSmallIntegerField(_("meets the mobility need"), validators=SCORE)
    exit_score = models.PositiveSmallIntegerField(_("ease of exit"), validators=SCORE)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("valuation option")
        verbose_name_plural = _("valuation options")
        ordering = ["valuation", "option"]
        constraints = [
            models.UniqueConstraint(fields=["valuation", "option"], name="valuationoption_unique"),
            models.CheckConstraint(condition=models.Q(total_cost__gte=0), name="valuationoption_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.get_option_display()
