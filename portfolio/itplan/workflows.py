"""The IT plan's lifecycle (DESIGN §8), declared as a transition table.

- propose (draft → proposed; IT manager or IT coordination): the plan has been assembled.
- reopen (proposed → draft; IT manager or IT coordination; reason required): to assemble again.
- approve (proposed, revised → approved; leadership group): recorded as a decision of a leadership group
  meeting; moves the plan's recommended proposals to approved (creating their projects).
- revise (approved, revised → revised; IT manager or IT coordination; reason required): a change after
  approval, applied by `itplan_revise`, which makes a new version.

Nothing else assigns `ITPlan.state`; `portfolio.itplan.services` applies these through the workflow engine
(row lock, state, permission, preconditions, StateChange audit row).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.workflow import Transition, Workflow
from portfolio.itplan.models import ITPlan, ITPlanState

S = ITPlanState

PROPOSE = "portfolio.propose_itplan"
APPROVE = "portfolio.approve_itplan"
REVISE = "portfolio.revise_itplan"


def has_items(plan: ITPlan) -> str | None:
    version = plan.versions.filter(number=plan.current_number).first()
    if version is not None and version.items.exists():
        return None
    return _("The plan has no content: assemble it first.")


ITPLAN_WORKFLOW = Workflow(
    model=ITPlan,
    transitions=[
        Transition(
            "propose",
            frozenset({S.DRAFT}),
            S.PROPOSED,
            PROPOSE,
            label=gettext_lazy("Propose to the leadership group"),
            needs_confirmation=True,
            preconditions=(has_items,),
        ),
        Transition(
            "reopen",
            frozenset({S.PROPOSED}),
            S.DRAFT,
            PROPOSE,
            label=gettext_lazy("Reopen as draft"),
            requires_comment=True,
            style="secondary",
            needs_form=True,
        ),
        Transition(
            "approve",
            frozenset({S.PROPOSED, S.REVISED}),
            S.APPROVED,
            APPROVE,
            label=gettext_lazy("Approve"),
            style="success",
            needs_form=True,
            preconditions=(has_items,),
        ),
        Transition(
            "revise",
            frozenset({S.APPROVED, S.REVISED}),
            S.REVISED,
            REVISE,
            label=gettext_lazy("Revise"),
            requires_comment=True,
            style="dark",
            needs_form=True,
        ),
    ],
    url=lambda plan, t: reverse(f"portfolio:itplan-{t.action}", args=[plan.plan_year]),
)
