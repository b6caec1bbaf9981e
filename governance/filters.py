"""Filters of the governance list pages (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BudgetCycle, Decision, Meeting, OrganisationUnit, SteeringGroup, Strategy, Tier


def _years():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + 2, this_year - 11, -1)]


class TextSearchFilter(django_filters.CharFilter):
    """Free text over several fields (`icontains` on each, OR-ed)."""

    def __init__(self, *, fields: tuple[str, ...], through_subquery: bool = False, **kwargs):
        self.search_fields = fields
        # Fields across a many-valued relation would repeat rows; match ids in a subquery instead.
        self.through_subquery = through_subquery
        kwargs.setdefault("label", _("Search"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        q = Q()
        for f in self.search_fields:
            q |= Q(**{f"{f}__icontains": value})
        if self.through_subquery:
            return qs.filter(pk__in=qs.model.objects.filter(q).values("pk"))
        return qs.filter(q)


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter fields (the filter form is rendered field by field)."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " " + css).strip()
            form._styled = True
        return form


class GroupFilter(StyledFilterSet):
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("Tier"))
    scope = django_filters.ModelChoiceFilter(queryset=OrganisationUnit.objects.order_by("kind", "name"),
                                             label=_("Organisational scope"))
    q = TextSearchFilter(fields=("name", "short_name", "duties", "scope__name"))

    class Meta:
        model = SteeringGroup
        fields = ["tier", "scope", "q"]


class MeetingFilter(StyledFilterSet):
    group = django_filters.ModelChoiceFilter(queryset=SteeringGroup.objects.order_by("tier", "name"),
                                             label=_("Group"))
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    year = django_filters.TypedChoiceFilter(choices=_years, coerce=int, field_name="starts_at__year",
                                            label=_("Year"))
    q = TextSearchFilter(fields=("location", "minutes", "group__name", "agenda_items__title"),
                         through_subquery=True)

    class Meta:
        model = Meeting
        fields = ["group", "kind", "year", "q"]


class DecisionFilter(StyledFilterSet):
    group = django_filters.ModelChoiceFilter(field_name="meeting__group",
                                             queryset=SteeringGroup.objects.order_by("tier", "name"),
                                             label=_("Group"))
    year = django_filters.TypedChoiceFilter(choices=_years, coerce=int, field_name="meeting__starts_at__year",
                                            label=_("Year"))
    q = TextSearchFilter(fields=("reference", "title", "text"))

    class Meta:
        model = Decision
        fields = ["group", "year", "q"]


class StrategyFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(choices=Strategy.Kind.choices, label=_("Kind"))
    q = TextSearchFilter(fields=("title", "description"))

    class Meta:
        model = Strategy
        fields = ["kind", "q"]


class CycleFilter(StyledFilterSet):
    plan_year = django_filters.NumberFilter(label=_("Plan year"))

    class Meta:
        model = BudgetCycle
        fields = ["plan_year"]
