import datetime as dt

import factory
from django.utils import timezone

from governance.models import (
    BudgetCycle,
    Committee,
    Goal,
    GroupRole,
    Indicator,
    Meeting,
    Membership,
    OrganisationUnit,
    RoleAssignment,
    SteeringGroup,
    Strategy,
    Tier,
    User,
)
from tests.clock import SEATS_FROM, TODAY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kommun.example")
    password = factory.django.Password("secret-pass-123")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Nämnd {n}")


class OrganisationUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationUnit

    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = OrganisationUnit.Kind.MUNICIPALITY


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroup

    name = factory.Sequence(lambda n: f"Grupp {n}")
    tier = Tier.LEADERSHIP
    scope = factory.SubFactory(OrganisationUnitFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(SteeringGroupFactory)
    role = GroupRole.MEMBER
    valid_from = SEATS_FROM  # a year before the suite's TODAY, open-ended


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    valid_from = SEATS_FROM


class BudgetCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetCycle
        django_get_or_create = ("plan_year",)

    plan_year = TODAY.year + 1


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(SteeringGroupFactory)
    starts_at = factory.LazyFunction(timezone.now)  # the suite's clock: NOW, or where the test travelled


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    title = factory.Sequence(lambda n: f"Strategi {n}")
    kind = Strategy.Kind.IT_STRATEGY
    adopted_on = dt.date(2024, 1, 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    code = factory.Sequence(lambda n: str(n))
    title = factory.Sequence(lambda n: f"Mål {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Nyckeltal {n}")
    baseline = 40
    target = 80
