"""Solving a stored scenario: the one step both the page (small runs, inline) and the Celery task (large
runs) take. Below `services` and `tasks`, so neither imports the other both ways."""

from __future__ import annotations

from django.conf import settings

from portfolio.prioritisation import selection
from portfolio.prioritisation.codec import (
    budget_from_json,
    candidate_from_json,
    params_to_json,
    uses_to_json,
)
from portfolio.prioritisation.models import (
    Scenario,
    ScenarioStatus,
)

# The budget levels (shares of the given budgets) the efficient frontier is solved at.
FRONTIER_LEVELS = (0.5, 0.75, 1.0, 1.25, 1.5)


def scenario_execute(*, scenario_id: int, time_limit: float | None = None) -> Scenario | None:
    """Solve a saved scenario: optimum, rank cut-off, frontier, explanations; results in one save.

    Idempotent: a finished scenario is returned as it is. At the time limit the best set found is kept
    with the gap reached. Returns None when the scenario was deleted before (or while) it was solved.
    """
    scenario = Scenario.objects.filter(pk=scenario_id).first()
    if scenario is None or scenario.is_finished:
        return scenario
    Scenario.objects.filter(pk=scenario_id).update(status=ScenarioStatus.RUNNING)
    limit = time_limit if time_limit is not None else getattr(settings, "PORTFOLIO_SELECTION_TIME_LIMIT", 30.0)
    candidates = [candidate_from_json(c) for c in scenario.parameters.get("candidates", [])]
    budgets = [budget_from_json(b) for b in scenario.parameters.get("budgets", [])]
    best = selection.solve(candidates, budgets, time_limit=limit)
    results: dict = {"status": best.status, "messages": best.messages}
    if best.status in ("optimal", "time_limit"):
        cutoff = selection.rank_cutoff(candidates, budgets)
        points = selection.frontier(
            candidates, budgets, FRONTIER_LEVELS, time_limit=max(limit / len(FRONTIER_LEVELS), 1.0)
        )
        explanations = selection.explain(best, candidates, budgets)
        results.update(
            {
                "chosen": list(best.chosen),
                "objective": best.objective,
                "proven_optimal": best.proven_optimal,
                "gap": best.gap,
                "solve_seconds": round(best.solve_seconds, 3),
                "budgets": uses_to_json(best.budgets),
                "rank_cutoff": {
                    "chosen": list(cutoff.chosen),
                    "objective": cutoff.objective,
                    "budgets": uses_to_json(cutoff.budgets),
                },
                "frontier": [
                    {
                        "level": p.level,
                        "total_budget": str(p.total_budget),
                        "optimal_value": p.optimal_value,
                        "rank_cutoff_value": p.rank_cutoff_value,
                        "status": p.optimal_status,
                        "proven_optimal": p.proven_optimal,
                        "gap": p.gap,
                        "optimal_count": p.optimal_count,
                        "rank_cutoff_count": p.rank_cutoff_count,
                    }
                    for p in points
                ],
                "explanations": {
                    k: {"chosen": e.chosen, "code": e.code, "params": params_to_json(e.params)}
                    for k, e in explanations.items()
                },
            }
        )
        status = ScenarioStatus.DONE
    else:
        status = ScenarioStatus.FAILED
    if not Scenario.objects.filter(pk=scenario_id).update(results=results, status=status):
        return None  # deleted while it was solved
    scenario.refresh_from_db()
    return scenario
