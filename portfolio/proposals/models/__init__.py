"""Proposals with their benefit calculation (cost and benefit lines) and their assessment (risks, financing)."""

from portfolio.proposals.models.assessment import Consequence, FinancingAmount, FinancingDecision, Probability, Risk
from portfolio.proposals.models.calculation import (
    DEFAULT_COST_TYPE,
    BenefitLine,
    BenefitType,
    CostCategory,
    CostLine,
    CostType,
    Payer,
    Stakeholder,
)
from portfolio.proposals.models.proposal import (
    AWAITING_BOARD_STATES,
    CLOSED_STATES,
    EDITABLE_STATES,
    MAX_CALCULATION_YEARS,
    MONEY,
    OPEN_STATES,
    PRIVATE_STATES,
    AreaOfOperation,
    Proposal,
    ProposalState,
    private_q,
)

__all__ = [
    "AWAITING_BOARD_STATES",
    "CLOSED_STATES",
    "DEFAULT_COST_TYPE",
    "EDITABLE_STATES",
    "MAX_CALCULATION_YEARS",
    "MONEY",
    "OPEN_STATES",
    "PRIVATE_STATES",
    "AreaOfOperation",
    "BenefitLine",
    "BenefitType",
    "Consequence",
    "CostCategory",
    "CostLine",
    "CostType",
    "FinancingAmount",
    "FinancingDecision",
    "Payer",
    "Probability",
    "Proposal",
    "ProposalState",
    "Risk",
    "Stakeholder",
    "private_q",
]
