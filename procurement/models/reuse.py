"""The reuse check: similar systems and proposals considered, and the outcome."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import VersionedModel

from .cases import ProcurementCase


class ReuseOutcome(models.TextChoices):
    REUSE = "reuse", _("Reuse an existing system")
    COORDINATE = "coordinate", _("Coordinate with another proposal or system")
    BUY_ANYWAY = "buy_anyway", _("Buy anyway: the benefit calculation shows clearly more benefit")


class ReuseCheck(VersionedModel):
    case = models.OneToOneField(
        ProcurementCase, on_delete=models.CASCADE, related_name="reuse_check", verbose_name=_("case")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReuseOutcome.choices)
    reason = models.TextField(_("reason"))
    reused_system = models.ForeignKey(
        "maintenance_plans.System",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("system reused or coordinated with"),
    )
    coordinate_with = models.ForeignKey(
        "portfolio.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposal coordinated with"),
    )
    # What the user saw: [{"kind": "system"|"proposal", "id": .., "label": .., "score": ..}, ...]
    suggestions_considered = models.JSONField(_("suggestions considered"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reuse check")
        verbose_name_plural = _("reuse checks")

    def __str__(self) -> str:
        return self.get_outcome_display()

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the outcome.")})
        if self.outcome == ReuseOutcome.REUSE and not self.reused_system_id:
            raise ValidationError({"reused_system": _("Choose the system that is reused.")})
        if self.outcome == ReuseOutcome.COORDINATE and not (self.reused_system_id or self.coordinate_with_id):
            raise ValidationError({"coordinate_with": _("Choose the proposal or system to coordinate with.")})
