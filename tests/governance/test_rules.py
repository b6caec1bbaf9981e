"""The permission matrix: governance's predicates and permissions for every role in tests/conftest.py."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from governance import rules as gr
from governance.models import GroupRole, MunicipalRole

from ..conftest import ROLES
from .factories import MeetingFactory, MembershipFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def who(people, check) -> set[str]:
    """The role keys for which `check(user)` is true."""
    result = set()
    for key in ROLES:
        user = people[key]
        gr.forget_access(user)
        if check(user):
            result.add(key)
    return result


# Predicates without an object -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (gr.is_it_coordination, {"it_coordinator"}),
        (gr.is_administrator, {"admin"}),
        (gr.is_coordinator, {"it_coordinator", "admin"}),
        (gr.is_leadership_member, {"leader"}),
        (gr.is_board_member, {"board_member"}),
        (gr.is_ict_group_member, {"ict_member", "ict_chair", "other_ict_member"}),
        (gr.is_signed_in, set(ROLES)),
    ],
)
def test_role_predicates(people, predicate, expected):
    assert who(people, predicate.test) == expected


# Predicates about a group ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicate", "group", "expected"),
    [
        (gr.is_group_member, "ict_group", {"ict_member", "ict_chair"}),
        (gr.is_group_member, "other_ict_group", {"other_ict_member"}),
        (gr.is_group_member, "board", {"board_member"}),
        (gr.is_group_member, "leadership", {"leader"}),
        (gr.is_parent_board_member, "ict_group", {"board_member"}),
        (gr.is_parent_board_member, "other_ict_group", set()),
        (gr.is_group_convener, "ict_group", {"ict_chair"}),  # convened by the IT operations manager
        (gr.is_group_convener, "board", {"board_member"}),  # convened by the IT manager
        (gr.is_group_convener, "leadership", {"leader"}),  # convened by the municipal director
        (gr.is_group_convener, "other_ict_group", set()),  # convened by a chair; nobody holds it
        (gr.has_group_role(GroupRole.BUSINESS_DEVELOPER, GroupRole.CASE_OFFICER), "ict_group", {"ict_member"}),
        (gr.has_group_role(GroupRole.CASE_OFFICER), "other_ict_group", {"other_ict_member"}),
    ],
)
def test_group_predicates(org, people, predicate, group, expected):
    group = getattr(org, group)
    assert who(people, lambda user: predicate.test(user, group)) == expected


def test_group_predicates_with_no_group_are_false(people):
    for predicate in (gr.is_group_member, gr.is_parent_board_member, gr.is_group_convener, gr.is_meeting_convener):
        assert who(people, lambda user, p=predicate: p.test(user, None)) == set()


def test_chair_convenes_any_group(org, people):
    MembershipFactory(user=people["other_ict_member"], group=org.ict_group, role=GroupRole.CHAIR)
    assert who(people, lambda user: gr.is_group_convener.test(user, org.ict_group)) == {"ict_chair", "other_ict_member"}


def test_meeting_convener(org, people):
    meeting = MeetingFactory(group=org.ict_group)
    assert who(people, lambda user: gr.is_meeting_convener.test(user, meeting)) == {"ict_chair"}


# Permissions ----------------------------------------------------------------------------------

EVERYONE = set(ROLES)
COORDINATORS = {"it_coordinator", "admin"}


@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        ("governance.view_strategy", EVERYONE),
        ("governance.view_budgetcycle", EVERYONE),
        ("governance.view_meeting", EVERYONE),
        ("governance.add_strategy", COORDINATORS),
        ("governance.change_steeringgroup", COORDINATORS),
        ("governance.change_budgetcycle", COORDINATORS),
        ("governance.change_milestone", COORDINATORS),
        ("governance.delete_strategy", {"admin"}),
        ("governance.delete_budgetcycle", {"admin"}),
        ("governance.add_user", {"admin"}),
        ("governance.change_roleassignment", {"admin"}),
    ],
)
def test_model_permissions(people, perm, expected):
    assert who(people, lambda user: user.has_perm(perm)) == expected


def test_meeting_permissions(org, people):
    meeting = MeetingFactory(group=org.ict_group)
    board_meeting = MeetingFactory(group=org.board)
    assert who(people, lambda u: u.has_perm("governance.add_meeting", org.ict_group)) == COORDINATORS | {"ict_chair"}
    assert who(people, lambda u: u.has_perm("governance.add_meeting", org.board)) == COORDINATORS | {"board_member"}
    assert who(people, lambda u: u.has_perm("governance.change_meeting", meeting)) == COORDINATORS | {"ict_chair"}
    assert who(people, lambda u: u.has_perm("governance.change_meeting", board_meeting)) == (
        COORDINATORS | {"board_member"}
    )
    assert who(people, lambda u: u.has_perm("governance.add_decision", meeting)) == COORDINATORS | {"ict_chair"}
    assert who(people, lambda u: u.has_perm("governance.change_agendaitem", meeting)) == COORDINATORS | {"ict_chair"}
    assert who(people, lambda u: u.has_perm("governance.delete_meeting", meeting)) == {"admin"}


def test_anonymous_has_no_access(org):
    anonymous = AnonymousUser()
    assert gr.access_of(anonymous).seats == ()
    assert not anonymous.has_perm("governance.view_strategy")
    assert not gr.is_group_member.test(anonymous, org.board)
    assert not gr.is_administrator.test(anonymous)


def test_superuser_counts_as_administrator():
    assert gr.is_administrator.test(UserFactory(is_superuser=True))


# Validity periods and the per-request cache ---------------------------------------------------


def test_only_active_seats_and_roles_count(org):
    today = timezone.localdate()
    ended = UserFactory()
    MembershipFactory(
        user=ended, group=org.board, valid_from=today - dt.timedelta(days=400), valid_to=today - dt.timedelta(days=1)
    )
    starts_later = UserFactory()
    MembershipFactory(user=starts_later, group=org.board, valid_from=today + dt.timedelta(days=1))
    former_coordinator = UserFactory()
    RoleAssignmentFactory(
        user=former_coordinator, role=MunicipalRole.IT_COORDINATION, valid_to=today - dt.timedelta(days=1)
    )
    last_day = UserFactory()
    MembershipFactory(user=last_day, group=org.board, valid_to=today)
    assert not gr.is_board_member.test(ended)
    assert not gr.is_board_member.test(starts_later)
    assert not gr.is_it_coordination.test(former_coordinator)
    assert gr.is_board_member.test(last_day)


def test_access_is_cached_until_forgotten(org, people, django_assert_num_queries):
    user = people["ict_member"]
    gr.forget_access(user)
    with django_assert_num_queries(2):  # seats and roles, once
        for _ in range(5):
            gr.is_group_member.test(user, org.ict_group)
            gr.is_it_coordination.test(user)
    MembershipFactory(user=user, group=org.board)
    assert not gr.is_group_member.test(user, org.board)  # still the cached answer
    gr.forget_access(user)
    assert gr.is_group_member.test(user, org.board)
