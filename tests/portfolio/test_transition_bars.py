"""The transition bars of the proposal, project and IT plan pages: exactly the allowed actions, each offered
the way its Transition says (posting directly or linking to its page); and the rules the pages used to
repeat (who may change the assessment, each IT plan step's permission) asked in one place."""

from types import SimpleNamespace

import pytest
from django.urls import resolve, reverse

from governance.exceptions import TransitionNotAllowed
from portfolio.itplan import views as itplan_views
from portfolio.itplan.services import itplan_assemble
from portfolio.itplan.workflows import ITPLAN_WORKFLOW
from portfolio.models import ProposalState
from portfolio.projects.workflows import PROJECT_WORKFLOW
from portfolio.proposals.workflows import PROPOSAL_WORKFLOW
from tests.conftest import ROLES
from tests.governance.factories import BudgetCycleFactory
from tests.governance.test_workflow import drawn

from .factories import in_state
from .test_itplan import Y, build_plan_world

S = ProposalState


def expected_bar(workflow, obj, user) -> dict[str, str]:
    return {t.action: "post" if t.posts_directly else "link" for t in workflow.allowed_actions(obj, user)}


@pytest.mark.parametrize("state", list(S))
def test_proposal_bar_is_the_allowed_actions_in_their_modes(client_for, org, people, state):
    proposal = in_state(org, people, state)
    for role in ("ict_member", "board_member", "leader", "it_coordinator"):
        response = client_for(people[role]).get(proposal.get_absolute_url())
        assert response.status_code == (200 if people[role].has_perm("portfolio.view_proposal", proposal) else 404)
        bar = drawn(response.content.decode())
        assert bar == expected_bar(PROPOSAL_WORKFLOW, proposal, people[role]), role
        for action in bar:
            assert reverse("portfolio:proposal-transition", args=[proposal.pk, action]) in response.content.decode()


def test_proposal_buttons_post_or_link_as_before(client_for, org, people):
    """The modes the old template spelled out, now read from the table."""
    modes = {t.action: t.posts_directly for t in PROPOSAL_WORKFLOW.transitions}
    assert modes == {
        "submit": True,
        "start_assessment": True,
        "recommend": True,
        "return": False,
        "reject": False,
        "defer": False,
        "approve": False,
        "withdraw": False,
    }
    draft = in_state(org, people, S.DRAFT)
    assert drawn(client_for(people["ict_member"]).get(draft.get_absolute_url()).content.decode()) == {
        "submit": "post",
        "withdraw": "link",
    }


@pytest.mark.parametrize("state", list(S))
def test_who_may_change_the_assessment_is_one_rule(client_for, org, people, state):
    """The page's assessment links, the recommendation page and the risk records ask the same question."""
    proposal = in_state(org, people, state)
    assessors = {r for r in ROLES if people[r].has_perm("portfolio.change_assessment", proposal)}
    assert assessors == ({"board_member"} if state in (S.SUBMITTED, S.UNDER_ASSESSMENT) else set())
    for perm in ("portfolio.add_risk", "portfolio.change_financingdecision"):
        assert {r for r in ROLES if people[r].has_perm(perm, proposal)} == assessors
    client = client_for(people["board_member"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert (reverse("portfolio:proposal-recommendation", args=[proposal.pk]) in page) is bool(assessors)
    assert client.get(reverse("portfolio:proposal-recommendation", args=[proposal.pk])).status_code == (
        200 if assessors else 403
    )


def test_defer_cycle_rule_is_the_transitions_own(org, people):
    """Applied straight through the workflow (not the proposal service), deferring to an earlier year is refused."""

    proposal = in_state(org, people, S.UNDER_ASSESSMENT)
    year = proposal.target_cycle.plan_year
    proposal.target_cycle = BudgetCycleFactory(plan_year=year - 1)
    with pytest.raises(TransitionNotAllowed) as exc:
        PROPOSAL_WORKFLOW.apply(
            proposal, "defer", actor=people["board_member"], comment="Vänta.", extra_fields=["target_cycle"]
        )
    assert exc.value.messages == [f"Defer to a plan year after {year}."]


# Projects ------------------------------------------------------------------------------------------


def test_project_bar_is_the_allowed_actions_in_their_modes(client_for, org, people):
    project = in_state(org, people, S.APPROVED).project
    for role in ("ict_member", "board_member", "it_coordinator", "outsider"):
        page = client_for(people[role]).get(project.get_absolute_url()).content.decode()
        assert drawn(page) == expected_bar(PROJECT_WORKFLOW, project, people[role]), role
    assert drawn(client_for(people["ict_member"]).get(project.get_absolute_url()).content.decode()) == {
        "complete": "link"
    }
    assert drawn(client_for(people["outsider"]).get(project.get_absolute_url()).content.decode()) == {}


# IT plans ------------------------------------------------------------------------------------------


def test_each_itplan_step_page_is_its_transitions_page():
    """The bar links each transition to the page whose view applies that same transition (and whose
    permission is therefore the transition's)."""

    plan = SimpleNamespace(plan_year=Y)
    for transition in ITPLAN_WORKFLOW.transitions:
        view = resolve(ITPLAN_WORKFLOW.url(plan, transition)).func.view_class
        assert issubclass(view, itplan_views._PlanActionView)
        assert view.action == transition.action
        assert not hasattr(view, "permission")


def test_itplan_bar_and_step_pages_follow_the_transitions(client_for, org, people):
    build_plan_world(org, people)
    plan = itplan_assemble(plan_year=Y, actor=people["it_coordinator"])
    detail = reverse("portfolio:itplan-detail", args=[Y])
    for role in ("it_coordinator", "leader"):
        page = client_for(people[role]).get(detail).content.decode()
        assert drawn(page) == expected_bar(ITPLAN_WORKFLOW, plan, people[role]), role
    assert drawn(client_for(people["it_coordinator"]).get(detail).content.decode()) == {"propose": "link"}
    for transition in ITPLAN_WORKFLOW.transitions:
        url = ITPLAN_WORKFLOW.url(plan, transition)
        for role in ("it_coordinator", "leader"):
            allowed = people[role].has_perm(transition.permission, plan)
            assert (client_for(people[role]).get(url).status_code == 403) is not allowed, (transition.action, role)
