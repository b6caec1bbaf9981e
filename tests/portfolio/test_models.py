from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portfolio.models import RAG, BenefitLine, BenefitType, CostCategory, CostLine, Risk, Stakeholder, StatusReport

from .factories import ProposalFactory, in_state


@pytest.fixture
def proposal(org, people):
    return ProposalFactory(owning_group=org.ict_group, author=people["ict_member"], calculation_years=5)


def errors_of(line) -> dict:
    with pytest.raises(ValidationError) as exc:
        line.full_clean()
    return exc.value.message_dict


def test_cost_year_outside_period(proposal):
    line = CostLine(proposal=proposal, year=5, category=CostCategory.INVESTMENT, amount=Decimal(100))
    assert errors_of(line)["year"] == [
        f"Year 5 is outside the calculation period of 5 years: use 0 to 4 (0 is the start year, "
        f"{proposal.target_cycle.plan_year})."
    ]


def test_staff_line_prices_hours_at_the_cycle_rate(proposal):
    line = CostLine(proposal=proposal, year=0, category=CostCategory.STAFF, hours=Decimal("10.5"))
    line.full_clean()
    assert line.hourly_rate == Decimal(450) and line.amount == Decimal("4725.00")  # 10.5 h × 450 kr
    assert line.cost_type == "operating"


def test_negative_hours_refused(proposal):
    line = CostLine(proposal=proposal, year=0, category=CostCategory.STAFF, hours=Decimal(-1), hourly_rate=450)
    assert "Hours cannot be negative." in errors_of(line)["hours"][-1]


def test_zero_rate_with_hours_refused(proposal):
    line = CostLine(proposal=proposal, year=0, category=CostCategory.STAFF, hours=Decimal(8), hourly_rate=Decimal(0))
    assert errors_of(line)["hourly_rate"] == ["The hourly rate must be above zero when hours are entered."]


def test_non_staff_cost_needs_amount_not_hours(proposal):
    line = CostLine(proposal=proposal, year=0, category=CostCategory.RUNNING, hours=Decimal(3))
    errors = errors_of(line)
    assert errors["amount"] == ["Enter the amount."]
    assert errors["hours"] == ["Hours belong on internal staff time lines; enter an amount instead."]


def test_estimates_around_the_amount(proposal):
    line = CostLine(
        proposal=proposal,
        year=0,
        category=CostCategory.RUNNING,
        amount=Decimal(100),
        amount_low=Decimal(120),
        amount_high=Decimal(90),
    )
    errors = errors_of(line)
    assert errors["amount_low"] == ["The low estimate cannot be above the amount (100)."]
    assert errors["amount_high"] == ["The high estimate cannot be below the amount (100)."]


def test_benefit_without_owner_refused(proposal):
    line = BenefitLine(
        proposal=proposal,
        year=1,
        benefit_type=BenefitType.REVENUE,
        stakeholder=Stakeholder.RESIDENTS,
        amount=Decimal(10),
    )
    assert errors_of(line)["owner"] == ["Name the person responsible for realising this benefit (the benefit owner)."]


@pytest.mark.parametrize("score", [0, 6])
def test_quality_score_range(proposal, people, score):
    line = BenefitLine(
        proposal=proposal,
        year=1,
        benefit_type=BenefitType.QUALITY,
        stakeholder=Stakeholder.STAFF,
        score=score,
        owner=people["ict_member"],
        indicator_name="NKI",
    )
    assert "The score must be 1 to 5" in " ".join(errors_of(line)["score"])


def test_quality_line_is_scored_not_valued(proposal, people):
    line = BenefitLine(
        proposal=proposal,
        year=1,
        benefit_type=BenefitType.QUALITY,
        stakeholder=Stakeholder.STAFF,
        amount=Decimal(5),
        cash_releasing=True,
        owner=people["ict_member"],
    )
    errors = errors_of(line)
    assert set(errors) == {"score", "amount", "cash_releasing", "indicator_name"}


def test_time_freed_priced_as_hours_times_rate(proposal, people):
    line = BenefitLine(
        proposal=proposal,
        year=2,
        benefit_type=BenefitType.TIME_FREED,
        stakeholder=Stakeholder.STAFF,
        hours=Decimal(200),
        hourly_rate=Decimal(400),
        owner=people["ict_member"],
    )
    line.full_clean()
    assert line.amount == Decimal("80000.00")


def test_monetary_line_with_score_refused(proposal, people):
    line = BenefitLine(
        proposal=proposal,
        year=1,
        benefit_type=BenefitType.REVENUE,
        stakeholder=Stakeholder.BUSINESSES,
        amount=Decimal(10),
        score=3,
        owner=people["ict_member"],
    )
    assert errors_of(line)["score"] == ["Only quality gains carry a score; this line is valued in kronor."]


def test_risk_score_and_level(proposal):
    assert Risk(proposal=proposal, probability=3, consequence=5).score == 15
    assert Risk(proposal=proposal, probability=3, consequence=5).level == "high"
    assert Risk(proposal=proposal, probability=2, consequence=4).level == "medium"
    assert Risk(proposal=proposal, probability=1, consequence=5).level == "low"
    with pytest.raises(ValidationError):
        Risk(proposal=proposal, description="x", probability=6, consequence=1).full_clean()


def test_status_report_amber_needs_comment(org, people):

    project = in_state(org, people, "approved").project
    report = StatusReport(project=project, schedule=RAG.AMBER, cost=RAG.GREEN, scope=RAG.RED, scope_comment="Mindre")
    assert errors_of(report) == {"schedule_comment": ["Explain why this is amber or red."]}
    assert report.overall == RAG.RED


def test_proposal_owned_by_ict_group_only(org, people):
    proposal = ProposalFactory.build(owning_group=org.board, author=people["ict_member"], reference="X")
    proposal.target_cycle.save()
    with pytest.raises(ValidationError) as exc:
        proposal.clean()
    assert "owning_group" in exc.value.message_dict
