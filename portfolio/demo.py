"""Portfolio demo data: proposals, next year's backlog, projects, prioritisation and IT plans, seeded in
that order."""

from .demo_seed import backlog, itplan, prioritisation, projects, proposals

PARTS = (proposals, backlog, projects, prioritisation, itplan)


def seed(ctx) -> None:
    for part in PARTS:
        part.seed(ctx)
