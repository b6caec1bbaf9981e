"""Register pages: list, detail, create/update, import."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from governance.exceptions import ConcurrentEditError
from governance.views.mixins import BreadcrumbMixin, FilteredTableView, spreadsheet_download

from .. import exports, imports, selectors
from ..filters import SystemFilter
from ..forms import InformationTypeFormSet, IntegrationFormSet, SystemForm, SystemImportForm
from ..models import ClassificationLevel, System
from ..services import system_save
from ..tables import SystemTable, system_rows


def register_crumb():
    return (_("Systems"), reverse("maintenance_plans:system-list"))


class SystemListView(FilteredTableView):
    filterset_class = SystemFilter
    table_class = SystemTable
    template_name = "maintenance_plans/system_list.html"
    export_filename = "system-register"
    page_title = gettext_lazy("System register")

    def get_queryset(self):
        return System.objects.visible_to(self.request.user)

    def get_table_data(self):
        return system_rows(self.object_list)

    def export_bytes(self, table, fmt):
        # The import's columns (and, in XLSX, a sheet of information types): an export imports again.
        return exports.register_bytes(self.export_queryset(table), fmt=fmt)

    def get_breadcrumbs(self):
        return [(_("System register"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_add"] = user.has_perm("maintenance_plans.add_system")
        ctx["can_import"] = user.has_perm("maintenance_plans.import_system")
        return ctx


class SystemDetailView(BreadcrumbMixin, TemplateView):
    template_name = "maintenance_plans/system_detail.html"

    def get_context_data(self, **kwargs):
        self.object = selectors.system_detail(pk=kwargs["pk"], user=self.request.user)
        ctx = super().get_context_data(**kwargs)
        ctx["system"] = self.object
        ctx["levels"] = dict(ClassificationLevel.choices)
        ctx["can_edit"] = self.request.user.has_perm("maintenance_plans.change_system", self.object)
        ctx["can_add_plan"] = self.request.user.has_perm("maintenance_plans.add_maintenanceplan", self.object)
        return ctx

    def get_breadcrumbs(self):
        return [register_crumb(), (str(self.object), None)]


class SystemEditView(BreadcrumbMixin, TemplateView):
    """Create (no pk) or update a system with its information types and integrations."""

    template_name = "maintenance_plans/system_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        if "pk" in kwargs:
            self.object = get_object_or_404(System.objects.visible_to(request.user), pk=kwargs["pk"])
            allowed = request.user.has_perm("maintenance_plans.change_system", self.object)
        else:
            allowed = request.user.has_perm("maintenance_plans.add_system")
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        instance = self.object or System()
        return (
            SystemForm(data, instance=instance),
            InformationTypeFormSet(data, instance=instance, prefix="info"),
            IntegrationFormSet(data, instance=instance, prefix="integrations"),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=self.forms()))

    def post(self, request, *args, **kwargs):
        form, info, integrations = self.forms(request.POST)
        if form.is_valid() and info.is_valid() and integrations.is_valid():
            system = form.save(commit=False)
            try:
                with transaction.atomic():
                    system_save(
                        system=system,
                        expected_version=form.cleaned_data.get("expected_version") or 1,
                        information_types=info,
                    )
                    integrations.instance = system
                    integrations.save()
            except ConcurrentEditError as exc:
                form.add_error(None, exc)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The system was saved."))
                return redirect(system.get_absolute_url())
        return self.render_to_response(self.get_context_data(forms=(form, info, integrations)))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"], ctx["info_formset"], ctx["integration_formset"] = kwargs["forms"]
        ctx["system"] = self.object
        ctx["back_url"] = self.object.get_absolute_url() if self.object else reverse("maintenance_plans:system-list")
        return ctx

    def get_breadcrumbs(self):
        if self.object:
            return [register_crumb(), (str(self.object), self.object.get_absolute_url()), (_("Edit"), None)]
        return [register_crumb(), (_("New system"), None)]


class SystemImportView(PermissionRequiredMixin, BreadcrumbMixin, FormView):
    permission_required = "maintenance_plans.import_system"
    template_name = "maintenance_plans/system_import.html"
    form_class = SystemImportForm

    def form_valid(self, form):
        report = imports.systems_import(file=form.cleaned_data["file"], actor=self.request.user)
        if report.ok:
            messages.success(
                self.request,
                _("Imported: %(created)s new systems, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            )
            return redirect("maintenance_plans:system-list")
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_breadcrumbs(self):
        return [register_crumb(), (_("Import"), None)]


class SystemImportTemplateView(PermissionRequiredMixin, TemplateView):
    permission_required = "maintenance_plans.view_system"

    def get(self, request, *args, **kwargs):
        return spreadsheet_download(exports.import_template_bytes(), fmt="xlsx", stem="system-register-template")
