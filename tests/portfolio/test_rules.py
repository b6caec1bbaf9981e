import pytest
from django.contrib.auth.models import AnonymousUser

from governance.rules import forget_access
from portfolio.models import Proposal, ProposalState
from tests.conftest import ROLES

from .factories import ProposalFactory, in_state

S = ProposalState


@pytest.fixture
def proposals(org, people):
    """One proposal of org.ict_group in every state, plus drafts and a submitted one of the other group."""
    made = [in_state(org, people, state) for state in S]
    other = ProposalFactory(owning_group=org.other_ict_group, author=people["other_ict_member"])
    made.append(other)
    made.append(
        ProposalFactory(
            owning_group=org.other_ict_group,
            author=people["other_ict_member"],
            state=S.SUBMITTED,
            submitted_at="2025-01-01T00:00Z",
        )
    )
    made.append(ProposalFactory(owning_group=org.other_ict_group, state=S.WITHDRAWN))  # never submitted
    return made


@pytest.mark.parametrize("role", ROLES)
def test_visible_to_agrees_with_view_predicate(proposals, people, role):
    user = people[role]
    forget_access(user)
    visible = set(Proposal.objects.visible_to(user).values_list("pk", flat=True))
    allowed = {p.pk for p in proposals if user.has_perm("portfolio.view_proposal", p)}
    assert visible == allowed


def test_drafts_are_private_to_group_board_and_coordination(org, people):
    draft = in_state(org, people, S.DRAFT)
    submitted = in_state(org, people, S.SUBMITTED)
    readers = {r for r in ROLES if people[r].has_perm("portfolio.view_proposal", draft)}
    assert readers == {"ict_member", "ict_chair", "board_member", "it_coordinator", "admin"}
    assert all(people[r].has_perm("portfolio.view_proposal", submitted) for r in ROLES)


def test_anonymous_sees_nothing(proposals):

    assert not Proposal.objects.visible_to(AnonymousUser()).exists()
    assert not AnonymousUser().has_perm("portfolio.view_proposal", proposals[1])


@pytest.mark.parametrize("state", list(S))
def test_edit_only_by_owning_group_while_draft_or_returned(org, people, state):
    proposal = in_state(org, people, state)
    editors = {r for r in ROLES if people[r].has_perm("portfolio.change_proposal", proposal)}
    expected = {"ict_member", "ict_chair"} if state in (S.DRAFT, S.RETURNED) else set()
    assert editors == expected
    line_editors = {r for r in ROLES if people[r].has_perm("portfolio.change_costline", proposal.cost_lines.get())}
    assert line_editors == expected


@pytest.mark.parametrize("state", list(S))
def test_assessment_records_only_by_board_while_assessing(org, people, state):
    proposal = in_state(org, people, state)
    assessors = {r for r in ROLES if people[r].has_perm("portfolio.add_risk", proposal)}
    expected = {"board_member"} if state in (S.SUBMITTED, S.UNDER_ASSESSMENT) else set()
    assert assessors == expected


def test_permission_names(org, people):
    proposal = in_state(org, people, S.RECOMMENDED)
    who = {
        perm: {r for r in ROLES if people[r].has_perm(perm, proposal)}
        for perm in (
            "portfolio.submit_proposal",
            "portfolio.assess_proposal",
            "portfolio.defer_proposal",
            "portfolio.approve_proposal",
            "portfolio.withdraw_proposal",
            "portfolio.delete_proposal",
        )
    }
    assert who == {
        "portfolio.submit_proposal": {"ict_member", "ict_chair"},
        "portfolio.assess_proposal": {"board_member"},
        "portfolio.defer_proposal": {"board_member", "leader"},
        "portfolio.approve_proposal": {"leader"},
        "portfolio.withdraw_proposal": {"ict_member", "ict_chair"},
        "portfolio.delete_proposal": {"admin"},
    }


def test_add_proposal_in_own_ict_group_only(org, people):
    assert people["ict_member"].has_perm("portfolio.add_proposal", org.ict_group)
    assert not people["ict_member"].has_perm("portfolio.add_proposal", org.other_ict_group)
    assert not people["board_member"].has_perm("portfolio.add_proposal", org.board)
    assert {r for r in ROLES if people[r].has_perm("portfolio.add_proposal")} == {
        "ict_member",
        "ict_chair",
        "other_ict_member",
    }


def test_project_permissions(org, people):
    project = in_state(org, people, S.APPROVED).project
    managers = {r for r in ROLES if people[r].has_perm("portfolio.add_statusreport", project)}
    assert managers == {"ict_member", "ict_chair", "board_member", "it_coordinator", "admin"}
    closers = {r for r in ROLES if people[r].has_perm("portfolio.close_project", project)}
    assert closers == {"board_member", "it_coordinator", "admin"}
    assert all(people[r].has_perm("portfolio.view_project", project) for r in ROLES)
