"""The selection engine: hand-checked optima, rules, bad input, infeasibility words, explanations,
frontier, and (hypothesis) agreement with brute-force enumeration on small random instances.

Pure engine tests: no database, no Django settings (run with ``-p no:django`` too).
"""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from governance.money import format_money_scaled
from portfolio.prioritisation.selection import (
    Budget,
    Candidate,
    explain,
    frontier,
    objective_values,
    rank_cutoff,
    solve,
    solvers,
    validate,
)
from portfolio.prioritisation.selection.engine import _no_better_set, build_model, mip_problem, value_quantum

#: Every backend installed here; the brute-force comparison runs on each.
BACKENDS = solvers.available_solvers()

MNKR = 1_000_000


def django_configured() -> bool:
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover
        return False
    return settings.configured


@pytest.fixture(autouse=True)
def english():
    """Messages in English source form, also when the Django plugin has set up Swedish settings."""
    if not django_configured():
        yield
        return

    with translation.override("en"):
        yield


def cand(key, value, costs, **extra) -> Candidate:
    """A candidate whose costs are given in SEK per year (ints)."""
    return Candidate(key=key, label=key.title(), value=value, costs={y: Decimal(c) for y, c in costs.items()}, **extra)


def budget(year, limit, **extra) -> Budget:
    return Budget(year=year, limit=Decimal(limit), **extra)


# --- hand-checked optima ------------------------------------------------------------------------


def test_big_item_blocks_two_small_ones():
    candidates = [
        cand("big", 10.0, {2027: 10 * MNKR}),
        cand("small1", 6.0, {2027: 5 * MNKR}),
        cand("small2", 6.0, {2027: 5 * MNKR}),
    ]
    budgets = [budget(2027, 10 * MNKR)]

    best = solve(candidates, budgets)
    assert best.status == "optimal" and best.proven_optimal
    assert best.chosen == ("small1", "small2")
    assert best.objective == pytest.approx(12.0)
    assert best.gap == pytest.approx(0.0, abs=1e-9)
    assert best.slack == {budgets[0]: Decimal(0)}
    assert best.solve_seconds >= 0

    # Spreadsheet practice takes "big" (highest value) and then nothing fits: 10 < 12.
    cut = rank_cutoff(candidates, budgets)
    assert cut.status == "feasible" and not cut.proven_optimal
    assert cut.chosen == ("big",)
    assert cut.objective == pytest.approx(10.0)


def test_rank_cutoff_stops_at_first_misfit_unless_skipping():
    candidates = [
        cand("a", 10.0, {2027: 8}),
        cand("b", 9.0, {2027: 5}),
        cand("c", 3.0, {2027: 2}),
    ]
    budgets = [budget(2027, 10)]
    assert rank_cutoff(candidates, budgets).chosen == ("a",)
    assert rank_cutoff(candidates, budgets, skip=True).chosen == ("a", "c")
    best = solve(candidates, budgets)
    assert best.chosen == ("a", "c") and best.objective == pytest.approx(13.0)


def test_multi_year_costs_must_fit_every_year():
    # "late" is cheap in 2027 but too expensive together with "early" in 2028.
    candidates = [
        cand("early", 5.0, {2027: 4, 2028: 6}),
        cand("late", 4.0, {2027: 1, 2028: 6}),
        cand("other", 2.0, {2027: 5}),
    ]
    budgets = [budget(2027, 10), budget(2028, 10)]
    best = solve(candidates, budgets)
    assert best.chosen == ("early", "other")
    assert best.objective == pytest.approx(7.0)
    assert [use.slack for use in best.budgets] == [Decimal(1), Decimal(4)]
    assert [use.used for use in best.budgets] == [Decimal(9), Decimal(6)]


def test_mandatory_item_is_in_even_with_low_value():
    candidates = [
        cand("law", 0.1, {2027: 6}, mandatory=True),
        cand("nice", 5.0, {2027: 6}),
        cand("small", 1.0, {2027: 4}),
    ]
    budgets = [budget(2027, 10)]
    best = solve(candidates, budgets)
    assert best.chosen == ("law", "small")
    assert best.objective == pytest.approx(1.1)
    # The cut-off line falls at "nice", which does not fit next to "law".
    assert rank_cutoff(candidates, budgets).chosen == ("law",)
    assert rank_cutoff(candidates, budgets, skip=True).chosen == ("law", "small")


def test_dependency_brings_its_requirement_or_nothing():
    candidates = [
        cand("app", 8.0, {2027: 5}, requires=frozenset({"platform"})),
        cand("platform", 0.5, {2027: 4}),
        cand("alone", 6.0, {2027: 5}),
    ]
    # With 9 SEK: app + platform (8.5) beats alone + platform (6.5); app is never in without platform.
    best = solve(candidates, [budget(2027, 9)])
    assert best.chosen == ("app", "platform")
    assert best.objective == pytest.approx(8.5)
    # With 8 SEK, app + platform (9) does not fit: "alone" is best (6.0 > platform's 0.5).
    tight = solve(candidates, [budget(2027, 8)])
    assert tight.chosen == ("alone",)
    # The rank cut-off takes "app" with its requirement as one package.
    assert rank_cutoff(candidates, [budget(2027, 9)]).chosen == ("app", "platform")


def test_exclusion_keeps_the_better_of_two():
    candidates = [
        cand("system_a", 5.0, {2027: 3}, excludes=frozenset({"system_b"})),
        cand("system_b", 7.0, {2027: 3}),
        cand("extra", 1.0, {2027: 3}),
    ]
    best = solve(candidates, [budget(2027, 100)])
    assert best.chosen == ("system_b", "extra")
    assert best.objective == pytest.approx(8.0)
    assert rank_cutoff(candidates, [budget(2027, 100)]).chosen == ("system_b", "extra")


def test_per_administration_limit():
    candidates = [
        cand("utf1", 5.0, {2027: 4}, administration="UTF"),
        cand("utf2", 4.0, {2027: 4}, administration="UTF"),
        cand("sbf1", 3.0, {2027: 4}, administration="SBF"),
    ]
    budgets = [budget(2027, 12), budget(2027, 5, administration="UTF")]
    best = solve(candidates, budgets)
    assert best.chosen == ("utf1", "sbf1")
    assert best.objective == pytest.approx(8.0)
    slack = best.slack
    assert slack[budgets[0]] == Decimal(4)
    assert slack[budgets[1]] == Decimal(1)


def test_per_cost_type_limit():
    def typed(key, value, investment, licences):
        return Candidate(
            key=key,
            label=key,
            value=value,
            costs={2027: Decimal(investment + licences)},
            cost_types={(2027, "investment"): Decimal(investment), (2027, "licences"): Decimal(licences)},
        )

    candidates = [typed("a", 5.0, 1, 4), typed("b", 4.0, 1, 3), typed("c", 3.0, 4, 0)]
    budgets = [budget(2027, 100), budget(2027, 5, cost_type="licences")]
    best = solve(candidates, budgets)
    assert best.chosen == ("a", "c")
    assert best.slack[budgets[1]] == Decimal(1)
    # A cost type per administration.
    budgets = [budget(2027, 100), budget(2027, 3, administration="X", cost_type="licences")]
    moved = [Candidate(**{**c.__dict__, "administration": "X"}) for c in candidates]
    best = solve(moved, budgets)
    assert best.chosen == ("b", "c")


def test_empty_input_and_decimal_slack():
    empty = solve([], [budget(2027, 10)])
    assert empty.status == "optimal" and empty.chosen == () and empty.slack == {budget(2027, 10): Decimal(10)}
    candidates = [cand("a", 1.0, {2027: Decimal("0.10")}), cand("b", 1.0, {2027: Decimal("0.20")})]
    best = solve(candidates, [budget(2027, Decimal("0.30"))])
    assert best.chosen == ("a", "b")
    assert best.budgets[0].slack == Decimal("0.00")
    assert best.total_cost == Decimal("0.30")


# --- bad input ------------------------------------------------------------------------------------


def codes(problems):
    return [p.code for p in problems]


def test_every_validation_problem_is_reported_without_raising():
    candidates = [
        cand("a", 1.0, {2027: 5, 2028: 3}, requires=frozenset({"b", "ghost"})),
        cand("b", 1.0, {2027: 5}, requires=frozenset({"c"})),
        cand("c", 1.0, {2027: 5}, requires=frozenset({"a"})),
        cand("d", float("nan"), {2027: -1}, excludes=frozenset({"d"})),
        cand("d", 1.0, {2027: 1}),
    ]
    budgets = [budget(2027, -10), budget(2027, 5, administration="UTF"), budget(2027, 6, administration="UTF")]
    problems = validate(candidates, budgets)
    assert set(codes(problems)) == {
        "duplicate_key",
        "invalid_value",
        "negative_cost",
        "missing_budget",
        "negative_budget",
        "duplicate_budget",
        "unknown_reference",
        "self_exclusion",
        "dependency_cycle",
    }
    messages = {p.code: p.message for p in problems}
    assert messages["missing_budget"] == "No total budget for 2028, although candidates cost money that year."
    assert messages["dependency_cycle"] == "Dependency cycle: a → b → c → a."
    assert messages["unknown_reference"] == "a refers to ghost, which is not a candidate."
    assert messages["negative_budget"] == "The 2027 budget is negative."
    assert messages["duplicate_budget"] == "The 2027 budget for UTF is given more than once."
    assert messages["negative_cost"] == "d has a negative cost in 2027."

    for engine in (solve, rank_cutoff):
        result = engine(candidates, budgets)
        assert result.status == "invalid"
        assert codes(result.problems) == codes(problems)
        assert result.chosen == () and not result.proven_optimal
    assert explain(solve(candidates, budgets), candidates, budgets) == {}


def test_unusable_amounts_are_problems_not_crashes():
    candidates = [
        Candidate("a", "A", 1.0, {2027: Decimal("NaN")}),
        Candidate("b", "B", 1.0, {2027: "much"}),  # type: ignore[dict-item]
        Candidate("c", "C", True, {2027: Decimal(1)}),  # type: ignore[arg-type]
    ]
    budgets = [Budget(2027, Decimal("Infinity")), Budget(2027, None, administration="X")]  # type: ignore[arg-type]
    problems = validate(candidates, budgets)
    assert codes(problems) == ["invalid_cost", "invalid_cost", "invalid_value", "invalid_budget", "invalid_budget"]
    assert problems[0].message == "a has an invalid cost in 2027."
    assert problems[-1].message == "The 2027 budget for X is not a valid amount."
    assert solve(candidates, budgets).status == "invalid"


def test_plain_numbers_for_money_work_too():
    candidates = [Candidate("a", "A", 2.0, {2027: 4}), Candidate("b", "B", 1.0, {2027: 2.5})]
    budgets = [Budget(2027, 6.5)]  # type: ignore[arg-type]
    best = solve(candidates, budgets)
    assert best.chosen == ("a", "b")
    assert best.slack == {budgets[0]: Decimal(0)}


def test_time_limit_returns_best_so_far_without_claiming_proof():

    rng = random.Random(7)
    years = (2027, 2028, 2029)
    candidates = [
        Candidate(
            f"c{i}",
            f"C{i}",
            rng.randint(1, 1000) / 100,
            {y: Decimal(rng.randint(1, 50) * 10_000) for y in years},
            administration=rng.choice("XYZ"),
            mandatory=i == 0,
        )
        for i in range(400)
    ]
    budgets = [Budget(y, Decimal(30 * MNKR)) for y in years]
    budgets += [Budget(y, Decimal(9 * MNKR), administration=a) for y in years for a in "XYZ"]
    result = solve(candidates, budgets, time_limit=0.0)
    assert result.status == "time_limit" and not result.proven_optimal
    assert "c0" in result.chosen  # at worst the mandatory items, which always form a valid set
    assert all(slack >= 0 for slack in result.slack.values())
    explanations = explain(result, candidates, budgets)
    assert explanations["c0"].code == "mandatory"


def test_negative_cost_type_and_self_requirement():
    candidates = [
        Candidate("a", "A", 1.0, {2027: Decimal(1)}, cost_types={(2027, "x"): Decimal(-1)}),
        cand("b", 1.0, {}, requires=frozenset({"b"})),
    ]
    problems = validate(candidates, [budget(2027, 5)])
    assert codes(problems) == ["negative_cost", "dependency_cycle"]
    assert problems[1].message == "Dependency cycle: b → b."


def test_mandatory_items_that_exclude_each_other():
    candidates = [
        cand("a", 1.0, {2027: 1}, mandatory=True, excludes=frozenset({"b"})),
        cand("b", 1.0, {2027: 1}, mandatory=True),
    ]
    problems = validate(candidates, [budget(2027, 5)])
    assert codes(problems) == ["mandatory_excluded"]
    assert problems[0].message == "a and b are both mandatory but exclude each other."
    assert solve(candidates, [budget(2027, 5)]).status == "invalid"


def test_mandatory_item_needing_an_excluded_one():
    candidates = [
        cand("law", 1.0, {2027: 1}, mandatory=True, requires=frozenset({"module"})),
        cand("module", 1.0, {2027: 1}, requires=frozenset({"base"})),
        cand("base", 1.0, {2027: 1}),
        cand("other", 1.0, {2027: 1}, mandatory=True, excludes=frozenset({"base"})),
    ]
    problems = validate(candidates, [budget(2027, 5)])
    assert codes(problems) == ["mandatory_requires_excluded"]
    assert problems[0].params == {"key": "law", "required": "base", "other": "other"}
    assert problems[0].message == "Mandatory law needs base, which cannot be combined with other (also required)."
    assert rank_cutoff(candidates, [budget(2027, 5)]).status == "invalid"


# --- infeasibility in words ----------------------------------------------------------------------


def test_mandatory_items_exceed_a_budget_by_millions():
    candidates = [
        cand("a", 1.0, {2027: 3_700_000}, mandatory=True),
        cand("b", 1.0, {2027: 2_000_000, 2028: 100_000}, mandatory=True, requires=frozenset({"c"})),
        cand("c", 0.1, {2027: 500_000}),  # needed by mandatory b, so it counts too
        cand("d", 9.0, {2027: 1}),
    ]
    budgets = [budget(2027, 5 * MNKR), budget(2028, 1 * MNKR)]
    result = solve(candidates, budgets)
    assert result.status == "infeasible" and result.chosen == ()
    assert [p.message for p in result.infeasibility] == ["Mandatory items alone exceed the 2027 budget by 1.2\xa0mnkr."]
    assert result.infeasibility[0].params["amount"] == Decimal(1_200_000)
    assert result.messages == ["Mandatory items alone exceed the 2027 budget by 1.2\xa0mnkr."]
    assert rank_cutoff(candidates, budgets).infeasibility == result.infeasibility


def test_mandatory_items_exceed_an_administration_budget_in_tkr():
    candidates = [
        cand("a", 1.0, {2028: 600_000}, administration="UTF", mandatory=True),
        cand("b", 1.0, {2028: 250_000}, administration="UTF", mandatory=True),
        cand("c", 1.0, {2028: 900_000}, administration="SBF", mandatory=True),
    ]
    budgets = [
        budget(2028, 3 * MNKR),
        budget(2028, 500_000, administration="UTF"),
        budget(2028, 1 * MNKR, administration="SBF"),
        budget(2028, 800_000, administration="SBF", cost_type="licences"),
    ]
    result = solve(candidates, budgets)
    assert result.status == "infeasible"
    assert result.messages == ["Mandatory items alone exceed the 2028 budget for UTF by 350\xa0tkr."]


def test_money_formatting():
    assert format_money_scaled(Decimal(1_200_000)) == "1.2\xa0mnkr"
    assert format_money_scaled(Decimal(1_000_000)) == "1.0\xa0mnkr"
    assert format_money_scaled(Decimal(12_345_678)) == "12.3\xa0mnkr"
    assert format_money_scaled(Decimal(999_999)) == "1,000\xa0tkr"
    assert format_money_scaled(Decimal(350_000)) == "350\xa0tkr"
    assert format_money_scaled(Decimal(4_560)) == "4.6\xa0tkr"
    assert format_money_scaled(Decimal(1)) == "0.1\xa0tkr"  # a positive amount never shows as zero


@pytest.mark.skipif(not django_configured(), reason="needs Django settings (runs under the Django plugin)")
def test_money_in_swedish_number_format():

    with translation.override("sv"):
        assert format_money_scaled(Decimal(1_200_000)).startswith("1,2\xa0")
        assert format_money_scaled(Decimal(999_999)).startswith("1\xa0000\xa0")


# --- explanations ---------------------------------------------------------------------------------


def test_explanations_for_a_hand_built_case():
    candidates = [
        cand("M", 1.0, {2027: 2 * MNKR}, mandatory=True, requires=frozenset({"R"})),
        cand("R", 0.5, {2027: 1 * MNKR}),
        cand("X", 5.0, {2027: 1 * MNKR}, excludes=frozenset({"R"})),
        cand("N", 5.0, {2027: 1 * MNKR}, requires=frozenset({"X"})),
        cand("Z", 0.0, {2027: 100_000}),
        cand("HUGE", 50.0, {2027: 8 * MNKR}),
        cand("A", 6.0, {2027: 3 * MNKR}),
        cand("B", 6.0, {2027: 3 * MNKR}),
        cand("C", 3.5, {2027: 3_500_000}),
        cand("D", 1.2, {2027: 1 * MNKR}),
        cand("F", 3.0, {2028: 800_000}),
        cand("E", 2.0, {2028: 500_000}),
    ]
    budgets = [budget(2027, 10 * MNKR), budget(2028, 1 * MNKR)]
    best = solve(candidates, budgets)
    # 7 mnkr left in 2027 after M and R: A + B + D (13.2) beats anything with C; in 2028 F beats E.
    assert best.chosen == ("M", "R", "A", "B", "D", "F")
    assert best.objective == pytest.approx(1.0 + 0.5 + 13.2 + 3.0)

    why = explain(best, candidates, budgets)
    assert list(why) == [c.key for c in candidates]
    assert {k: (e.chosen, e.code) for k, e in why.items()} == {
        "M": (True, "mandatory"),
        "R": (True, "required"),
        "X": (False, "excluded_by"),
        "N": (False, "needs"),
        "Z": (False, "no_value"),
        "HUGE": (False, "too_expensive"),
        "A": (True, "chosen"),
        "B": (True, "chosen"),
        "C": (False, "low_value"),
        "D": (True, "chosen"),
        "F": (True, "chosen"),
        "E": (False, "budget_bound"),
    }
    assert why["R"].message == "In: needed by mandatory M."
    assert why["A"].message == "In: part of the best value within the budgets."
    assert why["Z"].message == "Out: adds no value."
    assert why["X"].message == "Out: excluded by R, which is in."
    assert why["N"].message == "Out: needs X, which is out."
    assert why["HUGE"].params["amount"] == Decimal(1 * MNKR)
    assert why["HUGE"].message == "Out: exceeds the 2027 budget by 1.0\xa0mnkr even with only the mandatory items."
    assert why["C"].params == pytest.approx({"ratio": 1.0, "threshold": 1.2})
    assert why["C"].message == (
        "Out: low value per krona (1.00 per mnkr; the chosen items it competes with reach 1.20)."
    )
    assert why["E"].params["year"] == 2028 and why["E"].params["amount"] == Decimal(300_000)
    assert why["E"].message == "Out: budget-bound in 2028; it would exceed the 2028 budget by 300\xa0tkr."

    # The rank cut-off's line falls at HUGE, first by value but too big next to the mandatory items.
    cut = rank_cutoff(candidates, budgets)
    assert cut.chosen == ("M", "R")
    cut_why = explain(cut, candidates, budgets)
    assert cut_why["A"].code == "not_reached"
    assert cut_why["A"].message == "Out: would fit, but the selection stopped before it."
    assert cut_why["M"].code == "mandatory"
    assert explain(rank_cutoff(candidates, budgets, skip=True), candidates, budgets)["A"].code == "ranked"
    assert explain(rank_cutoff(candidates, budgets, skip=True), candidates, budgets)["C"].code in (
        "low_value",
        "budget_bound",
    )


def test_budget_bound_names_the_administration():
    candidates = [
        cand("a", 5.0, {2027: 4}, administration="UTF"),
        cand("b", 5.0, {2027: 4}, administration="UTF"),
    ]
    budgets = [budget(2027, 100), budget(2027, 5, administration="UTF")]
    best = solve(candidates, budgets)
    why = explain(best, candidates, budgets)
    out = next(e for e in why.values() if not e.chosen)
    assert out.code == "budget_bound"
    assert out.params["administration"] == "UTF"
    assert out.message == "Out: budget-bound in 2027; it would exceed the 2027 budget for UTF by 0.1\xa0tkr."


# --- frontier and objective helper ----------------------------------------------------------------


def test_frontier_rises_with_the_budget_and_stays_above_the_cutoff():
    candidates = [
        cand("big", 10.0, {2027: 10 * MNKR}),
        cand("small1", 6.0, {2027: 5 * MNKR}),
        cand("small2", 6.0, {2027: 5 * MNKR}),
        cand("must", 0.5, {2027: 4 * MNKR}, mandatory=True),
    ]
    points = frontier(candidates, [budget(2027, 14 * MNKR)], [0.25, 0.5, 1.0, 1.5, 2.0])
    assert [p.level for p in points] == [0.25, 0.5, 1.0, 1.5, 2.0]
    assert points[0].optimal_status == "infeasible" and points[0].optimal_value is None
    assert [p.total_budget for p in points] == [
        Decimal(3_500_000),
        Decimal(7 * MNKR),
        Decimal(14 * MNKR),
        Decimal(21 * MNKR),
        Decimal(28 * MNKR),
    ]
    values = [p.optimal_value for p in points[1:]]
    assert values == pytest.approx([0.5, 12.5, 16.5, 22.5])
    assert [p.rank_cutoff_value for p in points[1:]] == pytest.approx([0.5, 10.5, 16.5, 22.5])
    assert all(p.proven_optimal for p in points[1:])
    assert points[2].optimal_count == 3 and points[2].rank_cutoff_count == 2


def test_objective_values():
    scores = {"a": 4.0, "b": 2.0, "c": 0.0}
    npvs = {"a": -1e6, "b": 1e6, "c": 3e6}
    assert objective_values(scores, npvs, mode="score") == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert objective_values(scores, npvs, mode="npv") == {"a": 0.0, "b": 0.5, "c": 1.0}
    assert objective_values(scores, npvs, mode="mix", npv_weight=0.25) == pytest.approx(
        {"a": 0.75, "b": 0.5, "c": 0.25}
    )
    assert objective_values({"a": 3.0, "b": 3.0}, {}, mode="score") == {"a": 1.0, "b": 1.0}
    assert objective_values({"a": 1.0}, {"b": 5.0}, mode="mix") == {"a": 0.5, "b": 0.5}
    with pytest.raises(ValueError):
        objective_values(scores, npvs, mode="other")  # type: ignore[arg-type]


def test_engine_runs_without_django_settings():
    code = (
        "from decimal import Decimal\n"
        "from portfolio.prioritisation.selection import Budget, Candidate, solve\n"
        "r = solve([Candidate('a', 'A', 1.0, {2027: Decimal(2_000_000)}, mandatory=True)],"
        " [Budget(2027, Decimal(800_000))])\n"
        "print(r.messages[0])\n"
        "from django.conf import settings\n"
        "assert not settings.configured\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "Mandatory items alone exceed the 2027 budget by 1.2\xa0mnkr."


# --- random instances against brute force -------------------------------------------------------

ADMINISTRATIONS = ("UTF", "SBF")
COST_TYPES = ("investment", "operation")


@st.composite
def instances(draw):
    n = draw(st.integers(1, 15))
    years = list(range(2026, 2026 + draw(st.integers(1, 3))))
    candidates = []
    for i in range(n):
        costs, typed = {}, {}
        for year in years:
            investment = draw(st.integers(0, 10)) * 100_000
            operation = draw(st.integers(0, 5)) * 100_000
            if investment + operation:
                costs[year] = Decimal(investment + operation)
                typed[(year, "investment")] = Decimal(investment)
                typed[(year, "operation")] = Decimal(operation)
        candidates.append(
            dict(
                key=f"k{i}",
                label=f"K{i}",
                value=draw(st.integers(-100, 1000)) / 100,
                costs=costs,
                cost_types=typed,
                administration=draw(st.sampled_from(ADMINISTRATIONS)),
                mandatory=draw(st.integers(0, 24)) == 0,
            )
        )
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    requires = {(a, b) for a, b in draw(st.lists(pairs, max_size=n)) if a > b}  # on earlier ones: acyclic
    excludes = {(a, b) for a, b in draw(st.lists(pairs, max_size=n // 2 + 1)) if a != b}
    built = [
        Candidate(
            **fields,
            requires=frozenset(f"k{b}" for a, b in requires if a == i),
            excludes=frozenset(f"k{b}" for a, b in excludes if a == i),
        )
        for i, fields in enumerate(candidates)
    ]
    budgets = []
    for year in years:
        demand = sum(c.costs.get(year, Decimal(0)) for c in built)
        share = draw(st.integers(20, 100)) / 100
        budgets.append(Budget(year, (demand * Decimal(str(share))).quantize(Decimal(100_000))))
        if draw(st.booleans()):
            budgets.append(Budget(year, Decimal(draw(st.integers(0, 30)) * 100_000), administration="UTF"))
        if draw(st.booleans()):
            budgets.append(Budget(year, Decimal(draw(st.integers(0, 20)) * 100_000), cost_type="investment"))
        if draw(st.booleans()):
            budgets.append(
                Budget(year, Decimal(draw(st.integers(0, 10)) * 100_000), administration="SBF", cost_type="operation")
            )
    return built, budgets


def scope_costs(candidates, b: Budget) -> np.ndarray:
    """Independent of the engine: each candidate's cost within one budget's scope, in whole SEK."""
    row = []
    for c in candidates:
        if b.administration is not None and c.administration != b.administration:
            row.append(0)
        elif b.cost_type is not None:
            row.append(int(c.cost_types.get((b.year, b.cost_type), 0)))
        else:
            row.append(int(c.costs.get(b.year, 0)))
    return np.array(row, dtype=np.int64)


def feasible_subsets(candidates, budgets) -> tuple[np.ndarray, np.ndarray]:
    """Every subset as a 0/1 row, and which of them satisfy every rule and budget."""
    n = len(candidates)
    bits = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(np.int64)
    ok = np.ones(len(bits), dtype=bool)
    for b in budgets:
        ok &= bits @ scope_costs(candidates, b) <= int(b.limit)
    index = {c.key: i for i, c in enumerate(candidates)}
    for i, c in enumerate(candidates):
        if c.mandatory:
            ok &= bits[:, i] == 1
        for other in c.requires:
            ok &= bits[:, i] <= bits[:, index[other]]
        for other in c.excludes:
            ok &= bits[:, i] + bits[:, index[other]] <= 1
    return bits, ok


def respects_everything(candidates, budgets, chosen) -> bool:
    mask = np.array([c.key in set(chosen) for c in candidates], dtype=np.int64)
    bits, ok = feasible_subsets(candidates, budgets)
    position = int((mask << np.arange(len(candidates))).sum())
    return bool(ok[position])


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instances())
@pytest.mark.parametrize("backend", BACKENDS)
def test_engine_equals_brute_force(backend, instance):
    candidates, budgets = instance
    bits, ok = feasible_subsets(candidates, budgets)
    values = np.array([c.value for c in candidates])
    result = solve(candidates, budgets, solver=backend)
    cut = rank_cutoff(candidates, budgets)
    event(f"{result.status}, {len(candidates)} candidates" if len(candidates) < 10 else f"{result.status}, 10+")
    if not ok.any():
        assert result.status in ("infeasible", "invalid")
        assert result.messages
        assert cut.status == result.status
        return
    assert result.status == "optimal" and result.proven_optimal, result.messages
    assert result.objective == pytest.approx((bits[ok] @ values).max(), abs=1e-6)
    assert respects_everything(candidates, budgets, result.chosen)
    for use in result.budgets:
        assert use.used == sum(
            int(x)
            for x, c in zip(scope_costs(candidates, use.budget), candidates, strict=True)
            if c.key in result.chosen
        )
        assert use.slack >= 0
    # The rank cut-off is a valid selection, never better than the optimum.
    assert respects_everything(candidates, budgets, cut.chosen)
    assert cut.objective <= result.objective + 1e-9
    greedy = rank_cutoff(candidates, budgets, skip=True)
    assert respects_everything(candidates, budgets, greedy.chosen)
    assert cut.objective <= greedy.objective + 1e-9 <= result.objective + 2e-9
    # Every candidate gets exactly one explanation, "in" exactly for the chosen ones.
    why = explain(result, candidates, budgets)
    assert {k for k, e in why.items() if e.chosen} == set(result.chosen)
    assert all(e.message for e in why.values())
    assert "not_reached" not in {e.code for e in why.values()}


def test_brute_force_helper_itself():
    candidates = [cand("a", 1.0, {2027: 2}), cand("b", 1.0, {2027: 2}, excludes=frozenset({"a"}))]
    bits, ok = feasible_subsets(candidates, [budget(2027, 10)])
    assert [tuple(row) for row, good in zip(bits, ok, strict=True) if good] == [(0, 0), (1, 0), (0, 1)]
    assert list(itertools.compress(range(4), ok)) == [0, 1, 2]


# --- backends and the honesty of the proof --------------------------------------------------------


def test_scipy_is_always_there_and_the_default_is_the_first_installed():
    assert "scipy" in BACKENDS
    assert solvers.default_solver() == BACKENDS[0]
    assert BACKENDS[0] == next(name for name in solvers.PREFERENCE if name in BACKENDS)


def test_default_falls_back_to_scipy_without_the_packages(monkeypatch):
    monkeypatch.setattr(solvers, "_available", lambda name: name == "scipy")
    assert solvers.available_solvers() == ("scipy",)
    assert solvers.default_solver() == "scipy"
    candidates = [cand("a", 2.0, {2027: 4}), cand("b", 1.0, {2027: 2}), cand("c", 2.5, {2027: 5})]
    best = solve(candidates, [budget(2027, 6)])
    assert best.chosen == ("a", "b") and best.proven_optimal
    with pytest.raises(ValueError, match="not installed"):
        solve(candidates, [budget(2027, 6)], solver="highs")


def test_unknown_solver_is_refused():
    with pytest.raises(ValueError, match="unknown solver"):
        solve([cand("a", 1.0, {2027: 1})], [budget(2027, 1)], solver="glpk")  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_backend_proves_the_hand_checked_optimum(backend):
    candidates = [
        cand("big", 10.0, {2027: 10 * MNKR}),
        cand("small1", 6.0, {2027: 5 * MNKR}),
        cand("small2", 6.0, {2027: 5 * MNKR}),
        cand("must", 0.5, {2027: 0}, mandatory=True),
    ]
    best = solve(candidates, [budget(2027, 10 * MNKR)], solver=backend)
    assert best.status == "optimal" and best.proven_optimal
    assert best.chosen == ("small1", "small2", "must")
    assert best.objective == pytest.approx(12.5)
    assert best.gap == 0.0 and best.dual_bound == pytest.approx(12.5)


@pytest.mark.parametrize("backend", BACKENDS)
def test_values_on_no_grid_are_proven_by_the_relative_gap(backend):
    # Thirds lie on no decimal grid: the proof needs a finished search with a gap of at most 1e-9.
    candidates = [cand(f"c{i}", (i + 1) / 3, {2027: 3 + i % 4}) for i in range(12)]
    best = solve(candidates, [budget(2027, 15)], solver=backend)
    bits, ok = feasible_subsets(candidates, [budget(2027, 15)])
    assert best.objective == pytest.approx((bits[ok] @ np.array([c.value for c in candidates])).max(), abs=1e-9)
    assert best.status == "optimal" and best.proven_optimal
    assert best.gap <= 1e-9


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_time_at_all_gives_the_greedy_fill_unproven(backend):
    candidates = [
        cand("a", 10.0, {2027: 8}),
        cand("b", 9.0, {2027: 5}),
        cand("c", 3.0, {2027: 2}),
        cand("m", 0.1, {2027: 0}, mandatory=True),
    ]
    result = solve(candidates, [budget(2027, 10)], time_limit=0.0, solver=backend)
    assert result.status == "time_limit" and not result.proven_optimal
    assert result.chosen == ("a", "c", "m")  # greedy: a, then b does not fit, c does
    assert result.gap is None


def test_value_grid():
    assert value_quantum(np.array([1.0, 6.0, 10.0])) == 1.0
    assert value_quantum(np.array([0.25, 0.5])) == 0.01
    assert value_quantum(np.array([0.1234, 0.9, 0.0001])) == pytest.approx(1e-4)
    assert value_quantum(np.array([1 / 3, 1.0])) is None
    assert value_quantum(np.array([])) == 1.0


def test_a_gap_under_the_grid_is_a_proof_and_over_it_is_not():

    assert _no_better_set(198.1753, 198.1753 + 0.00009, 1e-4)  # no set lies between: proven
    assert not _no_better_set(198.1753, 198.1753 + 0.0001, 1e-4)  # one step better may exist
    assert _no_better_set(800.0, 800.0 + 7e-7, None)  # 0.9e-9 relative
    assert not _no_better_set(800.0, 800.0 + 1e-5, None)
    assert not _no_better_set(0.0, 1e-9, None)


def test_model_fixings_are_valid_for_every_optimum():
    candidates = [
        cand("law", 1.0, {2027: 6}, mandatory=True),
        cand("huge", 9.0, {2027: 5}),  # 6 + 5 > 10: cannot be in
        cand("app", 5.0, {2027: 1}, requires=frozenset({"base"})),
        cand("base", 0.0, {2027: 3}),  # no value, but "app" needs it: stays free
        cand("idle", -1.0, {2027: 1}),  # no value and nobody needs it: out
        cand("bundle", 4.0, {2027: 2}, requires=frozenset({"platform"})),
        cand("platform", 1.0, {2027: 3}),  # bundle + platform = 5 > 4 left: bundle cannot be in
    ]
    problem = mip_problem(build_model(candidates, [budget(2027, 10)]))
    assert dict(zip([c.key for c in candidates], problem.upper, strict=True)) == {
        "law": 1.0,
        "huge": 0.0,
        "app": 1.0,
        "base": 1.0,
        "idle": 0.0,
        "bundle": 0.0,
        "platform": 1.0,
    }
    assert problem.start.tolist() == [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0]  # law, then app with base
    best = solve(candidates, [budget(2027, 10)])
    assert best.chosen == ("law", "app", "base") and best.objective == pytest.approx(6.0)
