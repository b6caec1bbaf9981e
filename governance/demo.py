"""Demo data: `manage.py seed_demo` builds a believable municipality, then lets every app add its part.

Each app may have a `demo.py` module with `seed(ctx: DemoContext) -> None`; seed_demo runs them in the
apps' dependency order (governance, maintenance_plans, portfolio, procurement). Every seeder must be
idempotent: running seed_demo twice changes nothing (look records up by natural keys, or skip when the
app's demo data is already there). Seeders find people through memberships and roles
(e.g. `Membership.objects.filter(role=GroupRole.SYSTEM_MANAGER)`), or through `ctx.users`.
"""

import importlib
import importlib.util
import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from .demo_seed import DEMO_PASSWORD, seed_governance

__all__ = ["DEMO_PASSWORD", "DemoContext", "run", "seed"]

SEED_ORDER = ("governance", "maintenance_plans", "portfolio", "procurement")


@dataclass
class DemoContext:
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    users: dict = field(default_factory=dict)  # key -> User
    units: dict = field(default_factory=dict)  # key -> OrganisationUnit
    groups: dict = field(default_factory=dict)  # key -> SteeringGroup
    cycles: dict = field(default_factory=dict)  # plan year -> BudgetCycle
    goals: list = field(default_factory=list)  # strategy goals proposals can link to
    log: list = field(default_factory=list)  # lines seed_demo prints at the end


def seed(ctx: DemoContext) -> None:
    """Governance's own part: the organisation, people, strategies, budget cycles and meetings."""
    created = seed_governance(ctx)
    summary = ", ".join(f"{n} {name}" for name, n in sorted(created.items()))
    ctx.log.append(f"governance: created {summary}" if created else "governance: nothing new")


def run(ctx: DemoContext) -> DemoContext:
    """Seed governance, then each app in SEED_ORDER that has a `demo` module, all in one transaction."""
    with transaction.atomic():
        for app in SEED_ORDER:
            if importlib.util.find_spec(f"{app}.demo") is None:
                continue
            importlib.import_module(f"{app}.demo").seed(ctx)
    return ctx
