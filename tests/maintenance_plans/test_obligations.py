"""Deadlines: who owes a maintenance plan, IT coordination told of overdue plans, contract reminders."""

from datetime import date, timedelta

from governance.models import MilestoneKind
from governance.obligations import obligations_for
from governance.services import budget_cycle_create
from maintenance_plans.models import Lifecycle, PlanState

from .factories import PlanFactory, SystemFactory


def keys(obligations, user):
    return sorted(o.key for o in obligations if o.user_id == user.pk and o.key.startswith("maintenance"))


def test_plans_owed_by_system_managers(org, people, manager, owner, settings):
    settings.MAINTENANCE_CONTRACT_REMINDER_DAYS = 1  # keep contract reminders out of this test
    cycle = budget_cycle_create(plan_year=2027)
    due = cycle.milestone(MilestoneKind.MAINTENANCE_PLANS_FILED).ends_on  # 2026-10-31
    missing = SystemFactory(name="Saknas", administration=org.administration, system_manager=manager)
    draft = SystemFactory(name="Utkast", administration=org.administration, system_manager=manager)
    PlanFactory(system=draft, plan_year=2027, state=PlanState.DRAFT)
    done = SystemFactory(name="Klar", administration=org.administration, system_manager=manager)
    PlanFactory(system=done, plan_year=2027, state=PlanState.SUBMITTED)
    SystemFactory(
        name="Pensionerad", administration=org.administration, system_manager=manager, lifecycle=Lifecycle.RETIRED
    )
    ownerless = SystemFactory(name="Ägarens", administration=org.administration, system_owner=owner)
    before = obligations_for(today=due - timedelta(days=10))
    assert keys(before, manager) == sorted([f"maintenance-plan:2027:{missing.pk}", f"maintenance-plan:2027:{draft.pk}"])
    assert keys(before, owner) == [f"maintenance-plan:2027:{ownerless.pk}"]
    assert all(o.due_on == due for o in before if o.user_id == manager.pk)
    assert keys(before, people["it_coordinator"]) == []  # not overdue yet
    after = obligations_for(today=due + timedelta(days=1), user=people["it_coordinator"])
    overdue = [o for o in after if o.key.startswith("maintenance-plans-overdue")]
    assert len(overdue) == 1 and "3 maintenance plans" in overdue[0].title
    mine = obligations_for(today=due - timedelta(days=10), user=manager)
    assert {o.user_id for o in mine} == {manager.pk} and len(mine) == 2


def test_contract_reminders_within_horizon(org, manager, owner, settings):
    settings.MAINTENANCE_CONTRACT_REMINDER_DAYS = 90
    today = date(2026, 3, 1)
    soon = SystemFactory(
        name="Snart",
        administration=org.administration,
        system_manager=manager,
        system_owner=owner,
        contract_end=today + timedelta(days=60),
    )
    SystemFactory(
        name="Sent", administration=org.administration, system_manager=manager, contract_end=today + timedelta(days=120)
    )
    SystemFactory(
        name="Pension",
        administration=org.administration,
        system_manager=manager,
        contract_end=today + timedelta(days=10),
        lifecycle=Lifecycle.RETIRED,
    )
    obligations = [o for o in obligations_for(today=today) if o.key.startswith("contract-end")]
    assert sorted(o.user_id for o in obligations) == sorted([manager.pk, owner.pk])
    assert all(o.key == f"contract-end:{soon.pk}:{soon.contract_end}" for o in obligations)
    assert obligations[0].is_due_soon(today)
