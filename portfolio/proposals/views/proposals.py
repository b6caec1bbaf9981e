"""Proposal pages: the three lists, the proposal page, creating a draft and editing it section by section.

Views parse input and call one service or selector; rules live in services, workflows and rules.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from governance.exceptions import ConcurrentEditError
from governance.forms import add_service_errors
from governance.views.base import ObjectPermissionMixin
from governance.views.history import HistoryView
from governance.views.mixins import BreadcrumbMixin, FilteredTableView
from governance.workflow import state_changes_for
from portfolio.proposals.filters import ProposalFilter
from portfolio.proposals.forms import SECTIONS, ProposalCreateForm
from portfolio.proposals.models import Proposal, ProposalState
from portfolio.proposals.selectors import (
    board_inbox,
    proposal_calculation_or_problems,
    proposal_detail,
    proposal_get,
    proposal_list,
    proposal_rows,
    proposals_of_my_groups,
)
from portfolio.proposals.services import (
    proposal_assert_editable,
    proposal_create,
    proposal_is_editable,
    proposal_save,
)
from portfolio.proposals.tables import ProposalTable
from portfolio.proposals.views.figures import results_context
from portfolio.proposals.workflows import PROPOSAL_WORKFLOW, proposal_unmet_preconditions

PROPOSALS = (gettext_lazy("Proposals"), reverse_lazy("portfolio:proposal-list"))


class ProposalObjectMixin:
    """Fetches the proposal of `kwargs["pk"]` through visibility once per request (hidden and missing: 404)."""

    def get_proposal(self) -> Proposal:
        if not hasattr(self, "_proposal"):
            self._proposal = proposal_get(user=self.request.user, pk=self.kwargs["pk"])
        return self._proposal

    def crumbs(self, label) -> list:
        proposal = self.get_proposal()
        return [PROPOSALS, (str(proposal), proposal.get_absolute_url()), (label, None)]


# Lists ---------------------------------------------------------------------------------------------


class ProposalListBase(ObjectPermissionMixin, FilteredTableView):
    """A proposal list: the filtered proposals as `.values()` rows in the lean table, one COUNT."""

    permission_required = "portfolio.view_proposal"
    table_class = ProposalTable
    filterset_class = ProposalFilter
    template_name = "portfolio/proposals/proposal_list.html"
    export_filename = "proposals"
    list_name = "proposal-list"

    def get_queryset(self):
        return proposal_list(user=self.request.user)

    def get_table_data(self):
        return proposal_rows(queryset=self.object_list)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["list_name"] = self.list_name
        ctx["may_create"] = self.request.user.has_perm("portfolio.add_proposal")
        return ctx

    def get_breadcrumbs(self):
        return [(self.page_title, None)]


class ProposalListView(ProposalListBase):
    page_title = gettext_lazy("All proposals")


class MyProposalListView(ProposalListBase):
    page_title = gettext_lazy("My group's proposals")
    list_name = "proposal-mine"
    export_filename = "my-proposals"

    def get_queryset(self):
        return proposals_of_my_groups(user=self.request.user)


class BoardInboxView(ProposalListBase):
    page_title = gettext_lazy("Awaiting our assessment")
    list_name = "proposal-inbox"
    export_filename = "board-inbox"

    def get_queryset(self):
        return board_inbox(user=self.request.user)


# The proposal page ---------------------------------------------------------------------------------


def project_url(proposal: Proposal) -> str:
    project = getattr(proposal, "project", None) if proposal.state == ProposalState.APPROVED else None
    if project is None:
        return ""
    return project.get_absolute_url()


class ProposalDetailView(ProposalObjectMixin, BreadcrumbMixin, TemplateView):
    """Everything about a proposal: sections, lines, results, assessment, state and history."""

    template_name = "portfolio/proposals/proposal_detail.html"

    def get_proposal(self) -> Proposal:
        if not hasattr(self, "_proposal"):
            self._proposal = proposal_detail(user=self.request.user, pk=self.kwargs["pk"])
        return self._proposal

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        proposal = self.get_proposal()
        user = self.request.user
        results, problems = proposal_calculation_or_problems(proposal)
        ctx.update(results_context(proposal, results=results, problems=problems))
        editable = proposal_is_editable(proposal, user)
        ctx.update(
            proposal=proposal,
            editable=editable,
            sections=[(key, label) for key, (label, _form) in SECTIONS.items()],
            transition_bar=PROPOSAL_WORKFLOW.bar(proposal, user),
            submit_missing=proposal_unmet_preconditions(proposal=proposal, action="submit"),
            recommend_missing=proposal_unmet_preconditions(proposal=proposal, action="recommend"),
            may_assess=user.has_perm("portfolio.change_assessment", proposal),
            state_changes=state_changes_for(proposal),
            project_url=project_url(proposal),
        )
        return ctx

    def get_breadcrumbs(self):
        return [PROPOSALS, (str(self.get_proposal()), None)]


class ProposalHistoryView(HistoryView):
    """Field history and workflow state changes, through visibility (hidden drafts: 404)."""

    model = Proposal

    def get_queryset(self):
        return Proposal.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        if not hasattr(self, "_cached_object"):
            self._cached_object = super().get_object(queryset)
        return self._cached_object


# Writing a proposal --------------------------------------------------------------------------------


class ProposalCreateView(BreadcrumbMixin, View):
    """A new draft from its basics (owning group defaults to the author's ICT group)."""

    template_name = "portfolio/proposals/proposal_create.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("portfolio.add_proposal"):
            raise PermissionDenied(_("Only members of an ICT group write proposals."))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        ctx = {
            "form": form,
            "page_title": _("New proposal"),
            "back_url": reverse("portfolio:proposal-mine"),
            "breadcrumbs": [PROPOSALS, (_("New proposal"), None)],
        }
        return TemplateResponse(self.request, self.template_name, ctx, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(ProposalCreateForm(user=request.user))

    def post(self, request, *args, **kwargs):
        form = ProposalCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                proposal = proposal_create(author=request.user, **data)
            except PermissionDenied as exc:
                form.add_error("owning_group", str(exc) or _("You may not write proposals for this group."))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The draft %(ref)s was created. Continue with the needs analysis; "
                        "every section can be saved unfinished."
                    )
                    % {"ref": proposal.reference},
                )
                return redirect("portfolio:proposal-section", pk=proposal.pk, section="needs")
        return self.render(form)


class ProposalSectionView(ProposalObjectMixin, View):
    """One section of the proposal with its own save (`proposal_save`, version-checked). A stale save is
    refused with a message and the form keeps everything the user typed."""

    template_name = "portfolio/proposals/proposal_section.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["section"] not in SECTIONS:
            raise Http404
        proposal_assert_editable(proposal=self.get_proposal(), user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_class(self):
        return SECTIONS[self.kwargs["section"]][1]

    def render(self, form):
        key = self.kwargs["section"]
        label = SECTIONS[key][0]
        proposal = self.get_proposal()
        ctx = {
            "form": form,
            "proposal": proposal,
            "section": key,
            "section_label": label,
            "sections": [(k, lab) for k, (lab, _f) in SECTIONS.items()],
            "page_title": _("%(section)s: %(proposal)s") % {"section": label, "proposal": proposal},
            "breadcrumbs": self.crumbs(label),
        }
        return TemplateResponse(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        return self.render(self.form_class()(instance=self.get_proposal(), user=request.user))

    def post(self, request, *args, **kwargs):
        form = self.form_class()(request.POST, instance=self.get_proposal(), user=request.user)
        if form.is_valid():
            proposal = form.save(commit=False)
            try:
                proposal_save(
                    proposal=proposal,
                    actor=request.user,
                    expected_version=form.cleaned_data.get("expected_version") or 1,
                    **form.relations(),
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You may not change this proposal."))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(section)s saved.") % {"section": SECTIONS[self.kwargs["section"]][0]})
                keys = list(SECTIONS)
                index = keys.index(self.kwargs["section"])
                if "save_next" in request.POST and index + 1 < len(keys):
                    return redirect("portfolio:proposal-section", pk=proposal.pk, section=keys[index + 1])
                if "save_next" in request.POST:
                    return redirect("portfolio:proposal-calculation", pk=proposal.pk)
                return redirect("portfolio:proposal-section", pk=proposal.pk, section=self.kwargs["section"])
        return self.render(form)
