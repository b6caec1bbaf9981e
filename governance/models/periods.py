"""The period a seat (membership) or a municipal role is held: from `valid_from` to `valid_to`, both days
included; no `valid_to` means open-ended. The one statement of "held on a day" (for querysets and for a
loaded row) and of "may end on a day"; the models' CheckConstraints keep the database to the same rule."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone


def held_on(on: date | None = None) -> Q:
    """Rows whose period covers `on` (default: today)."""
    on = on or timezone.localdate()
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class ValidityPeriodQuerySet(models.QuerySet):
    def active(self, on: date | None = None):
        """Seats or roles held on `on` (default: today)."""
        return self.filter(held_on(on))


class ValidityPeriod:
    """For models with `valid_from` and `valid_to` fields (`Membership`, `RoleAssignment`)."""

    valid_from: date
    valid_to: date | None

    def is_active(self, on: date | None = None) -> bool:
        """The same rule as `held_on`, for a row already loaded."""
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    def may_end_on(self, day: date) -> bool:
        """A period may end on the day it starts, not before."""
        return self.valid_from is None or day >= self.valid_from
