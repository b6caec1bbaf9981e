"""Input checks for the selection engine: every problem found, in words, without raising."""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from portfolio.prioritisation.selection.model import Budget, Candidate, Problem, as_decimal


def validate(candidates: Sequence[Candidate], budgets: Sequence[Budget]) -> list[Problem]:
    """All problems with the input; an empty list means :func:`solve` can build a model.

    Checks, in this order: duplicate candidate keys; values that are not finite numbers; costs that
    are not finite amounts, and negative costs; years in which candidates cost money but no total
    budget exists; invalid, negative and duplicate budgets; requires/excludes naming unknown keys;
    self-exclusion; dependency cycles (each named, e.g. ``A → B → A``); and mandatory conflicts: two
    items that must both be in (mandatory, or needed by a mandatory item, transitively) but exclude
    each other.
    """
    problems: list[Problem] = []
    counts = Counter(candidate.key for candidate in candidates)
    problems += [Problem("duplicate_key", {"key": key}) for key, count in counts.items() if count > 1]
    cost_years: set[int] = set()
    for candidate in candidates:
        value = candidate.value
        if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal) or not math.isfinite(value):
            problems.append(Problem("invalid_value", {"key": candidate.key}))
        negative_years, invalid_years = set(), set()
        entries = [*candidate.costs.items(), *((year, a) for (year, _t), a in (candidate.cost_types or {}).items())]
        for year, raw in entries:
            amount = as_decimal(raw)
            if amount is None:
                invalid_years.add(year)
            elif amount < 0:
                negative_years.add(year)
            elif amount > 0:
                cost_years.add(year)
        problems += [Problem("invalid_cost", {"key": candidate.key, "year": y}) for y in sorted(invalid_years)]
        problems += [Problem("negative_cost", {"key": candidate.key, "year": y}) for y in sorted(negative_years)]
    total_years = {budget.year for budget in budgets if budget.is_total}
    problems += [Problem("missing_budget", {"year": year}) for year in sorted(cost_years - total_years)]
    for budget in budgets:
        limit = as_decimal(budget.limit)
        if limit is None:
            problems.append(Problem("invalid_budget", _budget_params(budget)))
        elif limit < 0:
            problems.append(Problem("negative_budget", _budget_params(budget)))
    scopes = Counter(budget.scope for budget in budgets)
    problems += [
        Problem("duplicate_budget", {"year": y, "administration": a, "cost_type": t})
        for (y, a, t), count in scopes.items()
        if count > 1
    ]
    keys = set(counts)
    for candidate in candidates:
        for ref in sorted((candidate.requires | candidate.excludes) - keys):
            problems.append(Problem("unknown_reference", {"key": candidate.key, "ref": ref}))
        if candidate.key in candidate.excludes:
            problems.append(Problem("self_exclusion", {"key": candidate.key}))
    requires = requirement_graph(candidates)
    cycles = find_cycles(requires)
    problems += [Problem("dependency_cycle", {"cycle": " → ".join([*cycle, cycle[0]])}) for cycle in cycles]
    if not cycles:
        problems += _mandatory_conflicts(candidates, requires)
    return problems


def _budget_params(budget: Budget) -> dict[str, object]:
    return {"year": budget.year, "administration": budget.administration, "cost_type": budget.cost_type}


def requirement_graph(candidates: Iterable[Candidate]) -> dict[str, tuple[str, ...]]:
    """key -> sorted keys it requires that are candidates (unknown references are left out)."""
    keys = {candidate.key for candidate in candidates}
    return {c.key: tuple(sorted(r for r in c.requires if r in keys)) for c in candidates}


def exclusion_pairs(candidates: Iterable[Candidate]) -> list[tuple[str, str]]:
    """Each exclusion once as (a, b) with a < b, whichever side stated it; unknown keys left out."""
    keys = {candidate.key for candidate in candidates}
    pairs = {tuple(sorted((c.key, other))) for c in candidates for other in c.excludes if other in keys}
    return sorted((a, b) for a, b in pairs if a != b)


def find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Dependency cycles found by depth-first search, each as a list of keys starting at its smallest.

    Every set of keys is reported once. Iterative, so long chains do not hit Python's recursion limit.
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []
    seen_knots: set[frozenset[str]] = set()
    for root in sorted(graph):
        if root in state:
            continue
        path: list[str] = [root]
        iterators = [iter(graph.get(root, ()))]
        state[root] = 1
        while path:
            child = next(iterators[-1], None)
            if child is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(child) == 1:
                cycle = path[path.index(child) :]
                knot = frozenset(cycle)
                if knot not in seen_knots:
                    seen_knots.add(knot)
                    start = cycle.index(min(cycle))
                    cycles.append(cycle[start:] + cycle[:start])
            elif child not in state:
                state[child] = 1
                path.append(child)
                iterators.append(iter(graph.get(child, ())))
    return cycles


def closure(start: Iterable[str], graph: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Everything reachable from ``start`` along ``graph``, each mapped to the start key that reached it."""
    reached: dict[str, str] = {}
    for root in start:
        stack = [root]
        while stack:
            key = stack.pop()
            if key in reached:
                continue
            reached[key] = root
            stack.extend(graph.get(key, ()))
    return reached


def forced_items(candidates: Sequence[Candidate], graph: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Mandatory items plus all they need (transitively), each mapped to the mandatory key behind it."""
    mandatory = [c.key for c in candidates if c.mandatory]
    return closure(mandatory, graph)


def _mandatory_conflicts(candidates: Sequence[Candidate], graph: Mapping[str, Sequence[str]]) -> list[Problem]:
    forced = forced_items(candidates, graph)
    mandatory = {c.key for c in candidates if c.mandatory}
    problems = []
    for a, b in exclusion_pairs(candidates):
        if a not in forced or b not in forced:
            continue
        if a in mandatory and b in mandatory:
            problems.append(Problem("mandatory_excluded", {"key": a, "other": b}))
        else:
            required, other = (b, a) if a in mandatory else (a, b)
            problems.append(
                Problem("mandatory_requires_excluded", {"key": forced[required], "required": required, "other": other})
            )
    return problems
