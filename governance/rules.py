"""Permission predicates over memberships and municipal roles: the one answer to "may this person…".

Every app builds its own rules from these (views, templates and admin all ask
`user.has_perm("app.action_model", obj)`, which the `rules` object backend answers).
A person's active memberships and roles are read once per request and cached on the user object,
so checking many objects costs no extra queries.
"""

from dataclasses import dataclass

import rules
from django.utils import timezone

from .models import GroupRole, Membership, MunicipalRole, RoleAssignment, Tier

_CACHE_ATTR = "_governance_access"


@dataclass(frozen=True)
class Seat:
    group_id: int
    tier: int
    parent_id: int | None
    role: str


@dataclass(frozen=True)
class Access:
    seats: tuple[Seat, ...]
    roles: frozenset[str]

    @property
    def group_ids(self) -> frozenset[int]:
        return frozenset(s.group_id for s in self.seats)


def access_of(user) -> Access:
    """The person's active seats and municipal roles today (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return Access((), frozenset())
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    seats = tuple(
        Seat(group_id=g, tier=t, parent_id=p, role=r)
        for g, t, p, r in Membership.objects.active(today)
        .filter(user=user)
        .values_list("group_id", "group__tier", "group__parent_id", "role")
    )
    roles = frozenset(RoleAssignment.objects.active(today).filter(user=user).values_list("role", flat=True))
    access = Access(seats, roles)
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user) -> None:
    """Drop the cached access (after memberships change within one request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# Plain functions for other apps' predicates ---------------------------------------------------


def member_of(user, group_id: int | None) -> bool:
    return group_id is not None and group_id in access_of(user).group_ids


def has_role_in(user, group_id: int | None, *roles: str) -> bool:
    return any(s.group_id == group_id and s.role in roles for s in access_of(user).seats)


def member_of_parent_board(user, group) -> bool:
    """Member of the tier-2 board that `group` (an ICT group) answers to."""
    return group is not None and member_of(user, group.parent_id)


def has_municipal_role(user, role: str) -> bool:
    return role in access_of(user).roles


# Predicates -----------------------------------------------------------------------------------


@rules.predicate
def is_it_coordination(user) -> bool:
    return has_municipal_role(user, MunicipalRole.IT_COORDINATION)


@rules.predicate
def is_administrator(user) -> bool:
    return has_municipal_role(user, MunicipalRole.ADMINISTRATOR) or getattr(user, "is_superuser", False)


@rules.predicate
def is_leadership_member(user) -> bool:
    return any(s.tier == Tier.LEADERSHIP for s in access_of(user).seats)


@rules.predicate
def is_board_member(user) -> bool:
    return any(s.tier == Tier.BOARD for s in access_of(user).seats)


@rules.predicate
def is_ict_group_member(user) -> bool:
    return any(s.tier == Tier.ICT_GROUP for s in access_of(user).seats)


@rules.predicate
def is_group_member(user, group) -> bool:
    return group is not None and member_of(user, group.pk)


@rules.predicate
def is_parent_board_member(user, group) -> bool:
    return member_of_parent_board(user, group)


@rules.predicate
def is_group_convener(user, group) -> bool:
    """Holds the group's convening role, or chairs it."""
    return group is not None and has_role_in(user, group.pk, group.convening_role, "chair")


def has_group_role(*roles: str):
    """Predicate factory: has one of `roles` in the group given as the object."""

    @rules.predicate(name=f"has_group_role({','.join(roles)})")
    def predicate(user, group) -> bool:
        return group is not None and has_role_in(user, group.pk, *roles)

    return predicate


@rules.predicate
def is_meeting_convener(user, meeting) -> bool:
    return meeting is not None and is_group_convener(user, meeting.group)


@rules.predicate
def is_decision_convener(user, decision) -> bool:
    """Convenes (or chairs) the group whose meeting took the decision."""
    return decision is not None and is_group_convener(user, decision.meeting.group)


@rules.predicate
def is_it_manager(user) -> bool:
    """Holds a seat with the IT manager role (in any group)."""
    return any(s.role == GroupRole.IT_MANAGER for s in access_of(user).seats)


is_signed_in = rules.is_authenticated
is_coordinator = is_it_coordination | is_administrator
# Takes part in steering above the ICT groups: reads plans before they are approved.
is_steering_insider = is_coordinator | is_it_manager | is_board_member | is_leadership_member

# Permissions ----------------------------------------------------------------------------------

for model in (
    "committee",
    "organisationunit",
    "steeringgroup",
    "membership",
    "meeting",
    "agendaitem",
    "decision",
    "strategy",
    "goal",
    "indicator",
    "measurement",
    "budgetcycle",
    "milestone",
    "user",
    "roleassignment",
):
    rules.add_perm(f"governance.view_{model}", is_signed_in)

# Kept records are deleted by administrators only; a wrongly entered measurement is removed by those who
# enter them (the history keeps the deleted row).
for model, deleted_by in (
    ("committee", is_administrator),
    ("organisationunit", is_administrator),
    ("steeringgroup", is_administrator),
    ("membership", is_administrator),
    ("strategy", is_administrator),
    ("goal", is_administrator),
    ("indicator", is_administrator),
    ("measurement", is_coordinator),
    ("budgetcycle", is_administrator),
    ("milestone", is_administrator),
):
    rules.add_perm(f"governance.add_{model}", is_coordinator)
    rules.add_perm(f"governance.change_{model}", is_coordinator)
    rules.add_perm(f"governance.delete_{model}", deleted_by)

for model in ("user", "roleassignment"):
    rules.add_perm(f"governance.add_{model}", is_administrator)
    rules.add_perm(f"governance.change_{model}", is_administrator)
    rules.add_perm(f"governance.delete_{model}", is_administrator)

# Meetings: the group's convener (or chair) runs them; IT coordination may help.
rules.add_perm("governance.add_meeting", is_coordinator | is_group_convener)  # object: the group
rules.add_perm("governance.change_meeting", is_coordinator | is_meeting_convener)
rules.add_perm("governance.delete_meeting", is_administrator)
for model in ("agendaitem", "decision"):
    rules.add_perm(f"governance.add_{model}", is_coordinator | is_meeting_convener)  # object: the meeting
    rules.add_perm(f"governance.delete_{model}", is_administrator)
rules.add_perm("governance.change_agendaitem", is_coordinator | is_meeting_convener)  # object: the meeting
# The same people who record a decision may correct it; the object is the decision itself.
rules.add_perm("governance.change_decision", is_coordinator | is_decision_convener)

rules.add_perm("governance.view_history", is_signed_in)
rules.add_perm("governance.view_notification", is_signed_in)
rules.add_perm("governance.view_statechange", is_signed_in)
