"""Shared fixtures: a small steering organisation with one person per demo role.

`org` gives: municipality, administration and operation; the leadership group (tier 1), a board
(tier 2) and an ICT group (tier 3) under it, plus a second board and ICT group elsewhere. `people`
gives a user per role key in ROLES, each with the memberships that role implies.
"""

from dataclasses import dataclass

import pytest

from governance.models import GroupRole, MunicipalRole, OrganisationUnit, Side, Tier

from .governance.factories import (
    MembershipFactory,
    OrganisationUnitFactory,
    RoleAssignmentFactory,
    SteeringGroupFactory,
    UserFactory,
)

pytest_plugins = ["tests.celery_worker"]  # the `redis_worker_app` fixture

ROLES = ("leader", "board_member", "ict_member", "ict_chair", "other_ict_member", "it_coordinator", "admin",
         "outsider")


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
    administration = OrganisationUnitFactory(name="Utbildningsförvaltningen", short_name="UTF",
                                             kind=OrganisationUnit.Kind.ADMINISTRATION, parent=municipality)
    operation = OrganisationUnitFactory(name="Grundskola", kind=OrganisationUnit.Kind.OPERATION,
                                        parent=administration)
    other_administration = OrganisationUnitFactory(name="Samhällsbyggnadsförvaltningen", short_name="SBF",
                                                   kind=OrganisationUnit.Kind.ADMINISTRATION, parent=municipality)
    leadership = SteeringGroupFactory(name="Kommunens ledningsgrupp", tier=Tier.LEADERSHIP, scope=municipality,
                                      convening_role=GroupRole.MUNICIPAL_DIRECTOR)
    board = SteeringGroupFactory(name="IT-strategisk ledningsgrupp UTF", tier=Tier.BOARD, parent=leadership,
                                 scope=administration, convening_role=GroupRole.IT_MANAGER)
    ict_group = SteeringGroupFactory(name="IKT-grupp Grundskola", tier=Tier.ICT_GROUP, parent=board, scope=operation,
                                     convening_role=GroupRole.IT_OPERATIONS_MANAGER, meetings_min_per_year=4,
                                     meetings_max_per_year=6)
    other_board = SteeringGroupFactory(name="IT-strategisk ledningsgrupp SBF", tier=Tier.BOARD, parent=leadership,
                                       scope=other_administration)
    other_ict_group = SteeringGroupFactory(name="IKT-grupp SBF", tier=Tier.ICT_GROUP, parent=other_board,
                                           scope=other_administration)
    return Org(municipality, administration, operation, other_administration, leadership, board, ict_group,
               other_board, other_ict_group)


@pytest.fixture
def people(org) -> dict:
    users = {key: UserFactory(username=key) for key in ROLES}
    MembershipFactory(user=users["leader"], group=org.leadership, role=GroupRole.MUNICIPAL_DIRECTOR)
    MembershipFactory(user=users["board_member"], group=org.board, role=GroupRole.IT_MANAGER, side=Side.IT_CENTRE)
    MembershipFactory(user=users["ict_member"], group=org.ict_group, role=GroupRole.BUSINESS_DEVELOPER)
    MembershipFactory(user=users["ict_chair"], group=org.ict_group, role=GroupRole.IT_OPERATIONS_MANAGER,
                      side=Side.IT_CENTRE)
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
