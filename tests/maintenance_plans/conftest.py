import pytest

from maintenance_plans.models import Lifecycle

from ..governance.factories import UserFactory
from .factories import SystemFactory


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", first_name="Maja", last_name="Förvaltare")


@pytest.fixture
def owner(db):
    return UserFactory(username="owner", first_name="Olle", last_name="Ägare")


@pytest.fixture
def system(org, manager, owner):
    return SystemFactory(
        name="Procapita",
        administration=org.administration,
        system_manager=manager,
        system_owner=owner,
        lifecycle=Lifecycle.MAINTENANCE,
    )
