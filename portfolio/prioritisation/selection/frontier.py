"""Efficient frontier: the best value reachable at each budget level, beside the plain rank cut-off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from portfolio.prioritisation.selection.engine import rank_cutoff, solve
from portfolio.prioritisation.selection.model import Budget, Candidate, FrontierPoint, money
from portfolio.prioritisation.selection.solvers import SolverName


def scaled_budgets(budgets: Sequence[Budget], level: float) -> list[Budget]:
    """Every limit multiplied by ``level`` (rounded to whole SEK)."""
    factor = Decimal(str(level))
    return [replace(b, limit=(money(b.limit) * factor).quantize(Decimal(1))) for b in budgets]


def frontier(
    candidates: Sequence[Candidate],
    budgets: Sequence[Budget],
    levels: Sequence[float],
    *,
    time_limit: float = 30.0,
    mip_rel_gap: float = 0.0,
    skip: bool = False,
    solver: SolverName | None = None,
) -> list[FrontierPoint]:
    """Value against budget: for each level (e.g. 0.5, 0.75, …, 1.5) all limits are scaled by it.

    Each point holds the optimum (with its status and proof) and the rank cut-off's value at the same
    limits, and the total budget (sum of the total yearly limits). Levels where the mandatory items do
    not fit give status 'infeasible' and no values; invalid input gives 'invalid' at every level.
    ``solver`` is passed to :func:`solve` (None: the default backend).
    """
    points = []
    for level in levels:
        scaled = scaled_budgets(budgets, level)
        best = solve(candidates, scaled, time_limit=time_limit, mip_rel_gap=mip_rel_gap, solver=solver)
        feasible = best.status in ("optimal", "time_limit")
        cutoff = rank_cutoff(candidates, scaled, skip=skip) if feasible else None
        points.append(
            FrontierPoint(
                level=float(level),
                total_budget=sum((money(b.limit) for b in scaled if b.is_total), Decimal(0)),
                optimal_value=best.objective if feasible else None,
                optimal_status=best.status,
                proven_optimal=best.proven_optimal,
                gap=best.gap,
                rank_cutoff_value=cutoff.objective if cutoff is not None else None,
                optimal_count=len(best.chosen),
                rank_cutoff_count=len(cutoff.chosen) if cutoff is not None else 0,
            )
        )
    return points
