"""A small declared-state-machine engine shared by every stateful model.

Each app declares its lifecycle as a table of `Transition`s in its `workflows.py` and applies them
through `Workflow.apply`, which in one transaction locks the row, checks the source state, the
actor's permission (`user.has_perm(transition.permission, obj)`) and the preconditions, saves,
writes a `StateChange` audit row and queues notifications on commit. Nothing else assigns a state.

A `Transition` also says how the transition bar (`templates/includes/transition_bar.html`) offers it:
a button that posts at once, with a comment field beside it, or a link to a page of its own (a form, or a
confirmation before a step that cannot be undone). `Workflow.bar(obj, user)` gives the bar its buttons.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from .exceptions import TransitionNotAllowed
from .models import StateChange
from .models.audit import WORKFLOWS

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
    requires_comment: bool = False  # `check` refuses it without a comment (a reason)
    style: str = "primary"  # the Bootstrap colour of its button
    # How the transition bar offers it: a button that posts at once (the default), with a comment field
    # beside it, or a link to its own page asking for more (a reason, a date, a decision) or a confirmation.
    asks_comment: bool = False
    needs_form: bool = False
    needs_confirmation: bool = False

    def __post_init__(self) -> None:
        if self.requires_comment and self.posts_directly and not self.asks_comment:
            raise ValueError(
                f"“{self.action}” requires a comment: let the bar ask for it (asks_comment) or give "
                "it a page (needs_form)."
            )
        if self.asks_comment and not self.posts_directly:
            raise ValueError(f"“{self.action}” has a page of its own: ask for the comment there, not in the bar.")

    @property
    def posts_directly(self) -> bool:
        """The bar's button posts the action at once (with CSRF); otherwise it links to the action's page."""
        return not (self.needs_form or self.needs_confirmation)


@dataclass(frozen=True)
class TransitionButton:
    """One button of the transition bar: an allowed transition and the URL its button posts to or opens."""

    transition: Transition
    url: str


@dataclass
class Workflow:
    model: type[models.Model]
    transitions: Sequence[Transition]
    state_field: str = "state"
    on_applied: list[Callable[[models.Model, Transition, StateChange], None]] = field(default_factory=list)
    # Where a transition of `obj` is applied (its page, or the view its button posts to); for `bar`.
    url: Callable[[models.Model, Transition], str] | None = None

    def __post_init__(self) -> None:
        self._by_action = {t.action: t for t in self.transitions}
        WORKFLOWS[self.model._meta.label_lower] = self

    def get(self, action: str) -> Transition:
        try:
            return self._by_action[action]
        except KeyError:
            raise TransitionNotAllowed(_("Unknown action “%(action)s”.") % {"action": action}) from None

    def unmet_preconditions(self, obj, transition: Transition) -> list[str]:
        return [msg for check in transition.preconditions if (msg := check(obj))]

    def still_needed(self, obj, action: str) -> list[str]:
        """What still blocks `action` (a page's checklist): its unmet preconditions while `obj` is in one of
        its source states, else nothing (from other states the action is simply not offered)."""
        transition = self.get(action)
        if getattr(obj, self.state_field) not in transition.sources:
            return []
        return self.unmet_preconditions(obj, transition)

    def available(self, obj) -> list[Transition]:
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions if state in t.sources]

    def allowed_actions(self, obj, user) -> list[Transition]:
        """Transitions from the current state that `user` may apply (preconditions not checked)."""
        return [t for t in self.available(obj) if user.has_perm(t.permission, obj)]

    def bar(self, obj, user) -> list[TransitionButton]:
        """The transition bar of `obj` for `user`: each allowed action with the URL of its button."""
        if self.url is None:
            raise ImproperlyConfigured(f"The workflow of {self.model._meta.label} has no url for its bar.")
        return [TransitionButton(t, self.url(obj, t)) for t in self.allowed_actions(obj, user)]

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
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            action=action,
            before=before,
            after=transition.target,
            actor=actor,
            comment=comment,
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
