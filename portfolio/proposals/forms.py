"""Forms of the proposal pages: the proposal in sections, the benefit calculation, the board's assessment
and workflow actions.

Forms only parse and validate input; every save goes through `portfolio.proposals.services` (and transitions
through `portfolio.proposals.workflows`), which own the rules.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from governance.forms import StyledForm, StyledModelForm, VersionedModelForm
from governance.models import BudgetCycle, Decision, Goal, Indicator, OrganisationUnit, SteeringGroup, Tier, User
from governance.rules import access_of
from portfolio.proposals.models import BenefitLine, CostLine, FinancingDecision, Proposal, ProposalState, Risk

# Sections of the proposal form ---------------------------------------------------------------------

BASICS_FIELDS = (
    "title",
    "description",
    "owning_group",
    "target_cycle",
    "programme",
    "area",
    "buys_something",
    "is_mandatory",
    "calculation_years",
)


def ict_groups_of(user, *, include_id: int | None = None):
    """The ICT groups `user` sits in (plus `include_id`, the proposal's current group)."""
    ids = {s.group_id for s in access_of(user).seats if s.tier == Tier.ICT_GROUP}
    if include_id:
        ids.add(include_id)
    return SteeringGroup.objects.filter(pk__in=ids, tier=Tier.ICT_GROUP).order_by("name")


class _BasicsMixin:
    def _setup_basics(self, user, include_id=None) -> None:
        self.fields["owning_group"].queryset = ict_groups_of(user, include_id=include_id)
        self.fields["owning_group"].help_text = _("The ICT group that owns the proposal; by default your own.")
        self.fields["target_cycle"].queryset = BudgetCycle.objects.order_by("-plan_year")
        self.fields["target_cycle"].label = _("Target plan year (budget cycle)")
        self.fields["programme"].queryset = self.fields["programme"].queryset.order_by("name")


class ProposalCreateForm(_BasicsMixin, StyledModelForm):
    """The basics of a new draft; the rest is written section by section afterwards."""

    class Meta:
        model = Proposal
        fields = BASICS_FIELDS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_basics(user)
        groups = list(self.fields["owning_group"].queryset)
        if groups and not self.is_bound:
            self.initial.setdefault("owning_group", groups[0].pk)
        cycle = BudgetCycle.objects.order_by("-plan_year").first()
        if cycle and not self.is_bound:
            self.initial.setdefault("target_cycle", cycle.pk)


class ProposalSectionForm(VersionedModelForm):
    """One section of the proposal, saved on its own with the version check (`proposal_save`)."""

    m2m_names: tuple[str, ...] = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def relations(self) -> dict:
        """The many-to-many values to hand to `proposal_save` (None: leave unchanged)."""
        return {name: self.cleaned_data.get(name) for name in self.m2m_names}


class BasicsForm(_BasicsMixin, ProposalSectionForm):
    class Meta:
        model = Proposal
        fields = BASICS_FIELDS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self._setup_basics(user, include_id=self.instance.owning_group_id)


class NeedsForm(ProposalSectionForm):
    class Meta:
        model = Proposal
        fields = ("needs_analysis",)
        widgets = {"needs_analysis": forms.Textarea(attrs={"rows": 10})}


class BusinessForm(ProposalSectionForm):
    class Meta:
        model = Proposal
        fields = ("current_process", "future_process", "process_mapping")
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.strategy.title}: {obj.code} {obj.title}".strip()


class GoalsForm(ProposalSectionForm):
    m2m_names = ("goals",)
    goals = GoalChoiceField(
        queryset=Goal.objects.select_related("strategy").order_by("strategy__title", "code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Strategic goals the proposal serves"),
        help_text=_("At least one goal is needed before the proposal can be submitted."),
    )

    class Meta:
        model = Proposal
        fields = ("goals", "principles_statement")
        widgets = {"principles_statement": forms.Textarea(attrs={"rows": 8})}


class AffectedForm(ProposalSectionForm):
    m2m_names = ("affected_operations", "systems", "depends_on")

    class Meta:
        model = Proposal
        fields = ("affected_operations", "systems", "depends_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affected_operations"].queryset = OrganisationUnit.objects.filter(
            kind=OrganisationUnit.Kind.OPERATION
        ).order_by("name")
        self.fields["affected_operations"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["affected_operations"].choices
        )
        self.fields["systems"].queryset = self.fields["systems"].queryset.order_by("name")
        self.fields["systems"].widget.attrs["size"] = 10
        self.fields["systems"].help_text = _("Systems from the register. Hold Ctrl (or Cmd) to choose several.")
        self.fields["depends_on"].queryset = (
            Proposal.objects.visible_to(self.user)
            .exclude(pk=self.instance.pk)
            .exclude(state__in=[ProposalState.REJECTED, ProposalState.WITHDRAWN])
            .order_by("reference")
        )
        self.fields["depends_on"].widget.attrs["size"] = 8
        self.fields["depends_on"].help_text = _(
            "Proposals this one cannot be carried out without; prioritisation keeps them together."
        )


SECTIONS: dict[str, tuple] = {
    "basics": (_("Basics"), BasicsForm),
    "needs": (_("Needs analysis"), NeedsForm),
    "business": (_("Business analysis"), BusinessForm),
    "goals": (_("Goals and guiding principles"), GoalsForm),
    "affected": (_("Affected operations and systems"), AffectedForm),
}


# Benefit calculation -------------------------------------------------------------------------------


class _LineForm(StyledModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("year",):
            self.fields[name].widget.attrs["min"] = 0
        for name in ("amount", "hours", "hourly_rate", "amount_low", "amount_high", "baseline", "target"):
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("step", "0.01")

    def add_line_error(self, error: ValidationError) -> None:
        """Show a service's verdict on this row's line: each field's messages on the field, the rest above
        the row."""
        by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
        for name, errors in by_field.items():
            self.add_error(name if name in self.fields else None, errors)


class CostLineForm(_LineForm):
    class Meta:
        model = CostLine
        fields = (
            "year",
            "category",
            "description",
            "amount",
            "hours",
            "hourly_rate",
            "amount_low",
            "amount_high",
            "payer",
            "cost_type",
        )


class BenefitLineForm(_LineForm):
    class Meta:
        model = BenefitLine
        fields = (
            "year",
            "benefit_type",
            "stakeholder",
            "description",
            "cash_releasing",
            "amount",
            "hours",
            "hourly_rate",
            "amount_low",
            "amount_high",
            "score",
            "owner",
            "indicator_name",
            "goal_indicator",
            "unit",
            "baseline",
            "target",
            "measurement_method",
        )
        widgets = {"measurement_method": forms.Textarea(attrs={"rows": 2})}


class _LineFormSet(BaseInlineFormSet):
    """Rows of one plan; choice lists shared by all rows are read once, not once per row.

    Saving goes through Django's own API (`save(commit=False)`, `deleted_objects`) and one service call;
    `rows_as_typed` gives the rows for the results shown before saving.
    """

    title = ""  # the plan's name in row errors
    shared_choices: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = {}

    def _shared(self, name, field):
        if name not in self._choices:
            self._choices[name] = list(field.choices)
        return self._choices[name]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.proposal = self.instance
        period = self.instance.calculation_years
        form.fields["year"].widget.attrs["max"] = max(period - 1, 0)
        form.fields["year"].help_text = _("0 to %(last)s; 0 is %(start)s.") % {
            "last": period - 1,
            "start": self.instance.target_cycle.plan_year,
        }
        for name in self.shared_choices:
            form.fields[name].choices = self._shared(name, form.fields[name])
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.instance.proposal = self.instance
        return form

    def rows_as_typed(self) -> tuple[list, list[dict]]:
        """The plan as typed, unsaved: the valid rows neither left empty nor ticked for deletion (saved and
        new alike, as line instances), and the errors of the invalid ones, which stay out of the figures
        (`{"where", "field", "message"}` per message)."""
        self.is_valid()  # cleans every row; a row's errors stay on the row
        lines, errors = [], []
        for message in self.non_form_errors():
            errors.append({"where": self.title, "field": "", "message": message})
        for number, form in enumerate(self.forms, start=1):
            if not form.has_changed() and not form.instance.pk:
                continue
            if form.cleaned_data.get(DELETION_FIELD_NAME):
                continue
            if form.is_valid():
                lines.append(form.instance)
                continue
            where = _("%(plan)s, row %(n)s") % {"plan": self.title, "n": number}
            for name, messages in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                errors.extend({"where": where, "field": label, "message": message} for message in messages)
        return lines, errors


class CostLineFormSet(_LineFormSet):
    title = _("Cost plan")


class BenefitLineFormSet(_LineFormSet):
    title = _("Benefits")
    shared_choices = ("owner", "goal_indicator")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.base_fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        self.form.base_fields["goal_indicator"].queryset = Indicator.objects.select_related("goal").order_by(
            "goal__code", "name"
        )


CostLineFormSetBase = inlineformset_factory(
    Proposal, CostLine, form=CostLineForm, formset=CostLineFormSet, extra=2, can_delete=True
)
BenefitLineFormSetBase = inlineformset_factory(
    Proposal, BenefitLine, form=BenefitLineForm, formset=BenefitLineFormSet, extra=2, can_delete=True
)


def line_formsets(proposal: Proposal, data=None):
    """The cost and benefit formsets of `proposal` (bound to `data` when given)."""
    costs = CostLineFormSetBase(
        data,
        instance=proposal,
        prefix="costs",
        queryset=CostLine.objects.filter(proposal=proposal).order_by("year", "pk"),
    )
    benefits = BenefitLineFormSetBase(
        data,
        instance=proposal,
        prefix="benefits",
        queryset=BenefitLine.objects.filter(proposal=proposal).order_by("year", "pk"),
    )
    return costs, benefits


class VersionForm(StyledForm):
    """The proposal version the edit started from (concurrent-edit check)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# Board assessment ----------------------------------------------------------------------------------


def board_decisions(proposal: Proposal):
    """Decisions of the assessing board's meetings (what a recommendation or financing links to)."""
    board_id = proposal.owning_group.parent_id
    return (
        Decision.objects.filter(meeting__group_id=board_id)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "reference")
    )


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.meeting.starts_at:%Y-%m-%d} {obj.reference} {obj.title}"


class RiskForm(StyledModelForm):
    class Meta:
        model = Risk
        fields = ("description", "probability", "consequence", "mitigation", "owner")
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "mitigation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("first_name", "last_name")


class FinancingForm(StyledModelForm):
    """Who pays and from which budget, with an amount field per calendar year of the proposal."""

    class Meta:
        model = FinancingDecision
        fields = ("payer", "budget_source", "comment", "decision")
        field_classes = {"decision": DecisionChoiceField}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["decision"].queryset = board_decisions(proposal)
        existing = {a.year: a.amount for a in self.instance.amounts.all()} if self.instance.pk else {}
        for year in proposal.calendar_years:
            self.fields[f"amount_{year}"] = forms.DecimalField(
                label=_("Amount %(year)s (SEK)") % {"year": year},
                required=False,
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
                initial=existing.get(year),
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
            )

    def amounts(self) -> dict[int, Decimal]:
        return {
            year: self.cleaned_data[f"amount_{year}"]
            for year in self.proposal.calendar_years
            if self.cleaned_data.get(f"amount_{year}") is not None
        }


class RecommendationForm(StyledForm):
    recommendation = forms.CharField(label=_("The board's recommendation"), widget=forms.Textarea(attrs={"rows": 6}))
    decision = DecisionChoiceField(
        queryset=Decision.objects.none(), required=False, label=_("Decision of the board's meeting")
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = board_decisions(proposal)
        self.fields["decision"].help_text = _("Record the decision on the meeting page first if it is missing.")


# Workflow ------------------------------------------------------------------------------------------


class TransitionForm(StyledForm):
    """A workflow action: a comment (required for return, reject and defer), the later cycle for defer,
    and a confirmation for withdrawing."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, proposal: Proposal, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.requires_comment:
            self.fields["comment"].required = True
            self.fields["comment"].label = _("Reason")
            self.fields["comment"].help_text = _("The ICT group sees this reason on the proposal.")
        if transition.action == "defer":
            self.fields["to_cycle"] = forms.ModelChoiceField(
                queryset=BudgetCycle.objects.filter(plan_year__gt=proposal.target_cycle.plan_year).order_by(
                    "plan_year"
                ),
                label=_("Defer to plan year"),
            )
        if transition.action in ("approve",):
            self.fields["decision"] = DecisionChoiceField(
                queryset=Decision.objects.filter(Q(meeting__group__tier=Tier.LEADERSHIP))
                .select_related("meeting")
                .order_by("-meeting__starts_at"),
                required=False,
                label=_("Decision of the leadership group"),
            )
        if transition.action == "withdraw":
            self.fields["confirm"] = forms.BooleanField(label=_("Yes, withdraw the proposal"), required=True)


class ProposalImportForm(StyledForm):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("At most 10 MB, with the sheets Proposals, CostLines and BenefitLines of the template."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
