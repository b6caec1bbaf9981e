"""Benefit calculation (nyttokalkyl): the one documented module for the product's money math.

Pure functions over plain frozen dataclasses. Nothing here touches the database or Django, so the
same code serves views, exports, the selection engine and tests. Money is ``Decimal`` SEK.

Inputs
======
A calculation covers ``period_years`` years (default 5, at most 50). Year 0 is the start year, so
the valid years are ``0 .. period_years - 1``; a line in any other year is an error.

* ``CostLine(year, amount, low, high, category, payer)`` – a cost in one year: investment, running
  cost (licences, operation, support) or internal staff time (see ``staff_cost``).
* ``BenefitLine(year, amount, low, high, stakeholder, cash_releasing, qualitative_score)`` – either

  - a *monetary* line: ``amount`` in SEK and no score. ``cash_releasing=True`` marks a financial
    benefit (finansiell nytta: money that can be taken out of a budget); otherwise it is a
    reallocation benefit (omfördelningsnytta: resources freed that stay in the operation); or
  - a *qualitative* line: ``amount=None``, no low/high, and a ``qualitative_score`` of 1–5. It
    carries no kronor and takes part only in the qualitative score. Its ``year`` must still lie in
    the period.

* ``low`` and ``high`` are optional sensitivity estimates beside the base ``amount``. They must
  satisfy ``low <= amount <= high``. A missing estimate falls back to the base amount.

Validation (``CalculationError``, a ``ValueError``, listing every problem found): a year outside the
period; a negative, non-finite, float or larger-than-10^15 amount or estimate; ``low > amount`` or
``amount > high``; a qualitative line with an amount or estimates; a monetary line with a score; a
score outside 1–5; a discount rate outside 0–0.20 (0 % to 20 %, both inclusive); a period outside
1–50 years. A negative effect (a dis-benefit) is entered as a cost line, never as a negative benefit.

Scenarios (sensitivity)
=======================
For each monetary line the scenario picks one value, falling back to ``amount`` when the estimate is
missing::

    scenario   benefit line    cost line
    LOW        low             high        (pessimistic: least benefit, most cost)
    BASE       amount          amount
    HIGH       high            low         (optimistic: most benefit, least cost)

``calculate_scenarios`` returns all three, validating the input once.

Formulas
========
For year ``t`` in ``0 .. T-1`` (``T = period_years``) and discount rate ``r``:

* ``C_t`` = Σ of the chosen cost amounts in year t;  ``B_t`` = Σ of the chosen monetary benefit
  amounts in year t (qualitative lines contribute nothing).
* ``costs_by_year[t] = C_t``, ``benefits_by_year[t] = B_t``, ``net_by_year[t] = B_t − C_t``,
  ``cumulative_net_by_year[t] = Σ_{s<=t} (B_s − C_s)`` (undiscounted).
* ``total_cost = Σ_t C_t``; ``total_benefit = Σ_t B_t``;
  ``cash_releasing_benefit`` = Σ of the cash-releasing monetary lines;
  ``reallocation_benefit`` = Σ of the other monetary lines (so cash + reallocation = total);
  ``net_benefit = total_benefit − total_cost``.
* Discount factor ``f_t = (1 + r)^t``, computed once per call (``f_0 = 1``).
  ``pv_costs = Σ_t C_t / f_t``; ``pv_benefits = Σ_t B_t / f_t``;
  ``npv = Σ_t (B_t − C_t) / f_t = pv_benefits − pv_costs``. At ``r = 0`` the NPV equals the net
  benefit.
* ``benefit_cost_ratio = pv_benefits / pv_costs`` (discounted, like the NPV), rounded to 0.01;
  ``None`` when ``pv_costs`` rounds to 0.00 (no costs: the ratio is undefined, not infinite).
* ``payback_year``: the earliest year ``p`` such that

  1. the cumulative net is ≥ 0 (exactly 0 counts) in year ``p`` **and in every later year of the
     period**, and
  2. some cost has been incurred by then: ``p`` is not before the first year with ``C_t > 0``.

  ``None`` means "not within the period" (the cumulative net is negative in the last year). With no
  costs at all (every ``C_t = 0``) the cumulative net can never be negative, so the payback is year 0.
  Condition 1 is deliberately stricter than "the first year the cumulative net is ≥ 0": when a later
  investment pushes the cumulative net below zero again, a payback reached earlier has not lasted,
  and the calculation reports the year from which it holds. The two readings agree whenever the
  cumulative net never dips back below zero (e.g. all costs up front). Condition 2 stops benefits
  that arrive before the investment from counting as an immediate payback of it: the payback is then
  the year the cost is incurred.
* ``qualitative_score`` = arithmetic mean of the scores of all qualitative lines (any year), rounded
  to 0.1; ``None`` when there are none. It is the same in every scenario.
* ``by_stakeholder[s]`` (``StakeholderResult``), for every stakeholder named on any benefit line
  (``""`` collects lines without one), sorted by name: ``total_benefit``, ``cash_releasing_benefit``,
  ``reallocation_benefit`` and ``pv_benefit = Σ_t B_{s,t} / f_t`` of that stakeholder's monetary
  lines, and the mean score of its qualitative lines (``None`` if none).
* ``cost_by_payer`` / ``cost_by_category``: Σ of the chosen cost amounts per payer / category
  (``""`` collects lines without one), sorted by name.
* ``staff_cost(hours, rate) = hours × rate`` for internal staff time or freed time (cost lines, or
  "time freed" benefit lines), rounded to 0.01. Negative hours, a negative rate, or a rate of 0 with
  hours > 0 raise ``CalculationError``; 0 hours cost 0 whatever the rate.

Rounding
========
Everything is computed at full precision (a private decimal context of 28 significant digits,
independent of the caller's context). Each reported money figure is then rounded once, from its
full-precision value, to 0.01 SEK with ``ROUND_HALF_UP``; the benefit/cost ratio to 0.01 and the
qualitative scores to 0.1, also ``ROUND_HALF_UP``. A figure that rounds to zero is 0.00, never
-0.00. Every money figure has exactly two decimals. When all amounts are in whole öre (at most two
significant decimals) every undiscounted figure is exact, so the totals add up exactly (the rounding
step is then a no-op and is skipped). The discounted figures are rounded separately, so ``npv`` may
differ by 0.01 from ``pv_benefits − pv_costs`` of the rounded values, and a stakeholder's
``pv_benefit`` values may differ by a few öre in sum from ``pv_benefits``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from typing import NoReturn

__all__ = [
    "DEFAULT_DISCOUNT_RATE",
    "DEFAULT_PERIOD_YEARS",
    "MAX_DISCOUNT_RATE",
    "MAX_PERIOD_YEARS",
    "BenefitLine",
    "CalculationError",
    "CalculationResult",
    "CostLine",
    "FrozenDict",
    "Scenario",
    "StakeholderResult",
    "calculate",
    "calculate_scenarios",
    "round_money",
    "staff_cost",
]

DEFAULT_PERIOD_YEARS = 5
MAX_PERIOD_YEARS = 50
DEFAULT_DISCOUNT_RATE = Decimal("0.03")
MIN_DISCOUNT_RATE = Decimal("0")
MAX_DISCOUNT_RATE = Decimal("0.20")
MIN_SCORE = 1
MAX_SCORE = 5
# Far above any municipal budget, and low enough that sums never exhaust the 28-digit context.
MAX_AMOUNT = Decimal("1e15")

_ZERO = Decimal(0)
_ONE = Decimal(1)
_CENT = Decimal("0.01")
_ZERO_CENTS = Decimal("0.00")
_TENTH = Decimal("0.1")
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class Scenario(enum.StrEnum):
    """Sensitivity case: which estimate of each line is used (see the module docstring)."""

    LOW = "low"
    BASE = "base"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CalculationError(ValueError):
    """Invalid input to a calculation. ``problems`` lists every problem found, one message each."""

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (problems,) if isinstance(problems, str) else tuple(problems)
        super().__init__("; ".join(self.problems))


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict that cannot be changed once built; unlike ``MappingProxyType`` it pickles (caches, tasks)."""

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict]]:  # type: ignore[type-arg]
        return type(self), (dict(self),)


@dataclass(frozen=True, slots=True)
class CostLine:
    """A cost in one year. ``low``/``high`` are optional estimates beside the base ``amount``."""

    year: int
    amount: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    category: str = ""
    payer: str = ""


@dataclass(frozen=True, slots=True)
class BenefitLine:
    """A benefit in one year: monetary (``amount``, no score) or qualitative (no amount, score 1–5)."""

    year: int
    amount: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    stakeholder: str = ""
    cash_releasing: bool = False
    qualitative_score: int | None = None

    @property
    def is_qualitative(self) -> bool:
        return self.amount is None


@dataclass(frozen=True, slots=True)
class StakeholderResult:
    """One stakeholder's share of the benefits (money rounded to 0.01, score to 0.1)."""

    stakeholder: str
    total_benefit: Decimal
    cash_releasing_benefit: Decimal
    reallocation_benefit: Decimal
    pv_benefit: Decimal
    qualitative_score: Decimal | None


@dataclass(frozen=True, slots=True)
class CalculationResult:
    """The figures of one scenario; every formula is in the module docstring.

    Per-year tuples are indexed by year (index 0 = start year) and have ``period_years`` entries.
    """

    scenario: Scenario
    period_years: int
    discount_rate: Decimal
    costs_by_year: tuple[Decimal, ...]
    benefits_by_year: tuple[Decimal, ...]
    net_by_year: tuple[Decimal, ...]
    cumulative_net_by_year: tuple[Decimal, ...]
    total_cost: Decimal
    total_benefit: Decimal
    cash_releasing_benefit: Decimal
    reallocation_benefit: Decimal
    net_benefit: Decimal
    pv_costs: Decimal
    pv_benefits: Decimal
    npv: Decimal
    payback_year: int | None
    benefit_cost_ratio: Decimal | None
    qualitative_score: Decimal | None
    by_stakeholder: Mapping[str, StakeholderResult] = field(hash=False)
    cost_by_payer: Mapping[str, Decimal] = field(hash=False)
    cost_by_category: Mapping[str, Decimal] = field(hash=False)


def round_money(value: Decimal) -> Decimal:
    """Round to whole öre (0.01 SEK), half up (a negative zero becomes plain 0.00)."""
    result = value.quantize(_CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)
    return result.copy_abs() if result.is_zero() else result


def staff_cost(hours: Decimal, rate: Decimal) -> Decimal:
    """Cost (or value of freed time) of ``hours`` at an hourly ``rate``: hours × rate, rounded to 0.01.

    Raises ``CalculationError`` for negative hours, a negative rate, or a rate of 0 with hours > 0
    (an hourly rate must be set before time can be priced).
    """
    problems: list[str] = []
    h = _as_decimal(hours, "hours", problems)
    p = _as_decimal(rate, "hourly rate", problems)
    if problems:
        raise CalculationError(problems)
    assert h is not None and p is not None
    if h < 0:
        problems.append(f"hours must not be negative (got {h})")
    if p < 0 or (p == 0 and h > 0):
        problems.append(f"the hourly rate must be greater than 0 when hours are entered (got {p})")
    if problems:
        raise CalculationError(problems)
    with localcontext(_CONTEXT):
        return round_money(h * p)


def calculate(
    *,
    costs: Iterable[CostLine],
    benefits: Iterable[BenefitLine],
    period_years: int = DEFAULT_PERIOD_YEARS,
    discount_rate: Decimal = DEFAULT_DISCOUNT_RATE,
    scenario: Scenario = Scenario.BASE,
) -> CalculationResult:
    """Compute one scenario of a benefit calculation.

    Raises ``CalculationError`` listing every invalid input (see the module docstring).
    """
    try:
        scenario = Scenario(scenario)
    except ValueError:
        raise CalculationError(f"unknown scenario {scenario!r}") from None
    with localcontext(_CONTEXT):
        prepared = _prepare(costs, benefits, period_years, discount_rate)
        return _result(prepared, scenario, _sum_scenarios(prepared)[_SCENARIOS.index(scenario)])


def calculate_scenarios(
    *,
    costs: Iterable[CostLine],
    benefits: Iterable[BenefitLine],
    period_years: int = DEFAULT_PERIOD_YEARS,
    discount_rate: Decimal = DEFAULT_DISCOUNT_RATE,
) -> dict[Scenario, CalculationResult]:
    """Compute the LOW, BASE and HIGH scenarios (in that order), validating the input once."""
    with localcontext(_CONTEXT):
        prepared = _prepare(costs, benefits, period_years, discount_rate)
        sums = _sum_scenarios(prepared)
        return {scenario: _result(prepared, scenario, part) for scenario, part in zip(_SCENARIOS, sums, strict=True)}


# --- internals -------------------------------------------------------------------------------------

_SCENARIOS = (Scenario.LOW, Scenario.BASE, Scenario.HIGH)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """Validated input, shared by all scenarios of one call.

    Payers, categories and stakeholders are numbered in the order first seen; rows refer to them by number and
    the ``*_order`` tuples list the numbers in name order, the order of the result mappings.
    """

    period: int
    rate: Decimal
    factors: tuple[Decimal, ...] | None  # (1 + r)^t per year; None when r = 0 (every factor is 1)
    costs: tuple[tuple[int, Decimal, Decimal, Decimal, int, int], ...]  # year, low, base, high, payer, category
    benefits: tuple[tuple[int, Decimal, Decimal, Decimal, int, bool], ...]  # year, low, base, high, stakeholder, cash
    payers: tuple[str, ...]
    payer_order: tuple[int, ...]
    categories: tuple[str, ...]
    category_order: tuple[int, ...]
    stakeholders: tuple[str, ...]
    stakeholder_order: tuple[int, ...]
    stakeholder_scores: tuple[Decimal | None, ...]
    qualitative_score: Decimal | None
    whole_ore: bool  # every amount is in whole öre and stored with exactly two decimals


def _as_decimal(value: object, what: str, problems: list[str]) -> Decimal | None:
    """Accept a Decimal or an int (exact); report floats and other types, which would lose öre."""
    if type(value) is Decimal:
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, Decimal):
        result = value
    else:
        problems.append(f"{what} must be a Decimal, not {type(value).__name__} ({value!r})")
        return None
    if not result.is_finite():
        problems.append(f"{what} must be a finite number (got {result})")
        return None
    return result


def _amount(value: object, what: str, problems: list[str]) -> Decimal | None:
    result = _as_decimal(value, what, problems)
    if result is None:
        return None
    if result < 0:
        problems.append(f"{what} must not be negative (got {result})")
        return None
    if result > MAX_AMOUNT:
        problems.append(f"{what} is implausibly large (got {result}; the limit is {MAX_AMOUNT:f} SEK)")
        return None
    return result


def _year(value: object, what: str, period: int, problems: list[str]) -> int | None:
    if type(value) is not int:
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{what}: the year must be a whole number, not {type(value).__name__} ({value!r})")
            return None
        value = int(value)
    if 0 <= value < period:
        return value
    problems.append(
        f"{what}: year {value} is outside the calculation period of {period} years "
        f"(valid years are 0 to {period - 1}, year 0 being the start year)"
    )
    return None


def _estimates(line: CostLine | BenefitLine, base: Decimal, what: str, problems: list[str]) -> tuple[Decimal, Decimal]:
    """Return (low, high), each falling back to the base amount, and check low <= base <= high."""
    low = base if line.low is None else _amount(line.low, f"{what}: the low estimate", problems)
    high = base if line.high is None else _amount(line.high, f"{what}: the high estimate", problems)
    if low is not None and low > base:
        problems.append(f"{what}: the low estimate {low} is above the amount {base}")
    if high is not None and high < base:
        problems.append(f"{what}: the high estimate {high} is below the amount {base}")
    return (base if low is None else low), (base if high is None else high)


def _mean_score(total: int, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def _check_cost_line(
    line: object, what: str, period: int, problems: list[str]
) -> tuple[int, Decimal, Decimal, Decimal] | None:
    """Report every problem of one cost line; return (year, low, base, high) when it has none."""
    if not isinstance(line, CostLine):
        problems.append(f"{what} must be a CostLine, not {type(line).__name__}")
        return None
    before = len(problems)
    year = _year(line.year, what, period, problems)
    base = _amount(line.amount, f"{what}: the amount", problems)
    if base is None:
        return None
    low, high = _estimates(line, base, what, problems)
    if year is None or len(problems) > before:
        return None
    return year, low, base, high


def _check_benefit_line(
    line: object, what: str, period: int, problems: list[str]
) -> tuple[int, Decimal, Decimal, Decimal] | int | None:
    """Report every problem of one benefit line.

    Returns None if it has any, else the score of a qualitative line or (year, low, base, high) of a monetary one.
    """
    if not isinstance(line, BenefitLine):
        problems.append(f"{what} must be a BenefitLine, not {type(line).__name__}")
        return None
    before = len(problems)
    year = _year(line.year, what, period, problems)
    score = line.qualitative_score
    if line.amount is None:
        if score is None:
            problems.append(f"{what} has neither an amount nor a qualitative score")
        elif type(score) is not int:
            problems.append(f"{what}: the qualitative score must be a whole number from 1 to 5, not {score!r}")
        elif not MIN_SCORE <= score <= MAX_SCORE:
            problems.append(f"{what}: the qualitative score must be {MIN_SCORE} to {MAX_SCORE} (got {score})")
        if line.low is not None or line.high is not None:
            problems.append(f"{what} is qualitative (no amount) and cannot have low or high estimates")
        if year is None or score is None or len(problems) > before:
            return None
        return score
    if score is not None:
        problems.append(f"{what} has both an amount and a qualitative score; a line is either monetary or qualitative")
    base = _amount(line.amount, f"{what}: the amount", problems)
    if base is None:
        return None
    low, high = _estimates(line, base, what, problems)
    if year is None or len(problems) > before:
        return None
    return year, low, base, high


def _number(names: dict[str, int], name: str) -> int:
    number = names.get(name)
    if number is None:
        number = names[name] = len(names)
    return number


def _in_name_order(names: dict[str, int]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The names by number, and the numbers sorted by name."""
    by_number = tuple(names)  # dicts keep insertion order, which is the numbering
    return by_number, tuple(sorted(range(len(by_number)), key=by_number.__getitem__))


def _ore(low: Decimal, base: Decimal, high: Decimal) -> tuple[Decimal, Decimal, Decimal] | None:
    """The three amounts with exactly two decimals, or None if one has a fraction of an öre."""
    base_ore = base.quantize(_CENT)
    low_ore = base_ore if low is base else low.quantize(_CENT)
    high_ore = base_ore if high is base else high.quantize(_CENT)
    if base_ore != base or low_ore != low or high_ore != high:
        return None
    return low_ore, base_ore, high_ore


def _prepare(
    costs: Iterable[CostLine], benefits: Iterable[BenefitLine], period_years: int, discount_rate: Decimal
) -> _Prepared:
    problems: list[str] = []

    period = period_years
    if type(period) is not int or not 1 <= period <= MAX_PERIOD_YEARS:
        raise CalculationError(
            f"the calculation period must be a whole number of years from 1 to {MAX_PERIOD_YEARS} (got {period!r})"
        )
    rate = _as_decimal(discount_rate, "the discount rate", problems)
    if rate is not None and not MIN_DISCOUNT_RATE <= rate <= MAX_DISCOUNT_RATE:
        problems.append(f"the discount rate must be between 0 and {MAX_DISCOUNT_RATE} (0–20 %), got {rate}")

    # Amounts in whole öre are stored with exactly two decimals. Every undiscounted sum is then exact with two
    # decimals too, and rounding it (the dearest step of a calculation) would change nothing, so _result skips
    # it. One amount with a fraction of an öre (whole_ore False) makes _result round every figure.
    whole_ore = True
    payers: dict[str, int] = {}
    categories: dict[str, int] = {}
    stakeholders: dict[str, int] = {}

    # Each loop takes a fast path for a well-formed line (Decimal amounts in order, an int year in the
    # period) and otherwise hands the line to a checker that reports every problem it has.
    cost_rows: list[tuple[int, Decimal, Decimal, Decimal, int, int]] = []
    for number, line in enumerate(costs, start=1):
        raw = None
        if type(line) is CostLine:
            year, base, low, high = line.year, line.amount, line.low, line.high
            if (
                type(year) is int
                and 0 <= year < period
                and type(base) is Decimal
                and base.is_finite()
                and _ZERO <= base <= MAX_AMOUNT
                and (low is None or (type(low) is Decimal and low.is_finite() and _ZERO <= low <= base))
                and (high is None or (type(high) is Decimal and high.is_finite() and base <= high <= MAX_AMOUNT))
            ):
                raw = (year, base if low is None else low, base, base if high is None else high)
        if raw is None:
            checked = _check_cost_line(line, f"cost line {number}", period, problems)
            if checked is None:
                continue
            raw = checked
        year, low, base, high = raw
        if whole_ore:
            amounts = _ore(low, base, high)
            if amounts is None:
                whole_ore = False
            else:
                low, base, high = amounts
        cost_rows.append(
            (year, low, base, high, _number(payers, line.payer or ""), _number(categories, line.category or ""))
        )

    benefit_rows: list[tuple[int, Decimal, Decimal, Decimal, int, bool]] = []
    qualitative: list[tuple[int, int]] = []  # stakeholder number, score
    for number, line in enumerate(benefits, start=1):
        raw = None
        if type(line) is BenefitLine:
            year, base, low, high = line.year, line.amount, line.low, line.high
            if (
                type(year) is int
                and 0 <= year < period
                and type(base) is Decimal
                and line.qualitative_score is None
                and base.is_finite()
                and _ZERO <= base <= MAX_AMOUNT
                and (low is None or (type(low) is Decimal and low.is_finite() and _ZERO <= low <= base))
                and (high is None or (type(high) is Decimal and high.is_finite() and base <= high <= MAX_AMOUNT))
            ):
                raw = (year, base if low is None else low, base, base if high is None else high)
        if raw is None:
            checked = _check_benefit_line(line, f"benefit line {number}", period, problems)
            if checked is None:
                continue
            if type(checked) is int:  # a qualitative line's score
                qualitative.append((_number(stakeholders, line.stakeholder or ""), checked))
                continue
            raw = checked
        year, low, base, high = raw
        if whole_ore:
            amounts = _ore(low, base, high)
            if amounts is None:
                whole_ore = False
            else:
                low, base, high = amounts
        benefit_rows.append(
            (year, low, base, high, _number(stakeholders, line.stakeholder or ""), bool(line.cash_releasing))
        )

    if problems:
        raise CalculationError(problems)
    assert rate is not None

    score_totals = [0] * len(stakeholders)
    score_counts = [0] * len(stakeholders)
    for stakeholder, score in qualitative:
        score_totals[stakeholder] += score
        score_counts[stakeholder] += 1

    factors: tuple[Decimal, ...] | None = None
    if rate:
        growth = _ONE + rate
        factors = tuple([growth**year for year in range(period)])

    payer_names, payer_order = _in_name_order(payers)
    category_names, category_order = _in_name_order(categories)
    stakeholder_names, stakeholder_order = _in_name_order(stakeholders)
    return _Prepared(
        period=period,
        rate=rate,
        factors=factors,
        costs=tuple(cost_rows),
        benefits=tuple(benefit_rows),
        payers=payer_names,
        payer_order=payer_order,
        categories=category_names,
        category_order=category_order,
        stakeholders=stakeholder_names,
        stakeholder_order=stakeholder_order,
        stakeholder_scores=tuple([_mean_score(t, n) for t, n in zip(score_totals, score_counts, strict=True)]),
        qualitative_score=_mean_score(sum(score_totals), sum(score_counts)),
        whole_ore=whole_ore,
    )


def _q(value: Decimal, cent: Decimal = _CENT, half_up: str = ROUND_HALF_UP, zero: Decimal = _ZERO_CENTS) -> Decimal:
    """Round money to 0.01 half up inside the private context; ``or zero`` turns -0.00 into 0.00."""
    return value.quantize(cent, half_up) or zero


def _q_all(
    values: Iterable[Decimal], cent: Decimal = _CENT, half_up: str = ROUND_HALF_UP, zero: Decimal = _ZERO_CENTS
) -> tuple[Decimal, ...]:
    return tuple([value.quantize(cent, half_up) or zero for value in values])


def _same(value: Decimal) -> Decimal:
    return value


def _present_value(by_year: Sequence[Decimal], factors: tuple[Decimal, ...] | None) -> Decimal:
    """Σ_t amount_t / f_t; plain sum when the rate is 0 (every f_t is 1)."""
    if factors is None:
        return sum(by_year, _ZERO)
    return sum([amount / factor for amount, factor in zip(by_year, factors, strict=True) if amount], _ZERO)


def _payback_year(cumulative: Sequence[Decimal], costs: Sequence[Decimal]) -> int | None:
    period = len(cumulative)
    start = period  # earliest year from which the cumulative net stays >= 0
    while start > 0 and cumulative[start - 1] >= 0:
        start -= 1
    if start == period:
        return None
    first_cost = next((year for year, cost in enumerate(costs) if cost > 0), 0)
    return max(start, first_cost)


@dataclass(slots=True)
class _Sums:
    """One scenario's sums, at full precision."""

    costs: list[Decimal]  # C_t per year
    benefits: list[Decimal]  # B_t per year
    by_payer: list[Decimal]
    by_category: list[Decimal]
    stakeholder_total: list[Decimal]
    stakeholder_cash: list[Decimal]
    stakeholder_pv: list[Decimal]  # Σ over the stakeholder's lines of amount / f_year


def _sum_scenarios(prepared: _Prepared) -> tuple[_Sums, _Sums, _Sums]:
    """Add up the lines for LOW, BASE and HIGH in one pass (one loop instead of three)."""
    period = prepared.period
    factors = prepared.factors
    n_payers, n_categories, n_stakeholders = len(prepared.payers), len(prepared.categories), len(prepared.stakeholders)
    low, base, high = (
        _Sums(
            costs=[_ZERO_CENTS] * period,
            benefits=[_ZERO_CENTS] * period,
            by_payer=[_ZERO_CENTS] * n_payers,
            by_category=[_ZERO_CENTS] * n_categories,
            stakeholder_total=[_ZERO_CENTS] * n_stakeholders,
            stakeholder_cash=[_ZERO_CENTS] * n_stakeholders,
            stakeholder_pv=[_ZERO] * n_stakeholders,
        )
        for _ in _SCENARIOS
    )
    # LOW takes each cost's high estimate and HIGH its low estimate; benefits the other way round.
    cost_low, cost_base, cost_high = low.costs, base.costs, high.costs
    payer_low, payer_base, payer_high = low.by_payer, base.by_payer, high.by_payer
    category_low, category_base, category_high = low.by_category, base.by_category, high.by_category
    for year, est_low, amount, est_high, payer, category in prepared.costs:
        cost_low[year] += est_high
        cost_base[year] += amount
        cost_high[year] += est_low
        payer_low[payer] += est_high
        payer_base[payer] += amount
        payer_high[payer] += est_low
        category_low[category] += est_high
        category_base[category] += amount
        category_high[category] += est_low

    benefit_low, benefit_base, benefit_high = low.benefits, base.benefits, high.benefits
    total_low, total_base, total_high = low.stakeholder_total, base.stakeholder_total, high.stakeholder_total
    cash_low, cash_base, cash_high = low.stakeholder_cash, base.stakeholder_cash, high.stakeholder_cash
    pv_low, pv_base, pv_high = low.stakeholder_pv, base.stakeholder_pv, high.stakeholder_pv
    for year, est_low, amount, est_high, stakeholder, cash in prepared.benefits:
        benefit_low[year] += est_low
        benefit_base[year] += amount
        benefit_high[year] += est_high
        total_low[stakeholder] += est_low
        total_base[stakeholder] += amount
        total_high[stakeholder] += est_high
        if cash:
            cash_low[stakeholder] += est_low
            cash_base[stakeholder] += amount
            cash_high[stakeholder] += est_high
        if factors is None or not year:
            pv_low[stakeholder] += est_low
            pv_base[stakeholder] += amount
            pv_high[stakeholder] += est_high
        else:
            # A missing estimate is the base amount itself (the same object), so it is divided only once.
            factor = factors[year]
            discounted = amount / factor
            pv_base[stakeholder] += discounted
            pv_low[stakeholder] += discounted if est_low is amount else est_low / factor
            pv_high[stakeholder] += discounted if est_high is amount else est_high / factor
    return low, base, high


def _result(prepared: _Prepared, scenario: Scenario, sums: _Sums) -> CalculationResult:
    """Turn one scenario's sums into its figures (formulas in the module docstring)."""
    factors = prepared.factors
    costs = sums.costs
    benefits = sums.benefits

    net = [b - c for b, c in zip(benefits, costs, strict=True)]
    cumulative = []
    running = _ZERO_CENTS
    for value in net:
        running += value
        cumulative.append(running)

    total_cost = sum(costs, _ZERO_CENTS)
    total_benefit = sum(benefits, _ZERO_CENTS)
    cash = sum(sums.stakeholder_cash, _ZERO_CENTS)
    pv_costs = _present_value(costs, factors)
    pv_benefits = _present_value(benefits, factors)
    pv_costs_rounded = _q(pv_costs)
    # Undefined when there is nothing (not even one öre) to set the benefits against.
    ratio = (pv_benefits / pv_costs).quantize(_CENT, ROUND_HALF_UP) if pv_costs_rounded else None

    if prepared.whole_ore:  # exact already (see _prepare)
        money, money_all = _same, tuple
    else:
        money, money_all = _q, _q_all
    names = prepared.stakeholders
    totals, parts_cash, pvs, scores = (
        sums.stakeholder_total,
        sums.stakeholder_cash,
        sums.stakeholder_pv,
        prepared.stakeholder_scores,
    )
    by_stakeholder = {
        names[i]: StakeholderResult(
            names[i], money(totals[i]), money(parts_cash[i]), money(totals[i] - parts_cash[i]), _q(pvs[i]), scores[i]
        )
        for i in prepared.stakeholder_order
    }
    by_payer, by_category = money_all(sums.by_payer), money_all(sums.by_category)

    return CalculationResult(
        scenario,
        prepared.period,
        prepared.rate,
        money_all(costs),
        money_all(benefits),
        money_all(net),
        money_all(cumulative),
        money(total_cost),
        money(total_benefit),
        money(cash),
        money(total_benefit - cash),
        money(total_benefit - total_cost),
        pv_costs_rounded,
        _q(pv_benefits),
        _q(pv_benefits - pv_costs),
        _payback_year(cumulative, costs),
        ratio,
        prepared.qualitative_score,
        FrozenDict(by_stakeholder),
        FrozenDict({prepared.payers[i]: by_payer[i] for i in prepared.payer_order}),
        FrozenDict({prepared.categories[i]: by_category[i] for i in prepared.category_order}),
    )
