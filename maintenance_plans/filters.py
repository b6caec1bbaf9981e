"""Filters of the register and plan lists."""

from datetime import date

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.filters import StyledFilterSet
from governance.models import OrganisationUnit, User

from .models import ClassificationLevel, Lifecycle, MaintenancePlan, OperationForm, PlanState, System, SystemKind


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise ValueError(day)


def administrations():
    return OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION).order_by("name")


def system_managers():
    # EXISTS probes the (system_manager, name) index once per person instead of joining every system.
    return (
        User.objects.filter(Exists(System.objects.filter(system_manager=OuterRef("pk"))))
        .order_by("last_name", "first_name")
        .only("pk", "username", "first_name", "last_name")
    )


class SystemFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    administration = django_filters.ModelChoiceFilter(label=_("Administration"), queryset=administrations())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SystemKind.choices)
    operation_form = django_filters.ChoiceFilter(label=_("Operation form"), choices=OperationForm.choices)
    lifecycle = django_filters.ChoiceFilter(label=_("Lifecycle"), choices=Lifecycle.choices)
    min_classification = django_filters.ChoiceFilter(
        label=_("Highest classification at least"),
        choices=ClassificationLevel.choices[1:],
        field_name="max_classification",
        lookup_expr="gte",
    )
    contract_months = django_filters.NumberFilter(
        label=_("Contract ends within (months)"), method="filter_contract_months", min_value=0, max_value=120
    )
    system_manager = django_filters.ModelChoiceFilter(label=_("System manager"), queryset=system_managers())

    class Meta:
        model = System
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(capabilities__icontains=value)
            | Q(supplier__icontains=value)
            | Q(register_id__iexact=value)
        )

    def filter_contract_months(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.contract_ending_between(today, add_months(today, int(value)))


class PlanFilter(StyledFilterSet):
    administration = django_filters.ModelChoiceFilter(
        label=_("Administration"), queryset=administrations(), field_name="system__administration"
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=PlanState.choices)
    system_manager = django_filters.ModelChoiceFilter(
        label=_("System manager"), queryset=system_managers(), field_name="system__system_manager"
    )
    q = django_filters.CharFilter(label=_("System"), field_name="system__name", lookup_expr="icontains")

    class Meta:
        model = MaintenancePlan
        fields: list[str] = []
