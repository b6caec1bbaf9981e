"""Domain exceptions shared by every app."""

from django.core.exceptions import ValidationError


class TransitionNotAllowed(ValidationError):
    """A workflow action that may not be applied now; the message says why."""


class ConcurrentEditError(ValidationError):
    """Someone else saved the record after this edit started."""
