"""Project and programme pages: lists, the project page with its records, edits and transitions."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from governance.charts import bar_chart, to_svg
from governance.exceptions import ConcurrentEditError, TransitionNotAllowed
from governance.forms import ConfirmForm, add_service_errors
from governance.money import format_number
from governance.views.base import ObjectPermissionMixin
from governance.views.history import HistoryView
from governance.views.mixins import BreadcrumbMixin, FilteredTableView
from portfolio.projects.filters import ProgrammeFilter, ProjectFilter
from portfolio.projects.forms import (
    ActualCostForm,
    BenefitFollowUpForm,
    ProgrammeForm,
    ProjectForm,
    ProjectTransitionForm,
    StatusReportForm,
)
from portfolio.projects.models import ActualCost, BenefitFollowUp, Programme, Project, StatusReport
from portfolio.projects.selectors import (
    programme_get,
    programme_list,
    programme_projects,
    project_benefit_follow_up,
    project_get,
    project_indicator_measurements,
    project_list_with_status,
    project_plan_vs_actual,
)
from portfolio.projects.services import (
    actual_cost_save,
    benefit_follow_up_save,
    programme_save,
    project_record_delete,
    project_save,
    status_report_save,
)
from portfolio.projects.tables import RAG_CSS, RAG_LABELS, ProgrammeTable, ProjectTable
from portfolio.projects.workflows import PROJECT_WORKFLOW, project_transition
from portfolio.proposals.selectors import proposal_list

PROJECTS = (gettext_lazy("Projects"), reverse_lazy("portfolio:project-list"))
PROGRAMMES = (gettext_lazy("Programmes"), reverse_lazy("portfolio:programme-list"))
ZERO = Decimal(0)


class ProjectListView(ObjectPermissionMixin, FilteredTableView):
    permission_required = "portfolio.view_project"
    table_class = ProjectTable
    filterset_class = ProjectFilter
    template_name = "portfolio/projects/project_list.html"
    export_filename = "projects"
    page_title = gettext_lazy("Projects")

    def get_queryset(self):
        return project_list_with_status(user=self.request.user)

    def get_breadcrumbs(self):
        return [(PROJECTS[0], None)]


class ProgrammeListView(ObjectPermissionMixin, FilteredTableView):
    permission_required = "portfolio.view_programme"
    table_class = ProgrammeTable
    filterset_class = ProgrammeFilter
    template_name = "portfolio/projects/programme_list.html"
    export_filename = "programmes"
    page_title = gettext_lazy("Programmes")

    def get_queryset(self):
        return programme_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["portfolio_totals"] = portfolio_totals(user=self.request.user)
        ctx["may_add"] = self.request.user.has_perm("portfolio.add_programme")
        return ctx

    def get_breadcrumbs(self):
        return [PROJECTS, (PROGRAMMES[0], None)]


def portfolio_totals(*, user) -> dict:
    """The whole portfolio: projects in and outside programmes, planned and actual (top of the tree)."""

    projects = project_list_with_status(user=user)
    totals = projects.aggregate(
        projects=Count("pk"),
        in_programmes=Count("pk", filter=Q(programme__isnull=False)),
        planned=Sum("baseline_total_cost"),
        planned_in_programmes=Sum("baseline_total_cost", filter=Q(programme__isnull=False)),
    )
    actual = ActualCost.objects.filter(project__in=projects.values("pk")).aggregate(
        all=Sum("amount"), in_programmes=Sum("amount", filter=Q(project__programme__isnull=False))
    )
    return {
        "projects": totals["projects"],
        "in_programmes": totals["in_programmes"],
        "outside_programmes": totals["projects"] - totals["in_programmes"],
        "planned": totals["planned"] or ZERO,
        "planned_in_programmes": totals["planned_in_programmes"] or ZERO,
        "planned_outside": (totals["planned"] or ZERO) - (totals["planned_in_programmes"] or ZERO),
        "actual": actual["all"] or ZERO,
        "actual_in_programmes": actual["in_programmes"] or ZERO,
        "actual_outside": (actual["all"] or ZERO) - (actual["in_programmes"] or ZERO),
    }


# The project page ----------------------------------------------------------------------------------


class ProjectObjectMixin:
    def get_project(self) -> Project:
        if not hasattr(self, "_project"):
            self._project = project_get(user=self.request.user, pk=self.kwargs["pk"])
        return self._project

    def crumbs(self, label) -> list:
        project = self.get_project()
        return [PROJECTS, (project.name, project.get_absolute_url()), (label, None)]


def plan_vs_actual_table(project: Project) -> dict:
    """Rows per calendar year (planned cost, actual cost, deviation, planned benefit) and their totals."""
    rows = project_plan_vs_actual(project=project)
    for row in rows:
        row["deviation"] = row["actual_cost"] - row["planned_cost"]
    totals = {
        key: sum((r[key] for r in rows), ZERO)
        for key in ("planned_cost", "actual_cost", "deviation", "planned_benefit")
    }
    return {"rows": rows, "totals": totals}


class ProjectDetailView(ProjectObjectMixin, BreadcrumbMixin, TemplateView):
    template_name = "portfolio/projects/project_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project = self.get_project()
        user = self.request.user
        plan = plan_vs_actual_table(project)
        chart = ""
        if plan["rows"]:
            drawing = bar_chart(
                [(str(r["year"]), float(r["planned_cost"])) for r in plan["rows"]],
                compare=[float(r["actual_cost"]) for r in plan["rows"]],
                width=460,
                height=170,
            )
            chart = to_svg(drawing, title=_("Planned (blue) and actual (orange) cost per year"))
        ctx.update(
            project=project,
            proposal=project.proposal,
            plan=plan,
            chart=chart,
            status_reports=list(project.status_reports.all()),
            follow_up=project_benefit_follow_up(project=project),
            indicators=project_indicator_measurements(project=project),
            actual_costs=list(project.actual_costs.all()),
            transition_bar=PROJECT_WORKFLOW.bar(project, user),
            follow_up_missing=PROJECT_WORKFLOW.still_needed(project, "follow_up"),
            may_report=user.has_perm("portfolio.add_statusreport", project),
            may_edit=user.has_perm("portfolio.change_project", project),
            rag_css=RAG_CSS,
        )
        return ctx

    def get_breadcrumbs(self):
        return [PROJECTS, (self.get_project().name, None)]


class ProjectHistoryView(HistoryView):
    model = Project

    def get_queryset(self):
        return Project.objects.visible_to(self.request.user)


# Forms ---------------------------------------------------------------------------------------------


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


def _text(value) -> str:
    """A record's value as the confirmation page shows it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        return format_number(value, 0 if value == value.to_integral_value() else 2)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)  # a user's str() is the full name, else the user name


def _rag_text(record, name: str) -> str:
    comment = getattr(record, f"{name}_comment")
    display = str(getattr(record, f"get_{name}_display")())
    return f"{display}: {comment}" if comment else display


class ProjectRecordView(ProjectObjectMixin, View):
    """A status report, an actual cost or a benefit follow-up of the project in the URL.

    `record_pk` in the URL names a record of that project (404 for another project's); the permission
    (`portfolio.<action>_<model>`) is asked of the project, as the rules and the services do.
    """

    template_name = "portfolio/projects/form_page.html"
    model = None
    anchor = ""

    def get_permission(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.get_permission(), self.get_project()):
            raise PermissionDenied(_("You may not report on this project (or it is closed)."))
        return super().dispatch(request, *args, **kwargs)

    def get_record(self):
        if not hasattr(self, "_record"):
            project = self.get_project()
            if self.kwargs.get("record_pk") is None:
                self._record = self.model(project=project)
            else:
                self._record = get_object_or_404(self.model, pk=self.kwargs["record_pk"], project=project)
        return self._record

    def back_url(self) -> str:
        return self.get_project().get_absolute_url() + self.anchor


class ProjectRecordEditView(ProjectRecordView):
    """Adds (no `record_pk`) or changes a project record through its service; a refused save keeps the input."""

    form_class = None
    title = ""
    edit_title = ""

    def get_permission(self) -> str:
        action = "add" if self.kwargs.get("record_pk") is None else "change"
        return f"portfolio.{action}_{self.model._meta.model_name}"

    def make_form(self, data=None):
        return self.form_class(data, instance=self.get_record())

    def render(self, form, status=200):
        project = self.get_project()
        title = self.title if self.get_record().pk is None else self.edit_title
        ctx = {
            "form": form,
            "project": project,
            "page_title": f"{title}: {project.name}",
            "breadcrumbs": self.crumbs(title),
            "back_url": self.back_url(),
            "submit_label": _("Save"),
        }
        return TemplateResponse(self.request, self.template_name, ctx, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.make_form())

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render(form)
        record = form.save(commit=False)
        try:
            self.save(record, expected_version=form.cleaned_data.get("expected_version") or 1)
        except ConcurrentEditError as exc:
            form.add_error(None, exc)
            return self.render(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form)
        messages.success(request, _("Saved."))
        return redirect(self.back_url())

    def save(self, record, *, expected_version: int):  # pragma: no cover - overridden
        raise NotImplementedError


class ProjectRecordDeleteView(ProjectRecordView):
    """A confirmation page showing the record; the confirmed POST deletes it through `project_record_delete`."""

    template_name = "portfolio/projects/confirm_delete.html"
    delete_title = ""
    deleted_message = ""

    def get_permission(self) -> str:
        return f"portfolio.delete_{self.model._meta.model_name}"

    def details(self, record) -> list[tuple[str, str]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def render(self, form):
        project = self.get_project()
        record = self.get_record()
        ctx = {
            "form": form,
            "project": project,
            "page_title": f"{self.delete_title}: {project.name}",
            "breadcrumbs": self.crumbs(self.delete_title),
            "back_url": self.back_url(),
            "details": self.details(record),
            "submit_label": _("Delete"),
        }
        return TemplateResponse(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        return self.render(ConfirmForm())

    def post(self, request, *args, **kwargs):
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        project_record_delete(record=self.get_record(), actor=request.user)
        messages.success(request, self.deleted_message)
        return redirect(self.back_url())


class StatusReportMixin:
    model = StatusReport
    anchor = "#status-reports"
    form_class = StatusReportForm
    title = gettext_lazy("New status report")
    edit_title = gettext_lazy("Edit status report")
    delete_title = gettext_lazy("Delete status report")
    deleted_message = gettext_lazy("The status report was deleted.")

    def save(self, record, *, expected_version: int):
        status_report_save(report=record, actor=self.request.user, expected_version=expected_version)

    def details(self, record) -> list[tuple[str, str]]:
        return [
            (_label(StatusReport, "reported_on"), _text(record.reported_on)),
            *[(_label(StatusReport, name), _rag_text(record, name)) for name in ("schedule", "cost", "scope")],
            (_label(StatusReport, "summary"), _text(record.summary)),
            (_label(StatusReport, "author"), _text(record.author)),
        ]


class ActualCostMixin:
    model = ActualCost
    anchor = "#plan-vs-actual"
    form_class = ActualCostForm
    title = gettext_lazy("Record an actual cost")
    edit_title = gettext_lazy("Edit actual cost")
    delete_title = gettext_lazy("Delete actual cost")
    deleted_message = gettext_lazy("The actual cost was deleted.")

    def save(self, record, *, expected_version: int):
        actual_cost_save(cost=record, actor=self.request.user, expected_version=expected_version)

    def details(self, record) -> list[tuple[str, str]]:
        return [
            (_label(ActualCost, "year"), str(record.year)),
            (_label(ActualCost, "category"), str(record.get_category_display())),
            (_label(ActualCost, "amount"), _text(record.amount)),
            (_label(ActualCost, "comment"), _text(record.comment)),
        ]


class BenefitFollowUpMixin:
    model = BenefitFollowUp
    anchor = "#benefit-follow-up"
    form_class = BenefitFollowUpForm
    title = gettext_lazy("Record a benefit follow-up")
    edit_title = gettext_lazy("Edit benefit follow-up")
    delete_title = gettext_lazy("Delete benefit follow-up")
    deleted_message = gettext_lazy("The benefit follow-up was deleted.")

    def make_form(self, data=None):
        return self.form_class(data, instance=self.get_record(), project=self.get_project())

    def save(self, record, *, expected_version: int):
        benefit_follow_up_save(follow_up=record, actor=self.request.user, expected_version=expected_version)

    def details(self, record) -> list[tuple[str, str]]:
        line = record.benefit_line
        return [
            (
                _label(BenefitFollowUp, "benefit_line"),
                f"{line.calendar_year}: {line.description or line.get_benefit_type_display()}",
            ),
            (_label(BenefitFollowUp, "phase"), str(record.get_phase_display())),
            (_label(BenefitFollowUp, "measured_on"), _text(record.measured_on)),
            (_label(BenefitFollowUp, "planned_value"), _text(record.planned_value)),
            (_label(BenefitFollowUp, "realised_value"), _text(record.realised_value)),
            (_label(BenefitFollowUp, "comment"), _text(record.comment)),
        ]


class StatusReportEditView(StatusReportMixin, ProjectRecordEditView):
    pass


class ActualCostEditView(ActualCostMixin, ProjectRecordEditView):
    pass


class BenefitFollowUpEditView(BenefitFollowUpMixin, ProjectRecordEditView):
    pass


class StatusReportDeleteView(StatusReportMixin, ProjectRecordDeleteView):
    pass


class ActualCostDeleteView(ActualCostMixin, ProjectRecordDeleteView):
    pass


class BenefitFollowUpDeleteView(BenefitFollowUpMixin, ProjectRecordDeleteView):
    pass


class ProjectEditView(ProjectObjectMixin, View):
    """Change the manager, programme and dates (the baseline never changes)."""

    template_name = "portfolio/projects/form_page.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("portfolio.change_project", self.get_project()):
            raise PermissionDenied(_("You may not change this project (or it is closed)."))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        project = self.get_project()
        title = _("Edit project")
        ctx = {
            "form": form,
            "project": project,
            "page_title": f"{title}: {project.name}",
            "breadcrumbs": self.crumbs(title),
            "back_url": project.get_absolute_url(),
            "submit_label": _("Save"),
        }
        return TemplateResponse(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        return self.render(ProjectForm(instance=self.get_project()))

    def post(self, request, *args, **kwargs):
        project = self.get_project()
        form = ProjectForm(request.POST, instance=project)
        if not form.is_valid():
            return self.render(form)
        try:
            project_save(
                project=form.save(commit=False),
                actor=request.user,
                expected_version=form.cleaned_data.get("expected_version") or project.version,
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc)
            return self.render(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form)
        messages.success(request, _("Saved."))
        return redirect(project.get_absolute_url())


class ProjectTransitionView(ProjectObjectMixin, View):
    """complete, follow_up and close through `project_transition`; a refusal lists every reason."""

    template_name = "portfolio/projects/transition.html"

    def get_transition(self):
        try:
            return PROJECT_WORKFLOW.get(self.kwargs["action"])
        except TransitionNotAllowed:
            raise Http404 from None

    def dispatch(self, request, *args, **kwargs):
        transition = self.get_transition()
        if not request.user.has_perm(transition.permission, self.get_project()):
            raise PermissionDenied(_("You may not do “%(action)s” here.") % {"action": transition.label})
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, reasons=(), status=200):
        transition = self.get_transition()
        project = self.get_project()
        ctx = {
            "form": form,
            "project": project,
            "transition": transition,
            "reasons": list(reasons),
            "page_title": _("%(action)s: %(project)s") % {"action": transition.label, "project": project},
            "breadcrumbs": self.crumbs(transition.label),
            "back_url": project.get_absolute_url(),
            "unmet": PROJECT_WORKFLOW.still_needed(project, transition.action),
        }
        return TemplateResponse(self.request, self.template_name, ctx, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(ProjectTransitionForm(action=self.kwargs["action"]))

    def post(self, request, *args, **kwargs):
        transition = self.get_transition()
        project = self.get_project()
        form = ProjectTransitionForm(request.POST, action=transition.action)
        if not form.is_valid():
            return self.render(form)
        try:
            updated = project_transition(
                project=project,
                action=transition.action,
                actor=request.user,
                comment=form.cleaned_data.get("comment", ""),
                completed_on=form.cleaned_data.get("completed_on"),
            )
        except TransitionNotAllowed as exc:
            return self.render(form, reasons=exc.messages, status=409)
        messages.success(
            request,
            _("Done: %(action)s. The project is now %(state)s.")
            % {"action": transition.label, "state": str(updated.get_state_display()).lower()},
        )
        return redirect(project.get_absolute_url())


# Programmes ----------------------------------------------------------------------------------------


class ProgrammeDetailView(BreadcrumbMixin, TemplateView):
    template_name = "portfolio/projects/programme_detail.html"

    def get_programme(self) -> Programme:
        if not hasattr(self, "_programme"):
            self._programme = programme_get(user=self.request.user, pk=self.kwargs["pk"])
        return self._programme

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        programme = self.get_programme()
        projects = list(programme_projects(programme=programme, user=self.request.user))
        proposals = list(
            proposal_list(user=self.request.user)
            .filter(programme=programme, project__isnull=True)
            .order_by("reference")
        )
        ctx.update(
            programme=programme,
            projects=projects,
            proposals=proposals,
            totals={
                "planned": sum((p.baseline_total_cost for p in projects), ZERO),
                "actual": sum((p.actual_cost_total for p in projects), ZERO),
                "proposed": sum((p.total_cost for p in proposals), ZERO),
            },
            may_edit=self.request.user.has_perm("portfolio.change_programme", programme),
            rag_labels=RAG_LABELS,
            rag_css=RAG_CSS,
        )
        return ctx

    def get_breadcrumbs(self):
        return [PROJECTS, PROGRAMMES, (self.get_programme().name, None)]


class ProgrammeEditView(View):
    """Create (no pk) or change a programme through `programme_save`."""

    template_name = "portfolio/projects/form_page.html"

    def get_programme(self) -> Programme | None:
        pk = self.kwargs.get("pk")
        return get_object_or_404(Programme, pk=pk) if pk else None

    def dispatch(self, request, *args, **kwargs):
        self.programme = self.get_programme()
        perm = "portfolio.change_programme" if self.programme else "portfolio.add_programme"
        if not request.user.has_perm(perm, self.programme):
            raise PermissionDenied(_("Only IT coordination and board members manage programmes."))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        title = _("Edit programme") if self.programme else _("New programme")
        back = self.programme.get_absolute_url() if self.programme else reverse("portfolio:programme-list")
        crumbs = [PROJECTS, PROGRAMMES, (title, None)]
        ctx = {"form": form, "page_title": title, "breadcrumbs": crumbs, "back_url": back, "submit_label": _("Save")}
        return TemplateResponse(self.request, self.template_name, ctx)

    def get(self, request, *args, **kwargs):
        return self.render(ProgrammeForm(instance=self.programme))

    def post(self, request, *args, **kwargs):
        form = ProgrammeForm(request.POST, instance=self.programme)
        if not form.is_valid():
            return self.render(form)
        try:
            programme = programme_save(
                programme=form.save(commit=False),
                actor=request.user,
                expected_version=form.cleaned_data.get("expected_version"),
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc)
            return self.render(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render(form)
        messages.success(request, _("Saved."))
        return redirect(programme.get_absolute_url())
