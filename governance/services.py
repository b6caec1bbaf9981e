"""Writes that governance owns. Every state change of governance records goes through here."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .cycle_template import DEFAULT_MILESTONES
from .exceptions import ConcurrentEditError
from .models import BudgetCycle, Milestone, Notification, User
from .models.cycles import MilestoneKind
from .obligations import obligations_for


@transaction.atomic
def versioned_save(*, instance: models.Model, expected_version: int, fields: list[str] | None = None):
    """Save `instance` if nobody saved it since `expected_version` was read; bump the version.

    Raises ConcurrentEditError when the stored version differs. The row is locked while checking,
    so two stale saves cannot both pass.
    """
    model = type(instance)
    if instance.pk is not None:
        current = model.objects.select_for_update().values_list("version", flat=True).get(pk=instance.pk)
        if current != expected_version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this record while you were editing it. Your changes have not been saved: "
                    "open the record again to see the new version, then re-enter your changes."
                )
            )
        instance.version = current + 1
    instance.full_clean()
    instance.save(update_fields=[*fields, "version", "updated_at"] if fields else None)
    return instance


@transaction.atomic
def budget_cycle_create(*, plan_year: int, actor: User | None = None, **values) -> BudgetCycle:
    """Create the cycle for `plan_year` with milestones from the default template.

    Raises ValidationError if the year already has a cycle.
    """
    if BudgetCycle.objects.filter(plan_year=plan_year).exists():
        raise ValidationError({"plan_year": _("There is already a budget cycle for %(year)s.") % {"year": plan_year}})
    cycle = BudgetCycle(plan_year=plan_year, **values)
    cycle.full_clean()
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError:
        raise ValidationError(
            {"plan_year": _("There is already a budget cycle for %(year)s.") % {"year": plan_year}}
        ) from None
    milestones = []
    for template in DEFAULT_MILESTONES:
        starts_on, ends_on = template.dates(plan_year)
        milestones.append(
            Milestone(
                cycle=cycle,
                kind=template.kind,
                title=str(MilestoneKind(template.kind).label),
                starts_on=starts_on,
                ends_on=ends_on,
                responsible=template.responsible,
                remind_days_before=template.remind_days_before,
            )
        )
    Milestone.objects.bulk_create(milestones)
    return cycle


def notify(
    *,
    user: User,
    key: str,
    title: str,
    kind: str = Notification.Kind.INFO,
    url: str = "",
    due_on: date | None = None,
    email: bool = True,
) -> Notification | None:
    """Tell `user` about `key` once. Returns the new notification, or None if already told.

    The e-mail goes out after the surrounding transaction commits.
    """
    try:
        with transaction.atomic():
            note = Notification.objects.create(user=user, key=key, kind=kind, title=title[:300], url=url, due_on=due_on)
    except IntegrityError:
        return None
    if email and user.email:
        transaction.on_commit(lambda: _send_notification_email(note.pk))
    return note


def _send_notification_email(notification_id: int) -> None:
    note = Notification.objects.select_related("user").get(pk=notification_id)
    if note.emailed_at:
        return
    body = note.title
    if note.url:
        body += "\n\n" + settings.SITE_URL.rstrip("/") + note.url
    send_mail(subject=note.title[:120], message=body, from_email=None, recipient_list=[note.user.email])
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def deadline_reminders_send(*, today: date) -> int:
    """Tell everyone who owes something that is due soon or overdue; idempotent per (person, thing, kind)."""

    users = {}
    sent = 0
    for ob in obligations_for(today=today):
        if ob.is_overdue(today):
            kind, prefix = Notification.Kind.OVERDUE, _("Overdue")
        elif ob.is_due_soon(today):
            kind, prefix = Notification.Kind.DUE_SOON, _("Due %(date)s") % {"date": ob.due_on.isoformat()}
        else:
            continue
        if ob.user_id not in users:
            users[ob.user_id] = User.objects.get(pk=ob.user_id)
        if notify(
            user=users[ob.user_id], key=ob.key, kind=kind, title=f"{prefix}: {ob.title}", url=ob.url, due_on=ob.due_on
        ):
            sent += 1
    return sent
