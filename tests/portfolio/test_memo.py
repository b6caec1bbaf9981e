"""The decision memo: a one-page PDF per proposal, read through the proposal's visibility."""

import os
from decimal import Decimal

import pytest
from django.urls import reverse

from portfolio.models import BenefitLine, CostLine, ProposalState, Risk
from portfolio.proposals.documents import proposal_memo_pdf
from portfolio.proposals.selectors import proposal_calculation, proposal_detail
from portfolio.proposals.services import proposal_totals_refresh
from tests.pdfs import page_count, pdf_text
from tests.portfolio.factories import RiskFactory, in_state, ready_proposal

pytestmark = pytest.mark.django_db


def rich_proposal(org, people):
    proposal = in_state(
        org,
        people,
        ProposalState.RECOMMENDED,
        title="E-tjänst för bygglov",
        description="Bygglovsansökan blir en e-tjänst med digital signering och automatisk "
        "kontroll av handlingarna. " * 8,
    )
    for year, amount in ((1, "80000"), (2, "80000"), (3, "80000"), (4, "80000")):
        CostLine.objects.create(
            proposal=proposal, year=year, category="running", cost_type="operating", amount=Decimal(amount)
        )
        BenefitLine.objects.create(
            proposal=proposal,
            year=year,
            benefit_type="cost_reduction",
            stakeholder="municipality",
            cash_releasing=True,
            amount=Decimal("150000"),
            owner=people["ict_member"],
        )
    for i in range(7):
        RiskFactory(
            proposal=proposal,
            description=f"Risk nummer {i}: leverantören hinner inte leverera i tid och införandet försenas.",
            mitigation="Vite i avtalet.",
        )
    proposal_totals_refresh(proposal=proposal)
    return proposal


def test_memo_is_a_one_page_pdf_with_the_figures(org, people):
    proposal = rich_proposal(org, people)
    detail = proposal_detail(user=people["board_member"], pk=proposal.pk)
    pdf = proposal_memo_pdf(detail, proposal_calculation(detail))
    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == 1
    if os.environ.get("MEMO_OUT"):  # for looking at it: MEMO_OUT=/tmp/memo.pdf pytest ...
        with open(os.environ["MEMO_OUT"], "wb") as fh:
            fh.write(pdf)
    text = pdf_text(pdf)
    # Hand sums: cost 100 000 + 4 × 80 000 = 420 000; benefit 60 000 + 4 × 150 000 = 660 000; net 240 000.
    for figure in ("420 000", "660 000", "240 000"):
        assert figure in text
    assert proposal.reference in text
    assert "Styrgruppen rekommenderar" in text  # the recommendation
    assert "and 3 more risks" in text  # eight risks (the factory's one and seven): five shown


def test_memo_without_assessment_or_valid_calculation_still_renders(org, people):
    proposal = ready_proposal(org, people)
    CostLine.objects.filter(proposal=proposal).update(year=9)  # outside the period: the calculation is invalid
    detail = proposal_detail(user=people["ict_member"], pk=proposal.pk)
    pdf = proposal_memo_pdf(detail, None, problems=["Year 9 is outside the period"])
    assert pdf.startswith(b"%PDF") and page_count(pdf) == 1
    assert "No risks recorded yet" in pdf_text(pdf)


@pytest.mark.parametrize(
    "role,status",
    [("ict_member", 200), ("board_member", 200), ("it_coordinator", 200), ("other_ict_member", 404), ("outsider", 404)],
)
def test_memo_of_a_draft_follows_visibility(client_for, org, people, role, status):
    proposal = ready_proposal(org, people)
    response = client_for(people[role]).get(reverse("portfolio:proposal-memo", args=[proposal.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf" and response.getvalue().startswith(b"%PDF")
        assert response["Content-Disposition"] == f'inline; filename="memo-{proposal.reference}.pdf"'


def test_memo_of_a_submitted_proposal_is_read_by_everyone(client_for, org, people):
    proposal = in_state(org, people, ProposalState.SUBMITTED)
    assert Risk.objects.count() == 0
    response = client_for(people["outsider"]).get(reverse("portfolio:proposal-memo", args=[proposal.pk]))
    assert response.status_code == 200 and page_count(response.getvalue()) == 1
