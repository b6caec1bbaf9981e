"""Who may do what in prioritisation: criteria, scores, final scores and scenarios (see below)."""

import rules

from governance.models import SteeringGroup
from governance.rules import (
    is_board_member,
    is_coordinator,
    is_group_convener,
    is_leadership_member,
    is_signed_in,
    member_of,
)
from portfolio.prioritisation.models import CriteriaModel, Scenario
from portfolio.proposals.rules import no_object

# Prioritisation -------------------------------------------------------------------------------------
# Objects: a board (SteeringGroup, tier 2) for "view the board's prioritisation" and "run a scenario";
# a CriteriaModel for scoring and the chair's acts; a Scenario for reading and recommending it.
# The chair is the board's chair or convener (`is_group_convener`). Leadership scenarios have no board:
# the leadership group (and IT coordination) runs and settles them.


def _board_of(obj):
    if isinstance(obj, CriteriaModel | Scenario):
        return obj.board
    return obj if isinstance(obj, SteeringGroup) else None


@rules.predicate
def is_prioritising_board_member(user, obj) -> bool:
    board = _board_of(obj)
    return board is not None and member_of(user, board.pk)


@rules.predicate
def is_prioritising_board_chair(user, obj) -> bool:
    board = _board_of(obj)
    return board is not None and is_group_convener(user, board)


@rules.predicate
def are_scores_open(_user, obj) -> bool:
    return isinstance(obj, CriteriaModel) and obj.scores_open


@rules.predicate
def is_leadership_scope(_user, obj) -> bool:
    """No board: the leadership group's view across boards (object None or a scenario without board)."""
    return _board_of(obj) is None


may_read_prioritisation = is_coordinator | is_leadership_member | is_prioritising_board_member
rules.add_perm(
    "portfolio.view_prioritisation",
    is_signed_in
    & (is_coordinator | is_leadership_member | (no_object & is_board_member) | is_prioritising_board_member),
)
rules.add_perm("portfolio.score_proposals", is_prioritising_board_member)  # object: the criteria model
rules.add_perm("portfolio.view_all_scores", is_prioritising_board_chair | (are_scores_open & may_read_prioritisation))
rules.add_perm("portfolio.change_criteriamodel", is_prioritising_board_chair | is_coordinator)
rules.add_perm("portfolio.open_scores", is_prioritising_board_chair)
rules.add_perm("portfolio.set_final_score", is_prioritising_board_chair)
rules.add_perm(
    "portfolio.run_scenario",  # object: the board, or None for the leadership view
    (~is_leadership_scope & is_prioritising_board_member)
    | (is_leadership_scope & (is_leadership_member | is_coordinator)),
)
rules.add_perm(
    "portfolio.delete_scenario",  # whoever may run scenarios there; the service refuses kept ones
    (~is_leadership_scope & is_prioritising_board_member)
    | (is_leadership_scope & (is_leadership_member | is_coordinator)),
)
rules.add_perm(
    "portfolio.view_scenario",
    is_coordinator | is_leadership_member | is_prioritising_board_member | (is_leadership_scope & is_board_member),
)
rules.add_perm(
    "portfolio.recommend_scenario",
    (~is_leadership_scope & is_prioritising_board_chair)
    | (is_leadership_scope & (is_leadership_member | is_coordinator)),
)
rules.add_perm("portfolio.settle_scenario", is_leadership_scope & is_leadership_member)
