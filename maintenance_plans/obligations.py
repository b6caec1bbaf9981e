"""What system managers and IT coordination owe: maintenance plans by the cycle's milestone, and
attention to contracts that run out. Registered with governance's obligation registry in apps.ready()."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import MilestoneKind, MunicipalRole, RoleAssignment
from governance.obligations import Obligation, registry

from .models import MaintenancePlan, PlanState, System

DEFAULT_CONTRACT_REMINDER_DAYS = 180
OWED_STATES = (PlanState.DRAFT, PlanState.RETURNED)


def contract_reminder_days() -> int:
    return int(getattr(settings, "MAINTENANCE_CONTRACT_REMINDER_DAYS", DEFAULT_CONTRACT_REMINDER_DAYS))


def systems_owing_plan(year: int):
    """Systems not retired whose plan for `year` is missing, a draft or returned."""
    return System.objects.active().exclude(
        maintenance_plans__plan_year=year, maintenance_plans__state__in=(PlanState.SUBMITTED, PlanState.ACCEPTED)
    )


def plans_owed(milestone, *, today: date, user=None) -> Iterable[Obligation]:
    """Each system manager (or, lacking one, the system owner) owes the plan of each of their systems
    that is missing or not yet submitted. Once overdue, IT coordination is told how many are missing."""
    year = milestone.cycle.plan_year
    systems = systems_owing_plan(year)
    if user is not None:
        systems = systems.filter(Q(system_manager=user) | Q(system_manager__isnull=True, system_owner=user))
    plan_ids = dict(MaintenancePlan.objects.filter(plan_year=year).values_list("system_id", "pk"))
    owing = list(systems.values_list("pk", "name", "system_manager_id", "system_owner_id"))
    for pk, name, manager_id, owner_id in owing:
        owner = manager_id or owner_id
        if owner is None:
            continue
        url = (
            reverse("maintenance_plans:plan-detail", args=[plan_ids[pk]])
            if pk in plan_ids
            else reverse("maintenance_plans:plan-create") + f"?system={pk}&year={year}"
        )
        yield Obligation(
            user_id=owner,
            key=f"maintenance-plan:{year}:{pk}",
            title=_("Maintenance plan %(year)s for %(system)s") % {"year": year, "system": name},
            due_on=milestone.ends_on,
            url=url,
            remind_days_before=milestone.remind_days_before,
        )
    if today > milestone.ends_on:
        missing = len(owing) if user is None else systems_owing_plan(year).count()
        if not missing:
            return
        coordinators = RoleAssignment.objects.active(today).filter(role=MunicipalRole.IT_COORDINATION)
        if user is not None:
            coordinators = coordinators.filter(user=user)
        url = reverse("maintenance_plans:dashboard") + f"?year={year}"
        for uid in set(coordinators.values_list("user_id", flat=True)):
            yield Obligation(
                user_id=uid,
                key=f"maintenance-plans-overdue:{milestone.pk}",
                title=_("%(n)s maintenance plans for %(year)s are overdue") % {"n": missing, "year": year},
                due_on=milestone.ends_on,
                url=url,
                remind_days_before=milestone.remind_days_before,
            )


def contracts_ending(*, today: date, user=None) -> Iterable[Obligation]:
    """The system manager and owner of each system whose contract ends within the reminder horizon
    must decide on renewal or procurement before the end date."""
    days = contract_reminder_days()
    systems = System.objects.active().contract_ending_between(today, today + timedelta(days=days))
    if user is not None:
        systems = systems.managed_by(user)
    for pk, name, end, manager_id, owner_id in systems.values_list(
        "pk", "name", "contract_end", "system_manager_id", "system_owner_id"
    ):
        for uid in {manager_id, owner_id} - {None}:
            yield Obligation(
                user_id=uid,
                key=f"contract-end:{pk}:{end.isoformat()}",
                title=_("The contract of %(system)s ends %(date)s: renew or procure")
                % {"system": name, "date": end.isoformat()},
                due_on=end,
                url=reverse("maintenance_plans:system-detail", args=[pk]),
                remind_days_before=days,
            )


def register() -> None:
    registry.milestone_source(MilestoneKind.MAINTENANCE_PLANS_FILED)(plans_owed)
    registry.source(contracts_ending)
