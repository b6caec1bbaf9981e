"""Portfolio demo data: proposals, next year's backlog, projects, prioritisation and IT plans, seeded in
that order."""

from portfolio.itplan import demo as itplan
from portfolio.prioritisation import demo as prioritisation
from portfolio.projects import demo as projects
from portfolio.proposals import demo as proposals
from portfolio.proposals import demo_backlog as backlog

PARTS = (proposals, backlog, projects, prioritisation, itplan)


def seed(ctx) -> None:
    for part in PARTS:
        part.seed(ctx)
