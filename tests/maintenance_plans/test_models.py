"""Budget-line validation, calculations, constraints, rules and classification upkeep."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maintenance_plans.calculations import MAX_AMOUNT, change_share, staff_cost
from maintenance_plans.models import CostType, MaintenancePlan, PlanBudgetLine, PlanState
from maintenance_plans.services import information_type_add, system_refresh_classification

from .factories import InformationTypeFactory, PlanFactory, SystemFactory


def test_staff_cost_is_hours_times_rate_rounded():
    assert staff_cost(Decimal("120"), Decimal("450")) == Decimal("54000.00")
    assert staff_cost(Decimal("0.5"), Decimal("333.33")) == Decimal("166.67")  # 166.665 rounds half up


def test_change_share():
    assert change_share(Decimal(110), Decimal(100)) == Decimal("0.1000")
    assert change_share(Decimal(5), Decimal(0)) is None


@pytest.mark.django_db
def test_staff_line_amount_is_computed():
    line = PlanBudgetLine(
        plan=PlanFactory(),
        cost_type=CostType.STAFF,
        hours=Decimal("200"),
        hourly_rate=Decimal("450"),
        amount=Decimal("1"),
    )
    line.full_clean()
    assert line.amount == Decimal("90000.00")


@pytest.mark.django_db
def test_staff_line_needs_hours_and_rate():
    line = PlanBudgetLine(plan=PlanFactory(), cost_type=CostType.STAFF)
    with pytest.raises(ValidationError) as exc:
        line.full_clean()
    assert {"hours", "hourly_rate"} <= set(exc.value.message_dict)


@pytest.mark.django_db
def test_non_staff_line_drops_hours():
    line = PlanBudgetLine(
        plan=PlanFactory(), cost_type=CostType.SUPPORT, hours=Decimal(3), hourly_rate=Decimal(2), amount=Decimal("5000")
    )
    line.full_clean()
    assert (line.hours, line.hourly_rate, line.amount) == (None, None, Decimal("5000"))


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("-1"), MAX_AMOUNT + 1])
def test_negative_or_absurd_amount_refused(amount):
    line = PlanBudgetLine(plan=PlanFactory(), cost_type=CostType.LICENCES, amount=amount)
    with pytest.raises(ValidationError) as exc:
        line.full_clean()
    assert "amount" in exc.value.message_dict


@pytest.mark.django_db
def test_absurd_staff_hours_times_rate_refused():
    line = PlanBudgetLine(
        plan=PlanFactory(), cost_type=CostType.STAFF, hours=Decimal("20001"), hourly_rate=Decimal("5000")
    )
    with pytest.raises(ValidationError) as exc:
        line.full_clean()
    assert "hours" in exc.value.message_dict


@pytest.mark.django_db
def test_database_refuses_negative_amount():
    plan = PlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanBudgetLine.objects.create(plan=plan, cost_type=CostType.LICENCES, amount=Decimal("-5"))


@pytest.mark.django_db
def test_one_plan_per_system_and_year_in_the_database():
    plan = PlanFactory(plan_year=2027)
    with pytest.raises(IntegrityError), transaction.atomic():
        MaintenancePlan.objects.create(system=plan.system, plan_year=2027)
    MaintenancePlan.objects.create(system=plan.system, plan_year=2028)  # another year is fine


@pytest.mark.django_db
def test_max_classification_follows_information_types(org):
    system = SystemFactory(administration=org.administration)
    information_type_add(system=system, name="Journal", levels=(3, 2, 2, 1), personal_data=True)
    information_type_add(system=system, name="Statistik", levels=(0, 1, 1, 0))
    system.refresh_from_db()
    assert (system.max_classification, system.personal_data) == (3, True)
    InformationTypeFactory(system=system, name="Larm", confidentiality=0, integrity=4, availability=0, traceability=0)
    system_refresh_classification(system=system)
    system.refresh_from_db()
    assert system.max_classification == 4


def test_rules_system_edit(people, manager, owner, system):
    assert manager.has_perm("maintenance_plans.change_system", system)
    assert owner.has_perm("maintenance_plans.change_system", system)
    assert people["it_coordinator"].has_perm("maintenance_plans.change_system", system)
    assert not people["ict_member"].has_perm("maintenance_plans.change_system", system)
    assert not people["outsider"].has_perm("maintenance_plans.change_system", system)
    assert not manager.has_perm("maintenance_plans.add_system")
    assert people["it_coordinator"].has_perm("maintenance_plans.import_system")
    assert not manager.has_perm("maintenance_plans.import_system")


@pytest.mark.parametrize(
    ("state", "editable"),
    [(PlanState.DRAFT, True), (PlanState.RETURNED, True), (PlanState.SUBMITTED, False), (PlanState.ACCEPTED, False)],
)
def test_rules_plan_edit_only_while_draft_or_returned(state, editable, people, manager, system):
    plan = PlanFactory(system=system, state=state)
    assert manager.has_perm("maintenance_plans.change_maintenanceplan", plan) is editable
    assert people["it_coordinator"].has_perm("maintenance_plans.change_maintenanceplan", plan) is editable
    assert not people["outsider"].has_perm("maintenance_plans.change_maintenanceplan", plan)
