"""Benchmark the selection engine on seeded random portfolios of 500 and 2,000 proposals.

Run from the repository root: ``python bench/bench_selection.py``. Prints one JSON line per figure
and nothing else on stdout. Each instance: 5 years, 3–5 administrations with yearly limits of their
own plus a total yearly limit (limits at 40–60 % of the year's demand), a few mandatory items, some
dependencies (on earlier items, so acyclic) and exclusions. Values are weighted scores on 0..1.

For each size, three instances are solved twice with the default backend (the best installed,
see :mod:`portfolio.prioritisation.selection.solvers`): exactly (``mip_rel_gap=0``, stopped after EXACT_TIME_LIMIT
seconds, five times the aim) and to a 0.1 % gap; then the same with scipy's HiGHS as a comparison
(lines with the suffix ``_scipy``; ``BENCH_SELECTION_ALL=1`` adds every other installed backend). Reported per run: the
median wall time of :func:`solve` (checks, model build and solver together), the median CPU time
(children included) and the load average (the machine may be shared),
how many were proven optimal, how many finished (optimal within the asked gap) and the largest
remaining gap; and the value the default backend's exact run captures relative to the plain rank
cut-off (and to its skip-and-continue variant). Every line carries the baseline measured in the same
run: the rank cut-off's median time, and the ratio of the engine's time to it. Per-instance details
go to stderr.

Then, for the sizes a municipality's boards actually prioritise in a year (PROOF_SIZES), the same kind of
instances are solved exactly with the default backend: the median time to a proof and how many were
proven within the 2 s aim, so that the size up to which answers come proven and at once is on record.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portfolio.prioritisation.selection import Budget, Candidate, rank_cutoff, solve  # noqa: E402
from portfolio.prioritisation.selection.solvers import SOLVERS, available_solvers, default_solver  # noqa: E402

YEARS = (2026, 2027, 2028, 2029, 2030)
SIZES = (500, 2000)
INSTANCES = 3
PROOF_SIZES = (50, 100, 200)
AIM_SECONDS = 2.0
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


def cpu_seconds() -> float:
    """CPU time of this process and its finished children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(candidates, budgets, gap: float, time_limit: float, solver: str):
    """The result and the CPU seconds it took (the machine may be shared; wall time is the figure)."""
    with stdout_to_stderr():
        started = cpu_seconds()
        result = solve(candidates, budgets, time_limit=time_limit, mip_rel_gap=gap, solver=solver)
        return result, cpu_seconds() - started


def main() -> None:
    default = default_solver()
    backends = list(dict.fromkeys([default, "scipy", *(SOLVERS if os.environ.get("BENCH_SELECTION_ALL") else [])]))
    backends = [name for name in backends if name in available_solvers()]
    for n in SIZES:
        problems = [instance(n, seed=1000 * n + k) for k in range(INSTANCES)]
        cuts = [rank_cutoff(c, b) for c, b in problems]
        greedies = [rank_cutoff(c, b, skip=True) for c, b in problems]
        baseline = statistics.median(cut.solve_seconds for cut in cuts)
        for solver in backends:
            exact, loose, cpu = [], [], {0.0: [], QUICK_GAP: []}
            for k, (candidates, budgets) in enumerate(problems):
                best, cpu_best = run(candidates, budgets, 0.0, EXACT_TIME_LIMIT, solver)
                quick, cpu_quick = run(candidates, budgets, QUICK_GAP, EXACT_TIME_LIMIT, solver)
                for result in (best, quick):
                    if result.status not in ("optimal", "time_limit"):
                        raise SystemExit(f"instance {n}/{k} ({solver}): {result.status} {result.messages}")
                exact.append(best)
                loose.append(quick)
                cpu[0.0].append(cpu_best)
                cpu[QUICK_GAP].append(cpu_quick)
                print(
                    f"n={n} k={k} {solver} exact: {best.status} proven={best.proven_optimal} "
                    f"{best.solve_seconds:.2f}s gap={best.gap or 0:.2e} value={best.objective:.4f} "
                    f"bound={best.dual_bound or 0:.4f} | gap {QUICK_GAP}: {quick.status} {quick.solve_seconds:.2f}s "
                    f"gap={quick.gap or 0:.2e} | cut-off {cuts[k].objective:.4f} "
                    f"({cuts[k].solve_seconds * 1000:.1f} ms), greedy {greedies[k].objective:.4f}",
                    file=sys.stderr,
                )
            suffix = "" if solver == default else f"_{solver}"
            for label, results, gap, aim in (
                (f"solve_{n}_median_s{suffix}", exact, 0.0, "< 2 s, proven optimal" if n == 2000 else "proven optimal"),
                (f"solve_{n}_gap_0.1pct_median_s{suffix}", loose, QUICK_GAP, "< 2 s, within 0.1 %"),
            ):
                median = statistics.median(r.solve_seconds for r in results)
                emit(
                    figure=label,
                    value=round(median, 3),
                    unit="s",
                    solver=solver,
                    default_solver=solver == default,
                    baseline_s=round(baseline, 4),
                    ratio=round(median / baseline, 1),
                    cpu_s=round(statistics.median(cpu[gap]), 3),
                    proven_optimal=all(r.proven_optimal for r in results),
                    proven=sum(r.proven_optimal for r in results),
                    finished=sum(r.status == "optimal" for r in results),
                    instances=INSTANCES,
                    mip_rel_gap=gap,
                    max_gap=max(r.gap if r.gap is not None else float("inf") for r in results),
                    time_limit_s=EXACT_TIME_LIMIT,
                    load_avg=round(os.getloadavg()[0], 1),
                    aim=aim,
                )
            if solver != default:
                continue
            captured = [100.0 * r.objective / cut.objective for r, cut in zip(exact, cuts, strict=True)]
            over_greedy = [100.0 * r.objective / g.objective for r, g in zip(exact, greedies, strict=True)]
            emit(
                figure=f"value_vs_rank_cutoff_{n}_pct",
                value=round(statistics.median(captured), 1),
                unit="%",
                solver=solver,
                baseline_s=round(baseline, 4),
                ratio=round(statistics.median(r.solve_seconds for r in exact) / baseline, 1),
                min_pct=round(min(captured), 1),
                vs_greedy_fill_pct=round(statistics.median(over_greedy), 2),
                optimal_value=round(statistics.median(r.objective for r in exact), 3),
                rank_cutoff_value=round(statistics.median(cut.objective for cut in cuts), 3),
                proven_optimal=all(r.proven_optimal for r in exact),
                instances=INSTANCES,
                aim="optimum ≥ 100 % of the rank cut-off",
            )
    proof_by_size(default)


def proof_by_size(backend: str) -> None:
    """Median time to a proof for smaller portfolios, and how many are proven within the aim."""
    for n in PROOF_SIZES:
        problems = [instance(n, seed=1000 * n + k) for k in range(INSTANCES)]
        cuts = [rank_cutoff(c, b) for c, b in problems]
        results = [run(c, b, 0.0, EXACT_TIME_LIMIT, backend)[0] for c, b in problems]
        baseline = statistics.median(cut.solve_seconds for cut in cuts)
        median = statistics.median(r.solve_seconds for r in results)
        emit(
            figure=f"proof_{n}_median_s",
            value=round(median, 3),
            unit="s",
            solver=backend,
            baseline_s=round(baseline, 4),
            ratio=round(median / baseline, 1),
            proven=sum(r.proven_optimal for r in results),
            proven_within_aim=sum(r.proven_optimal and r.solve_seconds < AIM_SECONDS for r in results),
            instances=INSTANCES,
            time_limit_s=EXACT_TIME_LIMIT,
            load_avg=round(os.getloadavg()[0], 1),
            aim=f"proven optimal in < {AIM_SECONDS:g} s",
        )


def emit(**fields: object) -> None:
    print(json.dumps({"bench": "selection", **fields}, ensure_ascii=False))


if __name__ == "__main__":
    main()
