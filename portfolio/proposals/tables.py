"""The proposal lists' table: plain dicts from `selectors.proposal_rows`, rendered by the lean table template.

Labels and number formats are looked up once a page (numbers are `governance.money`'s `number_formatter`),
so a cell costs a dictionary lookup; exports get the raw values (`value_<column>`).
"""

import functools

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from governance.markup import format_html_fast
from governance.money import number_formatter
from portfolio.proposals.models import AreaOfOperation, ProposalState

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
STATE_LABELS = dict(ProposalState.choices)
AREA_LABELS = dict(AreaOfOperation.choices)


@functools.lru_cache(maxsize=8)
def _labels(language: str | None) -> tuple[dict, dict]:
    """The state and area labels in `language` (the active one), translated once."""
    return {k: str(v) for k, v in STATE_LABELS.items()}, {k: str(v) for k, v in AREA_LABELS.items()}


class ProposalTable(tables.Table):
    reference = tables.Column(verbose_name=_("Reference"))
    title = tables.Column(verbose_name=_("Title"))
    group = tables.Column(
        accessor="owning_group__name", verbose_name=_("ICT group"), order_by=("owning_group__name", "reference")
    )
    administration = tables.Column(
        accessor="administration__short_name",
        verbose_name=_("Administration"),
        order_by=("administration__short_name", "reference"),
    )
    plan_year = tables.Column(
        accessor="target_cycle__plan_year",
        verbose_name=_("Plan year"),
        order_by=("target_cycle__plan_year", "reference"),
    )
    state = tables.Column(verbose_name=_("State"), order_by=("state", "reference"))
    area = tables.Column(verbose_name=_("Area of operation"), order_by=("area", "reference"))
    total_cost = tables.Column(verbose_name=_("Total cost (SEK)"), attrs=NUM, order_by=("total_cost", "reference"))
    npv = tables.Column(verbose_name=_("NPV (SEK)"), attrs=NUM, order_by=("npv", "reference"))
    benefit_cost_ratio = tables.Column(
        verbose_name=_("Benefit/cost"), attrs=NUM, order_by=("benefit_cost_ratio", "reference")
    )

    class Meta:
        default = "–"
        empty_text = _("No proposals match the filter.")
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}

    def __init__(self, *args, detail_prefix: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A proposal's page is <prefix><pk>/: one reverse() a page instead of one a row.
        self.detail_prefix = detail_prefix or reverse("portfolio:proposal-list")
        self.states, self.areas = _labels(get_language())
        self.whole, self.two_decimals = number_formatter(0), number_formatter(2)

    @property
    def count_text(self) -> str:
        n = self.paginator.count
        return ngettext("%(n)s proposal", "%(n)s proposals", n) % {"n": n}

    def render_reference(self, value, record):
        return format_html_fast('<a href="{}{}/">{}</a>', self.detail_prefix, record["pk"], value)

    def render_state(self, value):
        return self.states.get(value, value)

    def render_area(self, value):
        return self.areas.get(value, value)

    def render_total_cost(self, value):
        return self.whole(value)

    render_npv = render_total_cost

    def render_benefit_cost_ratio(self, value):
        return self.two_decimals(value)

    # Exports: the values themselves.

    def value_reference(self, value):
        return value

    def value_state(self, value):
        return str(STATE_LABELS.get(value, value))

    def value_area(self, value):
        return str(AREA_LABELS.get(value, value))

    def value_total_cost(self, value):
        return value

    value_npv = value_benefit_cost_ratio = value_total_cost
