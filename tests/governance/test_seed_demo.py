"""`manage.py seed_demo`: a believable municipality, every role covered, and a second run changes nothing.

The demo is seeded once for the module (`world`, rolled back after its last test); each test's changes are
undone after it. The runner's own test, which needs an empty database, is in test_demo_runner.py."""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from governance import demo
from governance.management.commands import seed_demo
from governance.models import (
    BudgetCycle,
    Goal,
    GroupRole,
    Indicator,
    Meeting,
    Membership,
    MunicipalRole,
    OrganisationUnit,
    RoleAssignment,
    SteeringGroup,
    Strategy,
    Tier,
    User,
)
from governance.rules import is_administrator, is_it_coordination

from ..clock import suite_clock
from ..module_data import rolled_back_for_module

pytestmark = pytest.mark.django_db

GROUP_KEYS = {
    "leadership",
    "board_utom",
    "board_sbn",
    "board_ks",
    "ict_care",
    "ict_education",
    "ict_preschool",
    "ict_sbn",
    "ict_ks",
}


def governance_counts() -> dict[str, int]:
    """Rows of every governance model, historical records included."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config("governance").get_models()}


@dataclass
class World:
    output: str  # what the first `manage.py seed_demo` printed
    ctx: demo.DemoContext  # the context that run built


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    """`manage.py seed_demo` on an empty database, once for the module, at the instant each test starts, with
    the context it built."""
    runs = []

    def recorded_run(ctx):
        runs.append(demo.run(ctx))
        return runs[-1]

    out = StringIO()
    with rolled_back_for_module(django_db_blocker):
        with suite_clock(), pytest.MonkeyPatch.context() as patch:
            patch.setattr(seed_demo, "run", recorded_run)
            call_command("seed_demo", stdout=out)
        yield World(out.getvalue(), runs[0])


@pytest.fixture
def seeded(world) -> str:
    return world.output


def test_second_run_changes_nothing(seeded):
    before = governance_counts()
    versions = {m.pk: m.version for m in Meeting.objects.all()}
    passwords = dict(User.objects.values_list("username", "password"))
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert governance_counts() == before
    assert {m.pk: m.version for m in Meeting.objects.all()} == versions
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert "governance: nothing new" in out.getvalue()


def test_output_lists_every_demo_user_with_the_password(seeded):
    assert demo.DEMO_PASSWORD in seeded
    for username in (
        "karin.lundgren",
        "johan.berglund",
        "erik.lind",
        "kristina.falk",
        "robert.holmgren",
        "admin",
        "ahmed.hassan",
        "gunilla.marklund",
    ):
        assert username in seeded


def test_organisation_and_three_tiers(world):
    ctx = world.ctx
    assert set(ctx.groups) == GROUP_KEYS
    assert OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.ADMINISTRATION).count() == 3
    assert OrganisationUnit.objects.filter(kind=OrganisationUnit.Kind.OPERATION).count() == 5
    for unit in OrganisationUnit.objects.all():
        unit.full_clean()
        assert unit.committee is not None
    for group in SteeringGroup.objects.all():
        group.full_clean()
    assert ctx.groups["leadership"].tier == Tier.LEADERSHIP
    assert ctx.groups["board_sbn"].scope.short_name == "SBF"
    assert {g.parent for g in SteeringGroup.objects.filter(tier=Tier.ICT_GROUP)} == {
        ctx.groups["board_utom"],
        ctx.groups["board_sbn"],
        ctx.groups["board_ks"],
    }
    assert ctx.groups["leadership"].convening_role == GroupRole.MUNICIPAL_DIRECTOR
    assert {g.convening_role for g in SteeringGroup.objects.filter(tier=Tier.BOARD)} == {GroupRole.IT_MANAGER}
    assert {g.convening_role for g in SteeringGroup.objects.filter(tier=Tier.ICT_GROUP)} == {
        GroupRole.IT_OPERATIONS_MANAGER,
        GroupRole.SUPPORT_LEAD,
    }
    assert (ctx.groups["board_utom"].meetings_min_per_year, ctx.groups["board_utom"].meetings_max_per_year) == (1, 4)
    assert (ctx.groups["ict_care"].meetings_min_per_year, ctx.groups["ict_care"].meetings_max_per_year) == (4, 6)


def test_people_cover_every_role_and_side(world):
    ctx = world.ctx
    today = ctx.today
    seats = Membership.objects.active(today).select_related("group", "user")
    used_roles = {s.role for s in seats}
    assert set(GroupRole.values) - {GroupRole.CHAIR} <= used_roles
    assert {s.side for s in seats} == {"operations", "it_centre"}
    for group in SteeringGroup.objects.all():
        group_seats = [s for s in seats if s.group_id == group.pk]
        assert any(s.role == group.convening_role for s in group_seats), f"{group} has no convener"
        if group.tier == Tier.ICT_GROUP:
            assert any(s.role == GroupRole.SYSTEM_MANAGER for s in group_seats), f"{group} has no system manager"
    # selected ICT-group members also sit on their board
    on_both = {s.user_id for s in seats if s.group.tier == Tier.ICT_GROUP} & {
        s.user_id for s in seats if s.group.tier == Tier.BOARD and s.side == "operations"
    }
    assert len(on_both) >= 3
    assert 28 <= len(ctx.users) <= 40
    coordinators = [u for u in ctx.users.values() if is_it_coordination.test(u)]
    assert coordinators and all(u.is_staff for u in coordinators)
    admin_role = ctx.users["administrator"]
    assert is_administrator.test(admin_role) and admin_role.is_staff and not admin_role.is_superuser
    assert RoleAssignment.objects.filter(role=MunicipalRole.ADMINISTRATOR).count() == 1
    assert ctx.users["superuser"].username == "admin" and ctx.users["superuser"].is_superuser
    assert all(u.check_password(demo.DEMO_PASSWORD) for u in ctx.users.values())
    assert all(u.email and u.title and u.get_full_name() for u in ctx.users.values())


def test_strategies_goals_and_indicators(world):
    ctx = world.ctx
    it = Strategy.objects.get(kind=Strategy.Kind.IT_STRATEGY)
    assert it.goals.count() == 9
    e = Strategy.objects.get(kind=Strategy.Kind.E_STRATEGY)
    assert e.goals.filter(is_principle=True).count() == 5
    service = Strategy.objects.get(kind=Strategy.Kind.E_SERVICE_STRATEGY)
    assert service.revision_interval_years == 2
    targets = {i.name: i.target for i in Indicator.objects.filter(goal__strategy=service)}
    assert targets["Andel svar och beslut som levereras digitalt"] == 80
    assert targets["CES: andel svar 5 av 7 eller högre"] == 80
    assert any("NKI" in name for name in targets)
    assert any("Konsekvent" in name for name in targets)
    for indicator in Indicator.objects.all():
        indicator.full_clean()
        years = {m.measured_on.year for m in indicator.measurements.all()}
        assert len(years) >= 3
        assert max(years) < ctx.today.year
    assert len(ctx.goals) == Goal.objects.count() == 19


def test_cycles_and_this_years_meetings(world):
    ctx = world.ctx
    today = ctx.today
    assert set(ctx.cycles) == {today.year, today.year + 1, today.year + 2}
    assert BudgetCycle.objects.count() == 3
    for cycle in ctx.cycles.values():
        assert cycle.milestones.count() == 8
        assert not cycle.milestones.filter(ends_on__gte=today, completed_on__isnull=False).exists()
    for group in SteeringGroup.objects.all():
        meetings = list(group.meetings.in_year(today.year))
        assert group.meetings_min_per_year <= len(meetings) <= group.meetings_max_per_year
        for meeting in meetings:
            assert meeting.agenda_items.exists()
            assert meeting.starts_at.weekday() < 5
            if meeting.is_held:
                assert meeting.minutes and meeting.attendees.exists()
            else:
                assert not meeting.minutes and not meeting.decisions.exists()
    kinds = set(ctx.groups["leadership"].meetings.values_list("kind", flat=True))
    assert {Meeting.Kind.BUDGET_PRIORITIES, Meeting.Kind.FOLLOW_UP} <= kinds
