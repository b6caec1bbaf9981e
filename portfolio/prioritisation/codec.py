"""The JSON round trip of the selection engine's plain data (candidates, budgets, budget use, message
parameters) as stored on a `Scenario`, and the rendering of stored reasons in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portfolio.prioritisation import selection

# JSON round trip of the engine's plain data -------------------------------------------------------


def params_to_json(params: Mapping[str, object]) -> dict:
    return {k: ({"decimal": str(v)} if isinstance(v, Decimal) else v) for k, v in params.items()}


def params_from_json(params: Mapping[str, object]) -> dict:
    return {k: (Decimal(v["decimal"]) if isinstance(v, dict) and "decimal" in v else v) for k, v in params.items()}


def candidate_to_json(c: selection.Candidate) -> dict:
    return {
        "key": c.key,
        "label": c.label,
        "value": c.value,
        "administration": c.administration,
        "costs": {str(y): str(a) for y, a in c.costs.items()},
        "cost_types": [[y, t, str(a)] for (y, t), a in (c.cost_types or {}).items()],
        "mandatory": c.mandatory,
        "requires": sorted(c.requires),
        "excludes": sorted(c.excludes),
    }


def candidate_from_json(d: Mapping) -> selection.Candidate:
    return selection.Candidate(
        key=d["key"],
        label=d["label"],
        value=float(d["value"]),
        administration=d.get("administration"),
        costs={int(y): Decimal(a) for y, a in d["costs"].items()},
        cost_types={(int(y), t): Decimal(a) for y, t, a in d.get("cost_types", [])},
        mandatory=bool(d.get("mandatory")),
        requires=frozenset(d.get("requires", ())),
        excludes=frozenset(d.get("excludes", ())),
    )


def budget_to_json(b: selection.Budget) -> dict:
    return {"year": b.year, "limit": str(b.limit), "administration": b.administration, "cost_type": b.cost_type}


def budget_from_json(d: Mapping) -> selection.Budget:
    return selection.Budget(
        year=int(d["year"]),
        limit=Decimal(d["limit"]),
        administration=d.get("administration"),
        cost_type=d.get("cost_type"),
    )


def uses_to_json(uses: Iterable[selection.BudgetUse]) -> list[dict]:
    return [{**budget_to_json(u.budget), "used": str(u.used), "slack": str(u.slack)} for u in uses]


SKIP_TEMPLATES = {
    "needs_missing": gettext_noop("Out: needs %(required)s, which is neither approved nor among the candidates."),
}


def render_reason(code: str, params: Mapping[str, object]) -> str:
    """Words for an engine reason code (or one of ours), in the active language."""
    if code in SKIP_TEMPLATES:
        return _(SKIP_TEMPLATES[code]) % params
    return selection.model.render(code, params_from_json(params))
