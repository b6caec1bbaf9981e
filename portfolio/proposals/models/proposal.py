"""Proposals (utvecklingsförslag).

A proposal is written by an ICT group (tier 3), assessed by its parent IT-strategic board (tier 2)
and approved in the IT plan by the municipal leadership group (tier 1). Its lifecycle is declared in
`portfolio.proposals.workflows`; nothing else assigns `state`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from governance.models import BudgetCycle, Decision, Goal, OrganisationUnit, SteeringGroup, Tier, VersionedModel
from governance.rules import access_of, is_coordinator

MAX_CALCULATION_YEARS = 20
MONEY = {"max_digits": 16, "decimal_places": 2}


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # A context where Swedish inflects the participle for "förslaget" (neuter), unlike plans ("planen").
    SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    RECOMMENDED = "recommended", _("Recommended")
    RETURNED = "returned", pgettext_lazy("proposal state", "Returned")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")
    APPROVED = "approved", pgettext_lazy("proposal state", "Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The authors may change content and figures only in these states (a return reopens the proposal).
EDITABLE_STATES = frozenset({ProposalState.DRAFT, ProposalState.RETURNED})
# Work in progress of the ICT group: read only by the group, its parent board and IT coordination.
PRIVATE_STATES = frozenset({ProposalState.DRAFT, ProposalState.RETURNED})
# Waiting for the board (its inbox).
AWAITING_BOARD_STATES = frozenset({ProposalState.SUBMITTED, ProposalState.UNDER_ASSESSMENT})
# Still alive before the IT plan decides (the candidates of prioritisation and selection).
OPEN_STATES = frozenset(
    {
        ProposalState.DRAFT,
        ProposalState.SUBMITTED,
        ProposalState.UNDER_ASSESSMENT,
        ProposalState.RECOMMENDED,
        ProposalState.RETURNED,
        ProposalState.DEFERRED,
    }
)
CLOSED_STATES = frozenset({ProposalState.REJECTED, ProposalState.APPROVED, ProposalState.WITHDRAWN})


class AreaOfOperation(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative / common")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social")
    TECHNICAL = "technical", _("Technical")
    OTHER = "other", _("Other")


def private_q(prefix: str = "") -> Q:
    """Q for proposals that are still the ICT group's work in progress (see PRIVATE_STATES).

    A proposal withdrawn before it was ever submitted stays private as well.
    """
    return Q(**{f"{prefix}state__in": list(PRIVATE_STATES)}) | Q(
        **{f"{prefix}state": ProposalState.WITHDRAWN, f"{prefix}submitted_at__isnull": True}
    )


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may read; agrees with the `portfolio.view_proposal` predicate.

        Everyone signed in reads proposals once submitted; drafts (and returned proposals) only the
        owning ICT group, its parent board and IT coordination (and administrators) read.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_coordinator(user):
            return self
        group_ids = list(access_of(user).group_ids)
        return self.filter(~private_q() | Q(owning_group_id__in=group_ids) | Q(owning_group__parent_id__in=group_ids))

    def of_groups(self, group_ids):
        return self.filter(owning_group_id__in=group_ids)

    def awaiting_board(self, board_ids):
        """Submitted or under assessment, owned by ICT groups under the given boards."""
        return self.filter(owning_group__parent_id__in=board_ids, state__in=list(AWAITING_BOARD_STATES))

    def awaiting_board_any(self):
        return self.filter(state__in=list(AWAITING_BOARD_STATES))

    def open(self):
        return self.filter(state__in=list(OPEN_STATES))


class Proposal(VersionedModel):
    """A development proposal with its needs analysis, business analysis and benefit calculation."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    owning_group = models.ForeignKey(
        SteeringGroup,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("ICT group"),
        limit_choices_to={"tier": Tier.ICT_GROUP},
    )
    # Derived from the owning group (its board's administration); kept for filters, totals and budgets.
    administration = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("administration"),
        editable=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals_authored", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    affected_operations = models.ManyToManyField(
        OrganisationUnit,
        blank=True,
        related_name="affected_by_proposals",
        verbose_name=_("affected operations"),
    )
    systems = models.ManyToManyField(
        "maintenance_plans.System",
        blank=True,
        related_name="proposals",
        verbose_name=_("affected systems"),
    )
    # Needs and business analysis
    needs_analysis = models.TextField(
        _("needs analysis"),
        blank=True,
        help_text=_("Whose need, how it shows today, and what happens if nothing is done."),
    )
    current_process = models.TextField(_("today's process"), blank=True)
    future_process = models.TextField(_("tomorrow's process"), blank=True)
    process_mapping = models.TextField(
        _("process mapping statement"),
        blank=True,
        help_text=_("How the process has been mapped; required for larger proposals."),
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="proposals", verbose_name=_("strategic goals"))
    principles_statement = models.TextField(
        _("statement against the guiding principles"),
        blank=True,
        help_text=_("How the proposal meets each of the e-strategy's five guiding principles."),
    )
    area = models.CharField(
        _("area of operation"), max_length=20, choices=AreaOfOperation.choices, default=AreaOfOperation.ADMINISTRATIVE
    )
    buys_something = models.BooleanField(
        _("buys something"),
        default=False,
        help_text=_("Above the procurement threshold a procurement case is needed before approval."),
    )
    is_mandatory = models.BooleanField(_("legal or mandatory need"), default=False)
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("depends on"),
        help_text=_("Proposals this one cannot be carried out without."),
    )
    target_cycle = models.ForeignKey(
        BudgetCycle, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("plan year")
    )
    programme = models.ForeignKey(
        "portfolio.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("programme"),
    )
    calculation_years = models.PositiveSmallIntegerField(
        _("calculation period (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CALCULATION_YEARS)],
        help_text=_("Year 0 is the plan year the proposal starts in."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    # Board assessment
    recommendation = models.TextField(_("board's recommendation"), blank=True)
    recommendation_decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal_recommendations",
        verbose_name=_("board decision"),
    )
    approval_decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal_approvals",
        verbose_name=_("approval decision"),
    )
    # Denormalised base-scenario totals, refreshed by services.proposal_totals_refresh whenever lines change.
    total_cost = models.DecimalField(_("total cost"), default=Decimal(0), editable=False, **MONEY)
    total_benefit = models.DecimalField(_("monetary benefit"), default=Decimal(0), editable=False, **MONEY)
    cash_releasing_benefit = models.DecimalField(
        _("cash-releasing benefit"), default=Decimal(0), editable=False, **MONEY
    )
    npv = models.DecimalField(_("net present value"), default=Decimal(0), editable=False, **MONEY)
    payback_year = models.PositiveSmallIntegerField(_("payback year"), null=True, blank=True, editable=False)
    benefit_cost_ratio = models.DecimalField(
        _("benefit/cost ratio"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    qualitative_score = models.DecimalField(
        _("qualitative score"), max_digits=3, decimal_places=1, null=True, blank=True, editable=False
    )

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[goals, systems, affected_operations])

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-target_cycle__plan_year", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(calculation_years__gte=1) & Q(calculation_years__lte=MAX_CALCULATION_YEARS),
                name="proposal_calculation_years_range",
                violation_error_message=_("The calculation period must be 1 to 20 years."),
            ),
        ]
        indexes = [
            models.Index(fields=["target_cycle", "state"]),
            models.Index(fields=["owning_group", "state"]),
            models.Index(fields=["state", "reference"]),
            models.Index(fields=["total_cost"]),
            models.Index(fields=["npv"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("portfolio:proposal-detail", args=[self.pk])

    def clean(self) -> None:
        if self.owning_group_id and self.owning_group.tier != Tier.ICT_GROUP:
            raise ValidationError(
                {
                    "owning_group": _("A proposal is owned by an ICT group (tier 3); %(group)s is tier %(tier)s.")
                    % {"group": self.owning_group, "tier": self.owning_group.tier}
                }
            )

    # Reads of the row itself ------------------------------------------------------------------

    @property
    def is_editable_state(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_private(self) -> bool:
        return self.state in PRIVATE_STATES or (self.state == ProposalState.WITHDRAWN and self.submitted_at is None)

    @property
    def start_year(self) -> int:
        """The calendar year of year index 0."""
        return self.target_cycle.plan_year

    @property
    def calendar_years(self) -> list[int]:
        return [self.start_year + i for i in range(self.calculation_years)]

    def derive_administration(self) -> OrganisationUnit | None:
        """The administration the owning ICT group belongs to (through its board's scope)."""
        group = self.owning_group
        if group.parent_id and group.parent.scope.kind == OrganisationUnit.Kind.ADMINISTRATION:
            return group.parent.scope
        return group.scope.administration
