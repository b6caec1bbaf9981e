"""The benefit calculation editor: cost and benefit formsets saved all or nothing, with results that
recalculate while the user types (htmx posts the unsaved rows to the preview endpoint)."""

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from governance.charts import bar_chart, to_svg
from governance.exceptions import ConcurrentEditError
from portfolio.proposals import calculations as calc
from portfolio.proposals.forms import SECTIONS, VersionForm, line_formsets
from portfolio.proposals.selectors import proposal_calculation, proposal_scenario_table
from portfolio.proposals.services import proposal_assert_editable, proposal_lines_save
from portfolio.proposals.views.proposals import ProposalObjectMixin


def chart_data_uri(drawing, *, title: str) -> str:
    """The SVG as a data: URI for an <img> (its inline styles stay inside the image, so the CSP holds)."""
    svg = to_svg(drawing, title=title)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def results_context(proposal, *, results: dict | None = None, problems=(), row_errors=()) -> dict:
    """What `_calculation_results.html` shows: scenarios side by side, per stakeholder, per year, a chart."""
    ctx = {"proposal": proposal, "calc_problems": list(problems), "row_errors": list(row_errors),
           "start_year": proposal.target_cycle.plan_year}
    if results is None:
        return ctx
    base = results[calc.Scenario.BASE]
    start = proposal.target_cycle.plan_year
    yearly = [
        {"index": i, "year": start + i, "cost": base.costs_by_year[i], "benefit": base.benefits_by_year[i],
         "net": base.net_by_year[i], "cumulative": base.cumulative_net_by_year[i]}
        for i in range(base.period_years)
    ]
    stakeholder_labels = dict(_stakeholder_choices())
    stakeholders = [
        {"label": stakeholder_labels.get(key, key or _("Not stated")), "result": value,
         "low": results[calc.Scenario.LOW].by_stakeholder[key].total_benefit,
         "high": results[calc.Scenario.HIGH].by_stakeholder[key].total_benefit}
        for key, value in base.by_stakeholder.items()
    ]
    title = _("Costs and monetary benefits per year (base scenario)")
    chart = bar_chart([(str(row["year"]), max(row["benefit"], 0)) for row in yearly],
                      compare=[max(row["cost"], 0) for row in yearly])
    ctx.update(results=results, base=base, scenario_rows=proposal_scenario_table(results), yearly=yearly,
               stakeholders=stakeholders, chart_src=chart_data_uri(chart, title=title), chart_title=title)
    return ctx


def _stakeholder_choices():
    from portfolio.proposals.models import Stakeholder

    return Stakeholder.choices


def formset_lines(costs, benefits):
    """Valid, not deleted rows of the two formsets as unsaved line instances, and the row errors."""
    cost_lines, benefit_lines, errors = [], [], []
    for label, formset, target in ((_("Cost plan"), costs, cost_lines), (_("Benefits"), benefits, benefit_lines)):
        formset.is_valid()  # cleans every row (a row's own errors stay on the row)
        for number, form in enumerate(formset.forms, start=1):
            if not form.has_changed() and not form.instance.pk:
                continue
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if form.is_valid():
                target.append(form.instance)
            else:
                for field, messages_ in form.errors.items():
                    name = form.fields[field].label if field in form.fields else ""
                    for message in messages_:
                        errors.append({"where": _("%(plan)s, row %(n)s") % {"plan": label, "n": number},
                                       "field": name, "message": message})
    return cost_lines, benefit_lines, errors


def calculate_unsaved(proposal, cost_lines, benefit_lines):
    try:
        return proposal_calculation(proposal, cost_lines=cost_lines, benefit_lines=benefit_lines), ()
    except calc.CalculationError as exc:
        return None, exc.problems


class ProposalCalculationView(ProposalObjectMixin, View):
    """GET: the editor with the saved lines and results. POST: save both formsets through
    `proposal_lines_save` (all or nothing, version-checked); on any error the page shows it with every
    row as typed."""

    template_name = "portfolio/proposals/calculation.html"

    def dispatch(self, request, *args, **kwargs):
        # Hidden proposals give 404 (get_proposal); visible but not editable ones 403 with the reason.
        proposal_assert_editable(proposal=self.get_proposal(), user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def render(self, costs, benefits, version_form, *, status=200, results=None, problems=(), row_errors=()):
        proposal = self.get_proposal()
        if results is None and not problems:
            results, problems = calculate_unsaved(proposal, None, None) if not costs.is_bound else (None, ())
        ctx = results_context(proposal, results=results, problems=problems, row_errors=row_errors)
        ctx.update(sections=[(key, label) for key, (label, _form) in SECTIONS.items()])
        ctx.update(costs=costs, benefits=benefits, version_form=version_form, page_title=_(
            "Benefit calculation: %(proposal)s") % {"proposal": proposal},
            breadcrumbs=self.crumbs(_("Benefit calculation")))
        return TemplateResponse(self.request, self.template_name, ctx, status=status)

    def get(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        costs, benefits = line_formsets(proposal)
        return self.render(costs, benefits, VersionForm(initial={"expected_version": proposal.version}))

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        costs, benefits = line_formsets(proposal, request.POST)
        version_form = VersionForm(request.POST)
        valid = all([costs.is_valid(), benefits.is_valid(), version_form.is_valid()])
        if valid:
            forms_by_index, save, delete = [], [], []
            for formset in (costs, benefits):
                for form in formset.forms:
                    if formset._should_delete_form(form):
                        if form.instance.pk:
                            delete.append(form.instance)
                        continue
                    if form.has_changed():
                        save.append(form.instance)
                        forms_by_index.append(form)
            try:
                proposal_lines_save(proposal=proposal, actor=request.user,
                                    expected_version=version_form.cleaned_data["expected_version"],
                                    save=save, delete=delete)
            except ConcurrentEditError as exc:
                version_form.add_error(None, exc)
            except ValidationError as exc:
                for key, msgs in exc.message_dict.items():
                    index = int(key.split("-")[1]) if key.startswith("line-") else None
                    target = forms_by_index[index] if index is not None else version_form
                    for m in msgs:
                        target.add_error(None, m)
            else:
                messages.success(request, _("The benefit calculation was saved."))
                return redirect("portfolio:proposal-calculation", pk=proposal.pk)
        cost_lines, benefit_lines, row_errors = formset_lines(costs, benefits)
        results, problems = calculate_unsaved(proposal, cost_lines, benefit_lines)
        return self.render(costs, benefits, version_form, status=200, results=results, problems=problems,
                           row_errors=row_errors)


class ProposalCalculationPreviewView(ProposalObjectMixin, View):
    """htmx: the results partial for the rows as typed (nothing is saved); invalid rows list their errors."""

    template_name = "portfolio/proposals/_calculation_results.html"

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        if not request.user.has_perm("portfolio.change_proposal", proposal):
            raise PermissionDenied
        costs, benefits = line_formsets(proposal, request.POST)
        try:
            cost_lines, benefit_lines, row_errors = formset_lines(costs, benefits)
        except ValidationError:  # a tampered management form
            cost_lines, benefit_lines, row_errors = [], [], [{"where": "", "field": "", "message": _(
                "The form was incomplete; reload the page.")}]
        results, problems = calculate_unsaved(proposal, cost_lines, benefit_lines)
        ctx = results_context(proposal, results=results, problems=problems, row_errors=row_errors)
        return TemplateResponse(request, self.template_name, ctx)
