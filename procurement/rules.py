"""Who may do what in the procurement model.

- Read cases, their checklist, evidence files, decisions, valuation and reuse check: everyone signed in,
  but a case opened for a proposal only those who may read the proposal (a draft is private to its ICT
  group, board and IT coordination); `ProcurementCase.objects.visible_to(user)` agrees.
- Open a case: IT coordination; members of the proposal's ICT group (object: the proposal); the system
  manager or owner (object: the system); without an object, anyone who could do one of those.
- Work on an open case (checklist items, valuation, reuse check, system registration, follow-ups) and
  move it to the next phase: the responsible person, members of the proposal's ICT group and IT
  coordination (and administrators).
- Waive a mandatory item: IT coordination only.
- Record the delegated decision: IT coordination, or the person holding the delegation at the level the
  case's value requires or a higher one.
- Checklist templates and decision thresholds: IT coordination edits; everyone reads.
"""

import rules

from governance.rules import (
    is_administrator,
    is_coordinator,
    is_ict_group_member,
    is_it_coordination,
    is_signed_in,
    member_of,
)
from maintenance_plans.models import System
from portfolio.models import Proposal

from .delegation import level_for
from .models import (
    CaseItem,
    ContractFollowUp,
    DecisionThreshold,
    OperationFormValuation,
    ProcurementCase,
    ReuseCheck,
    ValuationOption,
)


def case_of(obj) -> ProcurementCase | None:
    if isinstance(obj, ProcurementCase):
        return obj
    if isinstance(obj, CaseItem | ContractFollowUp | OperationFormValuation | ReuseCheck):
        return obj.case
    if isinstance(obj, ValuationOption):
        return obj.valuation.case
    return None


@rules.predicate
def is_responsible(user, obj) -> bool:
    case = case_of(obj)
    return case is not None and case.responsible_id == user.pk


@rules.predicate
def is_proposal_group_member(user, obj) -> bool:
    case = case_of(obj)
    return case is not None and case.proposal_id is not None and member_of(user, case.proposal.owning_group_id)


@rules.predicate
def may_read_case(user, obj) -> bool:
    """Without an object: signed in. With one: its proposal (if any) is readable to ``user``."""
    if not getattr(user, "is_authenticated", False):
        return False
    case = case_of(obj)
    if case is None or case.proposal_id is None:
        return True
    return user.has_perm("portfolio.view_proposal", case.proposal)


@rules.predicate
def is_case_open(_user, obj) -> bool:
    case = case_of(obj)
    return case is not None and not case.is_closed


@rules.predicate
def may_open_case_for(user, obj) -> bool:
    """Object: a Proposal (its ICT group), a System (its manager or owner), or None (any of those)."""

    if obj is None:
        return is_ict_group_member(user) or System.objects.managed_by(user).exists()
    if isinstance(obj, Proposal):
        return member_of(user, obj.owning_group_id)
    if isinstance(obj, System):
        return user.pk in obj.responsible_user_ids()
    return False


@rules.predicate
def holds_required_delegation(user, obj) -> bool:
    """The person holding the delegation at the level the case requires, or a higher level."""
    case = case_of(obj)
    if case is None or not getattr(user, "is_authenticated", False):
        return False
    thresholds = list(DecisionThreshold.objects.all())
    required = level_for(case.estimated_value, thresholds)
    return required is not None and any(t.decider_id == user.pk and t.rank >= required.rank for t in thresholds)


may_work_on_case = (is_coordinator | is_responsible | is_proposal_group_member) & is_case_open

rules.add_perm("procurement.view_procurementcase", may_read_case)
rules.add_perm("procurement.add_procurementcase", is_coordinator | may_open_case_for)
rules.add_perm("procurement.change_procurementcase", may_work_on_case)
rules.add_perm("procurement.work_procurementcase", may_work_on_case)
rules.add_perm("procurement.advance_procurementcase", may_work_on_case)
rules.add_perm("procurement.delete_procurementcase", is_administrator)
rules.add_perm("procurement.waive_caseitem", is_it_coordination & is_case_open)
rules.add_perm("procurement.record_procurementdecision", (is_coordinator | holds_required_delegation) & is_case_open)
rules.add_perm("procurement.view_procurementcase_history", may_read_case)

for model in (
    "caseitem",
    "contractfollowup",
    "operationformvaluation",
    "valuationoption",
    "reusecheck",
    "procurementdecision",
):
    rules.add_perm(f"procurement.view_{model}", is_signed_in)
for model in ("caseitem", "contractfollowup", "operationformvaluation", "valuationoption", "reusecheck"):
    rules.add_perm(f"procurement.add_{model}", may_work_on_case)
    rules.add_perm(f"procurement.change_{model}", may_work_on_case)
    rules.add_perm(f"procurement.delete_{model}", is_administrator)
rules.add_perm("procurement.add_procurementdecision", rules.always_deny)  # only through decision_record
rules.add_perm("procurement.change_procurementdecision", is_administrator)
rules.add_perm("procurement.delete_procurementdecision", is_administrator)

for model in ("checklisttemplate", "checklisttemplateitem", "decisionthreshold"):
    rules.add_perm(f"procurement.view_{model}", is_signed_in)
    rules.add_perm(f"procurement.add_{model}", is_coordinator)
    rules.add_perm(f"procurement.change_{model}", is_coordinator)
    rules.add_perm(f"procurement.delete_{model}", is_administrator)
rules.add_perm("procurement.publish_checklisttemplate", is_coordinator)
rules.add_perm("procurement.view_overview", is_signed_in)
