"""Tables of the governance list pages (django-tables2, lean template, cheap cells)."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import BudgetCycle, Decision, Meeting, SteeringGroup, Strategy
from .money import format_percent
from .selectors import meeting_norm_status

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class GroupTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    tier = tables.Column(verbose_name=_("Tier"))
    parent = tables.Column(verbose_name=_("Parent group"), order_by=("parent__name",))
    scope = tables.Column(verbose_name=_("Organisational scope"), order_by=("scope__name",))
    member_count = tables.Column(verbose_name=_("Members"), attrs=NUM)
    meetings_this_year = tables.Column(verbose_name=_("Meetings this year / norm"), attrs=NUM)

    class Meta:
        model = SteeringGroup
        fields = ("name", "tier", "parent", "scope", "member_count", "meetings_this_year")
        order_by = ("tier", "name")
        empty_text = _("No groups match the filter.")

    def render_tier(self, record):
        return f"{record.tier} – {record.get_tier_display()}"

    def value_tier(self, record):
        return self.render_tier(record)

    def _norm(self, record):
        return meeting_norm_status(
            count=record.meetings_this_year, minimum=record.meetings_min_per_year, maximum=record.meetings_max_per_year
        )

    def render_meetings_this_year(self, record, value):
        status = self._norm(record)
        return format_html(
            '{} / {}–{} <span class="badge {}">{}</span>',
            value,
            record.meetings_min_per_year,
            record.meetings_max_per_year,
            status.css,
            status.label,
        )

    def value_meetings_this_year(self, record, value):
        return f"{value} / {record.meetings_min_per_year}–{record.meetings_max_per_year} ({self._norm(record).label})"


class MeetingTable(tables.Table):
    starts_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True, verbose_name=_("Starts at"))
    group = tables.Column(verbose_name=_("Group"), order_by=("group__name",))
    kind = tables.Column(verbose_name=_("Kind"))
    location = tables.Column(verbose_name=_("Location"))
    decision_count = tables.Column(verbose_name=_("Decisions"), attrs=NUM)

    class Meta:
        model = Meeting
        fields = ("starts_at", "group", "kind", "location", "decision_count")
        order_by = ("-starts_at",)
        empty_text = _("No meetings match the filter.")

    def value_starts_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class DecisionTable(tables.Table):
    reference = tables.Column(verbose_name=_("Reference"), linkify=True)
    title = tables.Column(verbose_name=_("Title"))
    group = tables.Column(accessor="meeting__group", verbose_name=_("Group"), order_by=("meeting__group__name",))
    decided_on = tables.Column(
        accessor="meeting__starts_at", verbose_name=_("Decided on"), order_by=("meeting__starts_at",)
    )
    agenda_item = tables.Column(verbose_name=_("Agenda item"), orderable=False)

    class Meta:
        model = Decision
        fields = ("reference", "title", "group", "decided_on", "agenda_item")
        order_by = ("-decided_on",)
        empty_text = _("No decisions match the filter.")

    def render_decided_on(self, value):
        return timezone.localtime(value).date().isoformat()

    def value_decided_on(self, value):
        return self.render_decided_on(value)


class StrategyTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    kind = tables.Column(verbose_name=_("Kind"))
    adopted_on = tables.DateColumn(format="Y-m-d", verbose_name=_("Adopted on"))
    goal_count = tables.Column(verbose_name=_("Goals"), attrs=NUM)
    indicator_count = tables.Column(verbose_name=_("Indicators"), attrs=NUM)
    next_revision_due = tables.Column(verbose_name=_("Next revision due"), orderable=False, empty_values=())

    class Meta:
        model = Strategy
        fields = ("title", "kind", "adopted_on", "goal_count", "indicator_count", "next_revision_due")
        order_by = ("title",)
        empty_text = _("No strategies match the filter.")

    def render_next_revision_due(self, record):
        due = record.next_revision_due
        if due < timezone.localdate():
            return format_html('{} <span class="badge text-bg-danger">{}</span>', due.isoformat(), _("Overdue"))
        return due.isoformat()

    def value_next_revision_due(self, record):
        return record.next_revision_due.isoformat()


class CycleTable(tables.Table):
    plan_year = tables.Column(linkify=True, verbose_name=_("Plan year"))
    discount_rate = tables.Column(verbose_name=_("Discount rate"), attrs=NUM)
    hourly_rate = tables.Column(verbose_name=_("Hourly rate (SEK)"), attrs=NUM)
    lock_on = tables.DateColumn(format="Y-m-d", verbose_name=_("Changes final (lock)"))
    next_due_on = tables.DateColumn(format="Y-m-d", verbose_name=_("Next milestone due"))
    overdue_count = tables.Column(verbose_name=_("Overdue milestones"), attrs=NUM)

    class Meta:
        model = BudgetCycle
        fields = ("plan_year", "discount_rate", "hourly_rate", "lock_on", "next_due_on", "overdue_count")
        order_by = ("-plan_year",)
        empty_text = _("No budget cycles yet.")

    def render_discount_rate(self, value):
        return format_percent(value, 2, trim=True)

    def value_discount_rate(self, value):
        return str(value)

    def value_hourly_rate(self, value):
        return str(value)
