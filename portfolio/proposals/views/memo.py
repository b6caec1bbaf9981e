"""The decision memo PDF of a proposal (fetched through visibility: hidden and missing both give 404)."""

from django.http import HttpResponse
from django.views import View

from portfolio.proposals.documents import proposal_memo_pdf
from portfolio.proposals.selectors import proposal_detail


class ProposalMemoView(View):
    def get(self, request, *args, **kwargs):
        from portfolio.proposals.views.proposals import proposal_calculation_safe

        proposal = proposal_detail(user=request.user, pk=kwargs["pk"])
        results, problems = proposal_calculation_safe(proposal)
        response = HttpResponse(proposal_memo_pdf(proposal, results, problems=problems),
                                content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="memo-{proposal.reference}.pdf"'
        return response
