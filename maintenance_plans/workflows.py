"""The maintenance plan's lifecycle: draft → submitted → accepted | returned, and reopening.

| action | from | to | who |
|---|---|---|---|
| submit | draft, returned | submitted | the system's manager or owner, IT coordination |
| accept | submitted | accepted | IT coordination |
| return | submitted | returned (reason required) | IT coordination |
| reopen | accepted | draft (reason required) | IT coordination |

A plan for a retired system cannot be submitted; nor can a plan without goals.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.models import MunicipalRole, RoleAssignment, StateChange, User
from governance.services import notify
from governance.workflow import Transition, Workflow

from .models import MaintenancePlan, PlanState

SUBMIT = "maintenance_plans.submit_maintenanceplan"
REVIEW = "maintenance_plans.review_maintenanceplan"


def system_not_retired(plan: MaintenancePlan) -> str | None:
    if plan.system.is_retired:
        return str(_("%(system)s is retired: a retired system gets no maintenance plan.") % {"system": plan.system})
    return None


def has_goals(plan: MaintenancePlan) -> str | None:
    if not plan.goals.strip():
        return str(_("Write the goals for the year before submitting."))
    return None


def _notify_on_transition(plan: MaintenancePlan, transition: Transition, change: StateChange) -> None:
    """Submitted plans go to IT coordination; decisions on them go back to the system's manager and owner."""
    if transition.action == "submit":
        recipients = set(
            RoleAssignment.objects.active().filter(role=MunicipalRole.IT_COORDINATION).values_list("user_id", flat=True)
        )
    else:
        recipients = plan.system.responsible_user_ids()
    recipients.discard(change.actor_id)
    if not recipients:
        return

    title = _("%(plan)s: %(state)s") % {"plan": plan, "state": plan.get_state_display()}
    for user in User.objects.filter(pk__in=recipients):
        notify(
            user=user,
            key=f"maintenance-plan:{plan.pk}:change:{change.pk}",
            title=str(title),
            url=plan.get_absolute_url(),
            email=getattr(settings, "MAINTENANCE_PLANS_EMAIL", True),
        )


PLAN_WORKFLOW = Workflow(
    model=MaintenancePlan,
    transitions=[
        Transition(
            "submit",
            frozenset({PlanState.DRAFT, PlanState.RETURNED}),
            PlanState.SUBMITTED,
            SUBMIT,
            label=_("Submit to IT coordination"),
            asks_comment=True,
            preconditions=(system_not_retired, has_goals),
        ),
        Transition(
            "accept",
            frozenset({PlanState.SUBMITTED}),
            PlanState.ACCEPTED,
            REVIEW,
            label=_("Accept"),
            style="success",
            asks_comment=True,
        ),
        Transition(
            "return",
            frozenset({PlanState.SUBMITTED}),
            PlanState.RETURNED,
            REVIEW,
            label=_("Return with a reason"),
            requires_comment=True,
            style="dark",
            asks_comment=True,
        ),
        Transition(
            "reopen",
            frozenset({PlanState.ACCEPTED}),
            PlanState.DRAFT,
            REVIEW,
            label=_("Reopen"),
            requires_comment=True,
            style="secondary",
            asks_comment=True,
        ),
    ],
    on_applied=[_notify_on_transition],
    # Every action posts to one view, which reads the action from the form.
    url=lambda plan, _t: reverse("maintenance_plans:plan-transition", args=[plan.pk]),
)


@transaction.atomic
def plan_transition(*, plan: MaintenancePlan, action: str, actor, comment: str = "") -> MaintenancePlan:
    """Apply `action` to `plan`. Raises TransitionNotAllowed (with reasons) or PermissionDenied.

    Returning keeps the reason on the plan (shown to the system manager); submitting again clears it.
    """
    extra: tuple[str, ...] = ()
    if action == "return":
        plan.return_reason = comment.strip()
        extra = ("return_reason",)
    elif action == "submit":
        plan.return_reason = ""
        extra = ("return_reason",)
    return PLAN_WORKFLOW.apply(plan, action, actor=actor, comment=comment, extra_fields=extra)


def plan_allowed_actions(*, plan: MaintenancePlan, user) -> list[Transition]:
    return PLAN_WORKFLOW.allowed_actions(plan, user)
