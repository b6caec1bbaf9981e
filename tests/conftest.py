"""Shared fixtures: a small steering organisation with one person per demo role.

`org` gives: municipality, administration and operation; the leadership group (tier 1), a board
(tier 2) and an ICT group (tier 3) under it, plus a second board and ICT group elsewhere. `people`
gives a user per role key in ROLES, each with the memberships that role implies (from a year before
TODAY, open-ended).

The clock: the whole run is on `tests.clock.NOW` (TODAY, 18 November 2026, 10:00 in Stockholm), whatever the
host clock says; see tests/clock.py. `clock` is each test's traveller (`clock.shift(...)`).
`tests.module_data.rolled_back_for_module` keeps data made once for all tests of a module.
"""

from dataclasses import dataclass

import pytest

from governance.models import GroupRole, MunicipalRole, OrganisationUnit, Side, Tier

from .clock import suite_clock
from .governance.factories import (
    MembershipFactory,
    OrganisationUnitFactory,
    RoleAssignmentFactory,
    SteeringGroupFactory,
    UserFactory,
)

pytest_plugins = ["tests.celery_worker"]  # the `redis_worker_app` fixture

ROLES = ("leader", "board_member", "ict_member", "ict_chair", "other_ict_member", "it_coordinator", "admin", "outsider")


_run_clock = suite_clock()


def pytest_configure(config):
    """Put the whole run (collection, migrations, module-wide fixtures) on the suite's clock."""
    _run_clock.start()


def pytest_unconfigure(config):
    _run_clock.stop()


# Modules that seed data once for all their tests (tests.module_data.rolled_back_for_module): with -n, all
# of a module's tests go to one worker, so it seeds once in all.
SEEDED_ONCE = ("tests/governance/test_seed_demo.py", "tests/portfolio/test_portfolio_demo.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With -n (xdist's `load`), schedule test by test as `load` does, except that each SEEDED_ONCE module
    is one unit, sent to one worker before the single tests (units go largest first).

    (`--dist=loadgroup` with `xdist_group` marks would say the same, but pytest-xdist 3.8 no longer groups
    under pytest 9.2: pytest-dev/pytest-xdist#1386.)
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SeededModulesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in SEEDED_ONCE else nodeid

    return SeededModulesTogether(config, log)


@pytest.fixture(autouse=True)
def clock():
    """Every test starts at NOW (the clock ticks from there); travel elsewhere with `clock.move_to(...)`."""
    with suite_clock() as traveller:
        yield traveller


@dataclass
class Org:
    municipality: OrganisationUnit
    administration: OrganisationUnit
    operation: OrganisationUnit
    other_administration: OrganisationUnit
    leadership: object
    board: object
    ict_group: object
    other_board: object
    other_ict_group: object


@pytest.fixture
def org(db) -> Org:
    municipality = OrganisationUnitFactory(name="Exempelkommun", kind=OrganisationUnit.Kind.MUNICIPALITY)
    administration = OrganisationUnitFactory(
        name="Utbildningsförvaltningen",
        short_name="UTF",
        kind=OrganisationUnit.Kind.ADMINISTRATION,
        parent=municipality,
    )
    operation = OrganisationUnitFactory(name="Grundskola", kind=OrganisationUnit.Kind.OPERATION, parent=administration)
    other_administration = OrganisationUnitFactory(
        name="Samhällsbyggnadsförvaltningen",
        short_name="SBF",
        kind=OrganisationUnit.Kind.ADMINISTRATION,
        parent=municipality,
    )
    leadership = SteeringGroupFactory(
        name="Kommunens ledningsgrupp",
        tier=Tier.LEADERSHIP,
        scope=municipality,
        convening_role=GroupRole.MUNICIPAL_DIRECTOR,
    )
    board = SteeringGroupFactory(
        name="IT-strategisk ledningsgrupp UTF",
        tier=Tier.BOARD,
        parent=leadership,
        scope=administration,
        convening_role=GroupRole.IT_MANAGER,
    )
    ict_group = SteeringGroupFactory(
        name="IKT-grupp Grundskola",
        tier=Tier.ICT_GROUP,
        parent=board,
        scope=operation,
        convening_role=GroupRole.IT_OPERATIONS_MANAGER,
        meetings_min_per_year=4,
        meetings_max_per_year=6,
    )
    other_board = SteeringGroupFactory(
        name="IT-strategisk ledningsgrupp SBF", tier=Tier.BOARD, parent=leadership, scope=other_administration
    )
    other_ict_group = SteeringGroupFactory(
        name="IKT-grupp SBF", tier=Tier.ICT_GROUP, parent=other_board, scope=other_administration
    )
    return Org(
        municipality,
        administration,
        operation,
        other_administration,
        leadership,
        board,
        ict_group,
        other_board,
        other_ict_group,
    )


@pytest.fixture
def people(org) -> dict:
    users = {key: UserFactory(username=key) for key in ROLES}
    MembershipFactory(user=users["leader"], group=org.leadership, role=GroupRole.MUNICIPAL_DIRECTOR)
    MembershipFactory(user=users["board_member"], group=org.board, role=GroupRole.IT_MANAGER, side=Side.IT_CENTRE)
    MembershipFactory(user=users["ict_member"], group=org.ict_group, role=GroupRole.BUSINESS_DEVELOPER)
    MembershipFactory(
        user=users["ict_chair"], group=org.ict_group, role=GroupRole.IT_OPERATIONS_MANAGER, side=Side.IT_CENTRE
    )
    MembershipFactory(user=users["other_ict_member"], group=org.other_ict_group, role=GroupRole.CASE_OFFICER)
    RoleAssignmentFactory(user=users["it_coordinator"], role=MunicipalRole.IT_COORDINATION)
    RoleAssignmentFactory(user=users["admin"], role=MunicipalRole.ADMINISTRATOR)
    users["admin"].is_staff = True
    users["admin"].save()
    return users


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
