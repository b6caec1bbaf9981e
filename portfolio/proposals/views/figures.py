"""A proposal's calculated figures as the pages show them: scenarios side by side, per stakeholder, per
year, and the chart. Used by the proposal page and the calculation editor alike."""

import base64

from django.utils.translation import gettext as _

from governance.charts import bar_chart, to_svg
from portfolio.proposals import calculations as calc
from portfolio.proposals.models import Stakeholder
from portfolio.proposals.selectors import proposal_scenario_table


def chart_data_uri(drawing, *, title: str) -> str:
    """The SVG as a data: URI for an <img> (its inline styles stay inside the image, so the CSP holds)."""
    svg = to_svg(drawing, title=title)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def results_context(proposal, *, results: dict | None = None, problems=(), row_errors=()) -> dict:
    """What `_calculation_results.html` shows: scenarios side by side, per stakeholder, per year, a chart."""
    ctx = {
        "proposal": proposal,
        "calc_problems": list(problems),
        "row_errors": list(row_errors),
        "start_year": proposal.target_cycle.plan_year,
    }
    if results is None:
        return ctx
    base = results[calc.Scenario.BASE]
    start = proposal.target_cycle.plan_year
    yearly = [
        {
            "index": i,
            "year": start + i,
            "cost": base.costs_by_year[i],
            "benefit": base.benefits_by_year[i],
            "net": base.net_by_year[i],
            "cumulative": base.cumulative_net_by_year[i],
        }
        for i in range(base.period_years)
    ]
    stakeholder_labels = dict(Stakeholder.choices)
    stakeholders = [
        {
            "label": stakeholder_labels.get(key, key or _("Not stated")),
            "result": value,
            "low": results[calc.Scenario.LOW].by_stakeholder[key].total_benefit,
            "high": results[calc.Scenario.HIGH].by_stakeholder[key].total_benefit,
        }
        for key, value in base.by_stakeholder.items()
    ]
    title = _("Costs and monetary benefits per year (base scenario)")
    chart = bar_chart(
        [(str(row["year"]), max(row["benefit"], 0)) for row in yearly], compare=[max(row["cost"], 0) for row in yearly]
    )
    ctx.update(
        results=results,
        base=base,
        scenario_rows=proposal_scenario_table(results),
        yearly=yearly,
        stakeholders=stakeholders,
        chart_src=chart_data_uri(chart, title=title),
        chart_title=title,
    )
    return ctx
