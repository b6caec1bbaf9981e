"""Tables of the register and plan lists: rows of `.values()` dicts, choice labels looked up once a page.

Sorting by a column sorts by name (of the system) within ties, ascending even when the column is sorted
descending (`TiesAscendingColumn`).
"""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.lean_table import TiesAscendingColumn, ValuesRows
from governance.markup import format_html_fast
from governance.money import format_money

from .models import Lifecycle, OperationForm, PlanState, SystemKind
from .selectors import SYSTEM_ROW_FIELDS, SYSTEM_SORTS, labels, person_name

PLAN_ROW_FIELDS = (
    "pk",
    "system__name",
    "system__administration__name",
    "state",
    "updated_at",
    "budget_total",
    "system__system_manager__first_name",
    "system__system_manager__last_name",
    "system__system_manager__username",
)


class SystemTable(tables.Table):
    name = TiesAscendingColumn(verbose_name=_("System"), order_by=SYSTEM_SORTS["name"])
    administration = TiesAscendingColumn(
        verbose_name=_("Administration"), accessor="administration__name", order_by=SYSTEM_SORTS["administration"]
    )
    kind = TiesAscendingColumn(verbose_name=_("Kind"), order_by=SYSTEM_SORTS["kind"])
    operation_form = TiesAscendingColumn(verbose_name=_("Operation form"), order_by=SYSTEM_SORTS["operation_form"])
    lifecycle = TiesAscendingColumn(verbose_name=_("Lifecycle"), order_by=SYSTEM_SORTS["lifecycle"])
    classification = TiesAscendingColumn(
        verbose_name=_("Highest classification"), accessor="max_classification", order_by=SYSTEM_SORTS["classification"]
    )
    contract_end = TiesAscendingColumn(verbose_name=_("Contract ends"), order_by=SYSTEM_SORTS["contract_end"])
    system_manager = TiesAscendingColumn(
        verbose_name=_("System manager"), accessor="system_manager__username", order_by=SYSTEM_SORTS["system_manager"]
    )

    caption = _("Systems in the register")

    class Meta:
        order_by = ("name",)
        default = "–"
        empty_text = _("No systems match.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.detail_prefix = reverse("maintenance_plans:system-list")  # a system's page is <prefix><pk>/
        self.personal_data = format_html_fast(' <span class="badge text-bg-info">{}</span>', _("Personal data"))
        self.kinds, self.forms = labels(SystemKind.choices), labels(OperationForm.choices)
        self.lifecycles = labels(Lifecycle.choices)

    def render_name(self, value, record):
        return format_html_fast(
            '<a href="{}{}/">{}</a>{}',
            self.detail_prefix,
            record["pk"],
            value,
            self.personal_data if record["personal_data"] else "",
        )

    def render_administration(self, value, record):
        return record["administration__short_name"] or value

    def render_kind(self, value):
        return self.kinds.get(value, value)

    def render_operation_form(self, value):
        return self.forms.get(value, value)

    def render_lifecycle(self, value):
        return self.lifecycles.get(value, value)

    def render_system_manager(self, value, record):
        return person_name(record["system_manager__first_name"], record["system_manager__last_name"], value)


def system_rows(queryset) -> ValuesRows:
    return ValuesRows(queryset, SYSTEM_ROW_FIELDS)


class PlanTable(tables.Table):
    system = TiesAscendingColumn(verbose_name=_("System"), accessor="system__name", order_by=("system__name",))
    administration = TiesAscendingColumn(
        verbose_name=_("Administration"),
        accessor="system__administration__name",
        order_by=("system__administration__name", "system__name"),
    )
    system_manager = TiesAscendingColumn(
        verbose_name=_("System manager"),
        accessor="system__system_manager__username",
        order_by=("system__system_manager__last_name", "system__name"),
    )
    state = TiesAscendingColumn(verbose_name=_("State"), order_by=("state", "system__name"))
    budget = tables.Column(
        verbose_name=_("Budget"), accessor="budget_total", orderable=False, attrs={"td": {"class": "text-end"}}
    )
    updated = TiesAscendingColumn(
        verbose_name=_("Last changed"), accessor="updated_at", order_by=("updated_at", "system__name")
    )

    class Meta:
        order_by = ("system",)
        default = "–"
        empty_text = _("No plans match.")
        attrs = {"class": "table table-sm table-striped align-middle"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.detail_prefix = reverse("maintenance_plans:plan-list")  # a plan's page is <prefix><pk>/
        self.states = labels(PlanState.choices)

    def render_system(self, value, record):
        return format_html_fast('<a href="{}{}/">{}</a>', self.detail_prefix, record["pk"], value)

    def render_system_manager(self, value, record):
        return person_name(
            record["system__system_manager__first_name"], record["system__system_manager__last_name"], value
        )

    def render_state(self, value):
        return self.states.get(value, value)

    def render_budget(self, value):
        return format_money(value)

    def render_updated(self, value):
        return timezone.localtime(value).date().isoformat()


def plan_rows(queryset) -> ValuesRows:
    return ValuesRows(queryset, PLAN_ROW_FIELDS)


def plan_export_rows(rows) -> list[dict]:
    """The plan list's rows with the state's label and the system manager's name (for the export)."""
    states = labels(PlanState.choices)
    return [
        {
            **r,
            "state_label": states.get(r["state"], r["state"]),
            "system_manager": person_name(
                r["system__system_manager__first_name"],
                r["system__system_manager__last_name"],
                r["system__system_manager__username"],
            ),
        }
        for r in rows
    ]
