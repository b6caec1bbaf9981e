from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisation import OrganisationUnit
from .periods import ValidityPeriod, ValidityPeriodQuerySet


class Tier(models.IntegerChoices):
    LEADERSHIP = 1, _("Municipal leadership group")
    BOARD = 2, _("IT-strategic board")
    ICT_GROUP = 3, _("ICT group")


class GroupRole(models.TextChoices):
    CHAIR = "chair", _("Chair / convener")
    MUNICIPAL_DIRECTOR = "municipal_director", _("Municipal director")
    HEAD_OF_ADMINISTRATION = "head_of_administration", _("Head of administration")
    OPERATIONS_MANAGER = "operations_manager", _("Operations manager")
    BUSINESS_DEVELOPER = "business_developer", _("Business developer")
    SYSTEM_MANAGER = "system_manager", _("System manager")
    CASE_OFFICER = "case_officer", _("Case officer / user")
    IT_MANAGER = "it_manager", _("IT manager")
    IT_OPERATIONS_MANAGER = "it_operations_manager", _("IT operations manager")
    SUPPORT_LEAD = "support_lead", _("Support lead")
    SPECIALIST = "specialist", _("Specialist")
    MEMBER = "member", _("Member")


class Side(models.TextChoices):
    OPERATIONS = "operations", _("Operations")
    IT_CENTRE = "it_centre", _("IT centre")


class SteeringGroup(models.Model):
    """A group in the three-tier steering model.

    Tier 1 is the municipal leadership group (no parent), tier 2 an IT-strategic board whose parent
    is the tier-1 group, tier 3 an ICT group whose parent is a tier-2 board.
    """

    EXPECTED_PARENT_TIER = {Tier.LEADERSHIP: None, Tier.BOARD: Tier.LEADERSHIP, Tier.ICT_GROUP: Tier.BOARD}

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent group"),
    )
    scope = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.PROTECT,
        related_name="steering_groups",
        verbose_name=_("organisational scope"),
    )
    convening_role = models.CharField(
        _("convened by"),
        max_length=32,
        choices=GroupRole.choices,
        default=GroupRole.CHAIR,
        help_text=_("The member role that convenes the group's meetings."),
    )
    meetings_min_per_year = models.PositiveSmallIntegerField(_("meetings per year, at least"), default=1)
    meetings_max_per_year = models.PositiveSmallIntegerField(_("meetings per year, at most"), default=4)
    duties = models.TextField(_("duties"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steering group")
        verbose_name_plural = _("steering groups")
        ordering = ["tier", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meetings_max_per_year__gte=models.F("meetings_min_per_year")),
                name="steeringgroup_meeting_norm_order",
                violation_error_message=_("The most meetings per year cannot be fewer than the least."),
            ),
            models.CheckConstraint(
                condition=Q(tier=1, parent__isnull=True) | Q(tier__in=[2, 3], parent__isnull=False),
                name="steeringgroup_parent_by_tier",
                violation_error_message=_("Only the leadership group is without a parent group."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:group-detail", args=[self.pk])

    def clean(self) -> None:
        if self.tier is None:
            return
        expected = self.EXPECTED_PARENT_TIER[Tier(self.tier)]
        if expected is None:
            if self.parent_id:
                raise ValidationError({"parent": _("The municipal leadership group (tier 1) has no parent group.")})
            return
        if self.parent is None:
            raise ValidationError(
                {
                    "parent": _("A %(tier)s needs a parent group: choose a %(parent)s.")
                    % {"tier": Tier(self.tier).label, "parent": expected.label}
                }
            )
        if self.parent.tier != expected:
            raise ValidationError(
                {
                    "parent": _("The parent group must be on tier %(n)s (%(parent)s); %(chosen)s is on tier %(m)s.")
                    % {
                        "tier": Tier(self.tier).label,
                        "parent": expected.label,
                        "n": int(expected),
                        "chosen": self.parent,
                        "m": self.parent.tier,
                    }
                }
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A group cannot be its own parent.")})

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label


class Membership(ValidityPeriod, models.Model):
    """A person's seat in a steering group, with role, side and validity period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    group = models.ForeignKey(
        SteeringGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    role = models.CharField(_("role"), max_length=32, choices=GroupRole.choices, default=GroupRole.MEMBER)
    side = models.CharField(_("side"), max_length=20, choices=Side.choices, default=Side.OPERATIONS)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group__tier", "group__name", "user__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_period",
                violation_error_message=_("The membership cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.group} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.valid_to and not self.may_end_on(self.valid_to):
            raise ValidationError(
                {"valid_to": _("The membership cannot end before it starts (%(start)s).") % {"start": self.valid_from}}
            )
