"""Who may do what with the IT plan (see the comment block below)."""

import rules

from governance.rules import (
    is_administrator,
    is_coordinator,
    is_it_manager,
    is_leadership_member,
    is_signed_in,
    is_steering_insider,
)
from portfolio.itplan.models import ITPlan, ITPlanVersion

# IT plan ----------------------------------------------------------------------------------------
# - Read: everyone signed in reads a plan (and a version) once approved; drafts, proposed plans and
#   unapproved revisions are read by the plan's insiders: IT coordination, IT managers, board members and
#   the leadership group (ITPlan/ITPlanVersion.objects.visible_to agree).
# - Assemble, propose, reopen and revise: the IT manager (a seat with the IT manager role) or IT
#   coordination (and administrators).
# - Approve: members of the municipal leadership group (recorded as a decision of its meeting).


is_itplan_insider = is_steering_insider
may_assemble_itplan = is_coordinator | is_it_manager


@rules.predicate
def is_itplan_public(_user, obj) -> bool:
    """An approved version, or a plan with an approved version (no object: the list, filtered)."""
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
