from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView

from ..filters import StrategyFilter
from ..forms import ConfirmForm
from ..forms_pages import GoalForm, IndicatorForm, MeasurementForm, StrategyForm
from ..models import Goal, Indicator, Measurement, Strategy
from ..selectors import strategy_list, strategy_page
from ..tables import StrategyTable
from .base import CachedObjectMixin, FormPageMixin, ObjectPermissionMixin, VersionedUpdateMixin
from .mixins import BreadcrumbMixin, FilteredTableView

STRATEGIES = (_("Strategies"), reverse_lazy("governance:strategy-list"))


class StrategyListView(ObjectPermissionMixin, FilteredTableView):
    permission_required = "governance.view_strategy"
    table_class = StrategyTable
    filterset_class = StrategyFilter
    template_name = "governance/strategy_list.html"
    page_title = _("Strategies")
    export_filename = "strategies"

    def get_queryset(self):
        return strategy_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [(_("Strategies"), None)]


class StrategyDetailView(CachedObjectMixin, ObjectPermissionMixin, BreadcrumbMixin, DetailView):
    """Goals, and per indicator: baseline, target, latest value, progress, a small chart and its table."""

    permission_required = "governance.view_strategy"
    template_name = "governance/strategy_detail.html"
    context_object_name = "strategy"

    def get_object(self, queryset=None):
        if not hasattr(self, "_cached_object"):
            try:
                self._cached_object, self.goals = strategy_page(pk=self.kwargs["pk"])
            except Strategy.DoesNotExist:
                raise Http404 from None
        return self._cached_object

    def get_breadcrumbs(self):
        return [STRATEGIES, (str(self.object), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["goals"] = self.goals
        ctx["today"] = timezone.localdate()
        ctx["revision_overdue"] = self.object.next_revision_due < ctx["today"]
        return ctx


class StrategyCreateView(ObjectPermissionMixin, FormPageMixin, CreateView):
    permission_required = "governance.add_strategy"
    form_class = StrategyForm
    page_title = _("New strategy")
    success_message = _("The strategy was created.")

    def get_back_url(self):
        return reverse("governance:strategy-list")

    def get_breadcrumbs(self):
        return [STRATEGIES, (_("New"), None)]

    def form_valid(self, form):
        self.object = form.save_versioned()
        self.announce()
        return redirect(self.get_success_url())


class StrategyUpdateView(VersionedUpdateMixin, CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, UpdateView):
    permission_required = "governance.change_strategy"
    model = Strategy
    form_class = StrategyForm
    success_message = _("The strategy was saved.")

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object}

    def get_breadcrumbs(self):
        return [STRATEGIES, (str(self.object), self.object.get_absolute_url()), (_("Edit"), None)]


class _ParentMixin:
    """Create pages under a parent record named by `pk` in the URL."""

    parent_model = None
    parent_related = ()

    def get_parent(self):
        if not hasattr(self, "_parent"):
            qs = self.parent_model.objects.select_related(*self.parent_related)
            self._parent = get_object_or_404(qs, pk=self.kwargs["pk"])
        return self._parent

    def get_permission_object(self):
        return self.get_parent()


class GoalCreateView(_ParentMixin, ObjectPermissionMixin, FormPageMixin, CreateView):
    permission_required = "governance.add_goal"
    parent_model = Strategy
    form_class = GoalForm
    success_message = _("The goal was added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Goal(strategy=self.get_parent())
        return kwargs

    def get_page_title(self):
        return _("New goal in %(strategy)s") % {"strategy": self.get_parent()}

    def get_success_url(self):
        return self.get_parent().get_absolute_url()

    def get_breadcrumbs(self):
        s = self.get_parent()
        return [STRATEGIES, (str(s), s.get_absolute_url()), (_("New goal"), None)]

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response


class IndicatorCreateView(_ParentMixin, ObjectPermissionMixin, FormPageMixin, CreateView):
    permission_required = "governance.add_indicator"
    parent_model = Goal
    parent_related = ("strategy",)
    form_class = IndicatorForm
    success_message = _("The indicator was added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Indicator(goal=self.get_parent())
        return kwargs

    def get_page_title(self):
        return _("New indicator for %(goal)s") % {"goal": self.get_parent()}

    def get_success_url(self):
        return self.get_parent().strategy.get_absolute_url() + f"#goal-{self.get_parent().pk}"

    def get_breadcrumbs(self):
        s = self.get_parent().strategy
        return [STRATEGIES, (str(s), s.get_absolute_url()), (_("New indicator"), None)]

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response


class MeasurementCreateView(_ParentMixin, ObjectPermissionMixin, FormPageMixin, CreateView):
    permission_required = "governance.add_measurement"
    parent_model = Indicator
    parent_related = ("goal__strategy",)
    form_class = MeasurementForm
    success_message = _("The measurement was added.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicator"] = self.get_parent()
        return kwargs

    def get_page_title(self):
        return _("New measurement of %(indicator)s") % {"indicator": self.get_parent()}

    def get_success_url(self):
        return self.get_parent().goal.strategy.get_absolute_url() + f"#indicator-{self.get_parent().pk}"

    def get_breadcrumbs(self):
        s = self.get_parent().goal.strategy
        return [STRATEGIES, (str(s), s.get_absolute_url()), (_("New measurement"), None)]

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response


# Corrections of goals, indicators and measurements; a stale save is refused (VersionedModel).


class _StrategyPartUpdateView(
    VersionedUpdateMixin, CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, UpdateView
):
    """Edit a record shown on a strategy page; back to its place on that page after saving."""

    breadcrumb = _("Edit")

    def get_strategy(self) -> Strategy:
        raise NotImplementedError

    def get_anchor(self) -> str:
        raise NotImplementedError

    def get_success_url(self):
        return self.get_strategy().get_absolute_url() + "#" + self.get_anchor()

    def get_breadcrumbs(self):
        s = self.get_strategy()
        return [STRATEGIES, (str(s), s.get_absolute_url()), (self.breadcrumb, None)]


class GoalUpdateView(_StrategyPartUpdateView):
    permission_required = "governance.change_goal"
    queryset = Goal.objects.select_related("strategy")
    form_class = GoalForm
    success_message = _("The goal was saved.")
    breadcrumb = _("Edit goal")

    def get_strategy(self):
        return self.get_object().strategy

    def get_anchor(self):
        return f"goal-{self.get_object().pk}"

    def get_page_title(self):
        return _("Edit goal: %(goal)s") % {"goal": self.get_object()}


class IndicatorUpdateView(_StrategyPartUpdateView):
    permission_required = "governance.change_indicator"
    queryset = Indicator.objects.select_related("goal__strategy")
    form_class = IndicatorForm
    success_message = _("The indicator was saved.")
    breadcrumb = _("Edit indicator")

    def get_strategy(self):
        return self.get_object().goal.strategy

    def get_anchor(self):
        return f"indicator-{self.get_object().pk}"

    def get_page_title(self):
        return _("Edit indicator: %(indicator)s") % {"indicator": self.get_object()}


class MeasurementUpdateView(_StrategyPartUpdateView):
    permission_required = "governance.change_measurement"
    queryset = Measurement.objects.select_related("indicator__goal__strategy")
    form_class = MeasurementForm
    success_message = _("The measurement was saved.")
    breadcrumb = _("Edit measurement")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["indicator"] = self.get_object().indicator
        return kwargs

    def get_strategy(self):
        return self.get_object().indicator.goal.strategy

    def get_anchor(self):
        return f"indicator-{self.get_object().indicator_id}"

    def get_page_title(self):
        m = self.get_object()
        return _("Edit measurement of %(indicator)s on %(date)s") % {
            "indicator": m.indicator,
            "date": m.measured_on.isoformat(),
        }


class MeasurementDeleteView(CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, DeleteView):
    """Confirmation page; a GET changes nothing. simple_history keeps the deleted row in its history table."""

    permission_required = "governance.delete_measurement"
    queryset = Measurement.objects.select_related("indicator__goal__strategy")
    form_class = ConfirmForm
    template_name = "governance/measurement_delete.html"
    context_object_name = "measurement"
    success_message = _("The measurement was deleted.")
    submit_label = _("Delete measurement")
    http_method_names = ["get", "post", "head", "options"]  # no HTTP DELETE past the confirmation

    def get_success_url(self):
        indicator = self.get_object().indicator
        return indicator.goal.strategy.get_absolute_url() + f"#indicator-{indicator.pk}"

    def get_page_title(self):
        m = self.get_object()
        return _("Delete measurement of %(indicator)s on %(date)s") % {
            "indicator": m.indicator,
            "date": m.measured_on.isoformat(),
        }

    def get_breadcrumbs(self):
        s = self.get_object().indicator.goal.strategy
        return [STRATEGIES, (str(s), s.get_absolute_url()), (_("Delete measurement"), None)]

    def form_valid(self, form):
        success_url = self.get_success_url()
        self.object.delete()
        self.announce()
        return redirect(success_url)
