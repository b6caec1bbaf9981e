"""The procurement case's phases as a declared transition table, applied by governance's workflow engine.

Each phase has one forward transition; its precondition is the gate: every mandatory checklist item of
the current phase is done, not applicable (with a reason) or waived (with a reason, by IT coordination).
`case_advance_phase` is the one way to move a case on (views, demo and tests call it).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.exceptions import TransitionNotAllowed
from governance.workflow import Transition, Workflow

from .models import CaseItem, ProcurementCase
from .models.cases import blocking_items_q
from .models.phases import PHASE_ORDER, WORKING_PHASES, Phase, next_phase

ADVANCE = "procurement.advance_procurementcase"


def gate_blockers(case: ProcurementCase, phase: str | None = None) -> list[CaseItem]:
    """The mandatory items of `phase` (default: the current one) that keep the gate shut, in order."""
    phase = phase or case.phase
    return list(CaseItem.objects.filter(blocking_items_q(), case=case, phase=phase).order_by("order", "pk"))


def gate_is_open(case: ProcurementCase) -> str | None:
    blockers = gate_blockers(case)
    if not blockers:
        return None
    return _("These mandatory items of the phase are still open: %(items)s.") % {
        "items": "; ".join(item.text for item in blockers)
    }


def _advance(phase: Phase) -> Transition:
    target = next_phase(phase)
    label = (
        gettext_lazy("Close the case")
        if target == Phase.CLOSED
        else gettext_lazy("Move on to: %(phase)s") % {"phase": Phase(target).label}
    )
    return Transition(
        action=f"advance_{PHASE_ORDER.index(phase) + 1}",
        sources=frozenset({phase}),
        target=target,
        permission=ADVANCE,
        label=label,
        preconditions=(gate_is_open,),
        style="success",
        needs_confirmation=True,
    )  # the gate's page lists what still blocks it


case_workflow = Workflow(
    model=ProcurementCase,
    transitions=[_advance(p) for p in WORKING_PHASES],
    state_field="phase",
    url=lambda case, _t: reverse("procurement:case-advance", args=[case.pk]),
)


def case_advance_phase(*, case: ProcurementCase, actor, comment: str = "") -> ProcurementCase:
    """Move `case` to the phase after its current one, through the gate.

    Raises TransitionNotAllowed (the case is closed, or the gate's blocking items are listed) or
    PermissionDenied (the actor may not work on the case). Writes a StateChange audit row.
    """

    transitions = case_workflow.available(case)
    if not transitions:
        raise TransitionNotAllowed(_("The case is closed."))
    return case_workflow.apply(case, transitions[0].action, actor=actor, comment=comment)


def next_transition(case: ProcurementCase) -> Transition | None:
    transitions = case_workflow.available(case)
    return transitions[0] if transitions else None
