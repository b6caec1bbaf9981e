"""Prioritisation background jobs. Celery runs them eagerly when no broker is configured (local, tests)."""

from celery import shared_task
from django.conf import settings

from portfolio.prioritisation.runs import scenario_execute

# The solver stops itself at PORTFOLIO_SELECTION_TIME_LIMIT and keeps the best set with the gap reached;
# Celery's own limits are only a safety net above that (the frontier runs a few more solves).
_SOLVER_LIMIT = float(getattr(settings, "PORTFOLIO_SELECTION_TIME_LIMIT", 30.0))


@shared_task(
    name="portfolio.tasks.scenario_run", soft_time_limit=_SOLVER_LIMIT * 4 + 60, time_limit=_SOLVER_LIMIT * 4 + 120
)
def scenario_run(scenario_id: int, time_limit: float | None = None) -> dict:
    """Solve a saved scenario (idempotent). Returns its status, whether the optimum is proven, and the gap."""
    scenario = scenario_execute(scenario_id=scenario_id, time_limit=time_limit)
    if scenario is None:
        return {"status": "deleted", "proven_optimal": None, "gap": None}
    return {
        "status": scenario.status,
        "proven_optimal": scenario.results.get("proven_optimal"),
        "gap": scenario.results.get("gap"),
    }
