"""Governance records: people, the organisation, steering groups, meetings, strategies and cycles."""

from .audit import Notification, StateChange
from .base import TimeStampedModel, VersionedModel
from .cycles import BudgetCycle, Milestone, MilestoneKind
from .meetings import AgendaItem, Decision, Meeting
from .organisation import Committee, OrganisationUnit
from .people import MunicipalRole, RoleAssignment, User
from .steering import GroupRole, Membership, Side, SteeringGroup, Tier
from .strategy import Goal, Indicator, Measurement, Strategy

__all__ = [
    "AgendaItem",
    "BudgetCycle",
    "Committee",
    "Decision",
    "Goal",
    "GroupRole",
    "Indicator",
    "Measurement",
    "Meeting",
    "Membership",
    "Milestone",
    "MilestoneKind",
    "MunicipalRole",
    "Notification",
    "OrganisationUnit",
    "RoleAssignment",
    "Side",
    "StateChange",
    "SteeringGroup",
    "Strategy",
    "Tier",
    "TimeStampedModel",
    "User",
    "VersionedModel",
]
