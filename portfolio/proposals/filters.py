"""Filters of the proposal lists (django-filter): cycle, administration, group, state, area, goal,
cost and NPV range (on the totals stored on each proposal) and free text."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from governance.filters import StyledFilterSet, TextSearchFilter
from governance.models import BudgetCycle, Goal, OrganisationUnit, SteeringGroup, Tier
from portfolio.proposals.models import AreaOfOperation, Proposal, ProposalState


class GoalFilterField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.code} {obj.title}".strip()


class GoalFilter(django_filters.ModelChoiceFilter):
    field_class = GoalFilterField


def _money(label):
    return {"label": label, "widget": forms.NumberInput(attrs={"step": "1000"})}


class ProposalFilter(StyledFilterSet):
    """Choice lists are given as callables: a FilterSet deep-copies its filters on every request, and a
    deep copy of a QuerySet copies its whole query tree."""

    cycle = django_filters.ModelChoiceFilter(
        field_name="target_cycle",
        label=_("Plan year"),
        queryset=lambda request: BudgetCycle.objects.order_by("-plan_year"),
    )
    administration = django_filters.ModelChoiceFilter(
        label=_("Administration"),
        queryset=lambda request: OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION).order_by(
            "name"
        ),
    )
    group = django_filters.ModelChoiceFilter(
        field_name="owning_group",
        label=_("ICT group"),
        queryset=lambda request: SteeringGroup.objects.filter(tier=Tier.ICT_GROUP).order_by("name"),
    )
    state = django_filters.ChoiceFilter(choices=ProposalState.choices, label=_("State"))
    area = django_filters.ChoiceFilter(choices=AreaOfOperation.choices, label=_("Area of operation"))
    # One goal matches at most one through-row per proposal, so no DISTINCT is needed.
    goal = GoalFilter(
        field_name="goals",
        label=_("Strategic goal"),
        distinct=False,
        queryset=lambda request: Goal.objects.order_by("code", "title"),
    )
    cost_min = django_filters.NumberFilter(field_name="total_cost", lookup_expr="gte", **_money(_("Total cost from")))
    cost_max = django_filters.NumberFilter(field_name="total_cost", lookup_expr="lte", **_money(_("Total cost to")))
    npv_min = django_filters.NumberFilter(field_name="npv", lookup_expr="gte", **_money(_("NPV from")))
    npv_max = django_filters.NumberFilter(field_name="npv", lookup_expr="lte", **_money(_("NPV to")))
    q = TextSearchFilter(fields=("reference", "title", "description"))

    class Meta:
        model = Proposal
        fields = [
            "cycle",
            "administration",
            "group",
            "state",
            "area",
            "goal",
            "cost_min",
            "cost_max",
            "npv_min",
            "npv_max",
            "q",
        ]
