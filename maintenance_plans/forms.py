"""Forms of the register and maintenance plans (styled, accessible, version-checked)."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from governance.forms import StyledForm, StyledModelForm, VersionedModelForm
from governance.models import OrganisationUnit, User

from .models import InformationType, Integration, MaintenancePlan, PlanActivity, PlanBudgetLine, System


def people():
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class SystemForm(VersionedModelForm):
    class Meta:
        model = System
        fields = [
            "name",
            "register_id",
            "description",
            "capabilities",
            "kind",
            "administration",
            "system_owner",
            "system_manager",
            "information_owner",
            "personal_data",
            "operation_form",
            "supplier",
            "contract_start",
            "contract_end",
            "lifecycle",
            "planned_retirement_year",
        ]
        widgets = {"contract_start": forms.DateInput, "contract_end": forms.DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = OrganisationUnit.objects.filter(
            kind=OrganisationUnit.Kind.ADMINISTRATION
        ).order_by("name")
        for name in ("system_owner", "system_manager", "information_owner"):
            self.fields[name].queryset = people()


class InformationTypeForm(StyledModelForm):
    class Meta:
        model = InformationType
        fields = ["name", "confidentiality", "integrity", "availability", "traceability", "personal_data"]


InformationTypeFormSet = inlineformset_factory(
    System,
    InformationType,
    form=InformationTypeForm,
    extra=1,
    can_delete=True,
)


class IntegrationForm(StyledModelForm):
    class Meta:
        model = Integration
        fields = ["target", "open_interface", "description"]

    def __init__(self, *args, target_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = System.objects.order_by("name").only("pk", "name")
        if target_choices is not None:  # read once by the formset for all its rows
            self.fields["target"].choices = target_choices


class BaseIntegrationFormSet(BaseInlineFormSet):
    """Integrations of one system: the list of other systems is read once, not once per row."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_target_choices"):
            others = System.objects.order_by("name").values_list("pk", "name")
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            self._target_choices = [("", "---------"), *others]
        kwargs["target_choices"] = self._target_choices
        return kwargs


IntegrationFormSet = inlineformset_factory(
    System,
    Integration,
    form=IntegrationForm,
    formset=BaseIntegrationFormSet,
    fk_name="source",
    extra=1,
    can_delete=True,
)


class PlanForm(VersionedModelForm):
    class Meta:
        model = MaintenancePlan
        fields = [
            "goals",
            "risks",
            "classification_review_on",
            "contract_renewal_need",
            "procurement_needed",
            "decommissioning_plan",
        ]
        widgets = {"classification_review_on": forms.DateInput}


class ActivityForm(StyledModelForm):
    class Meta:
        model = PlanActivity
        fields = ["kind", "quarter", "description", "estimate"]


class BudgetLineForm(StyledModelForm):
    class Meta:
        model = PlanBudgetLine
        fields = ["cost_type", "description", "hours", "hourly_rate", "amount"]

    def __init__(self, *args, default_rate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = False
        self.fields["amount"].help_text = _("For internal staff hours the amount is hours × rate.")
        if default_rate is not None and not self.instance.pk:
            self.fields["hourly_rate"].initial = default_rate


ActivityFormSet = inlineformset_factory(MaintenancePlan, PlanActivity, form=ActivityForm, extra=2, can_delete=True)
BudgetLineFormSet = inlineformset_factory(
    MaintenancePlan, PlanBudgetLine, form=BudgetLineForm, extra=2, can_delete=True
)


class PlanStartForm(StyledForm):
    START_EMPTY, START_COPY = "empty", "copy"

    system = forms.ModelChoiceField(label=_("System"), queryset=System.objects.none())
    plan_year = forms.IntegerField(label=_("Plan year"), min_value=2000, max_value=2100)
    start = forms.ChoiceField(
        label=_("Start from"),
        widget=forms.RadioSelect,
        initial=START_COPY,
        choices=[(START_COPY, _("A copy of the latest earlier plan")), (START_EMPTY, _("An empty plan"))],
    )

    def __init__(self, *args, systems=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = systems if systems is not None else System.objects.active()


class TransitionForm(StyledForm):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment or reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SystemImportForm(StyledForm):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("Use the template; at most 10 MB. Nothing is saved unless every row is valid."),
    )
