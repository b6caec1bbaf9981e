"""The benefit calculation editor: cost and benefit formsets saved all or nothing, with results that
recalculate while the user types (htmx posts the unsaved rows to the preview endpoint)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from governance.exceptions import ConcurrentEditError
from portfolio.proposals.forms import SECTIONS, VersionForm, line_formsets
from portfolio.proposals.selectors import proposal_calculation_or_problems
from portfolio.proposals.services import LinesInvalid, proposal_assert_editable, proposal_lines_save
from portfolio.proposals.views.figures import results_context
from portfolio.proposals.views.proposals import ProposalObjectMixin


def calculate_unsaved(proposal, cost_lines, benefit_lines):
    return proposal_calculation_or_problems(proposal, cost_lines=cost_lines, benefit_lines=benefit_lines)


def typed_results_context(proposal, costs, benefits) -> dict:
    """`results_context` for the two bound formsets as typed: valid rows count, invalid ones list their errors."""
    cost_lines, cost_errors = costs.rows_as_typed()
    benefit_lines, benefit_errors = benefits.rows_as_typed()
    results, problems = calculate_unsaved(proposal, cost_lines, benefit_lines)
    return results_context(proposal, results=results, problems=problems, row_errors=cost_errors + benefit_errors)


class EditableProposalMixin(ProposalObjectMixin):
    """A page that changes the proposal's figures. Hidden proposals give 404 (get_proposal); visible but not
    editable ones 403 with the reason, by the rule the services apply (`proposal_assert_editable`: the
    owning ICT group, an editable state, the plan year's cycle not locked)."""

    def dispatch(self, request, *args, **kwargs):
        proposal_assert_editable(proposal=self.get_proposal(), user=request.user)
        return super().dispatch(request, *args, **kwargs)


class ProposalCalculationView(EditableProposalMixin, View):
    """GET: the editor with the saved lines and results. POST: the formsets' unsaved lines and deletions
    (Django's `save(commit=False)` and `deleted_objects`) go to `proposal_lines_save` in one call (all or
    nothing, version-checked); on any error the page shows it on its row, with every row as typed."""

    template_name = "portfolio/proposals/calculation.html"

    def render(self, costs, benefits, version_form):
        proposal = self.get_proposal()
        if costs.is_bound:
            ctx = typed_results_context(proposal, costs, benefits)
        else:
            results, problems = calculate_unsaved(proposal, None, None)
            ctx = results_context(proposal, results=results, problems=problems)
        ctx.update(sections=[(key, label) for key, (label, _form) in SECTIONS.items()])
        ctx.update(
            costs=costs,
            benefits=benefits,
            version_form=version_form,
            page_title=_("Benefit calculation: %(proposal)s") % {"proposal": proposal},
            breadcrumbs=self.crumbs(_("Benefit calculation")),
        )
        return TemplateResponse(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        costs, benefits = line_formsets(proposal)
        return self.render(costs, benefits, VersionForm(initial={"expected_version": proposal.version}))

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        costs, benefits = line_formsets(proposal, request.POST)
        version_form = VersionForm(request.POST)
        if not all([costs.is_valid(), benefits.is_valid(), version_form.is_valid()]):
            return self.render(costs, benefits, version_form)
        cost_lines, benefit_lines = costs.save(commit=False), benefits.save(commit=False)
        try:
            proposal_lines_save(
                proposal=proposal,
                actor=request.user,
                expected_version=version_form.cleaned_data["expected_version"],
                cost_lines=cost_lines,
                benefit_lines=benefit_lines,
                deleted=[*costs.deleted_objects, *benefits.deleted_objects],
            )
        except ConcurrentEditError as exc:
            version_form.add_error(None, exc)
        except LinesInvalid as exc:
            for form in [*costs.forms, *benefits.forms]:
                if (error := exc.for_line(form.instance)) is not None:
                    form.add_line_error(error)
        else:
            messages.success(request, _("The benefit calculation was saved."))
            return redirect("portfolio:proposal-calculation", pk=proposal.pk)
        return self.render(costs, benefits, version_form)


class ProposalCalculationPreviewView(EditableProposalMixin, View):
    """htmx: the results partial for the rows as typed (nothing is saved); invalid rows list their errors.
    Open to those who may save the calculation, by the same rule as the editor."""

    template_name = "portfolio/proposals/_calculation_results.html"

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        costs, benefits = line_formsets(proposal, request.POST)
        return TemplateResponse(request, self.template_name, typed_results_context(proposal, costs, benefits))
