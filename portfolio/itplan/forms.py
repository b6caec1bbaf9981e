"""Forms of the IT plan pages. Each carries the plan version the user saw (`expected_version`), so the
second of two people acting at once is refused with a message and keeps what they typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms import StyledForm
from governance.models import BudgetCycle, Meeting, Tier


class _Versioned(StyledForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class AssembleForm(StyledForm):
    plan_year = forms.TypedChoiceField(label=_("Plan year"), coerce=int)
    reason = forms.CharField(
        label=_("Reason for a new version"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Needed once the plan has been approved or the cycle is locked."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_year"].choices = [
            (y, y) for y in BudgetCycle.objects.order_by("-plan_year").values_list("plan_year", flat=True)
        ]


class ProposeForm(_Versioned):
    pass


class ReasonForm(_Versioned):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class ApproveForm(_Versioned):
    meeting = forms.ModelChoiceField(
        label=_("Leadership group meeting"),
        queryset=Meeting.objects.none(),
        help_text=_("The meeting at which the leadership group approved the plan."),
    )
    reference = forms.CharField(label=_("Decision reference"), max_length=40, help_text=_("For example § 12."))
    text = forms.CharField(
        label=_("Decision"), required=False, widget=forms.Textarea, help_text=_("Leave empty for the standard wording.")
    )
    confirm = forms.BooleanField(
        label=_("Approving moves the plan's recommended proposals to approved and creates their projects."),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(group__tier=Tier.LEADERSHIP).select_related("group").order_by("-starts_at")
        )


class CompareForm(StyledForm):
    a = forms.TypedChoiceField(label=_("From version"), coerce=int)
    b = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].choices = self.fields["b"].choices = [(n, n) for n in numbers]
