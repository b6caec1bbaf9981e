"""Project, programme, proposal import and decision memo pages (namespace "portfolio", included by
portfolio/urls.py)."""

from django.urls import path

from .views import imports, memo
from .views import projects as views

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project-update"),
    path("projects/<int:pk>/history/", views.ProjectHistoryView.as_view(), name="project-history"),
    path("projects/<int:pk>/status-reports/new/", views.StatusReportEditView.as_view(),
         name="project-status-report-create"),
    path("projects/<int:pk>/status-reports/<int:record_pk>/edit/", views.StatusReportEditView.as_view(),
         name="project-status-report-update"),
    path("projects/<int:pk>/status-reports/<int:record_pk>/delete/", views.StatusReportDeleteView.as_view(),
         name="project-status-report-delete"),
    path("projects/<int:pk>/actual-costs/new/", views.ActualCostEditView.as_view(),
         name="project-actual-cost-create"),
    path("projects/<int:pk>/actual-costs/<int:record_pk>/edit/", views.ActualCostEditView.as_view(),
         name="project-actual-cost-update"),
    path("projects/<int:pk>/actual-costs/<int:record_pk>/delete/", views.ActualCostDeleteView.as_view(),
         name="project-actual-cost-delete"),
    path("projects/<int:pk>/follow-ups/new/", views.BenefitFollowUpEditView.as_view(),
         name="project-follow-up-create"),
    path("projects/<int:pk>/follow-ups/<int:record_pk>/edit/", views.BenefitFollowUpEditView.as_view(),
         name="project-follow-up-update"),
    path("projects/<int:pk>/follow-ups/<int:record_pk>/delete/", views.BenefitFollowUpDeleteView.as_view(),
         name="project-follow-up-delete"),
    path("projects/<int:pk>/transition/<slug:action>/", views.ProjectTransitionView.as_view(),
         name="project-transition"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", views.ProgrammeEditView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeEditView.as_view(), name="programme-update"),
    path("proposals/import/", imports.ProposalImportView.as_view(), name="proposal-import"),
    path("proposals/import/template.xlsx", imports.ProposalImportTemplateView.as_view(),
         name="proposal-import-template"),
    path("proposals/<int:pk>/memo.pdf", memo.ProposalMemoView.as_view(), name="proposal-memo"),
]
