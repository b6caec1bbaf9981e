"""Benchmark the benefit calculation: 10,000 proposals through ``calculate_scenarios``.

Each proposal has 8 cost lines and 8 benefit lines (one or two of them qualitative) over 5 years, about half
of the monetary lines with low/high estimates; seeded, so every run computes the same proposals. The figure
is the best of 3 wall-clock runs. As a baseline the same run times a plain-float loop that computes only the
base NPV of the same lines, so the ratio shows what the Decimal money, validation, three scenarios and
the full set of results cost. Prints one JSON line per figure and nothing else.

Run from the repository root: ``python bench/bench_calculations.py``.
"""

import gc
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio.proposals.calculations import BenefitLine, CostLine, Scenario, calculate_scenarios  # noqa: E402

PROPOSALS = 10_000
PERIOD = 5
RATE = Decimal("0.03")
RUNS = 3
AIM_S = 2.0

Proposal = tuple[list[CostLine], list[BenefitLine]]


def _kronor(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low, high) * 100) / 100  # whole öre


def _estimates(rng: random.Random, amount: Decimal) -> tuple[Decimal | None, Decimal | None]:
    if rng.random() < 0.5:
        return None, None
    low = (amount * Decimal(rng.randrange(50, 100)) / 100).quantize(Decimal("0.01"))
    high = (amount * Decimal(rng.randrange(100, 200)) / 100).quantize(Decimal("0.01"))
    return (low if rng.random() < 0.8 else None), (high if rng.random() < 0.8 else None)


def build(seed: int = 20250101) -> list[Proposal]:
    rng = random.Random(seed)
    stakeholders = ["residents", "businesses", "staff", "municipality", "other authorities"]
    proposals = []
    for _ in range(PROPOSALS):
        costs = [CostLine(0, _kronor(rng, 50_000, 2_000_000), category="investment", payer="central fund")]
        for _ in range(7):
            amount = _kronor(rng, 5_000, 300_000)
            low, high = _estimates(rng, amount)
            costs.append(
                CostLine(
                    rng.randrange(PERIOD),
                    amount,
                    low,
                    high,
                    category=rng.choice(["running", "licences", "staff"]),
                    payer=rng.choice(["administration", "central fund"]),
                )
            )
        benefits = []
        qualitative = rng.randint(1, 2)
        for index in range(8):
            stakeholder = rng.choice(stakeholders)
            if index < qualitative:
                benefits.append(
                    BenefitLine(
                        rng.randrange(PERIOD), None, stakeholder=stakeholder, qualitative_score=rng.randint(1, 5)
                    )
                )
                continue
            amount = _kronor(rng, 5_000, 500_000)
            low, high = _estimates(rng, amount)
            benefits.append(
                BenefitLine(
                    rng.randrange(1, PERIOD),
                    amount,
                    low,
                    high,
                    stakeholder=stakeholder,
                    cash_releasing=rng.random() < 0.4,
                )
            )
        proposals.append((costs, benefits))
    return proposals


def run_calculations(proposals: list[Proposal]) -> float:
    start = time.perf_counter()
    for costs, benefits in proposals:
        calculate_scenarios(costs=costs, benefits=benefits, period_years=PERIOD, discount_rate=RATE)
    return time.perf_counter() - start


def float_lines(proposals: list[Proposal]) -> list[list[tuple[int, float]]]:
    """The base amounts as (year, signed float) pairs: benefits positive, costs negative."""
    return [
        [(c.year, -float(c.amount)) for c in costs]
        + [(b.year, float(b.amount)) for b in benefits if b.amount is not None]
        for costs, benefits in proposals
    ]


def run_baseline(lines: list[list[tuple[int, float]]]) -> tuple[float, list[float]]:
    start = time.perf_counter()
    factors = [1.0 / (1.0 + float(RATE)) ** t for t in range(PERIOD)]
    npvs = []
    for proposal in lines:
        npv = 0.0
        for year, amount in proposal:
            npv += amount * factors[year]
        npvs.append(npv)
    return time.perf_counter() - start, npvs


def best_of(runs: int, function, *args):  # noqa: ANN001, ANN201
    gc.collect()
    gc.disable()
    try:
        results = [function(*args) for _ in range(runs)]
    finally:
        gc.enable()
    return results


def main() -> None:
    proposals = build()
    lines = float_lines(proposals)

    # The baseline must compute the same NPV, or the comparison means nothing.
    _, npvs = run_baseline(lines)
    for (costs, benefits), npv in zip(proposals[:200], npvs[:200], strict=True):
        expected = calculate_scenarios(costs=costs, benefits=benefits, discount_rate=RATE)[Scenario.BASE].npv
        if abs(float(expected) - npv) > 0.02:
            raise SystemExit(f"baseline NPV {npv} differs from the calculation's {expected}")

    cpu_start = time.process_time()
    value = min(best_of(RUNS, run_calculations, proposals))
    cpu = (time.process_time() - cpu_start) / RUNS
    baseline = min(elapsed for elapsed, _ in best_of(RUNS, run_baseline, lines))
    print(
        json.dumps(
            {
                "bench": "benefit_calculations",
                "figure": f"{PROPOSALS}_calculations_s",
                "value": round(value, 3),
                "unit": "s",
                "baseline_s": round(baseline, 4),
                "ratio": round(value / baseline, 1),
                "aim": f"< {AIM_S:g} s",
                "ok": value < AIM_S,
                "cpu_s_mean": round(cpu, 3),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
