from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periods import ValidityPeriod, ValidityPeriodQuerySet


class User(AbstractUser):
    """A person who signs in. Access comes from memberships and municipal roles, not flags."""

    title = models.CharField(_("title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class MunicipalRole(models.TextChoices):
    IT_COORDINATION = "it_coordination", _("IT coordination")
    ADMINISTRATOR = "administrator", _("Administrator")


class RoleAssignment(ValidityPeriod, models.Model):
    """A municipality-wide role held by a person for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=32, choices=MunicipalRole.choices)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipal role")
        verbose_name_plural = _("municipal roles")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="roleassignment_valid_period",
                violation_error_message=_("The role cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"
