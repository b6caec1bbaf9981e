"""Reads of the IT plan. `itplan_document` is the one function that turns a plan version into its
sections as plain data (columns, rows, totals); the page, the PDF, the XLSX, the CSV and the JSON all
render that, so they cannot disagree. Figures come from the version's frozen items; only indicator
progress and the follow-up (status and actual cost) are read live, as they report what happened since.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.charts import bar_chart
from governance.models import Indicator, Measurement
from governance.money import format_number
from governance.workflow import state_changes_for
from maintenance_plans.models import CostType
from portfolio.itplan.models import ITPlan, ITPlanItem, ITPlanSection, ITPlanVersion
from portfolio.projects.models import RAG, ActualCost, Project, StatusReport
from portfolio.proposals.models import AreaOfOperation

ZERO = Decimal(0)
PERIOD_YEARS = 5  # the plan year and the four after it get a column each; later years are summed


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | money | int | percent | number | date


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] | None = None
    intro: str = ""


@dataclass
class PlanDocument:
    plan_year: int
    version: int
    state: str
    state_label: str
    title: str
    approved: bool
    approval: dict[str, Any]
    years: list[int]
    sections: list[Section]
    chart_series: list[tuple[str, float]]
    chart_compare: list[float]
    generated_at: Any

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


# Access -------------------------------------------------------------------------------------------


def itplan_list(*, user) -> QuerySet:
    """Plans `user` may read, with the current version's stored totals."""
    current = ITPlanVersion.objects.filter(plan=OuterRef("pk"), number=OuterRef("current_number"))
    return (
        ITPlan.objects.visible_to(user)
        .select_related("cycle")
        .annotate(
            development_total=Subquery(current.values("development_total")[:1]),
            maintenance_total=Subquery(current.values("maintenance_total")[:1]),
        )
    )


def itplan_get(*, user, plan_year: int) -> ITPlan:
    """The plan of `plan_year` if `user` may read it; Http404 for hidden and missing alike."""
    plan = itplan_list(user=user).filter(cycle__plan_year=plan_year).first()
    if plan is None:
        raise Http404(_("There is no IT plan for %(year)s that you may read.") % {"year": plan_year})
    return plan


def itplan_version_get(*, user, plan: ITPlan, number: int | None = None) -> ITPlanVersion:
    """Version `number` (default: the one `user` should see – the current version for the plan's insiders,
    the last approved one for everyone else). Http404 when missing or not readable."""
    versions = (
        ITPlanVersion.objects.visible_to(user)
        .filter(plan=plan)
        .select_related(
            "plan__cycle", "assembled_by", "proposed_by", "approved_by", "approval_decision__meeting__group"
        )
    )
    if number is None:
        version = versions.filter(number=plan.current_number).first() or versions.order_by("-number").first()
    else:
        version = versions.filter(number=number).first()
    if version is None:
        raise Http404(_("There is no such version of the IT plan %(year)s.") % {"year": plan.cycle.plan_year})
    return version


def itplan_versions(*, user, plan: ITPlan) -> list[ITPlanVersion]:
    return list(
        ITPlanVersion.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("assembled_by", "proposed_by", "approved_by", "approval_decision__meeting")
        .order_by("number")
    )


# Contents -----------------------------------------------------------------------------------------


def _items(version: ITPlanVersion) -> dict[str, list[ITPlanItem]]:
    result: dict[str, list[ITPlanItem]] = defaultdict(list)
    for item in version.items.order_by("section", "position", "pk"):
        result[item.section].append(item)
    return result


def _year_values(item: ITPlanItem, years: list[int], measure: str) -> tuple[list[Decimal], Decimal]:
    values = [Decimal(item.yearly.get(str(y), {}).get(measure, "0")) for y in years]
    later = sum((Decimal(v.get(measure, "0")) for y, v in item.yearly.items() if int(y) > years[-1]), ZERO)
    return values, later


def _sum_columns(rows: list[list[Any]], columns: list[Column], label: str) -> list[Any]:
    total: list[Any] = []
    for index, column in enumerate(columns):
        if column.kind == "money":
            total.append(sum((row[index] or ZERO for row in rows), ZERO))
        elif index == 0:
            total.append(label)
        else:
            total.append(None)
    return total


def _area_label(code: str) -> str:
    return str(dict(AreaOfOperation.choices).get(code, code)) if code else ""


def _indicator_section(goal_ids: set[int]) -> Section:
    columns = [
        Column("goal", _("Goal")),
        Column("indicator", _("Indicator")),
        Column("unit", _("Unit")),
        Column("baseline", _("Baseline"), "number"),
        Column("target", _("Target"), "number"),
        Column("latest", _("Latest value"), "number"),
        Column("measured_on", _("Measured on"), "date"),
        Column("progress", _("Progress towards target"), "percent"),
    ]
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-pk")
    indicators = (
        Indicator.objects.filter(goal_id__in=goal_ids)
        .select_related("goal")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("measured_on")[:1])
        )
        .order_by("goal__code", "goal__pk", "name")
    )
    rows = []
    for ind in indicators:
        progress = ind.progress(ind.latest_value)
        rows.append(
            [str(ind.goal), ind.name, ind.unit, ind.baseline, ind.target, ind.latest_value, ind.latest_on, progress]
        )
    return Section(
        "indicators",
        _("Indicator progress towards the strategic goals"),
        columns,
        rows,
        intro=_("Measured values of the indicators of the goals the plan's projects serve (read today)."),
    )


def _approval(version: ITPlanVersion) -> dict[str, Any]:
    decision = version.approval_decision
    return {
        "version": version.number,
        "assembled_at": version.assembled_at,
        "assembled_by": str(version.assembled_by or ""),
        "reason": version.reason,
        "source": version.source,
        "proposed_at": version.proposed_at,
        "proposed_by": str(version.proposed_by or ""),
        "approved_at": version.approved_at,
        "approved_by": str(version.approved_by or ""),
        "decision": f"{decision.reference} {decision.title}" if decision else "",
        "meeting": str(decision.meeting) if decision else "",
    }


def itplan_document(version: ITPlanVersion) -> PlanDocument:
    """The plan version's contents as sections of plain data (Decimal money, stored values)."""
    plan = version.plan
    year = plan.cycle.plan_year
    years = [year + i for i in range(PERIOD_YEARS)]
    items = _items(version)
    projects = items[ITPlanSection.PROJECTS]
    maintenance = items[ITPlanSection.MAINTENANCE]
    total_label = _("Total")
    sections: list[Section] = []

    # Summary per administration (plan year): development and maintenance.
    admin: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for item in projects:
        admin[item.administration_name or _("(no administration)")][0] += item.amount
    for item in maintenance:
        admin[item.administration_name or _("(no administration)")][1] += item.amount
    columns = [
        Column("administration", _("Administration")),
        Column("development", _("Development %(year)s") % {"year": year}, "money"),
        Column("maintenance", _("Maintenance %(year)s") % {"year": year}, "money"),
        Column("total", _("Total %(year)s") % {"year": year}, "money"),
    ]
    rows = [[name, d, m, d + m] for name, (d, m) in sorted(admin.items())]
    sections.append(
        Section(
            "summary_administration",
            _("Summary per administration"),
            columns,
            rows,
            _sum_columns(rows, columns, total_label),
        )
    )

    # Summary per area of operation (development projects, plan year).
    area: dict[str, list[Any]] = {code: [0, ZERO, ZERO] for code, _label in AreaOfOperation.choices}
    for item in projects:
        bucket = area.setdefault(item.area or "other", [0, ZERO, ZERO])
        bucket[0] += 1
        bucket[1] += item.amount
        bucket[2] += Decimal(item.yearly.get(str(year), {}).get("benefit", "0"))
    columns = [
        Column("area", _("Area of operation")),
        Column("projects", _("Projects"), "int"),
        Column("cost", _("Cost %(year)s") % {"year": year}, "money"),
        Column("benefit", _("Monetary benefit %(year)s") % {"year": year}, "money"),
    ]
    rows = [[_area_label(code), n, c, b] for code, (n, c, b) in area.items()]
    total = _sum_columns(rows, columns, total_label)
    total[1] = sum(r[1] for r in rows)
    sections.append(Section("summary_area", _("Summary per area of operation"), columns, rows, total))

    # Summary per year.
    columns = [
        Column("year", _("Year")),
        Column("cost", _("Development cost"), "money"),
        Column("benefit", _("Monetary benefit"), "money"),
        Column("maintenance", _("Maintenance"), "money"),
        Column("total", _("Total cost"), "money"),
    ]
    maint_total = sum((i.amount for i in maintenance), ZERO)
    rows = []
    for y in years:
        cost = sum((Decimal(i.yearly.get(str(y), {}).get("cost", "0")) for i in projects), ZERO)
        benefit = sum((Decimal(i.yearly.get(str(y), {}).get("benefit", "0")) for i in projects), ZERO)
        m = maint_total if y == year else ZERO
        rows.append([str(y), cost, benefit, m, cost + m])
    later_cost = sum((_year_values(i, years, "cost")[1] for i in projects), ZERO)
    later_benefit = sum((_year_values(i, years, "benefit")[1] for i in projects), ZERO)
    if later_cost or later_benefit:
        rows.append([_("Later years"), later_cost, later_benefit, ZERO, later_cost])
    sections.append(
        Section(
            "summary_year",
            _("Summary per year"),
            columns,
            rows,
            _sum_columns(rows, columns, total_label),
            intro=_("Maintenance budgets are planned for the plan year only."),
        )
    )

    # Projects: yearly costs, and yearly benefits.
    text_cols = [
        Column("priority", _("Priority"), "int"),
        Column("reference", _("Reference")),
        Column("title", _("Project")),
        Column("owner", _("Owner")),
        Column("administration", _("Administration")),
        Column("area", _("Area of operation")),
        Column("status", _("Status")),
    ]
    for measure, key, title, total_title in (
        ("cost", "projects", _("Projects: yearly costs"), _("Total cost")),
        ("benefit", "project_benefits", _("Projects: yearly monetary benefits"), _("Total benefit")),
    ):
        columns = [
            *text_cols,
            *[Column(f"{measure}_{y}", str(y), "money") for y in years],
            Column(f"{measure}_later", _("Later"), "money"),
            Column(f"{measure}_total", total_title, "money"),
        ]
        if measure == "benefit":
            columns = [c for c in columns if c.key not in ("owner", "area")]
        rows = []
        for item in projects:
            values, later = _year_values(item, years, measure)
            base = [
                item.priority,
                item.reference,
                item.title,
                item.owner,
                item.administration_name,
                _area_label(item.area),
                item.status_label,
            ]
            if measure == "benefit":
                base = [item.priority, item.reference, item.title, item.administration_name, item.status_label]
            rows.append([*base, *values, later, item.total_cost if measure == "cost" else item.total_benefit])
        sections.append(Section(key, title, columns, rows, _sum_columns(rows, columns, total_label)))

    # Maintenance per system, and per administration.
    cost_types = _maintenance_cost_types()
    columns = [
        Column("system", _("System")),
        Column("administration", _("Administration")),
        Column("system_manager", _("System manager")),
        *[Column(f"cost_{code}", label, "money") for code, label in cost_types],
        Column("total", _("Total"), "money"),
    ]
    rows = []
    for item in maintenance:
        types = item.details.get("cost_types", {})
        known = [Decimal(types.get(code, "0")) for code, _label in cost_types]
        rows.append([item.title, item.administration_name, item.owner, *known, item.amount])
    sections.append(
        Section(
            "maintenance", _("Maintenance budget per system"), columns, rows, _sum_columns(rows, columns, total_label)
        )
    )
    per_admin: dict[str, list[Any]] = defaultdict(lambda: [0, ZERO])
    for item in maintenance:
        per_admin[item.administration_name][0] += 1
        per_admin[item.administration_name][1] += item.amount
    columns = [
        Column("administration", _("Administration")),
        Column("systems", _("Systems"), "int"),
        Column("total", _("Maintenance budget"), "money"),
    ]
    rows = [[name, n, t] for name, (n, t) in sorted(per_admin.items())]
    total = _sum_columns(rows, columns, total_label)
    total[1] = sum(r[1] for r in rows)
    sections.append(
        Section("maintenance_administration", _("Maintenance budget per administration"), columns, rows, total)
    )

    # Retirements and procurements.
    columns = [
        Column("system", _("System")),
        Column("administration", _("Administration")),
        Column("lifecycle", _("Lifecycle")),
        Column("retirement_year", _("Planned retirement year"), "int"),
        Column("system_manager", _("System manager")),
    ]
    rows = [
        [i.title, i.administration_name, i.status_label, i.details.get("planned_retirement_year"), i.owner]
        for i in items[ITPlanSection.RETIREMENTS]
    ]
    sections.append(Section("retirements", _("Planned retirements"), columns, rows))
    columns = [
        Column("reference", _("Reference")),
        Column("title", _("What is bought")),
        Column("for", _("For")),
        Column("administration", _("Administration")),
        Column("phase", _("Phase")),
        Column("value", _("Estimated value"), "money"),
    ]
    rows = [
        [
            i.reference,
            i.title,
            i.details.get("proposal") or i.details.get("system", ""),
            i.administration_name,
            i.status_label,
            i.amount,
        ]
        for i in items[ITPlanSection.PROCUREMENTS]
    ]
    sections.append(
        Section("procurements", _("Planned procurements"), columns, rows, _sum_columns(rows, columns, total_label))
    )

    goal_ids = {g for i in projects for g in i.details.get("goal_ids", [])}
    sections.append(_indicator_section(goal_ids))

    # Versions and approval record.
    columns = [
        Column("version", _("Version"), "int"),
        Column("assembled_at", _("Assembled"), "date"),
        Column("reason", _("Reason")),
        Column("proposed_at", _("Proposed"), "date"),
        Column("approved_at", _("Approved"), "date"),
        Column("decision", _("Decision")),
        Column("development", _("Development %(year)s") % {"year": year}, "money"),
        Column("maintenance", _("Maintenance %(year)s") % {"year": year}, "money"),
    ]
    rows = []
    for v in (
        ITPlanVersion.objects.filter(plan=plan, number__lte=version.number)
        .select_related("approval_decision__meeting")
        .order_by("number")
    ):
        decision = v.approval_decision
        rows.append(
            [
                v.number,
                _date(v.assembled_at),
                v.reason,
                _date(v.proposed_at),
                _date(v.approved_at),
                f"{decision.reference} {decision.title} ({decision.meeting})" if decision else "",
                v.development_total,
                v.maintenance_total,
            ]
        )
    sections.append(Section("versions", _("Versions and approval record"), columns, rows))

    summary = sections[0]
    return PlanDocument(
        plan_year=year,
        version=version.number,
        state=plan.state
        if version.number == plan.current_number
        else ("approved" if version.approved_at else "superseded"),
        state_label=_version_state_label(version),
        title=_("IT plan %(year)s") % {"year": year},
        approved=version.approved_at is not None,
        approval=_approval(version),
        years=years,
        sections=sections,
        chart_series=[(row[0], float(row[1])) for row in summary.rows],
        chart_compare=[float(row[2]) for row in summary.rows],
        generated_at=timezone.now(),
    )


def _date(value):
    return timezone.localdate(value) if value else None


def _version_state_label(version: ITPlanVersion) -> str:
    plan = version.plan
    if version.number == plan.current_number:
        return str(plan.get_state_display())
    return _("Approved, superseded") if version.approved_at else _("Superseded")


def _maintenance_cost_types() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in CostType.choices]


def itplan_chart(document: PlanDocument):
    """Development (blue) and maintenance (orange) cost of the plan year per administration: a reportlab
    Drawing, rendered as SVG on the page and drawn as is into the PDF."""
    return bar_chart(document.chart_series or [("–", 0.0)], compare=document.chart_compare or None)


# Compare ------------------------------------------------------------------------------------------

COMPARED_FIELDS = (
    "title",
    "owner",
    "priority",
    "status_label",
    "administration_name",
    "area",
    "amount",
    "total_cost",
    "total_benefit",
)


def itplan_compare(*, a: ITPlanVersion, b: ITPlanVersion) -> dict[str, Any]:
    """What changed from version `a` to version `b`: items added, removed and changed (field by field,
    yearly figures included) per section, and the totals of both with their difference."""
    labels = {f: str(ITPlanItem._meta.get_field(f).verbose_name) for f in COMPARED_FIELDS}
    labels["yearly"] = _("yearly figures")
    old = {(i.section, i.key): i for i in a.items.all()}
    new = {(i.section, i.key): i for i in b.items.all()}
    added = [new[k] for k in new if k not in old]
    removed = [old[k] for k in old if k not in new]
    changed = []
    for k in new.keys() & old.keys():
        before, after = old[k], new[k]
        diffs = [
            (labels[f], getattr(before, f), getattr(after, f))
            for f in COMPARED_FIELDS
            if getattr(before, f) != getattr(after, f)
        ]
        if before.yearly != after.yearly:
            diffs.append((labels["yearly"], _yearly_text(before.yearly), _yearly_text(after.yearly)))
        if diffs:
            changed.append({"item": after, "changes": diffs})
    order = {s: n for n, s in enumerate(ITPlanSection.values)}
    sort_key = lambda i: (order[i.section], i.position, i.reference)  # noqa: E731
    totals = []
    for label, field_name in (
        (_("Development in the plan year"), "development_total"),
        (_("Maintenance budget"), "maintenance_total"),
        (_("Planned procurements"), "procurement_total"),
    ):
        x, y = getattr(a, field_name), getattr(b, field_name)
        totals.append({"label": label, "a": x, "b": y, "difference": y - x})
    return {
        "a": a,
        "b": b,
        "added": sorted(added, key=sort_key),
        "removed": sorted(removed, key=sort_key),
        "changed": sorted(changed, key=lambda c: sort_key(c["item"])),
        "totals": totals,
    }


def _yearly_text(yearly: dict) -> str:
    return "; ".join(
        f"{y}: {format_number(v['cost'])}/{format_number(v['benefit'])}" for y, v in sorted(yearly.items())
    )


# Follow-up ----------------------------------------------------------------------------------------


def itplan_follow_up(version: ITPlanVersion) -> list[Section]:
    """For the running plan: per project its status and actual cost against the plan (plan year and to
    date), and the indicator progress. Read live; the plan figures are the version's frozen ones."""
    year = version.plan.cycle.plan_year
    projects = [i for i in version.items.filter(section=ITPlanSection.PROJECTS).order_by("position", "pk")]
    proposal_ids = [i.details.get("proposal_id") for i in projects]
    latest = StatusReport.objects.filter(project=OuterRef("pk")).order_by("-reported_on", "-pk")
    actual_year = (
        ActualCost.objects.filter(project=OuterRef("pk"), year=year)
        .values("project")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    live = {
        p.proposal_id: p
        for p in Project.objects.filter(proposal_id__in=proposal_ids)
        .annotate(
            actual_year=Subquery(actual_year[:1]),
            last_reported_on=Subquery(latest.values("reported_on")[:1]),
            last_schedule=Subquery(latest.values("schedule")[:1]),
            last_cost=Subquery(latest.values("cost")[:1]),
            last_scope=Subquery(latest.values("scope")[:1]),
        )
        .prefetch_related(Prefetch("baseline_years"))
    }
    columns = [
        Column("reference", _("Reference")),
        Column("title", _("Project")),
        Column("status", _("Status")),
        Column("reported_on", _("Last status report"), "date"),
        Column("schedule", _("Schedule")),
        Column("cost_rag", _("Cost")),
        Column("scope", _("Scope")),
        Column("planned", _("Planned %(year)s") % {"year": year}, "money"),
        Column("actual", _("Actual %(year)s") % {"year": year}, "money"),
        Column("deviation", _("Deviation"), "money"),
    ]
    rows = []
    for item in projects:
        project = live.get(item.details.get("proposal_id"))
        planned = item.amount
        actual = (project.actual_year or ZERO) if project else ZERO
        rows.append(
            [
                item.reference,
                item.title,
                str(project.get_state_display()) if project else _("Not started"),
                project.last_reported_on if project else None,
                _rag(project.last_schedule) if project else "",
                _rag(project.last_cost) if project else "",
                _rag(project.last_scope) if project else "",
                planned,
                actual,
                actual - planned,
            ]
        )
    follow = Section(
        "follow_up",
        _("Projects: status and actual cost against the plan"),
        columns,
        rows,
        _sum_columns(rows, columns, _("Total")),
    )
    goal_ids = {g for i in projects for g in i.details.get("goal_ids", [])}
    return [follow, _indicator_section(goal_ids)]


def _rag(value: str | None) -> str:

    return str(dict(RAG.choices).get(value, "")) if value else ""


def itplan_state_changes(plan: ITPlan):
    return state_changes_for(plan)
