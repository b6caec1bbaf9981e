"""The operation-form valuation against hand-computed cases (no database)."""

from decimal import Decimal

import pytest

from procurement.valuation import OptionFigures, Weights, cost_scores, evaluate

OPTIONS = [
    OptionFigures("own_data_centre", Decimal(1_000_000), risk=4, classification=5, mobility=2, exit=4),
    OptionFigures("other_municipality", Decimal(800_000), risk=3, classification=4, mobility=3, exit=3),
    OptionFigures("cloud", Decimal(500_000), risk=2, classification=2, mobility=5, exit=2),
]


def test_cost_scores_relative_to_the_cheapest():
    # 5 × 500 000 / 1 000 000 = 2.5; 5 × 500 000 / 800 000 = 3.125; the cheapest scores 5.
    assert cost_scores([Decimal(1_000_000), Decimal(800_000), Decimal(500_000)]) == [
        Decimal("2.5"),
        Decimal("3.125"),
        Decimal(5),
    ]
    assert cost_scores([Decimal(0), Decimal(100)]) == [Decimal(5), Decimal(0)]


def test_hand_computed_recommendation():
    weights = Weights(
        cost=Decimal(30), risk=Decimal(25), classification=Decimal(20), mobility=Decimal(10), exit=Decimal(15)
    )
    result = evaluate(OPTIONS, weights)
    # own:   (30×2.5   + 25×4 + 20×5 + 10×2 + 15×4) / 100 = (75 + 100 + 100 + 20 + 60) / 100 = 3.55
    # other: (30×3.125 + 25×3 + 20×4 + 10×3 + 15×3) / 100 = (93.75 + 75 + 80 + 30 + 45) / 100 = 3.2375 → 3.24
    # cloud: (30×5     + 25×2 + 20×2 + 10×5 + 15×2) / 100 = (150 + 50 + 40 + 50 + 30) / 100 = 3.20
    assert [r.total for r in result.results] == [Decimal("3.55"), Decimal("3.24"), Decimal("3.20")]
    assert result.result_for("other_municipality").scores["cost"] == Decimal("3.13")
    assert result.recommended == "own_data_centre"


def test_weights_change_the_recommendation():
    weights = Weights(
        cost=Decimal(60), risk=Decimal(10), classification=Decimal(10), mobility=Decimal(10), exit=Decimal(10)
    )
    result = evaluate(OPTIONS, weights)
    # own:   (60×2.5 + 10×(4+5+2+4)) / 100 = (150 + 150) / 100 = 3.00
    # other: (60×3.125 + 10×(3+4+3+3)) / 100 = (187.5 + 130) / 100 = 3.175 → 3.18
    # cloud: (60×5 + 10×(2+2+5+2)) / 100 = (300 + 110) / 100 = 4.10
    assert [r.total for r in result.results] == [Decimal("3.00"), Decimal("3.18"), Decimal("4.10")]
    assert result.recommended == "cloud"


def test_weights_need_not_sum_to_100():
    # Same proportions as 30/25/20/10/15, halved: the weighted mean is the same.
    weights = Weights(
        cost=Decimal(15), risk=Decimal("12.5"), classification=Decimal(10), mobility=Decimal(5), exit=Decimal("7.5")
    )
    assert evaluate(OPTIONS, weights).result_for("own_data_centre").total == Decimal("3.55")


def test_tie_goes_to_the_cheaper_option():
    a = OptionFigures("own_data_centre", Decimal(100), 3, 3, 3, 3)
    b = OptionFigures("cloud", Decimal(100), 3, 3, 3, 3)
    weights = Weights(Decimal(0), Decimal(1), Decimal(1), Decimal(1), Decimal(1))
    assert evaluate([a, b], weights).recommended == "own_data_centre"
    cheaper = OptionFigures("cloud", Decimal(50), 3, 3, 3, 3)
    assert evaluate([a, cheaper], weights).recommended == "cloud"


def test_no_weights_no_recommendation_and_bad_scores_refused():
    zero = Weights(*(Decimal(0),) * 5)
    assert evaluate(OPTIONS, zero).recommended is None
    assert evaluate([], zero).recommended is None
    with pytest.raises(ValueError):
        evaluate([OptionFigures("cloud", Decimal(1), 6, 1, 1, 1)], zero)
    with pytest.raises(ValueError):
        evaluate([OptionFigures("cloud", Decimal(-1), 1, 1, 1, 1)], zero)
