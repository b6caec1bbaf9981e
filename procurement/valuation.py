"""The operation-form valuation as a pure function over plain values.

Every option gets a 1–5 score per criterion. Four criteria are scored by the user (5 is best: lowest risk,
best fit with the information classification, best meets the mobility need, easiest exit). The cost
criterion is computed from the total cost over the contract period, relative to the cheapest option:

    cost score = 5 × cheapest cost / this option's cost        (an option costing 0 scores 5)

The option's total is the weighted mean of its five scores,

    total = Σ weightᵢ × scoreᵢ / Σ weightᵢ,

rounded to two decimals (half up) only at the end. The highest total is recommended; a tie goes to the
cheaper option, then to the order the options were given in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CRITERIA = ("cost", "risk", "classification", "mobility", "exit")
MAX_SCORE = Decimal(5)
TWO = Decimal("0.01")


@dataclass(frozen=True)
class OptionFigures:
    option: str
    total_cost: Decimal
    risk: int
    classification: int
    mobility: int
    exit: int


@dataclass(frozen=True)
class Weights:
    cost: Decimal
    risk: Decimal
    classification: Decimal
    mobility: Decimal
    exit: Decimal

    @property
    def total(self) -> Decimal:
        return sum((Decimal(getattr(self, c)) for c in CRITERIA), Decimal(0))


@dataclass(frozen=True)
class OptionResult:
    option: str
    scores: dict[str, Decimal]  # criterion -> score 0–5 (cost computed, the others as given)
    total: Decimal  # weighted mean, 2 decimals


@dataclass(frozen=True)
class ValuationResult:
    results: list[OptionResult]
    recommended: str | None

    def result_for(self, option: str) -> OptionResult | None:
        return next((r for r in self.results if r.option == option), None)


def cost_scores(costs: Sequence[Decimal]) -> list[Decimal]:
    """5 × cheapest / cost for each cost (unrounded); 5 for a cost of zero."""
    if not costs:
        return []
    cheapest = min(costs)
    return [MAX_SCORE if cost == 0 else MAX_SCORE * cheapest / cost for cost in costs]


def evaluate(options: Sequence[OptionFigures], weights: Weights) -> ValuationResult:
    """Weighted scores per option and the recommendation (None without options or weights)."""
    if not options:
        return ValuationResult([], None)
    for o in options:
        if o.total_cost < 0:
            raise ValueError("A total cost cannot be negative.")
        for c in CRITERIA[1:]:
            if not 1 <= getattr(o, c) <= 5:
                raise ValueError(f"Score {c} of {o.option} must be 1–5.")
    weight_total = weights.total
    cost = cost_scores([Decimal(o.total_cost) for o in options])
    results = []
    for o, cost_score in zip(options, cost, strict=True):
        scores = {
            "cost": cost_score,
            "risk": Decimal(o.risk),
            "classification": Decimal(o.classification),
            "mobility": Decimal(o.mobility),
            "exit": Decimal(o.exit),
        }
        if weight_total > 0:
            raw = sum((Decimal(getattr(weights, c)) * scores[c] for c in CRITERIA), Decimal(0)) / weight_total
        else:
            raw = Decimal(0)
        results.append(
            OptionResult(
                option=o.option,
                scores={c: s.quantize(TWO, rounding=ROUND_HALF_UP) for c, s in scores.items()},
                total=raw.quantize(TWO, rounding=ROUND_HALF_UP),
            )
        )
    if weight_total <= 0:
        return ValuationResult(results, None)
    order = {o.option: i for i, o in enumerate(options)}
    costs = {o.option: Decimal(o.total_cost) for o in options}
    best = min(results, key=lambda r: (-r.total, costs[r.option], order[r.option]))
    return ValuationResult(results, best.option)
