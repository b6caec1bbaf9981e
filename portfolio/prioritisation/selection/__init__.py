"""Portfolio selection: which proposals to fund within yearly budgets, and why.

Pure Python/numpy/scipy; no database and no Django settings needed (text is translated lazily when
Django is set up). See :mod:`portfolio.prioritisation.selection.engine` for the formulation.
"""

from portfolio.prioritisation.selection.engine import budget_use, build_model, objective_values, rank_cutoff, solve
from portfolio.prioritisation.selection.explain import explain
from portfolio.prioritisation.selection.frontier import frontier
from portfolio.prioritisation.selection.model import (
    Budget,
    BudgetUse,
    Candidate,
    Explanation,
    FrontierPoint,
    Problem,
    SelectionResult,
)
from portfolio.prioritisation.selection.solvers import available_solvers, default_solver
from portfolio.prioritisation.selection.validate import validate

__all__ = [
    "Budget",
    "BudgetUse",
    "Candidate",
    "Explanation",
    "FrontierPoint",
    "Problem",
    "SelectionResult",
    "budget_use",
    "available_solvers",
    "build_model",
    "default_solver",
    "explain",
    "frontier",
    "objective_values",
    "rank_cutoff",
    "solve",
    "validate",
]
