from datetime import date

from celery import shared_task
from django.utils import timezone

from .services import deadline_reminders_send


@shared_task(name="governance.tasks.send_deadline_reminders")
def send_deadline_reminders(today: str | None = None) -> int:
    """Daily: remind whoever owes something N days before a milestone and when it is overdue."""

    day = date.fromisoformat(today) if today else timezone.localdate()
    return deadline_reminders_send(today=day)
