"""Filters of the project and programme lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from governance.filters import StyledFilterSet, TextSearchFilter
from governance.models import OrganisationUnit
from portfolio.projects.models import RAG, Programme, Project, ProjectState

NO_REPORT = "none"


class ProjectFilter(StyledFilterSet):
    """Programme, state, administration, the latest status (worst of schedule, cost and scope), free text.

    Expects the queryset of `selectors.project_list_with_status` (its `last_overall` annotation).
    """

    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=lambda request: Programme.objects.order_by("name")
    )
    state = django_filters.ChoiceFilter(choices=ProjectState.choices, label=_("State"))
    administration = django_filters.ModelChoiceFilter(
        field_name="proposal__administration",
        label=_("Administration"),
        queryset=lambda request: OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION).order_by(
            "name"
        ),
    )
    status = django_filters.ChoiceFilter(
        choices=[*RAG.choices, (NO_REPORT, _("No status report yet"))], label=_("Latest status"), method="filter_status"
    )
    q = TextSearchFilter(fields=("name", "proposal__reference", "proposal__title"))

    class Meta:
        model = Project
        fields = ["programme", "state", "administration", "status", "q"]

    def filter_status(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(last_overall="" if value == NO_REPORT else value)


class ProgrammeFilter(StyledFilterSet):
    q = TextSearchFilter(fields=("name", "description"))

    class Meta:
        model = Programme
        fields = ["q"]
