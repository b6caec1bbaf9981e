"""The yearly IT plan (DESIGN §8): one plan per plan year, versioned, with a frozen copy of its figures.

A plan (`ITPlan`) belongs to a budget cycle and moves draft → proposed → approved → revised (see
`portfolio.itplan.workflows`). Its content lives in versions (`ITPlanVersion`): each assembly after
approval or after the cycle's lock makes a new version with a reason, so an approved version never
changes. The items (`ITPlanItem`) are stored values copied from the records at assembly – owner,
priority, status, area, administration and the yearly figures – so later edits to a proposal, a
project or a maintenance plan do not change a plan that has been decided.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import BudgetCycle, Decision, OrganisationUnit, VersionedModel
from governance.rules import is_steering_insider
from portfolio.proposals.models import MONEY


class ITPlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REVISED = "revised", _("Revised")


class ITPlanSection(models.TextChoices):
    PROJECTS = "projects", _("Development projects")
    MAINTENANCE = "maintenance", _("Maintenance budget")
    RETIREMENTS = "retirements", _("Planned retirements")
    PROCUREMENTS = "procurements", _("Planned procurements")


class ITPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """What `user` may read; agrees with `portfolio.view_itplan`.

        Everyone signed in reads a plan once a version of it has been approved; drafts and proposed plans
        are read by IT coordination, IT managers, board members and the leadership group.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_steering_insider(user):
            return self
        return self.filter(versions__approved_at__isnull=False).distinct()


class ITPlan(VersionedModel):
    """The IT plan of one plan year. `version` (from VersionedModel) guards concurrent workflow steps;
    `current_number` is the number of the version being worked on (or the last one decided)."""

    cycle = models.OneToOneField(
        BudgetCycle, on_delete=models.PROTECT, related_name="it_plan", verbose_name=_("budget cycle")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ITPlanState.choices, default=ITPlanState.DRAFT, editable=False
    )
    current_number = models.PositiveSmallIntegerField(_("current version"), default=1, editable=False)

    objects = ITPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IT plan")
        verbose_name_plural = _("IT plans")
        ordering = ["-cycle__plan_year"]

    def __str__(self) -> str:
        return _("IT plan %(year)s") % {"year": self.plan_year}

    def get_absolute_url(self) -> str:
        return reverse("portfolio:itplan-detail", args=[self.plan_year])

    @property
    def plan_year(self) -> int:
        return self.cycle.plan_year


class ITPlanVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Approved versions for everyone signed in; every version for the plan's insiders."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_steering_insider(user):
            return self
        return self.filter(approved_at__isnull=False)


class ITPlanVersion(models.Model):
    """One version of a plan's content. Approved versions never change; a change makes a new version."""

    plan = models.ForeignKey(ITPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("IT plan"))
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason for the version"), blank=True)
    source = models.CharField(_("projects taken from"), max_length=200, blank=True)
    assembled_at = models.DateTimeField(_("assembled"))
    assembled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assembled by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approval_decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="it_plan_versions",
        verbose_name=_("approval decision"),
    )
    # Stored totals of the plan year (sums of the items), for lists.
    development_total = models.DecimalField(_("development cost in the plan year"), default=Decimal(0), **MONEY)
    maintenance_total = models.DecimalField(_("maintenance budget"), default=Decimal(0), **MONEY)
    procurement_total = models.DecimalField(_("planned procurements"), default=Decimal(0), **MONEY)

    objects = ITPlanVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("IT plan version")
        verbose_name_plural = _("IT plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="itplanversion_unique_number"),
        ]

    def __str__(self) -> str:
        return _("%(plan)s, version %(n)s") % {"plan": self.plan, "n": self.number}

    def get_absolute_url(self) -> str:
        return reverse("portfolio:itplan-version", args=[self.plan.plan_year, self.number])

    @property
    def total(self) -> Decimal:
        return self.development_total + self.maintenance_total


class ITPlanItem(models.Model):
    """One frozen row of a plan version: a project or proposal, a system's maintenance budget, a planned
    retirement or a planned procurement. `key` identifies the source record across versions."""

    version = models.ForeignKey(
        ITPlanVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    section = models.CharField(_("section"), max_length=20, choices=ITPlanSection.choices)
    key = models.CharField(_("source"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    owner = models.CharField(_("owner"), max_length=300, blank=True)
    priority = models.PositiveIntegerField(_("priority"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    status_label = models.CharField(_("status"), max_length=100, blank=True)
    area = models.CharField(_("area of operation"), max_length=20, blank=True)
    administration = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administration"),
    )
    administration_name = models.CharField(_("administration"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount in the plan year"), default=Decimal(0), **MONEY)
    total_cost = models.DecimalField(_("total cost"), default=Decimal(0), **MONEY)
    total_benefit = models.DecimalField(_("total monetary benefit"), default=Decimal(0), **MONEY)
    # {"2027": {"cost": "100000.00", "benefit": "0.00"}, ...}: calendar years from the plan year on.
    yearly = models.JSONField(_("yearly figures"), default=dict)
    # Section-specific stored values (cost types of a maintenance budget, goal ids, phase, ...).
    details = models.JSONField(_("details"), default=dict)

    class Meta:
        verbose_name = _("IT plan item")
        verbose_name_plural = _("IT plan items")
        ordering = ["version", "section", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "section", "key"], name="itplanitem_unique_key"),
        ]
        indexes = [models.Index(fields=["version", "section", "position"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()


def itplan_export_upload_to(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1][:5] if "." in filename else "bin"
    return f"itplan/exports/{uuid.uuid4().hex}.{suffix}"


class ITPlanExport(models.Model):
    """A document built in the background (large plans): progress for the page, then the file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    version = models.ForeignKey(
        ITPlanVersion, on_delete=models.CASCADE, related_name="exports", verbose_name=_("version")
    )
    document = models.CharField(_("document"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=itplan_export_upload_to, max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("IT plan document")
        verbose_name_plural = _("IT plan documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.version} {self.document}"
