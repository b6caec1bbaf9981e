"""The plan's transition table × roles, retired systems, reasons, reopening and copying last year's plan."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governance.exceptions import TransitionNotAllowed
from governance.models import StateChange
from maintenance_plans.models import Lifecycle, MaintenancePlan, PlanState
from maintenance_plans.services import plan_create
from maintenance_plans.workflows import PLAN_WORKFLOW, plan_allowed_actions, plan_transition
from tests.governance.test_workflow import drawn

from .factories import ActivityFactory, BudgetLineFactory, PlanFactory

S = PlanState
# (action, from state, role, allowed)
CASES = [
    ("submit", S.DRAFT, "manager", True),
    ("submit", S.DRAFT, "owner", True),
    ("submit", S.DRAFT, "it_coordinator", True),
    ("submit", S.RETURNED, "manager", True),
    ("submit", S.DRAFT, "ict_member", False),
    ("submit", S.DRAFT, "outsider", False),
    ("submit", S.DRAFT, "leader", False),
    ("accept", S.SUBMITTED, "it_coordinator", True),
    ("accept", S.SUBMITTED, "admin", True),
    ("accept", S.SUBMITTED, "manager", False),
    ("accept", S.SUBMITTED, "owner", False),
    ("accept", S.SUBMITTED, "board_member", False),
    ("return", S.SUBMITTED, "it_coordinator", True),
    ("return", S.SUBMITTED, "manager", False),
    ("reopen", S.ACCEPTED, "it_coordinator", True),
    ("reopen", S.ACCEPTED, "manager", False),
    ("reopen", S.ACCEPTED, "owner", False),
]
TARGET = {"submit": S.SUBMITTED, "accept": S.ACCEPTED, "return": S.RETURNED, "reopen": S.DRAFT}


def actor_for(role, people, manager, owner):
    return {"manager": manager, "owner": owner}.get(role) or people[role]


@pytest.mark.parametrize(("action", "state", "role", "allowed"), CASES)
def test_transition_table(action, state, role, allowed, people, manager, owner, system):
    plan = PlanFactory(system=system, state=state)
    actor = actor_for(role, people, manager, owner)
    assert (action in [t.action for t in plan_allowed_actions(plan=plan, user=actor)]) is allowed
    if allowed:
        plan = plan_transition(plan=plan, action=action, actor=actor, comment="Skäl")
        assert plan.state == TARGET[action]
        change = StateChange.objects.get(object_id=plan.pk)
        assert (change.before, change.after, change.actor_id) == (state, TARGET[action], actor.pk)
    else:
        with pytest.raises(PermissionDenied):
            plan_transition(plan=plan, action=action, actor=actor, comment="Skäl")
        assert MaintenancePlan.objects.get(pk=plan.pk).state == state


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("accept", S.DRAFT),
        ("return", S.ACCEPTED),
        ("reopen", S.SUBMITTED),
        ("submit", S.SUBMITTED),
        ("submit", S.ACCEPTED),
    ],
)
def test_wrong_source_state_is_refused(action, state, people, system):
    plan = PlanFactory(system=system, state=state)
    with pytest.raises(TransitionNotAllowed):
        plan_transition(plan=plan, action=action, actor=people["it_coordinator"], comment="x")


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_return_and_reopen_need_a_reason(action, people, system):
    plan = PlanFactory(system=system, state=S.SUBMITTED if action == "return" else S.ACCEPTED)
    with pytest.raises(TransitionNotAllowed):
        plan_transition(plan=plan, action=action, actor=people["it_coordinator"], comment="  ")


def test_return_keeps_the_reason_and_resubmit_clears_it(people, manager, system):
    plan = PlanFactory(system=system, state=S.SUBMITTED)
    plan = plan_transition(plan=plan, action="return", actor=people["it_coordinator"], comment="Budget saknas")
    assert plan.return_reason == "Budget saknas"
    plan = plan_transition(plan=plan, action="submit", actor=manager)
    assert (plan.state, plan.return_reason) == (S.SUBMITTED, "")


def test_submit_needs_goals(manager, system):
    plan = PlanFactory(system=system, goals="")
    with pytest.raises(TransitionNotAllowed) as exc:
        plan_transition(plan=plan, action="submit", actor=manager)
    assert "goals" in str(exc.value)


def test_submit_refused_for_retired_system(manager, system):
    plan = PlanFactory(system=system)
    system.lifecycle = Lifecycle.RETIRED
    system.save()
    with pytest.raises(TransitionNotAllowed):
        plan_transition(plan=MaintenancePlan.objects.get(pk=plan.pk), action="submit", actor=manager)


def test_plan_for_retired_system_refused(people, system):
    system.lifecycle = Lifecycle.RETIRED
    system.save()
    with pytest.raises(ValidationError, match="retired"):
        plan_create(system=system, plan_year=2027, actor=people["it_coordinator"])
    assert not MaintenancePlan.objects.exists()


def test_second_plan_same_year_refused(manager, system):
    plan_create(system=system, plan_year=2027, actor=manager)
    with pytest.raises(ValidationError, match="already has a maintenance plan"):
        plan_create(system=system, plan_year=2027, actor=manager)
    assert MaintenancePlan.objects.count() == 1


def test_outsider_may_not_start_a_plan(people, system):
    with pytest.raises(PermissionDenied):
        plan_create(system=system, plan_year=2027, actor=people["outsider"])


def test_copy_of_last_years_plan(manager, system):
    old = PlanFactory(system=system, plan_year=2026, goals="Mål 2026", risks="Risk", state=S.ACCEPTED)
    ActivityFactory(plan=old, quarter=2, description="Uppgradering", estimate=Decimal("50000"))
    BudgetLineFactory(plan=old, cost_type="licences", amount=Decimal("120000"))
    BudgetLineFactory(
        plan=old, cost_type="staff", hours=Decimal("100"), hourly_rate=Decimal("450"), amount=Decimal("45000")
    )
    plan = plan_create(system=system, plan_year=2027, actor=manager, copy_previous=True)
    assert (plan.state, plan.goals, plan.risks, plan.copied_from_id) == (S.DRAFT, "Mål 2026", "Risk", old.pk)
    assert [(a.quarter, a.description) for a in plan.activities.all()] == [(2, "Uppgradering")]
    assert sorted(b.amount for b in plan.budget_lines.all()) == [Decimal("45000"), Decimal("120000")]
    assert old.budget_lines.count() == 2  # the old plan is untouched


def test_copy_without_earlier_plan_refused(manager, system):
    with pytest.raises(ValidationError, match="no earlier plan"):
        plan_create(system=system, plan_year=2027, actor=manager, copy_previous=True)


@pytest.mark.parametrize("state", list(S))
def test_plan_page_draws_the_allowed_actions_with_their_comment_fields(state, people, manager, client_for, system):
    """One bar for every lifecycle: here every action posts from the page, a reason field where one is required."""

    plan = PlanFactory(system=system, state=state)
    for user in (manager, people["it_coordinator"], people["outsider"]):
        response = client_for(user).get(plan.get_absolute_url())
        if response.status_code == 404:
            continue
        page = response.content.decode()
        allowed = plan_allowed_actions(plan=plan, user=user)
        assert drawn(page) == {t.action: "post" for t in allowed}
        for t in allowed:
            form = re.search(rf'data-transition="{t.action}">(.*?)</form>', page, re.S)[1]
            assert (
                re.search(r'<textarea[^>]*name="comment"[^>]*required', form)
                if t.requires_comment
                else 'placeholder="Comment (optional)"' in form
            )
    assert all(t.posts_directly and t.asks_comment for t in PLAN_WORKFLOW.transitions)
