"""Writes of proposals: content, the benefit calculation's lines, the board's risk register, financing
decision and recommendation. Every change of a proposal's content or figures goes through here.

Rules enforced in one place:
- figures and content change only while the proposal is editable (`proposal_is_editable`): a draft
  or returned proposal, by a member of the owning ICT group. After submission nobody can silently
  change them; a return reopens the proposal.
- every save of lines refreshes the proposal's stored totals (total cost, benefit, NPV, …) that lists
  filter and sort on.
- the board's risk register and financing decision change only while the board assesses.
Transitions live in `portfolio.proposals.workflows` (`proposal_transition`).
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from governance.exceptions import ConcurrentEditError
from governance.models import BudgetCycle, MilestoneKind, SteeringGroup, Tier, User
from governance.rules import access_of
from governance.services import versioned_save
from portfolio.proposals import calculations as calc
from portfolio.proposals.models import BenefitLine, CostLine, FinancingAmount, FinancingDecision, Proposal, Risk
from portfolio.proposals.selectors import proposal_calculation

DEFAULT_PROCUREMENT_THRESHOLD = 500_000
CHANGE = "portfolio.change_proposal"
_ZERO = Decimal(0)


def procurement_threshold() -> Decimal:
    """Total cost (SEK) above which a proposal needs a process-mapping statement and, if it buys
    something, a procurement case (setting PORTFOLIO_PROCUREMENT_THRESHOLD, default 500 000)."""
    return Decimal(getattr(settings, "PORTFOLIO_PROCUREMENT_THRESHOLD", DEFAULT_PROCUREMENT_THRESHOLD))


# Editability ---------------------------------------------------------------------------------------


def proposal_is_locked(proposal: Proposal) -> bool:
    """True once the plan year's cycle is past its lock milestone: the proposal then changes only through a
    revision of the IT plan (DESIGN §4)."""
    return proposal.target_cycle.is_locked()


def proposal_is_editable(proposal: Proposal, user) -> bool:
    """May `user` change the proposal's content and figures now? (owning ICT group, draft or returned, and
    the plan year's cycle not yet locked)"""
    return user.has_perm(CHANGE, proposal) and not proposal_is_locked(proposal)


def proposal_assert_editable(*, proposal: Proposal, user) -> None:
    """Raise PermissionDenied with the reason unless `proposal_is_editable`."""
    if proposal_is_editable(proposal, user):
        return
    if user.has_perm(CHANGE, proposal) and proposal_is_locked(proposal):
        lock = proposal.target_cycle.milestone(MilestoneKind.LOCK)
        raise PermissionDenied(
            _(
                "The changes for %(year)s were final on %(date)s (the budget cycle is locked): %(proposal)s can now "
                "change only through a revision of the IT plan."
            )
            % {"year": proposal.target_cycle.plan_year, "date": lock.ends_on.isoformat(), "proposal": proposal}
        )
    if not proposal.is_editable_state:
        raise PermissionDenied(
            _(
                "%(proposal)s is %(state)s: its content and figures can no longer be changed. The board can return "
                "it to the ICT group if something must change."
            )
            % {"proposal": proposal, "state": proposal.get_state_display().lower()}
        )
    raise PermissionDenied(_("Only members of %(group)s may change this proposal.") % {"group": proposal.owning_group})


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("target_cycle", "owning_group").get(pk=proposal.pk)


# Proposals -----------------------------------------------------------------------------------------


def _default_group(author: User) -> SteeringGroup:
    ids = [s.group_id for s in access_of(author).seats if s.tier == Tier.ICT_GROUP]
    if len(ids) == 1:
        return SteeringGroup.objects.get(pk=ids[0])
    if not ids:
        raise ValidationError(
            {"owning_group": _("You are not a member of any ICT group: choose the ICT group that owns the proposal.")}
        )
    raise ValidationError({"owning_group": _("You sit in several ICT groups: choose the one that owns the proposal.")})


def _next_reference(cycle: BudgetCycle) -> str:
    prefix = f"P{cycle.plan_year}-"
    last = Proposal.objects.filter(reference__startswith=prefix).aggregate(m=Max("reference"))["m"]
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def proposal_create(
    *,
    author: User,
    target_cycle: BudgetCycle,
    title: str,
    owning_group: SteeringGroup | None = None,
    goals: Iterable = (),
    systems: Iterable = (),
    affected_operations: Iterable = (),
    depends_on: Iterable = (),
    **fields,
) -> Proposal:
    """Create a draft owned by `owning_group` (default: the author's one ICT group).

    Raises PermissionDenied unless the author sits in that ICT group; ValidationError on invalid fields.
    The reference (P<plan year>-<number>) is given here.
    """
    group = owning_group or _default_group(author)
    if not author.has_perm("portfolio.add_proposal", group):
        raise PermissionDenied(_("Only members of %(group)s may write proposals for it.") % {"group": group})
    proposal = Proposal(author=author, owning_group=group, target_cycle=target_cycle, title=title, **fields)
    proposal.administration = proposal.derive_administration()
    for attempt in range(5):
        proposal.reference = _next_reference(target_cycle)
        proposal.full_clean()
        try:
            with transaction.atomic():
                proposal.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
    _set_m2m(proposal, goals=goals, systems=systems, affected_operations=affected_operations, depends_on=depends_on)
    return proposal


def _set_m2m(proposal: Proposal, **relations) -> None:
    for name, values in relations.items():
        if values is not None:
            getattr(proposal, name).set(values)


@transaction.atomic
def proposal_save(
    *,
    proposal: Proposal,
    actor: User,
    expected_version: int,
    goals: Iterable | None = None,
    systems: Iterable | None = None,
    affected_operations: Iterable | None = None,
    depends_on: Iterable | None = None,
) -> Proposal:
    """Save the edited fields of `proposal` (e.g. from a form's `save(commit=False)`), and its relations.

    Raises PermissionDenied when not editable by `actor`, ConcurrentEditError when someone saved in
    between (`expected_version` is the version the edit started from), ValidationError when the
    calculation period no longer covers the lines.
    """
    stored = _lock(proposal)
    proposal_assert_editable(proposal=stored, user=actor)
    if proposal.owning_group_id != stored.owning_group_id and not actor.has_perm(
        "portfolio.add_proposal", proposal.owning_group
    ):
        raise PermissionDenied(_("You can only move the proposal to an ICT group you sit in."))
    last_year = max(
        stored.cost_lines.aggregate(m=Max("year"))["m"] or 0, stored.benefit_lines.aggregate(m=Max("year"))["m"] or 0
    )
    if proposal.calculation_years is not None and proposal.calculation_years <= last_year:
        raise ValidationError(
            {
                "calculation_years": _(
                    "There are lines in year %(year)s: keep the period at %(n)s years or more, "
                    "or move those lines first."
                )
                % {"year": last_year, "n": last_year + 1}
            }
        )
    # Fields owned by the workflow and the totals are never taken from the caller's copy.
    for name in (
        "state",
        "submitted_at",
        "return_reason",
        "reference",
        "author_id",
        "recommendation",
        "recommendation_decision_id",
        "approval_decision_id",
    ):
        setattr(proposal, name, getattr(stored, name))
    proposal.administration = proposal.derive_administration()
    if depends_on is not None:
        proposal_dependencies_check(proposal=stored, depends_on=depends_on)
    versioned_save(instance=proposal, expected_version=expected_version)
    _set_m2m(proposal, goals=goals, systems=systems, affected_operations=affected_operations, depends_on=depends_on)
    proposal_totals_refresh(proposal=proposal)
    return proposal


def proposal_dependencies_check(*, proposal: Proposal, depends_on: Iterable) -> None:
    """A proposal cannot depend on itself, nor on one that (through any chain) depends on it.

    Raises ValidationError on the `depends_on` field naming the proposal that closes the circle.
    """
    wanted = {p.pk if hasattr(p, "pk") else int(p) for p in depends_on}
    if proposal.pk in wanted:
        raise ValidationError({"depends_on": _("A proposal cannot depend on itself.")})
    # Walk "required by" upwards from this proposal: everything that already needs it, directly or not.
    needing, frontier = set(), {proposal.pk}
    while frontier:
        frontier = (
            set(
                Proposal.depends_on.through.objects.filter(to_proposal_id__in=frontier).values_list(
                    "from_proposal_id", flat=True
                )
            )
            - needing
        )
        needing |= frontier
    circular = wanted & needing
    if circular:
        culprit = Proposal.objects.filter(pk__in=circular).order_by("reference").first()
        raise ValidationError(
            {
                "depends_on": _(
                    "%(ref)s already depends on this proposal, directly or through others: "
                    "a dependency in both directions can never be met."
                )
                % {"ref": culprit.reference or culprit.title}
            }
        )


def proposal_totals_refresh(*, proposal: Proposal) -> calc.CalculationResult | None:
    """Recompute the base scenario and store its totals on the proposal (for list filters and sorting).

    Returns the base result, or None (totals zeroed) when the calculation is invalid.
    """

    fresh = Proposal.objects.select_related("target_cycle").get(pk=proposal.pk)
    try:
        base = proposal_calculation(fresh)[calc.Scenario.BASE]
    except calc.CalculationError:
        base = None
    values = {
        "total_cost": base.total_cost if base else _ZERO,
        "total_benefit": base.total_benefit if base else _ZERO,
        "cash_releasing_benefit": base.cash_releasing_benefit if base else _ZERO,
        "npv": base.npv if base else _ZERO,
        "payback_year": base.payback_year if base else None,
        "benefit_cost_ratio": base.benefit_cost_ratio if base else None,
        "qualitative_score": base.qualitative_score if base else None,
    }
    Proposal.objects.filter(pk=proposal.pk).update(**values)
    for name, value in values.items():
        setattr(proposal, name, value)
    return base


# Cost and benefit lines ----------------------------------------------------------------------------


class LinesInvalid(ValidationError):
    """`proposal_lines_save` refused lines: `line_errors` pairs each refused line (the very object the caller
    passed) with its ValidationError, so a caller can show each message where that line is (a formset row, an
    import row). As a ValidationError it also carries every message (`messages`)."""

    def __init__(self, line_errors: Iterable[tuple[CostLine | BenefitLine, ValidationError]]) -> None:
        self.line_errors = list(line_errors)
        super().__init__([error for _line, error in self.line_errors])

    def for_line(self, line: CostLine | BenefitLine) -> ValidationError | None:
        """The error of `line`, matched by identity (unsaved lines have no key), or None."""
        return next((error for candidate, error in self.line_errors if candidate is line), None)


def _check_owner(line: CostLine | BenefitLine, proposal: Proposal) -> None:
    if line.pk and type(line).objects.filter(pk=line.pk).exclude(proposal=proposal).exists():
        raise PermissionDenied(_("This line belongs to another proposal."))


def _check_line(line: CostLine | BenefitLine, proposal: Proposal) -> None:
    _check_owner(line, proposal)
    line.proposal = proposal
    line.full_clean()


@transaction.atomic
def cost_line_save(*, line: CostLine, actor: User) -> CostLine:
    """Add or change one cost line. Raises PermissionDenied when the proposal is not editable by `actor`,
    ValidationError with a message per field on bad input (year outside the period, negative hours, …)."""
    proposal = _lock(line.proposal)
    proposal_assert_editable(proposal=proposal, user=actor)
    _check_line(line, proposal)
    line.save()
    proposal_totals_refresh(proposal=proposal)
    return line


@transaction.atomic
def benefit_line_save(*, line: BenefitLine, actor: User) -> BenefitLine:
    """Add or change one benefit line; as `cost_line_save` (a line without an owner is refused)."""
    proposal = _lock(line.proposal)
    proposal_assert_editable(proposal=proposal, user=actor)
    _check_line(line, proposal)
    line.save()
    proposal_totals_refresh(proposal=proposal)
    return line


@transaction.atomic
def line_delete(*, line: CostLine | BenefitLine, actor: User) -> None:
    """Delete a cost or benefit line of an editable proposal."""
    proposal = _lock(line.proposal)
    proposal_assert_editable(proposal=proposal, user=actor)
    if isinstance(line, BenefitLine) and line.follow_ups.exists():
        raise ValidationError(_("This benefit has been followed up and cannot be deleted."))
    line.delete()
    proposal_totals_refresh(proposal=proposal)


@transaction.atomic
def proposal_lines_save(
    *,
    proposal: Proposal,
    actor: User,
    expected_version: int,
    cost_lines: Sequence[CostLine] = (),
    benefit_lines: Sequence[BenefitLine] = (),
    deleted: Iterable[CostLine | BenefitLine] = (),
) -> Proposal:
    """Save a whole benefit calculation at once (the editor's two formsets, an import): all lines or none.

    Adds or changes `cost_lines` and `benefit_lines`, deletes `deleted`, bumps the proposal's version and
    refreshes its stored totals. Raises, before anything is written: PermissionDenied unless the proposal is
    editable by `actor` (`proposal_assert_editable`) or when a line belongs to another proposal;
    ConcurrentEditError when someone saved the proposal since `expected_version` was read; LinesInvalid
    pairing every line that breaks the model's rules (`clean()`: year in the period, hours × rate, owner, …)
    with its ValidationError.
    """
    stored = _lock(proposal)
    proposal_assert_editable(proposal=stored, user=actor)
    if stored.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else saved this proposal while you were editing it. Your changes have not been saved: "
                "open the proposal again to see the new version, then re-enter your changes."
            )
        )
    deleted = [line for line in deleted if line.pk]
    for line in deleted:
        _check_owner(line, stored)
    lines = [*cost_lines, *benefit_lines]
    errors = []
    for line in lines:
        try:
            _check_line(line, stored)
        except ValidationError as exc:
            errors.append((line, exc))
    if errors:
        raise LinesInvalid(errors)
    for line in deleted:
        line.delete()
    for line in lines:
        line.save()
    stored.version += 1
    stored.save(update_fields=["version", "updated_at"])
    proposal.version = stored.version
    proposal_totals_refresh(proposal=proposal)
    return proposal


# Board assessment ----------------------------------------------------------------------------------


def _assert_assessable(proposal: Proposal, actor: User, perm: str) -> None:
    if not actor.has_perm(perm, proposal):
        raise PermissionDenied(
            _(
                "Only the board assessing %(proposal)s may change its assessment, while it is "
                "submitted or under assessment."
            )
            % {"proposal": proposal}
        )


@transaction.atomic
def risk_save(*, risk: Risk, actor: User) -> Risk:
    """Add or change a risk in the board's register. Raises PermissionDenied / ValidationError."""
    proposal = _lock(risk.proposal)
    _assert_assessable(proposal, actor, "portfolio.change_risk")
    risk.proposal = proposal
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk, actor: User) -> None:
    proposal = _lock(risk.proposal)
    _assert_assessable(proposal, actor, "portfolio.delete_risk")
    risk.delete()


@transaction.atomic
def financing_decision_save(
    *, financing: FinancingDecision, amounts: Mapping[int, Decimal], actor: User
) -> FinancingDecision:
    """Record who pays, from which budget, and how much per calendar year (replacing earlier amounts).

    Raises PermissionDenied unless the assessing board; ValidationError for years outside the
    proposal's period or negative amounts.
    """
    proposal = _lock(financing.proposal)
    _assert_assessable(proposal, actor, "portfolio.change_financingdecision")
    financing.proposal = proposal
    if financing.decided_by_id is None:
        financing.decided_by = actor
    financing.full_clean()
    financing.save()
    rows = [FinancingAmount(financing=financing, year=year, amount=Decimal(amount)) for year, amount in amounts.items()]
    errors = []
    for row in rows:
        try:
            row.full_clean(exclude=["financing"])
            row.clean()
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    financing.amounts.all().delete()
    FinancingAmount.objects.bulk_create(rows)
    return financing


@transaction.atomic
def financing_decision_delete(*, financing: FinancingDecision, actor: User) -> None:
    proposal = _lock(financing.proposal)
    _assert_assessable(proposal, actor, "portfolio.delete_financingdecision")
    financing.delete()


@transaction.atomic
def proposal_recommendation_save(*, proposal: Proposal, actor: User, recommendation: str, decision=None) -> Proposal:
    """The board writes its recommendation (and links its meeting decision) while assessing."""
    stored = _lock(proposal)
    _assert_assessable(stored, actor, "portfolio.change_assessment")
    stored.recommendation = recommendation.strip()
    stored.recommendation_decision = decision
    stored.version += 1
    stored.save(update_fields=["recommendation", "recommendation_decision", "version", "updated_at"])
    return stored
