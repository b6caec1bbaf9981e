import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from governance.money import format_money

from .models import ProcurementCase

NUM = {"td": {"class": "num text-end"}, "th": {"class": "num text-end"}}


class CaseTable(tables.Table):
    reference = tables.Column(linkify=True, verbose_name=_("Reference"))
    title = tables.Column(verbose_name=_("What is bought"))
    phase = tables.Column(verbose_name=_("Phase"))
    is_blocked = tables.Column(verbose_name=_("Gate"), orderable=True)
    procedure = tables.Column(verbose_name=_("Procedure"))
    estimated_value = tables.Column(verbose_name=_("Estimated value"), attrs=NUM)
    responsible = tables.Column(verbose_name=_("Responsible"), order_by=("responsible__last_name",))
    tied_to = tables.Column(verbose_name=_("Proposal / system"), empty_values=(), orderable=False)

    class Meta:
        model = ProcurementCase
        fields = ("reference", "title", "phase", "is_blocked", "procedure", "estimated_value", "responsible", "tied_to")
        order_by = ("-reference",)
        empty_text = _("No procurement cases match the filter.")

    def render_is_blocked(self, record, value):
        if record.phase == "closed":
            return "–"
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("Blocked"))
        return format_html('<span class="badge text-bg-success">{}</span>', _("Open"))

    def value_is_blocked(self, record, value):
        return "" if record.phase == "closed" else (_("Blocked") if value else _("Open"))

    def render_estimated_value(self, value):
        return format_money(value)

    def value_estimated_value(self, value):
        return value

    def render_tied_to(self, record):
        parts = [str(p) for p in (record.proposal, record.system) if p is not None]
        return " · ".join(parts)

    def value_tied_to(self, record):
        return self.render_tied_to(record)
