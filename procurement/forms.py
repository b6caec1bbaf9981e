"""Forms of the procurement pages. They parse input; the rules live in `services`."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from governance.forms import StyledForm, StyledModelForm, VersionedModelForm
from governance.models import Decision, OrganisationUnit, User
from maintenance_plans.models import OperationForm, System, SystemKind
from portfolio.models import Proposal, ProposalState

from .models import CaseItemStatus, ChecklistTemplateItem, DecisionLevel, ProcurementCase, ReuseOutcome
from .models.phases import WORKING_PHASE_CHOICES
from .uploads import ALLOWED


def people():
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class CaseCreateForm(StyledModelForm):
    class Meta:
        model = ProcurementCase
        fields = [
            "proposal",
            "system",
            "title",
            "description",
            "estimated_value",
            "contract_months",
            "procedure",
            "responsible",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = (
            Proposal.objects.visible_to(user)
            .exclude(state__in=[ProposalState.REJECTED, ProposalState.WITHDRAWN])
            .select_related("owning_group")
            .order_by("reference")
        )
        self.fields["system"].queryset = System.objects.active().order_by("name")
        self.fields["responsible"].queryset = people()
        self.fields["estimated_value"].widget.attrs["min"] = "0"
        self.fields["proposal"].help_text = _("Tie the case to a proposal, a system in the register, or both.")


class CaseEditForm(VersionedModelForm):
    class Meta:
        model = ProcurementCase
        fields = ["title", "description", "estimated_value", "contract_months", "procedure", "responsible"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people()
        self.fields["estimated_value"].widget.attrs["min"] = "0"


class CaseItemForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=CaseItemStatus.choices, widget=forms.RadioSelect)
    evidence_text = forms.CharField(
        label=_("Evidence: what was done and where it is documented"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_link = forms.URLField(label=_("Evidence link"), required=False, max_length=500, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("At most 10 MB. Allowed: %(allowed)s.") % {"allowed": ALLOWED},
    )
    reason = forms.CharField(
        label=_("Reason (for not applicable or waived)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item, may_waive: bool, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": item.status,
                "evidence_text": item.evidence_text,
                "evidence_link": item.evidence_link,
                "reason": item.reason,
                "expected_version": item.version,
            },
        )
        super().__init__(*args, **kwargs)
        if not may_waive and item.status != CaseItemStatus.WAIVED:
            self.fields["status"].choices = [c for c in CaseItemStatus.choices if c[0] != CaseItemStatus.WAIVED]
        self.fields["evidence_file"].widget.attrs["accept"] = ALLOWED.replace(" ", "")


class DecisionForm(StyledForm):
    level = forms.ChoiceField(label=_("Decided at level"), choices=DecisionLevel.choices)
    decided_by = forms.ModelChoiceField(
        label=_("Decided by (person)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty for the person holding the level's delegation."),
    )
    decided_by_body = forms.CharField(
        label=_("Decided by (body)"),
        max_length=200,
        required=False,
        help_text=_("For a committee decision: the committee."),
    )
    decided_on = forms.DateField(label=_("Decided on"))
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    reference = forms.CharField(
        label=_("Reference"),
        max_length=60,
        required=False,
        help_text=_("Diary number or minutes paragraph, for example KS § 45."),
    )
    governance_decision = forms.ModelChoiceField(
        label=_("Recorded meeting decision"), required=False, queryset=Decision.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_by"].queryset = people()
        self.fields["governance_decision"].queryset = Decision.objects.select_related("meeting__group").order_by(
            "-meeting__starts_at"
        )[:200]


WEIGHT = {"min_value": Decimal(0), "max_value": Decimal(100), "max_digits": 5, "decimal_places": 2}


class WeightsForm(StyledForm):
    weight_cost = forms.DecimalField(label=_("Total cost over the contract"), **WEIGHT)
    weight_risk = forms.DecimalField(label=_("Risk and vulnerability"), **WEIGHT)
    weight_classification = forms.DecimalField(label=_("Fit with the information classification"), **WEIGHT)
    weight_mobility = forms.DecimalField(label=_("Mobility need"), **WEIGHT)
    weight_exit = forms.DecimalField(label=_("Exit"), **WEIGHT)
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        names = ["weight_cost", "weight_risk", "weight_classification", "weight_mobility", "weight_exit"]
        if all(data.get(n) is not None for n in names) and sum(data[n] for n in names) <= 0:
            raise forms.ValidationError(_("Give at least one criterion a weight above zero."))
        return data


SCORE = {"min_value": 1, "max_value": 5}


class OptionForm(StyledForm):
    option = forms.ChoiceField(choices=OperationForm.choices, widget=forms.HiddenInput)
    include = forms.BooleanField(label=_("Include in the valuation"), required=False, initial=True)
    total_cost = forms.DecimalField(
        label=_("Total cost over the contract (SEK)"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    risk_score = forms.IntegerField(label=_("Risk and vulnerability (5 = lowest risk)"), required=False, **SCORE)
    classification_score = forms.IntegerField(
        label=_("Fit with the information classification (1–5)"), required=False, **SCORE
    )
    mobility_score = forms.IntegerField(label=_("Meets the mobility need (1–5)"), required=False, **SCORE)
    exit_score = forms.IntegerField(label=_("Ease of exit (1–5)"), required=False, **SCORE)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("include"):
            for name in ("total_cost", "risk_score", "classification_score", "mobility_score", "exit_score"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Required for an option in the valuation."))
        return data


OptionFormSet = forms.formset_factory(OptionForm, extra=0)


class ValuationConfirmForm(StyledForm):
    chosen = forms.ChoiceField(label=_("Operation form chosen"), choices=OperationForm.choices)
    reason = forms.CharField(
        label=_("Reason, if you choose otherwise than recommended"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReuseForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReuseOutcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For “buy anyway”: how the benefit calculation shows clearly more benefit."),
    )
    reused_system = forms.ModelChoiceField(
        label=_("System reused or coordinated with"), required=False, queryset=System.objects.none()
    )
    coordinate_with = forms.ModelChoiceField(
        label=_("Proposal coordinated with"), required=False, queryset=Proposal.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reused_system"].queryset = System.objects.active().order_by("name")
        self.fields["coordinate_with"].queryset = Proposal.objects.visible_to(user).open().order_by("reference")


class RegisterSystemForm(StyledForm):
    name = forms.CharField(label=_("System name (for a new system)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=SystemKind.choices, initial=SystemKind.NICHE)
    administration = forms.ModelChoiceField(
        label=_("Owning administration"),
        required=False,
        queryset=OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION).order_by("name"),
    )
    system_manager = forms.ModelChoiceField(label=_("System manager"), queryset=User.objects.none())
    system_owner = forms.ModelChoiceField(label=_("System owner"), queryset=User.objects.none(), required=False)
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    contract_start = forms.DateField(label=_("Contract start"))
    contract_end = forms.DateField(label=_("Contract end"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system_manager"].queryset = people()
        self.fields["system_owner"].queryset = people()


class FollowUpForm(StyledForm):
    due_on = forms.DateField(label=_("Follow up on"))
    description = forms.CharField(label=_("What to follow up"), max_length=300)
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people()


class TemplateForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    change_note = forms.CharField(
        label=_("What changed in this version"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TemplateItemForm(StyledModelForm):
    class Meta:
        model = ChecklistTemplateItem
        fields = ["phase", "order", "text", "guidance", "mandatory", "evidence_required"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = WORKING_PHASE_CHOICES
        self.fields["order"].validators += [MinValueValidator(1), MaxValueValidator(999)]

    def validate_unique(self):
        pass  # the template is checked by the service


TemplateItemFormSet = forms.modelformset_factory(ChecklistTemplateItem, form=TemplateItemForm, extra=2, can_delete=True)
