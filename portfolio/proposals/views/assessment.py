"""The board's assessment pages: risk register, financing decision and recommendation (board only,
while the proposal is submitted or under assessment; the services enforce it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View

from governance.forms import ConfirmForm, add_service_errors
from portfolio.proposals.forms import FinancingForm, RecommendationForm, RiskForm
from portfolio.proposals.models import FinancingDecision, Risk
from portfolio.proposals.services import (
    financing_decision_delete,
    financing_decision_save,
    proposal_recommendation_save,
    risk_delete,
    risk_save,
)
from portfolio.proposals.views.proposals import ProposalObjectMixin

FORM_PAGE = "portfolio/proposals/form_page.html"


class AssessmentMixin(ProposalObjectMixin):
    """Refuses (403) everyone but the assessing board while the proposal can be assessed."""

    permission = "portfolio.change_assessment"

    def dispatch(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        if not request.user.has_perm(self.permission, proposal):
            raise PermissionDenied(
                _(
                    "Only the board assessing %(proposal)s may change its assessment, while it is "
                    "submitted or under assessment."
                )
                % {"proposal": proposal}
            )
        return super().dispatch(request, *args, **kwargs)

    def page(self, form, title, *, submit_label=None, intro=""):
        proposal = self.get_proposal()
        ctx = {
            "form": form,
            "proposal": proposal,
            "page_title": title,
            "intro": intro,
            "submit_label": submit_label or _("Save"),
            "back_url": proposal.get_absolute_url() + "#assessment",
            "breadcrumbs": self.crumbs(title),
        }
        return TemplateResponse(self.request, FORM_PAGE, ctx)

    def done(self, message):
        messages.success(self.request, message)
        return redirect(self.get_proposal().get_absolute_url() + "#assessment")


class RiskEditView(AssessmentMixin, View):
    def get_risk(self):
        if "risk_pk" in self.kwargs:
            return get_object_or_404(Risk, pk=self.kwargs["risk_pk"], proposal=self.get_proposal())
        return Risk(proposal=self.get_proposal())

    def title(self, risk):
        return _("Edit risk") if risk.pk else _("Add a risk")

    def get(self, request, *args, **kwargs):
        risk = self.get_risk()
        return self.page(RiskForm(instance=risk), self.title(risk))

    def post(self, request, *args, **kwargs):
        risk = self.get_risk()
        form = RiskForm(request.POST, instance=risk)
        if form.is_valid():
            try:
                risk_save(risk=form.save(commit=False), actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done(_("The risk was saved."))
        return self.page(form, self.title(risk))


class RiskDeleteView(AssessmentMixin, View):
    def get_risk(self):
        return get_object_or_404(Risk, pk=self.kwargs["risk_pk"], proposal=self.get_proposal())

    def get(self, request, *args, **kwargs):
        risk = self.get_risk()
        return self.page(
            ConfirmForm(),
            _("Delete risk"),
            submit_label=_("Delete"),
            intro=_("Delete the risk “%(risk)s”? This cannot be undone.") % {"risk": risk.description},
        )

    def post(self, request, *args, **kwargs):
        risk = self.get_risk()
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            return self.page(form, _("Delete risk"), submit_label=_("Delete"))
        risk_delete(risk=risk, actor=request.user)
        return self.done(_("The risk was deleted."))


class FinancingEditView(AssessmentMixin, View):
    def get_financing(self):
        if "financing_pk" in self.kwargs:
            return get_object_or_404(
                FinancingDecision.objects.prefetch_related("amounts"),
                pk=self.kwargs["financing_pk"],
                proposal=self.get_proposal(),
            )
        return FinancingDecision(proposal=self.get_proposal())

    def title(self, financing):
        return _("Edit financing decision") if financing.pk else _("Record the financing decision")

    def get(self, request, *args, **kwargs):
        financing = self.get_financing()
        return self.page(FinancingForm(instance=financing, proposal=self.get_proposal()), self.title(financing))

    def post(self, request, *args, **kwargs):
        financing = self.get_financing()
        form = FinancingForm(request.POST, instance=financing, proposal=self.get_proposal())
        if form.is_valid():
            try:
                financing_decision_save(financing=form.save(commit=False), amounts=form.amounts(), actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done(_("The financing decision was saved."))
        return self.page(form, self.title(financing))


class FinancingDeleteView(AssessmentMixin, View):
    def get_financing(self):
        return get_object_or_404(FinancingDecision, pk=self.kwargs["financing_pk"], proposal=self.get_proposal())

    def get(self, request, *args, **kwargs):
        financing = self.get_financing()
        return self.page(
            ConfirmForm(),
            _("Delete financing decision"),
            submit_label=_("Delete"),
            intro=_("Delete the financing decision “%(f)s”? This cannot be undone.") % {"f": financing},
        )

    def post(self, request, *args, **kwargs):
        financing = self.get_financing()
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            return self.page(form, _("Delete financing decision"), submit_label=_("Delete"))
        financing_decision_delete(financing=financing, actor=request.user)
        return self.done(_("The financing decision was deleted."))


class RecommendationView(AssessmentMixin, View):
    def form(self, data=None):
        proposal = self.get_proposal()
        return RecommendationForm(
            data,
            proposal=proposal,
            initial={"recommendation": proposal.recommendation, "decision": proposal.recommendation_decision_id},
        )

    def get(self, request, *args, **kwargs):
        return self.page(self.form(), _("The board's recommendation"))

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            proposal_recommendation_save(
                proposal=self.get_proposal(),
                actor=request.user,
                recommendation=form.cleaned_data["recommendation"],
                decision=form.cleaned_data["decision"],
            )
            return self.done(_("The recommendation was saved."))
        return self.page(form, _("The board's recommendation"))
