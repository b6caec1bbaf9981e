"""Forms of the governance pages. Validation lives on the models (clean, constraints); these only
choose fields, narrow choices and word the messages."""

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import StyledForm, StyledModelForm, VersionedModelForm
from .models import (
    AgendaItem,
    BudgetCycle,
    Decision,
    Goal,
    Indicator,
    Measurement,
    Meeting,
    Membership,
    Milestone,
    SteeringGroup,
    Strategy,
    User,
)


class SteeringGroupForm(StyledModelForm):
    class Meta:
        model = SteeringGroup
        fields = [
            "name",
            "short_name",
            "tier",
            "parent",
            "scope",
            "convening_role",
            "meetings_min_per_year",
            "meetings_max_per_year",
            "duties",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = SteeringGroup.objects.filter(tier__lt=3).order_by("tier", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _(
            "An IT-strategic board answers to the leadership group; an ICT group to a board. "
            "The leadership group has no parent."
        )
        self.fields["scope"].queryset = self.fields["scope"].queryset.order_by("kind", "name")


class MembershipForm(StyledModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "side", "valid_from", "valid_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("last_name", "first_name")


class MembershipEndForm(StyledForm):
    """Ends a membership on a date (kept for the record, not deleted)."""

    ends_on = forms.DateField(label=_("Last day of the membership"), widget=forms.DateInput)
    confirm = forms.BooleanField(label=_("Yes, end this membership"), required=True)

    def __init__(self, *args, membership: Membership, **kwargs):
        self.membership = membership
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate()

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if not self.membership.may_end_on(ends_on):
            raise forms.ValidationError(
                _("The membership cannot end before it starts (%(start)s): choose %(start)s or later.")
                % {"start": self.membership.valid_from.isoformat()}
            )
        return ends_on

    def save(self) -> Membership:
        self.membership.valid_to = self.cleaned_data["ends_on"]
        self.membership.full_clean()
        self.membership.save(update_fields=["valid_to"])
        return self.membership


class MeetingForm(VersionedModelForm):
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )

    class Meta:
        model = Meeting
        fields = ["kind", "starts_at", "location", "attendees", "minutes"]
        widgets = {"attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, group: SteeringGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = group
        chosen = Q(memberships__group=group)
        if self.instance.pk:
            chosen |= Q(meetings_attended=self.instance)
        self.fields["attendees"].queryset = User.objects.filter(
            pk__in=User.objects.filter(chosen).values("pk")
        ).order_by("last_name", "first_name")
        self.fields["attendees"].help_text = _("Members of the group, past and present.")


class AgendaItemForm(StyledModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "description", "presenter"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


AgendaItemFormSet = forms.inlineformset_factory(
    Meeting,
    AgendaItem,
    form=AgendaItemForm,
    extra=3,
    can_delete=True,
    min_num=0,
)


def meeting_save(*, form: MeetingForm, formset) -> Meeting | None:
    """Save the meeting and its agenda together, or nothing (stale version: form error, None)."""
    with transaction.atomic():
        meeting = form.save_versioned()
        if meeting is None:
            return None
        formset.instance = meeting
        formset.save()
    return meeting


class DecisionForm(VersionedModelForm):
    class Meta:
        model = Decision
        fields = ["agenda_item", "reference", "title", "text"]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("order")

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        taken = Decision.objects.filter(meeting=self.instance.meeting, reference=reference)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("This meeting already has a decision %(ref)s: choose another reference.") % {"ref": reference}
            )
        return reference


class StrategyForm(VersionedModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "kind", "description", "adopted_on", "revision_interval_years", "last_revised_on"]


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = ["code", "title", "description", "is_principle"]


class IndicatorForm(VersionedModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "description", "unit", "direction", "baseline", "target", "target_year"]


class MeasurementForm(VersionedModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "comment"]
        error_messages = {
            "measured_on": {"required": _("Enter the date the value was measured (year-month-day).")},
            "value": {"required": _("Enter the measured value.")},
        }

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator

    def clean(self):
        cleaned = super().clean()
        measured_on = cleaned.get("measured_on")
        if (
            measured_on
            and self.instance.indicator.measurements.filter(measured_on=measured_on)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "measured_on",
                _(
                    "There is already a measurement of this indicator on that date: "
                    "choose another date or edit that measurement."
                ),
            )
        return cleaned


class CycleCreateForm(StyledModelForm):
    """The new cycle's year and rates; `governance.services.budget_cycle_create` adds the milestones."""

    class Meta:
        model = BudgetCycle
        fields = ["plan_year", "discount_rate", "hourly_rate", "notes"]
        error_messages = {
            "plan_year": {
                "unique": _(
                    "There is already a budget cycle for this plan year: open that cycle or choose another year."
                )
            },
        }


class CycleForm(VersionedModelForm):
    class Meta:
        model = BudgetCycle
        fields = ["discount_rate", "hourly_rate", "notes"]


class MilestoneForm(StyledModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "starts_on", "ends_on", "responsible", "remind_days_before", "completed_on"]
