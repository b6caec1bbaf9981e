"""Reads of proposals: lists with their joins, the benefit calculation of a proposal, yearly costs, the
board's inbox and what awaits assessment ("My work").

`proposal_calculation` is the one place pages, documents, prioritisation and exports read a proposal's
calculated figures from; it feeds the proposal's lines into `portfolio.proposals.calculations` at the
cycle's discount rate.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import F, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from governance.models import Membership, Tier
from governance.obligations import Obligation
from governance.rules import access_of
from portfolio.proposals import calculations as calc
from portfolio.proposals.models import BenefitLine, CostLine, Proposal

_ZERO = Decimal(0)


# Benefit calculation -------------------------------------------------------------------------------


def cost_inputs(lines: Iterable[CostLine]) -> list[calc.CostLine]:
    return [
        calc.CostLine(
            year=line.year,
            amount=line.amount if line.amount is not None else _ZERO,
            low=line.amount_low,
            high=line.amount_high,
            category=line.category,
            payer=line.payer,
        )
        for line in lines
    ]


def benefit_inputs(lines: Iterable[BenefitLine]) -> list[calc.BenefitLine]:
    result = []
    for line in lines:
        if line.is_qualitative:
            result.append(
                calc.BenefitLine(
                    year=line.year, amount=None, stakeholder=line.stakeholder, qualitative_score=line.score
                )
            )
        else:
            result.append(
                calc.BenefitLine(
                    year=line.year,
                    amount=line.amount,
                    low=line.amount_low,
                    high=line.amount_high,
                    stakeholder=line.stakeholder,
                    cash_releasing=line.cash_releasing,
                )
            )
    return result


def proposal_calculation(
    proposal: Proposal,
    *,
    cost_lines: Iterable[CostLine] | None = None,
    benefit_lines: Iterable[BenefitLine] | None = None,
    discount_rate: Decimal | None = None,
) -> dict[calc.Scenario, calc.CalculationResult]:
    """The LOW, BASE and HIGH results of `proposal`'s benefit calculation.

    Reads the saved lines (use `prefetch_related("cost_lines", "benefit_lines")` on lists) unless
    `cost_lines`/`benefit_lines` are given (unsaved lines while the user types). The discount rate is
    the target cycle's unless given. Raises `portfolio.proposals.calculations.CalculationError` on invalid lines.
    """
    costs = cost_inputs(proposal.cost_lines.all() if cost_lines is None else cost_lines)
    benefits = benefit_inputs(proposal.benefit_lines.all() if benefit_lines is None else benefit_lines)
    rate = discount_rate if discount_rate is not None else proposal.target_cycle.discount_rate
    return calc.calculate_scenarios(
        costs=costs, benefits=benefits, period_years=proposal.calculation_years, discount_rate=Decimal(rate)
    )


def proposal_calculation_or_problems(proposal: Proposal, **lines) -> tuple[dict | None, tuple[str, ...]]:
    """`proposal_calculation`, or None with the problems that make the lines incalculable (for pages that
    show the problems instead of the figures)."""
    try:
        return proposal_calculation(proposal, **lines), ()
    except calc.CalculationError as exc:
        return None, tuple(exc.problems)


def proposals_calculations(proposals: Iterable[Proposal]) -> dict[int, dict[calc.Scenario, calc.CalculationResult]]:
    """`proposal_calculation` for many proposals in three queries; invalid calculations are left out."""
    ids = [p.pk for p in proposals]
    queryset = (
        Proposal.objects.filter(pk__in=ids)
        .select_related("target_cycle")
        .prefetch_related("cost_lines", "benefit_lines")
    )
    results = {}
    for proposal in queryset:
        try:
            results[proposal.pk] = proposal_calculation(proposal)
        except calc.CalculationError:
            continue
    return results


def proposal_yearly_costs(*, proposals: QuerySet | Iterable[int]) -> dict[int, dict[int, dict[str, Decimal]]]:
    """{proposal id: {calendar year: {cost type: SEK}}} of the base cost plan, in one query.

    The selection engine (budgets per year and cost type) and the IT plan read yearly costs here.
    """
    rows = (
        CostLine.objects.filter(proposal__in=proposals)
        .values("proposal_id", "cost_type")
        .annotate(calendar_year=F("proposal__target_cycle__plan_year") + F("year"), total=Sum("amount"))
        .values_list("proposal_id", "calendar_year", "cost_type", "total")
    )
    result: dict[int, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for proposal_id, year, cost_type, total in rows:
        bucket = result[proposal_id][year]
        bucket[cost_type] = bucket.get(cost_type, _ZERO) + (total or _ZERO)
    return {pk: dict(years) for pk, years in result.items()}


# Proposals -----------------------------------------------------------------------------------------


def proposal_list(*, user) -> QuerySet:
    """Every proposal `user` may read, with what list rows show (totals are stored on the row)."""
    return Proposal.objects.visible_to(user).select_related(
        "owning_group", "administration", "target_cycle", "author", "programme"
    )


def proposal_get(*, user, pk: int) -> Proposal:
    """One proposal through visibility: hidden and missing both raise Http404."""
    return get_object_or_404(
        proposal_list(user=user).prefetch_related("goals", "systems", "affected_operations"), pk=pk
    )


def proposal_detail(*, user, pk: int) -> Proposal:
    """`proposal_get` with the lines, risks and financing prefetched (the proposal page and PDF memo)."""
    queryset = (
        proposal_list(user=user)
        .select_related(
            "owning_group__parent",
            "recommendation_decision__meeting",
            "approval_decision__meeting",
        )
        .prefetch_related(
            "goals",
            "systems",
            "affected_operations",
            Prefetch("cost_lines", queryset=CostLine.objects.order_by("year", "category", "pk")),
            Prefetch(
                "benefit_lines",
                queryset=BenefitLine.objects.select_related("owner", "goal_indicator").order_by(
                    "year", "benefit_type", "pk"
                ),
            ),
            "risks__owner",
            "financing_decisions__amounts",
        )
    )
    return get_object_or_404(queryset, pk=pk)


def proposals_of_my_groups(*, user) -> QuerySet:
    """Proposals of the ICT groups `user` sits in."""
    group_ids = [s.group_id for s in access_of(user).seats if s.tier == Tier.ICT_GROUP]
    return proposal_list(user=user).of_groups(group_ids)


def board_inbox(*, user) -> QuerySet:
    """What awaits assessment by the boards `user` sits on (submitted or under assessment)."""
    board_ids = [s.group_id for s in access_of(user).seats if s.tier == Tier.BOARD]
    return proposal_list(user=user).awaiting_board(board_ids).order_by("submitted_at", "pk")


# Obligations ("My work" and reminders) -------------------------------------------------------------


def proposals_awaiting_assessment(milestone, *, today, user=None):
    """Registered for the cycle's inventory milestone: every board member owes the assessment of each
    proposal of that plan year still submitted or under assessment, due when the inventory closes."""

    proposals = list(
        Proposal.objects.filter(target_cycle_id=milestone.cycle_id).awaiting_board_any().select_related("owning_group")
    )
    if not proposals:
        return
    seats = Membership.objects.active(today).filter(group_id__in={p.owning_group.parent_id for p in proposals})
    if user is not None:
        seats = seats.filter(user=user)
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, user_id in seats.values_list("group_id", "user_id"):
        members[group_id].add(user_id)
    for proposal in proposals:
        url = proposal.get_absolute_url()
        for user_id in members[proposal.owning_group.parent_id]:
            yield Obligation(
                user_id=user_id,
                key=f"proposal:{proposal.pk}:assess",
                title=_("Assess %(proposal)s") % {"proposal": proposal},
                due_on=milestone.ends_on,
                url=url,
                remind_days_before=milestone.remind_days_before,
            )


# Proposal pages (lists and detail) -----------------------------------------------------------------

PROPOSAL_ROW_FIELDS = (
    "pk",
    "reference",
    "title",
    "owning_group__name",
    "administration__short_name",
    "target_cycle__plan_year",
    "state",
    "area",
    "total_cost",
    "npv",
    "benefit_cost_ratio",
)


def proposal_rows(*, queryset: QuerySet) -> QuerySet:
    """List rows as plain dicts (the lists render and export these; no model instances are built)."""
    return queryset.values(*PROPOSAL_ROW_FIELDS)


def proposal_scenario_table(results: dict) -> list[dict]:
    """The figures of the LOW, BASE and HIGH scenarios side by side, one row per figure (for the page)."""

    scenarios = [calc.Scenario.LOW, calc.Scenario.BASE, calc.Scenario.HIGH]
    figures = [
        ("total_cost", _("Total cost"), "money"),
        ("total_benefit", _("Monetary benefit"), "money"),
        ("cash_releasing_benefit", _("of which cash-releasing"), "money"),
        ("reallocation_benefit", _("of which reallocation"), "money"),
        ("net_benefit", _("Net benefit"), "money"),
        ("npv", _("Net present value (NPV)"), "money"),
        ("payback_year", _("Payback year"), "payback"),
        ("benefit_cost_ratio", _("Benefit/cost ratio"), "ratio"),
        ("qualitative_score", _("Qualitative score (1–5)"), "score"),
    ]
    return [
        {"key": key, "label": label, "kind": kind, "values": [getattr(results[s], key) for s in scenarios]}
        for key, label, kind in figures
    ]
