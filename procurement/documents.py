"""The audit pack of one procurement case (reportlab platypus): the case's facts, every checklist item with
its status, evidence and who did it when, the decision, the valuation, the reuse check and the phase log."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from governance.money import format_money
from maintenance_plans.models import OperationForm

from .models import ProcurementCase
from .selectors import case_detail

HEADER_BG = colors.HexColor("#0b3d6b")
GRID = colors.HexColor("#adb5bd")
STATUS_BG = {"done": colors.HexColor("#d1e7dd"), "waived": colors.HexColor("#fff3cd"),
             "not_applicable": colors.HexColor("#e9ecef"), "open": colors.white}


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text if text not in (None, "") else "–")).replace("\n", "<br/>"), style)


def _grid(rows, widths, extra=()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"), *extra]))
    return table


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def case_audit_pdf(case: ProcurementCase) -> bytes:
    styles = getSampleStyleSheet()
    body, h2 = styles["BodyText"], styles["Heading2"]
    small = body.clone("small", fontSize=8, leading=10)
    head = small.clone("head", textColor=colors.white, fontName="Helvetica-Bold")
    data = case_detail(case=case)
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=_("Audit pack %(ref)s") % {"ref": case.reference})
    width = doc.width
    required = data["required_level"]
    story = [
        Paragraph(escape(_("Procurement case %(ref)s: audit pack") % {"ref": case.reference}), styles["Title"]),
        Paragraph(escape(case.title), styles["Heading1"]),
    ]
    facts = [
        (_("Phase"), case.get_phase_display()),
        (_("Proposal"), case.proposal or "–"),
        (_("System"), case.system or "–"),
        (_("Estimated contract value"), format_money(case.estimated_value)),
        (_("Contract length"), _("%(n)s months") % {"n": case.contract_months}),
        (_("Procedure"), case.get_procedure_display()),
        (_("Responsible person"), case.responsible),
        (_("Checklist version"), case.template),
        (_("Who must decide"), required.get_level_display() if required else "–"),
        (_("Printed"), _when(timezone.now())),
    ]
    fact_table = Table([[_p(k, small), _p(v, body)] for k, v in facts], colWidths=[width * 0.3, width * 0.7])
    fact_table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e9ecef"))]))
    story += [fact_table, Spacer(1, 5 * mm)]

    widths = [width * w for w in (0.27, 0.11, 0.34, 0.28)]
    for phase in data["phases"]:
        story.append(Paragraph(escape(str(phase["label"])), h2))
        if not phase["items"]:
            story.append(_p(_("No items in this phase."), body))
            continue
        rows = [[_p(_("Item"), head), _p(_("Status"), head), _p(_("Evidence or reason"), head),
                 _p(_("Who and when"), head)]]
        extra = []
        for r, item in enumerate(phase["items"], start=1):
            evidence = [item.evidence_text, item.evidence_link,
                        _("File: %(name)s") % {"name": item.evidence_file_name} if item.evidence_file else "",
                        _("Reason: %(r)s") % {"r": item.reason} if item.reason else ""]
            text = item.text + ("" if item.mandatory else f" ({_('optional')})")
            rows.append([_p(text, small), _p(item.get_status_display(), small),
                         _p("\n".join(e for e in evidence if e), small),
                         _p(f"{item.completed_by or ''}\n{_when(item.completed_at)}".strip(), small)])
            extra.append(("BACKGROUND", (1, r), (1, r), STATUS_BG.get(item.status, colors.white)))
        story.append(_grid(rows, widths, extra))

    story.append(Paragraph(escape(_("Delegated decision")), h2))
    if data["decisions"]:
        rows = [[_p(h, head) for h in (_("Level"), _("Decided by"), _("On"), _("Decision"), _("Recorded by"))]]
        for d in data["decisions"]:
            rows.append([_p(d.get_level_display(), small), _p(d.decider_label, small), _p(d.decided_on, small),
                         _p(f"{d.text}\n{d.reference}".strip(), small),
                         _p(f"{d.recorded_by}\n{_when(d.recorded_at)}", small)])
        story.append(_grid(rows, [width * w for w in (0.17, 0.18, 0.12, 0.33, 0.2)]))
    else:
        story.append(_p(_("No decision recorded."), body))

    story.append(Paragraph(escape(_("Operation-form valuation")), h2))
    valuation = data["valuation"]
    if valuation:
        from .services import valuation_result

        result = valuation_result(valuation)
        labels = dict(OperationForm.choices)
        rows = [[_p(h, head) for h in (_("Operation form"), _("Total cost"), _("Cost"), _("Risk"), _("Class."),
                                       _("Mobility"), _("Exit"), _("Weighted"))]]
        costs = {o.option: o.total_cost for o in data["valuation_options"]}
        for r in result.results:
            rows.append([_p(labels.get(r.option, r.option), small), _p(format_money(costs.get(r.option)), small),
                         *[_p(r.scores[c], small) for c in ("cost", "risk", "classification", "mobility", "exit")],
                         _p(r.total, small)])
        story.append(_grid(rows, [width * w for w in (0.22, 0.16, 0.09, 0.09, 0.09, 0.11, 0.09, 0.15)]))
        summary = _("Recommended: %(rec)s.") % {"rec": labels.get(valuation.recommended, "–")}
        if valuation.is_confirmed:
            summary += " " + _("Chosen: %(c)s, by %(who)s on %(when)s.") % {
                "c": labels.get(valuation.chosen), "who": valuation.confirmed_by, "when": _when(valuation.confirmed_at)}
            if valuation.override_reason:
                summary += " " + _("Reason: %(r)s") % {"r": valuation.override_reason}
        story.append(_p(summary, body))
    else:
        story.append(_p(_("No valuation recorded."), body))

    story.append(Paragraph(escape(_("Reuse check")), h2))
    check = data["reuse_check"]
    if check:
        considered = ", ".join(f"{s.get('label')} ({round(100 * float(s.get('score', 0)))} %)"
                               for s in check.suggestions_considered) or "–"
        story.append(_p(f"{check.get_outcome_display()}: {check.reason}\n"
                        f"{_('Suggestions considered')}: {considered}\n"
                        f"{_('Recorded by')}: {check.decided_by}, {_when(check.updated_at)}", body))
    else:
        story.append(_p(_("No reuse check recorded."), body))

    story.append(Paragraph(escape(_("Phase log")), h2))
    if data["state_changes"]:
        rows = [[_p(h, head) for h in (_("When"), _("Who"), _("From"), _("To"), _("Comment"))]]
        for c in data["state_changes"]:
            rows.append([_p(_when(c.created_at), small), _p(c.actor, small), _p(c.before_label, small),
                         _p(c.after_label, small), _p(c.comment, small)])
        story.append(_grid(rows, [width * w for w in (0.18, 0.2, 0.2, 0.2, 0.22)]))
    else:
        story.append(_p(_("The case has not moved on from its first phase yet."), body))
    doc.build(story)
    return buffer.getvalue()
