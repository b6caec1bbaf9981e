"""The portfolio's permission rules, one module per concern; importing them registers them (the `rules`
app autodiscovers `<app>.rules`)."""

from portfolio.itplan import rules as itplan
from portfolio.prioritisation import rules as prioritisation
from portfolio.projects import rules as projects
from portfolio.proposals import rules as proposals

__all__ = ["itplan", "prioritisation", "projects", "proposals"]
