"""The audit pack of one procurement case (reportlab platypus): the case's facts, every checklist item with
its status, evidence and who did it when, the decision, the valuation, the reuse check and the phase log."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from governance import pdf
from governance.money import format_money, format_number, format_percent
from governance.pdf import paragraph as para
from maintenance_plans.models import OperationForm

from .models import ProcurementCase
from .selectors import case_detail
from .services import valuation_result

STATUS_BG = {
    "done": colors.HexColor("#d1e7dd"),
    "waived": colors.HexColor("#fff3cd"),
    "not_applicable": colors.HexColor("#e9ecef"),
    "open": colors.white,
}


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def case_audit_pdf(case: ProcurementCase) -> bytes:
    st = pdf.styles()
    body, h2, cell = st.body, st.h2, st.cell
    data = case_detail(case=case)
    buffer = BytesIO()
    title = _("Audit pack %(ref)s") % {"ref": case.reference}
    doc = pdf.Document(buffer, title=title, footer=title, page_numbers=True)
    width = doc.width
    required = data["required_level"]
    story = [
        para(_("Procurement case %(ref)s: audit pack") % {"ref": case.reference}, st.title),
        para(case.title, st.h1),
    ]
    facts = [
        (_("Phase"), case.get_phase_display()),
        (_("Proposal"), case.proposal or "–"),
        (_("System"), case.system or "–"),
        (_("Estimated contract value"), format_money(case.estimated_value, plain=True)),
        (_("Contract length"), _("%(n)s months") % {"n": case.contract_months}),
        (_("Procedure"), case.get_procedure_display()),
        (_("Responsible person"), case.responsible),
        (_("Checklist version"), case.template),
        (_("Who must decide"), required.get_level_display() if required else "–"),
        (_("Printed"), _when(timezone.now())),
    ]
    story += [pdf.facts_table(facts, [width * 0.3, width * 0.7], st), Spacer(1, 5 * mm)]

    widths = [width * w for w in (0.27, 0.11, 0.34, 0.28)]
    for phase in data["phases"]:
        story.append(para(phase["label"], h2))
        if not phase["items"]:
            story.append(para(_("No items in this phase."), body))
            continue
        rows = []
        extra = []
        for r, item in enumerate(phase["items"], start=1):
            evidence = [
                item.evidence_text,
                item.evidence_link,
                _("File: %(name)s") % {"name": item.evidence_file_name} if item.evidence_file else "",
                _("Reason: %(r)s") % {"r": item.reason} if item.reason else "",
            ]
            text = item.text + ("" if item.mandatory else f" ({_('optional')})")
            rows.append(
                [
                    para(text, cell),
                    para(item.get_status_display(), cell),
                    para("\n".join(e for e in evidence if e), cell),
                    para(f"{item.completed_by or ''}\n{_when(item.completed_at)}".strip(), cell),
                ]
            )
            extra.append(("BACKGROUND", (1, r), (1, r), STATUS_BG.get(item.status, colors.white)))
        story.append(
            pdf.table(
                [_("Item"), _("Status"), _("Evidence or reason"), _("Who and when")], rows, widths, st, extra=extra
            )
        )

    story.append(para(_("Delegated decision"), h2))
    if data["decisions"]:
        rows = []
        for d in data["decisions"]:
            rows.append(
                [
                    para(d.get_level_display(), cell),
                    para(d.decider_label, cell),
                    para(d.decided_on, cell),
                    para(f"{d.text}\n{d.reference}".strip(), cell),
                    para(f"{d.recorded_by}\n{_when(d.recorded_at)}", cell),
                ]
            )
        story.append(
            pdf.table(
                [_("Level"), _("Decided by"), _("On"), _("Decision"), _("Recorded by")],
                rows,
                [width * w for w in (0.17, 0.18, 0.12, 0.33, 0.2)],
                st,
            )
        )
    else:
        story.append(para(_("No decision recorded."), body))

    story.append(para(_("Operation-form valuation"), h2))
    valuation = data["valuation"]
    if valuation:
        result = valuation_result(valuation)
        labels = dict(OperationForm.choices)
        rows = []
        costs = {o.option: o.total_cost for o in data["valuation_options"]}
        for r in result.results:
            rows.append(
                [
                    para(labels.get(r.option, r.option), cell),
                    format_money(costs.get(r.option), plain=True),
                    *[
                        format_number(r.scores[c], 2, plain=True)
                        for c in ("cost", "risk", "classification", "mobility", "exit")
                    ],
                    format_number(r.total, 2, plain=True),
                ]
            )
        story.append(
            pdf.table(
                [
                    _("Operation form"),
                    _("Total cost"),
                    _("Cost"),
                    _("Risk"),
                    _("Class."),
                    _("Mobility"),
                    _("Exit"),
                    _("Weighted"),
                ],
                rows,
                [width * w for w in (0.22, 0.16, 0.09, 0.09, 0.09, 0.11, 0.09, 0.15)],
                st,
                numeric=range(1, 8),
            )
        )
        summary = _("Recommended: %(rec)s.") % {"rec": labels.get(valuation.recommended, "–")}
        if valuation.is_confirmed:
            summary += " " + _("Chosen: %(c)s, by %(who)s on %(when)s.") % {
                "c": labels.get(valuation.chosen),
                "who": valuation.confirmed_by,
                "when": _when(valuation.confirmed_at),
            }
            if valuation.override_reason:
                summary += " " + _("Reason: %(r)s") % {"r": valuation.override_reason}
        story.append(para(summary, body))
    else:
        story.append(para(_("No valuation recorded."), body))

    story.append(para(_("Reuse check"), h2))
    check = data["reuse_check"]
    if check:
        considered = (
            ", ".join(
                f"{s.get('label')} ({format_percent(s.get('score', 0), plain=True)})"
                for s in check.suggestions_considered
            )
            or "–"
        )
        story.append(
            para(
                f"{check.get_outcome_display()}: {check.reason}\n"
                f"{_('Suggestions considered')}: {considered}\n"
                f"{_('Recorded by')}: {check.decided_by}, {_when(check.updated_at)}",
                body,
            )
        )
    else:
        story.append(para(_("No reuse check recorded."), body))

    story.append(para(_("Phase log"), h2))
    if data["state_changes"]:
        rows = []
        for c in data["state_changes"]:
            rows.append(
                [
                    para(_when(c.created_at), cell),
                    para(c.actor, cell),
                    para(c.before_label, cell),
                    para(c.after_label, cell),
                    para(c.comment, cell),
                ]
            )
        story.append(
            pdf.table(
                [_("When"), _("Who"), _("From"), _("To"), _("Comment")],
                rows,
                [width * w for w in (0.18, 0.2, 0.2, 0.2, 0.22)],
                st,
            )
        )
    else:
        story.append(para(_("The case has not moved on from its first phase yet."), body))
    doc.build(story)
    return buffer.getvalue()
