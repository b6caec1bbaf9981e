"""The procurement model's checklist template, versioned.

A template is edited only while it is a draft. Publishing makes it the version new cases get; a case
keeps the version it started with (its items are copied at creation). Editing a published template
means starting a new draft version from it (`services.template_new_draft`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models import VersionedModel

from .phases import WORKING_PHASE_CHOICES, Phase, phase_index


class ChecklistTemplateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def current(self) -> "ChecklistTemplate | None":
        """The published version new cases get: the highest published version number."""
        return self.published().order_by("-number").first()


class ChecklistTemplate(VersionedModel):
    number = models.PositiveIntegerField(_("template version"), unique=True)
    title = models.CharField(_("title"), max_length=200, default="IT-upphandlingsmodellen")
    change_note = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )

    objects = ChecklistTemplateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["-number"]

    def __str__(self) -> str:
        return _("%(title)s, version %(n)s") % {"title": self.title, "n": self.number}

    def get_absolute_url(self) -> str:
        return reverse("procurement:template-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("template")
    )
    phase = models.CharField(_("phase"), max_length=30, choices=WORKING_PHASE_CHOICES)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("item"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    evidence_required = models.BooleanField(
        _("evidence required"), default=True, help_text=_("Done needs a file, a link or a text as evidence.")
    )
    # Items the app completes itself when the matching record is filed (reuse check, valuation, ...).
    key = models.SlugField(_("linked record"), max_length=40, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.template_id and self.template.is_published:
            raise ValidationError(
                _("Version %(n)s is published and in use: start a new draft version to change the checklist.")
                % {"n": self.template.number}
            )

    @property
    def phase_index(self) -> int:
        return phase_index(self.phase) if self.phase in Phase.values else 0
