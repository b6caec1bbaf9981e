"""Who may do what with projects and programmes.

- Projects: everyone signed in reads them; the project manager, the owning ICT group, its board and IT
  coordination report status, costs and benefit follow-up and move the project on; the board or IT
  coordination closes it.
- Programmes: everyone reads; IT coordination and board members create and edit them.
"""

import rules

from governance.rules import (
    is_administrator,
    is_board_member,
    is_coordinator,
    is_signed_in,
)
from portfolio.projects.models import ActualCost, BenefitFollowUp, Project, ProjectState, StatusReport
from portfolio.proposals.rules import is_owning_board_member, is_owning_group_member


def project_of(obj) -> Project | None:
    if isinstance(obj, Project):
        return obj
    if isinstance(obj, StatusReport | ActualCost | BenefitFollowUp):
        return obj.project
    return None


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
