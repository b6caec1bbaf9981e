"""Writes of projects and programmes: the project created from an approved proposal (with its frozen
baseline), project edits, status reports, actual costs and benefit follow-ups.

Transitions live in `portfolio.projects.workflows` (`project_transition`).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from governance.models import User
from governance.services import versioned_save
from portfolio.projects.models import ActualCost, BaselineYear, BenefitFollowUp, Programme, Project, StatusReport
from portfolio.proposals import calculations as calc
from portfolio.proposals.models import BenefitLine, CostCategory, CostLine, Proposal
from portfolio.proposals.selectors import proposal_calculation

_ZERO = Decimal(0)


# Programmes ----------------------------------------------------------------------------------------


@transaction.atomic
def programme_save(*, programme: Programme, actor: User, expected_version: int | None = None) -> Programme:
    """Create or change a programme (IT coordination or board members)."""
    perm = "portfolio.change_programme" if programme.pk else "portfolio.add_programme"
    if not actor.has_perm(perm, programme if programme.pk else None):
        raise PermissionDenied(_("Only IT coordination and board members manage programmes."))
    if programme.pk:
        return versioned_save(instance=programme, expected_version=expected_version or programme.version)
    programme.full_clean()
    programme.save()
    return programme


# Projects ------------------------------------------------------------------------------------------


def _line_snapshot(line: CostLine | BenefitLine, start_year: int) -> dict:
    data = {"id": line.pk, "year": line.year, "calendar_year": start_year + line.year, "description": line.description}
    for name in ("hours", "hourly_rate", "amount", "amount_low", "amount_high"):
        value = getattr(line, name)
        data[name] = None if value is None else str(value)
    if isinstance(line, CostLine):
        data.update(category=line.category, payer=line.payer, cost_type=line.cost_type)
    else:
        data.update(
            benefit_type=line.benefit_type,
            stakeholder=line.stakeholder,
            cash_releasing=line.cash_releasing,
            score=line.score,
            owner_id=line.owner_id,
            indicator_name=line.indicator_name,
            baseline=None if line.baseline is None else str(line.baseline),
            target=None if line.target is None else str(line.target),
            measurement_method=line.measurement_method,
        )
    return data


def _result_snapshot(result: calc.CalculationResult) -> dict:
    return {
        "total_cost": str(result.total_cost),
        "total_benefit": str(result.total_benefit),
        "cash_releasing_benefit": str(result.cash_releasing_benefit),
        "net_benefit": str(result.net_benefit),
        "npv": str(result.npv),
        "payback_year": result.payback_year,
        "benefit_cost_ratio": None if result.benefit_cost_ratio is None else str(result.benefit_cost_ratio),
        "qualitative_score": None if result.qualitative_score is None else str(result.qualitative_score),
        "costs_by_year": [str(v) for v in result.costs_by_year],
        "benefits_by_year": [str(v) for v in result.benefits_by_year],
    }


def project_create_from_proposal(*, proposal: Proposal, actor: User | None = None) -> Project:
    """Create the project of an approved proposal with its plan frozen as the baseline.

    Called by the `approve` transition inside its transaction; idempotent (returns the existing one).
    """

    existing = Project.objects.filter(proposal=proposal).first()
    if existing:
        return existing
    proposal = Proposal.objects.select_related("target_cycle").get(pk=proposal.pk)
    costs = list(proposal.cost_lines.order_by("year", "pk"))
    benefits = list(proposal.benefit_lines.order_by("year", "pk"))
    results = proposal_calculation(proposal, cost_lines=costs, benefit_lines=benefits)
    base = results[calc.Scenario.BASE]
    start = proposal.start_year
    project = Project.objects.create(
        proposal=proposal,
        name=proposal.title,
        programme=proposal.programme,
        baseline={
            "start_year": start,
            "calculation_years": proposal.calculation_years,
            "discount_rate": str(proposal.target_cycle.discount_rate),
            "hourly_rate": str(proposal.target_cycle.hourly_rate),
            "cost_lines": [_line_snapshot(line, start) for line in costs],
            "benefit_lines": [_line_snapshot(line, start) for line in benefits],
            "results": {str(s): _result_snapshot(r) for s, r in results.items()},
        },
        baseline_total_cost=base.total_cost,
        baseline_total_benefit=base.total_benefit,
        baseline_npv=base.npv,
    )
    years = []
    for index in range(proposal.calculation_years):
        investment = sum(
            (c.amount or _ZERO for c in costs if c.year == index and c.category == CostCategory.INVESTMENT), _ZERO
        )
        cash = sum(
            (b.amount or _ZERO for b in benefits if b.year == index and b.cash_releasing and not b.is_qualitative),
            _ZERO,
        )
        years.append(
            BaselineYear(
                project=project,
                year=start + index,
                cost=base.costs_by_year[index],
                investment=investment,
                benefit=base.benefits_by_year[index],
                cash_releasing_benefit=cash,
            )
        )
    BaselineYear.objects.bulk_create(years)
    return project


def _assert_project_perm(project: Project, actor: User, perm: str) -> None:
    if not actor.has_perm(perm, project):
        raise PermissionDenied(_("You may not change %(project)s (or it is closed).") % {"project": project})


@transaction.atomic
def project_save(*, project: Project, actor: User, expected_version: int) -> Project:
    """Change a project's manager, programme and dates (the baseline never changes)."""
    stored = Project.objects.select_for_update().get(pk=project.pk)
    _assert_project_perm(stored, actor, "portfolio.change_project")
    for name in (
        "state",
        "baseline",
        "baseline_total_cost",
        "baseline_total_benefit",
        "baseline_npv",
        "completed_on",
        "proposal_id",
        "approved_at",
    ):
        setattr(project, name, getattr(stored, name))
    return versioned_save(instance=project, expected_version=expected_version)


def _record_perm(record: StatusReport | ActualCost | BenefitFollowUp) -> str:
    """add_<model> for a new project record, change_<model> for a stored one (checked on the project)."""
    action = "add" if record.pk is None else "change"
    return f"portfolio.{action}_{record._meta.model_name}"


@transaction.atomic
def status_report_save(*, report: StatusReport, actor: User, expected_version: int = 1) -> StatusReport:
    """Add or change a status report (amber and red need a comment). Raises PermissionDenied, ValidationError
    or ConcurrentEditError (someone saved the report since `expected_version` was read)."""
    _assert_project_perm(report.project, actor, _record_perm(report))
    if report.author_id is None:
        report.author = actor
    return versioned_save(instance=report, expected_version=expected_version)


@transaction.atomic
def actual_cost_save(*, cost: ActualCost, actor: User, expected_version: int = 1) -> ActualCost:
    """Record or change the actual cost of a year (one row per year and category); version-checked."""
    _assert_project_perm(cost.project, actor, _record_perm(cost))
    return versioned_save(instance=cost, expected_version=expected_version)


@transaction.atomic
def benefit_follow_up_save(*, follow_up: BenefitFollowUp, actor: User, expected_version: int = 1) -> BenefitFollowUp:
    """Record or change a measured value of a benefit before, during or after the project (planned vs realised);
    version-checked."""
    _assert_project_perm(follow_up.project, actor, _record_perm(follow_up))
    if follow_up.recorded_by_id is None:
        follow_up.recorded_by = actor
    return versioned_save(instance=follow_up, expected_version=expected_version)


@transaction.atomic
def project_record_delete(*, record: StatusReport | ActualCost | BenefitFollowUp, actor: User) -> None:
    perm = f"portfolio.delete_{record._meta.model_name}"
    _assert_project_perm(record.project, actor, perm)
    record.delete()
