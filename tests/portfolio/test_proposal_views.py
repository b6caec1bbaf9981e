"""Proposal pages: who sees and does what, section saves, concurrent edits, the benefit calculation editor
with its htmx preview, workflow actions through the UI and bad input with clear messages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from governance.models import StateChange
from portfolio.models import BenefitLine, CostLine, Proposal, ProposalState, Risk
from tests.governance.factories import BudgetCycleFactory, GoalFactory
from tests.portfolio.factories import DecisionFactory, ProposalFactory, in_state, ready_proposal

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"portfolio:{name}", args=args)


@pytest.fixture
def cycle(db):
    return BudgetCycleFactory(plan_year=2030, discount_rate=Decimal("0.03"), hourly_rate=Decimal("500"))


@pytest.fixture
def draft(org, people, cycle):
    return ready_proposal(org, people, target_cycle=cycle)


def _section_data(proposal, **values):
    data = {"expected_version": proposal.version}
    data.update(values)
    return data


# Lists and the proposal page -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["proposal-list", "proposal-mine", "proposal-inbox"])
@pytest.mark.parametrize("role", ["leader", "board_member", "ict_member", "outsider", "it_coordinator"])
def test_lists_open_for_everyone_signed_in(client_for, people, draft, name, role):
    response = client_for(people[role]).get(url(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    # The draft is listed only for those who may read it (its group, its board, IT coordination).
    may_read = role in ("board_member", "ict_member", "it_coordinator")
    listed = {"proposal-list": may_read, "proposal-mine": role == "ict_member", "proposal-inbox": False}[name]
    assert (draft.reference in body) is listed


def test_inbox_shows_what_awaits_the_board(client_for, org, people, cycle):
    submitted = in_state(org, people, ProposalState.SUBMITTED, target_cycle=cycle)
    body = client_for(people["board_member"]).get(url("proposal-inbox")).content.decode()
    assert submitted.reference in body
    assert submitted.reference not in client_for(people["other_ict_member"]).get(url("proposal-inbox")).content.decode()


def test_list_filters_and_sorts(client_for, org, people, cycle):
    cheap = ready_proposal(org, people, target_cycle=cycle, title="Billig")
    dear = ready_proposal(org, people, target_cycle=cycle, title="Dyr")
    CostLine.objects.filter(proposal=dear).update(amount=Decimal("900000"))
    from portfolio.proposals.services import proposal_totals_refresh

    proposal_totals_refresh(proposal=dear)
    client = client_for(people["ict_member"])
    body = client.get(url("proposal-list"), {"cost_min": "500000"}).content.decode()
    assert dear.reference in body and cheap.reference not in body
    body = client.get(url("proposal-list"), {"q": "Billig"}).content.decode()
    assert cheap.reference in body and dear.reference not in body
    body = client.get(url("proposal-list"), {"sort": "-total_cost"}).content.decode()
    assert body.index(dear.reference) < body.index(cheap.reference)
    body = client.get(url("proposal-list"), {"sort": "total_cost"}).content.decode()
    assert body.index(cheap.reference) < body.index(dear.reference)


def test_list_exports_csv_and_xlsx(client_for, people, draft):
    client = client_for(people["ict_member"])
    response = client.get(url("proposal-list"), {"_export": "csv"})
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    assert draft.reference in text and "Draft" in text
    response = client.get(url("proposal-list"), {"_export": "xlsx"})
    assert response.status_code == 200
    assert response.getvalue()[:2] == b"PK"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("ict_member", 200),
        ("ict_chair", 200),
        ("board_member", 200),
        ("it_coordinator", 200),
        ("admin", 200),
        ("other_ict_member", 404),
        ("outsider", 404),
        ("leader", 404),
    ],
)
def test_draft_page_only_for_group_board_and_coordination(client_for, people, draft, role, status):
    assert client_for(people[role]).get(url("proposal-detail", draft.pk)).status_code == status
    assert client_for(people[role]).get(url("proposal-history", draft.pk)).status_code == status


def test_submitted_proposal_is_public_and_page_shows_everything(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.RECOMMENDED, target_cycle=cycle)
    response = client_for(people["outsider"]).get(url("proposal-detail", proposal.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    for text in (
        "Behovet finns.",
        "Papper.",
        "Digitalt.",
        "Styrgruppen rekommenderar förslaget.",
        "Leverantören hinner inte leverera",
        "Förvaltningens investeringsbudget",
        'id="calc-scenarios"',
        'id="calc-years"',
        "data:image/svg+xml;base64,",
        url("proposal-history", proposal.pk),
    ):
        assert text in body
    # Nobody outside the board or group gets action buttons.
    assert url("proposal-transition", proposal.pk, "approve") not in body
    assert 'style="' not in body and "<script>" not in body


def test_approved_proposal_links_to_its_project(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.APPROVED, target_cycle=cycle)
    body = client_for(people["leader"]).get(url("proposal-detail", proposal.pk)).content.decode()
    assert proposal.project.get_absolute_url() in body


def test_returned_proposal_shows_why(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.RETURNED, target_cycle=cycle)
    body = client_for(people["ict_member"]).get(url("proposal-detail", proposal.pk)).content.decode()
    assert "Returned by the board – why" in body
    assert "Motivering." in body


# Writing: create and sections ----------------------------------------------------------------------


def test_create_defaults_to_the_authors_group(client_for, org, people, cycle):
    client = client_for(people["ict_member"])
    response = client.get(url("proposal-create"))
    assert response.status_code == 200
    assert response.context["form"].initial["owning_group"] == org.ict_group.pk
    response = client.post(
        url("proposal-create"),
        {
            "title": "Digital närvaro",
            "owning_group": org.ict_group.pk,
            "target_cycle": cycle.pk,
            "area": "education",
            "calculation_years": 5,
        },
    )
    proposal = Proposal.objects.get(title="Digital närvaro")
    assert response.status_code == 302
    assert response["Location"] == url("proposal-section", proposal.pk, "needs")
    assert proposal.author == people["ict_member"] and proposal.owning_group == org.ict_group
    assert proposal.state == ProposalState.DRAFT and proposal.reference == "P2030-0001"


@pytest.mark.parametrize("role", ["outsider", "board_member", "leader"])
def test_create_refused_outside_ict_groups(client_for, people, cycle, role):
    assert client_for(people[role]).get(url("proposal-create")).status_code == 403


def test_create_refuses_a_group_the_author_is_not_in(client_for, org, people, cycle):
    response = client_for(people["ict_member"]).post(
        url("proposal-create"),
        {
            "title": "X",
            "owning_group": org.other_ict_group.pk,
            "target_cycle": cycle.pk,
            "area": "education",
            "calculation_years": 5,
        },
    )
    assert response.status_code == 200
    assert "owning_group" in response.context["form"].errors
    assert not Proposal.objects.filter(title="X").exists()


@pytest.mark.parametrize(
    ("section", "values", "field", "expected"),
    [
        ("needs", {"needs_analysis": "Lärare saknar överblick."}, "needs_analysis", "Lärare saknar överblick."),
        ("business", {"current_process": "A", "future_process": "B", "process_mapping": ""}, "future_process", "B"),
        ("goals", {"principles_statement": "Öppenhet."}, "principles_statement", "Öppenhet."),
    ],
)
def test_each_section_saves_on_its_own_unfinished(client_for, people, draft, section, values, field, expected):
    client = client_for(people["ict_member"])
    assert client.get(url("proposal-section", draft.pk, section)).status_code == 200
    response = client.post(url("proposal-section", draft.pk, section), _section_data(draft, **values))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert getattr(draft, field) == expected
    assert draft.version == 2


def test_goals_and_affected_sections_save_relations(client_for, org, people, draft):
    goal = GoalFactory()
    client = client_for(people["ict_member"])
    client.post(
        url("proposal-section", draft.pk, "goals"), _section_data(draft, goals=[goal.pk], principles_statement="")
    )
    draft.refresh_from_db()
    assert list(draft.goals.all()) == [goal]
    client.post(
        url("proposal-section", draft.pk, "affected"), _section_data(draft, affected_operations=[org.operation.pk])
    )
    assert list(draft.affected_operations.all()) == [org.operation]


@pytest.mark.parametrize(
    ("role", "status"), [("board_member", 403), ("it_coordinator", 403), ("other_ict_member", 404), ("outsider", 404)]
)
def test_only_the_group_edits_sections(client_for, people, draft, role, status):
    client = client_for(people[role])
    assert client.get(url("proposal-section", draft.pk, "needs")).status_code == status
    assert (
        client.post(url("proposal-section", draft.pk, "needs"), _section_data(draft, needs_analysis="Nej")).status_code
        == status
    )
    draft.refresh_from_db()
    assert draft.needs_analysis == "Behovet finns."


def test_submitted_proposal_cannot_be_edited(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.SUBMITTED, target_cycle=cycle)
    client = client_for(people["ict_member"])
    assert client.get(url("proposal-section", proposal.pk, "needs")).status_code == 403
    assert client.get(url("proposal-calculation", proposal.pk)).status_code == 403


def test_unknown_section_is_404(client_for, people, draft):
    assert client_for(people["ict_member"]).get(url("proposal-section", draft.pk, "nope")).status_code == 404


def test_concurrent_section_edit_is_refused_and_input_kept(client_for, people, draft):
    stale = draft.version
    client = client_for(people["ict_chair"])
    client.post(url("proposal-section", draft.pk, "needs"), {"expected_version": stale, "needs_analysis": "Först."})
    client = client_for(people["ict_member"])
    response = client.post(
        url("proposal-section", draft.pk, "needs"), {"expected_version": stale, "needs_analysis": "Min egen text."}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this record" in body
    assert "Min egen text." in body  # the user's input is still in the form
    draft.refresh_from_db()
    assert draft.needs_analysis == "Först."


# Benefit calculation -------------------------------------------------------------------------------


def _formset_data(proposal, costs=(), benefits=(), version=None):
    data = {"expected_version": version or proposal.version}
    for prefix, rows, existing in (
        ("costs", costs, CostLine.objects.filter(proposal=proposal).order_by("year", "pk")),
        ("benefits", benefits, BenefitLine.objects.filter(proposal=proposal).order_by("year", "pk")),
    ):
        existing = list(existing)
        data[f"{prefix}-TOTAL_FORMS"] = len(existing) + len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(existing)
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for i, line in enumerate(existing):
            data[f"{prefix}-{i}-id"] = line.pk
            data[f"{prefix}-{i}-DELETE"] = "on"  # tests replace the plan with `rows`
        for j, row in enumerate(rows, start=len(existing)):
            for key, value in row.items():
                data[f"{prefix}-{j}-{key}"] = value
    return data


def _cost(year, amount, **extra):
    row = {"year": year, "category": "investment", "amount": amount, "payer": "administration"}
    row.update(extra)
    return row


def _benefit(year, amount, owner, **extra):
    row = {
        "year": year,
        "benefit_type": "cost_reduction",
        "stakeholder": "municipality",
        "amount": amount,
        "owner": owner.pk if owner else "",
    }
    row.update(extra)
    return row


def test_preview_returns_hand_computed_figures(client_for, people, draft):
    """Costs 100 000 in year 0; benefits 60 000 in years 1 and 2 (cash-releasing), r = 3 %.

    total cost 100 000; benefit 120 000; net 20 000;
    NPV = −100 000 + 60 000/1.03 + 60 000/1.0609 = −100 000 + 58 252.427… + 56 555.754… = 14 808.18;
    cumulative net: −100 000, −40 000, 20 000 → payback year 2 (2032);
    B/C = (58 252.427 + 56 555.754) / 100 000 = 1.15.
    """
    owner = people["ict_member"]
    data = _formset_data(
        draft,
        costs=[_cost(0, "100000")],
        benefits=[_benefit(1, "60000", owner, cash_releasing="on"), _benefit(2, "60000", owner, cash_releasing="on")],
    )
    response = client_for(owner).post(url("proposal-calculation-preview", draft.pk), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    base = response.context["base"]
    assert base.total_cost == Decimal("100000.00")
    assert base.total_benefit == Decimal("120000.00")
    assert base.cash_releasing_benefit == Decimal("120000.00")
    assert base.net_benefit == Decimal("20000.00")
    assert base.npv == Decimal("14808.18")
    assert base.payback_year == 2
    assert base.benefit_cost_ratio == Decimal("1.15")
    body = response.content.decode()
    assert "<html" not in body  # a partial
    assert "year 2 (2032)" in body
    # nothing was saved
    assert CostLine.objects.filter(proposal=draft).count() == 1


def test_preview_with_staff_hours_and_low_high(client_for, people, draft):
    """Staff 100 h × 500 kr (cycle rate) = 50 000 in year 0; benefit 80 000 (low 40 000, high 100 000) year 1,
    at r = 3 %: base NPV = −50 000 + 80 000/1.03 = 27 669.90; low −50 000 + 40 000/1.03 = −11 165.05;
    high −50 000 + 100 000/1.03 = 47 087.38. Low payback: cumulative −50 000, −10 000 → not within the period
    (the period is 5 years and nothing else happens)."""
    owner = people["ict_member"]
    data = _formset_data(
        draft,
        costs=[{"year": 0, "category": "staff", "hours": "100", "payer": "administration"}],
        benefits=[_benefit(1, "80000", owner, amount_low="40000", amount_high="100000")],
    )
    response = client_for(owner).post(url("proposal-calculation-preview", draft.pk), data)
    results = response.context["results"]
    assert results["base"].npv == Decimal("27669.90")
    assert results["low"].npv == Decimal("-11165.05")
    assert results["high"].npv == Decimal("47087.38")
    assert results["low"].payback_year is None
    assert "not within the period" in response.content.decode()


def test_preview_shows_invalid_rows_without_crashing(client_for, people, draft):
    owner = people["ict_member"]
    data = _formset_data(draft, costs=[_cost(7, "1000"), _cost(0, "2000")], benefits=[_benefit(1, "500", None)])
    response = client_for(owner).post(url("proposal-calculation-preview", draft.pk), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Year 7 is outside the calculation period of 5 years" in body
    assert "benefit owner" in body
    assert response.context["base"].total_cost == Decimal("2000.00")  # the valid row still counts


def test_preview_refused_for_others(client_for, people, draft):
    data = _formset_data(draft)
    assert (
        client_for(people["board_member"]).post(url("proposal-calculation-preview", draft.pk), data).status_code == 403
    )
    assert client_for(people["outsider"]).post(url("proposal-calculation-preview", draft.pk), data).status_code == 404


def _lock_cycle(proposal):
    from django.utils import timezone

    from governance.models import Milestone, MilestoneKind

    Milestone.objects.create(
        cycle=proposal.target_cycle,
        kind=MilestoneKind.LOCK,
        title="Lås",
        ends_on=timezone.localdate() - timezone.timedelta(days=1),
        responsible="leadership",
    )


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "proposal-calculation"), ("post", "proposal-calculation"), ("post", "proposal-calculation-preview")],
)
def test_editor_and_preview_refused_once_the_cycle_is_locked(client_for, people, draft, method, name):
    """One rule for both (`proposal_assert_editable`): the owning group's draft, once its plan year is locked,
    changes only through a revision of the IT plan, so the preview refuses it with the reason as the editor does."""
    _lock_cycle(draft)
    data = _formset_data(draft, costs=[_cost(0, "5000")])
    response = getattr(client_for(people["ict_member"]), method)(url(name, draft.pk), data)
    assert response.status_code == 403
    assert "only through a revision of the IT plan" in response.content.decode()
    assert not draft.cost_lines.filter(amount=Decimal("5000")).exists()


def test_preview_refused_for_a_submitted_proposal(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.SUBMITTED, target_cycle=cycle)
    response = client_for(people["ict_member"]).post(
        url("proposal-calculation-preview", proposal.pk), _formset_data(proposal)
    )
    assert response.status_code == 403


def test_calculation_page_saves_all_lines_and_refreshes_totals(client_for, people, draft):
    owner = people["ict_member"]
    client = client_for(owner)
    assert client.get(url("proposal-calculation", draft.pk)).status_code == 200
    data = _formset_data(
        draft,
        costs=[
            _cost(0, "100000"),
            {"year": 1, "category": "staff", "hours": "10", "hourly_rate": "600", "payer": "administration"},
        ],
        benefits=[
            _benefit(1, "60000", owner),
            _benefit(2, "", owner, benefit_type="quality", score="4", indicator_name="NKI"),
        ],
    )
    response = client.post(url("proposal-calculation", draft.pk), data)
    assert response.status_code == 302, response.context and response.context["row_errors"]
    draft.refresh_from_db()
    assert draft.cost_lines.count() == 2 and draft.benefit_lines.count() == 2
    assert draft.total_cost == Decimal("106000.00")  # 100 000 + 10 h × 600
    assert draft.total_benefit == Decimal("60000.00")
    assert draft.qualitative_score == Decimal("4.0")


@pytest.mark.parametrize(
    ("costs", "benefits", "message"),
    [
        ([_cost(5, "1000")], [], "Year 5 is outside the calculation period of 5 years"),
        ([{"year": 0, "category": "staff", "hours": "-3", "payer": "administration"}], [], "Hours cannot be negative"),
        (
            [{"year": 0, "category": "staff", "hours": "3", "hourly_rate": "0", "payer": "administration"}],
            [],
            "The hourly rate must be above zero when hours are entered.",
        ),
        ([], [_benefit(1, "500", None)], "Name the person responsible for realising this benefit"),
    ],
)
def test_calculation_bad_input_gives_clear_messages_and_saves_nothing(
    client_for, people, draft, costs, benefits, message
):
    client = client_for(people["ict_member"])
    before = (draft.cost_lines.count(), draft.benefit_lines.count(), draft.version)
    response = client.post(url("proposal-calculation", draft.pk), _formset_data(draft, costs=costs, benefits=benefits))
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert (draft.cost_lines.count(), draft.benefit_lines.count(), draft.version) == before


def test_concurrent_calculation_save_is_refused_and_input_kept(client_for, people, draft):
    owner = people["ict_member"]
    stale = draft.version
    client = client_for(owner)
    client.post(url("proposal-section", draft.pk, "needs"), {"expected_version": stale, "needs_analysis": "Ny."})
    data = _formset_data(draft, costs=[_cost(0, "123456")], version=stale)
    response = client.post(url("proposal-calculation", draft.pk), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this proposal" in body
    assert 'value="123456"' in body
    assert not draft.cost_lines.filter(amount=Decimal("123456")).exists()


def test_calculation_page_changes_keeps_and_deletes_rows_with_history(client_for, people, draft):
    """The saved cost row is changed in place (100 000 → 90 000), the saved benefit row deleted and a new one
    added: the new totals are cost 90 000 and benefit 30 000 (year 2)."""
    owner = people["ict_member"]
    cost, benefit = draft.cost_lines.get(), draft.benefit_lines.get()
    history_before, version = cost.history.count(), draft.version
    data = _formset_data(draft, benefits=[_benefit(2, "30000", owner)])
    del data["costs-0-DELETE"]
    data.update(
        {
            "costs-0-year": 0,
            "costs-0-category": "investment",
            "costs-0-amount": "90000",
            "costs-0-payer": "administration",
            "costs-0-cost_type": "investment",
        }
    )
    response = client_for(owner).post(url("proposal-calculation", draft.pk), data)
    assert response.status_code == 302, response.context and response.context["row_errors"]
    draft.refresh_from_db()
    assert list(draft.cost_lines.values_list("pk", "amount")) == [(cost.pk, Decimal("90000.00"))]
    assert not BenefitLine.objects.filter(pk=benefit.pk).exists()
    assert list(draft.benefit_lines.values_list("year", "amount")) == [(2, Decimal("30000.00"))]
    assert (draft.total_cost, draft.total_benefit) == (Decimal("90000.00"), Decimal("30000.00"))
    assert draft.version == version + 1
    assert cost.history.count() == history_before + 1


def test_calculation_service_errors_show_on_their_rows(client_for, people, draft, monkeypatch):
    """The service names the refused line itself; the page puts each message on that line's row (field errors
    on their fields, the rest above the row) and lists the row beside the results."""
    from django.core.exceptions import ValidationError

    from portfolio.proposals.services import LinesInvalid
    from portfolio.proposals.views import calculation

    calls = []

    def refuse_the_second_new_cost(*, cost_lines, benefit_lines, deleted, **kwargs):
        calls.append((list(cost_lines), list(benefit_lines), list(deleted)))
        raise LinesInvalid(
            [
                (
                    cost_lines[1],
                    ValidationError(
                        {
                            "amount": "Too high for the budget.",
                            "__all__": "Row refused.",
                            "not_a_form_field": "Elsewhere.",
                        }
                    ),
                )
            ]
        )

    monkeypatch.setattr(calculation, "proposal_lines_save", refuse_the_second_new_cost)
    saved = [draft.cost_lines.get().pk, draft.benefit_lines.get().pk]
    data = _formset_data(draft, costs=[_cost(0, "100"), _cost(1, "200")])  # new rows 2 and 3; saved rows deleted
    response = client_for(people["ict_member"]).post(url("proposal-calculation", draft.pk), data)
    assert response.status_code == 200
    [(cost_lines, benefit_lines, deleted)] = calls
    assert [line.amount for line in cost_lines] == [Decimal("100"), Decimal("200")]
    assert benefit_lines == [] and [line.pk for line in deleted] == saved
    forms = response.context["costs"].forms
    assert forms[2].errors == {"amount": ["Too high for the budget."], "__all__": ["Row refused.", "Elsewhere."]}
    assert not forms[1].errors
    assert [(e["where"], e["message"]) for e in response.context["row_errors"]] == [
        ("Cost plan, row 3", "Too high for the budget."),
        ("Cost plan, row 3", "Row refused."),
        ("Cost plan, row 3", "Elsewhere."),
    ]
    assert response.context["base"].total_cost == Decimal("100.00")  # the refused row is out of the figures
    assert 'value="200"' in response.content.decode()  # the user's input is kept


# Workflow through the UI ---------------------------------------------------------------------------


def test_button_bar_shows_allowed_actions(client_for, people, draft):
    body = client_for(people["ict_member"]).get(url("proposal-detail", draft.pk)).content.decode()
    assert url("proposal-transition", draft.pk, "submit") in body
    assert url("proposal-transition", draft.pk, "withdraw") in body
    body = client_for(people["board_member"]).get(url("proposal-detail", draft.pk)).content.decode()
    assert url("proposal-transition", draft.pk, "submit") not in body


def test_submit_through_the_ui(client_for, people, draft):
    response = client_for(people["ict_member"]).post(url("proposal-transition", draft.pk, "submit"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ProposalState.SUBMITTED
    assert StateChange.objects.filter(object_id=draft.pk, action="submit", actor=people["ict_member"]).exists()


def test_submit_refused_lists_what_is_missing(client_for, org, people, cycle):
    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"], target_cycle=cycle)
    response = client_for(people["ict_member"]).post(url("proposal-transition", proposal.pk, "submit"))
    assert response.status_code == 409
    body = response.content.decode()
    for text in (
        "Write the needs analysis.",
        "Complete the business analysis",
        "at least one strategic goal",
        "at least one cost line",
        "at least one benefit line",
    ):
        assert text in body
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT


@pytest.mark.parametrize(("role", "status"), [("board_member", 403), ("other_ict_member", 404), ("outsider", 404)])
def test_submit_refused_for_others(client_for, people, draft, role, status):
    assert client_for(people[role]).post(url("proposal-transition", draft.pk, "submit")).status_code == status
    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT


def test_return_needs_a_reason_and_keeps_the_form(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.SUBMITTED, target_cycle=cycle)
    client = client_for(people["board_member"])
    assert client.get(url("proposal-transition", proposal.pk, "return")).status_code == 200
    response = client.post(url("proposal-transition", proposal.pk, "return"), {"comment": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(url("proposal-transition", proposal.pk, "return"), {"comment": "Räkna om nyttan."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED and proposal.return_reason == "Räkna om nyttan."


def test_defer_needs_a_later_cycle(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.SUBMITTED, target_cycle=cycle)
    later = BudgetCycleFactory(plan_year=2031)
    client = client_for(people["board_member"])
    response = client.post(url("proposal-transition", proposal.pk, "defer"), {"comment": "Nästa år."})
    assert response.status_code == 200 and "to_cycle" in response.context["form"].errors
    response = client.post(
        url("proposal-transition", proposal.pk, "defer"), {"comment": "Nästa år.", "to_cycle": later.pk}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DEFERRED and proposal.target_cycle == later


def test_recommend_refused_shows_unmet_preconditions(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.UNDER_ASSESSMENT, target_cycle=cycle)
    response = client_for(people["board_member"]).post(url("proposal-transition", proposal.pk, "recommend"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Record the board&#x27;s risk assessment" in body or "risk assessment" in body
    assert "Record the financing decision" in body
    assert "Write the board&#x27;s recommendation." in body


def test_withdraw_needs_confirmation(client_for, people, draft):
    client = client_for(people["ict_member"])
    response = client.post(url("proposal-transition", draft.pk, "withdraw"), {})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == ProposalState.DRAFT
    assert client.post(url("proposal-transition", draft.pk, "withdraw"), {"confirm": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.state == ProposalState.WITHDRAWN


def test_unknown_action_is_404(client_for, people, draft):
    assert client_for(people["ict_member"]).post(url("proposal-transition", draft.pk, "explode")).status_code == 404


# Board assessment ----------------------------------------------------------------------------------


def test_board_records_risk_financing_and_recommendation_then_recommends(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.UNDER_ASSESSMENT, target_cycle=cycle)
    decision = DecisionFactory(meeting__group=org.board)
    client = client_for(people["board_member"])
    assert client.get(url("proposal-risk-create", proposal.pk)).status_code == 200
    response = client.post(
        url("proposal-risk-create", proposal.pk),
        {"description": "Leverantörsberoende", "probability": 3, "consequence": 4, "mitigation": "Exit-plan"},
    )
    assert response.status_code == 302
    risk = Risk.objects.get(proposal=proposal)
    assert risk.score == 12
    response = client.post(
        url("proposal-financing-create", proposal.pk),
        {
            "payer": "administration",
            "budget_source": "Investeringsbudget 2030",
            "decision": decision.pk,
            "amount_2030": "100000",
            "amount_2031": "",
        },
    )
    assert response.status_code == 302
    financing = proposal.financing_decisions.get()
    assert financing.total == Decimal("100000.00")
    response = client.post(
        url("proposal-recommendation", proposal.pk), {"recommendation": "Genomför.", "decision": decision.pk}
    )
    assert response.status_code == 302
    response = client.post(url("proposal-transition", proposal.pk, "recommend"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RECOMMENDED
    assert proposal.recommendation_decision == decision
    body = client.get(url("proposal-detail", proposal.pk)).content.decode()
    assert decision.reference in body


@pytest.mark.parametrize(
    ("role", "status"), [("ict_member", 403), ("leader", 403), ("outsider", 403), ("other_ict_member", 403)]
)
def test_assessment_pages_refused_for_others(client_for, org, people, cycle, role, status):
    proposal = in_state(org, people, ProposalState.UNDER_ASSESSMENT, target_cycle=cycle)
    client = client_for(people[role])
    for name in ("proposal-risk-create", "proposal-financing-create", "proposal-recommendation"):
        assert client.get(url(name, proposal.pk)).status_code == status


def test_assessment_refused_on_a_draft_even_for_the_board(client_for, people, draft):
    assert client_for(people["board_member"]).get(url("proposal-risk-create", draft.pk)).status_code == 403


def test_risk_delete_asks_for_confirmation(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.UNDER_ASSESSMENT, target_cycle=cycle)
    risk = Risk.objects.create(proposal=proposal, description="R", probability=1, consequence=1)
    client = client_for(people["board_member"])
    assert client.get(url("proposal-risk-delete", proposal.pk, risk.pk)).status_code == 200
    assert client.post(url("proposal-risk-delete", proposal.pk, risk.pk), {}).status_code == 200
    assert Risk.objects.filter(pk=risk.pk).exists()
    assert client.post(url("proposal-risk-delete", proposal.pk, risk.pk), {"confirm": "on"}).status_code == 302
    assert not Risk.objects.filter(pk=risk.pk).exists()


def test_financing_year_outside_period_is_not_offered(client_for, org, people, cycle):
    proposal = in_state(org, people, ProposalState.UNDER_ASSESSMENT, target_cycle=cycle)
    response = client_for(people["board_member"]).get(url("proposal-financing-create", proposal.pk))
    form = response.context["form"]
    assert [n for n in form.fields if n.startswith("amount_")] == [f"amount_{y}" for y in range(2030, 2035)]


def test_calculation_page_recalculates_through_htmx_and_shows_saved_results(client_for, people, draft):
    response = client_for(people["ict_member"]).get(url("proposal-calculation", draft.pk))
    body = response.content.decode()
    assert f'hx-post="{url("proposal-calculation-preview", draft.pk)}"' in body
    assert 'hx-trigger="input changed delay:500ms"' in body
    assert 'hx-target="#calculation-results"' in body
    # Saved lines of the ready proposal: cost 100 000 (year 0), benefit 60 000 (year 1).
    assert response.context["base"].total_cost == Decimal("100000.00")
    assert response.context["base"].net_benefit == Decimal("-40000.00")
    assert 'style="' not in body and "<script>" not in body


def test_affected_section_saves_dependencies_and_refuses_a_circle(client_for, org, people, draft, cycle):
    other = ready_proposal(org, people, target_cycle=cycle, title="Grundplattform")
    client = client_for(people["ict_member"])
    response = client.post(url("proposal-section", draft.pk, "affected"), _section_data(draft, depends_on=[other.pk]))
    assert response.status_code == 302
    assert list(draft.depends_on.all()) == [other]
    # `other` needing `draft` back would be a circle that can never be met: refused, nothing saved.
    response = client.post(url("proposal-section", other.pk, "affected"), _section_data(other, depends_on=[draft.pk]))
    assert response.status_code == 200
    assert "already depends on this proposal" in response.content.decode()
    assert not other.depends_on.exists()
    other.refresh_from_db()
    assert other.version == 1


def test_a_proposal_cannot_depend_on_itself(org, people, draft):
    from django.core.exceptions import ValidationError

    from portfolio.proposals.services import proposal_dependencies_check

    with pytest.raises(ValidationError, match="cannot depend on itself"):
        proposal_dependencies_check(proposal=draft, depends_on=[draft])
