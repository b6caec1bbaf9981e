"""Filters of the governance list pages (django-filter)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .forms import StyledFormMixin
from .markup import attributes, format_html_fast, format_html_join_fast
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


_SELECTED = mark_safe(" selected")  # noqa: S308 - a constant


class FastSelect(forms.Select):
    """A <select> written in one pass: Django renders every <option> through its own template, which costs
    more than the whole table when a filter lists a few hundred people."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = [("" if v is None else str(v), label) for v, label in self.choices]
        if any(isinstance(label, list | tuple) for _v, label in choices):  # option groups: Django's own way
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        options = format_html_join_fast(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, _SELECTED if v in selected else "", label) for v, label in choices),
        )
        return format_html_fast(
            '<select name="{}"{}>{}</select>', name, attributes(self.build_attrs(self.attrs, attrs)), options
        )


class FastInput:
    """A text or number <input> written in one pass (as Django's `input.html` writes it, without a template)."""

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html_fast(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            "" if value is None else format_html_fast(' value="{}"', value),
            attributes(self.build_attrs(self.attrs, attrs)),
        )


class FastTextInput(FastInput, forms.TextInput):
    pass


class FastNumberInput(FastInput, forms.NumberInput):
    pass


_FAST_WIDGETS = {forms.TextInput: FastTextInput, forms.NumberInput: FastNumberInput}


class _ChosenObject:
    """`ModelChoiceField.to_python` answered from the field's choices, which the form has already fetched
    (the same queryset): the object with the submitted key, or Django's own "invalid choice" error."""

    def __init__(self, field: forms.ModelChoiceField, objects: list):
        self.field, self.key = field, field.to_field_name or "pk"
        self.model_field = (
            field.queryset.model._meta.get_field(self.key) if self.key != "pk" else field.queryset.model._meta.pk
        )
        self.by_key = {getattr(obj, self.key): obj for obj in objects}

    def __call__(self, value):
        field = self.field
        if value in field.empty_values:
            return None
        field.validate_no_null_characters(value)
        if isinstance(value, field.queryset.model):
            value = getattr(value, self.key)
        try:
            return self.by_key[self.model_field.to_python(value)]
        except (KeyError, TypeError, ValidationError):
            raise ValidationError(
                field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class FilterForm(StyledFormMixin, forms.Form):
    """The form of every list filter: Bootstrap classes, errors tied to their fields, and selects and inputs
    written without a template each (a filter form with a few hundred options would cost more than the table)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                choices = widget.choices
                if isinstance(field, forms.ModelChoiceField):
                    # One plain fetch instead of ModelChoiceIterator's server-side cursor on PostgreSQL, and
                    # the chosen object found among those rather than fetched again.
                    objects = list(field.queryset)
                    choices = [("", field.empty_label or "")] + [
                        (obj.pk, field.label_from_instance(obj)) for obj in objects
                    ]
                    field.to_python = _ChosenObject(field, objects)
                fast = FastSelect(attrs=widget.attrs, choices=choices)
            elif type(widget) in _FAST_WIDGETS:
                fast = _FAST_WIDGETS[type(widget)](attrs=widget.attrs)
                fast.is_localized = widget.is_localized
            else:
                continue
            fast.is_required = widget.is_required
            field.widget = fast


class StyledFilterSet(django_filters.FilterSet):
    """The base of every list filter: its form is a `FilterForm` (or `Meta.form`, if that is one)."""

    def get_form_class(self):
        form = self._meta.form
        bases = (form,) if issubclass(form, FilterForm) else (FilterForm,) if form is forms.Form else (FilterForm, form)
        return type(
            f"{type(self).__name__}Form", bases, {name: filter_.field for name, filter_ in self.filters.items()}
        )


class GroupFilter(StyledFilterSet):
    tier = django_filters.ChoiceFilter(choices=Tier.choices, label=_("Tier"))
    scope = django_filters.ModelChoiceFilter(
        queryset=OrganisationUnit.objects.order_by("kind", "name"), label=_("Organisational scope")
    )
    q = TextSearchFilter(fields=("name", "short_name", "duties", "scope__name"))

    class Meta:
        model = SteeringGroup
        fields = ["tier", "scope", "q"]


class MeetingFilter(StyledFilterSet):
    group = django_filters.ModelChoiceFilter(queryset=SteeringGroup.objects.order_by("tier", "name"), label=_("Group"))
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    year = django_filters.TypedChoiceFilter(choices=_years, coerce=int, field_name="starts_at__year", label=_("Year"))
    q = TextSearchFilter(fields=("location", "minutes", "group__name", "agenda_items__title"), through_subquery=True)

    class Meta:
        model = Meeting
        fields = ["group", "kind", "year", "q"]


class DecisionFilter(StyledFilterSet):
    group = django_filters.ModelChoiceFilter(
        field_name="meeting__group", queryset=SteeringGroup.objects.order_by("tier", "name"), label=_("Group")
    )
    year = django_filters.TypedChoiceFilter(
        choices=_years, coerce=int, field_name="meeting__starts_at__year", label=_("Year")
    )
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
