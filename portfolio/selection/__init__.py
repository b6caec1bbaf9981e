"""Portfolio selection: which proposals to fund within yearly budgets, and why.

Pure Python/numpy/scipy; no database and no Django settings needed (text is translated lazily when
Django is set up). See :mod:`portfolio.selection.engine` for the formulation.
"""

from .engine import budget_use, build_model, objective_values, rank_cutoff, solve
from .explain import explain
from .frontier import frontier
from .model import Budget, BudgetUse, Candidate, Explanation, FrontierPoint, Problem, SelectionResult
from .solvers import available_solvers, default_solver
from .text import format_sek
from .validate import validate

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
    "format_sek",
    "frontier",
    "objective_values",
    "rank_cutoff",
    "solve",
    "validate",
]
