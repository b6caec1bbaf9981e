"""The daily reminder task with time frozen: who is told what, by notification and e-mail, and only once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from governance.models import MilestoneKind, Notification
from governance.services import budget_cycle_create
from governance.tasks import send_deadline_reminders

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
Kind = Notification.Kind


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 6, 30, tzinfo=STOCKHOLM), tick=False)


@pytest.fixture
def setting(org, people):
    """Plan year 2028; the people hold their seats from November 2025 (a year before the suite's TODAY)."""
    return budget_cycle_create(plan_year=2028), people


def told(people):
    names = {u.pk: key for key, u in people.items()}
    return {(names[n.user_id], n.key, n.kind) for n in Notification.objects.all()}


@pytest.fixture
def run_task(django_capture_on_commit_callbacks):
    def run(day: dt.date | None = None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return send_deadline_reminders(day.isoformat() if day else None)

    return run


def test_due_soon_and_overdue_are_told_once_by_notification_and_email(setting, run_task):
    cycle, people = setting
    m = {x.kind: x for x in cycle.milestones.all()}
    with at(dt.date(2027, 3, 20)):
        # 20 March 2027: the inventory (31 Dec 2026) is overdue for the ICT-group convener; budget
        # priorities (leadership) and the compiled inventory (IT coordination), both due 31 March, are
        # within their 14 days; the proposal (30 April) is not yet (reminders from 16 April).
        assert run_task() == 3
    expected = {
        ("ict_chair", f"milestone:{m[MilestoneKind.INVENTORY].pk}", Kind.OVERDUE),
        ("leader", f"milestone:{m[MilestoneKind.BUDGET_PRIORITIES].pk}", Kind.DUE_SOON),
        ("it_coordinator", f"milestone:{m[MilestoneKind.INVENTORY_PRESENTED].pk}", Kind.DUE_SOON),
    }
    assert told(people) == expected
    assert sorted(e.to[0] for e in mail.outbox) == sorted(
        people[k].email for k in ("ict_chair", "leader", "it_coordinator")
    )
    assert all(n.emailed_at is not None for n in Notification.objects.all())
    leader_note = Notification.objects.get(user=people["leader"])
    assert leader_note.due_on == dt.date(2027, 3, 31)
    assert leader_note.url == cycle.get_absolute_url()
    assert "2027-03-31" in leader_note.title

    with at(dt.date(2027, 3, 20)):  # run twice: nothing new
        assert run_task() == 0
    assert told(people) == expected
    assert len(mail.outbox) == 3


def test_later_runs_tell_what_became_due_or_overdue(setting, run_task):
    cycle, people = setting
    m = {x.kind: x for x in cycle.milestones.all()}
    with at(dt.date(2027, 3, 20)):
        assert run_task() == 3
    with at(dt.date(2027, 4, 20)):
        # 20 April: budget priorities and the compiled inventory are now overdue (a new kind of message for
        # the same people), the proposal is due within 14 days; the inventory was already told as overdue.
        assert run_task() == 3
        assert run_task() == 0
    new = {
        ("leader", f"milestone:{m[MilestoneKind.BUDGET_PRIORITIES].pk}", Kind.OVERDUE),
        ("it_coordinator", f"milestone:{m[MilestoneKind.INVENTORY_PRESENTED].pk}", Kind.OVERDUE),
        ("board_member", f"milestone:{m[MilestoneKind.PROPOSAL_READY].pk}", Kind.DUE_SOON),
    }
    assert new <= told(people)
    assert Notification.objects.count() == 6
    assert len(mail.outbox) == 6


def test_completed_milestones_are_not_reminded(setting, run_task):
    cycle, people = setting
    cycle.milestones.filter(kind__in=[MilestoneKind.INVENTORY, MilestoneKind.BUDGET_PRIORITIES]).update(
        completed_on=dt.date(2027, 3, 1)
    )
    with at(dt.date(2027, 3, 20)):
        assert run_task() == 1
    assert {key for key, _, _ in told(people)} == {"it_coordinator"}


def test_nothing_due_tells_nobody(setting, run_task):
    cycle, people = setting
    cycle.milestones.update(completed_on=dt.date(2026, 12, 31))
    with at(dt.date(2027, 3, 20)):
        assert run_task() == 0
    assert mail.outbox == []


def test_the_day_can_be_given_and_people_without_email_get_only_the_notification(setting, run_task):
    cycle, people = setting
    people["leader"].email = ""
    people["leader"].save()
    assert run_task(dt.date(2027, 3, 20)) == 3
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(user=people["leader"], emailed_at__isnull=True).count() == 1
