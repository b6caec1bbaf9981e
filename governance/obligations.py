"""What people owe, and when: the one registry every app adds its obligations to.

An *obligation source* is a function `source(*, today, user=None) -> Iterable[Obligation]` that
yields what is still outstanding (done things yield nothing). `user=None` means "everyone";
with a user, a source may narrow its query to that person. Apps register their sources in
`AppConfig.ready()` without editing governance::

    from governance.obligations import registry

    @registry.source
    def maintenance_plans_missing(*, today, user=None):
        ...

Milestone-bound sources can use `registry.milestone_source(kind)`, which calls the function once per
open milestone of that kind near `today`. The daily reminder task (`governance.tasks`) and every
person's "My work" page read the registry through `obligations_for()`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Membership, Milestone, RoleAssignment, Tier
from .models.cycles import Responsible
from .models.people import MunicipalRole


@dataclass(frozen=True)
class Obligation:
    """One thing one person owes by a date. `key` identifies it across runs (for de-duplication)."""

    user_id: int
    key: str
    title: str
    due_on: date
    url: str = ""
    remind_days_before: int = field(default=14)

    def is_overdue(self, today: date) -> bool:
        return today > self.due_on

    def is_due_soon(self, today: date) -> bool:
        return self.due_on - timedelta(days=self.remind_days_before) <= today <= self.due_on


Source = Callable[..., Iterable[Obligation]]


class ObligationRegistry:
    def __init__(self) -> None:
        self._sources: list[Source] = []

    def source(self, fn: Source) -> Source:
        if fn not in self._sources:
            self._sources.append(fn)
        return fn

    def milestone_source(self, kind: str) -> Callable[[Callable[..., Iterable[Obligation]]], Source]:
        """Register `fn(milestone, *, today, user=None)` for every open milestone of `kind`."""

        def decorator(fn):
            def source(*, today: date, user=None) -> Iterable[Obligation]:
                for milestone in open_milestones(today=today).filter(kind=kind):
                    yield from fn(milestone, today=today, user=user)

            source.__name__ = fn.__name__
            self.source(source)
            return fn

        return decorator

    def collect(self, *, today: date, user=None) -> list[Obligation]:
        seen: dict[tuple[int, str], Obligation] = {}
        for source in self._sources:
            for ob in source(today=today, user=user):
                if user is None or ob.user_id == user.pk:
                    seen.setdefault((ob.user_id, ob.key), ob)
        return sorted(seen.values(), key=lambda o: (o.due_on, o.title))


registry = ObligationRegistry()


def open_milestones(*, today: date):
    """Milestones not completed that are due within the look-ahead window or already overdue."""
    horizon = today + timedelta(days=max(settings.GOVERNANCE_DUE_SOON_DAYS, 60))
    return Milestone.objects.filter(completed_on__isnull=True, ends_on__lte=horizon).select_related("cycle")


def obligations_for(*, today: date, user=None) -> list[Obligation]:
    return registry.collect(today=today, user=user)


# Governance's own source: milestones owed by a tier of groups or by IT coordination --------------

_TIER_OF = {
    Responsible.LEADERSHIP: Tier.LEADERSHIP,
    Responsible.BOARDS: Tier.BOARD,
    Responsible.ICT_GROUPS: Tier.ICT_GROUP,
}


@registry.source
def milestones_owed_by_groups(*, today: date, user=None) -> Iterable[Obligation]:
    """Each open milestone is owed by the conveners of the responsible tier's groups, or by IT coordination.

    Milestones owed by system managers are left to the maintenance-plan app, which knows who has
    filed a plan; milestones owed by groups are owed by whoever convenes each group.
    """
    milestones = [m for m in open_milestones(today=today) if m.responsible != Responsible.SYSTEM_MANAGERS]
    if not milestones:
        return
    seats = Membership.objects.active(today).select_related("group")
    coordinators = RoleAssignment.objects.active(today).filter(role=MunicipalRole.IT_COORDINATION)
    if user is not None:
        seats = seats.filter(user=user)
        coordinators = coordinators.filter(user=user)
    seats = [s for s in seats if s.role in (s.group.convening_role, "chair")]
    coordinator_ids = {r.user_id for r in coordinators}
    for m in milestones:
        url = m.cycle.get_absolute_url()
        if m.responsible == Responsible.IT_COORDINATION:
            owners = coordinator_ids
        else:
            tier = _TIER_OF[Responsible(m.responsible)]
            owners = {s.user_id for s in seats if s.group.tier == tier}
        for uid in owners:
            yield Obligation(
                user_id=uid,
                key=f"milestone:{m.pk}",
                title=str(_("%(title)s, budget cycle %(year)s") % {"title": m.title, "year": m.cycle.plan_year}),
                due_on=m.ends_on,
                url=url,
                remind_days_before=m.remind_days_before,
            )
