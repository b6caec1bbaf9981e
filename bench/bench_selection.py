"""Benchmark the selection engine on seeded random portfolios of 500 and 2,000 proposals.

Run from the repository root: ``python bench/bench_selection.py``. Prints one JSON line per figure
and nothing else on stdout. Each instance: 5 years, 3–5 administrations with yearly limits of their
own plus a total yearly limit (limits at 40–60 % of the year's demand), a few mandatory items, some
dependencies (on earlier items, so acyclic) and exclusions. Values are weighted scores on 0..1.

For each size, three instances are solved twice: exactly (``mip_rel_gap=0``, stopped after
EXACT_TIME_LIMIT seconds, five times the aim) and to a proven 0.1 % gap. Reported per run: the median
wall time of :func:`solve` (checks, model build and HiGHS together), the median CPU time and the load
average (the machine may be shared), how many were proven and the largest remaining gap; and the value
the exact run captures relative to the plain rank cut-off (and to its skip-and-continue variant).
Every line carries the baseline measured in the same run: the rank cut-off's median time, and the
ratio of the engine's time to it. Per-instance details go to stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio.selection import Budget, Candidate, rank_cutoff, solve  # noqa: E402

YEARS = (2026, 2027, 2028, 2029, 2030)
SIZES = (500, 2000)
INSTANCES = 3
EXACT_TIME_LIMIT = 10.0  # five times the aim; the engine's own default is 30 s
QUICK_GAP = 1e-3


def instance(n: int, seed: int) -> tuple[list[Candidate], list[Budget]]:
    """A seeded random portfolio: n proposals over YEARS and its budgets."""
    rng = random.Random(seed)
    administrations = [f"ADM{k}" for k in range(rng.randint(3, 5))]
    keys = [f"P{i:04d}" for i in range(n)]
    requires = {i: {keys[rng.randrange(i)]} for i in range(1, n) if rng.random() < 0.05}
    excludes = {
        i: {keys[rng.randrange(n)]} - {keys[i]} - requires.get(i, set()) for i in range(n) if rng.random() < 0.02
    }
    mandatory = set(rng.sample(range(n), max(2, n // 200)))
    forced = {keys[i] for i in mandatory}
    for i in range(n - 1, -1, -1):  # requirements point to earlier items: one sweep down closes the set
        if keys[i] in forced:
            forced |= requires.get(i, set())
    candidates = []
    for i, key in enumerate(keys):
        start = rng.randrange(len(YEARS))
        length = rng.randint(1, len(YEARS) - start)
        investment = round(rng.lognormvariate(13.0, 0.9), -3)  # median ≈ 440 tkr
        running = round(investment * rng.uniform(0.05, 0.3), -3)
        costs = {YEARS[start]: Decimal(int(investment))}
        costs |= {year: Decimal(int(running)) for year in YEARS[start + 1 : start + length]}
        score = min(1.0, max(0.01, rng.betavariate(2, 3) + 0.15 * (investment / 1e6) ** 0.5))
        excluded = excludes.get(i, set()) - (forced if key in forced else set())  # no clash between musts
        candidates.append(
            Candidate(
                key=key,
                label=f"Proposal {i}",
                value=round(score, 4),
                costs=costs,
                administration=rng.choice(administrations),
                mandatory=i in mandatory,
                requires=frozenset(requires.get(i, ())),
                excludes=frozenset(excluded),
            )
        )
    budgets = []
    for year in YEARS:
        demand = sum(c.costs.get(year, Decimal(0)) for c in candidates)
        budgets.append(Budget(year, (demand * Decimal(str(rng.uniform(0.4, 0.6)))).quantize(Decimal(1000))))
        for administration in administrations:
            own = sum(c.costs.get(year, Decimal(0)) for c in candidates if c.administration == administration)
            share = Decimal(str(rng.uniform(0.45, 0.7)))
            budgets.append(Budget(year, (own * share).quantize(Decimal(1000)), administration=administration))
    return candidates, budgets


@contextlib.contextmanager
def stdout_to_stderr():
    """HiGHS prints a debugging line on the C stdout now and then; keep stdout for the JSON lines."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def run(candidates, budgets, gap: float, time_limit: float):
    """The result and the CPU seconds it took (the machine may be shared; wall time is the figure)."""
    with stdout_to_stderr():
        started = time.process_time()
        result = solve(candidates, budgets, time_limit=time_limit, mip_rel_gap=gap)
        return result, time.process_time() - started


def main() -> None:
    for n in SIZES:
        exact, loose, cpu, cut_times, captured, over_greedy = [], [], {0.0: [], QUICK_GAP: []}, [], [], []
        values, cut_values = [], []
        for k in range(INSTANCES):
            candidates, budgets = instance(n, seed=1000 * n + k)
            cut = rank_cutoff(candidates, budgets)
            greedy = rank_cutoff(candidates, budgets, skip=True)
            best, cpu_best = run(candidates, budgets, 0.0, EXACT_TIME_LIMIT)
            quick, cpu_quick = run(candidates, budgets, QUICK_GAP, EXACT_TIME_LIMIT)
            cpu[0.0].append(cpu_best)
            cpu[QUICK_GAP].append(cpu_quick)
            values.append(best.objective)
            cut_values.append(cut.objective)
            for result in (best, quick):
                if result.status not in ("optimal", "time_limit"):
                    raise SystemExit(f"instance {n}/{k}: {result.status} {result.messages}")
            exact.append(best)
            loose.append(quick)
            cut_times.append(cut.solve_seconds)
            captured.append(100.0 * best.objective / cut.objective)
            over_greedy.append(100.0 * best.objective / greedy.objective)
            print(
                f"n={n} k={k} exact: {best.status} {best.solve_seconds:.2f}s gap={best.gap:.2e} "
                f"value={best.objective:.4f} bound={best.dual_bound:.4f} | gap {QUICK_GAP}: {quick.status} "
                f"{quick.solve_seconds:.2f}s gap={quick.gap:.2e} | cut-off {cut.objective:.4f} "
                f"({cut.solve_seconds * 1000:.1f} ms), greedy {greedy.objective:.4f}",
                file=sys.stderr,
            )
        baseline = statistics.median(cut_times)
        for label, results, gap, aim in (
            (f"solve_{n}_median_s", exact, 0.0, "< 2 s, proven optimal" if n == 2000 else "proven optimal"),
            (f"solve_{n}_gap_0.1pct_median_s", loose, QUICK_GAP, "< 2 s, proven within 0.1 %"),
        ):
            median = statistics.median(r.solve_seconds for r in results)
            emit(
                figure=label,
                value=round(median, 3),
                unit="s",
                baseline_s=round(baseline, 4),
                ratio=round(median / baseline, 1),
                cpu_s=round(statistics.median(cpu[gap]), 3),
                proven_optimal=all(r.proven_optimal for r in results),
                proven=sum(r.proven_optimal for r in results),
                instances=INSTANCES,
                mip_rel_gap=gap,
                max_gap=max(r.gap or 0.0 for r in results),
                time_limit_s=EXACT_TIME_LIMIT,
                load_avg=round(os.getloadavg()[0], 1),
                aim=aim,
            )
        median_exact = statistics.median(r.solve_seconds for r in exact)
        emit(
            figure=f"value_vs_rank_cutoff_{n}_pct",
            value=round(statistics.median(captured), 1),
            unit="%",
            baseline_s=round(baseline, 4),
            ratio=round(median_exact / baseline, 1),
            min_pct=round(min(captured), 1),
            vs_greedy_fill_pct=round(statistics.median(over_greedy), 2),
            optimal_value=round(statistics.median(values), 3),
            rank_cutoff_value=round(statistics.median(cut_values), 3),
            proven_optimal=all(r.proven_optimal for r in exact),
            instances=INSTANCES,
            aim="optimum ≥ 100 % of the rank cut-off",
        )


def emit(**fields: object) -> None:
    print(json.dumps({"bench": "selection", **fields}, ensure_ascii=False))


if __name__ == "__main__":
    main()
