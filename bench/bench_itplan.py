"""IT plan benchmarks (issue 6): assemble, and export the PDF and the XLSX, of a plan with 2,000 projects and
1,000 systems (accepted maintenance plans; 50 of the systems being retired).

Figures (aims: under 10 s and 500 MB each):
- itplan_assemble: `itplan_assemble` of a new plan year; baseline: a bare read of the same source rows
  (projects' baseline years and maintenance budget lines).
- itplan_pdf, itplan_xlsx: `itplan_document` + the export of the assembled version; baseline: the JSON
  export of the same document (the cheapest format).
Time is measured without tracing; peak memory in a second run under tracemalloc (Python allocations).
Run: .venv/bin/python bench/bench_itplan.py (BENCH_DATABASE_URL for PostgreSQL).
"""

import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _django import emit, setup  # noqa: E402

N_PROJECTS = 2_000
N_SYSTEMS = 1_000
YEAR = 2031
AIM_SECONDS = 10
AIM_MB = 500


def build() -> object:
    from governance.models import (
        BudgetCycle,
        MunicipalRole,
        OrganisationUnit,
        RoleAssignment,
        SteeringGroup,
        Tier,
        User,
    )
    from maintenance_plans.models import Lifecycle, MaintenancePlan, PlanBudgetLine, PlanState, System
    from portfolio.models import AreaOfOperation, BaselineYear, Project, Proposal, ProposalState

    municipality = OrganisationUnit.objects.create(name="Benchkommun", kind="municipality")
    admins = [
        OrganisationUnit.objects.create(name=f"Förvaltning {i}", kind="administration", parent=municipality)
        for i in range(5)
    ]
    leadership = SteeringGroup.objects.create(name="KLG", tier=Tier.LEADERSHIP, scope=municipality)
    groups = []
    for i, admin in enumerate(admins):
        board = SteeringGroup.objects.create(name=f"ITLG {i}", tier=Tier.BOARD, parent=leadership, scope=admin)
        groups.append(SteeringGroup.objects.create(name=f"IKT {i}", tier=Tier.ICT_GROUP, parent=board, scope=admin))
    user = User.objects.create(username="itchef", first_name="It", last_name="Chef")
    RoleAssignment.objects.create(user=user, role=MunicipalRole.IT_COORDINATION)
    earlier = BudgetCycle.objects.create(plan_year=YEAR - 1)
    BudgetCycle.objects.create(plan_year=YEAR)
    areas = list(AreaOfOperation.values)

    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                reference=f"B{n:05d}",
                owning_group=groups[n % 5],
                administration=admins[n % 5],
                author=user,
                title=f"Utvecklingsprojekt {n} för verksamheten",
                target_cycle=earlier,
                area=areas[n % len(areas)],
                state=ProposalState.APPROVED,
            )
            for n in range(N_PROJECTS)
        ],
        batch_size=500,
    )
    projects = Project.objects.bulk_create(
        [Project(proposal=p, name=p.title, baseline_total_cost=Decimal(500000), manager=user) for p in proposals],
        batch_size=500,
    )
    BaselineYear.objects.bulk_create(
        [
            BaselineYear(project=pr, year=YEAR - 1 + i, cost=Decimal(100000 + n % 7 * 1000), benefit=Decimal(20000 * i))
            for n, pr in enumerate(projects)
            for i in range(5)
        ],
        batch_size=2000,
    )

    systems = System.objects.bulk_create(
        [
            System(
                name=f"System {n:04d}",
                kind="niche",
                administration=admins[n % 5],
                operation_form="cloud",
                lifecycle=Lifecycle.PHASE_OUT if n < 50 else Lifecycle.MAINTENANCE,
                planned_retirement_year=YEAR if n < 50 else None,
            )
            for n in range(N_SYSTEMS)
        ],
        batch_size=500,
    )
    plans = MaintenancePlan.objects.bulk_create(
        [MaintenancePlan(system=s, plan_year=YEAR, state=PlanState.ACCEPTED) for s in systems], batch_size=500
    )
    PlanBudgetLine.objects.bulk_create(
        [
            PlanBudgetLine(plan=p, cost_type=t, amount=Decimal(amount))
            for p in plans
            for t, amount in (("licences", 120000), ("operation", 40000), ("support", 15000))
        ],
        batch_size=2000,
    )
    return user


def measure(fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    return result, seconds


def peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    setup()
    from django.db import connection

    from maintenance_plans.models import PlanBudgetLine
    from portfolio.itplan import exports
    from portfolio.itplan.selectors import itplan_document
    from portfolio.itplan.services import itplan_assemble
    from portfolio.models import BaselineYear, ITPlan

    user = build()

    def baseline_read():
        list(BaselineYear.objects.filter(year__gte=YEAR).values_list("project_id", "year", "cost", "benefit"))
        list(PlanBudgetLine.objects.filter(plan__plan_year=YEAR).values_list("plan_id", "cost_type", "amount"))

    _, base = measure(baseline_read)

    def assemble():
        ITPlan.objects.filter(cycle__plan_year=YEAR).delete()
        return itplan_assemble(plan_year=YEAR, actor=user)

    plan, seconds = measure(assemble)
    memory = peak_mb(assemble)
    plan = ITPlan.objects.get(cycle__plan_year=YEAR)
    version = plan.versions.get(number=plan.current_number)
    items = version.items.count()
    emit(
        bench="itplan",
        figure="itplan_assemble",
        projects=N_PROJECTS,
        systems=N_SYSTEMS,
        items=items,
        seconds=round(seconds, 3),
        peak_mb=round(memory, 1),
        baseline_seconds=round(base, 4),
        ratio=round(seconds / base, 1),
        aim_seconds=AIM_SECONDS,
        aim_mb=AIM_MB,
        db=connection.vendor,
    )

    _, json_seconds = measure(lambda: exports.json_bytes(itplan_document(version)))
    for fmt in ("xlsx", "pdf"):

        def export(fmt=fmt):
            return exports.render(itplan_document(version), fmt)

        data, seconds = measure(export)
        memory = peak_mb(export)
        emit(
            bench="itplan",
            figure=f"itplan_{fmt}",
            projects=N_PROJECTS,
            systems=N_SYSTEMS,
            bytes=len(data),
            seconds=round(seconds, 3),
            peak_mb=round(memory, 1),
            baseline_seconds=round(json_seconds, 3),
            ratio=round(seconds / json_seconds, 1),
            aim_seconds=AIM_SECONDS,
            aim_mb=AIM_MB,
            db=connection.vendor,
        )


if __name__ == "__main__":
    main()
