"""Forms of the prioritisation pages: criteria, final score, scenarios and the leadership settlement."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from governance.forms import StyledForm
from governance.models import Decision, Tier
from portfolio.prioritisation import selection
from portfolio.prioritisation.models import Criterion, Objective
from portfolio.prioritisation.services import administration_label
from portfolio.proposals.models import CostType

DIGITS = {"max_digits": 16, "decimal_places": 0}


class CriteriaForm(StyledForm):
    """Weights, names, descriptions and scales of a criteria model, one field group per criterion."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold (standard deviation, scale points)"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal(0),
    )

    def __init__(self, *args, criteria_model, criteria: list[Criterion], scales_locked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["expected_version"].initial = criteria_model.version
        self.fields["disagreement_threshold"].initial = criteria_model.disagreement_threshold
        self.rows = []
        for c in criteria:
            p = f"c{c.pk}"
            self.fields[f"{p}_name"] = forms.CharField(label=_("Name"), max_length=100, initial=c.name)
            self.fields[f"{p}_description"] = forms.CharField(
                label=_("Description shown to scorers"),
                required=False,
                initial=c.description,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{p}_weight"] = forms.DecimalField(
                label=_("Weight"), max_digits=6, decimal_places=2, min_value=Decimal(0), initial=c.weight
            )
            self.fields[f"{p}_scale_min"] = forms.IntegerField(
                label=_("Lowest score"), initial=c.scale_min, disabled=scales_locked
            )
            self.fields[f"{p}_scale_max"] = forms.IntegerField(
                label=_("Highest score"), initial=c.scale_max, disabled=scales_locked
            )
            self.fields[f"{p}_higher_is_better"] = forms.BooleanField(
                label=_("Higher is better"), required=False, initial=c.higher_is_better
            )
        # StyledForm styled the fields it saw in __init__; style the ones added since.
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-control"
            if "class" not in field.widget.attrs and not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs["class"] = css
        for c in criteria:
            p = f"c{c.pk}"
            self.rows.append(
                (
                    c,
                    [
                        self[f"{p}_{n}"]
                        for n in ("name", "description", "weight", "scale_min", "scale_max", "higher_is_better")
                    ],
                )
            )

    def clean(self):
        data = super().clean()
        for c in self.criteria:
            low, high = data.get(f"c{c.pk}_scale_min"), data.get(f"c{c.pk}_scale_max")
            if low is not None and high is not None and high <= low:
                self.add_error(
                    f"c{c.pk}_scale_max", _("The highest score must be above the lowest (%(min)s).") % {"min": low}
                )
        return data

    def criteria_values(self) -> dict[int, dict]:
        names = ("name", "description", "weight", "scale_min", "scale_max", "higher_is_better")
        return {c.pk: {n: self.cleaned_data[f"c{c.pk}_{n}"] for n in names} for c in self.criteria}


class FinalScoreForm(StyledForm):
    value = forms.DecimalField(
        label=_("Final score (0–100)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Leave empty to remove the final score; the weighted total applies."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("value") is not None and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the final score."))
        return data


class ScenarioForm(StyledForm):
    """Name, value to maximise, budget limits per year (total, per administration, per cost type),
    mandatory items and exclusions. Budget fields are named budget_<year>[_adm_<n>|_type_<t>]."""

    name = forms.CharField(label=_("Name"), max_length=120)
    objective = forms.ChoiceField(
        label=_("Value to maximise"), choices=Objective.choices, initial=Objective.SCORE, widget=forms.RadioSelect
    )
    npv_weight = forms.DecimalField(
        label=_("Share of NPV in the mix (0–1)"),
        max_digits=3,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(1),
        initial=Decimal("0.50"),
        help_text=_("Used only when maximising a mix: 0 is score only, 1 is NPV only."),
    )
    mandatory = forms.MultipleChoiceField(
        label=_("Mandatory items"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Proposals marked as a legal or mandatory need are ticked from the start."),
    )
    exclusions = forms.CharField(
        label=_("Exclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One pair per line, by reference, for proposals that cannot both be chosen: P-2027-001, P-2027-004"
        ),
    )

    def __init__(self, *args, proposals, years: list[int], year_costs: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        self.years = years
        self.by_reference = {p.reference: p for p in self.proposals}
        self.fields["mandatory"].choices = [(str(p.pk), f"{p.reference} {p.title}") for p in self.proposals]
        self.fields["mandatory"].initial = [str(p.pk) for p in self.proposals if p.is_mandatory]
        admins = {}
        for p in self.proposals:
            if p.administration_id:
                admins[p.administration_id] = administration_label(p.administration)
        self.administrations = sorted(admins.items(), key=lambda kv: kv[1])
        self.cost_types = list(CostType.choices)
        self.budget_rows = []
        for year in years:
            cells = []
            name = f"budget_{year}"
            self.fields[name] = forms.DecimalField(
                label=_("Total budget %(year)s (kr)") % {"year": year}, min_value=Decimal(0), **DIGITS
            )
            cells.append(name)
            for pk, label in self.administrations:
                name = f"budget_{year}_adm_{pk}"
                self.fields[name] = forms.DecimalField(
                    label=_("Budget %(year)s for %(administration)s (kr)") % {"year": year, "administration": label},
                    required=False,
                    min_value=Decimal(0),
                    **DIGITS,
                )
                cells.append(name)
            for value, label in self.cost_types:
                name = f"budget_{year}_type_{value}"
                self.fields[name] = forms.DecimalField(
                    label=_("%(type)s %(year)s (kr)") % {"year": year, "type": label},
                    required=False,
                    min_value=Decimal(0),
                    **DIGITS,
                )
                cells.append(name)
            for n in cells:
                self.fields[n].widget.attrs.update({"class": "form-control form-control-sm", "inputmode": "numeric"})
            self.budget_rows.append((year, year_costs.get(year, Decimal(0)), [self[n] for n in cells]))

    def clean_exclusions(self) -> list[tuple[int, int]]:
        pairs = []
        errors = []
        for number, line in enumerate((self.cleaned_data.get("exclusions") or "").splitlines(), start=1):
            parts = [p.strip() for p in line.replace(";", ",").split(",") if p.strip()]
            if not parts:
                continue
            if len(parts) != 2:
                errors.append(_("Line %(n)s: give exactly two references separated by a comma.") % {"n": number})
                continue
            unknown = [p for p in parts if p not in self.by_reference]
            if unknown:
                errors.append(
                    _("Line %(n)s: %(refs)s is not among the candidates.") % {"n": number, "refs": ", ".join(unknown)}
                )
                continue
            if parts[0] == parts[1]:
                errors.append(_("Line %(n)s: a proposal cannot exclude itself.") % {"n": number})
                continue
            pairs.append((self.by_reference[parts[0]].pk, self.by_reference[parts[1]].pk))
        if errors:
            raise forms.ValidationError(errors)
        return pairs

    def budgets(self) -> list[selection.Budget]:
        admin_labels = dict(self.administrations)
        result = []
        for year in self.years:
            result.append(selection.Budget(year=year, limit=self.cleaned_data[f"budget_{year}"]))
            for pk, _label in self.administrations:
                value = self.cleaned_data.get(f"budget_{year}_adm_{pk}")
                if value is not None:
                    result.append(selection.Budget(year=year, limit=value, administration=admin_labels[pk]))
            for cost_type, _label in self.cost_types:
                value = self.cleaned_data.get(f"budget_{year}_type_{cost_type}")
                if value is not None:
                    result.append(selection.Budget(year=year, limit=value, cost_type=cost_type))
        return result

    def mandatory_changes(self) -> tuple[set[int], set[int]]:
        """(made mandatory, no longer mandatory) against each proposal's own flag."""
        ticked = {int(v) for v in self.cleaned_data.get("mandatory", [])}
        flagged = {p.pk for p in self.proposals if p.is_mandatory}
        return ticked - flagged, flagged - ticked


class SettleForm(StyledForm):
    decision = forms.ModelChoiceField(
        label=_("Decision of the leadership group"),
        queryset=Decision.objects.none(),
        help_text=_("The decision that settles the priorities across boards."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (
            Decision.objects.filter(meeting__group__tier=Tier.LEADERSHIP)
            .select_related("meeting__group")
            .order_by("-meeting__starts_at")
        )
