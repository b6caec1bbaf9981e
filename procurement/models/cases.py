"""Procurement cases and their checklist items.

A case is tied to a proposal and/or a system in the register. It moves through the phases of
`Phase` (only through `procurement.workflows`, which checks the gate); each phase has the checklist
items copied from the template version the case started with.
"""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import VersionedModel
from portfolio.models import Proposal

from .phases import PHASE_ORDER, WORKING_PHASE_CHOICES, WORKING_PHASES, Phase, phase_index
from .templates import ChecklistTemplate, ChecklistTemplateItem

__all__ = [
    "PHASE_ORDER",
    "WORKING_PHASES",
    "CaseItem",
    "CaseItemStatus",
    "ContractFollowUp",
    "Phase",
    "Procedure",
    "ProcurementCase",
]

MONEY = {"max_digits": 16, "decimal_places": 2}


class Procedure(models.TextChoices):
    DIRECT_AWARD = "direct_award", _("Direct award")
    CALL_OFF = "call_off", _("Call-off from a framework agreement")
    OPEN = "open", _("Open procedure")


class CaseItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    WAIVED = "waived", _("Waived")


# Statuses that let a mandatory item pass its phase's gate.
GATE_PASSING = (CaseItemStatus.DONE, CaseItemStatus.NOT_APPLICABLE, CaseItemStatus.WAIVED)


def blocking_items_q(prefix: str = "") -> Q:
    """Q over CaseItem for mandatory items that are still open (the gate's blockers)."""
    return Q(**{f"{prefix}mandatory": True}) & ~Q(**{f"{prefix}status__in": list(GATE_PASSING)})


class ProcurementCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may read; agrees with `procurement.view_procurementcase`.

        Everyone signed in reads cases, except that a case opened for a proposal is read only by those
        who may read the proposal (a draft's case would otherwise show what the draft is about).
        """

        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(proposal__isnull=True) | Q(proposal__in=Proposal.objects.visible_to(user)))

    def open(self):
        return self.exclude(phase=Phase.CLOSED)

    def with_gate(self):
        """Annotates `is_blocked`: a mandatory item of the current phase is still open."""
        blockers = CaseItem.objects.filter(blocking_items_q(), case=OuterRef("pk"), phase=OuterRef("phase"))
        return self.annotate(is_blocked=Exists(blockers))

    def blocked(self, value: bool = True):
        qs = self.with_gate() if "is_blocked" not in self.query.annotations else self
        return qs.filter(is_blocked=value)


class ProcurementCase(VersionedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("what is bought"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("The need, the scope and what the contract covers.")
    )
    proposal = models.ForeignKey(
        "portfolio.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurement_cases",
        verbose_name=_("proposal"),
    )
    system = models.ForeignKey(
        "maintenance_plans.System",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurement_cases",
        verbose_name=_("system"),
    )
    estimated_value = models.DecimalField(
        _("estimated contract value (SEK)"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The total value over the whole contract period, options included."),
        **MONEY,
    )
    contract_months = models.PositiveSmallIntegerField(
        _("contract length (months)"), default=48, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="procurement_cases",
        verbose_name=_("responsible person"),
    )
    phase = models.CharField(
        _("phase"), max_length=30, choices=Phase.choices, default=Phase.PREPARATION, editable=False
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("checklist version"),
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )

    objects = ProcurementCaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("procurement case")
        verbose_name_plural = _("procurement cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False) | Q(system__isnull=False),
                name="procurementcase_proposal_or_system",
                violation_error_message=_("Tie the case to a proposal, a system or both."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__gte=0),
                name="procurementcase_value_not_negative",
                violation_error_message=_("The contract value cannot be below zero."),
            ),
        ]
        indexes = [models.Index(fields=["phase", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("procurement:case-detail", args=[self.pk])

    def clean(self) -> None:
        if not self.proposal_id and not self.system_id:
            raise ValidationError(
                {"proposal": _("Choose the proposal this case buys for, or the system it concerns (or both).")}
            )
        if self.estimated_value is not None and self.estimated_value < 0:
            raise ValidationError({"estimated_value": _("The contract value cannot be below zero.")})

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def phase_index(self) -> int:
        return phase_index(self.phase)


def evidence_upload_to(instance, filename: str) -> str:
    """A random name (the original is kept in `evidence_file_name`), under MEDIA_ROOT, never guessable."""
    suffix = PurePath(filename).suffix.lower()[:10]
    today = timezone.localdate()
    return f"procurement/evidence/{today:%Y}/{uuid.uuid4().hex}{suffix}"


class CaseItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=ProcurementCase.objects.visible_to(user))

    def blocking(self):
        return self.filter(blocking_items_q())


class CaseItem(VersionedModel):
    """One checklist item of a case, copied from the template; its status changes only through
    `services.case_item_set_status`."""

    case = models.ForeignKey(ProcurementCase, on_delete=models.CASCADE, related_name="items", verbose_name=_("case"))
    template_item = models.ForeignKey(
        ChecklistTemplateItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template item"),
    )
    phase = models.CharField(_("phase"), max_length=30, choices=WORKING_PHASE_CHOICES)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("item"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    evidence_required = models.BooleanField(_("evidence required"), default=True)
    key = models.SlugField(_("linked record"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseItemStatus.choices, default=CaseItemStatus.OPEN)
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_upload_to, max_length=200, blank=True)
    evidence_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    evidence_content_type = models.CharField(_("file type"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    completed_at = models.DateTimeField(_("when"), null=True, blank=True)

    objects = CaseItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["case", "order", "pk"]
        indexes = [models.Index(fields=["case", "phase", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["not_applicable", "waived"]) | ~Q(reason=""),
                name="caseitem_reason_for_na_and_waiver",
                violation_error_message=_("Give a reason when an item is not applicable or waived."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def passes_gate(self) -> bool:
        return not self.mandatory or self.status in GATE_PASSING

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_text.strip() or self.evidence_link or self.evidence_file)

    @property
    def status_css(self) -> str:
        return {
            CaseItemStatus.DONE: "text-bg-success",
            CaseItemStatus.NOT_APPLICABLE: "text-bg-secondary",
            CaseItemStatus.WAIVED: "text-bg-warning",
        }.get(self.status, "text-bg-light border")


class ContractFollowUp(models.Model):
    """A date on which the contract is followed up (reminded through governance's obligation registry)."""

    case = models.ForeignKey(
        ProcurementCase, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("case")
    )
    due_on = models.DateField(_("follow up on"))
    description = models.CharField(_("what to follow up"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract follow-up")
        verbose_name_plural = _("contract follow-ups")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "due_on", "description"], name="contractfollowup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.description}"
