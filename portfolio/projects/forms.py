"""Forms of the project and programme pages.

Validation of the records themselves (amber/red needs a comment, one actual cost per year and
category, a follow-up of this project's own benefits) lives in the models' `clean()` and runs in the
services; these forms only collect input.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms import StyledForm, VersionedModelForm
from portfolio.projects.models import ActualCost, BenefitFollowUp, Programme, Project, StatusReport
from portfolio.proposals.models import BenefitLine


class StatusReportForm(VersionedModelForm):
    class Meta:
        model = StatusReport
        fields = [
            "reported_on",
            "schedule",
            "schedule_comment",
            "cost",
            "cost_comment",
            "scope",
            "scope_comment",
            "summary",
        ]
        widgets = {f"{name}_comment": forms.Textarea(attrs={"rows": 2}) for name in ("schedule", "cost", "scope")}
        help_texts = {
            "schedule": _("Green: on track. Amber: at risk, explain why. Red: off track, explain why."),
        }


class ActualCostForm(VersionedModelForm):
    class Meta:
        model = ActualCost
        fields = ["year", "category", "amount", "comment"]
        help_texts = {"year": _("Calendar year, e.g. 2026."), "amount": _("In kronor, without spaces.")}


class BenefitLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BenefitLine) -> str:
        what = obj.description or obj.indicator_name or obj.get_benefit_type_display()
        return f"{obj.calendar_year}: {what} ({obj.get_stakeholder_display()})"


class BenefitFollowUpForm(VersionedModelForm):
    benefit_line = BenefitLineChoiceField(queryset=BenefitLine.objects.none(), label=_("Benefit"))

    class Meta:
        model = BenefitFollowUp
        fields = ["benefit_line", "phase", "measured_on", "planned_value", "realised_value", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        self.fields["benefit_line"].queryset = (
            BenefitLine.objects.filter(proposal_id=project.proposal_id)
            .select_related("proposal__target_cycle")
            .order_by("year", "pk")
        )


class ProjectTransitionForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    completed_on = forms.DateField(
        label=_("Completed on"), required=False, widget=forms.DateInput, help_text=_("Empty: today.")
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        if action != "complete":
            del self.fields["completed_on"]


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = ["name", "manager", "programme", "start_date", "planned_end_date"]


class ProgrammeForm(VersionedModelForm):
    class Meta:
        model = Programme
        fields = ["name", "description", "owner"]
