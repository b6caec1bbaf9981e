"""Factories for portfolio records. `ready_proposal(...)` builds a proposal that meets every submit
precondition; `in_state(...)` drives one through the real workflow to a given state."""

from decimal import Decimal

import factory

from governance.models import Decision
from portfolio.models import (
    BenefitLine,
    BenefitType,
    CostCategory,
    CostLine,
    FinancingAmount,
    FinancingDecision,
    Payer,
    Programme,
    Proposal,
    ProposalState,
    Risk,
    Stakeholder,
)
from portfolio.proposals.services import proposal_totals_refresh
from portfolio.proposals.workflows import proposal_transition
from tests.governance.factories import BudgetCycleFactory, GoalFactory, MeetingFactory, UserFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A bare draft. Pass owning_group (an ICT group); totals are not refreshed (use services for that)."""

    class Meta:
        model = Proposal

    reference = factory.Sequence(lambda n: f"T-{n:05d}")
    title = factory.Sequence(lambda n: f"Förslag {n}")
    author = factory.SubFactory(UserFactory)
    target_cycle = factory.SubFactory(BudgetCycleFactory)
    administration = factory.LazyAttribute(lambda p: p.owning_group.parent.scope if p.owning_group.parent_id else None)


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    proposal = factory.SubFactory(ProposalFactory)
    year = 0
    category = CostCategory.INVESTMENT
    cost_type = "investment"
    payer = Payer.ADMINISTRATION
    amount = Decimal("100000.00")


class BenefitLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenefitLine

    proposal = factory.SubFactory(ProposalFactory)
    year = 1
    benefit_type = BenefitType.COST_REDUCTION
    stakeholder = Stakeholder.MUNICIPALITY
    cash_releasing = True
    amount = Decimal("50000.00")
    owner = factory.SubFactory(UserFactory)


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    proposal = factory.SubFactory(ProposalFactory)
    description = "Leverantören hinner inte leverera"
    probability = 3
    consequence = 4


class FinancingDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingDecision

    proposal = factory.SubFactory(ProposalFactory)
    payer = Payer.ADMINISTRATION
    budget_source = "Förvaltningens investeringsbudget"


class FinancingAmountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingAmount

    financing = factory.SubFactory(FinancingDecisionFactory)
    year = 2030
    amount = Decimal("100000.00")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    reference = factory.Sequence(lambda n: f"§ {n}")
    title = "Beslut"
    text = "Beslutas enligt förslag."


def ready_proposal(org, people, **kwargs) -> Proposal:
    """A draft of org.ict_group, authored by people['ict_member'], that meets every submit precondition."""

    values = {
        "owning_group": org.ict_group,
        "author": people["ict_member"],
        "needs_analysis": "Behovet finns.",
        "current_process": "Papper.",
        "future_process": "Digitalt.",
        "process_mapping": "Kartlagt.",
    }
    values.update(kwargs)
    proposal = ProposalFactory(**values)
    proposal.goals.add(GoalFactory())
    CostLineFactory(proposal=proposal, year=0, amount=Decimal("100000.00"))
    BenefitLineFactory(proposal=proposal, year=1, amount=Decimal("60000.00"), owner=people["ict_member"])
    proposal_totals_refresh(proposal=proposal)
    return proposal


# How to reach each state through the workflow: (action, actor role, extra kwargs).
PATHS = {
    ProposalState.DRAFT: [],
    ProposalState.SUBMITTED: [("submit", "ict_member")],
    ProposalState.UNDER_ASSESSMENT: [("submit", "ict_member"), ("start_assessment", "board_member")],
    ProposalState.RETURNED: [("submit", "ict_member"), ("return", "board_member")],
    ProposalState.RECOMMENDED: [
        ("submit", "ict_member"),
        ("start_assessment", "board_member"),
        ("recommend", "board_member"),
    ],
    ProposalState.REJECTED: [("submit", "ict_member"), ("reject", "board_member")],
    ProposalState.DEFERRED: [("submit", "ict_member"), ("defer", "board_member")],
    ProposalState.APPROVED: [
        ("submit", "ict_member"),
        ("start_assessment", "board_member"),
        ("recommend", "board_member"),
        ("approve", "leader"),
    ],
    ProposalState.WITHDRAWN: [("withdraw", "ict_member")],
}


def add_assessment(proposal: Proposal) -> None:
    """The board's risk register and financing decision (what `recommend` requires)."""
    if not proposal.risks.exists():
        RiskFactory(proposal=proposal)
    if not proposal.financing_decisions.exists():
        financing = FinancingDecisionFactory(proposal=proposal)
        FinancingAmountFactory(financing=financing, year=proposal.target_cycle.plan_year)


def in_state(org, people, state: str, **kwargs) -> Proposal:
    """A ready proposal driven through the real workflow to `state`."""

    proposal = ready_proposal(org, people, **kwargs)
    for action, role in PATHS[state]:
        extra = {}
        if action == "recommend":
            add_assessment(proposal)
            extra["recommendation"] = "Styrgruppen rekommenderar förslaget."
        if action == "defer":
            extra["to_cycle"] = BudgetCycleFactory(plan_year=proposal.target_cycle.plan_year + 1)
        proposal = proposal_transition(
            proposal=proposal, action=action, actor=people[role], comment="Motivering.", **extra
        )
    proposal.refresh_from_db()
    return proposal
