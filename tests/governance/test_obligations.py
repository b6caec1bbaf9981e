"""The obligations registry and governance's own source: who owes which milestone, and when."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from governance.models import GroupRole, MilestoneKind
from governance.obligations import Obligation, milestones_owed_by_groups, obligations_for, registry
from governance.services import budget_cycle_create

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 20)


@pytest.fixture(autouse=True)
def frozen():
    """20 March 2027, plan year 2028's budget priorities and presentation (31 March) are two weeks away."""
    with time_machine.travel(dt.datetime(2027, 3, 20, 8, 0, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False):
        yield


@pytest.fixture
def cycle():
    return budget_cycle_create(plan_year=2028)


@pytest.fixture
def restore_registry():
    saved = list(registry._sources)
    yield registry
    registry._sources[:] = saved


def owed(obligations, people):
    names = {u.pk: key for key, u in people.items()}
    return {(names.get(o.user_id, o.user_id), o.key, o.due_on) for o in obligations}


def test_milestones_are_owed_by_conveners_of_the_responsible_tier_and_it_coordination(org, people, cycle):
    # Open milestones up to 60 days ahead (to 19 May 2027) and everything overdue:
    #   inventory (31 Dec 2026, ICT groups) -> convener of the ICT group: ict_chair (IT operations manager);
    #     the other ICT group is convened by a chair and has none, so nobody there;
    #   budget priorities (31 Mar, leadership) -> leader (municipal director);
    #   inventory presented (31 Mar, IT coordination) -> it_coordinator;
    #   proposal ready (30 Apr, boards) -> board_member (IT manager convenes the board).
    # Maintenance plans and the lock (31 Oct) lie beyond the horizon.
    m = {x.kind: x for x in cycle.milestones.all()}
    expected = {
        ("ict_chair", f"milestone:{m[MilestoneKind.INVENTORY].pk}", dt.date(2026, 12, 31)),
        ("leader", f"milestone:{m[MilestoneKind.BUDGET_PRIORITIES].pk}", dt.date(2027, 3, 31)),
        ("it_coordinator", f"milestone:{m[MilestoneKind.INVENTORY_PRESENTED].pk}", dt.date(2027, 3, 31)),
        ("board_member", f"milestone:{m[MilestoneKind.PROPOSAL_READY].pk}", dt.date(2027, 4, 30)),
    }
    got = obligations_for(today=TODAY)
    assert owed(got, people) == expected
    assert [o.due_on for o in got] == sorted(o.due_on for o in got)
    by_user = {o.user_id: o for o in got}
    assert by_user[people["ict_chair"].pk].is_overdue(TODAY)
    assert by_user[people["leader"].pk].is_due_soon(TODAY)  # 14 days before 31 March is 17 March
    assert not by_user[people["board_member"].pk].is_due_soon(TODAY)  # reminders start 16 April
    assert all(o.url == cycle.get_absolute_url() for o in got)
    assert "2028" in by_user[people["leader"].pk].title


def test_obligations_for_one_person(org, people, cycle):
    got = obligations_for(today=TODAY, user=people["leader"])
    assert [o.due_on for o in got] == [dt.date(2027, 3, 31)]
    assert obligations_for(today=TODAY, user=people["ict_member"]) == []
    assert obligations_for(today=TODAY, user=people["outsider"]) == []


def test_completed_milestones_yield_nothing(org, people, cycle):
    for milestone in cycle.milestones.all():
        milestone.completed_on = TODAY
        milestone.save()
    assert obligations_for(today=TODAY) == []


def test_a_chair_convenes_and_an_ended_seat_does_not(org, people, cycle):
    MembershipFactory(user=people["other_ict_member"], group=org.other_ict_group, role=GroupRole.CHAIR)
    leader_seat = people["leader"].memberships.get()
    leader_seat.valid_to = TODAY - dt.timedelta(days=1)
    leader_seat.save()
    got = owed(obligations_for(today=TODAY), people)
    assert (
        "other_ict_member",
        f"milestone:{cycle.milestone(MilestoneKind.INVENTORY).pk}",
        dt.date(2026, 12, 31),
    ) in got
    assert not any(who == "leader" for who, _, _ in got)


def test_system_manager_milestones_are_left_to_their_app(org, people, cycle):
    later = dt.date(2027, 10, 20)
    keys = {o.key for o in milestones_owed_by_groups(today=later)}
    assert f"milestone:{cycle.milestone(MilestoneKind.MAINTENANCE_PLANS_FILED).pk}" not in keys
    assert f"milestone:{cycle.milestone(MilestoneKind.LOCK).pk}" in keys


def test_a_registered_source_is_picked_up(org, people, cycle, restore_registry):
    member = people["ict_member"]

    @registry.source
    def proposals_to_finish(*, today, user=None):
        yield Obligation(user_id=member.pk, key="proposal:1", title="Slutför förslaget", due_on=today)

    got = obligations_for(today=TODAY, user=member)
    assert [(o.key, o.title) for o in got] == [("proposal:1", "Slutför förslaget")]
    assert registry.source(proposals_to_finish) is proposals_to_finish  # registering twice is harmless
    assert sum(1 for s in registry._sources if s is proposals_to_finish) == 1


def test_a_milestone_source_runs_once_per_open_milestone_of_its_kind(org, people, cycle, restore_registry):
    member = people["ict_member"]
    calls = []

    @registry.milestone_source(MilestoneKind.PROPOSAL_READY)
    def developers_owe_proposals(milestone, *, today, user=None):
        calls.append(milestone)
        yield Obligation(
            user_id=member.pk, key=f"proposal-ready:{milestone.pk}", title="Förslag klart", due_on=milestone.ends_on
        )

    got = obligations_for(today=TODAY, user=member)
    assert calls == [cycle.milestone(MilestoneKind.PROPOSAL_READY)]
    assert [o.due_on for o in got] == [dt.date(2027, 4, 30)]
    cycle.milestones.filter(kind=MilestoneKind.PROPOSAL_READY).update(completed_on=TODAY)
    assert obligations_for(today=TODAY, user=member) == []


def test_the_same_obligation_from_two_sources_counts_once(org, people, cycle, restore_registry):
    member = people["ict_member"]

    def source(*, today, user=None):
        yield Obligation(user_id=member.pk, key="same", title="En sak", due_on=today)

    def twin(*, today, user=None):
        yield Obligation(user_id=member.pk, key="same", title="En sak", due_on=today)

    registry.source(source)
    registry.source(twin)
    assert len(obligations_for(today=TODAY, user=member)) == 1


def test_obligation_dates():
    ob = Obligation(user_id=1, key="k", title="t", due_on=dt.date(2027, 3, 31), remind_days_before=14)
    assert not ob.is_due_soon(dt.date(2027, 3, 16))
    assert ob.is_due_soon(dt.date(2027, 3, 17))
    assert ob.is_due_soon(dt.date(2027, 3, 31))
    assert not ob.is_overdue(dt.date(2027, 3, 31))
    assert ob.is_overdue(dt.date(2027, 4, 1))
    assert not ob.is_due_soon(dt.date(2027, 4, 1))
