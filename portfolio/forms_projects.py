"""Forms and filters of the project and programme pages, and the proposal import upload.

Validation of the records themselves (amber/red needs a comment, one actual cost per year and
category, a follow-up of this project's own benefits) lives in the models' `clean()` and runs in the
services; these forms only collect input.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from governance.filters import StyledFilterSet, TextSearchFilter
from governance.forms import StyledForm, VersionedModelForm
from governance.models import OrganisationUnit

from .models import RAG, ActualCost, BenefitFollowUp, BenefitLine, Programme, Project, ProjectState, StatusReport

NO_REPORT = "none"


class ProjectFilter(StyledFilterSet):
    """Programme, state, administration, the latest status (worst of schedule, cost and scope), free text.

    Expects the queryset of `selectors.project_list_with_status` (its `last_overall` annotation).
    """

    programme = django_filters.ModelChoiceFilter(label=_("Programme"),
                                                 queryset=lambda request: Programme.objects.order_by("name"))
    state = django_filters.ChoiceFilter(choices=ProjectState.choices, label=_("State"))
    administration = django_filters.ModelChoiceFilter(
        field_name="proposal__administration", label=_("Administration"),
        queryset=lambda request: OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION)
        .order_by("name"))
    status = django_filters.ChoiceFilter(choices=[*RAG.choices, (NO_REPORT, _("No status report yet"))],
                                         label=_("Latest status"), method="filter_status")
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


class StatusReportForm(VersionedModelForm):
    class Meta:
        model = StatusReport
        fields = ["reported_on", "schedule", "schedule_comment", "cost", "cost_comment", "scope", "scope_comment",
                  "summary"]
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
            BenefitLine.objects.filter(proposal_id=project.proposal_id).select_related("proposal__target_cycle")
            .order_by("year", "pk"))


class ProjectTransitionForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=forms.DateInput,
                                   help_text=_("Empty: today."))

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


class ProposalImportForm(StyledForm):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("At most 10 MB, with the sheets Proposals, CostLines and BenefitLines of the template."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )
