"""Who may do what with proposals, their calculation and assessment.

- Read a proposal: everyone signed in, once it has been submitted; a draft (or a returned proposal, or
  one withdrawn before it was ever submitted) only the owning ICT group, its parent IT-strategic board
  and IT coordination (and administrators). `Proposal.objects.visible_to(user)` agrees.
- Create: members of an ICT group (object: the group, or none). Edit content and figures: members of
  the owning ICT group while the proposal is a draft or returned. Submit and withdraw: the owning group.
- Assess (start assessment, return, recommend, reject): members of the owning group's parent board
  (`assess_proposal`; the workflow checks the state). Change the assessment (the risk register, the
  financing decision and the recommendation): that board while the proposal is submitted or under
  assessment (`change_assessment`, and the permissions of the risk and financing records). Defer: that
  board, or the leadership group.
- Approve: members of the municipal leadership group (through the IT plan).

Objects given to the line/assessment permissions may be the proposal itself or the line (risk,
financing decision, …), so inline admin and views can ask about either.
"""

import rules

from governance.models import SteeringGroup, Tier
from governance.rules import (
    is_administrator,
    is_coordinator,
    is_ict_group_member,
    is_leadership_member,
    is_signed_in,
    member_of,
    member_of_parent_board,
)
from portfolio.proposals.models import AWAITING_BOARD_STATES, EDITABLE_STATES, FinancingAmount, Proposal

# States in which the board keeps the risk register and the financing decision.
ASSESSABLE_STATES = AWAITING_BOARD_STATES


def proposal_of(obj) -> Proposal | None:
    """The proposal `obj` is or belongs to (a line, risk, financing decision or amount, project)."""
    if obj is None:
        return None
    if isinstance(obj, Proposal):
        return obj
    if isinstance(obj, FinancingAmount):
        return obj.financing.proposal
    project = getattr(obj, "project", None)  # a project's status report, actual cost or follow-up
    if project is not None:
        return project.proposal
    return getattr(obj, "proposal", None)  # a line, risk, financing decision, scenario row or project


# Proposal predicates ----------------------------------------------------------------------------


@rules.predicate
def is_owning_group_member(user, obj) -> bool:
    proposal = proposal_of(obj)
    return proposal is not None and member_of(user, proposal.owning_group_id)


@rules.predicate
def is_owning_board_member(user, obj) -> bool:
    proposal = proposal_of(obj)
    return proposal is not None and member_of_parent_board(user, proposal.owning_group)


@rules.predicate
def is_public(_user, obj) -> bool:
    proposal = proposal_of(obj)
    return proposal is not None and not proposal.is_private


@rules.predicate
def is_editable(_user, obj) -> bool:
    proposal = proposal_of(obj)
    return proposal is not None and proposal.state in EDITABLE_STATES


@rules.predicate
def is_assessable(_user, obj) -> bool:
    proposal = proposal_of(obj)
    return proposal is not None and proposal.state in ASSESSABLE_STATES


@rules.predicate
def may_create_proposal_in(user, group) -> bool:
    """Without an object: sits in some ICT group. With a group: sits in that ICT group."""
    if group is None:
        return is_ict_group_member(user)
    return isinstance(group, SteeringGroup) and group.tier == Tier.ICT_GROUP and member_of(user, group.pk)


@rules.predicate
def no_object(_user, obj) -> bool:
    return obj is None


may_read_proposal = is_signed_in & (
    no_object | is_public | is_coordinator | is_owning_group_member | is_owning_board_member
)
may_write_proposal = is_owning_group_member & is_editable
may_assess = is_owning_board_member & is_assessable

rules.add_perm("portfolio.view_proposal", may_read_proposal)
rules.add_perm("portfolio.add_proposal", may_create_proposal_in)
rules.add_perm("portfolio.change_proposal", may_write_proposal)
rules.add_perm("portfolio.delete_proposal", is_administrator)
rules.add_perm("portfolio.submit_proposal", is_owning_group_member)
rules.add_perm("portfolio.withdraw_proposal", is_owning_group_member)
rules.add_perm("portfolio.assess_proposal", is_owning_board_member)
rules.add_perm("portfolio.change_assessment", may_assess)
rules.add_perm("portfolio.defer_proposal", is_owning_board_member | is_leadership_member)
rules.add_perm("portfolio.approve_proposal", is_leadership_member)
rules.add_perm("portfolio.view_proposal_history", may_read_proposal)

for model in ("costline", "benefitline"):
    rules.add_perm(f"portfolio.view_{model}", may_read_proposal)
    rules.add_perm(f"portfolio.add_{model}", may_write_proposal)  # object: the proposal
    rules.add_perm(f"portfolio.change_{model}", may_write_proposal)
    rules.add_perm(f"portfolio.delete_{model}", may_write_proposal)

for model in ("risk", "financingdecision", "financingamount"):
    rules.add_perm(f"portfolio.view_{model}", may_read_proposal)
    rules.add_perm(f"portfolio.add_{model}", may_assess)  # object: the proposal
    rules.add_perm(f"portfolio.change_{model}", may_assess)
    rules.add_perm(f"portfolio.delete_{model}", may_assess)
