import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.exceptions import ConcurrentEditError
from governance.models import Milestone, MilestoneKind
from governance.obligations import obligations_for
from portfolio.models import (
    ActualCost,
    BenefitLine,
    BenefitType,
    CostCategory,
    CostLine,
    FinancingDecision,
    Payer,
    Stakeholder,
)
from portfolio.projects.selectors import programme_list, project_get, project_list, project_plan_vs_actual
from portfolio.proposals.calculations import Scenario
from portfolio.proposals.selectors import (
    board_inbox,
    proposal_calculation,
    proposal_list,
    proposal_yearly_costs,
    proposals_calculations,
    proposals_of_my_groups,
)
from portfolio.proposals.services import (
    LinesInvalid,
    benefit_line_save,
    cost_line_save,
    financing_decision_save,
    line_delete,
    proposal_create,
    proposal_is_editable,
    proposal_lines_save,
    proposal_save,
)
from tests.governance.factories import BudgetCycleFactory

from .factories import CostLineFactory, ProgrammeFactory, ProposalFactory, in_state, ready_proposal


@pytest.fixture
def cycle(db):
    return BudgetCycleFactory(plan_year=2031, discount_rate=Decimal("0.10"), hourly_rate=Decimal(50))


def _hand_case(org, people, cycle):
    """3 years at 10 %: costs 1000 / 10 h × 50 / 200; benefits 800 cash / 20 h freed × 50 / a score of 4."""
    p = proposal_create(author=people["ict_member"], target_cycle=cycle, title="Digital ansökan", calculation_years=3)
    actor = people["ict_member"]
    cost_line_save(
        line=CostLine(
            proposal=p,
            year=0,
            category=CostCategory.INVESTMENT,
            amount=Decimal(1000),
            amount_low=Decimal(900),
            amount_high=Decimal(1200),
        ),
        actor=actor,
    )
    cost_line_save(line=CostLine(proposal=p, year=1, category=CostCategory.STAFF, hours=Decimal(10)), actor=actor)
    cost_line_save(
        line=CostLine(proposal=p, year=2, category=CostCategory.RUNNING, amount=Decimal(200), payer=Payer.CENTRAL_FUND),
        actor=actor,
    )
    owner = people["ict_chair"]
    benefit_line_save(
        line=BenefitLine(
            proposal=p,
            year=1,
            benefit_type=BenefitType.COST_REDUCTION,
            stakeholder=Stakeholder.MUNICIPALITY,
            cash_releasing=True,
            amount=Decimal(800),
            amount_low=Decimal(600),
            amount_high=Decimal(1000),
            owner=owner,
        ),
        actor=actor,
    )
    benefit_line_save(
        line=BenefitLine(
            proposal=p,
            year=2,
            benefit_type=BenefitType.TIME_FREED,
            stakeholder=Stakeholder.STAFF,
            hours=Decimal(20),
            owner=owner,
        ),
        actor=actor,
    )
    benefit_line_save(
        line=BenefitLine(
            proposal=p,
            year=2,
            benefit_type=BenefitType.QUALITY,
            stakeholder=Stakeholder.RESIDENTS,
            score=4,
            indicator_name="NKI",
            owner=owner,
        ),
        actor=actor,
    )
    return p


def test_proposal_calculation_hand_computed(org, people, cycle):
    p = _hand_case(org, people, cycle)
    results = proposal_calculation(p)
    base = results[Scenario.BASE]
    # C = [1000, 500, 200], B = [0, 800, 1000]
    assert base.costs_by_year == (Decimal("1000.00"), Decimal("500.00"), Decimal("200.00"))
    assert base.benefits_by_year == (Decimal("0.00"), Decimal("800.00"), Decimal("1000.00"))
    assert (base.total_cost, base.total_benefit, base.cash_releasing_benefit, base.net_benefit) == (
        Decimal("1700.00"),
        Decimal("1800.00"),
        Decimal("800.00"),
        Decimal("100.00"),
    )
    # NPV = −1000 + 300/1.1 + 800/1.21 = −1000 + 272.7273 + 661.1570 = −66.1157
    assert base.npv == Decimal("-66.12")
    # PV costs = 1000 + 454.5455 + 165.2893 = 1619.83; PV benefits = 727.2727 + 826.4463 = 1553.72; ratio 0.959
    assert (base.pv_costs, base.pv_benefits, base.benefit_cost_ratio) == (
        Decimal("1619.83"),
        Decimal("1553.72"),
        Decimal("0.96"),
    )
    assert base.payback_year == 2  # cumulative −1000, −700, +100
    assert base.qualitative_score == Decimal("4.0")
    # low: costs at their high estimates, benefits at their low ones; high the other way round
    assert (results[Scenario.LOW].total_cost, results[Scenario.LOW].total_benefit) == (
        Decimal("1900.00"),
        Decimal("1600.00"),
    )
    assert (results[Scenario.HIGH].total_cost, results[Scenario.HIGH].total_benefit) == (
        Decimal("1600.00"),
        Decimal("2000.00"),
    )
    # The stored totals that lists filter on agree with the calculation.
    p.refresh_from_db()
    assert (
        p.total_cost,
        p.total_benefit,
        p.cash_releasing_benefit,
        p.npv,
        p.payback_year,
        p.benefit_cost_ratio,
        p.qualitative_score,
    ) == (
        Decimal("1700.00"),
        Decimal("1800.00"),
        Decimal("800.00"),
        Decimal("-66.12"),
        2,
        Decimal("0.96"),
        Decimal("4.0"),
    )
    assert proposals_calculations([p])[p.pk][Scenario.BASE] == base


def test_yearly_costs_per_calendar_year_and_budget(org, people, cycle):
    p = _hand_case(org, people, cycle)
    assert proposal_yearly_costs(proposals=[p.pk]) == {
        p.pk: {
            2031: {"investment": Decimal("1000.00")},
            2032: {"operating": Decimal("500.00")},
            2033: {"operating": Decimal("200.00")},
        }
    }


def test_create_defaults_to_the_authors_group_and_numbers_references(org, people, cycle):
    first = proposal_create(author=people["ict_member"], target_cycle=cycle, title="A")
    second = proposal_create(author=people["ict_chair"], target_cycle=cycle, title="B")
    assert first.owning_group == org.ict_group and first.administration == org.administration
    assert (first.reference, second.reference) == ("P2031-0001", "P2031-0002")
    assert first.state == "draft"
    with pytest.raises(ValidationError):
        proposal_create(author=people["outsider"], target_cycle=cycle, title="C")
    with pytest.raises(PermissionDenied):
        proposal_create(author=people["ict_member"], target_cycle=cycle, title="D", owning_group=org.other_ict_group)


def test_lines_of_another_group_refused(org, people, cycle):
    p = proposal_create(author=people["ict_member"], target_cycle=cycle, title="A")
    with pytest.raises(PermissionDenied):
        cost_line_save(
            line=CostLine(proposal=p, year=0, category=CostCategory.INVESTMENT, amount=Decimal(1)),
            actor=people["other_ict_member"],
        )
    with pytest.raises(PermissionDenied):
        cost_line_save(
            line=CostLine(proposal=p, year=0, category=CostCategory.INVESTMENT, amount=Decimal(1)),
            actor=people["board_member"],
        )
    assert not p.cost_lines.exists()


def test_bad_line_refused_with_field_message(org, people, cycle):
    p = proposal_create(author=people["ict_member"], target_cycle=cycle, title="A")
    with pytest.raises(ValidationError) as exc:
        cost_line_save(
            line=CostLine(proposal=p, year=9, category=CostCategory.INVESTMENT, amount=Decimal(1)),
            actor=people["ict_member"],
        )
    assert "year" in exc.value.message_dict
    assert not p.cost_lines.exists()


def test_delete_line_refreshes_totals(org, people):
    p = ready_proposal(org, people)
    line_delete(line=p.cost_lines.get(), actor=people["ict_member"])
    p.refresh_from_db()
    assert p.total_cost == Decimal(0) and p.total_benefit == Decimal("60000.00")


def test_proposal_save_guards_version_workflow_fields_and_period(org, people):
    p = ready_proposal(org, people, calculation_years=5)
    CostLineFactory(proposal=p, year=3)
    stale = p.version
    p.title = "Nytt namn"
    p.state = "approved"  # ignored: only the workflow moves the state
    p = proposal_save(proposal=p, actor=people["ict_member"], expected_version=stale)
    p.refresh_from_db()
    assert p.title == "Nytt namn" and p.state == "draft"
    p.title = "Ännu ett"
    with pytest.raises(ConcurrentEditError):
        proposal_save(proposal=p, actor=people["ict_chair"], expected_version=stale)
    p.calculation_years = 3
    with pytest.raises(ValidationError) as exc:
        proposal_save(proposal=p, actor=people["ict_member"], expected_version=p.version)
    assert exc.value.message_dict["calculation_years"] == [
        "There are lines in year 3: keep the period at 4 years or more, or move those lines first."
    ]


def test_proposal_lines_save_all_or_nothing(org, people):
    p = ready_proposal(org, people)
    good = CostLine(proposal=p, year=1, category=CostCategory.RUNNING, amount=Decimal(10))
    bad = CostLine(proposal=p, year=1, category=CostCategory.STAFF, hours=Decimal(-2), hourly_rate=Decimal(100))
    with pytest.raises(LinesInvalid) as exc:
        proposal_lines_save(proposal=p, actor=people["ict_member"], expected_version=p.version, cost_lines=[good, bad])
    assert [line for line, _error in exc.value.line_errors] == [bad]  # only the bad line, by the object itself
    assert exc.value.for_line(good) is None
    assert "hours" in exc.value.for_line(bad).message_dict
    assert "Hours cannot be negative." in exc.value.messages  # a ValidationError with every message
    assert p.cost_lines.count() == 1
    version = p.version
    proposal_lines_save(
        proposal=p,
        actor=people["ict_member"],
        expected_version=version,
        cost_lines=[good],
        deleted=[p.cost_lines.get()],
    )
    assert list(p.cost_lines.values_list("amount", flat=True)) == [Decimal("10.00")]
    with pytest.raises(ConcurrentEditError):
        proposal_lines_save(proposal=p, actor=people["ict_chair"], expected_version=version)


def test_proposal_lines_save_pairs_each_refused_line_of_both_plans_with_its_errors(org, people):
    """Errors come back per line object, across the cost and the benefit plan, so a caller needs no positions."""
    p = ready_proposal(org, people)  # period 5 years: 0–4
    owner = people["ict_member"]
    late_cost = CostLine(proposal=p, year=5, category=CostCategory.INVESTMENT, amount=Decimal(10))
    fine_cost = CostLine(proposal=p, year=0, category=CostCategory.INVESTMENT, amount=Decimal(20))
    ownerless = BenefitLine(
        proposal=p, year=1, benefit_type=BenefitType.COST_REDUCTION, stakeholder=Stakeholder.STAFF, amount=Decimal(5)
    )
    fine_benefit = BenefitLine(
        proposal=p,
        year=1,
        benefit_type=BenefitType.COST_REDUCTION,
        stakeholder=Stakeholder.STAFF,
        amount=Decimal(5),
        owner=owner,
    )
    before = (p.version, p.cost_lines.count(), p.benefit_lines.count())
    with pytest.raises(LinesInvalid) as exc:
        proposal_lines_save(
            proposal=p,
            actor=owner,
            expected_version=p.version,
            cost_lines=[late_cost, fine_cost],
            benefit_lines=[fine_benefit, ownerless],
            deleted=[p.cost_lines.get()],
        )
    assert [(line, sorted(error.message_dict)) for line, error in exc.value.line_errors] == [
        (late_cost, ["year"]),
        (ownerless, ["owner"]),
    ]
    p.refresh_from_db()
    assert (p.version, p.cost_lines.count(), p.benefit_lines.count()) == before  # nothing written, not the delete


def test_proposal_lines_save_refuses_a_stale_version_before_judging_the_lines(org, people):
    p = ready_proposal(org, people)
    stale = p.version
    proposal_lines_save(proposal=p, actor=people["ict_member"], expected_version=stale)
    bad = CostLine(proposal=p, year=9, category=CostCategory.INVESTMENT, amount=Decimal(1))
    with pytest.raises(ConcurrentEditError):
        proposal_lines_save(proposal=p, actor=people["ict_chair"], expected_version=stale, cost_lines=[bad])


def test_proposal_lines_save_refuses_lines_of_another_proposal(org, people):
    p = ready_proposal(org, people)
    other = ready_proposal(org, people)
    foreign = other.cost_lines.get()
    with pytest.raises(PermissionDenied):
        proposal_lines_save(proposal=p, actor=people["ict_member"], expected_version=p.version, deleted=[foreign])
    foreign.amount = Decimal(1)
    with pytest.raises(PermissionDenied):
        proposal_lines_save(proposal=p, actor=people["ict_member"], expected_version=p.version, cost_lines=[foreign])
    assert other.cost_lines.get().amount == Decimal("100000.00")


def test_proposal_lines_save_refused_once_the_cycle_is_locked(org, people):

    p = ready_proposal(org, people)
    Milestone.objects.create(
        cycle=p.target_cycle,
        kind=MilestoneKind.LOCK,
        title="Lås",
        ends_on=timezone.localdate() - timezone.timedelta(days=1),
        responsible="leadership",
    )
    line = CostLine(proposal=p, year=1, category=CostCategory.RUNNING, amount=Decimal(10))
    with pytest.raises(PermissionDenied, match="only through a revision of the IT plan"):
        proposal_lines_save(proposal=p, actor=people["ict_member"], expected_version=p.version, cost_lines=[line])
    assert p.cost_lines.count() == 1


def test_editable_only_for_group_in_editable_states(org, people):
    draft = ready_proposal(org, people)
    assert proposal_is_editable(draft, people["ict_member"])
    assert not proposal_is_editable(draft, people["board_member"])
    submitted = in_state(org, people, "submitted")
    assert not proposal_is_editable(submitted, people["ict_member"])


def test_financing_decision_amounts(org, people):
    p = in_state(org, people, "under_assessment")
    y = p.target_cycle.plan_year
    financing = FinancingDecision(proposal=p, payer=Payer.CENTRAL_FUND, budget_source="Kommungemensam IT-fond")
    with pytest.raises(ValidationError) as exc:
        financing_decision_save(financing=financing, amounts={y + 9: Decimal(5)}, actor=people["board_member"])
    assert exc.value.messages == [f"{y + 9} is outside the proposal's calculation period ({y}–{y + 4})."]
    financing_decision_save(
        financing=financing, amounts={y: Decimal(100), y + 1: Decimal(50)}, actor=people["board_member"]
    )
    assert financing.total == Decimal("150.00") and financing.decided_by == people["board_member"]
    with pytest.raises(PermissionDenied):
        financing_decision_save(financing=financing, amounts={}, actor=people["ict_member"])


def test_lists_my_groups_and_board_inbox(org, people):
    draft = ready_proposal(org, people)
    submitted = in_state(org, people, "submitted")
    other = ProposalFactory(owning_group=org.other_ict_group, state="submitted")
    assert set(proposals_of_my_groups(user=people["ict_member"])) == {draft, submitted}
    assert list(board_inbox(user=people["board_member"])) == [submitted]
    assert list(board_inbox(user=people["ict_member"])) == []
    assert set(proposal_list(user=people["outsider"])) == {submitted, other}


def test_proposal_list_query_count_does_not_grow(org, people, django_assert_num_queries):
    for _ in range(3):
        ready_proposal(org, people)
    user = people["board_member"]
    list(proposal_list(user=user))  # warm the per-request access cache
    with django_assert_num_queries(1):
        rows = [
            (p.owning_group.name, p.target_cycle.plan_year, p.author.username, p.total_cost)
            for p in proposal_list(user=user)
        ]
    assert len(rows) == 3
    for _ in range(3):
        ready_proposal(org, people)
    with django_assert_num_queries(1):
        assert len([p.owning_group.name for p in proposal_list(user=user)]) == 6


def test_project_and_programme_selectors(org, people):

    programme = ProgrammeFactory()
    p = in_state(org, people, "approved", programme=programme)
    ActualCost.objects.create(project=p.project, year=p.target_cycle.plan_year, amount=Decimal("120000"))
    row = project_list(user=people["outsider"]).get()
    assert row.actual_cost_total == Decimal("120000.00") and row.programme == programme
    y = p.target_cycle.plan_year
    plan = project_plan_vs_actual(project=project_get(user=people["outsider"], pk=p.project.pk))
    assert plan[0] == {
        "year": y,
        "planned_cost": Decimal("100000.00"),
        "planned_benefit": Decimal("0.00"),
        "actual_cost": Decimal("120000.00"),
    }
    prog = programme_list(user=people["outsider"]).get()
    assert (prog.project_count, prog.planned_cost, prog.actual_cost, prog.proposed_cost) == (
        1,
        Decimal("100000.00"),
        Decimal("120000.00"),
        Decimal("100000.00"),
    )


def test_admin_pages_and_transition_action(org, people, client_for):
    p = ready_proposal(org, people)
    admin_user = people["ict_member"]
    admin_user.is_staff = True
    admin_user.save()
    client = client_for(admin_user)
    assert client.get("/admin/portfolio/proposal/").status_code == 200
    assert client.get(f"/admin/portfolio/proposal/{p.pk}/change/").status_code == 200
    response = client.post("/admin/portfolio/proposal/", {"action": "transition_submit", "_selected_action": [p.pk]})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == "submitted"


def test_board_members_owe_assessment_by_the_inventory_deadline(org, people):

    p = in_state(org, people, "submitted")
    Milestone.objects.create(
        cycle=p.target_cycle,
        kind=MilestoneKind.INVENTORY,
        title="Inventering",
        ends_on=dt.date.today() + dt.timedelta(days=5),
        responsible="ict_groups",
    )
    owed = [o for o in obligations_for(today=dt.date.today()) if o.key == f"proposal:{p.pk}:assess"]
    assert [o.user_id for o in owed] == [people["board_member"].pk]
    assert obligations_for(today=dt.date.today(), user=people["ict_member"]) is not None
