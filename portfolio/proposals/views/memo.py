"""The decision memo PDF of a proposal (fetched through visibility: hidden and missing both give 404)."""

from django.views import View

from governance.downloads import PDF, download_response
from portfolio.proposals.documents import proposal_memo_pdf
from portfolio.proposals.selectors import proposal_calculation_or_problems, proposal_detail


class ProposalMemoView(View):
    def get(self, request, *args, **kwargs):
        proposal = proposal_detail(user=request.user, pk=kwargs["pk"])
        results, problems = proposal_calculation_or_problems(proposal)
        return download_response(
            proposal_memo_pdf(proposal, results, problems=problems),
            filename=f"memo-{proposal.reference}.pdf",
            content_type=PDF,
            inline=True,
        )
