"""Who may do what with proposals, their calculation and assessment, programmes and projects.

- Read a proposal: everyone signed in, once it has been submitted; a draft (or a returned proposal, or
  one withdrawn before it was ever submitted) only the owning ICT group, its parent IT-strategic board
  and IT coordination (and administrators). `Proposal.objects.visible_to(user)` agrees.
- Create: members of an ICT group (object: the group, or none). Edit content and figures: members of
  the owning ICT group while the proposal is a draft or returned. Submit and withdraw: the owning group.
- Assess (start assessment, return, recommend, reject) and keep the risk register and the financing
  decision: members of the owning group's parent board. Defer: that board, or the leadership group.
- Approve: members of the municipal leadership group (through the IT plan).
- Projects: everyone signed in reads them; the project manager, the owning ICT group, its board and IT
  coordination report status, costs and benefit follow-up and move the project on; the board or IT
  coordination closes it.
- Programmes: everyone reads; IT coordination and board members create and edit them.

Objects given to the line/assessment permissions may be the proposal itself or the line (risk,
financing decision, …), so inline admin and views can ask about either.
"""

import rules

from governance.models import SteeringGroup, Tier
from governance.rules import (
    is_administrator,
    is_board_member,
    is_coordinator,
    is_ict_group_member,
    is_leadership_member,
    is_signed_in,
    member_of,
    member_of_parent_board,
)

from .models import (
    AWAITING_BOARD_STATES,
    EDITABLE_STATES,
    ActualCost,
    BenefitFollowUp,
    FinancingAmount,
    Project,
    ProjectState,
    Proposal,
    StatusReport,
)

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
    project = project_of(obj)
    if project is not None:
        return project.proposal
    return getattr(obj, "proposal", None)


def project_of(obj) -> Project | None:
    if isinstance(obj, Project):
        return obj
    if isinstance(obj, StatusReport | ActualCost | BenefitFollowUp):
        return obj.project
    return None


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


may_read_proposal = is_signed_in & (no_object | is_public | is_coordinator | is_owning_group_member
                                    | is_owning_board_member)
may_write_proposal = is_owning_group_member & is_editable
may_assess = is_owning_board_member & is_assessable

rules.add_perm("portfolio.view_proposal", may_read_proposal)
rules.add_perm("portfolio.add_proposal", may_create_proposal_in)
rules.add_perm("portfolio.change_proposal", may_write_proposal)
rules.add_perm("portfolio.delete_proposal", is_administrator)
rules.add_perm("portfolio.submit_proposal", is_owning_group_member)
rules.add_perm("portfolio.withdraw_proposal", is_owning_group_member)
rules.add_perm("portfolio.assess_proposal", is_owning_board_member)
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

# Programmes -------------------------------------------------------------------------------------

rules.add_perm("portfolio.view_programme", is_signed_in)
rules.add_perm("portfolio.add_programme", is_coordinator | is_board_member)
rules.add_perm("portfolio.change_programme", is_coordinator | is_board_member)
rules.add_perm("portfolio.delete_programme", is_administrator)

# Projects ---------------------------------------------------------------------------------------


@rules.predicate
def is_project_manager(user, obj) -> bool:
    project = project_of(obj)
    return project is not None and project.manager_id is not None and project.manager_id == user.pk


@rules.predicate
def is_project_open(_user, obj) -> bool:
    project = project_of(obj)
    return project is not None and project.state != ProjectState.CLOSED


may_manage_project = is_project_manager | is_owning_group_member | is_owning_board_member | is_coordinator
may_close_project = is_owning_board_member | is_coordinator

rules.add_perm("portfolio.view_project", is_signed_in)
rules.add_perm("portfolio.add_project", rules.always_deny)  # projects are created by approving a proposal
rules.add_perm("portfolio.change_project", may_manage_project & is_project_open)
rules.add_perm("portfolio.delete_project", is_administrator)
rules.add_perm("portfolio.manage_project", may_manage_project)  # complete, record benefit follow-up
rules.add_perm("portfolio.close_project", may_close_project)
rules.add_perm("portfolio.view_baselineyear", is_signed_in)
for model in ("statusreport", "actualcost", "benefitfollowup"):
    rules.add_perm(f"portfolio.view_{model}", is_signed_in)
    rules.add_perm(f"portfolio.add_{model}", may_manage_project & is_project_open)  # object: the project
    rules.add_perm(f"portfolio.change_{model}", may_manage_project & is_project_open)
    rules.add_perm(f"portfolio.delete_{model}", may_manage_project & is_project_open)

# IT plan ----------------------------------------------------------------------------------------
# - Read: everyone signed in reads a plan (and a version) once approved; drafts, proposed plans and
#   unapproved revisions are read by the plan's insiders: IT coordination, IT managers, board members and
#   the leadership group (ITPlan/ITPlanVersion.objects.visible_to agree).
# - Assemble, propose, reopen and revise: the IT manager (a seat with the IT manager role) or IT
#   coordination (and administrators).
# - Approve: members of the municipal leadership group (recorded as a decision of its meeting).


@rules.predicate
def is_it_manager(user) -> bool:
    from governance.models import GroupRole
    from governance.rules import access_of

    return any(s.role == GroupRole.IT_MANAGER for s in access_of(user).seats)


is_itplan_insider = is_coordinator | is_it_manager | is_board_member | is_leadership_member
may_assemble_itplan = is_coordinator | is_it_manager


@rules.predicate
def is_itplan_public(_user, obj) -> bool:
    """An approved version, or a plan with an approved version (no object: the list, filtered)."""
    from .models import ITPlan, ITPlanVersion

    if obj is None:
        return True
    if isinstance(obj, ITPlanVersion):
        return obj.approved_at is not None
    if isinstance(obj, ITPlan):
        return obj.versions.filter(approved_at__isnull=False).exists()
    return False


rules.add_perm("portfolio.view_itplan", is_signed_in & (is_itplan_insider | is_itplan_public))
rules.add_perm("portfolio.view_itplanversion", is_signed_in & (is_itplan_insider | is_itplan_public))
rules.add_perm("portfolio.assemble_itplan", may_assemble_itplan)
rules.add_perm("portfolio.add_itplan", may_assemble_itplan)
rules.add_perm("portfolio.propose_itplan", may_assemble_itplan)
rules.add_perm("portfolio.revise_itplan", may_assemble_itplan)
rules.add_perm("portfolio.approve_itplan", is_leadership_member)
rules.add_perm("portfolio.change_itplan", rules.always_deny)  # only through the workflow and assembly
rules.add_perm("portfolio.delete_itplan", is_administrator)
rules.add_perm("portfolio.follow_up_itplan", is_itplan_insider)

# Prioritisation (appended by the prioritisation area) ------------------------------------------
# Objects: a board (SteeringGroup, tier 2) for "view the board's prioritisation" and "run a scenario";
# a CriteriaModel for scoring and the chair's acts; a Scenario for reading and recommending it.
# The chair is the board's chair or convener (`is_group_convener`). Leadership scenarios have no board:
# the leadership group (and IT coordination) runs and settles them.


def _board_of(obj):
    from .models import CriteriaModel, Scenario

    if isinstance(obj, CriteriaModel | Scenario):
        return obj.board
    return obj if isinstance(obj, SteeringGroup) else None


@rules.predicate
def is_prioritising_board_member(user, obj) -> bool:
    board = _board_of(obj)
    return board is not None and member_of(user, board.pk)


@rules.predicate
def is_prioritising_board_chair(user, obj) -> bool:
    from governance.rules import is_group_convener

    board = _board_of(obj)
    return board is not None and is_group_convener(user, board)


@rules.predicate
def are_scores_open(_user, obj) -> bool:
    from .models import CriteriaModel

    return isinstance(obj, CriteriaModel) and obj.scores_open


@rules.predicate
def is_leadership_scope(_user, obj) -> bool:
    """No board: the leadership group's view across boards (object None or a scenario without board)."""
    return _board_of(obj) is None


may_read_prioritisation = is_coordinator | is_leadership_member | is_prioritising_board_member
rules.add_perm("portfolio.view_prioritisation",
               is_signed_in & (is_coordinator | is_leadership_member | (no_object & is_board_member)
                               | is_prioritising_board_member))
rules.add_perm("portfolio.score_proposals", is_prioritising_board_member)  # object: the criteria model
rules.add_perm("portfolio.view_all_scores",
               is_prioritising_board_chair | (are_scores_open & may_read_prioritisation))
rules.add_perm("portfolio.change_criteriamodel", is_prioritising_board_chair | is_coordinator)
rules.add_perm("portfolio.open_scores", is_prioritising_board_chair)
rules.add_perm("portfolio.set_final_score", is_prioritising_board_chair)
rules.add_perm("portfolio.run_scenario",  # object: the board, or None for the leadership view
               (~is_leadership_scope & is_prioritising_board_member)
               | (is_leadership_scope & (is_leadership_member | is_coordinator)))
rules.add_perm("portfolio.delete_scenario",  # whoever may run scenarios there; the service refuses kept ones
               (~is_leadership_scope & is_prioritising_board_member)
               | (is_leadership_scope & (is_leadership_member | is_coordinator)))
rules.add_perm("portfolio.view_scenario",
               is_coordinator | is_leadership_member | is_prioritising_board_member
               | (is_leadership_scope & is_board_member))
rules.add_perm("portfolio.recommend_scenario",
               (~is_leadership_scope & is_prioritising_board_chair)
               | (is_leadership_scope & (is_leadership_member | is_coordinator)))
rules.add_perm("portfolio.settle_scenario", is_leadership_scope & is_leadership_member)
