"""Aggregation of the board members' scores (pure, no database): per criterion mean, spread and normalised
mean; the weighted total; disagreement. See `portfolio.prioritisation.models` for the rules."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ScoreKey = tuple[int, int]  # (proposal id, criterion id)

TWO = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: Decimal
    scale_min: int
    scale_max: int
    higher_is_better: bool = True


@dataclass(frozen=True)
class CriterionAggregate:
    count: int
    mean: Decimal
    stdev: Decimal
    low: int
    high: int
    normalised: Decimal  # 0..1, 1 best
    disagreement: bool


@dataclass
class ProposalAggregate:
    proposal_id: int
    criteria: dict[int, CriterionAggregate] = field(default_factory=dict)
    weighted_total: Decimal | None = None
    final: Decimal | None = None
    rank: int | None = None

    @property
    def score(self) -> Decimal | None:
        """The score that ranks and selects: the chair's final score if set, else the weighted total."""
        return self.final if self.final is not None else self.weighted_total

    @property
    def disagreement(self) -> bool:
        return any(a.disagreement for a in self.criteria.values())


def aggregate_scores(
    *,
    criteria: Sequence[CriterionSpec],
    scores: Mapping[ScoreKey, Sequence[int]],
    proposal_ids: Iterable[int],
    threshold: Decimal,
    finals: Mapping[int, Decimal] | None = None,
) -> list[ProposalAggregate]:
    """Mean, spread, weighted total and rank per proposal, best first (unscored last, unranked).

    Ranks are competition ranks (1, 2, 2, 4) on the final score if set, else the weighted total.
    """
    finals = finals or {}
    rows = []
    for pid in proposal_ids:
        row = ProposalAggregate(proposal_id=pid, final=finals.get(pid))
        weighted = Decimal(0)
        weights = Decimal(0)
        for spec in criteria:
            values = list(scores.get((pid, spec.id), ()))
            if not values:
                continue
            numbers = [Decimal(v) for v in values]
            mean = sum(numbers) / len(numbers)
            stdev = statistics.pstdev(numbers) if len(numbers) > 1 else Decimal(0)
            normalised = (mean - spec.scale_min) / (spec.scale_max - spec.scale_min)
            if not spec.higher_is_better:
                normalised = 1 - normalised
            row.criteria[spec.id] = CriterionAggregate(
                count=len(numbers),
                mean=mean.quantize(TWO, ROUND_HALF_UP),
                stdev=stdev.quantize(TWO, ROUND_HALF_UP),
                low=min(values),
                high=max(values),
                normalised=normalised,
                disagreement=stdev > threshold,
            )
            weighted += Decimal(spec.weight) * normalised
            weights += Decimal(spec.weight)
        if weights > 0:
            row.weighted_total = (100 * weighted / weights).quantize(TWO, ROUND_HALF_UP)
        rows.append(row)
    ranked = sorted((r for r in rows if r.score is not None), key=lambda r: -r.score)
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.score != previous:
            rank, previous = position, row.score
        row.rank = rank
    return ranked + [r for r in rows if r.score is None]
