from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from ..filters import CycleFilter
from ..forms_pages import CycleCreateForm, CycleForm, MilestoneForm
from ..models import BudgetCycle, Milestone, MilestoneKind
from ..selectors import cycle_list, cycle_page
from ..services import budget_cycle_create
from ..tables import CycleTable
from .base import CachedObjectMixin, FormPageMixin, ObjectPermissionMixin, VersionedUpdateMixin
from .mixins import BreadcrumbMixin, FilteredTableView

CYCLES = (_("Budget cycles"), reverse_lazy("governance:cycle-list"))


class CycleListView(ObjectPermissionMixin, FilteredTableView):
    permission_required = "governance.view_budgetcycle"
    table_class = CycleTable
    filterset_class = CycleFilter
    template_name = "governance/cycle_list.html"
    page_title = _("Budget cycles")
    export_filename = "budget-cycles"

    def get_queryset(self):
        return cycle_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [(_("Budget cycles"), None)]


class CycleDetailView(CachedObjectMixin, ObjectPermissionMixin, BreadcrumbMixin, DetailView):
    """The cycle calendar: milestones in date order, their status, who owes them, the lock date."""

    permission_required = "governance.view_budgetcycle"
    template_name = "governance/cycle_detail.html"
    context_object_name = "cycle"

    def get_object(self, queryset=None):
        if not hasattr(self, "_cached_object"):
            try:
                self._cached_object, self.milestones = cycle_page(pk=self.kwargs["pk"])
            except BudgetCycle.DoesNotExist:
                raise Http404 from None
        return self._cached_object

    def get_breadcrumbs(self):
        return [CYCLES, (str(self.object), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["milestones"] = self.milestones
        ctx["lock"] = self.object.milestone(MilestoneKind.LOCK)
        ctx["today"] = timezone.localdate()
        ctx["is_locked"] = self.object.is_locked(ctx["today"])
        return ctx


class CycleCreateView(ObjectPermissionMixin, FormPageMixin, CreateView):
    """A new cycle with its milestones from the default template (`budget_cycle_create`)."""

    permission_required = "governance.add_budgetcycle"
    form_class = CycleCreateForm
    page_title = _("New budget cycle")
    success_message = _("The budget cycle was created with its milestones.")

    def get_back_url(self):
        return reverse("governance:cycle-list")

    def get_breadcrumbs(self):
        return [CYCLES, (_("New"), None)]

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object = budget_cycle_create(
                plan_year=data["plan_year"],
                actor=self.request.user,
                discount_rate=data["discount_rate"],
                hourly_rate=data["hourly_rate"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        self.announce()
        return redirect(self.object.get_absolute_url())


class CycleUpdateView(VersionedUpdateMixin, CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, UpdateView):
    permission_required = "governance.change_budgetcycle"
    model = BudgetCycle
    form_class = CycleForm
    success_message = _("The budget cycle was saved.")

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object}

    def get_breadcrumbs(self):
        return [CYCLES, (str(self.object), self.object.get_absolute_url()), (_("Edit"), None)]


class MilestoneUpdateView(CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, UpdateView):
    permission_required = "governance.change_milestone"
    queryset = Milestone.objects.select_related("cycle")
    form_class = MilestoneForm
    success_message = _("The milestone was saved.")

    def get_page_title(self):
        return _("Edit milestone: %(title)s") % {"title": self.object.title}

    def get_success_url(self):
        return self.object.cycle.get_absolute_url() + f"#milestone-{self.object.pk}"

    def get_breadcrumbs(self):
        cycle = self.object.cycle
        return [CYCLES, (str(cycle), cycle.get_absolute_url()), (_("Edit milestone"), None)]

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response
