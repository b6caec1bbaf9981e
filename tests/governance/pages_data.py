"""Records the governance page tests share: a meeting with agenda and decision, a strategy with a
measured indicator, a budget cycle with its milestones. Import the fixture into a test module with
`from .pages_data import pages_data  # noqa: F401`."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from governance.models import AgendaItem, Decision, Measurement, Meeting, Membership
from governance.services import budget_cycle_create

from .factories import GoalFactory, IndicatorFactory, MeetingFactory, StrategyFactory


@dataclass
class PagesData:
    meeting: Meeting
    agenda_item: AgendaItem
    decision: Decision
    strategy: object
    goal: object
    indicator: object
    cycle: object
    milestone: object
    membership: Membership


@pytest.fixture
def pages_data(org, people) -> PagesData:
    meeting = MeetingFactory(
        group=org.ict_group, starts_at=timezone.now() - dt.timedelta(days=3), location="Stadshuset", minutes="Protokoll"
    )
    meeting.attendees.add(people["ict_member"], people["ict_chair"])
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Nya lärplattformen")
    decision = Decision.objects.create(
        meeting=meeting,
        agenda_item=item,
        reference="§ 1",
        title="Förslaget lämnas",
        text="IKT-gruppen lämnar förslaget till styrgruppen.",
    )
    strategy = StrategyFactory(title="IT-strategi 2024–2027")
    goal = GoalFactory(strategy=strategy, code="1", title="Digitalt först")
    indicator = IndicatorFactory(goal=goal, name="Andel digitala svar", baseline=40, target=80)
    Measurement.objects.create(indicator=indicator, measured_on=dt.date(2024, 12, 31), value=Decimal(50))
    Measurement.objects.create(indicator=indicator, measured_on=dt.date(2025, 12, 31), value=Decimal(60))
    cycle = budget_cycle_create(plan_year=timezone.localdate().year + 1)
    milestone = cycle.milestones.get(kind="budget_priorities")
    membership = Membership.objects.get(user=people["ict_member"], group=org.ict_group)
    return PagesData(meeting, item, decision, strategy, goal, indicator, cycle, milestone, membership)
