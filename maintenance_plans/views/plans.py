"""Maintenance-plan pages: the year's list, start, edit, detail with workflow buttons, documents, dashboard."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from governance.charts import bar_chart, to_svg
from governance.downloads import PDF, download_response
from governance.exceptions import ConcurrentEditError, TransitionNotAllowed
from governance.models import BudgetCycle
from governance.views.mixins import BreadcrumbMixin, FilteredTableView, spreadsheet_download

from .. import documents, exports, selectors
from ..filters import PlanFilter
from ..forms import ActivityFormSet, BudgetLineFormSet, PlanForm, PlanStartForm, TransitionForm
from ..models import MaintenancePlan, System
from ..services import plan_create, plan_save
from ..tables import PlanTable, plan_export_rows, plan_rows
from ..workflows import PLAN_WORKFLOW, plan_transition


def default_year() -> int:
    return timezone.localdate().year + 1


def year_from(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default_year()
    return year if 2000 <= year <= 2100 else default_year()


def plans_crumb(year: int):
    return (_("Maintenance plans %(year)s") % {"year": year}, reverse("maintenance_plans:plan-list") + f"?year={year}")


class PlanListView(FilteredTableView):
    filterset_class = PlanFilter
    table_class = PlanTable
    template_name = "maintenance_plans/plan_list.html"
    export_filename = "maintenance-plans"

    def get(self, request, *args, **kwargs):
        self.year = year_from(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.plan_list(user=self.request.user, year=self.year)

    def get_table_data(self):
        return plan_rows(self.object_list)

    def export_bytes(self, table, fmt):
        return exports.plan_list_bytes(plan_export_rows(table.data.data), fmt=fmt)

    @property
    def page_title(self):
        return _("Maintenance plans %(year)s") % {"year": self.year}

    def get_breadcrumbs(self):
        return [(self.page_title, None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["year"] = self.year
        ctx["years"] = [self.year - 1, self.year + 1]
        user = self.request.user
        ctx["can_start"] = user.has_perm("maintenance_plans.review_maintenanceplan") or (
            System.objects.managed_by(user).exists()
        )
        return ctx


class PlanStartView(BreadcrumbMixin, FormView):
    """Start a plan for a system and year: empty or a copy of the latest earlier plan."""

    template_name = "maintenance_plans/plan_start.html"
    form_class = PlanStartForm

    def systems(self):
        user = self.request.user
        qs = System.objects.active().order_by("name")
        if not user.has_perm("maintenance_plans.review_maintenanceplan"):
            qs = qs.filter(Q(system_manager=user) | Q(system_owner=user))
        return qs

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["systems"] = self.systems()
        return kwargs

    def get_initial(self):
        initial = {"plan_year": year_from(self.request)}
        if self.request.GET.get("system"):
            initial["system"] = self.request.GET["system"]
        return initial

    def form_valid(self, form):
        try:
            plan = plan_create(
                system=form.cleaned_data["system"],
                plan_year=form.cleaned_data["plan_year"],
                actor=self.request.user,
                copy_previous=form.cleaned_data["start"] == PlanStartForm.START_COPY,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The plan was started. Fill it in and submit it."))
        return redirect("maintenance_plans:plan-update", pk=plan.pk)

    def get_breadcrumbs(self):
        return [plans_crumb(year_from(self.request)), (_("Start a plan"), None)]


class PlanDetailView(BreadcrumbMixin, TemplateView):
    template_name = "maintenance_plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        self.object = selectors.plan_detail(pk=kwargs["pk"], user=self.request.user)
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        user = self.request.user
        ctx["plan"] = plan
        ctx["by_type"] = selectors.plan_budget_by_type(plan)
        ctx["total"] = sum((a for _l, a in ctx["by_type"]), 0)
        ctx["transition_bar"] = PLAN_WORKFLOW.bar(plan, user)
        ctx["can_edit"] = user.has_perm("maintenance_plans.change_maintenanceplan", plan)
        return ctx

    def get_breadcrumbs(self):
        return [plans_crumb(self.object.plan_year), (str(self.object.system), None)]


class PlanTransitionView(View):
    def post(self, request, pk):
        plan = get_object_or_404(MaintenancePlan.objects.visible_to(request.user).select_related("system"), pk=pk)
        form = TransitionForm(request.POST)
        if not form.is_valid():
            return redirect(plan.get_absolute_url())
        try:
            plan_transition(
                plan=plan, action=form.cleaned_data["action"], actor=request.user, comment=form.cleaned_data["comment"]
            )
        except TransitionNotAllowed as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Done: %(state)s.") % {"state": MaintenancePlan.objects.get(pk=plan.pk).get_state_display()}
            )
        return redirect(plan.get_absolute_url())


class PlanUpdateView(BreadcrumbMixin, TemplateView):
    template_name = "maintenance_plans/plan_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(
            MaintenancePlan.objects.visible_to(request.user).select_related("system"), pk=kwargs["pk"]
        )
        if not request.user.has_perm("maintenance_plans.change_maintenanceplan", self.object):
            raise PermissionDenied(
                _(
                    "Only a draft or returned plan can be changed, by the system's manager or "
                    "owner or by IT coordination."
                )
            )
        return super().dispatch(request, *args, **kwargs)

    def default_rate(self):
        cycle = BudgetCycle.objects.filter(plan_year=self.object.plan_year).only("hourly_rate").first()
        return cycle.hourly_rate if cycle else None

    def forms(self, data=None):
        rate = self.default_rate()
        return (
            PlanForm(data, instance=self.object),
            ActivityFormSet(data, instance=self.object, prefix="activities"),
            BudgetLineFormSet(data, instance=self.object, prefix="budget", form_kwargs={"default_rate": rate}),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=self.forms()))

    def post(self, request, *args, **kwargs):
        form, activities, budget = self.forms(request.POST)
        if form.is_valid() and activities.is_valid() and budget.is_valid():
            plan = form.save(commit=False)
            try:
                plan_save(
                    plan=plan,
                    expected_version=form.cleaned_data.get("expected_version") or 1,
                    actor=request.user,
                    formsets=(activities, budget),
                )
            except (ConcurrentEditError, ValidationError) as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The plan was saved."))
                return redirect(plan.get_absolute_url())
        return self.render_to_response(self.get_context_data(forms=(form, activities, budget)))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["plan"] = self.object
        ctx["form"], ctx["activity_formset"], ctx["budget_formset"] = kwargs["forms"]
        return ctx

    def get_breadcrumbs(self):
        return [
            plans_crumb(self.object.plan_year),
            (str(self.object.system), self.object.get_absolute_url()),
            (_("Edit"), None),
        ]


class PlanPdfView(View):
    def get(self, request, pk):
        plan = selectors.plan_detail(pk=pk, user=request.user)
        return download_response(
            documents.plan_pdf(plan), filename=f"maintenance-plan-{plan.plan_year}-{plan.pk}.pdf", content_type=PDF
        )


class PlansXlsxView(PermissionRequiredMixin, View):
    permission_required = "maintenance_plans.view_maintenanceplan"

    def get(self, request):
        year = year_from(request)
        return spreadsheet_download(exports.plans_of_year_xlsx(year=year), fmt="xlsx", stem=f"maintenance-plans-{year}")


class DashboardView(BreadcrumbMixin, TemplateView):
    template_name = "maintenance_plans/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = year_from(self.request)
        dash = selectors.coverage_dashboard(year=year)
        ctx["dash"] = dash
        ctx["year"] = year
        ctx["years"] = [year - 1, year + 1]
        ctx["chart"] = to_svg(
            bar_chart(
                [(r.administration, float(r.budget)) for r in dash.rows],
                compare=[float(r.budget_previous) for r in dash.rows],
            ),
            title=_("Maintenance budget per administration, %(year)s against %(previous)s")
            % {"year": year, "previous": year - 1},
        )
        return ctx

    def get_breadcrumbs(self):
        return [plans_crumb(year_from(self.request)), (_("Coverage and cost"), None)]
