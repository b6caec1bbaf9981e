"""Writes of the system register and maintenance plans. Views, commands, imports and tests call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance.services import versioned_save

from .models import InformationType, MaintenancePlan, PlanActivity, PlanBudgetLine, System


def classification_summary(levels: list[tuple[int, int, int, int]]) -> int:
    """The highest KLASSA level over all information types (0 when there are none)."""
    return max((max(row) for row in levels), default=0)


def system_refresh_classification(*, system: System) -> System:
    """Keep `max_classification` (and personal data, if any information type holds it) in step.

    Called after information types change; the register filters and sorts on the stored value.
    """
    rows = list(
        system.information_types.values_list(
            "confidentiality", "integrity", "availability", "traceability", "personal_data"
        )
    )
    level = classification_summary([r[:4] for r in rows])
    personal = system.personal_data or any(r[4] for r in rows)
    if (level, personal) != (system.max_classification, system.personal_data):
        System.objects.filter(pk=system.pk).update(max_classification=level, personal_data=personal)
        system.max_classification, system.personal_data = level, personal
    return system


@transaction.atomic
def system_save(*, system: System, expected_version: int, information_types=None) -> System:
    """Save a system edited in a form (version-checked) and its information-type formset.

    Raises ConcurrentEditError on a stale save, ValidationError on invalid data.
    """
    versioned_save(instance=system, expected_version=expected_version)
    if information_types is not None:
        information_types.instance = system
        information_types.save()
    return system_refresh_classification(system=system)


def _previous_plan(system: System, plan_year: int) -> MaintenancePlan | None:
    return (
        MaintenancePlan.objects.filter(system=system, plan_year__lt=plan_year)
        .prefetch_related("activities", "budget_lines")
        .order_by("-plan_year")
        .first()
    )


@transaction.atomic
def plan_create(*, system: System, plan_year: int, actor, copy_previous: bool = False) -> MaintenancePlan:
    """Start the plan of `system` for `plan_year`, empty or as a copy of the latest earlier plan.

    Raises PermissionDenied if `actor` may not write the system's plans, ValidationError if the system
    is retired, already has a plan that year, or (when copying) has no earlier plan.
    """
    if not actor.has_perm("maintenance_plans.add_maintenanceplan", system):
        if system.is_retired:
            raise ValidationError(
                _("%(system)s is retired: a retired system gets no maintenance plan.") % {"system": system}
            )
        raise PermissionDenied(_("You may not write maintenance plans for this system."))
    System.objects.select_for_update().filter(pk=system.pk).first()
    if MaintenancePlan.objects.filter(system=system, plan_year=plan_year).exists():
        raise ValidationError(
            _("%(system)s already has a maintenance plan for %(year)s.") % {"system": system, "year": plan_year}
        )
    previous = _previous_plan(system, plan_year) if copy_previous else None
    if copy_previous and previous is None:
        raise ValidationError(_("There is no earlier plan of %(system)s to copy.") % {"system": system})
    plan = MaintenancePlan(system=system, plan_year=plan_year, created_by=actor, copied_from=previous)
    if previous is not None:
        for name in ("goals", "risks", "contract_renewal_need", "procurement_needed", "decommissioning_plan"):
            setattr(plan, name, getattr(previous, name))
    plan.full_clean(exclude=["system", "created_by", "copied_from"], validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError(
            _("%(system)s already has a maintenance plan for %(year)s.") % {"system": system, "year": plan_year}
        ) from None
    if previous is not None:
        PlanActivity.objects.bulk_create(
            [
                PlanActivity(plan=plan, kind=a.kind, quarter=a.quarter, description=a.description, estimate=a.estimate)
                for a in previous.activities.all()
            ]
        )
        PlanBudgetLine.objects.bulk_create(
            [
                PlanBudgetLine(
                    plan=plan,
                    cost_type=b.cost_type,
                    description=b.description,
                    hours=b.hours,
                    hourly_rate=b.hourly_rate,
                    amount=b.amount,
                )
                for b in previous.budget_lines.all()
            ]
        )
    return plan


@transaction.atomic
def plan_save(*, plan: MaintenancePlan, expected_version: int, actor, formsets=()) -> MaintenancePlan:
    """Save an edited plan and its activity/budget formsets. Only draft or returned plans change.

    Raises PermissionDenied, ConcurrentEditError (stale save) or ValidationError.
    """
    stored = MaintenancePlan.objects.select_related("system").get(pk=plan.pk)
    if not actor.has_perm("maintenance_plans.change_maintenanceplan", stored):
        raise PermissionDenied(
            _(
                "Only a draft or returned plan can be changed; an accepted plan must be "
                "reopened by IT coordination first."
            )
        )
    versioned_save(instance=plan, expected_version=expected_version)
    for formset in formsets:
        formset.instance = plan
        formset.save()
    return plan


def information_type_add(
    *, system: System, name: str, levels: tuple[int, int, int, int], personal_data: bool = False
) -> InformationType:
    info = InformationType(
        system=system,
        name=name,
        confidentiality=levels[0],
        integrity=levels[1],
        availability=levels[2],
        traceability=levels[3],
        personal_data=personal_data,
    )
    info.full_clean()
    info.save()
    system_refresh_classification(system=system)
    return info
