"""A small declared-state-machine engine shared by every stateful model.

Each app declares its lifecycle as a table of `Transition`s in its `workflows.py` and applies them
through `Workflow.apply`, which in one transaction locks the row, checks the source state, the
actor's permission (`user.has_perm(transition.permission, obj)`) and the preconditions, saves,
writes a `StateChange` audit row and queues notifications on commit. Nothing else assigns a state.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from .exceptions import TransitionNotAllowed
from .models import StateChange

_WORKFLOWS: dict[str, "Workflow"] = {}

Precondition = Callable[[models.Model], str | None]
"""Returns None when satisfied, else a message saying what is missing."""


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str
    label: str = ""
    preconditions: tuple[Precondition, ...] = ()
    requires_comment: bool = False
    style: str = "primary"


@dataclass
class Workflow:
    model: type[models.Model]
    transitions: Sequence[Transition]
    state_field: str = "state"
    on_applied: list[Callable[[models.Model, Transition, StateChange], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_action = {t.action: t for t in self.transitions}
        _WORKFLOWS[self.model._meta.label_lower] = self

    def get(self, action: str) -> Transition:
        try:
            return self._by_action[action]
        except KeyError:
            raise TransitionNotAllowed(_("Unknown action “%(action)s”.") % {"action": action}) from None

    def unmet_preconditions(self, obj, transition: Transition) -> list[str]:
        return [msg for check in transition.preconditions if (msg := check(obj))]

    def available(self, obj) -> list[Transition]:
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions if state in t.sources]

    def allowed_actions(self, obj, user) -> list[Transition]:
        """Transitions from the current state that `user` may apply (preconditions not checked)."""
        return [t for t in self.available(obj) if user.has_perm(t.permission, obj)]

    def check(self, obj, action: str, actor, comment: str = "") -> Transition:
        transition = self.get(action)
        state = getattr(obj, self.state_field)
        if state not in transition.sources:
            raise TransitionNotAllowed(
                _("“%(action)s” is not possible while the record is %(state)s.")
                % {"action": transition.label or action, "state": self.state_label(state)}
            )
        if not actor.has_perm(transition.permission, obj):
            raise PermissionDenied(_("You may not do “%(action)s” here.") % {"action": transition.label or action})
        if transition.requires_comment and not comment.strip():
            raise TransitionNotAllowed(_("Give a reason."))
        unmet = self.unmet_preconditions(obj, transition)
        if unmet:
            raise TransitionNotAllowed(unmet)
        return transition

    def state_label(self, state: str) -> str:
        field_obj = self.model._meta.get_field(self.state_field)
        return str(dict(field_obj.flatchoices).get(state, state))

    @transaction.atomic
    def apply(self, obj, action: str, *, actor, comment: str = "", extra_fields: Iterable[str] = ()) -> models.Model:
        """Apply `action` to `obj`. Raises TransitionNotAllowed (with reasons) or PermissionDenied."""
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        for name in extra_fields:  # values the caller set on `obj` to be saved with the transition
            setattr(locked, name, getattr(obj, name))
        transition = self.check(locked, action, actor, comment)
        before = getattr(locked, self.state_field)
        setattr(locked, self.state_field, transition.target)
        update = [self.state_field, *extra_fields]
        if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
            update.append("updated_at")
        if any(f.name == "version" for f in locked._meta.concrete_fields):
            locked.version += 1
            update.append("version")
        locked.save(update_fields=update)
        change = StateChange.objects.create(
            content_type=ContentType.objects.get_for_model(locked), object_id=locked.pk, action=action,
            before=before, after=transition.target, actor=actor, comment=comment,
        )
        for hook in self.on_applied:
            hook(locked, transition, change)
        return locked


def state_changes_for(obj):
    return (
        StateChange.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def workflow_for(model_label: str) -> "Workflow | None":
    """The declared workflow of a model ("app.model"), if it has one (used to label audit rows)."""
    return _WORKFLOWS.get(model_label)
