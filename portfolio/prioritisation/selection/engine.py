"""The selection engine: the best set of candidates within yearly budgets, as a 0/1 integer program.

Formulation (x_i = 1 when candidate i is chosen)::

    maximise    Σ value_i · x_i
    subject to  Σ_{i in scope(b)} cost_i(b) · x_i ≤ limit_b    for every Budget b
                x_a ≤ x_b                                      for every "a requires b"
                x_a + x_b ≤ 1                                  for every exclusion {a, b}
                x_i = 1                                        for mandatory items and all they need
                x_i = 0                                        for items excluded by those
                x_i ∈ {0, 1}

where scope(b) is every candidate (total budget) or those of one administration, and cost_i(b) is the
candidate's cost in the budget's year, or its cost of the budget's cost type in that year. Costs enter
in SEK, unscaled, so the solver's feasibility tolerance (1e-6) is far below one öre; every reported
figure (use, slack) is recomputed exactly in Decimal from the chosen set.

Solved by HiGHS (highspy) or HiGHS through :func:`scipy.optimize.milp` (see :mod:`.solvers`),
starting from the greedy fill. The model is built with numpy/scipy.sparse in a few milliseconds for
thousands of candidates. :func:`rank_cutoff` is the spreadsheet practice to
compare with, and is instant.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import numpy as np
from scipy import sparse

from portfolio.prioritisation.selection import solvers
from portfolio.prioritisation.selection.model import Budget, BudgetUse, Candidate, Problem, SelectionResult, money
from portfolio.prioritisation.selection.solvers import SolverName
from portfolio.prioritisation.selection.validate import (
    closure,
    exclusion_pairs,
    forced_items,
    requirement_graph,
    validate,
)

#: Slack allowed when budgets are checked in floating point (SEK); exact checks use Decimal.
FLOAT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Model:
    """The numeric form of valid input, shared by the solver, the rank cut-off and the explanations."""

    candidates: tuple[Candidate, ...]
    budgets: tuple[Budget, ...]
    index: dict[str, int]
    values: np.ndarray  # (n,)
    costs: np.ndarray  # (budgets, n): cost of each candidate in each budget's scope, SEK
    limits: np.ndarray  # (budgets,)
    total_cost: np.ndarray  # (n,) all years together, SEK
    requires: np.ndarray  # (k, 2) pairs (a, b): a needs b
    excludes: np.ndarray  # (e, 2) pairs (a, b), a < b
    graph: dict[str, tuple[str, ...]]
    forced: dict[str, str]  # key -> mandatory key that forces it
    forced_mask: np.ndarray  # (n,) bool
    blocked_mask: np.ndarray  # (n,) bool: excluded by a forced item


def build_model(candidates: Sequence[Candidate], budgets: Sequence[Budget]) -> Model:
    """Arrays for valid input (call :func:`validate` first)."""
    candidates = tuple(candidates)
    budgets = tuple(budgets)
    n = len(candidates)
    index = {c.key: i for i, c in enumerate(candidates)}
    years = sorted({b.year for b in budgets})
    year_row = {year: r for r, year in enumerate(years)}
    by_year = np.zeros((len(years), n))
    total_cost = np.zeros(n)
    typed_needed = {(b.year, b.cost_type) for b in budgets if b.cost_type is not None}
    typed: dict[tuple[int, str], np.ndarray] = {scope: np.zeros(n) for scope in typed_needed}
    administrations = sorted({c.administration for c in candidates if c.administration is not None})
    admin_code = {a: k for k, a in enumerate(administrations)}
    admin_of = np.full(n, -1)
    for i, candidate in enumerate(candidates):
        if candidate.administration is not None:
            admin_of[i] = admin_code[candidate.administration]
        for year, amount in candidate.costs.items():
            cost = float(amount)
            total_cost[i] += cost
            row = year_row.get(year)
            if row is not None:
                by_year[row, i] = cost
        if candidate.cost_types and typed:
            for scope, amount in candidate.cost_types.items():
                vector = typed.get(scope)
                if vector is not None:
                    vector[i] = float(amount)
    costs = np.zeros((len(budgets), n))
    for r, budget in enumerate(budgets):
        row = typed[(budget.year, budget.cost_type)] if budget.cost_type is not None else by_year[year_row[budget.year]]
        if budget.administration is not None:
            mask = admin_of == admin_code.get(budget.administration, -2)
            costs[r] = np.where(mask, row, 0.0)
        else:
            costs[r] = row
    graph = requirement_graph(candidates)
    requires = np.array([(index[a], index[b]) for a, needs in graph.items() for b in needs], dtype=np.int64)
    excludes = np.array([(index[a], index[b]) for a, b in exclusion_pairs(candidates)], dtype=np.int64)
    forced = forced_items(candidates, graph)
    forced_mask = np.zeros(n, dtype=bool)
    forced_mask[[index[k] for k in forced]] = True
    blocked_mask = np.zeros(n, dtype=bool)
    for a, b in excludes.reshape(-1, 2):
        if forced_mask[a]:
            blocked_mask[b] = True
        if forced_mask[b]:
            blocked_mask[a] = True
    return Model(
        candidates=candidates,
        budgets=budgets,
        index=index,
        values=np.array([float(c.value) for c in candidates]),
        costs=costs,
        limits=np.array([float(b.limit) for b in budgets]),
        total_cost=total_cost,
        requires=requires.reshape(-1, 2),
        excludes=excludes.reshape(-1, 2),
        graph=graph,
        forced=forced,
        forced_mask=forced_mask,
        blocked_mask=blocked_mask,
    )


def budget_use(
    candidates: Sequence[Candidate], budgets: Sequence[Budget], chosen: Sequence[str]
) -> tuple[BudgetUse, ...]:
    """Exact (Decimal) use of every budget by the candidates in ``chosen``."""
    chosen_set = set(chosen)
    totals: dict[tuple[int, str | None], Decimal] = defaultdict(Decimal)
    typed: dict[tuple[int, str, str | None], Decimal] = defaultdict(Decimal)
    for candidate in candidates:
        if candidate.key not in chosen_set:
            continue
        for year, amount in candidate.costs.items():
            totals[(year, candidate.administration)] += money(amount)
        for (year, cost_type), amount in (candidate.cost_types or {}).items():
            typed[(year, cost_type, candidate.administration)] += money(amount)
    uses = []
    for budget in budgets:
        if budget.cost_type is None:
            parts = (v for (y, a), v in totals.items() if y == budget.year and budget.administration in (None, a))
        else:
            parts = (
                v
                for (y, t, a), v in typed.items()
                if y == budget.year and t == budget.cost_type and budget.administration in (None, a)
            )
        uses.append(BudgetUse(budget, sum(parts, Decimal(0))))
    return tuple(uses)


def _forced_overruns(model: Model) -> tuple[Problem, ...]:
    keys = [c.key for c in model.candidates if c.key in model.forced]
    return tuple(
        Problem(
            "mandatory_over_budget",
            {
                "year": use.budget.year,
                "administration": use.budget.administration,
                "cost_type": use.budget.cost_type,
                "amount": -use.slack,
            },
        )
        for use in budget_use(model.candidates, model.budgets, keys)
        if use.slack < 0
    )


def _result(
    model: Model,
    method: Literal["milp", "rank_cutoff"],
    status: str,
    chosen_mask: np.ndarray,
    started: float,
    **extra: object,
) -> SelectionResult:
    chosen = tuple(c.key for c, on in zip(model.candidates, chosen_mask, strict=True) if on)
    return SelectionResult(
        method=method,
        status=status,  # type: ignore[arg-type]
        chosen=chosen,
        objective=float(model.values[chosen_mask].sum()),
        budgets=budget_use(model.candidates, model.budgets, chosen),
        solve_seconds=time.perf_counter() - started,
        **extra,  # type: ignore[arg-type]
    )


def _prepare(
    candidates: Sequence[Candidate], budgets: Sequence[Budget], method: Literal["milp", "rank_cutoff"], started: float
) -> Model | SelectionResult:
    """The model, or the 'invalid' / 'infeasible' result when there is nothing to solve."""
    problems = validate(candidates, budgets)
    if problems:
        return SelectionResult(
            method=method, status="invalid", problems=tuple(problems), solve_seconds=time.perf_counter() - started
        )
    model = build_model(candidates, budgets)
    overruns = _forced_overruns(model)
    if overruns:
        return SelectionResult(
            method=method,
            status="infeasible",
            infeasibility=overruns,
            budgets=budget_use(model.candidates, model.budgets, list(model.forced)),
            solve_seconds=time.perf_counter() - started,
        )
    return model


def constraint_matrix(model: Model) -> tuple[sparse.csr_array, np.ndarray]:
    """All rows ``A x ≤ ub``: budgets, then requirements, then exclusions."""
    n = len(model.candidates)
    budget_rows = sparse.csr_array(model.costs)
    k, e = len(model.requires), len(model.excludes)
    rows = np.concatenate([np.repeat(np.arange(k), 2), k + np.repeat(np.arange(e), 2)])
    cols = np.concatenate([model.requires.ravel(), model.excludes.ravel()])
    data = np.concatenate([np.tile([1.0, -1.0], k), np.ones(2 * e)])
    logic_rows = sparse.csr_array((data, (rows, cols)), shape=(k + e, n))
    matrix = sparse.vstack([budget_rows, logic_rows], format="csr")
    ub = np.concatenate([model.limits, np.zeros(k), np.ones(e)])
    return matrix, ub


def solve(
    candidates: Sequence[Candidate],
    budgets: Sequence[Budget],
    *,
    time_limit: float = 30.0,
    mip_rel_gap: float = 0.0,
    solver: SolverName | None = None,
) -> SelectionResult:
    """The set of candidates with the greatest total value within every budget and rule.

    Never raises on bad input: returns status 'invalid' with ``problems``, or 'infeasible' with
    ``infeasibility`` in words (e.g. "Mandatory items alone exceed the 2027 budget by 1.2 mnkr").
    Since costs are never negative, the rules can only be unsatisfiable when the mandatory items (and
    what they need) break a budget, which is checked before the solver runs.

    ``solver`` picks the backend ('highs' or 'scipy'; see :mod:`portfolio.prioritisation.selection.solvers`);
    None takes the best installed one (:func:`~portfolio.prioritisation.selection.solvers.default_solver`). A named
    backend that is not installed raises ValueError. The greedy fill (:func:`rank_cutoff` with
    ``skip=True``) is the starting set where the backend takes one, and the answer when the time limit
    leaves the solver no time at all.

    Status 'optimal' means the solver finished: within ``mip_rel_gap`` (relative) of the best bound it
    proved. ``proven_optimal`` is stricter and holds only when no better set can exist: the solver
    finished and the remaining gap is at most 1e-9 relative, or smaller than the grid all values lie
    on (values with four decimals: 0.0001), below which two sets cannot differ. At the time limit the
    best set found so far is returned with status 'time_limit' and the remaining ``gap``; ``dual_bound``
    is the proved upper bound on the best value. ``solve_seconds`` covers the whole call: checks,
    model build and solver.
    """
    started = time.perf_counter()
    name = solvers.default_solver() if solver is None else solver
    if name not in solvers.SOLVERS:
        raise ValueError(f"unknown solver {name!r}; choose from {', '.join(solvers.SOLVERS)}")
    if name not in solvers.available_solvers():
        raise ValueError(f"solver {name!r} is not installed")
    prepared = _prepare(candidates, budgets, "milp", started)
    if isinstance(prepared, SelectionResult):
        return prepared
    model = prepared
    n = len(model.candidates)
    if n == 0:
        return _result(model, "milp", "optimal", np.zeros(0, dtype=bool), started, proven_optimal=True, gap=0.0)
    problem = mip_problem(model)
    remaining = float(time_limit) - (time.perf_counter() - started)
    if remaining <= 0:
        return _result(model, "milp", "time_limit", problem.start > 0.5, started)
    outcome = solvers.run(problem, solver=name, time_limit=remaining, mip_rel_gap=float(mip_rel_gap))
    if outcome.status == "infeasible":
        return SelectionResult(
            method="milp",
            status="infeasible",
            infeasibility=(Problem("solver_infeasible", {"detail": outcome.message}),),
            solve_seconds=time.perf_counter() - started,
        )
    chosen_mask = problem.start > 0.5
    if outcome.x is not None:
        found = np.asarray(outcome.x) > 0.5
        if _satisfies(problem, found) and model.values[found].sum() >= model.values[chosen_mask].sum():
            chosen_mask = found
    value = float(model.values[chosen_mask].sum())
    bound = outcome.dual_bound
    if outcome.status == "optimal" and bound is None:
        bound = value
    if bound is not None and problem.quantum is not None:
        # Every set's value lies on the grid, so the best possible one is at most the bound rounded
        # down to it: a bound less than one step above the value proves the value optimal (gap 0).
        bound = value + math.floor((bound - value) / problem.quantum + 1e-6) * problem.quantum
    if bound is not None:
        bound = max(bound, value)  # the value is reached; a bound below it is solver tolerance
    gap = _relative_gap(value, bound)
    finished = outcome.status == "optimal"
    proven = finished and bound is not None and _no_better_set(value, bound, problem.quantum)
    return _result(
        model,
        "milp",
        "optimal" if finished else "time_limit",
        chosen_mask,
        started,
        proven_optimal=proven,
        gap=gap,
        dual_bound=bound,
    )


#: Relative gap under which a finished search counts as proof when the values lie on no grid.
PROOF_REL_GAP = 1e-9


def _no_better_set(value: float, bound: float, quantum: float | None) -> bool:
    """True when the bound leaves no room for a better set (see :func:`solve`)."""
    room = bound - value
    if quantum is not None and room < quantum * (1.0 - 1e-6):
        return True
    return room <= PROOF_REL_GAP * max(abs(value), 1e-12)


def _relative_gap(value: float, bound: float | None) -> float | None:
    """(bound − value) / |value| as HiGHS defines it; 0 when both are 0, None when unknown."""
    if bound is None:
        return None
    room = max(bound - value, 0.0)
    if room == 0.0:
        return 0.0
    return room / abs(value) if value != 0 else None


def _satisfies(problem: solvers.MipProblem, mask: np.ndarray) -> bool:
    """``mask`` keeps every row and bound (floating point, with the engine's tolerance)."""
    x = mask.astype(float)
    if np.any(x < problem.lower - 0.5) or np.any(x > problem.upper + 0.5):
        return False
    return bool(np.all(problem.matrix @ x <= problem.ub + FLOAT_TOLERANCE))


def value_quantum(values: np.ndarray) -> float | None:
    """The coarsest 10⁻ᵈ (d = 0..6) that every value is a whole multiple of, or None."""
    if len(values) == 0:
        return 1.0
    for decimals in range(7):
        scaled = values * 10.0**decimals
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return 10.0**-decimals
    return None


def mip_problem(model: Model) -> solvers.MipProblem:
    """The 0/1 program for ``model`` with fixings valid for every optimum, and the greedy start.

    Fixed out (upper bound 0), beyond the items excluded by forced ones: items whose package (they and
    all they need, less the forced items) breaks a budget next to the forced items alone, and items
    without positive value that nothing needs (dropping one never hurts). The start set is the greedy
    fill of :func:`rank_cutoff_mask` (``skip=True``), which keeps every rule.
    """
    matrix, ub = constraint_matrix(model)
    upper = np.where(model.blocked_mask, 0.0, 1.0)
    lower = model.forced_mask.astype(float)
    free = ~(model.forced_mask | model.blocked_mask)
    room = model.limits - model.costs @ model.forced_mask + FLOAT_TOLERANCE
    too_big = free & np.any(model.costs > room[:, None], axis=0)
    needed = np.zeros(len(model.candidates), dtype=bool)
    if len(model.requires):
        needed[model.requires[:, 1]] = True
    keys = [c.key for c in model.candidates]
    for i in np.flatnonzero(free & ~too_big & np.isin(np.arange(len(keys)), model.requires[:, 0])):
        package = [model.index[k] for k in closure([keys[i]], model.graph)]
        package = [j for j in package if not model.forced_mask[j]]
        if np.any(model.costs[:, package].sum(axis=1) > room):
            too_big[i] = True
    useless = free & (model.values <= 0) & ~needed
    upper[too_big | useless] = 0.0
    start = rank_cutoff_mask(model, skip=True).astype(float)
    return solvers.MipProblem(
        values=model.values,
        matrix=matrix,
        ub=ub,
        lower=lower,
        upper=upper,
        start=start,
        quantum=value_quantum(model.values),
    )


def rank_cutoff(candidates: Sequence[Candidate], budgets: Sequence[Budget], *, skip: bool = False) -> SelectionResult:
    """Plain spreadsheet practice: take the list by value, highest first, until the money runs out.

    Mandatory items (and what they need) are taken first. Then candidates are taken in order of value
    (ties in input order), each together with whatever it needs that is not yet in. A candidate that
    cannot be combined with what is already in (exclusion) is passed over, since no one would fund it.
    At the first candidate that does not fit every budget the list stops (``skip=False``, the plain
    cut-off line); with ``skip=True`` it is passed over and the list continues (greedy fill). Candidates
    without positive value, and packages whose needs cost more value than they bring, are never taken.
    Status 'feasible'; ``proven_optimal`` is always False.
    """
    started = time.perf_counter()
    prepared = _prepare(candidates, budgets, "rank_cutoff", started)
    if isinstance(prepared, SelectionResult):
        return prepared
    model = prepared
    chosen = rank_cutoff_mask(model, skip=skip)
    return _result(model, "rank_cutoff", "feasible", chosen, started, proven_optimal=False)


def rank_cutoff_mask(model: Model, *, skip: bool = False) -> np.ndarray:
    """The rank cut-off's chosen set as a boolean mask (see :func:`rank_cutoff`)."""
    n = len(model.candidates)
    chosen = model.forced_mask.copy()
    blocked = model.blocked_mask.copy()
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in model.excludes:
        partners[int(a)].append(int(b))
        partners[int(b)].append(int(a))
    used = model.costs @ chosen
    room = model.limits + FLOAT_TOLERANCE
    keys = [c.key for c in model.candidates]
    order = sorted(range(n), key=lambda i: -model.values[i])
    for i in order:
        if chosen[i] or blocked[i]:
            continue
        if model.values[i] <= 0:
            break
        package = [model.index[k] for k in closure([keys[i]], model.graph)]
        package = [j for j in package if not chosen[j]]
        in_package = set(package)
        if any(blocked[j] or any(p in in_package for p in partners.get(j, ())) for j in package):
            continue
        if model.values[package].sum() <= 0:
            continue
        extra = model.costs[:, package].sum(axis=1)
        if np.all(used + extra <= room):
            chosen[package] = True
            used += extra
            for j in package:
                blocked[partners.get(j, [])] = True
        elif not skip:
            break
    return chosen


def objective_values(
    scores: Mapping[str, float],
    npvs: Mapping[str, float],
    *,
    mode: Literal["score", "npv", "mix"],
    npv_weight: float = 0.5,
) -> dict[str, float]:
    """The value each candidate brings, on 0..1, from the weighted score, the NPV or a mix.

    Each measure is scaled to 0..1 over the candidates given: divided by the largest when none is
    negative (keeps proportions: a score twice as high is worth twice as much), otherwise min–max
    (the lowest NPV becomes 0, the highest 1). All equal (and not all zero) gives 1 for each.
    ``mix`` = ``npv_weight`` · NPV part + (1 − ``npv_weight``) · score part. A candidate missing from
    one of the mappings counts as 0 on that part. Keys are those of the mappings the mode uses.
    """
    if mode not in ("score", "npv", "mix"):
        raise ValueError(f"unknown mode {mode!r}")
    if not 0.0 <= npv_weight <= 1.0:
        raise ValueError("npv_weight must be within 0..1")
    score_part = _unit_scale(scores)
    npv_part = _unit_scale(npvs)
    if mode == "score":
        return score_part
    if mode == "npv":
        return npv_part
    keys = list(dict.fromkeys([*scores, *npvs]))
    return {key: npv_weight * npv_part.get(key, 0.0) + (1.0 - npv_weight) * score_part.get(key, 0.0) for key in keys}


def _unit_scale(values: Mapping[str, float]) -> dict[str, float]:
    if not values:
        return {}
    numbers = {key: float(value) for key, value in values.items()}
    low, high = min(numbers.values()), max(numbers.values())
    if low == high:
        return dict.fromkeys(numbers, 1.0 if high != 0 else 0.0)
    if low >= 0:
        return {key: value / high for key, value in numbers.items()}
    return {key: (value - low) / (high - low) for key, value in numbers.items()}
