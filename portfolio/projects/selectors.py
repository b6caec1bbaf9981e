"""Reads of projects and programmes: lists with actual cost and latest status, plan against actual,
benefit follow-up and indicator measurements, programme totals.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, CharField, Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from governance.models import Indicator
from portfolio.projects.models import RAG, ActualCost, BaselineYear, FollowUpPhase, Programme, Project, StatusReport
from portfolio.proposals.models import MONEY, Proposal

_MONEY = DecimalField(**MONEY)
_ZERO = Decimal(0)


# Projects and programmes ---------------------------------------------------------------------------


def _money_or_zero(total: QuerySet) -> Coalesce:
    """A one-value subquery of money, 0 where it finds no rows."""
    return Coalesce(Subquery(total, output_field=_MONEY), Value(_ZERO), output_field=_MONEY)


def _sum_subquery(model, fk: str, field: str):
    return _money_or_zero(model.objects.filter(**{fk: OuterRef("pk")}).values(fk).annotate(s=Sum(field)).values("s"))


def project_list(*, user) -> QuerySet:
    """Projects `user` may read, with actual cost to date and the latest status report's date."""
    latest = StatusReport.objects.filter(project=OuterRef("pk")).order_by("-reported_on", "-pk")
    return (
        Project.objects.visible_to(user)
        .select_related(
            "proposal__owning_group", "proposal__administration", "proposal__target_cycle", "programme", "manager"
        )
        .annotate(
            actual_cost_total=_sum_subquery(ActualCost, "project", "amount"),
            last_reported_on=Subquery(latest.values("reported_on")[:1]),
            last_overall_schedule=Subquery(latest.values("schedule")[:1]),
            last_overall_cost=Subquery(latest.values("cost")[:1]),
            last_overall_scope=Subquery(latest.values("scope")[:1]),
        )
    )


def project_get(*, user, pk: int) -> Project:
    queryset = project_list(user=user).prefetch_related(
        "baseline_years",
        "status_reports__author",
        "actual_costs",
        "benefit_follow_ups__benefit_line",
        "proposal__benefit_lines__owner",
    )
    return get_object_or_404(queryset, pk=pk)


def project_plan_vs_actual(*, project: Project) -> list[dict]:
    """Per calendar year: planned cost and benefit (baseline) against actual cost."""
    actual: dict[int, Decimal] = defaultdict(lambda: _ZERO)
    for cost in project.actual_costs.all():
        actual[cost.year] += cost.amount
    planned = {b.year: b for b in project.baseline_years.all()}
    years = sorted(set(planned) | set(actual))
    return [
        {
            "year": y,
            "planned_cost": planned[y].cost if y in planned else _ZERO,
            "planned_benefit": planned[y].benefit if y in planned else _ZERO,
            "actual_cost": actual[y],
        }
        for y in years
    ]


def programme_list(*, user) -> QuerySet:
    """Programmes with their number of projects and proposals and totals (planned and actual)."""
    planned = (
        BaselineYear.objects.filter(project__programme=OuterRef("pk"))
        .values("project__programme")
        .annotate(s=Sum("cost"))
        .values("s")
    )
    actual = (
        ActualCost.objects.filter(project__programme=OuterRef("pk"))
        .values("project__programme")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    proposed = (
        Proposal.objects.filter(programme=OuterRef("pk")).values("programme").annotate(s=Sum("total_cost")).values("s")
    )
    return (
        Programme.objects.visible_to(user)
        .select_related("owner")
        .annotate(
            project_count=Count("projects", distinct=True),
            planned_cost=_money_or_zero(planned),
            actual_cost=_money_or_zero(actual),
            proposed_cost=_money_or_zero(proposed),
        )
    )


# Project pages (list with the latest status, follow-up, indicators) ----------------------------------


def project_list_with_status(*, user) -> QuerySet:
    """`project_list` plus `last_overall`: the worst of the latest status report's schedule, cost and scope
    ("red", "amber", "green"), or "" when no report exists yet (for the RAG filter and sorting)."""

    fields = ("last_overall_schedule", "last_overall_cost", "last_overall_scope")

    def any_is(value):
        q = Q()
        for name in fields:
            q |= Q(**{name: value})
        return q

    return project_list(user=user).annotate(
        last_overall=Case(
            When(any_is(RAG.RED), then=Value(RAG.RED)),
            When(any_is(RAG.AMBER), then=Value(RAG.AMBER)),
            When(last_reported_on__isnull=False, then=Value(RAG.GREEN)),
            default=Value(""),
            output_field=CharField(),
        )
    )


def project_benefit_follow_up(*, project: Project) -> list[dict]:
    """Per benefit line of the project's proposal: its follow-ups in phase order (before, during, after)
    with planned, realised and deviation, and the latest realised value per phase.

    Reads the prefetched `proposal__benefit_lines` and `benefit_follow_ups` of `project_get`.
    """

    order = {phase: i for i, phase in enumerate(FollowUpPhase.values)}
    by_line: dict[int, list] = defaultdict(list)
    for follow_up in project.benefit_follow_ups.all():
        by_line[follow_up.benefit_line_id].append(follow_up)
    result = []
    for line in project.proposal.benefit_lines.all():
        rows = sorted(by_line.get(line.pk, []), key=lambda f: (order[f.phase], f.measured_on, f.pk))
        latest = {}
        for follow_up in rows:
            latest[follow_up.phase] = follow_up
        result.append(
            {
                "line": line,
                "follow_ups": rows,
                "phases": [(label, latest.get(value)) for value, label in FollowUpPhase.choices],
                "planned": line.amount if line.amount is not None else line.target,
            }
        )
    return result


def project_indicator_measurements(*, project: Project) -> list[dict]:
    """The strategic indicators the project's benefits move, each with its measurements over time."""

    ids = {line.goal_indicator_id for line in project.proposal.benefit_lines.all() if line.goal_indicator_id}
    if not ids:
        return []
    indicators = (
        Indicator.objects.filter(pk__in=ids).select_related("goal").prefetch_related("measurements").order_by("name")
    )
    return [
        {"indicator": i, "measurements": sorted(i.measurements.all(), key=lambda m: m.measured_on)} for i in indicators
    ]


def programme_get(*, user, pk: int) -> Programme:
    """One programme with its totals (see `programme_list`); 404 when missing."""
    return get_object_or_404(programme_list(user=user), pk=pk)


def programme_projects(*, programme: Programme, user) -> QuerySet:
    """The projects of a programme with actual cost and latest status (as the project list)."""
    return project_list_with_status(user=user).filter(programme=programme).order_by("name")
