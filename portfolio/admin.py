"""Admin for the portfolio. Object permissions come from portfolio.rules; states change only through the
workflows (admin actions call `proposal_transition` / `project_transition`), never by assignment."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsStackedInline, ObjectPermissionsTabularInline

from governance.admin import AuditedAdmin
from portfolio.projects.models import ActualCost, BaselineYear, BenefitFollowUp, Programme, Project, StatusReport
from portfolio.projects.workflows import PROJECT_WORKFLOW, project_transition
from portfolio.proposals.models import BenefitLine, CostLine, FinancingAmount, FinancingDecision, Proposal, Risk
from portfolio.proposals.services import _next_reference, proposal_totals_refresh
from portfolio.proposals.workflows import PROPOSAL_WORKFLOW, proposal_transition


class _ParentPermissionInline:
    """Inlines ask the rules with the parent object (the proposal or project) for add as well."""

    def has_add_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}", obj)


class CostLineInline(_ParentPermissionInline, ObjectPermissionsTabularInline):
    model = CostLine
    extra = 0
    fields = (
        "year",
        "category",
        "description",
        "payer",
        "cost_type",
        "hours",
        "hourly_rate",
        "amount",
        "amount_low",
        "amount_high",
    )


class BenefitLineInline(_ParentPermissionInline, ObjectPermissionsStackedInline):
    model = BenefitLine
    extra = 0
    autocomplete_fields = ["owner"]


class RiskInline(_ParentPermissionInline, ObjectPermissionsTabularInline):
    model = Risk
    extra = 0
    autocomplete_fields = ["owner"]


def _transition_action(workflow, apply, transition):
    def action(modeladmin, request, queryset):
        if transition.requires_comment:
            modeladmin.message_user(
                request,
                _("“%(action)s” needs a reason: use the record's page.") % {"action": transition.label},
                messages.ERROR,
            )
            return
        done = 0
        for obj in queryset:
            try:
                apply(obj, action=transition.action, actor=request.user, comment=str(_("Done in admin.")))
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                reasons = "; ".join(getattr(exc, "messages", [str(exc)]))
                modeladmin.message_user(request, f"{obj}: {reasons}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request, _("%(action)s: %(n)s done.") % {"action": transition.label, "n": done}, messages.SUCCESS
            )

    action.__name__ = f"transition_{transition.action}"
    action.short_description = transition.label
    return action


def _apply_proposal(obj, *, action, actor, comment):
    return proposal_transition(proposal=obj, action=action, actor=actor, comment=comment)


def _apply_project(obj, *, action, actor, comment):
    return project_transition(project=obj, action=action, actor=actor, comment=comment)


@admin.register(Proposal)
class ProposalAdmin(AuditedAdmin):
    list_display = ("reference", "title", "owning_group", "target_cycle", "state", "area", "total_cost", "npv")
    list_filter = ("state", "area", "target_cycle", "owning_group")
    search_fields = ["reference", "title", "description"]
    list_select_related = ["owning_group", "target_cycle"]
    autocomplete_fields = ["author"]
    filter_horizontal = ["goals", "systems", "affected_operations", "depends_on"]
    readonly_fields = (
        "reference",
        "state",
        "submitted_at",
        "return_reason",
        "administration",
        "total_cost",
        "total_benefit",
        "cash_releasing_benefit",
        "npv",
        "payback_year",
        "benefit_cost_ratio",
        "qualitative_score",
    )
    exclude = ["version"]
    inlines = [CostLineInline, BenefitLineInline, RiskInline]
    actions = [_transition_action(PROPOSAL_WORKFLOW, _apply_proposal, t) for t in PROPOSAL_WORKFLOW.transitions]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return request.user.has_perm("portfolio.add_proposal")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author_id = obj.author_id or request.user.pk
            obj.reference = _next_reference(obj.target_cycle)
        obj.administration = obj.derive_administration()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        proposal_totals_refresh(proposal=form.instance)


class FinancingAmountInline(_ParentPermissionInline, ObjectPermissionsTabularInline):
    model = FinancingAmount
    extra = 0

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("portfolio.add_financingamount", obj.proposal if obj else None)


@admin.register(FinancingDecision)
class FinancingDecisionAdmin(AuditedAdmin):
    list_display = ("proposal", "payer", "budget_source", "decision")
    list_select_related = ["proposal"]
    inlines = [FinancingAmountInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(proposal__in=Proposal.objects.visible_to(request.user))


@admin.register(Risk)
class RiskAdmin(AuditedAdmin):
    list_display = ("proposal", "description", "probability", "consequence", "score", "owner")
    list_select_related = ["proposal", "owner"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(proposal__in=Proposal.objects.visible_to(request.user))


@admin.register(CostLine)
class CostLineAdmin(AuditedAdmin):
    list_display = ("proposal", "year", "category", "payer", "amount")
    list_filter = ("category", "payer")
    list_select_related = ["proposal"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(proposal__in=Proposal.objects.visible_to(request.user))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        proposal_totals_refresh(proposal=obj.proposal)


@admin.register(BenefitLine)
class BenefitLineAdmin(CostLineAdmin):
    list_display = ("proposal", "year", "benefit_type", "stakeholder", "cash_releasing", "amount", "score", "owner")
    list_filter = ("benefit_type", "stakeholder", "cash_releasing")
    list_select_related = ["proposal", "owner"]
    autocomplete_fields = ["owner"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ("name", "owner")
    search_fields = ["name"]
    exclude = ["version"]


class StatusReportInline(_ParentPermissionInline, ObjectPermissionsStackedInline):
    model = StatusReport
    extra = 0


class ActualCostInline(_ParentPermissionInline, ObjectPermissionsTabularInline):
    model = ActualCost
    extra = 0


class BenefitFollowUpInline(_ParentPermissionInline, ObjectPermissionsTabularInline):
    model = BenefitFollowUp
    extra = 0


class BaselineYearInline(admin.TabularInline):
    model = BaselineYear
    extra = 0
    readonly_fields = ("year", "cost", "investment", "benefit", "cash_releasing_benefit")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ("name", "programme", "manager", "state", "baseline_total_cost", "baseline_npv")
    list_filter = ("state", "programme")
    search_fields = ["name", "proposal__reference"]
    list_select_related = ["programme", "manager"]
    readonly_fields = (
        "proposal",
        "state",
        "completed_on",
        "baseline_total_cost",
        "baseline_total_benefit",
        "baseline_npv",
        "approved_at",
    )
    exclude = ["version"]
    inlines = [BaselineYearInline, StatusReportInline, ActualCostInline, BenefitFollowUpInline]
    actions = [_transition_action(PROJECT_WORKFLOW, _apply_project, t) for t in PROJECT_WORKFLOW.transitions]


@admin.register(StatusReport)
class StatusReportAdmin(AuditedAdmin):
    list_display = ("project", "reported_on", "schedule", "cost", "scope")
    list_filter = ("schedule", "cost", "scope")
    list_select_related = ["project"]


@admin.register(ActualCost)
class ActualCostAdmin(AuditedAdmin):
    list_display = ("project", "year", "category", "amount")
    list_select_related = ["project"]


@admin.register(BenefitFollowUp)
class BenefitFollowUpAdmin(AuditedAdmin):
    list_display = ("project", "benefit_line", "phase", "measured_on", "planned_value", "realised_value")
    list_filter = ("phase",)
    list_select_related = ["project", "benefit_line"]
