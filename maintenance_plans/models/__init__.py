"""The system register and the yearly maintenance plans."""

from .plans import (
    EDITABLE_STATES,
    ActivityKind,
    CostType,
    MaintenancePlan,
    PlanActivity,
    PlanBudgetLine,
    PlanState,
)
from .register import ClassificationLevel, InformationType, Integration, Lifecycle, OperationForm, System, SystemKind

__all__ = [
    "EDITABLE_STATES",
    "ActivityKind",
    "ClassificationLevel",
    "CostType",
    "InformationType",
    "Integration",
    "Lifecycle",
    "MaintenancePlan",
    "OperationForm",
    "PlanActivity",
    "PlanBudgetLine",
    "PlanState",
    "System",
    "SystemKind",
]
