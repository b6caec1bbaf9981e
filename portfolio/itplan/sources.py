"""What an IT plan is assembled from, read from the records and turned into unsaved `ITPlanItem`s.

Every figure is copied (frozen) into the item: later edits to proposals, projects, maintenance plans or
the register do not change a plan version once it is assembled. Procurement sits above the portfolio
(it may not be imported here), so its cases are read through the reverse relation
`Proposal.procurement_cases`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from governance.models import BudgetCycle, SteeringGroup, Tier
from maintenance_plans.models import Lifecycle, MaintenancePlan, PlanBudgetLine, PlanState, System
from portfolio.itplan.models import ITPlanItem, ITPlanSection
from portfolio.prioritisation.selectors import recommended_scenario
from portfolio.projects.models import ACTIVE_PROJECT_STATES, BaselineYear, Project
from portfolio.proposals.models import BenefitLine, BenefitType, Proposal, ProposalState
from portfolio.proposals.selectors import proposal_yearly_costs

ZERO = Decimal(0)
CENT = Decimal("0.01")


def money(value) -> Decimal:
    return (Decimal(value) if value is not None else ZERO).quantize(CENT)


def _yearly(costs: dict[int, Decimal], benefits: dict[int, Decimal], from_year: int) -> dict[str, dict[str, str]]:
    years = sorted(y for y in set(costs) | set(benefits) if y >= from_year)
    return {str(y): {"cost": str(money(costs.get(y))), "benefit": str(money(benefits.get(y)))} for y in years}


def _totals(yearly: dict) -> tuple[Decimal, Decimal]:
    return (
        sum((Decimal(v["cost"]) for v in yearly.values()), ZERO),
        sum((Decimal(v["benefit"]) for v in yearly.values()), ZERO),
    )


@dataclass
class Recommendation:
    proposal_ids: list[int]  # in priority order
    source: str


def recommended_proposals(cycle: BudgetCycle) -> Recommendation:
    """The board's (or leadership's) recommended scenario if prioritisation provides one; else every
    recommended proposal of the cycle, highest net present value first."""
    names, ids = [], []
    settled = recommended_scenario(cycle)  # the leadership group's settlement across boards comes first
    if settled is not None:
        names.append(str(settled.scenario))
        ids.extend(settled.proposal_ids)
    else:  # one recommended scenario per board
        for board in SteeringGroup.objects.filter(tier=Tier.BOARD).order_by("name"):
            found = recommended_scenario(cycle, board=board)
            if found is not None:
                names.append(str(found.scenario))
                ids.extend(i for i in found.proposal_ids if i not in ids)
    if names:
        return Recommendation(ids, _("Recommended scenario: %(names)s") % {"names": ", ".join(names)})
    ids = list(
        Proposal.objects.filter(target_cycle=cycle, state=ProposalState.RECOMMENDED)
        .order_by("-npv", "reference")
        .values_list("pk", flat=True)
    )
    return Recommendation(ids, _("Recommended proposals"))


def _benefits_by_year(proposal_ids: Iterable[int]) -> dict[int, dict[int, Decimal]]:
    rows = (
        BenefitLine.objects.filter(proposal_id__in=list(proposal_ids), amount__isnull=False)
        .exclude(benefit_type=BenefitType.QUALITY)
        .values("proposal_id")
        .annotate(calendar_year=F("proposal__target_cycle__plan_year") + F("year"), total=Sum("amount"))
        .values_list("proposal_id", "calendar_year", "total")
    )
    result: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for pk, year, total in rows:
        result[pk][year] += total or ZERO
    return result


def project_items(
    cycle: BudgetCycle, *, previous_priority: dict[str, int] | None = None
) -> tuple[list[ITPlanItem], str]:
    """Recommended proposals of the cycle and ongoing projects (their frozen baselines) from the plan year on."""
    year = cycle.plan_year
    previous_priority = previous_priority or {}
    recommendation = recommended_proposals(cycle)
    priority = {pk: i for i, pk in enumerate(recommendation.proposal_ids, start=1)}

    projects = list(
        Project.objects.filter(state__in=list(ACTIVE_PROJECT_STATES))
        .filter(Q(baseline_years__year__gte=year) | Q(proposal__target_cycle=cycle))
        .distinct()
        .select_related("manager", "proposal__owning_group", "proposal__administration")
        .prefetch_related("proposal__goals")
    )
    project_proposal_ids = {p.proposal_id for p in projects}
    baselines: dict[int, dict[int, BaselineYear]] = defaultdict(dict)
    for row in BaselineYear.objects.filter(project__in=[p.pk for p in projects], year__gte=year):
        baselines[row.project_id][row.year] = row

    proposals = list(
        Proposal.objects.filter(pk__in=recommendation.proposal_ids, state=ProposalState.RECOMMENDED)
        .exclude(pk__in=project_proposal_ids)
        .select_related("owning_group", "administration", "author")
        .prefetch_related("goals")
    )
    costs = proposal_yearly_costs(proposals=[p.pk for p in proposals])
    benefits = _benefits_by_year(p.pk for p in proposals)

    items: list[ITPlanItem] = []
    for p in proposals:
        yearly = _yearly(
            {y: sum(t.values(), ZERO) for y, t in costs.get(p.pk, {}).items()}, benefits.get(p.pk, {}), year
        )
        items.append(
            _project_item(
                key=f"proposal:{p.pk}",
                proposal=p,
                owner=str(p.owning_group),
                priority=priority.get(p.pk),
                status=p.state,
                status_label=str(p.get_state_display()),
                yearly=yearly,
                year=year,
                details={"proposal_id": p.pk, "kind": "proposal", "goal_ids": sorted(g.pk for g in p.goals.all())},
            )
        )
    for project in projects:
        p = project.proposal
        rows = baselines.get(project.pk, {})
        yearly = _yearly({y: r.cost for y, r in rows.items()}, {y: r.benefit for y, r in rows.items()}, year)
        key = f"proposal:{p.pk}"
        items.append(
            _project_item(
                key=key,
                proposal=p,
                owner=str(project.manager or p.owning_group),
                priority=priority.get(p.pk) or previous_priority.get(key),
                status=project.state,
                status_label=str(project.get_state_display()),
                yearly=yearly,
                year=year,
                details={
                    "proposal_id": p.pk,
                    "project_id": project.pk,
                    "kind": "project",
                    "goal_ids": sorted(g.pk for g in p.goals.all()),
                },
                title=project.name,
            )
        )
    items.sort(key=lambda i: (i.priority is None, i.priority or 0, i.administration_name, i.reference))
    return items, recommendation.source


def _project_item(
    *, key, proposal: Proposal, owner, priority, status, status_label, yearly, year, details, title: str | None = None
) -> ITPlanItem:
    total_cost, total_benefit = _totals(yearly)
    details = {k: v for k, v in details.items() if v is not None}
    return ITPlanItem(
        section=ITPlanSection.PROJECTS,
        key=key,
        reference=proposal.reference,
        title=(title or proposal.title)[:300],
        owner=owner[:300],
        priority=priority,
        status=status,
        status_label=status_label[:100],
        area=proposal.area,
        administration_id=proposal.administration_id,
        administration_name=str(proposal.administration or "")[:200],
        amount=Decimal(yearly.get(str(year), {}).get("cost", "0")),
        total_cost=total_cost,
        total_benefit=total_benefit,
        yearly=yearly,
        details=details,
    )


def maintenance_items(cycle: BudgetCycle) -> list[ITPlanItem]:
    """The budget of every accepted maintenance plan of the plan year, per cost type."""
    year = cycle.plan_year
    plans = list(
        MaintenancePlan.objects.filter(plan_year=year, state=PlanState.ACCEPTED)
        .select_related("system__administration", "system__system_manager")
        .order_by("system__name")
    )
    by_plan: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for plan_id, cost_type, total in (
        PlanBudgetLine.objects.filter(plan__in=[p.pk for p in plans])
        .values("plan_id", "cost_type")
        .annotate(total=Sum("amount"))
        .values_list("plan_id", "cost_type", "total")
    ):
        by_plan[plan_id][cost_type] = money(total)
    items = []
    for position, plan in enumerate(plans):
        system = plan.system
        types = by_plan.get(plan.pk, {})
        total = sum(types.values(), ZERO)
        items.append(
            ITPlanItem(
                section=ITPlanSection.MAINTENANCE,
                key=f"system:{system.pk}",
                position=position,
                reference=system.register_id or "",
                title=system.name[:300],
                owner=str(system.system_manager or "")[:300],
                status=plan.state,
                status_label=str(plan.get_state_display()),
                administration_id=system.administration_id,
                administration_name=str(system.administration)[:200],
                amount=total,
                total_cost=total,
                yearly={str(year): {"cost": str(total), "benefit": "0.00"}},
                details={
                    "system_id": system.pk,
                    "maintenance_plan_id": plan.pk,
                    "cost_types": {k: str(v) for k, v in sorted(types.items())},
                    "procurement_needed": plan.procurement_needed,
                    "contract_renewal_need": plan.contract_renewal_need[:500],
                },
            )
        )
    return items


def retirement_items(cycle: BudgetCycle) -> list[ITPlanItem]:
    """Systems planned to be retired in the plan year, and systems being phased out by then."""
    year = cycle.plan_year
    systems = (
        System.objects.exclude(lifecycle=Lifecycle.RETIRED)
        .filter(
            Q(planned_retirement_year=year)
            | (
                Q(lifecycle=Lifecycle.PHASE_OUT)
                & (Q(planned_retirement_year__isnull=True) | Q(planned_retirement_year__lte=year))
            )
        )
        .select_related("administration", "system_manager")
        .order_by("planned_retirement_year", "name")
    )
    return [
        ITPlanItem(
            section=ITPlanSection.RETIREMENTS,
            key=f"system:{s.pk}",
            position=position,
            reference=s.register_id or "",
            title=s.name[:300],
            owner=str(s.system_manager or "")[:300],
            status=s.lifecycle,
            status_label=str(s.get_lifecycle_display()),
            administration_id=s.administration_id,
            administration_name=str(s.administration)[:200],
            details={"system_id": s.pk, "planned_retirement_year": s.planned_retirement_year},
        )
        for position, s in enumerate(systems)
    ]


def procurement_items(
    cycle: BudgetCycle,
    *,
    proposal_ids: Iterable[int],
    system_ids: Iterable[int],
    maintenance: Iterable[ITPlanItem] = (),
) -> list[ITPlanItem]:
    """Open procurement cases of the plan's proposals and systems, and the procurement needs stated in
    maintenance plans."""
    items: list[ITPlanItem] = []
    case_model = Proposal._meta.get_field("procurement_cases").related_model  # procurement.ProcurementCase
    cases = (
        case_model.objects.filter(Q(proposal_id__in=list(proposal_ids)) | Q(system_id__in=list(system_ids)))
        .exclude(phase="closed")
        .select_related("proposal__administration", "system__administration", "responsible")
        .order_by("reference")
    )
    for case in cases:
        admin = (case.proposal.administration if case.proposal_id else None) or (
            case.system.administration if case.system_id else None
        )
        value = money(case.estimated_value)
        items.append(
            ITPlanItem(
                section=ITPlanSection.PROCUREMENTS,
                key=f"case:{case.pk}",
                reference=case.reference,
                title=case.title[:300],
                owner=str(case.responsible or "")[:300],
                status=case.phase,
                status_label=str(case.get_phase_display()),
                administration_id=admin.pk if admin else None,
                administration_name=str(admin or "")[:200],
                amount=value,
                total_cost=value,
                details={
                    "case_id": case.pk,
                    "proposal": case.proposal.reference if case.proposal_id else "",
                    "system": str(case.system) if case.system_id else "",
                    "contract_months": case.contract_months,
                },
            )
        )
    for m in maintenance:
        if m.details.get("procurement_needed"):
            items.append(
                ITPlanItem(
                    section=ITPlanSection.PROCUREMENTS,
                    key=f"need:{m.details['maintenance_plan_id']}",
                    reference=m.reference,
                    title=m.title,
                    owner=m.owner,
                    status="need",
                    status_label=_("Stated in the maintenance plan"),
                    administration_id=m.administration_id,
                    administration_name=m.administration_name,
                    details={"system": m.title, "need": m.details.get("contract_renewal_need", "")},
                )
            )
    for position, item in enumerate(items):
        item.position = position
    return items


def assemble_items(
    cycle: BudgetCycle, *, previous_priority: dict[str, int] | None = None
) -> tuple[list[ITPlanItem], str]:
    """Every item of a plan for `cycle`, unsaved, and a note on where the projects came from."""
    projects, source = project_items(cycle, previous_priority=previous_priority)
    maintenance = maintenance_items(cycle)
    retirements = retirement_items(cycle)
    procurements = procurement_items(
        cycle,
        proposal_ids=[i.details["proposal_id"] for i in projects],
        system_ids=[i.details["system_id"] for i in maintenance],
        maintenance=maintenance,
    )
    for position, item in enumerate(projects):
        item.position = position
    return [*projects, *maintenance, *retirements, *procurements], source
