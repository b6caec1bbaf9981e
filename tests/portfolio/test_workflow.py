from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from governance.exceptions import TransitionNotAllowed
from governance.models import Notification, StateChange
from portfolio.models import BaselineYear, BenefitFollowUp, FollowUpPhase, Project, ProjectState, ProposalState
from portfolio.projects.workflows import PROJECT_WORKFLOW, project_transition
from portfolio.proposals.services import cost_line_save
from portfolio.proposals.workflows import PROPOSAL_WORKFLOW, proposal_allowed_actions, proposal_transition
from tests.conftest import ROLES
from tests.governance.factories import BudgetCycleFactory

from .factories import CostLineFactory, ProposalFactory, add_assessment, in_state, ready_proposal

S = ProposalState

# Who may apply each transition to a proposal of org.ict_group (everyone else is refused).
ALLOWED = {
    "submit": {"ict_member", "ict_chair"},
    "start_assessment": {"board_member"},
    "return": {"board_member"},
    "recommend": {"board_member"},
    "reject": {"board_member"},
    "defer": {"board_member", "leader"},
    "approve": {"leader"},
    "withdraw": {"ict_member", "ict_chair"},
}
# A state each transition starts from in the test, with its preconditions met.
FROM = {
    "submit": S.DRAFT,
    "start_assessment": S.SUBMITTED,
    "return": S.UNDER_ASSESSMENT,
    "recommend": S.UNDER_ASSESSMENT,
    "reject": S.UNDER_ASSESSMENT,
    "defer": S.UNDER_ASSESSMENT,
    "approve": S.RECOMMENDED,
    "withdraw": S.SUBMITTED,
}


def test_table_covers_every_transition():
    assert set(ALLOWED) == {t.action for t in PROPOSAL_WORKFLOW.transitions} == set(FROM)


def _kwargs(action, proposal):
    extra = {"comment": "Motivering."}
    if action == "defer":
        extra["to_cycle"] = BudgetCycleFactory(plan_year=proposal.target_cycle.plan_year + 1)
    if action == "recommend":
        add_assessment(proposal)
        extra["recommendation"] = "Rekommenderas."
    return extra


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_transition_by_role(org, people, action, role):
    proposal = in_state(org, people, FROM[action])
    extra = _kwargs(action, proposal)
    transition = PROPOSAL_WORKFLOW.get(action)
    if role in ALLOWED[action]:
        result = proposal_transition(proposal=proposal, action=action, actor=people[role], **extra)
        assert result.state == transition.target
        change = StateChange.objects.filter(object_id=proposal.pk, action=action).get()
        assert (change.before, change.after, change.actor) == (FROM[action], transition.target, people[role])
        assert change.comment == "Motivering."
    else:
        with pytest.raises(PermissionDenied):
            proposal_transition(proposal=proposal, action=action, actor=people[role], **extra)
        proposal.refresh_from_db()
        assert proposal.state == FROM[action]


@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_transition_refused_from_other_states(org, people, action):
    transition = PROPOSAL_WORKFLOW.get(action)
    actor = people[sorted(ALLOWED[action])[0]]
    for state in set(S) - set(transition.sources):
        proposal = in_state(org, people, state)
        with pytest.raises(TransitionNotAllowed):
            proposal_transition(proposal=proposal, action=action, actor=actor, **_kwargs(action, proposal))
        proposal.refresh_from_db()
        assert proposal.state == state


def test_allowed_actions_follow_roles(org, people):
    proposal = in_state(org, people, S.UNDER_ASSESSMENT)
    assert {t.action for t in proposal_allowed_actions(proposal=proposal, user=people["board_member"])} == {
        "return",
        "recommend",
        "reject",
        "defer",
    }
    assert {t.action for t in proposal_allowed_actions(proposal=proposal, user=people["ict_member"])} == {"withdraw"}
    assert proposal_allowed_actions(proposal=proposal, user=people["outsider"]) == []


# Preconditions ----------------------------------------------------------------------------------------


def _submit_errors(proposal, people):
    with pytest.raises(TransitionNotAllowed) as exc:
        proposal_transition(proposal=proposal, action="submit", actor=people["ict_member"])
    return exc.value.messages


def test_submit_lists_every_missing_part(org, people):

    proposal = ProposalFactory(owning_group=org.ict_group, author=people["ict_member"])
    messages = _submit_errors(proposal, people)
    assert "Write the needs analysis." in messages
    assert "Complete the business analysis: describe today's process and tomorrow's process." in messages
    assert "Link the proposal to at least one strategic goal." in messages
    assert "Add the cost plan: at least one cost line." in messages
    assert any(m.startswith("Add the benefit calculation") for m in messages)
    proposal.refresh_from_db()
    assert proposal.state == S.DRAFT


def test_submit_requires_benefit_owner(org, people):
    proposal = ready_proposal(org, people)
    proposal.benefit_lines.update(owner=None)
    assert _submit_errors(proposal, people) == ["Every benefit line needs a benefit owner; missing on: year 1."]


def test_large_proposal_needs_process_mapping(org, people, settings):
    settings.PORTFOLIO_PROCUREMENT_THRESHOLD = 50_000
    proposal = ready_proposal(org, people, process_mapping="")
    assert _submit_errors(proposal, people) == [
        "Proposals costing more than 50000 SEK need a process-mapping statement."
    ]
    settings.PORTFOLIO_PROCUREMENT_THRESHOLD = 500_000
    assert proposal_transition(proposal=proposal, action="submit", actor=people["ict_member"]).state == S.SUBMITTED


def test_submit_refuses_lines_outside_a_shortened_period(org, people):
    proposal = ready_proposal(org, people)
    CostLineFactory(proposal=proposal, year=4)
    proposal.calculation_years = 3
    proposal.save()
    messages = _submit_errors(proposal, people)
    assert len(messages) == 1 and "outside the calculation period of 3 years" in messages[0]


def test_recommend_needs_risk_financing_and_recommendation(org, people):
    proposal = in_state(org, people, S.UNDER_ASSESSMENT)
    with pytest.raises(TransitionNotAllowed) as exc:
        proposal_transition(proposal=proposal, action="recommend", actor=people["board_member"])
    assert exc.value.messages == [
        "Record the board's risk assessment: at least one risk.",
        "Record the financing decision: who pays and from which budget.",
        "Write the board's recommendation.",
    ]


def test_return_requires_reason_and_shows_it(org, people):
    proposal = in_state(org, people, S.UNDER_ASSESSMENT)
    with pytest.raises(TransitionNotAllowed):
        proposal_transition(proposal=proposal, action="return", actor=people["board_member"], comment="  ")
    proposal = proposal_transition(
        proposal=proposal, action="return", actor=people["board_member"], comment="Kostnaderna saknar drift."
    )
    assert proposal.state == S.RETURNED and proposal.return_reason == "Kostnaderna saknar drift."
    proposal = proposal_transition(proposal=proposal, action="submit", actor=people["ict_member"])
    assert proposal.return_reason == ""


def test_defer_needs_a_later_cycle(org, people):
    proposal = in_state(org, people, S.UNDER_ASSESSMENT)
    with pytest.raises(TransitionNotAllowed):
        proposal_transition(proposal=proposal, action="defer", actor=people["board_member"], comment="Vänta.")
    with pytest.raises(TransitionNotAllowed):
        proposal_transition(
            proposal=proposal,
            action="defer",
            actor=people["board_member"],
            comment="Vänta.",
            to_cycle=proposal.target_cycle,
        )
    later = BudgetCycleFactory(plan_year=proposal.target_cycle.plan_year + 2)
    proposal = proposal_transition(
        proposal=proposal, action="defer", actor=people["board_member"], comment="Vänta.", to_cycle=later
    )
    proposal.refresh_from_db()
    assert proposal.state == S.DEFERRED and proposal.target_cycle == later
    # Deferred proposals come back to the board in the later cycle.
    proposal = proposal_transition(proposal=proposal, action="start_assessment", actor=people["board_member"])
    assert proposal.state == S.UNDER_ASSESSMENT


def test_approve_needs_procurement_case_when_buying_above_threshold(org, people, settings):
    settings.PORTFOLIO_PROCUREMENT_THRESHOLD = 50_000
    proposal = in_state(org, people, S.RECOMMENDED, buys_something=True)
    with pytest.raises(TransitionNotAllowed) as exc:
        proposal_transition(proposal=proposal, action="approve", actor=people["leader"])
    assert exc.value.messages == [
        "This proposal buys something for more than 50000 SEK: open a procurement case first."
    ]
    assert not Project.objects.exists()
    settings.PORTFOLIO_PROCUREMENT_THRESHOLD = 100_000  # total cost 100 000 is not above it
    assert proposal_transition(proposal=proposal, action="approve", actor=people["leader"]).state == S.APPROVED


# Editability after submission --------------------------------------------------------------------------


def test_figures_frozen_after_submission_and_reopened_by_return(org, people):
    proposal = in_state(org, people, S.SUBMITTED)
    line = proposal.cost_lines.get()
    line.amount = Decimal("1.00")
    with pytest.raises(PermissionDenied):
        cost_line_save(line=line, actor=people["ict_member"])
    line.refresh_from_db()
    assert line.amount == Decimal("100000.00")
    proposal = proposal_transition(proposal=proposal, action="return", actor=people["board_member"], comment="Ändra.")
    line.amount = Decimal("90000.00")
    cost_line_save(line=line, actor=people["ict_member"])
    proposal.refresh_from_db()
    assert proposal.total_cost == Decimal("90000.00")


# Approval creates the project with a frozen baseline ---------------------------------------------------


def test_approve_creates_project_with_frozen_baseline(org, people):
    proposal = in_state(org, people, S.APPROVED)
    project = proposal.project
    y = proposal.target_cycle.plan_year
    assert project.state == ProjectState.IN_PROGRESS and project.name == proposal.title
    # cost 100 000 in year 0, benefit 60 000 in year 1; NPV at 3 %: 60 000 / 1.03 − 100 000 = −41 747.57
    assert project.baseline_total_cost == Decimal("100000.00")
    assert project.baseline_total_benefit == Decimal("60000.00")
    assert project.baseline_npv == Decimal("-41747.57")
    rows = list(
        BaselineYear.objects.filter(project=project).values_list(
            "year", "cost", "investment", "benefit", "cash_releasing_benefit"
        )
    )
    assert rows == [
        (y, Decimal("100000.00"), Decimal("100000.00"), Decimal("0.00"), Decimal("0.00")),
        (y + 1, Decimal("0.00"), Decimal("0.00"), Decimal("60000.00"), Decimal("60000.00")),
        (y + 2, 0, 0, 0, 0),
        (y + 3, 0, 0, 0, 0),
        (y + 4, 0, 0, 0, 0),
    ]
    assert project.baseline["cost_lines"][0]["amount"] == "100000.00"
    assert project.baseline["results"]["base"]["npv"] == "-41747.57"
    # The plan cannot change any more, so the baseline stays what was approved.
    line = proposal.cost_lines.get()
    line.amount = Decimal("5.00")
    with pytest.raises(PermissionDenied):
        cost_line_save(line=line, actor=people["ict_member"])


def test_transitions_notify_who_owes_something(org, people, django_capture_on_commit_callbacks):
    proposal = ready_proposal(org, people)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(proposal=proposal, action="submit", actor=people["ict_member"])
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["board_member"]
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(proposal=proposal, action="return", actor=people["board_member"], comment="Komplettera.")
    assert set(
        Notification.objects.exclude(user__username="board_member").values_list("user__username", flat=True)
    ) == {"ict_member", "ict_chair"}


# Projects ----------------------------------------------------------------------------------------------


def test_project_lifecycle(org, people):

    project = in_state(org, people, S.APPROVED).project
    with pytest.raises(PermissionDenied):
        project_transition(project=project, action="complete", actor=people["outsider"])
    project = project_transition(project=project, action="complete", actor=people["ict_member"])
    assert project.state == ProjectState.COMPLETED and project.completed_on is not None
    with pytest.raises(TransitionNotAllowed) as exc:
        project_transition(project=project, action="follow_up", actor=people["ict_member"])
    assert exc.value.messages == ["Record the after-project follow-up of every benefit (1 missing)."]
    line = project.proposal.benefit_lines.get()
    BenefitFollowUp.objects.create(
        project=project, benefit_line=line, phase=FollowUpPhase.AFTER, realised_value=Decimal("55000")
    )
    project = project_transition(project=project, action="follow_up", actor=people["ict_member"])
    with pytest.raises(PermissionDenied):
        project_transition(project=project, action="close", actor=people["ict_member"])
    project = project_transition(project=project, action="close", actor=people["board_member"])
    assert project.state == ProjectState.CLOSED
    assert [t.action for t in PROJECT_WORKFLOW.transitions] == ["complete", "follow_up", "close"]
