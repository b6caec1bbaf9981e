"""Project and programme pages (namespace "portfolio", included by portfolio/urls.py)."""

from django.urls import path

from portfolio.projects.views import (
    ActualCostDeleteView,
    ActualCostEditView,
    BenefitFollowUpDeleteView,
    BenefitFollowUpEditView,
    ProgrammeDetailView,
    ProgrammeEditView,
    ProgrammeListView,
    ProjectDetailView,
    ProjectEditView,
    ProjectHistoryView,
    ProjectListView,
    ProjectTransitionView,
    StatusReportDeleteView,
    StatusReportEditView,
)

urlpatterns = [
    path("projects/", ProjectListView.as_view(), name="project-list"),
    path("projects/<int:pk>/", ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<int:pk>/edit/", ProjectEditView.as_view(), name="project-update"),
    path("projects/<int:pk>/history/", ProjectHistoryView.as_view(), name="project-history"),
    path("projects/<int:pk>/status-reports/new/", StatusReportEditView.as_view(), name="project-status-report-create"),
    path(
        "projects/<int:pk>/status-reports/<int:record_pk>/edit/",
        StatusReportEditView.as_view(),
        name="project-status-report-update",
    ),
    path(
        "projects/<int:pk>/status-reports/<int:record_pk>/delete/",
        StatusReportDeleteView.as_view(),
        name="project-status-report-delete",
    ),
    path("projects/<int:pk>/actual-costs/new/", ActualCostEditView.as_view(), name="project-actual-cost-create"),
    path(
        "projects/<int:pk>/actual-costs/<int:record_pk>/edit/",
        ActualCostEditView.as_view(),
        name="project-actual-cost-update",
    ),
    path(
        "projects/<int:pk>/actual-costs/<int:record_pk>/delete/",
        ActualCostDeleteView.as_view(),
        name="project-actual-cost-delete",
    ),
    path("projects/<int:pk>/follow-ups/new/", BenefitFollowUpEditView.as_view(), name="project-follow-up-create"),
    path(
        "projects/<int:pk>/follow-ups/<int:record_pk>/edit/",
        BenefitFollowUpEditView.as_view(),
        name="project-follow-up-update",
    ),
    path(
        "projects/<int:pk>/follow-ups/<int:record_pk>/delete/",
        BenefitFollowUpDeleteView.as_view(),
        name="project-follow-up-delete",
    ),
    path("projects/<int:pk>/transition/<slug:action>/", ProjectTransitionView.as_view(), name="project-transition"),
    path("programmes/", ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", ProgrammeEditView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", ProgrammeEditView.as_view(), name="programme-update"),
]
