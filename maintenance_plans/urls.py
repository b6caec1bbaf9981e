from django.urls import path

from governance.views.history import HistoryView

from .models import MaintenancePlan, System
from .views import plans, systems

app_name = "maintenance_plans"

urlpatterns = [
    path("", systems.SystemListView.as_view(), name="system-list"),
    path("new/", systems.SystemEditView.as_view(), name="system-create"),
    path("import/", systems.SystemImportView.as_view(), name="system-import"),
    path("import/template.xlsx", systems.SystemImportTemplateView.as_view(), name="system-import-template"),
    path("<int:pk>/", systems.SystemDetailView.as_view(), name="system-detail"),
    path("<int:pk>/edit/", systems.SystemEditView.as_view(), name="system-update"),
    path("<int:pk>/history/", HistoryView.as_view(model=System), name="system-history"),
    path("plans/", plans.PlanListView.as_view(), name="plan-list"),
    path("plans/new/", plans.PlanStartView.as_view(), name="plan-create"),
    path("plans/coverage/", plans.DashboardView.as_view(), name="dashboard"),
    path("plans/export.xlsx", plans.PlansXlsxView.as_view(), name="plans-xlsx"),
    path("plans/<int:pk>/", plans.PlanDetailView.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.PlanUpdateView.as_view(), name="plan-update"),
    path("plans/<int:pk>/action/", plans.PlanTransitionView.as_view(), name="plan-transition"),
    path("plans/<int:pk>/pdf/", plans.PlanPdfView.as_view(), name="plan-pdf"),
    path("plans/<int:pk>/history/", HistoryView.as_view(model=MaintenancePlan), name="plan-history"),
]
