"""Reads of the procurement model: the case list, one case with everything its page shows, the overview."""

from collections import Counter
from datetime import timedelta

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from governance.workflow import state_changes_for
from maintenance_plans.models import System

from .delegation import required_decision_level
from .models import (
    WORKING_PHASES,
    CaseItem,
    CaseItemStatus,
    ContractFollowUp,
    OperationFormValuation,
    Phase,
    ProcurementCase,
    ProcurementDecision,
    ReuseCheck,
)
from .models.cases import blocking_items_q


def case_list(*, user):
    """Cases `user` may read, with the joins the list shows and `is_blocked`, `open_mandatory` annotations."""
    return (
        ProcurementCase.objects.visible_to(user)
        .with_gate()
        .select_related("responsible", "proposal", "system")
        .annotate(waiver_count=Count("items", filter=Q(items__status=CaseItemStatus.WAIVED)))
    )


def case_get(*, user, pk: int) -> ProcurementCase:
    """One case `user` may read (404 for hidden and missing alike)."""
    return get_object_or_404(
        ProcurementCase.objects.visible_to(user).select_related(
            "responsible", "proposal__owning_group", "system__system_manager", "template", "created_by"
        ),
        pk=pk,
    )


def case_detail(*, case: ProcurementCase) -> dict:
    """Everything the case page and the audit pack show, in a fixed number of queries."""
    items = list(case.items.select_related("completed_by").order_by("order", "pk"))
    by_phase = []
    for phase in WORKING_PHASES:
        phase_items = [i for i in items if i.phase == phase]
        blockers = [i for i in phase_items if not i.passes_gate]
        by_phase.append(
            {
                "phase": phase,
                "label": phase.label,
                "items": phase_items,
                "blockers": blockers,
                "is_current": case.phase == phase,
                "is_passed": case.phase_index > WORKING_PHASES.index(phase) if case.phase != Phase.CLOSED else True,
            }
        )
    current_blockers = [i for i in items if i.phase == case.phase and not i.passes_gate]
    decisions = list(
        ProcurementDecision.objects.filter(case=case).select_related(
            "decided_by", "recorded_by", "governance_decision__meeting"
        )
    )
    valuation = OperationFormValuation.objects.filter(case=case).select_related("confirmed_by").first()
    reuse_check = (
        ReuseCheck.objects.filter(case=case).select_related("reused_system", "coordinate_with", "decided_by").first()
    )
    state_changes = list(state_changes_for(case))  # StateChange labels its phases through the workflow
    return {
        "items": items,
        "phases": by_phase,
        "blockers": current_blockers,
        "waivers": [i for i in items if i.status == CaseItemStatus.WAIVED],
        "required_level": required_decision_level(case.estimated_value),
        "decisions": decisions,
        "valuation": valuation,
        "valuation_options": list(valuation.options.all()) if valuation else [],
        "reuse_check": reuse_check,
        "follow_ups": list(case.follow_ups.select_related("responsible")),
        "state_changes": state_changes,
    }


def overview(*, user, today=None) -> dict:
    """Cases by phase, blocked gates, waivers given, contracts ending within 12 months."""
    today = today or timezone.localdate()
    cases = ProcurementCase.objects.visible_to(user)
    counts = Counter(dict(cases.values_list("phase").annotate(n=Count("pk")).values_list("phase", "n")))
    by_phase = [
        {"phase": p, "label": Phase(p).label, "count": counts.get(p, 0)} for p in (*WORKING_PHASES, Phase.CLOSED)
    ]
    blocked = list(case_list(user=user).filter(is_blocked=True).exclude(phase=Phase.CLOSED).order_by("reference")[:50])
    blocker_counts = (
        dict(
            CaseItem.objects.filter(blocking_items_q(), case__in=[c.pk for c in blocked])
            .filter(phase=F("case__phase"))
            .values_list("case_id")
            .annotate(n=Count("pk"))
            .values_list("case_id", "n")
        )
        if blocked
        else {}
    )
    for c in blocked:
        c.blocker_count = blocker_counts.get(c.pk, 0)
    waivers = list(
        CaseItem.objects.visible_to(user)
        .filter(status=CaseItemStatus.WAIVED)
        .select_related("case", "completed_by")
        .order_by("-completed_at")[:50]
    )
    horizon = today + timedelta(days=365)
    ending = list(
        System.objects.active()
        .contract_ending_between(today, horizon)
        .select_related("system_manager")
        .order_by("contract_end", "name")[:100]
    )
    follow_ups = list(
        ContractFollowUp.objects.filter(done_on__isnull=True, due_on__lte=horizon)
        .select_related("case", "responsible")
        .order_by("due_on")[:50]
    )
    return {
        "by_phase": by_phase,
        "blocked": blocked,
        "waivers": waivers,
        "ending": ending,
        "follow_ups": follow_ups,
        "total": sum(counts.values()),
        "today": today,
    }
