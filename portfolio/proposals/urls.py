"""Proposal pages, their import and decision memo (namespace "portfolio", included by portfolio/urls.py)."""

from django.urls import path

from portfolio.proposals.views import assessment, calculation, imports, memo, workflow
from portfolio.proposals.views import proposals as views

urlpatterns = [
    path("proposals/", views.ProposalListView.as_view(), name="proposal-list"),
    path("proposals/mine/", views.MyProposalListView.as_view(), name="proposal-mine"),
    path("proposals/inbox/", views.BoardInboxView.as_view(), name="proposal-inbox"),
    path("proposals/new/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("proposals/<int:pk>/history/", views.ProposalHistoryView.as_view(), name="proposal-history"),
    path("proposals/<int:pk>/edit/<slug:section>/", views.ProposalSectionView.as_view(), name="proposal-section"),
    path("proposals/<int:pk>/calculation/", calculation.ProposalCalculationView.as_view(), name="proposal-calculation"),
    path(
        "proposals/<int:pk>/calculation/preview/",
        calculation.ProposalCalculationPreviewView.as_view(),
        name="proposal-calculation-preview",
    ),
    path("proposals/<int:pk>/risks/new/", assessment.RiskEditView.as_view(), name="proposal-risk-create"),
    path("proposals/<int:pk>/risks/<int:risk_pk>/", assessment.RiskEditView.as_view(), name="proposal-risk-update"),
    path(
        "proposals/<int:pk>/risks/<int:risk_pk>/delete/",
        assessment.RiskDeleteView.as_view(),
        name="proposal-risk-delete",
    ),
    path("proposals/<int:pk>/financing/new/", assessment.FinancingEditView.as_view(), name="proposal-financing-create"),
    path(
        "proposals/<int:pk>/financing/<int:financing_pk>/",
        assessment.FinancingEditView.as_view(),
        name="proposal-financing-update",
    ),
    path(
        "proposals/<int:pk>/financing/<int:financing_pk>/delete/",
        assessment.FinancingDeleteView.as_view(),
        name="proposal-financing-delete",
    ),
    path("proposals/<int:pk>/recommendation/", assessment.RecommendationView.as_view(), name="proposal-recommendation"),
    path(
        "proposals/<int:pk>/transition/<slug:action>/",
        workflow.ProposalTransitionView.as_view(),
        name="proposal-transition",
    ),
    path("proposals/import/", imports.ProposalImportView.as_view(), name="proposal-import"),
    path(
        "proposals/import/template.xlsx", imports.ProposalImportTemplateView.as_view(), name="proposal-import-template"
    ),
    path("proposals/<int:pk>/memo.pdf", memo.ProposalMemoView.as_view(), name="proposal-memo"),
]
