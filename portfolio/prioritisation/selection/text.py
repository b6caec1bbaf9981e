"""Words for the selection engine: message templates and budget labels.

The engine stores every reason as a code plus plain parameters (years, keys, Decimal SEK amounts,
floats). Text is produced only when a ``message`` property is read, through :func:`render`. The
templates are marked with ``gettext_noop`` so ``makemessages`` finds them; :func:`render` translates
them with Django's ``gettext`` when Django is set up and otherwise returns the English source, so the
engine runs without any Django settings. Money and numbers are `governance.money`'s (which needs no
Django settings either): amounts in the unit their size calls for (``format_money_scaled``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from governance.money import format_money_scaled, format_number


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it (same keyword as Django's)."""
    return message


def _django_ready() -> bool:
    try:
        from django.conf import settings
    except ImportError:
        return False
    return settings.configured


def _translate(message: str) -> str:
    if _django_ready():
        from django.core.exceptions import AppRegistryNotReady
        from django.utils.translation import gettext

        try:
            return gettext(message)
        except AppRegistryNotReady:  # translations not ready yet (app registry loading): stay in English
            return message
    return message


TEMPLATES: dict[str, str] = {
    # validation problems
    "duplicate_key": gettext_noop("Candidate %(key)s occurs more than once."),
    "invalid_value": gettext_noop("%(key)s has no valid value."),
    "invalid_cost": gettext_noop("%(key)s has an invalid cost in %(year)s."),
    "negative_cost": gettext_noop("%(key)s has a negative cost in %(year)s."),
    "missing_budget": gettext_noop("No total budget for %(year)s, although candidates cost money that year."),
    "invalid_budget": gettext_noop("The %(budget)s is not a valid amount."),
    "negative_budget": gettext_noop("The %(budget)s is negative."),
    "duplicate_budget": gettext_noop("The %(budget)s is given more than once."),
    "unknown_reference": gettext_noop("%(key)s refers to %(ref)s, which is not a candidate."),
    "self_exclusion": gettext_noop("%(key)s excludes itself."),
    "dependency_cycle": gettext_noop("Dependency cycle: %(cycle)s."),
    "mandatory_excluded": gettext_noop("%(key)s and %(other)s are both mandatory but exclude each other."),
    "mandatory_requires_excluded": gettext_noop(
        "Mandatory %(key)s needs %(required)s, which cannot be combined with %(other)s (also required)."
    ),
    # infeasibility
    "mandatory_over_budget": gettext_noop("Mandatory items alone exceed the %(budget)s by %(amount)s."),
    "solver_infeasible": gettext_noop("No selection satisfies every rule and budget."),
    # explanations: in
    "mandatory": gettext_noop("In: mandatory."),
    "required": gettext_noop("In: needed by mandatory %(by)s."),
    "chosen": gettext_noop("In: part of the best value within the budgets."),
    "ranked": gettext_noop("In: above the cut-off line of the ranked list."),
    # explanations: out
    "excluded_by": gettext_noop("Out: excluded by %(other)s, which is in."),
    "needs": gettext_noop("Out: needs %(required)s, which is out."),
    "budget_bound": gettext_noop("Out: budget-bound in %(year)s; it would exceed the %(budget)s by %(amount)s."),
    "too_expensive": gettext_noop("Out: exceeds the %(budget)s by %(amount)s even with only the mandatory items."),
    "low_value": gettext_noop(
        "Out: low value per krona (%(ratio)s per mnkr; the chosen items it competes with reach %(threshold)s)."
    ),
    "no_value": gettext_noop("Out: adds no value."),
    "not_reached": gettext_noop("Out: would fit, but the selection stopped before it."),
}

_BUDGET_LABELS = {
    (False, False): gettext_noop("%(year)s budget"),
    (True, False): gettext_noop("%(year)s budget for %(administration)s"),
    (False, True): gettext_noop("%(year)s budget for cost type %(cost_type)s"),
    (True, True): gettext_noop("%(year)s budget for %(administration)s, cost type %(cost_type)s"),
}


def budget_label(year: int, administration: str | None = None, cost_type: str | None = None) -> str:
    """'2027 budget', '2027 budget for UTF', '2027 budget for cost type licences', or both."""
    template = _BUDGET_LABELS[(administration is not None, cost_type is not None)]
    return _translate(template) % {"year": year, "administration": administration, "cost_type": cost_type}


def render(code: str, params: Mapping[str, object]) -> str:
    """The message for ``code`` with ``params``; Decimal amounts become money, a year a budget label."""
    template = _translate(TEMPLATES[code])
    shown: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, Decimal):
            shown[name] = format_money_scaled(value)
        elif isinstance(value, float):
            shown[name] = format_number(value, 2) if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"
        else:
            shown[name] = value
    if "%(budget)s" in TEMPLATES[code] and "year" in params:
        shown["budget"] = budget_label(params["year"], params.get("administration"), params.get("cost_type"))
    return template % shown
