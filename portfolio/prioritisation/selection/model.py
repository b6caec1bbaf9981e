"""Plain data for the selection engine: candidates, budgets, problems, results and explanations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from portfolio.prioritisation.selection.text import render


def as_decimal(amount: object) -> Decimal | None:
    """``amount`` as a finite Decimal (from Decimal, int, float or numeric str), else None."""
    if isinstance(amount, bool):
        return None
    try:
        number = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def money(amount: object) -> Decimal:
    """``amount`` as Decimal for arithmetic on validated input (0 for anything unusable)."""
    number = as_decimal(amount)
    return number if number is not None else Decimal(0)


Status = Literal["optimal", "time_limit", "feasible", "infeasible", "invalid"]


@dataclass(frozen=True)
class Candidate:
    """A proposal that can be chosen.

    ``costs`` maps year to SEK for that year (all cost types together). ``cost_types`` optionally splits
    costs by (year, cost type); it is used only by budgets that name a cost type. ``requires`` holds
    keys this candidate needs (A needs B: A only if B); ``excludes`` keys it cannot be combined with
    (either side may state an exclusion).
    """

    key: str
    label: str
    value: float
    costs: Mapping[int, Decimal]
    administration: str | None = None
    cost_types: Mapping[tuple[int, str], Decimal] | None = None
    mandatory: bool = False
    requires: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Budget:
    """A yearly limit in SEK: total, or for one administration and/or one cost type."""

    year: int
    limit: Decimal
    administration: str | None = None
    cost_type: str | None = None

    @property
    def scope(self) -> tuple[int, str | None, str | None]:
        return (self.year, self.administration, self.cost_type)

    @property
    def is_total(self) -> bool:
        return self.administration is None and self.cost_type is None


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input (or why it is infeasible): a code, plain parameters and words."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.params)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class BudgetUse:
    """How much of one budget a selection uses; ``slack`` = limit − used (negative if exceeded)."""

    budget: Budget
    used: Decimal

    @property
    def slack(self) -> Decimal:
        return money(self.budget.limit) - self.used


@dataclass(frozen=True)
class SelectionResult:
    """The outcome of :func:`solve` or :func:`rank_cutoff`.

    ``status``: 'optimal' (the solver finished: no better set exists beyond ``mip_rel_gap``; with
    ``proven_optimal`` True only when no better set exists at all: gap ≤ 1e-9, or under the grid the
    values lie on),
    'time_limit' (best set found when time ran out; ``gap`` says how far from proven it may be),
    'infeasible' (no set satisfies the rules; ``infeasibility`` says why) or 'invalid' (bad input;
    ``problems`` says what). A rank cut-off that respects every rule has status 'feasible': a valid
    selection with no claim of optimality (``proven_optimal`` is always False for it).

    ``budgets`` holds the exact use and slack of every budget by ``chosen``; for an infeasible result,
    by the mandatory items (and what they need), which is what breaks the budgets.
    """

    method: Literal["milp", "rank_cutoff"]
    status: Status
    chosen: tuple[str, ...] = ()
    objective: float = 0.0
    proven_optimal: bool = False
    gap: float | None = None
    solve_seconds: float = 0.0
    budgets: tuple[BudgetUse, ...] = ()
    problems: tuple[Problem, ...] = ()
    infeasibility: tuple[Problem, ...] = ()
    dual_bound: float | None = None

    @property
    def slack(self) -> dict[Budget, Decimal]:
        return {use.budget: use.slack for use in self.budgets}

    @property
    def total_cost(self) -> Decimal:
        """Sum of the chosen set's use of the total (all administrations, all cost types) budgets."""
        return sum((use.used for use in self.budgets if use.budget.is_total), Decimal(0))

    @property
    def messages(self) -> list[str]:
        return [problem.message for problem in (*self.problems, *self.infeasibility)]


@dataclass(frozen=True)
class FrontierPoint:
    """One budget level on the efficient frontier: optimum and rank cut-off at scaled limits."""

    level: float
    total_budget: Decimal
    optimal_value: float | None
    optimal_status: Status
    proven_optimal: bool
    gap: float | None
    rank_cutoff_value: float | None
    optimal_count: int
    rank_cutoff_count: int


@dataclass(frozen=True)
class Explanation:
    """Why one candidate is in or out: a reason code with parameters, and words on demand."""

    key: str
    chosen: bool
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.params)
