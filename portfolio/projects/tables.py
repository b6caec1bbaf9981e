"""Tables of the project and programme lists."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.money import format_number
from portfolio.projects.models import RAG

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
RAG_LABELS = dict(RAG.choices)
RAG_CSS = {RAG.GREEN: "text-bg-success", RAG.AMBER: "text-bg-warning", RAG.RED: "text-bg-danger"}


def rag_badge(value: str) -> str:
    """A RAG status as text in a coloured badge (never colour alone)."""
    if not value:
        return format_html('<span class="text-body-secondary">{}</span>', _("No report yet"))
    return format_html(
        '<span class="badge {}">{}</span>', RAG_CSS.get(value, "text-bg-secondary"), RAG_LABELS.get(value, value)
    )


def _kronor(table, value) -> str:
    """A render_<column> method: whole kronor (the column heading says SEK)."""
    return format_number(value)


# Lists ---------------------------------------------------------------------------------------------


class ProjectTable(tables.Table):
    name = tables.Column(verbose_name=gettext_lazy("Project"))
    reference = tables.Column(accessor="proposal__reference", verbose_name=gettext_lazy("Proposal"))
    programme = tables.Column(accessor="programme__name", verbose_name=gettext_lazy("Programme"), default="")
    administration = tables.Column(
        accessor="proposal__administration__short_name", verbose_name=gettext_lazy("Administration"), default=""
    )
    state = tables.Column(verbose_name=gettext_lazy("State"))
    manager = tables.Column(verbose_name=gettext_lazy("Project manager"), default="")
    planned = tables.Column(accessor="baseline_total_cost", verbose_name=gettext_lazy("Planned cost (SEK)"), attrs=NUM)
    actual = tables.Column(
        accessor="actual_cost_total", verbose_name=gettext_lazy("Actual cost to date (SEK)"), attrs=NUM
    )
    status = tables.Column(
        accessor="last_overall", verbose_name=gettext_lazy("Latest status"), order_by=("last_overall", "name")
    )
    reported = tables.Column(accessor="last_reported_on", verbose_name=gettext_lazy("Reported"), default="")

    class Meta:
        empty_text = gettext_lazy("No projects match the filter.")
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        order_by = ("name",)

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value_name(self, value):
        return value

    def render_state(self, record):
        return record.get_state_display()

    def value_state(self, record):
        return str(record.get_state_display())

    def render_manager(self, value):
        return value.get_full_name() or value.username

    def value_manager(self, value):
        return value.get_full_name() or value.username

    render_planned = render_actual = _kronor

    def value_planned(self, value):
        return value

    def value_actual(self, value):
        return value

    def render_status(self, value):
        return rag_badge(value)

    def value_status(self, value):
        return str(RAG_LABELS.get(value, "")) if value else ""


class ProgrammeTable(tables.Table):
    name = tables.Column(verbose_name=gettext_lazy("Programme"))
    owner = tables.Column(verbose_name=gettext_lazy("Owner"), default="")
    project_count = tables.Column(verbose_name=gettext_lazy("Projects"), attrs=NUM)
    proposed_cost = tables.Column(verbose_name=gettext_lazy("Proposed cost (SEK)"), attrs=NUM)
    planned_cost = tables.Column(verbose_name=gettext_lazy("Planned cost of projects (SEK)"), attrs=NUM)
    actual_cost = tables.Column(verbose_name=gettext_lazy("Actual cost to date (SEK)"), attrs=NUM)

    class Meta:
        empty_text = gettext_lazy("No programmes yet.")
        attrs = {"class": "table table-sm table-striped align-middle"}
        order_by = ("name",)

    def render_name(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def value_name(self, value):
        return value

    def render_owner(self, value):
        return value.get_full_name() or value.username

    def value_owner(self, value):
        return value.get_full_name() or value.username

    render_proposed_cost = render_planned_cost = render_actual_cost = _kronor
