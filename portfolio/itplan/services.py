"""Writes of the IT plan: assembly, proposal, approval, revision. Rules enforced here, in one place:

- only the IT manager or IT coordination assembles, proposes, reopens and revises; only the leadership
  group approves (permissions in `portfolio.rules`, transitions in `portfolio.itplan.workflows`);
- a plan is assembled for a plan year that has a budget cycle, else refused;
- a version is a frozen copy: before approval and before the cycle's lock a draft is re-assembled in
  place; after approval or after the lock every change makes a new version, with a reason;
- approval is recorded as a decision of a leadership group meeting (refused without one) and moves the
  plan's recommended proposals to approved through `proposal_transition`, which creates their projects;
  if any of them cannot be approved, nothing is;
- every step locks the plan's row and checks the version the user started from, so the second of two
  people proposing (or approving) at once is refused with a message instead of acting twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.exceptions import ConcurrentEditError, TransitionNotAllowed
from governance.models import BudgetCycle, Decision, Meeting, MilestoneKind, Tier, User
from portfolio.itplan.models import ITPlan, ITPlanItem, ITPlanSection, ITPlanState, ITPlanVersion
from portfolio.itplan.sources import assemble_items
from portfolio.itplan.workflows import ITPLAN_WORKFLOW
from portfolio.proposals.models import Proposal, ProposalState
from portfolio.proposals.workflows import proposal_transition

ASSEMBLE = "portfolio.assemble_itplan"
ZERO = Decimal(0)


def _stale(plan: ITPlan) -> ConcurrentEditError:
    return ConcurrentEditError(
        _(
            "Someone else changed this IT plan while you were looking at it (it is now %(state)s, version %(n)s). "
            "Nothing has been done: open the plan again to see what changed."
        )
        % {"state": plan.get_state_display().lower(), "n": plan.current_number}
    )


def _lock(plan: ITPlan, expected_version: int | None) -> ITPlan:
    locked = ITPlan.objects.select_for_update().select_related("cycle").get(pk=plan.pk)
    if expected_version is not None and locked.version != expected_version:
        raise _stale(locked)
    return locked


def cycle_for_year(plan_year: int) -> BudgetCycle:
    """The budget cycle of `plan_year`; ValidationError if there is none."""
    cycle = BudgetCycle.objects.filter(plan_year=plan_year).prefetch_related("milestones").first()
    if cycle is None:
        raise ValidationError(
            _("There is no budget cycle for %(year)s. Create the cycle for %(year)s first, then assemble its IT plan.")
            % {"year": plan_year}
        )
    return cycle


def _store_items(version: ITPlanVersion, items: list[ITPlanItem]) -> None:
    for item in items:
        item.version = version
    ITPlanItem.objects.bulk_create(items, batch_size=1000)
    totals = {ITPlanSection.PROJECTS: ZERO, ITPlanSection.MAINTENANCE: ZERO, ITPlanSection.PROCUREMENTS: ZERO}
    for item in items:
        if item.section in totals:
            totals[item.section] += item.amount
    version.development_total = totals[ITPlanSection.PROJECTS]
    version.maintenance_total = totals[ITPlanSection.MAINTENANCE]
    version.procurement_total = totals[ITPlanSection.PROCUREMENTS]
    version.save(update_fields=["development_total", "maintenance_total", "procurement_total"])


def _new_version(plan: ITPlan, *, number: int, actor: User | None, reason: str, source: str) -> ITPlanVersion:
    return ITPlanVersion.objects.create(
        plan=plan, number=number, reason=reason, source=source[:200], assembled_at=timezone.now(), assembled_by=actor
    )


def _get_or_create_plan(cycle: BudgetCycle) -> tuple[ITPlan, bool]:
    plan = ITPlan.objects.select_for_update().select_related("cycle").filter(cycle=cycle).first()
    if plan is not None:
        return plan, False
    try:
        with transaction.atomic():
            return ITPlan.objects.create(cycle=cycle), True
    except IntegrityError:  # someone created it at the same moment
        return ITPlan.objects.select_for_update().select_related("cycle").get(cycle=cycle), False


@transaction.atomic
def itplan_assemble(*, plan_year: int, actor: User, reason: str = "", expected_version: int | None = None) -> ITPlan:
    """Assemble (or re-assemble) the IT plan of `plan_year` from the records.

    A new plan gets version 1. A draft is re-assembled in place while nothing has been decided and the
    cycle is not locked; after the lock, or once a version has been approved, assembly makes a new
    version and needs a `reason` (after approval the plan becomes revised). Raises PermissionDenied
    (not the IT manager or IT coordination), ValidationError (no cycle for the year; no reason),
    TransitionNotAllowed (the plan is proposed: reopen it first), ConcurrentEditError (stale version).
    """
    if not actor.has_perm(ASSEMBLE):
        raise PermissionDenied(_("Only the IT manager or IT coordination may assemble the IT plan."))
    cycle = cycle_for_year(plan_year)
    plan, created = _get_or_create_plan(cycle)
    if not created and expected_version is not None and plan.version != expected_version:
        raise _stale(plan)
    reason = reason.strip()
    if plan.state == ITPlanState.PROPOSED:
        raise TransitionNotAllowed(
            _(
                "The IT plan %(year)s has been proposed to the leadership group: reopen it as a draft before "
                "assembling it again."
            )
            % {"year": plan_year}
        )
    current = None if created else plan.versions.filter(number=plan.current_number).first()
    previous_priority = {}
    if current is not None:
        previous_priority = dict(
            current.items.filter(section=ITPlanSection.PROJECTS, priority__isnull=False).values_list("key", "priority")
        )
    items, source = assemble_items(cycle, previous_priority=previous_priority)

    decided = plan.state in (ITPlanState.APPROVED, ITPlanState.REVISED) or (
        current is not None and current.approved_at is not None
    )
    if current is None:
        version = _new_version(plan, number=1, actor=actor, reason=reason, source=source)
    elif decided or cycle.is_locked():
        if not reason:
            why = (
                _("the plan has been approved")
                if decided
                else _("the budget cycle's changes were final (locked) on %(date)s")
                % {"date": cycle.milestone(MilestoneKind.LOCK).ends_on.isoformat()}
            )
            raise ValidationError(
                {
                    "reason": _("Give the reason for the revision: %(why)s, so every change makes a new version.")
                    % {"why": why}
                }
            )
        if plan.state == ITPlanState.APPROVED or plan.state == ITPlanState.REVISED:
            plan = ITPLAN_WORKFLOW.apply(plan, "revise", actor=actor, comment=reason)
        version = _new_version(plan, number=plan.current_number + 1, actor=actor, reason=reason, source=source)
        plan.current_number = version.number
    else:
        version = current
        version.items.all().delete()
        version.assembled_at, version.assembled_by, version.source = timezone.now(), actor, source[:200]
        if reason:
            version.reason = reason
        version.save(update_fields=["assembled_at", "assembled_by", "source", "reason"])
    _store_items(version, items)
    plan.version += 1
    plan.save(update_fields=["current_number", "version", "updated_at"])
    return plan


def itplan_revise(*, plan: ITPlan, actor: User, reason: str, expected_version: int | None = None) -> ITPlan:
    """A change of an approved (or revised) plan: a new version assembled from the records, with a reason.

    Raises TransitionNotAllowed if the plan has not been approved yet (assemble the draft instead).
    """
    if plan.state not in ITPLAN_WORKFLOW.get("revise").sources:
        raise TransitionNotAllowed(_("Only an approved plan is revised; assemble the draft again instead."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revision.")})
    return itplan_assemble(
        plan_year=plan.cycle.plan_year, actor=actor, reason=reason, expected_version=expected_version
    )


@transaction.atomic
def itplan_propose(*, plan: ITPlan, actor: User, expected_version: int, comment: str = "") -> ITPlan:
    """Propose the current version to the leadership group. Raises PermissionDenied, TransitionNotAllowed,
    or ConcurrentEditError when someone else proposed or changed the plan first."""
    locked = _lock(plan, expected_version)
    locked = ITPLAN_WORKFLOW.apply(locked, "propose", actor=actor, comment=comment)
    ITPlanVersion.objects.filter(plan=locked, number=locked.current_number).update(
        proposed_at=timezone.now(), proposed_by=actor
    )
    return locked


@transaction.atomic
def itplan_reopen(*, plan: ITPlan, actor: User, expected_version: int, reason: str) -> ITPlan:
    """Take a proposed plan back to draft (to assemble it again). A reason is required."""
    locked = _lock(plan, expected_version)
    locked = ITPLAN_WORKFLOW.apply(locked, "reopen", actor=actor, comment=reason)
    ITPlanVersion.objects.filter(plan=locked, number=locked.current_number).update(proposed_at=None, proposed_by=None)
    return locked


def _approval_decision(
    *,
    actor: User,
    decision: Decision | None,
    meeting: Meeting | None,
    reference: str,
    title: str,
    text: str,
    plan_year: int,
) -> Decision:
    if decision is not None:
        decision = Decision.objects.select_related("meeting__group").get(pk=decision.pk)
        if decision.meeting.group.tier != Tier.LEADERSHIP:
            raise TransitionNotAllowed(
                _(
                    "%(decision)s was taken by %(group)s, not by the municipal leadership "
                    "group: the IT plan is approved by the leadership group."
                )
                % {"decision": decision, "group": decision.meeting.group}
            )
        return decision
    if meeting is None:
        raise TransitionNotAllowed(
            _(
                "The IT plan is approved by a decision of a leadership group meeting: choose the meeting and give "
                "the decision's reference."
            )
        )
    meeting = Meeting.objects.select_related("group").get(pk=meeting.pk)
    if meeting.group.tier != Tier.LEADERSHIP:
        raise TransitionNotAllowed(
            _("%(meeting)s is not a meeting of the municipal leadership group.") % {"meeting": meeting}
        )
    if not reference.strip():
        raise ValidationError({"reference": _("Give the decision's reference, for example § 12.")})
    if Decision.objects.filter(meeting=meeting, reference=reference.strip()).exists():
        raise ValidationError(
            {"reference": _("The meeting already has a decision %(ref)s.") % {"ref": reference.strip()}}
        )
    return Decision.objects.create(
        meeting=meeting,
        reference=reference.strip(),
        created_by=actor,
        title=(title.strip() or _("Approval of the IT plan %(year)s") % {"year": plan_year})[:200],
        text=text.strip() or _("The leadership group approves the IT plan %(year)s.") % {"year": plan_year},
    )


@transaction.atomic
def itplan_approve(
    *,
    plan: ITPlan,
    actor: User,
    expected_version: int,
    decision: Decision | None = None,
    meeting: Meeting | None = None,
    reference: str = "",
    title: str = "",
    text: str = "",
) -> ITPlan:
    """Approve the current version as a decision of a leadership group meeting.

    Give an existing `decision` of a leadership meeting, or the `meeting` and the decision's `reference`
    (the decision is then recorded). The plan's recommended proposals move to approved with that decision,
    creating their projects. Raises PermissionDenied (not in the leadership group), TransitionNotAllowed
    (no leadership meeting or decision; a proposal that cannot be approved – then nothing is approved),
    ValidationError, ConcurrentEditError.
    """

    locked = _lock(plan, expected_version)
    ITPLAN_WORKFLOW.check(locked, "approve", actor)
    decision = _approval_decision(
        actor=actor,
        decision=decision,
        meeting=meeting,
        reference=reference,
        title=title,
        text=text,
        plan_year=locked.cycle.plan_year,
    )
    version = ITPlanVersion.objects.get(plan=locked, number=locked.current_number)
    comment = _("Approved in the IT plan %(year)s, version %(n)s (%(decision)s).") % {
        "year": locked.cycle.plan_year,
        "n": version.number,
        "decision": decision,
    }
    locked = ITPLAN_WORKFLOW.apply(locked, "approve", actor=actor, comment=comment)

    problems: list[str] = []
    proposal_ids = [
        d["proposal_id"]
        for d in version.items.filter(section=ITPlanSection.PROJECTS).values_list("details", flat=True)
        if d.get("kind") == "proposal"
    ]
    for proposal in Proposal.objects.filter(pk__in=proposal_ids).order_by("reference"):
        if proposal.state == ProposalState.APPROVED:
            continue
        if proposal.state != ProposalState.RECOMMENDED:
            problems.append(
                _("%(proposal)s is now %(state)s, not recommended: revise the plan first.")
                % {"proposal": proposal, "state": proposal.get_state_display().lower()}
            )
            continue
        try:
            proposal_transition(proposal=proposal, action="approve", actor=actor, decision=decision, comment=comment)
        except (TransitionNotAllowed, PermissionDenied) as exc:
            reasons = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            problems.append(f"{proposal}: {reasons}")
    if problems:
        raise TransitionNotAllowed([_("Nothing has been approved.")] + problems)

    version.approved_at, version.approved_by, version.approval_decision = timezone.now(), actor, decision
    version.save(update_fields=["approved_at", "approved_by", "approval_decision"])
    milestone = locked.cycle.milestones.filter(kind=MilestoneKind.IT_PLAN_APPROVED, completed_on__isnull=True).first()
    if milestone is not None:
        milestone.completed_on = timezone.localdate()
        milestone.save(update_fields=["completed_on"])
    return locked
