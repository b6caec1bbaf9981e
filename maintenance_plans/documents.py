"""The PDF of one maintenance plan (reportlab platypus), for a system manager to take to a meeting."""

from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from governance import pdf
from governance.money import format_money, format_number
from governance.pdf import paragraph as para

from .models import ClassificationLevel, MaintenancePlan
from .selectors import plan_budget_by_type


def _money(value) -> str:
    return format_money(value, plain=True)


def plan_pdf(plan: MaintenancePlan) -> bytes:
    """A4 PDF: the system's facts, goals, activities per quarter, budget per line and type, risks and needs."""
    st = pdf.styles()
    body, h2, small, cell = st.body, st.h2, st.small, st.cell
    system = plan.system
    buffer = BytesIO()
    doc = pdf.Document(
        buffer, title=str(plan), author=str(system.system_manager or ""), footer=str(plan), page_numbers=True
    )
    width = doc.width
    story = [
        para(_("Maintenance plan %(year)s") % {"year": plan.plan_year}, st.title),
        para(system.name, st.h1),
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
    story += [pdf.facts_table(facts, [width * 0.3, width * 0.7], st), Spacer(1, 6 * mm)]
    if plan.state == "returned" and plan.return_reason:
        story += [para(_("Returned by IT coordination"), h2), para(plan.return_reason, body)]

    story += [para(_("Goals for the year"), h2), para(plan.goals, body)]

    story.append(para(_("Activities"), h2))
    activities = list(plan.activities.all())
    if activities:
        rows = [
            [f"Q{a.quarter}", para(a.get_kind_display(), cell), para(a.description, cell), _money(a.estimate)]
            for a in activities
        ]
        rows.append(["", "", _("Total"), _money(sum((a.estimate for a in activities), Decimal(0)))])
        story.append(
            pdf.table(
                [_("Quarter"), _("Kind"), _("Description"), _("Estimate")],
                rows,
                [width * 0.1, width * 0.22, width * 0.48, width * 0.2],
                st,
                numeric=[3],
                total_row=True,
            )
        )
    else:
        story.append(para(_("No activities planned."), body))

    story.append(para(_("Budget"), h2))
    lines = list(plan.budget_lines.all())
    if lines:
        rows = []
        for b in lines:
            hours = format_number(b.hours, 2, plain=True, trim=True)
            calc = f"{hours} × {_money(b.hourly_rate)}" if b.hours is not None else ""
            rows.append([para(b.get_cost_type_display(), cell), para(b.description, cell), calc, _money(b.amount)])
        by_type = plan_budget_by_type(plan)
        rows.append(["", _("Total"), "", _money(sum((a for _l, a in by_type), Decimal(0)))])
        story.append(
            pdf.table(
                [_("Cost type"), _("Description"), _("Hours × rate"), _("Amount")],
                rows,
                [width * 0.26, width * 0.34, width * 0.2, width * 0.2],
                st,
                numeric=[3],
                total_row=True,
            )
        )
        story.append(Spacer(1, 3 * mm))
        story.append(
            pdf.table(
                [_("Cost type"), _("Amount")],
                [[label, _money(a)] for label, a in by_type],
                [width * 0.5, width * 0.25],
                st,
                numeric=[1],
            )
        )
    else:
        story.append(para(_("No budget lines."), body))

    story += [
        para(_("Risks"), h2),
        para(plan.risks, body),
        para(_("Contract renewal or procurement need"), h2),
        para(
            plan.contract_renewal_need + ("\n" + _("A procurement is needed.") if plan.procurement_needed else ""), body
        ),
        para(_("Decommissioning plan"), h2),
        para(plan.decommissioning_plan, body),
        Spacer(1, 8 * mm),
        para(
            _("Printed %(date)s, version %(version)s.")
            % {"date": timezone.localdate().isoformat(), "version": plan.version},
            small,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
