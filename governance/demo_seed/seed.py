"""Governance's demo seeder. Idempotent: every record is found by its natural key before it is created."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from ..models import (
    AgendaItem,
    BudgetCycle,
    Committee,
    Decision,
    Goal,
    Indicator,
    Measurement,
    Meeting,
    Membership,
    MilestoneKind,
    OrganisationUnit,
    RoleAssignment,
    SteeringGroup,
    Strategy,
    Tier,
    User,
)
from ..services import budget_cycle_create
from . import content

DEMO_PASSWORD = "demo-lösenord-2026"  # printed by seed_demo; demo data only  # noqa: S105


def _years_ago(today: date, years: int, month: int = 4, day: int = 15) -> date:
    return date(today.year - years, month, day)


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class _Seeder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.today = ctx.today
        self.created: Counter = Counter()

    def _get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[model._meta.verbose_name_plural] += 1
        return obj, created

    # Organisation --------------------------------------------------------------------------

    def organisation(self) -> None:
        committees = {
            key: self._get_or_create(Committee, name=name, defaults={"short_name": short})[0]
            for key, (name, short) in content.COMMITTEES.items()
        }
        for key, (name, short, kind, parent_key, committee_key) in content.UNITS.items():
            parent = self.ctx.units[parent_key] if parent_key else None
            unit, _ = self._get_or_create(
                OrganisationUnit,
                name=name,
                parent=parent,
                defaults={"short_name": short, "kind": kind, "committee": committees[committee_key]},
            )
            self.ctx.units[key] = unit
        for key, spec in content.GROUPS.items():
            group, _ = self._get_or_create(
                SteeringGroup,
                name=spec.name,
                defaults={
                    "short_name": spec.short_name,
                    "tier": spec.tier,
                    "parent": self.ctx.groups[spec.parent] if spec.parent else None,
                    "scope": self.ctx.units[spec.scope],
                    "convening_role": spec.convening_role,
                    "meetings_min_per_year": spec.meetings[0],
                    "meetings_max_per_year": spec.meetings[1],
                    "duties": spec.duties,
                },
            )
            self.ctx.groups[key] = group

    # People --------------------------------------------------------------------------------

    def people(self) -> None:
        password = None  # hashed once: one slow hash instead of one per person
        seated_since = date(self.today.year - 2, 1, 1)
        for key, person in [*content.PEOPLE.items(), ("superuser", content.SUPERUSER)]:
            user, created = self._get_or_create(
                User,
                username=person.username,
                defaults={
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "title": person.title,
                    "email": f"{person.username}@{content.EMAIL_DOMAIN}",
                    "is_staff": person.is_staff,
                    "is_superuser": key == "superuser",
                },
            )
            if created:
                password = password or make_password(DEMO_PASSWORD)
                user.password = password
                user.save(update_fields=["password"])
            self.ctx.users[key] = user
            for group_key, role, side in person.seats:
                self._get_or_create(
                    Membership,
                    user=user,
                    group=self.ctx.groups[group_key],
                    role=role,
                    defaults={"side": side, "valid_from": seated_since},
                )
            for role in person.roles:
                self._get_or_create(RoleAssignment, user=user, role=role, defaults={"valid_from": seated_since})

    # Strategies ----------------------------------------------------------------------------

    def strategies(self) -> None:
        for spec in content.STRATEGIES:
            strategy, _ = self._get_or_create(
                Strategy,
                title=spec.title,
                defaults={
                    "kind": spec.kind,
                    "description": spec.description,
                    "adopted_on": _years_ago(self.today, spec.adopted_years_ago),
                    "revision_interval_years": spec.revision_interval_years,
                    "last_revised_on": (
                        _years_ago(self.today, spec.revised_years_ago, 5, 20)
                        if spec.revised_years_ago is not None
                        else None
                    ),
                },
            )
            for goal_spec in spec.goals:
                goal, _ = self._get_or_create(
                    Goal,
                    strategy=strategy,
                    code=goal_spec.code,
                    defaults={
                        "title": goal_spec.title,
                        "description": goal_spec.description,
                        "is_principle": goal_spec.is_principle,
                    },
                )
                self.ctx.goals.append(goal)
                for ind in goal_spec.indicators:
                    self._indicator(goal, ind)

    def _indicator(self, goal: Goal, spec: content.IndicatorSpec) -> None:
        indicator, _ = self._get_or_create(
            Indicator,
            goal=goal,
            name=spec.name,
            defaults={
                "description": spec.description,
                "unit": spec.unit,
                "baseline": spec.baseline,
                "target": spec.target,
                "target_year": self.today.year + 2,
                "direction": spec.direction,
            },
        )
        first_year = self.today.year - len(spec.history)
        for offset, value in enumerate(spec.history):
            comment = "Utgångsvärde" if offset == 0 else "Årsmätning"
            self._get_or_create(
                Measurement,
                indicator=indicator,
                measured_on=date(first_year + offset, 12, 31),
                defaults={"value": value, "comment": comment},
            )

    # Budget cycles -------------------------------------------------------------------------

    def cycles(self) -> None:
        """This year's, next year's and the following year's cycles; milestones already past are marked done.

        The cycle two years ahead is the one whose inventory runs in the autumn, so new proposals go there.

        The maintenance-plan filing of next year's cycle stays open: the coordination still chases
        system managers whose plans are missing.
        """
        for year in (self.today.year, self.today.year + 1, self.today.year + 2):
            cycle = BudgetCycle.objects.filter(plan_year=year).first()
            if cycle is None:
                cycle = budget_cycle_create(plan_year=year, notes=f"Budgetcykel för IT-planen {year}.")
                self.created[BudgetCycle._meta.verbose_name_plural] += 1
                for milestone in cycle.milestones.filter(ends_on__lt=self.today):
                    if year > self.today.year and milestone.kind == MilestoneKind.MAINTENANCE_PLANS_FILED:
                        continue
                    milestone.completed_on = milestone.ends_on
                    milestone.save(update_fields=["completed_on"])
            self.ctx.cycles[year] = cycle

    # Meetings ------------------------------------------------------------------------------

    def meetings(self) -> None:
        year = self.today.year
        fmt = {"year": year, "next": year + 1}
        for group_index, (key, spec) in enumerate(content.GROUPS.items()):
            group = self.ctx.groups[key]
            tier = Tier(spec.tier)
            hour, minute = content.MEETING_HOUR[tier]
            members = [m.user for m in group.memberships.active(self.today).select_related("user")]
            convener = next(
                (m.user for m in group.memberships.active(self.today) if m.role == group.convening_role), None
            )
            for index, (month, day, kind) in enumerate(content.MEETING_PLAN[tier]):
                # groups of one tier meet on different days
                on = _weekday_on_or_after(date(year, month, day) + timedelta(days=group_index % 3))
                starts_at = timezone.make_aware(datetime(year, on.month, on.day, hour, minute))
                held = starts_at <= timezone.now()
                meeting, created = self._get_or_create(
                    Meeting,
                    group=group,
                    starts_at=starts_at,
                    defaults={
                        "kind": kind,
                        "location": content.LOCATIONS[tier],
                        "minutes": self._minutes(group, convener, on) if held else "",
                    },
                )
                if not created:
                    continue
                items = []
                for order, title in enumerate(content.AGENDA[(tier, kind)], start=1):
                    items.append(
                        AgendaItem.objects.create(
                            meeting=meeting,
                            order=order,
                            title=title.format(**fmt),
                            presenter=convener if order == 1 else None,
                        )
                    )
                    self.created[AgendaItem._meta.verbose_name_plural] += 1
                if not held:
                    continue
                absent = self.ctx.rng.randrange(len(members)) if len(members) > 3 else None
                meeting.attendees.set([u for i, u in enumerate(members) if i != absent])
                decision = content.DECISIONS.get((tier, kind, index))
                if decision:
                    order, title, text = decision
                    Decision.objects.create(
                        meeting=meeting,
                        agenda_item=items[order - 1],
                        reference=f"§ {order + 3 * index}",
                        title=title.format(**fmt),
                        text=text.format(**fmt),
                        created_by=convener,
                    )
                    self.created[Decision._meta.verbose_name_plural] += 1

    @staticmethod
    def _minutes(group: SteeringGroup, convener, on: date) -> str:
        name = convener.get_full_name() if convener else "ordföranden"
        return (
            f"Mötet öppnades av {name}. Dagordningen godkändes. Punkterna behandlades enligt dagordningen; "
            f"beslut och uppdrag framgår under respektive punkt. Nästa möte enligt mötesplanen för {group}. "
            f"Antecknat {on:%Y-%m-%d}."
        )


def seed_governance(ctx) -> Counter:
    """Seed governance's demo data into `ctx` (units, groups, users, cycles, goals); returns what was created."""
    seeder = _Seeder(ctx)
    seeder.organisation()
    seeder.people()
    seeder.strategies()
    seeder.cycles()
    seeder.meetings()
    return seeder.created
