from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

# The declared workflows by model label ("app.model"), filled as each `governance.workflow.Workflow` is
# declared; the audit rows use it to label their actions and states.
WORKFLOWS: dict = {}


def workflow_for(model_label: str):
    """The declared workflow of a model ("app.model"), if it has one (used to label audit rows)."""
    return WORKFLOWS.get(model_label)


class StateChange(models.Model):
    """One applied workflow transition of any record: who, when, what, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=40)
    before = models.CharField(_("from"), max_length=40)
    after = models.CharField(_("to"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action_label}: {self.before_label} → {self.after_label}"

    def _workflow(self):
        ct = ContentType.objects.get_for_id(self.content_type_id)  # cached by Django
        return workflow_for(f"{ct.app_label}.{ct.model}")

    @property
    def action_label(self) -> str:
        """The action as the user saw it, in the current language (the stored code if unknown)."""
        workflow = self._workflow()
        transition = workflow._by_action.get(self.action) if workflow else None
        return str(transition.label) if transition and transition.label else self.action

    @property
    def before_label(self) -> str:
        workflow = self._workflow()
        return workflow.state_label(self.before) if workflow else self.before

    @property
    def after_label(self) -> str:
        workflow = self._workflow()
        return workflow.state_label(self.after) if workflow else self.after


class Notification(models.Model):
    """Something a person is told: a reminder of a deadline, an overdue item, a transition.

    `key` identifies what it is about; (user, key, kind) is unique, so the daily reminder task
    can run any number of times and still tell each person each thing once.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        INFO = "info", _("Information")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "kind"], name="notification_once_per_key"),
        ]

    def __str__(self) -> str:
        return self.title
