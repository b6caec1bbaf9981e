from django.contrib import admin

from governance.admin import AuditedAdmin

from .models import (
    CaseItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    ContractFollowUp,
    DecisionThreshold,
    ProcurementCase,
    ProcurementDecision,
)


class TemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(AuditedAdmin):
    list_display = ("number", "title", "published_at", "published_by")
    readonly_fields = ("published_at", "published_by", "created_by")
    inlines = [TemplateItemInline]

    def has_change_permission(self, request, obj=None):
        # A published version is in use and never edited in place: start a new draft on the checklist page.
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)


class CaseItemInline(admin.TabularInline):
    model = CaseItem
    extra = 0
    fields = ("phase", "order", "text", "mandatory", "status", "reason", "completed_by", "completed_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProcurementCase)
class ProcurementCaseAdmin(AuditedAdmin):
    list_display = ("reference", "title", "phase", "procedure", "estimated_value", "responsible")
    list_filter = ("phase", "procedure")
    search_fields = ("reference", "title")
    readonly_fields = ("reference", "phase", "template", "created_by")
    inlines = [CaseItemInline]


@admin.register(DecisionThreshold)
class DecisionThresholdAdmin(AuditedAdmin):
    list_display = ("level", "up_to", "decider", "requires_minutes")


@admin.register(ProcurementDecision)
class ProcurementDecisionAdmin(AuditedAdmin):
    list_display = ("case", "level", "decided_on", "recorded_by")
    readonly_fields = ("required_level", "value_at_decision")


@admin.register(ContractFollowUp)
class ContractFollowUpAdmin(AuditedAdmin):
    list_display = ("case", "due_on", "description", "responsible", "done_on")
