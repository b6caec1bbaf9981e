"""Words for the selection engine: message templates, budget labels and money in MSEK/tkr.

The engine stores every reason as a code plus plain parameters (years, keys, Decimal SEK amounts,
floats). Text is produced only when a ``message`` property is read, through :func:`render`. The
templates are marked with ``gettext_noop`` so ``makemessages`` finds them; :func:`render` translates
them with Django's ``gettext`` when Django is set up and otherwise returns the English source, so the
engine runs without any Django settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal


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
        from django.utils.translation import gettext

        try:
            return gettext(message)
        except Exception:  # translations not ready yet (app registry loading): stay in English
            return message
    return message


def _number(value: Decimal | float, decimals: int) -> str:
    if _django_ready():
        from django.utils.formats import number_format

        try:
            return number_format(value, decimals, force_grouping=True)
        except Exception:  # formats not ready yet: plain English digits
            return f"{value:,.{decimals}f}"
    return f"{value:,.{decimals}f}"


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
        "Out: low value per krona (%(ratio)s per MSEK; the chosen items it competes with reach %(threshold)s)."
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
_MSEK = gettext_noop("%(amount)s MSEK")
_TKR = gettext_noop("%(amount)s tkr")


def budget_label(year: int, administration: str | None = None, cost_type: str | None = None) -> str:
    """'2027 budget', '2027 budget for UTF', '2027 budget for cost type licences', or both."""
    template = _BUDGET_LABELS[(administration is not None, cost_type is not None)]
    return _translate(template) % {"year": year, "administration": administration, "cost_type": cost_type}


def format_sek(amount: Decimal | float | int) -> str:
    """Money for people: '1.2 MSEK' from 1 MSEK up (one decimal), else whole tkr ('350 tkr').

    Below 10 tkr one decimal is kept, and a positive amount never shows as zero (it is rounded up to
    0.1 tkr), so "exceeds by 0.0 tkr" cannot happen.
    """
    amount = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    magnitude = abs(amount)
    if magnitude >= Decimal(1_000_000):
        shown = (amount / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return _translate(_MSEK) % {"amount": _number(shown, 1)}
    tkr = amount / Decimal(1000)
    if magnitude >= Decimal(10_000):
        return _translate(_TKR) % {"amount": _number(tkr.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0)}
    rounding = ROUND_UP if 0 < magnitude < Decimal(100) else ROUND_HALF_UP
    return _translate(_TKR) % {"amount": _number(tkr.quantize(Decimal("0.1"), rounding=rounding), 1)}


def render(code: str, params: Mapping[str, object]) -> str:
    """The message for ``code`` with ``params``; Decimal amounts become money, a year a budget label."""
    template = _translate(TEMPLATES[code])
    shown: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, Decimal):
            shown[name] = format_sek(value)
        elif isinstance(value, float):
            shown[name] = _number(value, 2) if abs(value) >= 0.01 or value == 0 else f"{value:.2g}"
        else:
            shown[name] = value
    if "%(budget)s" in TEMPLATES[code] and "year" in params:
        shown["budget"] = budget_label(params["year"], params.get("administration"), params.get("cost_type"))
    return template % shown
