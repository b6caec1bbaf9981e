"""Portfolio demo data: proposals, projects, prioritisation and IT plans, seeded in that order."""

from importlib import import_module

PARTS = ("proposals", "projects", "prioritisation", "itplan")


def seed(ctx) -> None:
    for part in PARTS:
        try:
            module = import_module(f"portfolio.demo_seed.{part}")
        except ModuleNotFoundError as exc:
            if exc.name != f"portfolio.demo_seed.{part}":
                raise
            continue
        module.seed(ctx)
