"""Procurement case pages: list, create, detail, edit, checklist item, phase gate, decision, valuation,
reuse check, system registration, follow-ups, evidence download, audit pack and overview.

Views parse input, call one service and show the result; rules and audit writes live in the services.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from governance.downloads import PDF, download_response
from governance.exceptions import ConcurrentEditError, TransitionNotAllowed
from governance.forms import ConfirmForm, add_service_errors
from governance.views.mixins import BreadcrumbMixin, FilteredTableView
from maintenance_plans.models import OperationForm, System
from portfolio.models import Proposal

from .. import documents, reuse, selectors, services
from ..filters import CaseFilter
from ..forms import (
    CaseCreateForm,
    CaseEditForm,
    CaseItemForm,
    DecisionForm,
    FollowUpForm,
    OptionFormSet,
    RegisterSystemForm,
    ReuseForm,
    ValuationConfirmForm,
    WeightsForm,
)
from ..models import CaseItem, ContractFollowUp, OperationFormValuation, ReuseCheck
from ..tables import CaseTable
from ..workflows import ADVANCE, case_advance_phase, case_workflow, gate_blockers, next_transition


def cases_crumb():
    return (_("Procurement cases"), reverse("procurement:case-list"))


class CaseMixin(BreadcrumbMixin):
    """Fetches the case through visibility (404 for hidden and missing) and checks `permission`."""

    permission = "procurement.view_procurementcase"

    def dispatch(self, request, *args, **kwargs):
        self.case = selectors.case_get(user=request.user, pk=kwargs["pk"])
        if not request.user.has_perm(self.permission, self.case):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def case_crumbs(self, last: str):
        return [cases_crumb(), (self.case.reference, self.case.get_absolute_url()), (last, None)]

    def form_page(self, request, form, *, title: str, template: str = "procurement/form_page.html", **extra):
        ctx = {
            "form": form,
            "case": self.case,
            "page_title": title,
            "back_url": self.case.get_absolute_url(),
            "breadcrumbs": self.case_crumbs(title),
            **extra,
        }
        return render(request, template, ctx)


class CaseListView(FilteredTableView):
    table_class = CaseTable
    filterset_class = CaseFilter
    template_name = "procurement/case_list.html"
    export_filename = "procurement-cases"

    @property
    def page_title(self):
        return _("Procurement cases")

    def get_queryset(self):
        return selectors.case_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [(self.page_title, None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = self.request.user.has_perm("procurement.add_procurementcase")
        return ctx


class CaseCreateView(BreadcrumbMixin, View):
    """Open a case from a proposal (?proposal=) or a system (?system=)."""

    template_name = "procurement/form_page.html"

    def initial(self, request):
        initial = {"responsible": request.user.pk}
        proposal_id, system_id = request.GET.get("proposal"), request.GET.get("system")
        if proposal_id and proposal_id.isdigit():
            proposal = Proposal.objects.visible_to(request.user).filter(pk=proposal_id).first()
            if proposal:
                initial.update(
                    proposal=proposal.pk,
                    title=proposal.title,
                    description=proposal.description,
                    estimated_value=proposal.total_cost,
                )
        if system_id and system_id.isdigit():
            system = System.objects.filter(pk=system_id).first()
            if system:
                initial.update(
                    system=system.pk, title=initial.get("title") or _("New contract for %(s)s") % {"s": system.name}
                )
        return initial

    def render_form(self, request, form):
        title = _("Open a procurement case")
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "page_title": title,
                "back_url": reverse("procurement:case-list"),
                "breadcrumbs": [cases_crumb(), (title, None)],
                "submit_label": _("Open the case"),
                "intro": _("The case gets the checklist of the current version of the procurement model."),
            },
        )

    def get(self, request):
        if not request.user.has_perm("procurement.add_procurementcase"):
            raise PermissionDenied
        return self.render_form(request, CaseCreateForm(user=request.user, initial=self.initial(request)))

    def post(self, request):
        form = CaseCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_create(
                    actor=request.user,
                    title=data["title"],
                    description=data["description"],
                    proposal=data["proposal"],
                    system=data["system"],
                    estimated_value=data["estimated_value"],
                    contract_months=data["contract_months"],
                    procedure=data["procedure"],
                    responsible=data["responsible"],
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("You may not open a procurement case for this proposal or system."))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Procurement case %(ref)s opened.") % {"ref": case.reference})
                return redirect(case)
        return self.render_form(request, form)


class CaseDetailView(CaseMixin, TemplateView):
    template_name = "procurement/case_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(selectors.case_detail(case=self.case))
        ctx["case"] = self.case
        ctx["can_work"] = user.has_perm("procurement.work_procurementcase", self.case)
        ctx["can_waive"] = user.has_perm("procurement.waive_caseitem", self.case)
        ctx["can_decide"] = user.has_perm("procurement.record_procurementdecision", self.case)
        ctx["transition_bar"] = case_workflow.bar(self.case, user)
        ctx["valuation_result"] = services.valuation_result(ctx["valuation"]) if ctx["valuation"] else None
        ctx["breadcrumbs"] = [cases_crumb(), (self.case.reference, None)]
        return ctx


class CaseUpdateView(CaseMixin, View):
    permission = "procurement.change_procurementcase"

    def get(self, request, pk):
        return self.form_page(request, CaseEditForm(instance=self.case), title=_("Edit the case"))

    def post(self, request, pk):
        form = CaseEditForm(request.POST, instance=self.case)
        if form.is_valid() and form.save_versioned() is not None:
            messages.success(request, _("Saved."))
            return redirect(self.case)
        return self.form_page(request, form, title=_("Edit the case"))


class CaseItemUpdateView(View):
    """One checklist item: status, evidence or reason. With htmx, the item row is swapped in place."""

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(
            CaseItem.objects.visible_to(request.user).select_related(
                "case__responsible", "case__proposal", "completed_by"
            ),
            pk=kwargs["pk"],
        )
        self.case = self.item.case
        if not request.user.has_perm("procurement.work_procurementcase", self.case):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, request, form):
        may_waive = request.user.has_perm("procurement.waive_caseitem", self.case)
        ctx = {
            "form": form,
            "item": self.item,
            "case": self.case,
            "may_waive": may_waive,
            "page_title": self.item.text,
            "back_url": self.case.get_absolute_url() + f"#item-{self.item.pk}",
            "breadcrumbs": [cases_crumb(), (self.case.reference, self.case.get_absolute_url()), (self.item.text, None)],
        }
        template = "procurement/includes/item_form.html" if request.htmx else "procurement/item_form.html"
        return render(request, template, ctx)

    def get(self, request, pk):
        may_waive = request.user.has_perm("procurement.waive_caseitem", self.case)
        return self.render_form(request, CaseItemForm(item=self.item, may_waive=may_waive))

    def post(self, request, pk):
        may_waive = request.user.has_perm("procurement.waive_caseitem", self.case)
        form = CaseItemForm(request.POST, request.FILES, item=self.item, may_waive=may_waive)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.case_item_set_status(
                    item=self.item,
                    actor=request.user,
                    status=data["status"],
                    evidence_text=data["evidence_text"],
                    evidence_link=data["evidence_link"],
                    evidence_file=data["evidence_file"],
                    reason=data["reason"],
                    expected_version=data.get("expected_version"),
                )
            except PermissionDenied as exc:
                form.add_error("status", str(exc) or _("You may not do this."))
            except ValidationError as exc:
                if isinstance(exc, ConcurrentEditError):
                    form.add_error(None, exc)
                else:
                    add_service_errors(form, exc)
                    if "evidence_file" not in form.errors and getattr(exc, "code", None) in (
                        "too_large",
                        "content",
                        "extension",
                        "empty",
                    ):
                        form.add_error("evidence_file", exc)
            else:
                if request.htmx:
                    response = render(
                        request,
                        "procurement/includes/item_row.html",
                        {"item": item, "case": self.case, "can_work": True, "saved": True},
                    )
                    response["HX-Retarget"] = f"#item-{item.pk}"
                    response["HX-Reswap"] = "outerHTML"
                    return response
                messages.success(request, _("“%(item)s” saved.") % {"item": item.text})
                return redirect(self.case.get_absolute_url() + f"#item-{item.pk}")
        return self.render_form(request, form)


class CaseAdvanceView(CaseMixin, View):
    """The phase gate: a confirmation page that lists the blockers, then POST moves the case on."""

    permission = ADVANCE

    def page(self, request, form):
        transition = next_transition(self.case)
        title = str(transition.label) if transition else _("The case is closed")
        return self.form_page(
            request,
            form,
            title=title,
            template="procurement/advance.html",
            blockers=gate_blockers(self.case),
            transition=transition,
            submit_label=title,
        )

    def get(self, request, pk):
        return self.page(request, ConfirmForm())

    def post(self, request, pk):
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            return self.page(request, form)
        try:
            case = case_advance_phase(case=self.case, actor=request.user, comment=request.POST.get("comment", ""))
        except TransitionNotAllowed as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.page(request, form)
        messages.success(request, _("The case is now in the phase “%(phase)s”.") % {"phase": case.get_phase_display()})
        return redirect(case)


class DecisionRecordView(CaseMixin, View):
    permission = "procurement.record_procurementdecision"

    def page(self, request, form):
        return self.form_page(
            request,
            form,
            title=_("Record the procurement decision"),
            template="procurement/decision_form.html",
            required_level=services.required_decision_level(self.case.estimated_value),
        )

    def get(self, request, pk):
        required = services.required_decision_level(self.case.estimated_value)
        initial = {"decided_on": timezone.localdate(), "level": required.level if required else None}
        return self.page(request, DecisionForm(initial=initial))

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decision_record(case=self.case, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect(self.case.get_absolute_url() + "#decision")
        return self.page(request, form)


WEIGHT_NAMES = ("weight_cost", "weight_risk", "weight_classification", "weight_mobility", "weight_exit")
OPTION_FIELDS = ("total_cost", "risk_score", "classification_score", "mobility_score", "exit_score", "notes")


class ValuationEditView(CaseMixin, View):
    permission = "procurement.work_procurementcase"

    def forms(self, data=None):
        valuation = OperationFormValuation.objects.filter(case=self.case).first()
        stored = {o.option: o for o in valuation.options.all()} if valuation else {}
        weights_initial = (
            {n: getattr(valuation, n) for n in WEIGHT_NAMES} | {"expected_version": valuation.version}
            if valuation
            else {n: OperationFormValuation._meta.get_field(n).default for n in WEIGHT_NAMES}
        )
        options_initial = []
        for value, _label in OperationForm.choices:
            o = stored.get(value)
            row = {"option": value, "include": o is not None or not stored}
            if o:
                row.update({f: getattr(o, f) for f in OPTION_FIELDS})
            options_initial.append(row)
        weights = WeightsForm(data, initial=weights_initial, prefix="w")
        options = OptionFormSet(data, initial=options_initial, prefix="o")
        return weights, options

    def page(self, request, weights, options):
        labels = dict(OperationForm.choices)
        rows = [(labels.get(f["option"].value(), f["option"].value()), f) for f in options]
        return self.form_page(
            request,
            weights,
            title=_("Operation-form valuation"),
            template="procurement/valuation_form.html",
            options=options,
            option_rows=rows,
        )

    def get(self, request, pk):
        return self.page(request, *self.forms())

    def post(self, request, pk):
        weights, options = self.forms(request.POST)
        if weights.is_valid() and options.is_valid():
            chosen = [
                {k: f.cleaned_data.get(k) for k in ("option", *OPTION_FIELDS)}
                for f in options
                if f.cleaned_data.get("include")
            ]
            for row in chosen:
                row["notes"] = row.get("notes") or ""
            try:
                services.valuation_save(
                    case=self.case,
                    actor=request.user,
                    weights={n: weights.cleaned_data[n] for n in WEIGHT_NAMES},
                    options=chosen,
                    expected_version=weights.cleaned_data.get("expected_version"),
                )
            except ValidationError as exc:
                add_service_errors(weights, exc)
            else:
                messages.success(request, _("The valuation is saved: confirm or override the recommendation."))
                return redirect(self.case.get_absolute_url() + "#valuation")
        return self.page(request, weights, options)


class ValuationConfirmView(CaseMixin, View):
    permission = "procurement.work_procurementcase"

    def post(self, request, pk):
        valuation = get_object_or_404(OperationFormValuation, case=self.case)
        form = ValuationConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.valuation_confirm(valuation=valuation, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The operation form is confirmed."))
                return redirect(self.case.get_absolute_url() + "#valuation")
        return self.form_page(request, form, title=_("Confirm the operation form"), submit_label=_("Confirm"))


class ReuseCheckView(CaseMixin, View):
    permission = "procurement.view_procurementcase"

    def page(self, request, form, suggestions):
        can_work = request.user.has_perm("procurement.work_procurementcase", self.case)
        return self.form_page(
            request,
            form,
            title=_("Reuse check"),
            template="procurement/reuse_check.html",
            suggestions=suggestions,
            can_work=can_work,
            existing=ReuseCheck.objects.filter(case=self.case).first(),
        )

    def get(self, request, pk):
        suggestions = reuse.reuse_suggestions(self.case, user=request.user)
        return self.page(request, ReuseForm(user=request.user), suggestions)

    def post(self, request, pk):
        if not request.user.has_perm("procurement.work_procurementcase", self.case):
            raise PermissionDenied
        suggestions = reuse.reuse_suggestions(self.case, user=request.user)
        form = ReuseForm(request.POST, user=request.user)
        if form.is_valid():
            considered = [
                {"kind": s.document.kind, "id": s.document.id, "label": s.document.label, "score": round(s.score, 3)}
                for s in suggestions
            ]
            try:
                services.reuse_check_record(
                    case=self.case, actor=request.user, suggestions=considered, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The reuse check is recorded."))
                return redirect(self.case.get_absolute_url() + "#reuse")
        return self.page(request, form, suggestions)


class RegisterSystemView(CaseMixin, View):
    permission = "procurement.work_procurementcase"

    def get(self, request, pk):
        system = self.case.system
        initial = {
            "name": self.case.title if system is None else system.name,
            "system_manager": system.system_manager_id if system else None,
            "system_owner": system.system_owner_id if system else None,
            "supplier": system.supplier if system else "",
            "administration": (self.case.proposal.administration_id if self.case.proposal_id else None),
        }
        return self.page(request, RegisterSystemForm(initial=initial))

    def page(self, request, form):
        return self.form_page(
            request,
            form,
            title=_("Register the system"),
            submit_label=_("Save in the register"),
            intro=_(
                "Creates the system in the register (or updates the case's system) with its "
                "system manager and contract dates, and plans a contract follow-up on every "
                "anniversary of the contract."
            ),
        )

    def post(self, request, pk):
        form = RegisterSystemForm(request.POST)
        if form.is_valid():
            try:
                system = services.case_register_system(case=self.case, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(system)s is registered.") % {"system": system})
                return redirect(self.case.get_absolute_url() + "#follow-ups")
        return self.page(request, form)


class FollowUpCreateView(CaseMixin, View):
    permission = "procurement.view_procurementcase"

    def get(self, request, pk):
        return self.form_page(request, FollowUpForm(), title=_("Plan a contract follow-up"))

    def post(self, request, pk):
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                services.followup_create(case=self.case, actor=request.user, **form.cleaned_data)
            except PermissionDenied:
                raise
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The follow-up is planned."))
                return redirect(self.case.get_absolute_url() + "#follow-ups")
        return self.form_page(request, form, title=_("Plan a contract follow-up"))


class FollowUpDoneView(View):
    def post(self, request, pk):
        follow_up = get_object_or_404(ContractFollowUp.objects.select_related("case"), pk=pk)
        services.followup_complete(follow_up=follow_up, actor=request.user, notes=request.POST.get("notes", ""))
        messages.success(request, _("The follow-up is marked done."))
        return redirect(follow_up.case.get_absolute_url() + "#follow-ups")


class EvidenceDownloadView(View):
    """Serves an evidence file only to people who may read its case; always as a download, never sniffed."""

    def get(self, request, pk):
        item = get_object_or_404(CaseItem.objects.visible_to(request.user).select_related("case"), pk=pk)
        if not request.user.has_perm("procurement.view_procurementcase", item.case) or not item.evidence_file:
            raise Http404
        try:
            handle = item.evidence_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=item.evidence_file_name or "evidence",
            content_type=item.evidence_content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class CasePdfView(CaseMixin, View):
    def get(self, request, pk):
        return download_response(
            documents.case_audit_pdf(self.case), filename=f"{self.case.reference}-audit.pdf", content_type=PDF
        )


class OverviewView(BreadcrumbMixin, TemplateView):
    template_name = "procurement/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.overview(user=self.request.user))
        ctx["breadcrumbs"] = [cases_crumb(), (_("Overview"), None)]
        return ctx
