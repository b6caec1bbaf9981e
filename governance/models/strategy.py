from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import VersionedModel


class Strategy(VersionedModel):
    class Kind(models.TextChoices):
        IT_STRATEGY = "it_strategy", _("IT strategy")
        E_SERVICE_STRATEGY = "e_service_strategy", _("E-service strategy")
        E_STRATEGY = "e_strategy", _("E-strategy")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    adopted_on = models.DateField(_("adopted on"))
    revision_interval_years = models.PositiveSmallIntegerField(
        _("revision interval (years)"), default=2, help_text=_("How often the strategy must be revised.")
    )
    last_revised_on = models.DateField(_("last revised on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revision_interval_years__gte=1),
                name="strategy_revision_interval_positive",
                violation_error_message=_("The revision interval must be at least one year."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:strategy-detail", args=[self.pk])

    @property
    def next_revision_due(self):
        base = self.last_revised_on or self.adopted_on
        try:
            return base.replace(year=base.year + self.revision_interval_years)
        except ValueError:  # 29 February
            return base.replace(year=base.year + self.revision_interval_years, day=28)


class Goal(VersionedModel):
    """A goal, strategy statement or guiding principle of a strategy; proposals link to goals."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy"))
    code = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_principle = models.BooleanField(
        _("guiding principle"), default=False, help_text=_("A guiding principle proposals state their fit against.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["strategy", "code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Indicator(VersionedModel):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("how it is measured"), blank=True)
    unit = models.CharField(_("unit"), max_length=30, default="%")
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["goal", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.baseline is None or self.target is None:
            return
        if self.direction == self.Direction.INCREASE and self.target < self.baseline:
            raise ValidationError({"target": _("For 'higher is better' the target must not be below the baseline.")})
        if self.direction == self.Direction.DECREASE and self.target > self.baseline:
            raise ValidationError({"target": _("For 'lower is better' the target must not be above the baseline.")})

    def progress(self, value: Decimal | None) -> Decimal | None:
        """Share of the way from baseline to target reached by `value`, 0–1 (capped), or None."""
        if value is None or self.target == self.baseline:
            return None
        share = (value - self.baseline) / (self.target - self.baseline)
        return max(Decimal(0), min(Decimal(1), share))


class Measurement(VersionedModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indicator")
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="measurement_unique_date",
                violation_error_message=_("There is already a measurement of this indicator on that date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"
