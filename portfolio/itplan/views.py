"""IT plan pages: the list, a plan (any version) with its sections and chart, assembly, proposal, approval,
revision, version comparison, follow-up, and the documents (direct download or built in the background
with progress). Views parse input and call one service or selector; rules live in portfolio.itplan."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from governance.charts import to_svg
from governance.downloads import download_response
from governance.forms import add_service_errors
from governance.money import format_money, format_number, format_percent
from governance.views.mixins import BreadcrumbMixin, FilteredTableView
from portfolio.itplan import exports
from portfolio.itplan import services as svc
from portfolio.itplan.forms import ApproveForm, AssembleForm, CompareForm, ProposeForm, ReasonForm
from portfolio.itplan.models import ITPlan, ITPlanExport, ITPlanState
from portfolio.itplan.selectors import (
    itplan_chart,
    itplan_compare,
    itplan_document,
    itplan_follow_up,
    itplan_get,
    itplan_list,
    itplan_state_changes,
    itplan_version_get,
    itplan_versions,
)
from portfolio.itplan.tasks import build_itplan_export
from portfolio.itplan.workflows import ITPLAN_WORKFLOW

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
SYNC_MAX_ITEMS = 300  # larger plans build their PDF and XLSX in the background


# Presentation -------------------------------------------------------------------------------------


def display_rows(section) -> dict:
    """A section's cells as text for the page (kronor, dates, percentages), numbers right-aligned."""

    def text(value, column):
        if value is None or value == "":
            return "–" if column.kind != "text" else ""
        if column.kind == "money":
            return format_money(value)
        if column.kind == "percent":
            return format_percent(value)
        if column.kind == "number":
            return format_number(value, 2)
        if column.kind == "date":
            return value.isoformat()
        return str(value)

    numeric = [c.kind in ("money", "int", "percent", "number") for c in section.columns]
    rows = [[(text(v, c), n) for v, c, n in zip(row, section.columns, numeric, strict=True)] for row in section.rows]
    total = None
    if section.total is not None and section.rows:
        total = [
            (text(v, c) if v is not None else "", n)
            for v, c, n in zip(section.total, section.columns, numeric, strict=True)
        ]
    return {
        "section": section,
        "columns": list(zip(section.columns, numeric, strict=True)),
        "rows": rows,
        "total": total,
    }


# List ---------------------------------------------------------------------------------------------


class ITPlanTable(tables.Table):
    year = tables.Column(accessor="cycle__plan_year", verbose_name=_("Plan year"), order_by=("cycle__plan_year",))
    state = tables.Column(verbose_name=_("State"))
    current_number = tables.Column(verbose_name=_("Version"), attrs=NUM)
    development_total = tables.Column(verbose_name=_("Development in the plan year"), attrs=NUM)
    maintenance_total = tables.Column(verbose_name=_("Maintenance budget"), attrs=NUM)

    class Meta:
        model = ITPlan
        fields = ("year", "state", "current_number", "development_total", "maintenance_total")
        order_by = ("-year",)
        empty_text = _("No IT plans yet.")

    def render_year(self, record, value):

        return format_html(
            '<a href="{}">{}</a>',
            reverse("portfolio:itplan-detail", args=[value]),
            _("IT plan %(year)s") % {"year": value},
        )

    def value_year(self, value):
        return value

    def render_development_total(self, value):
        return format_money(value)

    def render_maintenance_total(self, value):
        return format_money(value)

    def value_development_total(self, value):
        return value

    def value_maintenance_total(self, value):
        return value


class ITPlanFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=ITPlanState.choices, label=_("State"))

    class Meta:
        model = ITPlan
        fields = ["state"]


class ITPlanListView(FilteredTableView):
    table_class = ITPlanTable
    filterset_class = ITPlanFilter
    template_name = "portfolio/itplan/list.html"
    page_title = _("IT plans")
    export_filename = "it-plans"

    def get_queryset(self):
        return itplan_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [(_("IT plans"), None)]


# A plan and its versions --------------------------------------------------------------------------


class _PlanMixin(BreadcrumbMixin):
    def get_plan(self) -> ITPlan:
        if not hasattr(self, "_plan"):
            self._plan = itplan_get(user=self.request.user, plan_year=self.kwargs["year"])
        return self._plan

    def get_breadcrumbs(self):
        plan = self.get_plan()
        return [
            (_("IT plans"), reverse("portfolio:itplan-list")),
            (str(plan), reverse("portfolio:itplan-detail", args=[plan.plan_year])),
            (self.crumb, None),
        ]

    crumb = ""


class ITPlanDetailView(_PlanMixin, TemplateView):
    template_name = "portfolio/itplan/detail.html"

    def get_breadcrumbs(self):
        return [(_("IT plans"), reverse("portfolio:itplan-list")), (str(self.get_plan()), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        plan = self.get_plan()
        version = itplan_version_get(user=user, plan=plan, number=self.kwargs.get("number"))
        document = itplan_document(version)
        versions = itplan_versions(user=user, plan=plan)
        is_current = version.number == plan.current_number
        ctx.update(
            plan=plan,
            version=version,
            document=document,
            is_current=is_current,
            versions=versions,
            sections=[display_rows(s) for s in document.sections],
            chart_svg=to_svg(
                itplan_chart(document), title=str(_("Development and maintenance cost per administration"))
            ),
            transition_bar=ITPLAN_WORKFLOW.bar(plan, user) if is_current else [],
            may_assemble=user.has_perm("portfolio.assemble_itplan"),
            may_follow_up=user.has_perm("portfolio.follow_up_itplan", plan),
            compare_form=CompareForm(
                numbers=[v.number for v in versions], initial={"a": max(version.number - 1, 1), "b": version.number}
            ),
            state_changes=itplan_state_changes(plan) if user.has_perm("portfolio.follow_up_itplan", plan) else [],
            formats=[
                ("pdf", "PDF"),
                ("xlsx", "Excel (XLSX)"),
                ("csv", _("Open data (CSV)")),
                ("json", _("Open data (JSON)")),
            ],
            background=version.items.count() > SYNC_MAX_ITEMS,
        )
        return ctx


class ITPlanAssembleView(BreadcrumbMixin, FormView):
    form_class = AssembleForm
    template_name = "governance/form_page.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("portfolio.assemble_itplan"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"plan_year": self.request.GET.get("year")}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=_("Assemble the IT plan"),
            back_url=reverse("portfolio:itplan-list"),
            submit_label=_("Assemble"),
            breadcrumbs=[(_("IT plans"), reverse("portfolio:itplan-list")), (_("Assemble"), None)],
        )
        return ctx

    def form_valid(self, form):
        try:
            plan = svc.itplan_assemble(
                plan_year=form.cleaned_data["plan_year"], actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The IT plan %(year)s has been assembled (version %(n)s).")
            % {"year": plan.cycle.plan_year, "n": plan.current_number},
        )
        return redirect("portfolio:itplan-detail", plan.cycle.plan_year)


class _PlanActionView(_PlanMixin, FormView):
    """A form page for one workflow step of the plan (POST applies it through the service), open to whoever
    holds the permission of the step's transition."""

    template_name = "governance/form_page.html"
    action = ""
    title = ""
    submit_label = _("Confirm")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ITPLAN_WORKFLOW.get(self.action).permission, self.get_plan()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"expected_version": self.get_plan().version}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=self.title % {"year": self.get_plan().plan_year},
            back_url=reverse("portfolio:itplan-detail", args=[self.get_plan().plan_year]),
            submit_label=self.submit_label,
        )
        return ctx

    def apply(self, form) -> ITPlan:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            with transaction.atomic():
                plan = self.apply(form)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                form.add_error(None, str(exc))
            else:
                add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.done % {"year": plan.cycle.plan_year, "n": plan.current_number})
        return redirect("portfolio:itplan-detail", plan.cycle.plan_year)


class ITPlanProposeView(_PlanActionView):
    form_class = ProposeForm
    action = "propose"
    title = _("Propose the IT plan %(year)s to the leadership group")
    crumb = _("Propose")
    submit_label = _("Propose")
    done = _("The IT plan %(year)s (version %(n)s) has been proposed to the leadership group.")

    def apply(self, form):
        return svc.itplan_propose(
            plan=self.get_plan(), actor=self.request.user, expected_version=form.cleaned_data["expected_version"]
        )


class ITPlanReopenView(_PlanActionView):
    form_class = ReasonForm
    action = "reopen"
    title = _("Reopen the IT plan %(year)s as a draft")
    crumb = _("Reopen")
    submit_label = _("Reopen")
    done = _("The IT plan %(year)s is a draft again.")

    def apply(self, form):
        return svc.itplan_reopen(
            plan=self.get_plan(),
            actor=self.request.user,
            expected_version=form.cleaned_data["expected_version"],
            reason=form.cleaned_data["reason"],
        )


class ITPlanReviseView(_PlanActionView):
    form_class = ReasonForm
    action = "revise"
    title = _("Revise the IT plan %(year)s")
    crumb = _("Revise")
    submit_label = _("Make a new version")
    done = _("The IT plan %(year)s has been revised: version %(n)s.")

    def apply(self, form):
        return svc.itplan_revise(
            plan=self.get_plan(),
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["expected_version"],
        )


class ITPlanApproveView(_PlanActionView):
    form_class = ApproveForm
    action = "approve"
    title = _("Approve the IT plan %(year)s")
    crumb = _("Approve")
    submit_label = _("Approve")
    done = _("The IT plan %(year)s (version %(n)s) has been approved.")

    def apply(self, form):
        data = form.cleaned_data
        return svc.itplan_approve(
            plan=self.get_plan(),
            actor=self.request.user,
            expected_version=data["expected_version"],
            meeting=data["meeting"],
            reference=data["reference"],
            text=data["text"],
        )


# Compare and follow-up ------------------------------------------------------------------------------


class ITPlanCompareView(_PlanMixin, TemplateView):
    template_name = "portfolio/itplan/compare.html"
    crumb = _("Compare versions")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, plan = self.request.user, self.get_plan()
        versions = itplan_versions(user=user, plan=plan)
        form = CompareForm(self.request.GET or None, numbers=[v.number for v in versions])
        ctx.update(plan=plan, form=form)
        if form.is_valid():
            a = itplan_version_get(user=user, plan=plan, number=form.cleaned_data["a"])
            b = itplan_version_get(user=user, plan=plan, number=form.cleaned_data["b"])
            ctx["diff"] = itplan_compare(a=a, b=b)
        return ctx


class ITPlanFollowUpView(_PlanMixin, TemplateView):
    template_name = "portfolio/itplan/follow_up.html"
    crumb = _("Follow-up")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.get_plan()
        if not self.request.user.has_perm("portfolio.view_itplan", plan):
            raise PermissionDenied
        version = itplan_version_get(user=self.request.user, plan=plan)
        ctx.update(plan=plan, version=version, sections=[display_rows(s) for s in itplan_follow_up(version)])
        return ctx


# Documents ----------------------------------------------------------------------------------------


class ITPlanDownloadView(_PlanMixin, View):
    """The document of a version, built now (CSV, JSON and smaller PDFs and workbooks)."""

    def get(self, request, year: int, number: int, fmt: str):
        if fmt not in exports.FORMATS and fmt != "followup":
            raise Http404
        version = itplan_version_get(user=request.user, plan=self.get_plan(), number=number)
        document = itplan_document(version)
        if fmt == "followup":
            data = exports.pdf_bytes(document, follow_up=itplan_follow_up(version))
            name, content_type = exports.filename(document, "pdf", kind="itplan-follow-up"), exports.FORMATS["pdf"]
        else:
            data = exports.render(document, fmt)
            name, content_type = exports.filename(document, fmt), exports.FORMATS[fmt]
        return download_response(data, filename=name, content_type=content_type)


class ITPlanExportStartView(_PlanMixin, View):
    """POST: build the document in the background; the status page shows progress, then the file."""

    def post(self, request, year: int, number: int, fmt: str):
        if fmt not in ("pdf", "xlsx", "followup"):
            raise Http404
        version = itplan_version_get(user=request.user, plan=self.get_plan(), number=number)
        export = ITPlanExport.objects.create(version=version, document=fmt, requested_by=request.user)
        transaction.on_commit(lambda: build_itplan_export.delay(export.pk))
        return redirect("portfolio:itplan-export", export.pk)


def _export_for(request, pk: int) -> ITPlanExport:
    export = get_object_or_404(
        ITPlanExport.objects.select_related("version__plan__cycle"), pk=pk, requested_by=request.user
    )
    if not request.user.has_perm("portfolio.view_itplanversion", export.version):
        raise Http404
    return export


class ITPlanExportStatusView(TemplateView):
    template_name = "portfolio/itplan/export_status.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["portfolio/itplan/_export_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        export = _export_for(self.request, self.kwargs["pk"])
        plan = export.version.plan
        ctx.update(
            export=export,
            plan=plan,
            back_url=reverse("portfolio:itplan-version", args=[plan.cycle.plan_year, export.version.number]),
            breadcrumbs=[
                (_("IT plans"), reverse("portfolio:itplan-list")),
                (str(plan), reverse("portfolio:itplan-detail", args=[plan.cycle.plan_year])),
                (_("Document"), None),
            ],
        )
        return ctx


class ITPlanExportFileView(View):
    def get(self, request, pk: int):
        export = _export_for(request, pk)
        if export.status != ITPlanExport.Status.DONE or not export.file:
            raise Http404
        suffix = "pdf" if export.document == "followup" else export.document
        name = f"itplan-{export.version.plan.cycle.plan_year}-v{export.version.number}"
        if export.document == "followup":
            name = name.replace("itplan-", "itplan-follow-up-")
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"{name}.{suffix}",
            content_type=exports.FORMATS[suffix],
        )
