import django_filters
from django.utils.translation import gettext_lazy as _

from governance.filters import StyledFilterSet, TextSearchFilter
from governance.models import User

from .models import Phase, Procedure, ProcurementCase


class CaseFilter(StyledFilterSet):
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label=_("Phase"))
    procedure = django_filters.ChoiceFilter(choices=Procedure.choices, label=_("Procedure"))
    blocked = django_filters.BooleanFilter(field_name="is_blocked", label=_("Gate blocked"))
    responsible = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(procurement_cases__isnull=False).distinct().order_by("last_name", "first_name"),
        label=_("Responsible person"),
    )
    q = TextSearchFilter(fields=("reference", "title", "description", "proposal__title", "system__name"))

    class Meta:
        model = ProcurementCase
        fields = ["phase", "procedure", "blocked", "responsible", "q"]
