"""Portfolio charts, drawn with reportlab like `governance.charts` (the same Drawing goes into PDFs)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String

from governance.charts import BAR_ALT, GRID, PRIMARY, _scale, to_svg
from governance.money import UNITS, format_number

MNKR = UNITS["mnkr"]


def frontier_drawing(points: Sequence[Mapping], *, width: int = 560, height: int = 260) -> Drawing:
    """Value against total budget: the optimum (solid line, dots) and the rank cut-off (dashed, squares).

    `points` are the stored frontier points: total_budget (SEK), optimal_value, rank_cutoff_value (None
    where the mandatory items do not fit).
    """
    d = Drawing(width, height)
    left, right, bottom, top = 52, width - 16, 40, height - 32
    usable = [p for p in points if p.get("optimal_value") is not None]
    budgets = [float(Decimal(str(p["total_budget"])) / MNKR.divisor) for p in usable]
    values = [float(p["optimal_value"]) for p in usable] + [float(p["rank_cutoff_value"] or 0) for p in usable]
    lo_x, hi_x = (min(budgets), max(budgets)) if budgets else (0.0, 1.0)
    hi_y = max(values + [1.0])
    x = _scale(lo_x, hi_x, right, left)
    y = _scale(0.0, hi_y, top, bottom)
    d.add(Line(left, bottom, right, bottom, strokeColor=GRID))
    d.add(Line(left, bottom, left, top, strokeColor=GRID))
    for tick in (0.0, hi_y / 2, hi_y):  # numbers in the page's language (decimal comma in Swedish)
        d.add(Line(left - 3, y(tick), left, y(tick), strokeColor=GRID))
        d.add(String(left - 6, y(tick) - 4, format_number(tick, 1, plain=True), fontSize=10, textAnchor="end"))
    d.add(
        String(
            (left + right) / 2, 4, _("Total budget (%(unit)s)") % {"unit": MNKR.label}, fontSize=10, textAnchor="middle"
        )
    )
    decimals = 2 if hi_x < 10 else 1
    for budget in budgets:
        d.add(
            String(
                x(budget), bottom - 15, format_number(budget, decimals, plain=True), fontSize=10, textAnchor="middle"
            )
        )
    best = [(x(b), y(float(p["optimal_value"]))) for b, p in zip(budgets, usable, strict=True)]
    cut = [(x(b), y(float(p["rank_cutoff_value"] or 0))) for b, p in zip(budgets, usable, strict=True)]
    if len(best) > 1:
        d.add(PolyLine([c for pt in best for c in pt], strokeColor=PRIMARY, strokeWidth=2))
        d.add(PolyLine([c for pt in cut for c in pt], strokeColor=BAR_ALT, strokeWidth=2, strokeDashArray=[4, 3]))
    for px, py in best:
        d.add(Circle(px, py, 3, fillColor=PRIMARY, strokeColor=PRIMARY))
    for px, py in cut:
        d.add(Line(px - 3, py - 3, px + 3, py + 3, strokeColor=BAR_ALT, strokeWidth=1.5))
        d.add(Line(px - 3, py + 3, px + 3, py - 3, strokeColor=BAR_ALT, strokeWidth=1.5))
    # Legend: line style and marker differ, not only the colour.
    d.add(Line(left, height - 10, left + 24, height - 10, strokeColor=PRIMARY, strokeWidth=2))
    d.add(String(left + 28, height - 14, _("Optimal selection"), fontSize=10))
    d.add(
        Line(
            left + 180, height - 10, left + 204, height - 10, strokeColor=BAR_ALT, strokeWidth=2, strokeDashArray=[4, 3]
        )
    )
    d.add(String(left + 208, height - 14, _("Rank cut-off"), fontSize=10))
    d.add(String(left - 46, top + 12, _("Value"), fontSize=10))
    return d


def frontier_chart(points: Sequence[Mapping]) -> str:
    """The efficient frontier as inline SVG for pages (a table of the same numbers goes beside it)."""
    return to_svg(
        frontier_drawing(points),
        title=_("Efficient frontier: value against total budget, optimal selection and rank cut-off"),
    )
