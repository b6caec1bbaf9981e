"""The portfolio's demo data: proposals in every state across the demo ICT groups, moved there through the
workflow by the right people; projects with status reports, actual costs and follow-ups; programmes; and a
second seed_demo changes nothing."""

import pytest
from django.apps import apps
from django.utils import timezone

from governance.demo import DemoContext, run
from governance.models import StateChange, Tier
from portfolio.demo_seed.proposals import SPECS
from portfolio.models import (
    ActualCost,
    BenefitFollowUp,
    Programme,
    Project,
    ProjectState,
    Proposal,
    ProposalState,
    StatusReport,
)

pytestmark = pytest.mark.django_db


def portfolio_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config("portfolio").get_models()}




def test_seed_demo_covers_every_state_and_is_idempotent():
    run(DemoContext(today=timezone.localdate()))
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
    run(DemoContext(today=timezone.localdate()))
    assert portfolio_counts() == before
