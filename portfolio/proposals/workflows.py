"""The proposal lifecycle (DESIGN §5), declared as a transition table.

Proposal:

- submit (draft, returned → submitted; owning ICT group): needs analysis; business analysis (today's
  and tomorrow's process); ≥ 1 strategic goal; ≥ 1 cost line; ≥ 1 benefit line; every benefit line has
  an owner; a valid calculation; above the procurement threshold also a process-mapping statement.
- start_assessment (submitted, deferred → under_assessment; parent board).
- return (submitted, under_assessment, recommended → returned; parent board; reason required).
- recommend (under_assessment → recommended; parent board): ≥ 1 risk; a financing decision; the
  recommendation text.
- reject (submitted, under_assessment, recommended → rejected; parent board; reason required).
- defer (submitted, under_assessment, recommended → deferred; parent board or leadership group;
  reason and a cycle of a later plan year required).
- approve (recommended → approved; leadership group; creates the project): a procurement case if the
  proposal buys something and costs more than the threshold.
- withdraw (every state before approval → withdrawn; owning ICT group).

Approving also creates the project: `portfolio.projects.workflows` hooks that in.

Every transition is recorded (governance StateChange) and notifies whoever now owes something.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.models import BudgetCycle, Decision, Membership, MunicipalRole, RoleAssignment, StateChange, Tier, User
from governance.services import notify
from governance.workflow import Transition, Workflow
from portfolio.proposals.calculations import CalculationError
from portfolio.proposals.models import Proposal, ProposalState
from portfolio.proposals.selectors import proposal_calculation
from portfolio.proposals.services import procurement_threshold

S = ProposalState

SUBMIT = "portfolio.submit_proposal"
WITHDRAW = "portfolio.withdraw_proposal"
ASSESS = "portfolio.assess_proposal"
DEFER = "portfolio.defer_proposal"
APPROVE = "portfolio.approve_proposal"


# Preconditions: None when met, else what is missing -------------------------------------------------


def has_needs_analysis(p: Proposal) -> str | None:
    return None if p.needs_analysis.strip() else _("Write the needs analysis.")


def has_business_analysis(p: Proposal) -> str | None:
    if p.current_process.strip() and p.future_process.strip():
        return None
    return _("Complete the business analysis: describe today's process and tomorrow's process.")


def has_goal(p: Proposal) -> str | None:
    return None if p.goals.exists() else _("Link the proposal to at least one strategic goal.")


def has_cost_plan(p: Proposal) -> str | None:
    return None if p.cost_lines.exists() else _("Add the cost plan: at least one cost line.")


def has_benefit_calculation(p: Proposal) -> str | None:
    if p.benefit_lines.exists():
        return None
    return _("Add the benefit calculation: at least one benefit line showing economic efficiency or quality gain.")


def benefits_have_owners(p: Proposal) -> str | None:
    missing = list(p.benefit_lines.filter(owner__isnull=True).order_by("year", "pk").values_list("year", "description"))
    if not missing:
        return None
    lines = ", ".join(f"{_('year')} {year}{' ' + desc if desc else ''}" for year, desc in missing)
    return _("Every benefit line needs a benefit owner; missing on: %(lines)s.") % {"lines": lines}


def calculation_is_valid(p: Proposal) -> str | None:

    try:
        proposal_calculation(p)
    except CalculationError as exc:
        return _("The benefit calculation has errors: %(problems)s.") % {"problems": "; ".join(exc.problems)}
    return None


def is_above_threshold(p: Proposal) -> bool:
    return p.total_cost > procurement_threshold()


def large_has_process_mapping(p: Proposal) -> str | None:
    if not is_above_threshold(p) or p.process_mapping.strip():
        return None
    return _("Proposals costing more than %(threshold)s SEK need a process-mapping statement.") % {
        "threshold": procurement_threshold()
    }


def has_risk_assessment(p: Proposal) -> str | None:
    return None if p.risks.exists() else _("Record the board's risk assessment: at least one risk.")


def has_financing_decision(p: Proposal) -> str | None:
    if p.financing_decisions.exists():
        return None
    return _("Record the financing decision: who pays and from which budget.")


def has_recommendation(p: Proposal) -> str | None:
    return None if p.recommendation.strip() else _("Write the board's recommendation.")


def defers_to_a_later_year(p: Proposal) -> str | None:
    """`proposal_transition` puts the chosen cycle on the proposal; the stored row still has the one it leaves."""
    stored_cycle_id, stored_year = (
        Proposal.objects.filter(pk=p.pk).values_list("target_cycle_id", "target_cycle__plan_year").get()
    )
    if p.target_cycle_id == stored_cycle_id:
        return _("Choose the later plan year to defer the proposal to.")
    if p.target_cycle.plan_year <= stored_year:
        return _("Defer to a plan year after %(year)s.") % {"year": stored_year}
    return None


def has_procurement_case(p: Proposal) -> str | None:
    """Above the threshold, a proposal that buys something needs a procurement case (procurement app)."""
    if not (p.buys_something and is_above_threshold(p)):
        return None
    cases = getattr(p, "procurement_cases", None)
    if cases is not None and cases.exists():
        return None
    return _("This proposal buys something for more than %(threshold)s SEK: open a procurement case first.") % {
        "threshold": procurement_threshold()
    }


# Notifications -------------------------------------------------------------------------------------


def member_ids(group_id: int | None) -> set[int]:
    if group_id is None:
        return set()
    return set(Membership.objects.active().filter(group_id=group_id).values_list("user_id", flat=True))


def _proposal_recipients(p: Proposal, action: str, before: str) -> set[int]:
    """Whoever now owes something (or must know the outcome of their own proposal)."""
    authors = member_ids(p.owning_group_id) | {p.author_id}
    if action == "submit":
        return member_ids(p.owning_group.parent_id)
    if action == "recommend":
        leaders = set(Membership.objects.active().filter(group__tier=Tier.LEADERSHIP).values_list("user_id", flat=True))
        coordinators = set(
            RoleAssignment.objects.active().filter(role=MunicipalRole.IT_COORDINATION).values_list("user_id", flat=True)
        )
        return leaders | coordinators | {p.author_id}
    if action == "withdraw":
        return set() if before in (S.DRAFT, S.RETURNED) else member_ids(p.owning_group.parent_id)
    if action == "start_assessment":
        return {p.author_id}
    return authors  # return, reject, defer, approve


def notify_users(user_ids: set[int], key: str, title: str, url: str) -> None:
    email = getattr(settings, "PORTFOLIO_EMAIL", True)
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        notify(user=user, key=key, title=title, url=url, email=email)


def _notify_proposal(p: Proposal, transition: Transition, change: StateChange) -> None:
    recipients = _proposal_recipients(p, transition.action, change.before)
    recipients.discard(change.actor_id)
    if not recipients:
        return
    title = _("%(proposal)s: %(state)s") % {"proposal": p, "state": p.get_state_display()}
    key, url = f"proposal:{p.pk}:change:{change.pk}", p.get_absolute_url()
    transaction.on_commit(lambda: notify_users(recipients, key, str(title), url))


def _mark_submitted(p: Proposal, transition: Transition, change: StateChange) -> None:
    if transition.action == "submit" and p.submitted_at is None:
        p.submitted_at = timezone.now()
        Proposal.objects.filter(pk=p.pk).update(submitted_at=p.submitted_at)


PROPOSAL_WORKFLOW = Workflow(
    model=Proposal,
    transitions=[
        Transition(
            "submit",
            frozenset({S.DRAFT, S.RETURNED}),
            S.SUBMITTED,
            SUBMIT,
            label=gettext_lazy("Submit to the board"),
            preconditions=(
                has_needs_analysis,
                has_business_analysis,
                has_goal,
                has_cost_plan,
                has_benefit_calculation,
                benefits_have_owners,
                calculation_is_valid,
                large_has_process_mapping,
            ),
        ),
        Transition(
            "start_assessment",
            frozenset({S.SUBMITTED, S.DEFERRED}),
            S.UNDER_ASSESSMENT,
            ASSESS,
            label=gettext_lazy("Start assessment"),
        ),
        Transition(
            "return",
            frozenset({S.SUBMITTED, S.UNDER_ASSESSMENT, S.RECOMMENDED}),
            S.RETURNED,
            ASSESS,
            label=gettext_lazy("Return with reasons"),
            requires_comment=True,
            style="dark",
            needs_form=True,
        ),
        Transition(
            "recommend",
            frozenset({S.UNDER_ASSESSMENT}),
            S.RECOMMENDED,
            ASSESS,
            label=gettext_lazy("Recommend"),
            style="success",
            preconditions=(has_risk_assessment, has_financing_decision, has_recommendation),
        ),
        Transition(
            "reject",
            frozenset({S.SUBMITTED, S.UNDER_ASSESSMENT, S.RECOMMENDED}),
            S.REJECTED,
            ASSESS,
            label=gettext_lazy("Reject"),
            requires_comment=True,
            style="danger",
            needs_form=True,
        ),
        Transition(
            "defer",
            frozenset({S.SUBMITTED, S.UNDER_ASSESSMENT, S.RECOMMENDED}),
            S.DEFERRED,
            DEFER,
            label=gettext_lazy("Defer to a later year"),
            requires_comment=True,
            style="secondary",
            needs_form=True,
            preconditions=(defers_to_a_later_year,),
        ),
        Transition(
            "approve",
            frozenset({S.RECOMMENDED}),
            S.APPROVED,
            APPROVE,
            label=gettext_lazy("Approve"),
            style="success",
            needs_form=True,
            preconditions=(has_procurement_case,),
        ),
        Transition(
            "withdraw",
            frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_ASSESSMENT, S.RECOMMENDED, S.RETURNED, S.DEFERRED}),
            S.WITHDRAWN,
            WITHDRAW,
            label=gettext_lazy("Withdraw"),
            style="danger",
            needs_confirmation=True,
        ),
    ],
    on_applied=[_mark_submitted, _notify_proposal],  # + the project's creation, added by projects,
    url=lambda p, t: reverse("portfolio:proposal-transition", args=[p.pk, t.action]),
)


@transaction.atomic
def proposal_transition(
    *,
    proposal: Proposal,
    action: str,
    actor,
    comment: str = "",
    to_cycle: BudgetCycle | None = None,
    decision: Decision | None = None,
    recommendation: str | None = None,
) -> Proposal:
    """Apply `action` to `proposal`. Raises TransitionNotAllowed (with reasons) or PermissionDenied.

    - return: the comment becomes the proposal's return reason (shown to the authors); submitting
      again clears it.
    - recommend: `recommendation` (else a non-empty comment) becomes the board's recommendation,
      `decision` the board meeting's decision.
    - defer: `to_cycle`, a cycle of a later plan year, becomes the target cycle (`defers_to_a_later_year`).
    - approve: `decision` is the leadership group's decision; the project is created in the same
      transaction with the plan frozen as its baseline.
    """
    extra: list[str] = []
    if action == "return":
        proposal.return_reason = comment.strip()
        extra.append("return_reason")
    elif action == "submit":
        proposal.return_reason = ""
        extra.append("return_reason")
    elif action == "recommend":
        text = recommendation if recommendation is not None else comment
        if text and text.strip():
            proposal.recommendation = text.strip()
            extra.append("recommendation")
        if decision is not None:
            proposal.recommendation_decision = decision
            extra.append("recommendation_decision")
    elif action == "approve" and decision is not None:
        proposal.approval_decision = decision
        extra.append("approval_decision")
    elif action == "defer" and to_cycle is not None:
        proposal.target_cycle = to_cycle
        extra.append("target_cycle")
    return PROPOSAL_WORKFLOW.apply(proposal, action, actor=actor, comment=comment, extra_fields=extra)


def proposal_allowed_actions(*, proposal: Proposal, user) -> list[Transition]:
    """The transitions `user` may try now (for buttons; preconditions are checked on apply)."""
    return PROPOSAL_WORKFLOW.allowed_actions(proposal, user)


def proposal_unmet_preconditions(*, proposal: Proposal, action: str) -> list[str]:
    """What still blocks `action` (for a checklist on the proposal page); nothing unless the proposal is in
    a state the action starts from."""
    return PROPOSAL_WORKFLOW.still_needed(proposal, action)
