"""Workflow actions on a proposal: one view for every transition, through `proposal_transition`.

The Transition says how it is offered: actions that post straight from the transition bar (submit, start
assessment, recommend) or have a page of their own (return, reject and defer ask for a reason and the later
cycle, withdraw for a confirmation, approve for the leadership group's decision). A refused action shows every
reason and keeps what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from governance.exceptions import TransitionNotAllowed
from portfolio.proposals.forms import TransitionForm
from portfolio.proposals.views.proposals import ProposalObjectMixin
from portfolio.proposals.workflows import PROPOSAL_WORKFLOW, proposal_transition


class ProposalTransitionView(ProposalObjectMixin, View):
    template_name = "portfolio/proposals/transition.html"

    def get_transition(self):
        try:
            return PROPOSAL_WORKFLOW.get(self.kwargs["action"])
        except TransitionNotAllowed:
            raise Http404 from None

    def dispatch(self, request, *args, **kwargs):
        transition = self.get_transition()
        proposal = self.get_proposal()
        if not request.user.has_perm(transition.permission, proposal):
            raise PermissionDenied(_("You may not do “%(action)s” here.") % {"action": transition.label})
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, reasons=(), status=200):
        transition = self.get_transition()
        proposal = self.get_proposal()
        ctx = {
            "form": form,
            "proposal": proposal,
            "transition": transition,
            "reasons": list(reasons),
            "page_title": _("%(action)s: %(proposal)s") % {"action": transition.label, "proposal": proposal},
            "breadcrumbs": self.crumbs(transition.label),
            "back_url": proposal.get_absolute_url(),
        }
        return TemplateResponse(self.request, self.template_name, ctx, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(TransitionForm(proposal=self.get_proposal(), transition=self.get_transition()))

    def post(self, request, *args, **kwargs):
        transition = self.get_transition()
        proposal = self.get_proposal()
        form = TransitionForm(request.POST, proposal=proposal, transition=transition)
        if not form.is_valid():
            return self.render(form, status=400 if transition.posts_directly else 200)
        data = form.cleaned_data
        try:
            updated = proposal_transition(
                proposal=proposal,
                action=transition.action,
                actor=request.user,
                comment=data.get("comment", ""),
                to_cycle=data.get("to_cycle"),
                decision=data.get("decision"),
            )
        except TransitionNotAllowed as exc:
            return self.render(form, reasons=exc.messages, status=409)
        messages.success(
            request,
            _("Done: %(action)s. The proposal is now %(state)s.")
            % {"action": transition.label, "state": str(updated.get_state_display()).lower()},
        )
        return redirect(proposal.get_absolute_url())
