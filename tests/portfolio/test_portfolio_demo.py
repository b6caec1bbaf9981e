"""The portfolio's demo data: proposals in every state across the demo ICT groups, moved there through the
workflow by the right people; projects with status reports, actual costs and follow-ups; programmes; next
year's backlog, 8–12 proposals per board, scored, with a first scenario whose optimum beats the rank cut-off;
and a second seed_demo changes nothing.

The demo is seeded once for the module (`world`, rolled back after its last test); each test's second run
is undone after it."""

from decimal import Decimal

import pytest
from django.apps import apps

from governance.demo import DemoContext, run
from governance.models import Membership, StateChange, Tier
from portfolio.models import (
    ActualCost,
    BenefitFollowUp,
    CostLine,
    Programme,
    Project,
    ProjectState,
    Proposal,
    ProposalState,
    Scenario,
    ScenarioStatus,
    Score,
    StatusReport,
)
from portfolio.prioritisation.selectors import PRIORITISATION_STATES, proposals_for_prioritisation
from portfolio.proposals.demo import SPECS
from portfolio.proposals.demo_backlog import BACKLOG

from ..clock import TODAY, suite_clock
from ..module_data import rolled_back_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> DemoContext:
    """The whole demo seeded on an empty database, once for the module, at the instant each test starts."""
    with rolled_back_for_module(django_db_blocker):
        with suite_clock():
            ctx = run(DemoContext(today=TODAY))
        yield ctx


def portfolio_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config("portfolio").get_models()}


def test_seed_demo_covers_every_state_and_is_idempotent(world):
    proposals = Proposal.objects.filter(title__in=[s.title for s in SPECS])
    assert proposals.count() == len(SPECS) >= 25
    assert set(proposals.values_list("state", flat=True)) == set(ProposalState.values)
    groups = set(proposals.values_list("owning_group__short_name", "owning_group__tier"))
    assert len(groups) == 5 and {tier for _name, tier in groups} == {Tier.ICT_GROUP}
    # Moved there through the workflow: every non-draft proposal has its recorded transitions.
    for proposal in proposals.exclude(state=ProposalState.DRAFT):
        changes = StateChange.objects.filter(content_type__model="proposal", object_id=proposal.pk)
        assert changes.filter(after=proposal.state).exists(), proposal
    returned = proposals.get(state=ProposalState.RETURNED, title="Chattbot för kontaktcenter")
    assert returned.return_reason
    for proposal in proposals.exclude(state=ProposalState.DRAFT):
        assert proposal.total_cost > 0 and proposal.benefit_lines.exists(), proposal
    approved = proposals.filter(state=ProposalState.APPROVED)
    assert approved.count() >= 5
    projects = Project.objects.filter(proposal__in=approved)
    assert projects.count() == approved.count()
    assert StatusReport.objects.filter(project__in=projects).count() >= 2 * projects.count()
    assert StatusReport.objects.filter(project__in=projects, schedule="red").exists()
    assert ActualCost.objects.filter(project__in=projects).exists()
    assert BenefitFollowUp.objects.filter(project__in=projects).exists()
    assert projects.filter(state=ProjectState.BENEFITS_FOLLOWED_UP).exists()
    assert Programme.objects.filter(projects__isnull=False).distinct().count() == 2

    before = portfolio_counts()
    run(DemoContext(today=TODAY))
    assert portfolio_counts() == before


BIG = {
    "board_ks": "Nytt ekonomisystem",
    "board_sbn": "Nytt verksamhetssystem för bygg, miljö och hälsoskydd",
    "board_utom": "Nytt elevadministrativt system",
}


def year_zero_cost(proposal: Proposal, rate: Decimal) -> Decimal:
    lines = CostLine.objects.filter(proposal=proposal, year=0)
    return sum((line.amount or Decimal(0)) + (line.hours or Decimal(0)) * rate for line in lines)


def test_backlog_gives_each_board_a_year_to_prioritise_and_the_optimum_beats_the_rank_cutoff(world):
    ctx = world
    cycle = ctx.cycles[ctx.today.year + 1]
    assert cycle.hourly_rate == 450
    backlog = Proposal.objects.filter(title__in=[item.spec.title for item in BACKLOG])
    assert backlog.count() == len(BACKLOG) == 24
    # Next year's cycle, in the states the prioritisation takes, moved there through the workflow.
    assert set(backlog.values_list("target_cycle", flat=True)) == {cycle.pk}
    assert set(backlog.values_list("state", flat=True)) == set(PRIORITISATION_STATES)
    for proposal in backlog:
        changes = StateChange.objects.filter(content_type__model="proposal", object_id=proposal.pk)
        assert changes.filter(after=proposal.state).exists(), proposal
        assert proposal.owning_group.tier == Tier.ICT_GROUP
        assert proposal.benefit_lines.exists() and proposal.total_cost > 0, proposal
        assert proposal.cost_lines.values("year").distinct().count() == 5, proposal  # years 0–4
    # Totals by the product's own calculation. 1 900 000 + 1 200 h × 450 kr + 4 × 380 000 = 3 960 000;
    # 110 000 + 4 × 25 000 = 210 000, and 4 × 250 h × 450 kr = 450 000 of time freed.
    assert backlog.get(title="Nytt ekonomisystem").total_cost == Decimal("3960000")
    notice_board = backlog.get(title="Digital anslagstavla för planärenden")
    assert (notice_board.total_cost, notice_board.total_benefit) == (Decimal("210000"), Decimal("450000"))
    assert notice_board.npv > 0
    # Dependencies: on another backlog proposal, and on one from the main demo proposals.
    assert list(
        backlog.get(title="Beslutsstöd för ekonomisk uppföljning").depends_on.values_list("title", flat=True)
    ) == ["Nytt ekonomisystem"]
    assert list(
        backlog.get(title="Digitala läromedel med central licenshantering").depends_on.values_list("title", flat=True)
    ) == ["Lärplattform för grundskolan"]

    for key in ("board_ks", "board_sbn", "board_utom"):
        board = ctx.groups[key]
        waiting = list(proposals_for_prioritisation(cycle=cycle, board=board))
        assert 8 <= len(waiting) <= 12, board
        own = backlog.filter(owning_group__parent=board)
        assert own.count() == 8 and own.filter(is_mandatory=True).count() == 1, board
        # One large investment (1.5–3 mnkr in the plan year) among several small ones (100–500 tkr).
        sizes = {p.title: year_zero_cost(p, cycle.hourly_rate) for p in own}
        assert 1_500_000 <= sizes[BIG[key]] <= 3_000_000, board
        assert sum(100_000 <= size <= 500_000 for size in sizes.values()) >= 5, board
        # Every member scored every proposal on all seven criteria.
        members = Membership.objects.active(ctx.today).filter(group=board).count()
        for proposal in waiting:
            assert Score.objects.filter(proposal=proposal, criterion__criteria_model__board=board).count() == (
                members * 7
            ), proposal
        first = Scenario.objects.filter(cycle=cycle, board=board).order_by("pk").first()
        assert first.name == "Grundbudget (70 %)" and first.is_recommended and first.status == ScenarioStatus.DONE
        results, cutoff = first.results, first.results["rank_cutoff"]
        assert results["status"] == "optimal" and results["proven_optimal"] is True
        assert results["objective"] > cutoff["objective"] + 0.1, board
        # The large one stops the rank cut-off's list; the optimum fits more proposals in its place.
        big = backlog.get(title=BIG[key]).reference
        assert big in cutoff["chosen"] and big not in results["chosen"], board
        assert len(results["chosen"]) > len(cutoff["chosen"]), board

    before = portfolio_counts()
    proposals = list(Proposal.objects.order_by("pk").values_list("pk", "version", "state", "total_cost", "npv"))
    scenarios = list(Scenario.objects.order_by("pk").values_list("pk", "results", "is_recommended"))
    second = run(DemoContext(today=TODAY))
    assert "portfolio/backlog: nothing new" in second.log
    assert portfolio_counts() == before
    assert list(Proposal.objects.order_by("pk").values_list("pk", "version", "state", "total_cost", "npv")) == (
        proposals
    )
    assert list(Scenario.objects.order_by("pk").values_list("pk", "results", "is_recommended")) == scenarios
