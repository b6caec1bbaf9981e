"""Procurement records: the versioned checklist template, cases with their checklist items and gates,
delegated decisions, the operation-form valuation, the reuse check and contract follow-up."""

from .cases import (
    PHASE_ORDER,
    WORKING_PHASES,
    CaseItem,
    CaseItemStatus,
    ContractFollowUp,
    Phase,
    Procedure,
    ProcurementCase,
)
from .decisions import DecisionLevel, DecisionThreshold, ProcurementDecision
from .reuse import ReuseCheck, ReuseOutcome
from .templates import ChecklistTemplate, ChecklistTemplateItem
from .valuation import OperationFormValuation, ValuationOption

__all__ = [
    "PHASE_ORDER",
    "WORKING_PHASES",
    "CaseItem",
    "CaseItemStatus",
    "ChecklistTemplate",
    "ChecklistTemplateItem",
    "ContractFollowUp",
    "DecisionLevel",
    "DecisionThreshold",
    "OperationFormValuation",
    "Phase",
    "Procedure",
    "ProcurementCase",
    "ProcurementDecision",
    "ReuseCheck",
    "ReuseOutcome",
    "ValuationOption",
]
