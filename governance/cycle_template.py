"""The default milestone template of a budget cycle (DESIGN §4), as data.

Dates are given relative to plan year Y as (year offset, month, day). A cycle's milestones are
generated from this and may then be edited per cycle.
"""

from dataclasses import dataclass
from datetime import date

from .models.cycles import MilestoneKind, Responsible


@dataclass(frozen=True)
class MilestoneTemplate:
    kind: str
    responsible: str
    ends: tuple[int, int, int]
    starts: tuple[int, int, int] | None = None
    remind_days_before: int = 14

    def dates(self, plan_year: int) -> tuple[date | None, date]:
        def at(spec):
            return date(plan_year + spec[0], spec[1], spec[2])

        return (at(self.starts) if self.starts else None, at(self.ends))


DEFAULT_MILESTONES: tuple[MilestoneTemplate, ...] = (
    MilestoneTemplate(
        MilestoneKind.INVENTORY, Responsible.ICT_GROUPS, starts=(-2, 10, 1), ends=(-2, 12, 31), remind_days_before=30
    ),
    MilestoneTemplate(MilestoneKind.BUDGET_PRIORITIES, Responsible.LEADERSHIP, starts=(-1, 2, 1), ends=(-1, 3, 31)),
    MilestoneTemplate(MilestoneKind.INVENTORY_PRESENTED, Responsible.IT_COORDINATION, ends=(-1, 3, 31)),
    MilestoneTemplate(MilestoneKind.PROPOSAL_READY, Responsible.BOARDS, ends=(-1, 4, 30)),
    MilestoneTemplate(
        MilestoneKind.MAINTENANCE_PLANS_FILED, Responsible.SYSTEM_MANAGERS, ends=(-1, 10, 31), remind_days_before=30
    ),
    MilestoneTemplate(MilestoneKind.LOCK, Responsible.LEADERSHIP, ends=(-1, 10, 31)),
    MilestoneTemplate(MilestoneKind.IT_PLAN_APPROVED, Responsible.LEADERSHIP, starts=(-1, 11, 1), ends=(-1, 12, 31)),
    MilestoneTemplate(MilestoneKind.FOLLOW_UP, Responsible.LEADERSHIP, starts=(0, 10, 1), ends=(0, 11, 30)),
)
