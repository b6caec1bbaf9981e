from django.urls import path

from governance.views.history import HistoryView

from .models import ChecklistTemplate, ProcurementCase
from .views import cases, templates

app_name = "procurement"

urlpatterns = [
    path("", cases.CaseListView.as_view(), name="case-list"),
    path("new/", cases.CaseCreateView.as_view(), name="case-create"),
    path("overview/", cases.OverviewView.as_view(), name="overview"),
    path("<int:pk>/", cases.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/edit/", cases.CaseUpdateView.as_view(), name="case-update"),
    path("<int:pk>/advance/", cases.CaseAdvanceView.as_view(), name="case-advance"),
    path("<int:pk>/decision/", cases.DecisionRecordView.as_view(), name="decision-record"),
    path("<int:pk>/valuation/", cases.ValuationEditView.as_view(), name="valuation-edit"),
    path("<int:pk>/valuation/confirm/", cases.ValuationConfirmView.as_view(), name="valuation-confirm"),
    path("<int:pk>/reuse/", cases.ReuseCheckView.as_view(), name="reuse-check"),
    path("<int:pk>/register-system/", cases.RegisterSystemView.as_view(), name="register-system"),
    path("<int:pk>/follow-ups/new/", cases.FollowUpCreateView.as_view(), name="followup-create"),
    path("<int:pk>/audit.pdf", cases.CasePdfView.as_view(), name="case-pdf"),
    path("<int:pk>/history/", HistoryView.as_view(model=ProcurementCase), name="case-history"),
    path("follow-ups/<int:pk>/done/", cases.FollowUpDoneView.as_view(), name="followup-done"),
    path("items/<int:pk>/", cases.CaseItemUpdateView.as_view(), name="item-update"),
    path("items/<int:pk>/evidence/", cases.EvidenceDownloadView.as_view(), name="item-evidence"),
    path("checklists/", templates.TemplateListView.as_view(), name="template-list"),
    path("checklists/new-draft/", templates.TemplateNewDraftView.as_view(), name="template-new-draft"),
    path("checklists/<int:pk>/", templates.TemplateDetailView.as_view(), name="template-detail"),
    path("checklists/<int:pk>/edit/", templates.TemplateEditView.as_view(), name="template-edit"),
    path("checklists/<int:pk>/publish/", templates.TemplatePublishView.as_view(), name="template-publish"),
    path("checklists/<int:pk>/history/", HistoryView.as_view(model=ChecklistTemplate), name="template-history"),
]
