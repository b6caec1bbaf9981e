"""Delegated decisions: which level must decide a contract of a given value."""

from decimal import Decimal

from .models import DecisionThreshold
from .models.decisions import LEVEL_RANK


def level_for(value: Decimal, thresholds) -> DecisionThreshold | None:
    """Pure: the first threshold (ascending `up_to`, open-ended last) whose limit covers `value`.

    A value exactly at a limit belongs to that limit's level ("up to and including").
    """
    ordered = sorted(thresholds, key=lambda t: (t.up_to is None, t.up_to or Decimal(0)))
    for threshold in ordered:
        if threshold.up_to is None or value <= threshold.up_to:
            return threshold
    return None


def required_decision_level(value: Decimal | None) -> DecisionThreshold | None:
    """The threshold whose level must take the procurement decision for a contract worth `value` SEK.

    None when no thresholds are configured or no limit covers the value (no open-ended level).
    """
    if value is None:
        return None
    return level_for(Decimal(value), DecisionThreshold.objects.select_related("decider"))


def level_at_least(level: str, required: str) -> bool:
    return LEVEL_RANK[level] >= LEVEL_RANK[required]
