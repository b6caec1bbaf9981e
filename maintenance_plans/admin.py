from django.contrib import admin

from governance.admin import AuditedAdmin

from .models import InformationType, Integration, MaintenancePlan, PlanActivity, PlanBudgetLine, System


class InformationTypeInline(admin.TabularInline):
    model = InformationType
    extra = 0


class IntegrationInline(admin.TabularInline):
    model = Integration
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(System)
class SystemAdmin(AuditedAdmin):
    list_display = ("name", "register_id", "kind", "administration", "system_manager", "lifecycle", "contract_end")
    list_filter = ("kind", "operation_form", "lifecycle", "administration")
    search_fields = ["name", "register_id", "supplier"]
    autocomplete_fields = ["system_owner", "system_manager", "information_owner"]
    readonly_fields = ["max_classification"]
    inlines = [InformationTypeInline, IntegrationInline]


class PlanActivityInline(admin.TabularInline):
    model = PlanActivity
    extra = 0


class PlanBudgetLineInline(admin.TabularInline):
    model = PlanBudgetLine
    extra = 0


@admin.register(MaintenancePlan)
class MaintenancePlanAdmin(AuditedAdmin):
    """The state is read-only here: transitions go through the workflow (the plan's page)."""

    list_display = ("system", "plan_year", "state")
    list_filter = ("plan_year", "state")
    search_fields = ["system__name"]
    readonly_fields = ["state", "return_reason"]
    autocomplete_fields = ["system"]
    inlines = [PlanActivityInline, PlanBudgetLineInline]
