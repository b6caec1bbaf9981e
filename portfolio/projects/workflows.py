"""The project lifecycle (DESIGN §5), declared as a transition table, and the project's creation when a
proposal is approved.

in_progress → completed (`complete`) → benefits_followed_up (`follow_up`, every benefit line followed up
after the project) → closed (`close`, board or IT coordination).

Every transition is recorded (governance StateChange) and notifies whoever now owes something.
"""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.models import StateChange
from governance.workflow import Transition, Workflow
from portfolio.projects.models import FollowUpPhase, Project, ProjectState
from portfolio.projects.services import project_create_from_proposal
from portfolio.proposals.models import Proposal
from portfolio.proposals.workflows import PROPOSAL_WORKFLOW, member_ids, notify_users

# Projects ------------------------------------------------------------------------------------------


def benefits_followed_up_after(project: Project) -> str | None:
    line_ids = set(project.proposal.benefit_lines.values_list("pk", flat=True))
    done = set(project.benefit_follow_ups.filter(phase=FollowUpPhase.AFTER).values_list("benefit_line_id", flat=True))
    missing = len(line_ids - done)
    if not missing:
        return None
    return _("Record the after-project follow-up of every benefit (%(n)s missing).") % {"n": missing}


def _notify_project(project: Project, transition: Transition, change: StateChange) -> None:
    recipients = member_ids(project.proposal.owning_group_id) | member_ids(project.proposal.owning_group.parent_id)
    if project.manager_id:
        recipients.add(project.manager_id)
    recipients.discard(change.actor_id)
    if not recipients:
        return
    title = _("%(project)s: %(state)s") % {"project": project, "state": project.get_state_display()}
    key, url = f"project:{project.pk}:change:{change.pk}", project.get_absolute_url()
    transaction.on_commit(lambda: notify_users(recipients, key, str(title), url))


MANAGE_PROJECT = "portfolio.manage_project"
CLOSE_PROJECT = "portfolio.close_project"


def create_project_on_approval(proposal: Proposal, transition: Transition, change: StateChange) -> None:
    """Approving a proposal makes it a project (hooked into the proposal lifecycle by `connect`)."""
    if transition.action == "approve":
        project_create_from_proposal(proposal=proposal, actor=change.actor)


def connect() -> None:
    """Add the project's creation to the proposal lifecycle (called once from `PortfolioConfig.ready`).

    Proposals sit below projects and do not import them; projects hook into the proposal workflow instead.
    """
    if create_project_on_approval not in PROPOSAL_WORKFLOW.on_applied:
        PROPOSAL_WORKFLOW.on_applied.append(create_project_on_approval)


PROJECT_WORKFLOW = Workflow(
    model=Project,
    transitions=[
        Transition(
            "complete",
            frozenset({ProjectState.IN_PROGRESS}),
            ProjectState.COMPLETED,
            MANAGE_PROJECT,
            label=gettext_lazy("Mark as completed"),
            style="success",
            needs_form=True,
        ),  # the date
        Transition(
            "follow_up",
            frozenset({ProjectState.COMPLETED}),
            ProjectState.BENEFITS_FOLLOWED_UP,
            MANAGE_PROJECT,
            label=gettext_lazy("Benefits followed up"),
            needs_confirmation=True,
            preconditions=(benefits_followed_up_after,),
        ),
        Transition(
            "close",
            frozenset({ProjectState.BENEFITS_FOLLOWED_UP}),
            ProjectState.CLOSED,
            CLOSE_PROJECT,
            label=gettext_lazy("Close"),
            style="secondary",
            needs_confirmation=True,
        ),
    ],
    on_applied=[_notify_project],
    url=lambda project, t: reverse("portfolio:project-transition", args=[project.pk, t.action]),
)


@transaction.atomic
def project_transition(
    *, project: Project, action: str, actor, comment: str = "", completed_on: date | None = None
) -> Project:
    """Apply `action` to `project`. Raises TransitionNotAllowed (with reasons) or PermissionDenied.

    `complete` records the completion date (today unless given).
    """
    extra: list[str] = []
    if action == "complete":
        project.completed_on = completed_on or timezone.localdate()
        extra.append("completed_on")
    return PROJECT_WORKFLOW.apply(project, action, actor=actor, comment=comment, extra_fields=extra)
