"""The proposal import page and its template download (the rules are in `portfolio.proposals.imports`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from governance.downloads import XLSX, download_response
from governance.views.mixins import BreadcrumbMixin
from portfolio.proposals import imports
from portfolio.proposals.forms import ProposalImportForm


class ProposalImportView(BreadcrumbMixin, FormView):
    """ICT-group members upload proposals into drafts of their own groups."""

    template_name = "portfolio/imports/proposal_import.html"
    form_class = ProposalImportForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("portfolio.add_proposal"):
            raise PermissionDenied(_("Only members of an ICT group import proposals."))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        report = imports.proposals_import(file=form.cleaned_data["file"], actor=self.request.user)
        if report.ok:
            messages.success(
                self.request,
                _("Imported %(n)s proposals as drafts with %(costs)s cost lines and %(benefits)s benefit lines.")
                % {"n": len(report.proposals), "costs": report.cost_lines, "benefits": report.benefit_lines},
            )
            return redirect("portfolio:proposal-mine")
        return self.render_to_response(self.get_context_data(form=form, report=report), status=400)

    def get_breadcrumbs(self):
        return [(gettext_lazy("Proposals"), reverse("portfolio:proposal-list")), (_("Import"), None)]


class ProposalImportTemplateView(View):
    def get(self, request, *args, **kwargs):
        return download_response(
            imports.import_template_bytes(), filename="proposal-import-template.xlsx", content_type=XLSX
        )
