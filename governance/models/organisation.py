from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Committee(models.Model):
    """A political committee (nämnd) that an administration answers to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationUnit(models.Model):
    """municipality → administration → operation."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        ADMINISTRATION = "administration", _("Administration")
        OPERATION = "operation", _("Operation")

    PARENT_KIND = {Kind.ADMINISTRATION: Kind.MUNICIPALITY, Kind.OPERATION: Kind.ADMINISTRATION}

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("committee"),
        help_text=_("The committee this unit answers to."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_per_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = self.PARENT_KIND.get(self.kind)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": _("A municipality is not part of another unit.")})
        if expected is not None:
            if self.parent is None:
                raise ValidationError(
                    {
                        "parent": _("Choose the %(kind)s this unit belongs to.")
                        % {"kind": self.Kind(expected).label.lower()}
                    }
                )
            if self.parent.kind != expected:
                raise ValidationError(
                    {
                        "parent": _("A %(kind)s must belong to a %(parent)s.")
                        % {"kind": self.get_kind_display().lower(), "parent": self.Kind(expected).label.lower()}
                    }
                )

    @property
    def administration(self) -> "OrganisationUnit | None":
        """The administration this unit is or belongs to."""
        if self.kind == self.Kind.ADMINISTRATION:
            return self
        if self.kind == self.Kind.OPERATION:
            return self.parent
        return None
