"""The reminder task through a real Celery worker and the local Redis broker, as production runs it.

The worker runs in a thread of this process (celery.contrib.testing.worker.start_worker) and talks to
the database through its own connection, so the test commits its data (`transactional_db`). On SQLite
the test database is a shared-cache in-memory database, which every thread's connection sees.
Skipped, with the reason, where Redis does not answer.
"""

import datetime as dt

import pytest
from celery.result import AsyncResult, EagerResult
from django.core import mail

from governance.models import MilestoneKind, Notification
from governance.services import budget_cycle_create
from governance.tasks import send_deadline_reminders

pytestmark = pytest.mark.broker


def test_reminders_through_a_real_worker(transactional_db, org, people, redis_worker_app):
    cycle = budget_cycle_create(plan_year=2028)
    # 20 March 2027 (worked out in test_tasks.py): the inventory is overdue for the ICT-group convener;
    # budget priorities (leadership) and the compiled inventory (IT coordination) are due within 14 days.
    result = send_deadline_reminders.delay("2027-03-20")
    assert isinstance(result, AsyncResult) and not isinstance(result, EagerResult)  # really sent to the broker
    assert result.get(timeout=30) == 3
    result.forget()
    m = {x.kind: x.pk for x in cycle.milestones.all()}
    names = {u.pk: key for key, u in people.items()}
    told = {(names[n.user_id], n.key, n.kind) for n in Notification.objects.all()}
    assert told == {
        ("ict_chair", f"milestone:{m[MilestoneKind.INVENTORY]}", Notification.Kind.OVERDUE),
        ("leader", f"milestone:{m[MilestoneKind.BUDGET_PRIORITIES]}", Notification.Kind.DUE_SOON),
        ("it_coordinator", f"milestone:{m[MilestoneKind.INVENTORY_PRESENTED]}", Notification.Kind.DUE_SOON),
    }
    assert len(mail.outbox) == 3
    # the same day again, through the worker: nothing is told twice
    again = send_deadline_reminders.delay(dt.date(2027, 3, 20).isoformat())
    assert again.get(timeout=30) == 0
    again.forget()
    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3
