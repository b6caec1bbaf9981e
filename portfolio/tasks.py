"""The portfolio's Celery tasks, gathered here for Celery's autodiscovery (it reads `<app>.tasks`)."""

from portfolio.itplan.tasks import build_itplan_export
from portfolio.prioritisation.tasks import scenario_run

__all__ = ["build_itplan_export", "scenario_run"]
