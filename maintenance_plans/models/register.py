"""The system register: systems, their information types (classification) and integrations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import OrganisationUnit, VersionedModel


class SystemKind(models.TextChoices):
    CORE = "core", _("Core business system")
    NICHE = "niche", _("Niche system")
    TECHNICAL = "technical", _("Technical system")


class OperationForm(models.TextChoices):
    OWN_DATA_CENTRE = "own_data_centre", _("Own data centre")
    OTHER_MUNICIPALITY = "other_municipality", _("Hosted by another municipality")
    CLOUD = "cloud", _("Cloud / SaaS")


class Lifecycle(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INTRODUCTION = "introduction", _("Introduction")
    MAINTENANCE = "maintenance", _("In maintenance")
    PHASE_OUT = "phase_out", _("Phase-out")
    RETIRED = "retired", _("Retired")


class ClassificationLevel(models.IntegerChoices):
    """KLASSA's 0–4 scale for confidentiality, integrity, availability and traceability."""

    NONE = 0, _("0 – none")
    MODERATE = 1, _("1 – moderate")
    SIGNIFICANT = 2, _("2 – significant")
    SERIOUS = 3, _("3 – serious")
    VERY_SERIOUS = 4, _("4 – very serious")


class SystemQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(lifecycle=Lifecycle.RETIRED)

    def visible_to(self, user):
        """The register is open to everyone signed in (reuse search depends on it)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self

    def managed_by(self, user):
        """Systems `user` manages or owns."""
        return self.filter(Q(system_manager=user) | Q(system_owner=user))

    def contract_ending_between(self, start, end):
        return self.filter(contract_end__gte=start, contract_end__lte=end)


class System(VersionedModel):
    """An IT system (förvaltningsobjekt) in the register."""

    register_id = models.CharField(
        _("register id"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("A stable identifier from the municipality's own register; imports match on it, else on the name."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("A system with this name is already in the register.")},
    )
    description = models.TextField(_("short description"), blank=True)
    capabilities = models.TextField(
        _("capabilities"), blank=True, help_text=_("What the system can do; used when searching for reuse.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SystemKind.choices)
    administration = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.PROTECT,
        related_name="systems",
        verbose_name=_("owning administration"),
        limit_choices_to={"kind": OrganisationUnit.Kind.ADMINISTRATION},
    )
    system_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systems_owned",
        verbose_name=_("system owner"),
    )
    system_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systems_managed",
        verbose_name=_("system manager"),
    )
    information_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systems_information_owned",
        verbose_name=_("information owner"),
    )
    personal_data = models.BooleanField(_("personal data"), default=False)
    operation_form = models.CharField(_("operation form"), max_length=30, choices=OperationForm.choices)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    lifecycle = models.CharField(
        _("lifecycle"), max_length=20, choices=Lifecycle.choices, default=Lifecycle.MAINTENANCE
    )
    planned_retirement_year = models.PositiveSmallIntegerField(_("planned retirement year"), null=True, blank=True)
    # Highest level over the system's information types (kept by the service that saves them).
    max_classification = models.PositiveSmallIntegerField(
        _("highest classification level"), choices=ClassificationLevel.choices, default=0, editable=False
    )

    objects = SystemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("system")
        verbose_name_plural = _("systems")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_end__isnull=True)
                | Q(contract_start__isnull=True)
                | Q(contract_end__gte=models.F("contract_start")),
                name="system_contract_period",
                violation_error_message=_("The contract cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["register_id"],
                condition=~Q(register_id=""),
                name="system_unique_register_id",
                violation_error_message=_("Another system already has this register id."),
            ),
        ]
        indexes = [
            models.Index(fields=["administration", "name"]),
            models.Index(fields=["contract_end"]),
            models.Index(fields=["lifecycle", "name"]),
            models.Index(fields=["system_manager", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("maintenance_plans:system-detail", args=[self.pk])

    def clean(self) -> None:
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            raise ValidationError({"contract_end": _("The contract cannot end before it starts.")})
        if self.planned_retirement_year and not 1990 <= self.planned_retirement_year <= 2100:
            raise ValidationError({"planned_retirement_year": _("Give a year between 1990 and 2100.")})

    @property
    def is_retired(self) -> bool:
        return self.lifecycle == Lifecycle.RETIRED

    def responsible_user_ids(self) -> set[int]:
        """The system manager and system owner (who file the maintenance plan)."""
        return {uid for uid in (self.system_manager_id, self.system_owner_id) if uid}


class InformationType(models.Model):
    """A type of information the system holds, classified on KLASSA's 0–4 scale."""

    system = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="information_types", verbose_name=_("system")
    )
    name = models.CharField(_("information type"), max_length=200)
    confidentiality = models.PositiveSmallIntegerField(_("confidentiality"), choices=ClassificationLevel.choices)
    integrity = models.PositiveSmallIntegerField(_("integrity"), choices=ClassificationLevel.choices)
    availability = models.PositiveSmallIntegerField(_("availability"), choices=ClassificationLevel.choices)
    traceability = models.PositiveSmallIntegerField(_("traceability"), choices=ClassificationLevel.choices)
    personal_data = models.BooleanField(_("personal data"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("information type")
        verbose_name_plural = _("information types")
        ordering = ["system", "name"]
        constraints = [models.UniqueConstraint(fields=["system", "name"], name="infotype_unique_per_system")]

    def __str__(self) -> str:
        return self.name

    @property
    def highest_level(self) -> int:
        return max(self.confidentiality, self.integrity, self.availability, self.traceability)


class Integration(models.Model):
    source = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="integrations_out", verbose_name=_("from system")
    )
    target = models.ForeignKey(
        System, on_delete=models.CASCADE, related_name="integrations_in", verbose_name=_("to system")
    )
    open_interface = models.BooleanField(_("open interface"), default=False)
    description = models.CharField(_("description"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="integration_unique_pair"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="integration_not_self",
                violation_error_message=_("A system cannot integrate with itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
