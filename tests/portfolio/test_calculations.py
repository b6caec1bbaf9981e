"""The benefit calculation, checked against numbers worked out by hand (no database).

Discount factors at 3 %: 1.03^1 = 1.03, 1.03^2 = 1.0609, 1.03^3 = 1.092727, 1.03^4 = 1.12550881.
Each expected figure is written as the arithmetic that produces it, rounded once to öre with ROUND_HALF_UP
(as the module documents), with the value it comes to in a comment.
"""

import copy
import pickle
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.proposals.calculations import (
    BenefitLine,
    CalculationError,
    CostLine,
    Scenario,
    calculate,
    calculate_scenarios,
    staff_cost,
)

D = Decimal
R = D("1.03")


def money(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def ratio(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def amounts(*values: str) -> tuple[Decimal, ...]:
    return tuple(D(v).quantize(D("0.01")) for v in values)


# --- a plain project: investment up front, running costs and benefits in years 1-4 -------------------------


def plain_project() -> tuple[list[CostLine], list[BenefitLine]]:
    costs = [CostLine(0, D("100000"), category="investment", payer="central fund")]
    costs += [CostLine(year, D("10000"), category="running", payer="administration") for year in range(1, 5)]
    benefits = [BenefitLine(year, D("40000"), stakeholder="municipality", cash_releasing=True) for year in range(1, 5)]
    benefits += [BenefitLine(year, D("10000"), stakeholder="staff") for year in range(1, 5)]
    return costs, benefits


def test_plain_project() -> None:
    costs, benefits = plain_project()
    result = calculate(costs=costs, benefits=benefits)

    # C = 100000, 10000, 10000, 10000, 10000; B = 0, 50000, 50000, 50000, 50000
    assert result.costs_by_year == amounts("100000", "10000", "10000", "10000", "10000")
    assert result.benefits_by_year == amounts("0", "50000", "50000", "50000", "50000")
    assert result.net_by_year == amounts("-100000", "40000", "40000", "40000", "40000")
    assert result.cumulative_net_by_year == amounts("-100000", "-60000", "-20000", "20000", "60000")
    assert result.total_cost == D("140000.00")  # 100000 + 4 × 10000
    assert result.total_benefit == D("200000.00")  # 4 × (40000 + 10000)
    assert result.cash_releasing_benefit == D("160000.00")  # 4 × 40000
    assert result.reallocation_benefit == D("40000.00")  # 4 × 10000
    assert result.net_benefit == D("60000.00")  # 200000 - 140000

    # NPV = -100000 + 40000/1.03 + 40000/1.03² + 40000/1.03³ + 40000/1.03⁴ = 48683.936… -> 48683.94
    npv = D("-100000") + D("40000") / R + D("40000") / R**2 + D("40000") / R**3 + D("40000") / R**4
    assert result.npv == money(npv) == D("48683.94")
    # PV(B) = 50000 × (1/1.03 + 1/1.03² + 1/1.03³ + 1/1.03⁴) = 185854.920…
    pv_benefits = D("50000") / R + D("50000") / R**2 + D("50000") / R**3 + D("50000") / R**4
    # PV(C) = 100000 + 10000 × (the same four factors) = 137170.984…
    pv_costs = D("100000") + D("10000") / R + D("10000") / R**2 + D("10000") / R**3 + D("10000") / R**4
    assert result.pv_benefits == money(pv_benefits) == D("185854.92")
    assert result.pv_costs == money(pv_costs) == D("137170.98")
    # BCR = 185854.920… / 137170.984… = 1.3549… -> 1.35
    assert result.benefit_cost_ratio == ratio(pv_benefits / pv_costs) == D("1.35")
    # The cumulative net first reaches >= 0 in year 3 (20000) and stays there.
    assert result.payback_year == 3
    assert result.qualitative_score is None
    assert result.scenario is Scenario.BASE
    assert result.period_years == 5
    assert result.discount_rate == D("0.03")
    assert dict(result.cost_by_payer) == {"administration": D("40000.00"), "central fund": D("100000.00")}
    assert dict(result.cost_by_category) == {"investment": D("100000.00"), "running": D("40000.00")}


def test_results_are_rounded_money_and_frozen() -> None:
    costs, benefits = plain_project()
    result = calculate(costs=costs, benefits=benefits)
    for value in (*result.costs_by_year, result.npv, result.pv_costs, result.total_benefit):
        assert value.as_tuple().exponent == -2
    with pytest.raises(AttributeError):
        result.npv = D(0)  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.by_stakeholder["new"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        result.cost_by_payer.update({"x": D(1)})  # type: ignore[attr-defined]


def test_results_survive_pickling_and_copying() -> None:
    # Results may be cached or handed to a task; both pickle them.
    costs, benefits = plain_project()
    results = calculate_scenarios(costs=costs, benefits=benefits)
    assert pickle.loads(pickle.dumps(results)) == results  # noqa: S301  # our own bytes
    assert copy.deepcopy(results) == results
    restored = pickle.loads(pickle.dumps(results[Scenario.BASE]))  # noqa: S301
    with pytest.raises(TypeError):
        restored.by_stakeholder["new"] = None  # type: ignore[index]


# --- edge cases ----------------------------------------------------------------------------------------------


def test_no_costs() -> None:
    benefits = [BenefitLine(year, D("1000"), stakeholder="residents") for year in range(5)]
    result = calculate(costs=[], benefits=benefits)

    assert result.total_cost == D("0.00")
    assert result.total_benefit == D("5000.00")
    assert result.net_benefit == D("5000.00")
    # NPV = 1000 + 1000/1.03 + 1000/1.03² + 1000/1.03³ + 1000/1.03⁴ = 4717.098… -> 4717.10
    npv = D("1000") + D("1000") / R + D("1000") / R**2 + D("1000") / R**3 + D("1000") / R**4
    assert result.npv == money(npv) == D("4717.10")
    assert result.pv_costs == D("0.00")
    assert result.benefit_cost_ratio is None  # PV(C) = 0: undefined
    assert result.payback_year == 0  # nothing to pay back


def test_costs_below_one_ore_give_no_ratio() -> None:
    # PV(C) = 0.001 is shown as 0.00, so a ratio of 1000000 / 0.001 would be meaningless.
    result = calculate(costs=[CostLine(0, D("0.001"))], benefits=[BenefitLine(0, D("1000000"))])
    assert result.pv_costs == D("0.00")
    assert result.benefit_cost_ratio is None


def test_nothing_at_all() -> None:
    result = calculate(costs=[], benefits=[])
    assert result.costs_by_year == amounts("0", "0", "0", "0", "0")
    assert result.npv == D("0.00")
    assert result.payback_year == 0
    assert result.benefit_cost_ratio is None
    assert result.qualitative_score is None
    assert dict(result.by_stakeholder) == {}


def test_negative_npv_and_no_payback_within_the_period() -> None:
    costs = [CostLine(0, D("100000"))]
    benefits = [BenefitLine(year, D("20000")) for year in range(1, 5)]
    result = calculate(costs=costs, benefits=benefits)

    # cumulative: -100000, -80000, -60000, -40000, -20000: never >= 0
    assert result.cumulative_net_by_year == amounts("-100000", "-80000", "-60000", "-40000", "-20000")
    assert result.payback_year is None
    assert result.net_benefit == D("-20000.00")
    # NPV = -100000 + 20000 × (1/1.03 + 1/1.03² + 1/1.03³ + 1/1.03⁴) = -100000 + 74341.968… = -25658.03
    npv = D("-100000") + D("20000") / R + D("20000") / R**2 + D("20000") / R**3 + D("20000") / R**4
    assert result.npv == money(npv) == D("-25658.03")
    # BCR = 74341.968… / 100000 = 0.743… -> 0.74
    assert result.benefit_cost_ratio == D("0.74")


def test_qualitative_only() -> None:
    benefits = [
        BenefitLine(0, None, stakeholder="residents", qualitative_score=4),
        BenefitLine(1, None, stakeholder="residents", qualitative_score=5),
        BenefitLine(2, None, stakeholder="staff", qualitative_score=3),
        BenefitLine(4, None, stakeholder="staff", qualitative_score=5),
    ]
    result = calculate(costs=[], benefits=benefits)

    # (4 + 5 + 3 + 5) / 4 = 4.25 -> 4.3 (half up, not 4.2 as banker's rounding would give)
    assert result.qualitative_score == D("4.3")
    assert result.total_benefit == D("0.00")
    assert result.benefits_by_year == amounts("0", "0", "0", "0", "0")
    assert result.npv == D("0.00")
    assert result.payback_year == 0
    assert result.benefit_cost_ratio is None
    assert list(result.by_stakeholder) == ["residents", "staff"]
    assert result.by_stakeholder["residents"].qualitative_score == D("4.5")  # (4 + 5) / 2
    assert result.by_stakeholder["staff"].qualitative_score == D("4.0")  # (3 + 5) / 2
    assert result.by_stakeholder["staff"].total_benefit == D("0.00")


def test_uneven_years() -> None:
    costs = [CostLine(0, D("50000")), CostLine(2, D("30000"))]
    benefits = [BenefitLine(1, D("20000")), BenefitLine(3, D("40000")), BenefitLine(4, D("40000"))]
    result = calculate(costs=costs, benefits=benefits)

    assert result.costs_by_year == amounts("50000", "0", "30000", "0", "0")
    assert result.benefits_by_year == amounts("0", "20000", "0", "40000", "40000")
    assert result.net_by_year == amounts("-50000", "20000", "-30000", "40000", "40000")
    assert result.cumulative_net_by_year == amounts("-50000", "-30000", "-60000", "-20000", "20000")
    assert result.payback_year == 4
    assert result.total_cost == D("80000.00")
    assert result.total_benefit == D("100000.00")
    assert result.net_benefit == D("20000.00")
    # NPV = -50000 + 20000/1.03 - 30000/1.03² + 40000/1.03³ + 40000/1.03⁴
    #     = -50000 + 19417.476 - 28277.877 + 36605.666 + 35539.481 = 13284.746… -> 13284.75
    npv = D("-50000") + D("20000") / R - D("30000") / R**2 + D("40000") / R**3 + D("40000") / R**4
    assert result.npv == money(npv) == D("13284.75")
    # BCR = (19417.476 + 36605.666 + 35539.481) / (50000 + 28277.877) = 91562.624 / 78277.877 = 1.1697 -> 1.17
    pv_benefits = D("20000") / R + D("40000") / R**3 + D("40000") / R**4
    pv_costs = D("50000") + D("30000") / R**2
    assert result.benefit_cost_ratio == ratio(pv_benefits / pv_costs) == D("1.17")


def test_payback_must_last_to_the_end_of_the_period() -> None:
    # A reinvestment in year 3 pushes the cumulative net below zero again, so the early crossing does not count.
    costs = [CostLine(0, D("10000")), CostLine(3, D("60000"))]
    benefits = [BenefitLine(year, D("15000")) for year in range(5)]
    result = calculate(costs=costs, benefits=benefits, discount_rate=D("0"))
    # net: 5000, 15000, 15000, -45000, 15000; cumulative: 5000, 20000, 35000, -10000, 5000
    assert result.cumulative_net_by_year == amounts("5000", "20000", "35000", "-10000", "5000")
    assert result.payback_year == 4


def test_payback_counts_a_cumulative_net_of_exactly_zero() -> None:
    costs = [CostLine(0, D("100"))]
    benefits = [BenefitLine(1, D("100"))]
    result = calculate(costs=costs, benefits=benefits, discount_rate=D("0"))
    assert result.cumulative_net_by_year == amounts("-100", "0", "0", "0", "0")
    assert result.payback_year == 1


def test_payback_is_not_before_the_first_cost() -> None:
    # Benefits arrive before the cost; the cost is covered in the year it is incurred.
    costs = [CostLine(2, D("10000"))]
    benefits = [BenefitLine(year, D("10000")) for year in range(5)]
    result = calculate(costs=costs, benefits=benefits)
    assert result.cumulative_net_by_year == amounts("10000", "20000", "20000", "30000", "40000")
    assert result.payback_year == 2


# --- scenarios -------------------------------------------------------------------------------------------------


def scenario_project() -> tuple[list[CostLine], list[BenefitLine]]:
    costs = [
        CostLine(0, D("100000"), low=D("80000"), high=D("150000")),
        CostLine(1, D("10000"), low=D("5000")),  # no high estimate: LOW falls back to 10000
    ]
    benefits = [
        BenefitLine(1, D("60000"), low=D("30000"), high=D("90000"), cash_releasing=True),
        BenefitLine(2, D("60000")),  # no estimates: 60000 in every scenario
    ]
    return costs, benefits


def test_low_base_high_scenarios() -> None:
    costs, benefits = scenario_project()
    results = calculate_scenarios(costs=costs, benefits=benefits)
    assert list(results) == [Scenario.LOW, Scenario.BASE, Scenario.HIGH]
    low, base, high = results[Scenario.LOW], results[Scenario.BASE], results[Scenario.HIGH]

    # LOW: costs at high (150000; 10000 falls back), benefits at low (30000; 60000 falls back)
    assert low.costs_by_year == amounts("150000", "10000", "0", "0", "0")
    assert low.benefits_by_year == amounts("0", "30000", "60000", "0", "0")
    assert low.cumulative_net_by_year == amounts("-150000", "-130000", "-70000", "-70000", "-70000")
    assert low.net_benefit == D("-70000.00")
    assert low.cash_releasing_benefit == D("30000.00")
    assert low.reallocation_benefit == D("60000.00")
    assert low.payback_year is None
    # NPV = -150000 + (30000 - 10000)/1.03 + 60000/1.03² = -150000 + 19417.476 + 56555.755 = -74026.77
    assert low.npv == money(D("-150000") + D("20000") / R + D("60000") / R**2) == D("-74026.77")

    # BASE: the amounts
    assert base.costs_by_year == amounts("100000", "10000", "0", "0", "0")
    assert base.benefits_by_year == amounts("0", "60000", "60000", "0", "0")
    assert base.cumulative_net_by_year == amounts("-100000", "-50000", "10000", "10000", "10000")
    assert base.payback_year == 2
    # NPV = -100000 + (60000 - 10000)/1.03 + 60000/1.03² = -100000 + 48543.689 + 56555.755 = 5099.44
    assert base.npv == money(D("-100000") + D("50000") / R + D("60000") / R**2) == D("5099.44")

    # HIGH: costs at low (80000, 5000), benefits at high (90000; 60000 falls back)
    assert high.costs_by_year == amounts("80000", "5000", "0", "0", "0")
    assert high.benefits_by_year == amounts("0", "90000", "60000", "0", "0")
    assert high.cumulative_net_by_year == amounts("-80000", "5000", "65000", "65000", "65000")
    assert high.net_benefit == D("65000.00")
    assert high.cash_releasing_benefit == D("90000.00")
    assert high.payback_year == 1
    # NPV = -80000 + (90000 - 5000)/1.03 + 60000/1.03² = -80000 + 82524.272 + 56555.755 = 59080.03
    assert high.npv == money(D("-80000") + D("85000") / R + D("60000") / R**2) == D("59080.03")

    for scenario, result in results.items():
        assert result.scenario is scenario
        assert calculate(costs=costs, benefits=benefits, scenario=scenario) == result


def test_scenario_accepts_its_value() -> None:
    costs, benefits = scenario_project()
    assert calculate(costs=costs, benefits=benefits, scenario="low").scenario is Scenario.LOW  # type: ignore[arg-type]
    with pytest.raises(CalculationError, match="unknown scenario"):
        calculate(costs=costs, benefits=benefits, scenario="worst")  # type: ignore[arg-type]


# --- per stakeholder -----------------------------------------------------------------------------------------


def test_per_stakeholder() -> None:
    benefits = [
        BenefitLine(1, D("10000"), stakeholder="residents", cash_releasing=True),
        BenefitLine(2, D("20000"), stakeholder="residents"),
        BenefitLine(1, D("5000"), stakeholder="staff", cash_releasing=True),
        BenefitLine(3, None, stakeholder="staff", qualitative_score=4),
        BenefitLine(0, None, stakeholder="businesses", qualitative_score=2),
    ]
    result = calculate(costs=[CostLine(0, D("30000"))], benefits=benefits)

    assert list(result.by_stakeholder) == ["businesses", "residents", "staff"]  # sorted by name
    residents = result.by_stakeholder["residents"]
    assert residents.stakeholder == "residents"
    assert residents.total_benefit == D("30000.00")  # 10000 + 20000
    assert residents.cash_releasing_benefit == D("10000.00")
    assert residents.reallocation_benefit == D("20000.00")
    # PV = 10000/1.03 + 20000/1.03² = 9708.738 + 18851.918 = 28560.656… -> 28560.66
    assert residents.pv_benefit == money(D("10000") / R + D("20000") / R**2) == D("28560.66")
    assert residents.qualitative_score is None

    staff = result.by_stakeholder["staff"]
    assert staff.total_benefit == D("5000.00")
    assert staff.cash_releasing_benefit == D("5000.00")
    assert staff.reallocation_benefit == D("0.00")
    assert staff.pv_benefit == money(D("5000") / R) == D("4854.37")  # 5000/1.03 = 4854.368…
    assert staff.qualitative_score == D("4.0")

    businesses = result.by_stakeholder["businesses"]
    assert businesses.total_benefit == D("0.00")
    assert businesses.pv_benefit == D("0.00")
    assert businesses.qualitative_score == D("2.0")

    assert result.total_benefit == D("35000.00")
    assert result.cash_releasing_benefit == D("15000.00")
    assert result.qualitative_score == D("3.0")  # (4 + 2) / 2


def test_lines_without_stakeholder_are_collected_under_the_empty_name() -> None:
    result = calculate(costs=[], benefits=[BenefitLine(0, D("1")), BenefitLine(1, D("2"), stakeholder="staff")])
    assert list(result.by_stakeholder) == ["", "staff"]
    assert result.by_stakeholder[""].total_benefit == D("1.00")


# --- discount rate -------------------------------------------------------------------------------------------


def test_discount_rate_zero() -> None:
    costs, benefits = plain_project()
    result = calculate(costs=costs, benefits=benefits, discount_rate=D("0"))
    # Undiscounted: NPV = net benefit = 200000 - 140000; BCR = 200000 / 140000 = 1.428… -> 1.43
    assert result.npv == result.net_benefit == D("60000.00")
    assert result.pv_costs == result.total_cost == D("140000.00")
    assert result.pv_benefits == result.total_benefit == D("200000.00")
    assert result.benefit_cost_ratio == D("1.43")


def test_discount_rate_twenty_percent_is_allowed() -> None:
    costs = [CostLine(0, D("100"))]
    benefits = [BenefitLine(1, D("120"))]
    result = calculate(costs=costs, benefits=benefits, discount_rate=D("0.20"))
    # NPV = -100 + 120/1.2 = 0 exactly; BCR = 100 / 100 = 1
    assert result.npv == D("0.00")
    assert str(result.npv) == "0.00"  # no negative zero
    assert result.benefit_cost_ratio == D("1.00")


def test_discount_rate_integer_zero_is_accepted() -> None:
    result = calculate(costs=[CostLine(0, D("1"))], benefits=[], discount_rate=0)  # type: ignore[arg-type]
    assert result.npv == D("-1.00")


@pytest.mark.parametrize("rate", [D("-0.01"), D("0.2001"), D("0.25"), D("1"), D("NaN")])
def test_discount_rate_outside_bounds(rate: Decimal) -> None:
    with pytest.raises(CalculationError, match="discount rate"):
        calculate(costs=[], benefits=[], discount_rate=rate)


def test_discount_rate_as_float_is_refused() -> None:
    with pytest.raises(CalculationError, match="discount rate must be a Decimal"):
        calculate(costs=[], benefits=[], discount_rate=0.03)  # type: ignore[arg-type]


# --- years and period ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "period"), [(5, 5), (-1, 5), (3, 3), (10, 5)])
def test_cost_year_outside_the_period(year: int, period: int) -> None:
    with pytest.raises(CalculationError) as caught:
        calculate(costs=[CostLine(year, D("100"))], benefits=[], period_years=period)
    message = str(caught.value)
    assert f"year {year}" in message
    assert f"period of {period} years" in message
    assert f"0 to {period - 1}" in message


def test_benefit_year_outside_the_period() -> None:
    with pytest.raises(CalculationError, match=r"benefit line 2: year 5 is outside the calculation period of 5 years"):
        calculate(costs=[], benefits=[BenefitLine(0, D("1")), BenefitLine(5, D("1"))])
    with pytest.raises(CalculationError, match=r"year 7 is outside"):
        calculate(costs=[], benefits=[BenefitLine(7, None, qualitative_score=3)])


def test_shorter_and_longer_periods() -> None:
    result = calculate(costs=[CostLine(2, D("300"))], benefits=[BenefitLine(9, D("100"))], period_years=10)
    assert len(result.costs_by_year) == len(result.cumulative_net_by_year) == 10
    assert result.costs_by_year[2] == D("300.00")
    # NPV = 100/1.03⁹ - 300/1.03² = 76.642 - 282.779 = -206.137… -> -206.14
    assert result.npv == money(D("100") / R**9 - D("300") / R**2) == D("-206.14")
    one_year = calculate(costs=[CostLine(0, D("5"))], benefits=[BenefitLine(0, D("7"))], period_years=1)
    assert one_year.net_by_year == amounts("2")
    assert one_year.payback_year == 0


@pytest.mark.parametrize("period", [0, -5, 51, True])
def test_invalid_period(period: int) -> None:
    with pytest.raises(CalculationError, match="calculation period"):
        calculate(costs=[], benefits=[], period_years=period)


# --- staff time ------------------------------------------------------------------------------------------------


def test_staff_cost() -> None:
    assert staff_cost(D("7.5"), D("450")) == D("3375.00")  # 7.5 h × 450 kr/h
    assert staff_cost(D("0"), D("0")) == D("0.00")  # no hours need no rate
    assert staff_cost(D("0"), D("450")) == D("0.00")
    assert staff_cost(D("0.3333"), D("450")) == D("149.99")  # 149.985 -> 149.99 (half up)
    assert staff_cost(120, 450) == D("54000.00")  # type: ignore[arg-type]  # ints are exact


def test_staff_cost_negative_hours() -> None:
    with pytest.raises(CalculationError, match="hours must not be negative"):
        staff_cost(D("-1"), D("450"))


@pytest.mark.parametrize("rate", [D("0"), D("-450")])
def test_staff_cost_rate_must_be_positive_with_hours(rate: Decimal) -> None:
    with pytest.raises(ValueError, match="hourly rate must be greater than 0"):
        staff_cost(D("10"), rate)


def test_staff_cost_refuses_floats() -> None:
    with pytest.raises(CalculationError, match="must be a Decimal"):
        staff_cost(7.5, D("450"))  # type: ignore[arg-type]


# --- line validation -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [0, 6, -1])
def test_score_out_of_range(score: int) -> None:
    with pytest.raises(
        CalculationError, match=rf"benefit line 1: the qualitative score must be 1 to 5 \(got {score}\)"
    ):
        calculate(costs=[], benefits=[BenefitLine(0, None, qualitative_score=score)])


@pytest.mark.parametrize("score", [True, D("3"), 3.0])
def test_score_must_be_a_whole_number(score: object) -> None:
    with pytest.raises(CalculationError, match="qualitative score must be a whole number"):
        calculate(costs=[], benefits=[BenefitLine(0, None, qualitative_score=score)])  # type: ignore[arg-type]


def test_line_with_both_amount_and_score() -> None:
    # A qualitative line carrying kronor, or a monetary line carrying a score: the same contradiction.
    with pytest.raises(CalculationError, match="both an amount and a qualitative score"):
        calculate(costs=[], benefits=[BenefitLine(0, D("1000"), qualitative_score=3)])


def test_line_with_neither_amount_nor_score() -> None:
    with pytest.raises(CalculationError, match="neither an amount nor a qualitative score"):
        calculate(costs=[], benefits=[BenefitLine(0, None)])


def test_qualitative_line_with_estimates() -> None:
    with pytest.raises(CalculationError, match="cannot have low or high estimates"):
        calculate(costs=[], benefits=[BenefitLine(0, None, high=D("5"), qualitative_score=3)])


@pytest.mark.parametrize(
    ("costs", "benefits", "expected"),
    [
        ([CostLine(0, D("-1"))], [], "cost line 1: the amount must not be negative"),
        ([], [BenefitLine(0, D("-0.01"))], "benefit line 1: the amount must not be negative"),
        ([CostLine(0, D("10"), low=D("-1"))], [], "the low estimate must not be negative"),
        ([CostLine(0, D("10"), low=D("11"))], [], "the low estimate 11 is above the amount 10"),
        ([], [BenefitLine(0, D("10"), high=D("9"))], "the high estimate 9 is below the amount 10"),
        ([CostLine(0, 10.5)], [], "the amount must be a Decimal, not float"),  # type: ignore[arg-type]
        ([CostLine(0, D("Infinity"))], [], "must be a finite number"),
        ([CostLine(0, D("1e16"))], [], "implausibly large"),
        ([CostLine(D("1"), D("10"))], [], "the year must be a whole number"),  # type: ignore[arg-type]
        ([BenefitLine(0, D("1"))], [], "cost line 1 must be a CostLine"),
        ([], [CostLine(0, D("1"))], "benefit line 1 must be a BenefitLine"),
    ],
)
def test_invalid_lines(costs: list, benefits: list, expected: str) -> None:
    with pytest.raises(CalculationError) as caught:
        calculate(costs=costs, benefits=benefits)
    assert expected in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(CalculationError) as caught:
        calculate(
            costs=[CostLine(0, D("1")), CostLine(9, D("-5"))],
            benefits=[BenefitLine(0, None, qualitative_score=7)],
            discount_rate=D("0.5"),
        )
    problems = caught.value.problems
    assert len(problems) == 4
    assert any("discount rate" in p for p in problems)
    assert any("cost line 2: year 9" in p for p in problems)
    assert any("cost line 2: the amount must not be negative" in p for p in problems)
    assert any("benefit line 1: the qualitative score must be 1 to 5 (got 7)" in p for p in problems)
    assert isinstance(caught.value, ValueError)


# --- rounding ---------------------------------------------------------------------------------------------------


def test_money_is_rounded_half_up_once_at_the_end() -> None:
    # Two sub-öre costs in one year: 0.004 + 0.001 = 0.005 -> 0.01 (each alone would round to 0.00 and 0.00).
    result = calculate(costs=[CostLine(0, D("0.004")), CostLine(0, D("0.001"))], benefits=[], discount_rate=D("0"))
    assert result.total_cost == D("0.01")
    assert result.costs_by_year[0] == D("0.01")
    assert result.net_benefit == D("-0.01")  # -0.005 -> -0.01 (half away from zero)


def test_amounts_are_shown_with_two_decimals_whatever_their_input_form() -> None:
    # "100000" (no decimals), "1.5" (one) and "2.500" (three, but whole öre) all come out with exactly two.
    result = calculate(
        costs=[CostLine(0, D("100000")), CostLine(1, D("1.5"))],
        benefits=[BenefitLine(2, D("2.500"), stakeholder="staff")],
    )
    assert [str(v) for v in result.costs_by_year] == ["100000.00", "1.50", "0.00", "0.00", "0.00"]
    assert str(result.benefits_by_year[2]) == "2.50"
    assert str(result.by_stakeholder["staff"].total_benefit) == "2.50"
    assert str(result.total_cost) == "100001.50"


def test_a_fraction_of_an_ore_is_rounded_away_without_a_negative_zero() -> None:
    costs, benefits = plain_project()
    exact = calculate(costs=costs, benefits=benefits, discount_rate=D("0"))
    # One extra cost of a tenth of an öre in year 4 (and a benefit line with one in year 0) moves no figure.
    inexact = calculate(
        costs=[*costs, CostLine(4, D("0.001"))],
        benefits=[*benefits, BenefitLine(0, D("0.004"))],
        discount_rate=D("0"),
    )
    assert inexact.costs_by_year == exact.costs_by_year
    assert inexact.net_by_year == exact.net_by_year
    assert inexact.cumulative_net_by_year == exact.cumulative_net_by_year
    assert inexact.total_cost == exact.total_cost
    assert inexact.npv == exact.npv
    # 0 - 0.001 = -0.001 rounds to zero, shown as 0.00, not -0.00
    only = calculate(costs=[CostLine(0, D("0.001"))], benefits=[], discount_rate=D("0"))
    assert [str(v) for v in only.net_by_year] == ["0.00"] * 5
    assert str(only.npv) == str(only.net_benefit) == "0.00"


def test_calculation_ignores_the_callers_decimal_context() -> None:

    costs, benefits = plain_project()
    expected = calculate(costs=costs, benefits=benefits)
    with localcontext() as context:
        context.prec = 4
        assert calculate(costs=costs, benefits=benefits) == expected


# --- properties -------------------------------------------------------------------------------------------------

money_amounts = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=0, max_value=4)


@st.composite
def estimated(draw: st.DrawFn) -> tuple[Decimal, Decimal | None, Decimal | None]:
    amount = draw(money_amounts)
    low = draw(st.none() | st.decimals(min_value=0, max_value=amount, places=2))
    high = draw(st.none() | st.decimals(min_value=amount, max_value=20_000_000, places=2))
    return amount, low, high


@st.composite
def cost_lines(draw: st.DrawFn) -> CostLine:
    amount, low, high = draw(estimated())
    return CostLine(draw(years), amount, low, high, payer=draw(st.sampled_from(["", "central fund", "adm"])))


@st.composite
def benefit_lines(draw: st.DrawFn) -> BenefitLine:
    stakeholder = draw(st.sampled_from(["", "residents", "staff"]))
    if draw(st.booleans()):
        return BenefitLine(draw(years), None, stakeholder=stakeholder, qualitative_score=draw(st.integers(1, 5)))
    amount, low, high = draw(estimated())
    return BenefitLine(draw(years), amount, low, high, stakeholder=stakeholder, cash_releasing=draw(st.booleans()))


@settings(max_examples=150, deadline=None)
@given(
    costs=st.lists(cost_lines(), max_size=8),
    benefits=st.lists(benefit_lines(), max_size=8),
    rate=st.decimals(min_value=0, max_value=D("0.20"), places=3),
    factor=st.integers(min_value=2, max_value=9),
)
def test_properties(costs: list[CostLine], benefits: list[BenefitLine], rate: Decimal, factor: int) -> None:
    results = calculate_scenarios(costs=costs, benefits=benefits, discount_rate=rate)
    low, base, high = results[Scenario.LOW], results[Scenario.BASE], results[Scenario.HIGH]

    for result in results.values():
        figures = (
            *result.costs_by_year,
            *result.benefits_by_year,
            *result.net_by_year,
            *result.cumulative_net_by_year,
            result.total_cost,
            result.net_benefit,
            result.reallocation_benefit,
            result.npv,
            result.pv_costs,
            *(s.pv_benefit for s in result.by_stakeholder.values()),
            *result.cost_by_payer.values(),
        )
        assert all(value.as_tuple().exponent == -2 for value in figures)
        # The totals add up (inputs are whole öre, so undiscounted figures are exact).
        assert sum(result.costs_by_year) == result.total_cost
        assert sum(result.benefits_by_year) == result.total_benefit
        assert result.cash_releasing_benefit + result.reallocation_benefit == result.total_benefit
        assert result.cumulative_net_by_year[-1] == result.net_benefit == result.total_benefit - result.total_cost
        assert sum(s.total_benefit for s in result.by_stakeholder.values()) == result.total_benefit
        assert sum(result.cost_by_payer.values()) == result.total_cost
        # The NPV is rounded once, so it is within a cent of the difference of the rounded PVs.
        assert abs(result.npv - (result.pv_benefits - result.pv_costs)) <= D("0.01")
        if result.payback_year is not None:
            assert all(value >= 0 for value in result.cumulative_net_by_year[result.payback_year :])
        else:
            assert result.cumulative_net_by_year[-1] < 0

    # The pessimistic case is never better than the base, the optimistic never worse.
    assert low.npv <= base.npv <= high.npv
    assert low.net_benefit <= base.net_benefit <= high.net_benefit

    # A thousandth of a krona more switches to rounding every figure, and moves no undiscounted one.
    inexact = calculate(costs=[*costs, CostLine(4, D("0.001"))], benefits=benefits, discount_rate=rate)
    assert inexact.costs_by_year == base.costs_by_year
    assert inexact.cumulative_net_by_year == base.cumulative_net_by_year
    assert inexact.by_stakeholder == base.by_stakeholder
    assert abs(inexact.npv - base.npv) <= D("0.01")

    # At rate 0 the NPV is the net benefit.
    undiscounted = calculate(costs=costs, benefits=benefits, discount_rate=D("0"))
    assert undiscounted.npv == undiscounted.net_benefit
    assert undiscounted.pv_costs == undiscounted.total_cost

    # Scaling every amount by a whole factor scales the undiscounted figures exactly, leaves the payback year and
    # the qualitative score alone, and scales the NPV up to the rounding of the one figure (factor × half an öre).
    scaled = calculate(
        costs=[
            CostLine(c.year, c.amount * factor, _times(c.low, factor), _times(c.high, factor), payer=c.payer)
            for c in costs
        ],
        benefits=[
            b
            if b.amount is None
            else BenefitLine(
                b.year,
                b.amount * factor,
                _times(b.low, factor),
                _times(b.high, factor),
                b.stakeholder,
                b.cash_releasing,
            )
            for b in benefits
        ],
        discount_rate=rate,
    )
    assert scaled.total_cost == base.total_cost * factor
    assert scaled.total_benefit == base.total_benefit * factor
    assert scaled.cumulative_net_by_year == tuple(money(v * factor) for v in base.cumulative_net_by_year)
    assert scaled.payback_year == base.payback_year
    assert scaled.qualitative_score == base.qualitative_score
    assert abs(scaled.npv - base.npv * factor) <= D("0.005") * factor + D("0.005")


def _times(value: Decimal | None, factor: int) -> Decimal | None:
    return None if value is None else value * factor
