"""Forms of the proposal pages: defaults, required parts and clear messages on bad input."""

from decimal import Decimal

import pytest

from governance.lean_table import lean_table
from portfolio.models import Proposal, ProposalState
from portfolio.proposals.filters import ProposalFilter
from portfolio.proposals.forms import BasicsForm, FinancingForm, ProposalCreateForm, TransitionForm, line_formsets
from portfolio.proposals.tables import ProposalTable
from portfolio.proposals.workflows import PROPOSAL_WORKFLOW
from tests.governance.factories import BudgetCycleFactory
from tests.portfolio.factories import ProposalFactory, ready_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(db):
    return BudgetCycleFactory(plan_year=2030, hourly_rate=Decimal("500"))


def test_create_form_offers_only_the_authors_ict_groups_and_defaults_to_it(org, people, cycle):
    form = ProposalCreateForm(user=people["ict_member"])
    assert list(form.fields["owning_group"].queryset) == [org.ict_group]
    assert form.initial["owning_group"] == org.ict_group.pk
    assert form.initial["target_cycle"] == cycle.pk


def test_create_form_requires_title_and_cycle(people, cycle):
    form = ProposalCreateForm({"area": "education", "calculation_years": 5}, user=people["ict_member"])
    assert not form.is_valid()
    assert {"title", "target_cycle", "owning_group"} <= set(form.errors)


def test_calculation_period_limits(people, org, cycle):
    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"], target_cycle=cycle)
    data = {
        "title": "T",
        "owning_group": org.ict_group.pk,
        "target_cycle": cycle.pk,
        "area": "education",
        "calculation_years": 21,
        "expected_version": 1,
    }
    form = BasicsForm(data, instance=proposal, user=people["ict_member"])
    assert not form.is_valid()
    assert "calculation_years" in form.errors


def test_basics_form_keeps_the_current_group_choosable(org, people, cycle):
    proposal = ProposalFactory(owning_group=org.other_ict_group, author=people["other_ict_member"], target_cycle=cycle)
    form = BasicsForm(instance=proposal, user=people["ict_member"])
    assert set(form.fields["owning_group"].queryset) == {org.ict_group, org.other_ict_group}


@pytest.mark.parametrize(
    ("action", "required"),
    [("return", True), ("reject", True), ("defer", True), ("submit", False), ("start_assessment", False)],
)
def test_transition_form_requires_a_reason_where_the_workflow_does(org, people, cycle, action, required):
    proposal = ready_proposal(org, people, target_cycle=cycle)
    form = TransitionForm({"comment": ""}, proposal=proposal, transition=PROPOSAL_WORKFLOW.get(action))
    assert ("comment" in form.errors) is required


def test_defer_offers_only_later_cycles(org, people, cycle):
    earlier, later = BudgetCycleFactory(plan_year=2029), BudgetCycleFactory(plan_year=2031)
    proposal = ready_proposal(org, people, target_cycle=cycle)
    form = TransitionForm(proposal=proposal, transition=PROPOSAL_WORKFLOW.get("defer"))
    assert list(form.fields["to_cycle"].queryset) == [later]
    assert earlier not in form.fields["to_cycle"].queryset


def test_withdraw_needs_confirmation(org, people, cycle):
    proposal = ready_proposal(org, people, target_cycle=cycle)
    form = TransitionForm({"comment": ""}, proposal=proposal, transition=PROPOSAL_WORKFLOW.get("withdraw"))
    assert "confirm" in form.errors


def test_financing_form_has_one_amount_per_year_and_refuses_negative(org, people, cycle):
    proposal = ready_proposal(org, people, target_cycle=cycle, calculation_years=3)
    form = FinancingForm({"payer": "administration", "budget_source": "Budget", "amount_2030": "-1"}, proposal=proposal)
    assert [n for n in form.fields if n.startswith("amount_")] == ["amount_2030", "amount_2031", "amount_2032"]
    assert not form.is_valid() and "amount_2030" in form.errors
    form = FinancingForm(
        {"payer": "administration", "budget_source": "Budget", "amount_2031": "250000"}, proposal=proposal
    )
    assert form.is_valid(), form.errors
    assert form.amounts() == {2031: Decimal("250000")}


def _rows(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_staff_line_is_priced_as_hours_times_the_cycles_rate(org, people, cycle):
    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"], target_cycle=cycle)
    data = _rows("costs", [{"year": 1, "category": "staff", "hours": "12", "payer": "administration"}])
    data.update(_rows("benefits", []))
    costs, _benefits = line_formsets(proposal, data)
    assert costs.is_valid(), costs.errors
    line = costs.forms[0].instance
    assert line.hourly_rate == Decimal("500") and line.amount == Decimal("6000.00")  # 12 h × 500 kr


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"year": 9, "category": "investment", "amount": "10"}, "year", "Year 9 is outside the calculation period"),
        ({"year": 0, "category": "staff", "hours": "-1"}, "hours", "Hours cannot be negative."),
        (
            {"year": 0, "category": "staff", "hours": "5", "hourly_rate": "0"},
            "hourly_rate",
            "The hourly rate must be above zero when hours are entered.",
        ),
        (
            {"year": 0, "category": "investment", "amount": "100", "amount_low": "200"},
            "amount_low",
            "The low estimate cannot be above the amount",
        ),
    ],
)
def test_bad_cost_rows_name_the_field(org, people, cycle, row, field, message):
    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"], target_cycle=cycle)
    row = {"payer": "administration", **row}
    data = {**_rows("costs", [row]), **_rows("benefits", [])}
    costs, _ = line_formsets(proposal, data)
    assert not costs.is_valid()
    assert any(message in e for e in costs.forms[0].errors[field])


def test_benefit_rows_need_an_owner_and_quality_needs_a_score_and_indicator(org, people, cycle):
    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"], target_cycle=cycle)
    data = {
        **_rows("costs", []),
        **_rows(
            "benefits",
            [
                {"year": 1, "benefit_type": "cost_reduction", "stakeholder": "staff", "amount": "10"},
                {"year": 1, "benefit_type": "quality", "stakeholder": "residents", "owner": people["ict_member"].pk},
            ],
        ),
    }
    _, benefits = line_formsets(proposal, data)
    assert not benefits.is_valid()
    assert "benefit owner" in benefits.forms[0].errors["owner"][0]
    assert "score" in benefits.forms[1].errors and "indicator_name" in benefits.forms[1].errors


def test_rows_as_typed_keeps_saved_and_valid_rows_and_lists_the_invalid_ones(org, people, cycle):
    """Saved row 1 kept as it is, row 2 ticked for deletion, row 3 valid and new, row 4 invalid, row 5 empty."""
    proposal = ready_proposal(org, people, target_cycle=cycle)
    saved = proposal.cost_lines.get()
    data = {
        **_rows(
            "costs",
            [
                {
                    "id": saved.pk,
                    "year": 0,
                    "category": "investment",
                    "amount": "100000",
                    "payer": "administration",
                    "cost_type": "investment",
                },
                {"year": 1, "category": "running", "amount": "7", "payer": "administration", "DELETE": "on"},
                {"year": 2, "category": "running", "amount": "300", "payer": "administration"},
                {"year": 9, "category": "running", "amount": "5", "payer": "administration"},
                {"payer": "administration"},  # an empty row as the page posts it (the payer's default)
            ],
        ),
        **_rows("benefits", []),
    }
    data["costs-INITIAL_FORMS"] = 1
    costs, _ = line_formsets(proposal, data)
    lines, errors = costs.rows_as_typed()
    assert [(line.pk, line.year, line.amount) for line in lines] == [
        (saved.pk, 0, Decimal("100000")),
        (None, 2, Decimal("300")),
    ]
    assert [(e["where"], e["field"]) for e in errors] == [("Cost plan, row 4", "Year")]
    assert "Year 9 is outside the calculation period" in errors[0]["message"]


def test_filter_fields_render_selected_values_escaped(org, people, cycle):
    filterset = ProposalFilter({"state": "submitted", "q": '<b>"x"</b>'}, queryset=Proposal.objects.all())
    fields = {field.auto_id: str(field) for field in filterset.form.visible_fields()}
    assert '<option value="submitted" selected>' in fields["id_state"]
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in fields["id_q"]
    assert f'<option value="{cycle.pk}">' in fields["id_cycle"]


def test_lean_rows_escape_and_format():
    row = {
        "pk": 7,
        "reference": "P1",
        "title": "<script>",
        "owning_group__name": "G",
        "administration__short_name": None,
        "target_cycle__plan_year": 2030,
        "state": ProposalState.DRAFT,
        "area": "education",
        "total_cost": Decimal("1234.50"),
        "npv": Decimal("-10"),
        "benefit_cost_ratio": None,
    }
    html = "".join(lean_table(ProposalTable([row], detail_prefix="/p/"))["rows"])
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<a href="/p/7/">P1</a>' in html
    assert "1,235" in html and "−10" in html  # English test settings; half up
