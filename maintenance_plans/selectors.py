"""Reads of the register and plans: list rows, detail pages and the coverage & cost dashboard.

List rows come from `.values()` as plain dicts with choice labels looked up once per request, so a
page of 50 rows costs one query and almost no per-cell Python work.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from governance.models import OrganisationUnit
from governance.workflow import state_changes_for

from .calculations import change_share
from .filters import add_months
from .models import (
    ActivityKind,
    CostType,
    InformationType,
    Integration,
    Lifecycle,
    MaintenancePlan,
    PlanActivity,
    PlanState,
    System,
)

# Register list: sort key -> ORDER BY fields (a whitelist; anything else sorts by name).
SYSTEM_SORTS = {
    "name": ("name",),
    "administration": ("administration__name", "name"),
    "kind": ("kind", "name"),
    "operation_form": ("operation_form", "name"),
    "lifecycle": ("lifecycle", "name"),
    "classification": ("max_classification", "name"),
    "contract_end": ("contract_end", "name"),
    "system_manager": ("system_manager__last_name", "system_manager__first_name", "name"),
}

SYSTEM_ROW_FIELDS = (
    "pk",
    "name",
    "kind",
    "administration__name",
    "administration__short_name",
    "operation_form",
    "lifecycle",
    "max_classification",
    "personal_data",
    "contract_end",
    "supplier",
    "system_manager__first_name",
    "system_manager__last_name",
    "system_manager__username",
)


def labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def person_name(first: str | None, last: str | None, username: str | None) -> str:
    name = f"{first or ''} {last or ''}".strip()
    return name or (username or "")


def system_detail(*, pk: int, user) -> System:
    """One system with its roles, information types and integrations (404 through `visible_to`)."""

    qs = (
        System.objects.visible_to(user)
        .select_related("administration", "system_owner", "system_manager", "information_owner")
        .prefetch_related(
            Prefetch("information_types", queryset=InformationType.objects.order_by("name")),
            Prefetch("integrations_out", queryset=Integration.objects.select_related("target")),
            Prefetch("integrations_in", queryset=Integration.objects.select_related("source")),
            Prefetch("maintenance_plans", queryset=MaintenancePlan.objects.with_total().order_by("-plan_year")),
        )
    )
    return get_object_or_404(qs, pk=pk)


def plan_list(*, user, year: int):
    return (
        MaintenancePlan.objects.visible_to(user)
        .for_year(year)
        .with_total()
        .select_related("system", "system__administration", "system__system_manager")
        .order_by("system__name")
    )


def plan_detail(*, pk: int, user) -> MaintenancePlan:

    qs = (
        MaintenancePlan.objects.visible_to(user)
        .select_related("system", "system__administration", "system__system_manager", "system__system_owner")
        .prefetch_related("activities", "budget_lines")
    )
    plan = get_object_or_404(qs, pk=pk)
    plan.state_changes = list(state_changes_for(plan))
    return plan


def plan_budget_by_type(plan: MaintenancePlan) -> list[tuple[str, Decimal]]:
    """Totals per cost type of one plan (from prefetched lines), in the cost types' order."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in plan.budget_lines.all():
        totals[line.cost_type] += line.amount
    return [(str(label), totals[value]) for value, label in CostType.choices if value in totals]


# Coverage & cost dashboard -------------------------------------------------------------------


@dataclass
class CoverageRow:
    administration: str
    systems: int = 0
    accepted: int = 0
    submitted: int = 0
    draft: int = 0
    returned: int = 0
    missing: int = 0
    budget: Decimal = Decimal(0)
    budget_previous: Decimal = Decimal(0)

    @property
    def covered(self) -> int:
        return self.accepted + self.submitted

    @property
    def budget_change(self) -> Decimal | None:
        return change_share(self.budget, self.budget_previous)


@dataclass
class CostTypeRow:
    cost_type: str
    label: str
    budget: Decimal = Decimal(0)
    budget_previous: Decimal = Decimal(0)

    @property
    def budget_change(self) -> Decimal | None:
        return change_share(self.budget, self.budget_previous)


@dataclass
class Dashboard:
    year: int
    rows: list[CoverageRow]
    total: CoverageRow
    cost_types: list[CostTypeRow]
    contracts_ending: list[dict] = field(default_factory=list)
    retiring: list[dict] = field(default_factory=list)
    contracts_until: date | None = None


def coverage_dashboard(*, year: int, today: date | None = None) -> Dashboard:
    """Coverage and cost for plan year `year`, in a fixed number of queries.

    Coverage counts systems that are not retired, per owning administration, by the state of their plan
    for `year` (missing: no plan). Budgets sum the budget lines of every plan of the year, whatever its
    state, and compare with the year before. Contracts ending: the next 12 months from `today`.
    Retiring: systems in phase-out or with a planned retirement year up to `year`, not yet retired.
    """
    today = today or timezone.localdate()
    units = {
        u["pk"]: u["name"]
        for u in OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION).values("pk", "name")
    }
    rows = {pk: CoverageRow(administration=name) for pk, name in units.items()}

    def row(pk) -> CoverageRow:
        if pk not in rows:
            rows[pk] = CoverageRow(administration=str(pk))
        return rows[pk]

    active = System.objects.active()
    for r in active.values("administration").annotate(n=Count("pk")):
        row(r["administration"]).systems = r["n"]
    for r in (
        MaintenancePlan.objects.filter(plan_year=year, system__in=active)
        .values("system__administration", "state")
        .annotate(n=Count("pk"))
    ):
        target = row(r["system__administration"])
        setattr(target, r["state"], getattr(target, r["state"]) + r["n"])
    for target in rows.values():
        target.missing = max(target.systems - target.accepted - target.submitted - target.draft - target.returned, 0)

    cost_types = {value: CostTypeRow(cost_type=value, label=str(label)) for value, label in CostType.choices}
    budget = (
        MaintenancePlan.objects.filter(plan_year__in=(year, year - 1))
        .values("plan_year", "system__administration", "budget_lines__cost_type")
        .annotate(total=Sum("budget_lines__amount"))
    )
    for r in budget:
        if r["budget_lines__cost_type"] is None:
            continue
        amount = r["total"] or Decimal(0)
        attr = "budget" if r["plan_year"] == year else "budget_previous"
        target = row(r["system__administration"])
        setattr(target, attr, getattr(target, attr) + amount)
        ct = cost_types[r["budget_lines__cost_type"]]
        setattr(ct, attr, getattr(ct, attr) + amount)

    ordered = sorted(rows.values(), key=lambda r: r.administration)
    ordered = [r for r in ordered if r.systems or r.budget or r.budget_previous]
    total = CoverageRow(administration="")
    for r in ordered:
        for name in ("systems", "accepted", "submitted", "draft", "returned", "missing", "budget", "budget_previous"):
            setattr(total, name, getattr(total, name) + getattr(r, name))

    until = add_months(today, 12)
    contract_fields = (
        "pk",
        "name",
        "administration__name",
        "supplier",
        "contract_end",
        "system_manager__first_name",
        "system_manager__last_name",
        "system_manager__username",
    )
    contracts = list(
        active.contract_ending_between(today, until).order_by("contract_end", "name").values(*contract_fields)
    )
    retiring = list(
        active.filter(Q(lifecycle=Lifecycle.PHASE_OUT) | Q(planned_retirement_year__lte=year))
        .order_by("planned_retirement_year", "name")
        .values("pk", "name", "administration__name", "lifecycle", "planned_retirement_year")
    )
    cycles = labels(Lifecycle.choices)
    for r in contracts:
        r["system_manager"] = person_name(
            r["system_manager__first_name"], r["system_manager__last_name"], r["system_manager__username"]
        )
    for r in retiring:
        r["lifecycle_label"] = cycles.get(r["lifecycle"], r["lifecycle"])
    return Dashboard(
        year=year,
        rows=ordered,
        total=total,
        cost_types=list(cost_types.values()),
        contracts_ending=contracts,
        retiring=retiring,
        contracts_until=until,
    )


# Exports of a year's plans -----------------------------------------------------------------


def plans_of_year_rows(*, year: int) -> tuple[list[dict], list[dict]]:
    """One row per plan with totals per cost type, and every activity (two queries + one for lines)."""
    plans = list(
        MaintenancePlan.objects.filter(plan_year=year)
        .order_by("system__administration__name", "system__name")
        .values(
            "pk",
            "system__name",
            "system__administration__name",
            "state",
            "system__system_manager__first_name",
            "system__system_manager__last_name",
            "system__system_manager__username",
        )
    )
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for r in (
        MaintenancePlan.objects.filter(plan_year=year)
        .values("pk", "budget_lines__cost_type")
        .annotate(total=Sum("budget_lines__amount"))
    ):
        if r["budget_lines__cost_type"]:
            totals[r["pk"]][r["budget_lines__cost_type"]] += r["total"] or Decimal(0)
    states = labels(PlanState.choices)
    for p in plans:
        p["state_label"] = states.get(p["state"], p["state"])
        p["system_manager"] = person_name(
            p["system__system_manager__first_name"],
            p["system__system_manager__last_name"],
            p["system__system_manager__username"],
        )
        p["totals"] = {ct: totals[p["pk"]].get(ct, Decimal(0)) for ct in CostType.values}
        p["total"] = sum(p["totals"].values(), Decimal(0))
    kinds = labels(ActivityKind.choices)
    activities = list(
        PlanActivity.objects.filter(plan__plan_year=year)
        .order_by("plan__system__name", "quarter", "pk")
        .values("plan__system__name", "kind", "quarter", "description", "estimate")
    )
    for a in activities:
        a["kind_label"] = kinds.get(a["kind"], a["kind"])
    return plans, activities
