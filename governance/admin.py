from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    BudgetCycle,
    Committee,
    Decision,
    Goal,
    Indicator,
    Measurement,
    Meeting,
    Membership,
    Milestone,
    Notification,
    OrganisationUnit,
    RoleAssignment,
    StateChange,
    SteeringGroup,
    Strategy,
    User,
)
from .services import budget_cycle_create


class AuditedAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """Object-level permissions from the rules predicates, and a history view per record."""


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Work"), {"fields": ("title", "phone")}))
    list_display = ("username", "first_name", "last_name", "title", "email", "is_active")
    inlines = [RoleAssignmentInline]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    search_fields = ["name", "short_name"]


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "kind", "parent", "committee")
    list_filter = ("kind",)
    search_fields = ["name", "short_name"]


@admin.register(SteeringGroup)
class SteeringGroupAdmin(AuditedAdmin):
    list_display = ("name", "tier", "parent", "scope", "meetings_min_per_year", "meetings_max_per_year")
    list_filter = ("tier",)
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "group", "role", "side", "valid_from", "valid_to")
    list_filter = ("group__tier", "role", "side")
    autocomplete_fields = ["user", "group"]
    search_fields = ["user__last_name", "user__first_name", "group__name"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    list_display = ("group", "kind", "starts_at", "location")
    list_filter = ("kind", "group")
    date_hierarchy = "starts_at"
    filter_horizontal = ["attendees"]
    inlines = [AgendaItemInline, DecisionInline]
    exclude = ["version"]


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin):
    list_display = ("reference", "title", "meeting")
    search_fields = ["title", "text", "reference"]
    list_select_related = ["meeting__group"]


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(AuditedAdmin):
    list_display = ("title", "kind", "adopted_on", "revision_interval_years")
    inlines = [GoalInline]


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0


@admin.register(Goal)
class GoalAdmin(AuditedAdmin):
    list_display = ("code", "title", "strategy", "is_principle")
    list_filter = ("strategy", "is_principle")
    search_fields = ["title", "code"]
    inlines = [IndicatorInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("name", "goal", "baseline", "target", "unit", "direction")
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(AuditedAdmin):
    list_display = ("indicator", "measured_on", "value")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(BudgetCycle)
class BudgetCycleAdmin(AuditedAdmin):
    list_display = ("plan_year", "discount_rate", "hourly_rate")
    inlines = [MilestoneInline]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # New cycles get their milestones from the default template, as on the cycle page.

        created = budget_cycle_create(
            plan_year=obj.plan_year,
            actor=request.user,
            discount_rate=obj.discount_rate,
            hourly_rate=obj.hourly_rate,
            notes=obj.notes,
        )
        obj.pk = created.pk
        obj.version = created.version


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    list_display = ("title", "cycle", "starts_on", "ends_on", "responsible", "completed_on")
    list_filter = ("cycle", "responsible")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "valid_from", "valid_to")


@admin.register(StateChange)
class StateChangeAdmin(admin.ModelAdmin):
    list_display = ("content_type", "object_id", "action", "before", "after", "actor", "created_at")
    list_filter = ("content_type", "action")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "title", "due_on", "created_at", "emailed_at")
    list_filter = ("kind",)
