"""The three proposal lists run the same number of queries whatever the number of rows, with exactly one
COUNT; the proposal page does not grow with its lines either."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.models import ProposalState
from tests.governance.factories import BudgetCycleFactory, GoalFactory
from tests.portfolio.factories import BenefitLineFactory, CostLineFactory, ProposalFactory, in_state

pytestmark = pytest.mark.django_db

LISTS = ["proposal-list", "proposal-mine", "proposal-inbox"]


def _make(org, people, cycle, n, state=ProposalState.SUBMITTED):
    goal = GoalFactory()
    for _ in range(n):
        p = ProposalFactory(
            owning_group=org.ict_group,
            author=people["ict_member"],
            target_cycle=cycle,
            state=state,
            total_cost=Decimal("1000"),
            npv=Decimal("5"),
        )
        p.goals.add(goal)


def _queries(client, name, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(f"portfolio:{name}"), params or {})
    assert response.status_code == 200
    sqls = [q["sql"].upper() for q in ctx.captured_queries]
    return len(sqls), sum("COUNT(" in s for s in sqls)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("params", [{}, {"sort": "-npv", "state": "submitted", "cost_min": "10", "q": "Förslag"}])
def test_list_queries_do_not_grow_with_rows_and_count_once(client_for, org, people, name, params):
    cycle = BudgetCycleFactory(plan_year=2030)
    role = "board_member" if name == "proposal-inbox" else "ict_member"
    client = client_for(people[role])
    _make(org, people, cycle, 3)
    few, few_counts = _queries(client, name, params)
    _make(org, people, cycle, 60)  # more than a page
    many, many_counts = _queries(client, name, params)
    assert few == many
    assert few_counts == many_counts == 1


def test_proposal_page_does_not_grow_with_lines(client_for, org, people):
    cycle = BudgetCycleFactory(plan_year=2030)
    proposal = in_state(org, people, ProposalState.UNDER_ASSESSMENT, target_cycle=cycle)
    client = client_for(people["board_member"])
    url = reverse("portfolio:proposal-detail", args=[proposal.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for year in range(5):
        CostLineFactory(proposal=proposal, year=year)
        BenefitLineFactory(proposal=proposal, year=year, owner=people["ict_member"])
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)
