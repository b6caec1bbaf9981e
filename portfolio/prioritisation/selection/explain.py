"""Why each candidate is in or out of a selection (from :func:`solve` or :func:`rank_cutoff`).

In:  ``mandatory``; ``required`` (needed, perhaps indirectly, by mandatory ``by``); ``chosen`` (by
the optimiser) or ``ranked`` (by the rank cut-off).
Out, the first that applies:

``excluded_by``   an exclusion partner ``other`` is in;
``needs``         it needs ``required``, which is out;
``no_value``      its value is not positive;
``not_reached``   it would fit in what is left of every budget (only when the search stopped early,
                  or for the rank cut-off's stop line);
``too_expensive`` even with only the mandatory items (and what it needs) it would exceed a budget;
``low_value``     it fits on its own, but its value per krona is below every chosen candidate that
                  uses the budgets it would exceed (``ratio`` and ``threshold`` per mnkr);
``budget_bound``  otherwise: adding it would exceed the budget of ``year`` (``administration``,
                  ``cost_type`` when the binding budget is narrower) by ``amount`` SEK.

For budget reasons the budget exceeded by the most SEK is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from portfolio.prioritisation.selection.engine import FLOAT_TOLERANCE, budget_use, build_model
from portfolio.prioritisation.selection.model import Budget, Candidate, Explanation, SelectionResult, money
from portfolio.prioritisation.selection.validate import closure


def scope_cost(candidate: Candidate, budget: Budget) -> Decimal:
    """Exact cost of ``candidate`` within ``budget``'s scope."""
    if budget.administration is not None and candidate.administration != budget.administration:
        return Decimal(0)
    if budget.cost_type is not None:
        return money((candidate.cost_types or {}).get((budget.year, budget.cost_type), 0))
    return money(candidate.costs.get(budget.year, 0))


def explain(
    result: SelectionResult, candidates: Sequence[Candidate], budgets: Sequence[Budget]
) -> dict[str, Explanation]:
    """An :class:`Explanation` per candidate key; empty for 'invalid' or 'infeasible' results."""
    if result.status in ("invalid", "infeasible"):
        return {}
    model = build_model(candidates, budgets)
    chosen_keys = set(result.chosen)
    chosen = np.array([c.key in chosen_keys for c in model.candidates], dtype=bool)
    used = model.costs @ chosen
    forced_used = model.costs @ model.forced_mask
    exact_used = [use.used for use in budget_use(model.candidates, model.budgets, result.chosen)]
    forced_exact = [use.used for use in budget_use(model.candidates, model.budgets, list(model.forced))]
    partners: dict[str, set[str]] = {c.key: set() for c in model.candidates}
    for a, b in model.excludes:
        partners[model.candidates[a].key].add(model.candidates[b].key)
        partners[model.candidates[b].key].add(model.candidates[a].key)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_mnkr = np.where(model.total_cost > 0, model.values / model.total_cost * 1e6, np.inf)
    free_chosen = chosen & ~model.forced_mask

    def over_budget(extra: np.ndarray, base: np.ndarray, exact: list[Decimal], members: list[Candidate]) -> dict:
        over = base + extra - model.limits
        row = int(np.argmax(over))
        budget = model.budgets[row]
        amount = exact[row] + sum((scope_cost(c, budget) for c in members), Decimal(0)) - money(budget.limit)
        return {
            "year": budget.year,
            "administration": budget.administration,
            "cost_type": budget.cost_type,
            "amount": amount,
        }

    explanations: dict[str, Explanation] = {}
    for i, candidate in enumerate(model.candidates):
        key = candidate.key
        if chosen[i]:
            if candidate.mandatory:
                explanations[key] = Explanation(key, True, "mandatory")
            elif key in model.forced:
                explanations[key] = Explanation(key, True, "required", {"by": model.forced[key]})
            else:
                code = "ranked" if result.method == "rank_cutoff" else "chosen"
                explanations[key] = Explanation(key, True, code, {"value": float(candidate.value)})
            continue
        excluded_by = sorted(p for p in partners[key] if p in chosen_keys)
        if excluded_by:
            explanations[key] = Explanation(key, False, "excluded_by", {"other": excluded_by[0]})
            continue
        missing = [r for r in model.graph[key] if r not in chosen_keys]
        if missing:
            explanations[key] = Explanation(key, False, "needs", {"required": missing[0]})
            continue
        if candidate.value <= 0:
            explanations[key] = Explanation(key, False, "no_value", {"value": float(candidate.value)})
            continue
        extra = model.costs[:, i]
        binding = used + extra - model.limits > FLOAT_TOLERANCE
        if not binding.any():
            explanations[key] = Explanation(key, False, "not_reached")
            continue
        package = [model.index[k] for k in closure([key], model.graph) if k not in model.forced]
        package_extra = model.costs[:, package].sum(axis=1)
        if (forced_used + package_extra - model.limits > FLOAT_TOLERANCE).any():
            members = [model.candidates[j] for j in package]
            params = over_budget(package_extra, forced_used, forced_exact, members)
            explanations[key] = Explanation(key, False, "too_expensive", params)
            continue
        competitors = free_chosen & (model.costs[binding] > 0).any(axis=0)
        if competitors.any() and per_mnkr[i] < per_mnkr[competitors].min():
            params = {"ratio": float(per_mnkr[i]), "threshold": float(per_mnkr[competitors].min())}
            explanations[key] = Explanation(key, False, "low_value", params)
            continue
        params = over_budget(extra, used, exact_used, [candidate])
        explanations[key] = Explanation(key, False, "budget_bound", params)
    return explanations
