"""Delegated procurement decisions: who must decide depends on the contract value."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import Decision, VersionedModel

from .cases import MONEY, ProcurementCase


class DecisionLevel(models.TextChoices):
    """Ordered from the lowest delegation to the highest."""

    DEPUTY_MUNICIPAL_DIRECTOR = "deputy_municipal_director", _("Deputy municipal director")
    MUNICIPAL_DIRECTOR = "municipal_director", _("Municipal director")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")


LEVEL_RANK = {level: i for i, level in enumerate(DecisionLevel.values)}


class DecisionThreshold(VersionedModel):
    """Up to `up_to` SEK (inclusive) the `level` decides; the row without `up_to` covers everything above."""

    level = models.CharField(_("who decides"), max_length=30, choices=DecisionLevel.choices, unique=True)
    up_to = models.DecimalField(
        _("up to and including (SEK)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Leave empty for the level that decides everything above."),
        **MONEY,
    )
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person holding the delegation"),
        help_text=_(
            "Who may record decisions at this level themselves (IT coordination may record on their "
            "behalf). Empty for a committee."
        ),
    )
    requires_minutes = models.BooleanField(
        _("decided at a meeting"),
        default=False,
        help_text=_("The decision must cite the meeting's minutes (a reference or a recorded decision)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision threshold")
        verbose_name_plural = _("decision thresholds")
        ordering = [models.F("up_to").asc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["up_to"], name="decisionthreshold_unique_limit"),
        ]

    def __str__(self) -> str:
        if self.up_to is None:
            return _("%(level)s: above the other limits") % {"level": self.get_level_display()}
        return _("%(level)s: up to %(limit)s SEK") % {"level": self.get_level_display(), "limit": self.up_to}

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self.level]


class ProcurementDecision(models.Model):
    """The delegated procurement decision (tilldelning / avtal) recorded with who, when and at which level."""

    case = models.ForeignKey(
        ProcurementCase, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("case")
    )
    level = models.CharField(_("decided at level"), max_length=30, choices=DecisionLevel.choices)
    required_level = models.CharField(_("required level"), max_length=30, choices=DecisionLevel.choices, editable=False)
    value_at_decision = models.DecimalField(_("contract value when decided (SEK)"), editable=False, **MONEY)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_by_body = models.CharField(
        _("decided by (body)"), max_length=200, blank=True, help_text=_("For a committee decision: the committee.")
    )
    decided_on = models.DateField(_("decided on"))
    text = models.TextField(_("decision"))
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_("Diary number or minutes paragraph, for example KS § 45."),
    )
    governance_decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="procurement_decisions",
        verbose_name=_("recorded meeting decision"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("procurement decision")
        verbose_name_plural = _("procurement decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=False) | ~Q(decided_by_body=""),
                name="procurementdecision_has_decider",
                violation_error_message=_("Say who decided."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.decided_on}"

    def clean(self) -> None:
        if not self.decided_by_id and not self.decided_by_body.strip():
            raise ValidationError({"decided_by": _("Say who decided: a person, or the body for a committee.")})

    @property
    def decider_label(self) -> str:
        return str(self.decided_by) if self.decided_by_id else self.decided_by_body
