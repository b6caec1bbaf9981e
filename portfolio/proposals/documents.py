"""The decision memo: a one-page A4 PDF per proposal for the board meeting (reportlab platypus).

Summary and need, key figures of the benefit calculation (low, base, high), cost and benefit per year
as a table and a chart (the same `governance.charts.bar_chart` drawing the pages use), the board's risk
register, financing and recommendation, and the state. Long texts are cut, and the whole content is
shrunk to fit if it would still overflow, so the memo is always one page.
"""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from governance.charts import bar_chart
from portfolio.proposals import calculations as calc
from portfolio.proposals.models import Proposal, ProposalState

SUMMARY_CHARS = 700
NEED_CHARS = 450
RECOMMENDATION_CHARS = 600
MAX_RISKS = 5


def kronor(value) -> str:
    """Whole kronor with a plain space as thousands separator (the PDF's fonts lack − and narrow spaces)."""
    if value is None:
        return "–"
    number = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{number:,.0f}".replace(",", " ")


def _cut(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _p(text: str, style) -> object:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def proposal_memo_pdf(proposal: Proposal, results: dict | None, *, problems=()) -> bytes:
    """The memo of `proposal` (fetched with `selectors.proposal_detail`) as PDF bytes.

    `results` are `selectors.proposal_calculation(proposal)` (None when the calculation is invalid,
    then `problems` says why).
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    title = ParagraphStyle("MemoTitle", parent=styles["Heading1"], fontSize=15, leading=18, spaceAfter=2)
    h2 = ParagraphStyle("MemoH2", parent=styles["Heading2"], fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=2,
                        textColor=colors.HexColor("#0b3d6b"))
    body = ParagraphStyle("MemoBody", parent=styles["BodyText"], fontSize=8.5, leading=10.5, spaceAfter=2)
    small = ParagraphStyle("MemoSmall", parent=body, fontSize=7.5, leading=9)
    cell = ParagraphStyle("MemoCell", parent=body, fontSize=7.5, leading=9, spaceAfter=0)
    grid = TableStyle([
        ("FONTSIZE", (0, 0), (-1, -1), 7.5), ("LEADING", (0, 0), (-1, -1), 9),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7f0f8")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#0b3d6b")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#ced4da")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ])

    cycle = proposal.target_cycle
    story: list = [
        _p(_("Decision memo: %(reference)s %(title)s") % {"reference": proposal.reference, "title": proposal.title},
           title),
        _p(" · ".join(str(part) for part in (
            proposal.owning_group, proposal.administration or "", _("plan year %(year)s") % {"year": cycle.plan_year},
            proposal.get_area_display(), _("state: %(state)s") % {"state": proposal.get_state_display()},
        ) if part), small),
        Spacer(1, 3),
        _p(_("Summary"), h2),
        _p(_cut(proposal.description, SUMMARY_CHARS) or _("No description."), body),
    ]
    if proposal.needs_analysis.strip():
        story.append(_p(_("Need: %(text)s") % {"text": _cut(proposal.needs_analysis, NEED_CHARS)}, body))
    goals = [f"{g.code} {g.title}".strip() for g in proposal.goals.all()]
    if goals:
        story.append(_p(_("Strategic goals: %(goals)s") % {"goals": "; ".join(goals)}, small))

    # Key figures and the years ------------------------------------------------------------------
    story.append(_p(_("Benefit calculation (SEK, discount rate %(rate)s %%)") % {
        "rate": f"{(Decimal(cycle.discount_rate) * 100).normalize():f}"}, h2))
    if results is None:
        story.append(_p(_("The benefit calculation has errors: %(problems)s") % {"problems": "; ".join(problems)},
                        body))
    else:
        story.extend(_figures(proposal, results, grid, cell, Table))
        story.append(Spacer(1, 4))
        story.append(_years_and_chart(proposal, results[calc.Scenario.BASE], grid, small, Table, TableStyle, mm))

    # Assessment ---------------------------------------------------------------------------------
    story.append(_p(_("Risks"), h2))
    risks = list(proposal.risks.all())
    if risks:
        rows = [[_("Risk"), _("P × C"), _("Mitigation"), _("Owner")]]
        for risk in risks[:MAX_RISKS]:
            owner = risk.owner.get_full_name() or risk.owner.username if risk.owner else "–"
            rows.append([_p(_cut(risk.description, 160), cell),
                         f"{risk.probability} × {risk.consequence} = {risk.score}",
                         _p(_cut(risk.mitigation, 160) or "–", cell), _p(owner, cell)])
        table = Table(rows, colWidths=[72 * mm, 20 * mm, 66 * mm, 22 * mm], repeatRows=1, hAlign="LEFT")
        table.setStyle(grid)
        story.append(table)
        if len(risks) > MAX_RISKS:
            story.append(_p(_("… and %(n)s more risks in the register.") % {"n": len(risks) - MAX_RISKS}, small))
    else:
        story.append(_p(_("No risks recorded yet."), body))

    story.append(_p(_("Financing and recommendation"), h2))
    financing = list(proposal.financing_decisions.all())
    for decision in financing:
        amounts = ", ".join(f"{a.year}: {kronor(a.amount)}" for a in decision.amounts.all())
        story.append(_p(_("Financing: %(payer)s, %(source)s (%(amounts)s).") % {
            "payer": decision.get_payer_display(), "source": decision.budget_source,
            "amounts": amounts or _("no amounts")}, body))
    if not financing:
        story.append(_p(_("No financing decision recorded yet."), body))
    recommendation = _cut(proposal.recommendation, RECOMMENDATION_CHARS)
    story.append(_p(_("Recommendation: %(text)s") % {"text": recommendation or _("not yet given.")}, body))
    if proposal.recommendation_decision_id:
        story.append(_p(_("Board decision: %(decision)s") % {"decision": proposal.recommendation_decision}, small))
    state = _("State: %(state)s.") % {"state": proposal.get_state_display()}
    if proposal.state == ProposalState.RETURNED and proposal.return_reason:
        state += " " + _("Returned because: %(reason)s") % {"reason": _cut(proposal.return_reason, 300)}
    story.append(_p(state, body))

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
                            bottomMargin=16 * mm, title=f"{proposal.reference} {proposal.title}",
                            author=str(proposal.owning_group), subject=_("Decision memo"))
    stamp = timezone.localdate().isoformat()

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#495057"))
        canvas.drawString(15 * mm, 9 * mm, _("Decision memo %(reference)s, printed %(date)s") % {
            "reference": proposal.reference, "date": stamp})
        canvas.restoreState()

    # One page, whatever the content: shrink rather than spill over.
    frame = KeepInFrame(doc.width, doc.height, story, mode="shrink")
    doc.build([frame], onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _figures(proposal: Proposal, results: dict, grid, cell, Table) -> list:
    scenarios = [calc.Scenario.LOW, calc.Scenario.BASE, calc.Scenario.HIGH]
    start = proposal.start_year

    def payback(r):
        return str(start + r.payback_year) if r.payback_year is not None else _("not within the period")

    def ratio(r):
        return f"{r.benefit_cost_ratio:.2f}".replace(".", ",") if r.benefit_cost_ratio is not None else "–"

    figures = [
        (_("Total cost"), lambda r: kronor(r.total_cost)),
        (_("Monetary benefit"), lambda r: kronor(r.total_benefit)),
        (_("of which cash-releasing"), lambda r: kronor(r.cash_releasing_benefit)),
        (_("Net benefit"), lambda r: kronor(r.net_benefit)),
        (_("Net present value (NPV)"), lambda r: kronor(r.npv)),
        (_("Payback year"), payback),
        (_("Benefit/cost ratio"), ratio),
    ]
    rows = [[_("Figure"), _("Low"), _("Base"), _("High")]]
    for label, fn in figures:
        rows.append([label, *[fn(results[s]) for s in scenarios]])
    base = results[calc.Scenario.BASE]
    if base.qualitative_score is not None:
        rows.append([_("Qualitative score (1–5)"), "", f"{base.qualitative_score}".replace(".", ","), ""])
    table = Table(rows, colWidths=[150, 110, 110, 110], hAlign="LEFT")
    table.setStyle(grid)
    table.setStyle([("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONTNAME", (2, 1), (2, -1), "Helvetica-Bold")])
    return [table]


def _years_and_chart(proposal: Proposal, base, grid, small, Table, TableStyle, mm):
    start = proposal.start_year
    rows = [[_("Year"), _("Cost"), _("Benefit"), _("Net"), _("Cumulative")]]
    for i in range(base.period_years):
        rows.append([str(start + i), kronor(base.costs_by_year[i]), kronor(base.benefits_by_year[i]),
                     kronor(base.net_by_year[i]), kronor(base.cumulative_net_by_year[i])])
    rows.append([_("Total"), kronor(base.total_cost), kronor(base.total_benefit), kronor(base.net_benefit), ""])
    years = Table(rows, colWidths=[12 * mm, 19 * mm, 19 * mm, 19 * mm, 20 * mm])
    years.setStyle(grid)
    years.setStyle([("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors_black())])
    chart = bar_chart([(str(start + i), float(base.costs_by_year[i])) for i in range(base.period_years)],
                      compare=[float(v) for v in base.benefits_by_year], width=250, height=140)
    legend = _p(_("Blue: cost per year; orange: benefit per year (base scenario)."), small)
    layout = Table([[years, [chart, legend]]], colWidths=[92 * mm, 88 * mm], hAlign="LEFT")
    layout.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return layout


def colors_black():
    from reportlab.lib import colors

    return colors.black
