"""The decision memo: a one-page A4 PDF per proposal for the board meeting (reportlab platypus).

Summary and need, key figures of the benefit calculation (low, base, high), cost and benefit per year
as a table and a chart (the same `governance.charts.bar_chart` drawing the pages use), the board's risk
register, financing and recommendation, and the state. Long texts are cut, and the whole content is
shrunk to fit if it would still overflow, so the memo is always one page.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Spacer, Table

from governance import pdf
from governance.charts import bar_chart
from governance.money import format_number
from governance.pdf import paragraph as _p
from portfolio.proposals import calculations as calc
from portfolio.proposals.models import Proposal, ProposalState

SUMMARY_CHARS = 700
NEED_CHARS = 450
RECOMMENDATION_CHARS = 600
MAX_RISKS = 5


def _kronor(value) -> str:
    return format_number(value, plain=True)


def _cut(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def proposal_memo_pdf(proposal: Proposal, results: dict | None, *, problems=()) -> bytes:
    """The memo of `proposal` (fetched with `selectors.proposal_detail`) as PDF bytes.

    `results` are `selectors.proposal_calculation(proposal)` (None when the calculation is invalid,
    then `problems` says why).
    """
    st = pdf.styles(compact=True)
    title, h2, body, small, cell = st.title, st.h2, st.body, st.small, st.cell

    cycle = proposal.target_cycle
    story: list = [
        _p(
            _("Decision memo: %(reference)s %(title)s") % {"reference": proposal.reference, "title": proposal.title},
            title,
        ),
        _p(
            " · ".join(
                str(part)
                for part in (
                    proposal.owning_group,
                    proposal.administration or "",
                    _("plan year %(year)s") % {"year": cycle.plan_year},
                    proposal.get_area_display(),
                    _("state: %(state)s") % {"state": proposal.get_state_display()},
                )
                if part
            ),
            small,
        ),
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
    story.append(
        _p(
            _("Benefit calculation (SEK, discount rate %(rate)s %%)")
            % {"rate": format_number(Decimal(cycle.discount_rate) * 100, 2, plain=True, trim=True)},
            h2,
        )
    )
    if results is None:
        story.append(
            _p(_("The benefit calculation has errors: %(problems)s") % {"problems": "; ".join(problems)}, body)
        )
    else:
        story.append(_figures(proposal, results, st))
        story.append(Spacer(1, 4))
        story.append(_years_and_chart(proposal, results[calc.Scenario.BASE], st))

    # Assessment ---------------------------------------------------------------------------------
    story.append(_p(_("Risks"), h2))
    risks = list(proposal.risks.all())
    if risks:
        rows = []
        for risk in risks[:MAX_RISKS]:
            owner = risk.owner.get_full_name() or risk.owner.username if risk.owner else "–"
            rows.append(
                [
                    _p(_cut(risk.description, 160), cell),
                    f"{risk.probability} × {risk.consequence} = {risk.score}",
                    _p(_cut(risk.mitigation, 160), cell),
                    _p(owner, cell),
                ]
            )
        story.append(
            pdf.table(
                [_("Risk"), _("P × C"), _("Mitigation"), _("Owner")], rows, [72 * mm, 20 * mm, 66 * mm, 22 * mm], st
            )
        )
        if len(risks) > MAX_RISKS:
            story.append(_p(_("… and %(n)s more risks in the register.") % {"n": len(risks) - MAX_RISKS}, small))
    else:
        story.append(_p(_("No risks recorded yet."), body))

    story.append(_p(_("Financing and recommendation"), h2))
    financing = list(proposal.financing_decisions.all())
    for decision in financing:
        amounts = ", ".join(f"{a.year}: {_kronor(a.amount)}" for a in decision.amounts.all())
        story.append(
            _p(
                _("Financing: %(payer)s, %(source)s (%(amounts)s).")
                % {
                    "payer": decision.get_payer_display(),
                    "source": decision.budget_source,
                    "amounts": amounts or _("no amounts"),
                },
                body,
            )
        )
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
    doc = pdf.Document(
        out,
        title=f"{proposal.reference} {proposal.title}",
        author=str(proposal.owning_group),
        subject=_("Decision memo"),
        footer=_("Decision memo %(reference)s, printed %(date)s")
        % {"reference": proposal.reference, "date": timezone.localdate().isoformat()},
    )
    # One page, whatever the content: shrink rather than spill over.
    frame = KeepInFrame(doc.width, doc.height, story, mode="shrink")
    doc.build([frame])
    return out.getvalue()


def _figures(proposal: Proposal, results: dict, st: pdf.Styles):
    scenarios = [calc.Scenario.LOW, calc.Scenario.BASE, calc.Scenario.HIGH]
    start = proposal.start_year

    def payback(r):
        return str(start + r.payback_year) if r.payback_year is not None else _("not within the period")

    def ratio(r):
        return format_number(r.benefit_cost_ratio, 2, plain=True)

    figures = [
        (_("Total cost"), lambda r: _kronor(r.total_cost)),
        (_("Monetary benefit"), lambda r: _kronor(r.total_benefit)),
        (_("of which cash-releasing"), lambda r: _kronor(r.cash_releasing_benefit)),
        (_("Net benefit"), lambda r: _kronor(r.net_benefit)),
        (_("Net present value (NPV)"), lambda r: _kronor(r.npv)),
        (_("Payback year"), payback),
        (_("Benefit/cost ratio"), ratio),
    ]
    rows = [[label, *[fn(results[s]) for s in scenarios]] for label, fn in figures]
    base = results[calc.Scenario.BASE]
    if base.qualitative_score is not None:
        rows.append([_("Qualitative score (1–5)"), "", format_number(base.qualitative_score, 1, plain=True), ""])
    return pdf.table(
        [_("Figure"), _("Low"), _("Base"), _("High")],
        rows,
        [53 * mm, 39 * mm, 39 * mm, 39 * mm],
        st,
        numeric=[1, 2, 3],
        extra=[("FONTNAME", (2, 1), (2, -1), "Helvetica-Bold")],
    )


def _years_and_chart(proposal: Proposal, base, st: pdf.Styles):
    start = proposal.start_year
    rows = [
        [
            str(start + i),
            _kronor(base.costs_by_year[i]),
            _kronor(base.benefits_by_year[i]),
            _kronor(base.net_by_year[i]),
            _kronor(base.cumulative_net_by_year[i]),
        ]
        for i in range(base.period_years)
    ]
    rows.append([_("Total"), _kronor(base.total_cost), _kronor(base.total_benefit), _kronor(base.net_benefit), ""])
    years = pdf.table(
        [_("Year"), _("Cost"), _("Benefit"), _("Net"), _("Cumulative")],
        rows,
        [12 * mm, 19 * mm, 19 * mm, 19 * mm, 20 * mm],
        st,
        numeric=[1, 2, 3, 4],
        total_row=True,
    )
    chart = bar_chart(
        [(str(start + i), float(base.costs_by_year[i])) for i in range(base.period_years)],
        compare=[float(v) for v in base.benefits_by_year],
        width=250,
        height=140,
    )
    legend = _p(_("Blue: cost per year; orange: benefit per year (base scenario)."), st.small)
    layout = Table([[years, [chart, legend]]], colWidths=[92 * mm, 88 * mm], hAlign="LEFT")
    layout.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return layout
