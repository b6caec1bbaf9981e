"""Governance services: budget-cycle generation, versioned saves, notifications."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from governance.exceptions import ConcurrentEditError
from governance.models import BudgetCycle, Milestone, MilestoneKind, Notification, Strategy
from governance.models.cycles import Responsible
from governance.services import budget_cycle_create, notifications_mark_read, notify, versioned_save

from .factories import StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date

# DESIGN §4 for plan year Y = 2028, worked out by hand:
# (kind, starts_on, ends_on, who)
EXPECTED_2028 = [
    (MilestoneKind.INVENTORY, D(2026, 10, 1), D(2026, 12, 31), Responsible.ICT_GROUPS),  # Oct 1 – Dec 31, Y-2
    (MilestoneKind.BUDGET_PRIORITIES, D(2027, 2, 1), D(2027, 3, 31), Responsible.LEADERSHIP),  # Feb 1 – Mar 31, Y-1
    (MilestoneKind.INVENTORY_PRESENTED, None, D(2027, 3, 31), Responsible.IT_COORDINATION),  # by Mar 31, Y-1
    (MilestoneKind.PROPOSAL_READY, None, D(2027, 4, 30), Responsible.BOARDS),  # Apr 30, Y-1
    (MilestoneKind.MAINTENANCE_PLANS_FILED, None, D(2027, 10, 31), Responsible.SYSTEM_MANAGERS),  # Oct 31, Y-1
    (MilestoneKind.LOCK, None, D(2027, 10, 31), Responsible.LEADERSHIP),  # Oct 31, Y-1
    (MilestoneKind.IT_PLAN_APPROVED, D(2027, 11, 1), D(2027, 12, 31), Responsible.LEADERSHIP),  # after lock, before Y
    (MilestoneKind.FOLLOW_UP, D(2028, 10, 1), D(2028, 11, 30), Responsible.LEADERSHIP),  # Oct 1 – Nov 30, Y
]


def test_cycle_milestones_follow_the_default_template():
    cycle = budget_cycle_create(plan_year=2028)
    got = sorted((m.kind, m.starts_on, m.ends_on, m.responsible) for m in cycle.milestones.all())
    assert got == sorted(EXPECTED_2028)
    assert cycle.discount_rate == Decimal("0.03")
    assert cycle.hourly_rate == Decimal(450)
    titles = {m.kind: m.title for m in cycle.milestones.all()}
    assert titles[MilestoneKind.LOCK] == str(MilestoneKind.LOCK.label)


def test_cycle_milestone_dates_are_in_order_and_lock_precedes_approval():
    cycle = budget_cycle_create(plan_year=2028)
    lock = cycle.milestone(MilestoneKind.LOCK)
    approval = cycle.milestone(MilestoneKind.IT_PLAN_APPROVED)
    assert approval.starts_on > lock.ends_on
    assert approval.ends_on < D(2028, 1, 1)
    for m in cycle.milestones.all():
        m.full_clean()
    assert not cycle.is_locked(D(2027, 10, 31))
    assert cycle.is_locked(D(2027, 11, 1))


def test_cycle_milestone_reminder_lead_times():
    cycle = budget_cycle_create(plan_year=2028)
    lead = {m.kind: m.remind_days_before for m in cycle.milestones.all()}
    assert lead[MilestoneKind.INVENTORY] == 30
    assert lead[MilestoneKind.MAINTENANCE_PLANS_FILED] == 30
    assert lead[MilestoneKind.LOCK] == 14


def test_cycle_values_are_stored():
    cycle = budget_cycle_create(
        plan_year=2029, discount_rate=Decimal("0.04"), hourly_rate=Decimal(520), notes="Andra året"
    )
    cycle.refresh_from_db()
    assert (cycle.discount_rate, cycle.hourly_rate, cycle.notes) == (Decimal("0.04"), Decimal(520), "Andra året")
    assert cycle.milestone(MilestoneKind.FOLLOW_UP).ends_on == D(2029, 11, 30)


def test_second_cycle_for_the_same_year_is_refused():
    budget_cycle_create(plan_year=2028)
    with pytest.raises(ValidationError) as err:
        budget_cycle_create(plan_year=2028)
    assert "plan_year" in err.value.message_dict
    assert BudgetCycle.objects.count() == 1
    assert Milestone.objects.count() == len(EXPECTED_2028)


def test_invalid_cycle_creates_nothing():
    with pytest.raises(ValidationError) as err:
        budget_cycle_create(plan_year=2028, discount_rate=Decimal("0.5"))
    assert "discount_rate" in err.value.message_dict
    assert not BudgetCycle.objects.exists()
    assert not Milestone.objects.exists()


# Versioned saves ------------------------------------------------------------------------------


def test_versioned_save_bumps_the_version():
    strategy = StrategyFactory()
    assert strategy.version == 1
    strategy.description = "Ny text"
    versioned_save(instance=strategy, expected_version=1)
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.version, stored.description) == (2, "Ny text")


def test_stale_save_is_refused_and_keeps_the_first_save():
    strategy = StrategyFactory()
    first = Strategy.objects.get(pk=strategy.pk)
    second = Strategy.objects.get(pk=strategy.pk)
    first.description = "Först"
    versioned_save(instance=first, expected_version=1)
    second.description = "Sedan"
    with pytest.raises(ConcurrentEditError):
        versioned_save(instance=second, expected_version=1)
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.version, stored.description) == (2, "Först")
    # the refused edit is still in memory for the form to show again
    assert second.description == "Sedan"


def test_versioned_save_with_fields_saves_only_those():
    strategy = StrategyFactory(description="Gammal")
    strategy.description = "Ny"
    strategy.title = "Annan titel"
    versioned_save(instance=strategy, expected_version=1, fields=["description"])
    stored = Strategy.objects.get(pk=strategy.pk)
    assert (stored.description, stored.version) == ("Ny", 2)
    assert stored.title != "Annan titel"


def test_versioned_save_validates():
    strategy = StrategyFactory()
    strategy.revision_interval_years = 0
    with pytest.raises(ValidationError):
        versioned_save(instance=strategy, expected_version=1)
    assert Strategy.objects.get(pk=strategy.pk).version == 1


# Notifications --------------------------------------------------------------------------------


def test_notify_tells_each_person_each_thing_once(django_capture_on_commit_callbacks):
    user = UserFactory(email="karin@kommun.example")
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(user=user, key="x:1", title="Något att göra", url="/cycles/1/")
        again = notify(user=user, key="x:1", title="Något att göra")
    assert first is not None and again is None
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karin@kommun.example"]
    assert mail.outbox[0].body.endswith("/cycles/1/")
    first.refresh_from_db()
    assert first.emailed_at is not None


def test_notify_without_email_address_sends_no_mail(django_capture_on_commit_callbacks):
    user = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(user=user, key="x:1", title="Något") is not None
    assert mail.outbox == []


def test_notifications_mark_read_counts_only_unread():
    user, other = UserFactory(), UserFactory()
    notify(user=user, key="a", title="A", email=False)
    notify(user=user, key="b", title="B", email=False)
    notify(user=other, key="a", title="A", email=False)
    assert notifications_mark_read(user=user) == 2
    assert notifications_mark_read(user=user) == 0
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 1
