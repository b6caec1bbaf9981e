"""The PDF of one maintenance plan (reportlab platypus), for a system manager to take to a meeting."""

from decimal import Decimal
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

from .models import ClassificationLevel, MaintenancePlan
from .selectors import plan_budget_by_type

HEADER_BG = colors.HexColor("#0b3d6b")
GRID = colors.HexColor("#adb5bd")


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text or "–")).replace("\n", "<br/>"), style)


def _table(rows, widths, *, total_row: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 1), (-1, -1), "RIGHT"),
    ]
    if total_row:
        style.append(("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"))
    table.setStyle(TableStyle(style))
    return table


def plan_pdf(plan: MaintenancePlan) -> bytes:
    """A4 PDF: the system's facts, goals, activities per quarter, budget per line and type, risks and needs."""
    styles = getSampleStyleSheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    system = plan.system
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=str(plan), author=str(system.system_manager or ""))
    width = doc.width
    story = [
        Paragraph(escape(_("Maintenance plan %(year)s") % {"year": plan.plan_year}), h1),
        Paragraph(escape(system.name), styles["Heading1"]),
    ]
    levels = dict(ClassificationLevel.choices)
    facts = [
        (_("State"), plan.get_state_display()),
        (_("Administration"), system.administration),
        (_("System manager"), system.system_manager or "–"),
        (_("System owner"), system.system_owner or "–"),
        (_("Kind"), system.get_kind_display()),
        (_("Operation form"), system.get_operation_form_display()),
        (_("Lifecycle"), system.get_lifecycle_display()),
        (_("Highest classification"), levels.get(system.max_classification, system.max_classification)),
        (_("Supplier"), system.supplier or "–"),
        (_("Contract"), f"{system.contract_start or '–'} – {system.contract_end or '–'}"),
        (_("Classification review"), plan.classification_review_on or "–"),
    ]
    fact_table = Table([[_p(k, small), _p(v, body)] for k, v in facts], colWidths=[width * 0.3, width * 0.7])
    fact_table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e9ecef"))]))
    story += [fact_table, Spacer(1, 6 * mm)]
    if plan.state == "returned" and plan.return_reason:
        story += [Paragraph(escape(_("Returned by IT coordination")), h2), _p(plan.return_reason, body)]

    story += [Paragraph(escape(_("Goals for the year")), h2), _p(plan.goals, body)]

    story.append(Paragraph(escape(_("Activities")), h2))
    activities = list(plan.activities.all())
    if activities:
        rows = [[_("Quarter"), _("Kind"), _("Description"), _("Estimate")]]
        for a in activities:
            rows.append([f"Q{a.quarter}", _p(a.get_kind_display(), small), _p(a.description, small),
                         format_money(a.estimate)])
        total = sum((a.estimate for a in activities), Decimal(0))
        rows.append(["", "", _("Total"), format_money(total)])
        story.append(_table(rows, [width * 0.1, width * 0.22, width * 0.48, width * 0.2], total_row=True))
    else:
        story.append(_p(_("No activities planned."), body))

    story.append(Paragraph(escape(_("Budget")), h2))
    lines = list(plan.budget_lines.all())
    if lines:
        rows = [[_("Cost type"), _("Description"), _("Hours × rate"), _("Amount")]]
        for b in lines:
            calc = f"{b.hours} × {format_money(b.hourly_rate)}" if b.hours is not None else ""
            rows.append([_p(b.get_cost_type_display(), small), _p(b.description, small), calc,
                         format_money(b.amount)])
        by_type = plan_budget_by_type(plan)
        total = sum((a for _l, a in by_type), Decimal(0))
        rows.append(["", _("Total"), "", format_money(total)])
        story.append(_table(rows, [width * 0.26, width * 0.34, width * 0.2, width * 0.2], total_row=True))
        story.append(Spacer(1, 3 * mm))
        type_rows = [[_("Cost type"), _("Amount")]] + [[label, format_money(a)] for label, a in by_type]
        story.append(_table(type_rows, [width * 0.5, width * 0.25]))
    else:
        story.append(_p(_("No budget lines."), body))

    story += [
        Paragraph(escape(_("Risks")), h2), _p(plan.risks, body),
        Paragraph(escape(_("Contract renewal or procurement need")), h2),
        _p(plan.contract_renewal_need + ("\n" + _("A procurement is needed.") if plan.procurement_needed else ""),
           body),
        Paragraph(escape(_("Decommissioning plan")), h2), _p(plan.decommissioning_plan, body),
        Spacer(1, 8 * mm),
        _p(_("Printed %(date)s, version %(version)s.") % {"date": timezone.localdate().isoformat(),
                                                          "version": plan.version}, small),
    ]
    doc.build(story)
    return buffer.getvalue()
