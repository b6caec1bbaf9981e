"""IT plan pages (namespace "portfolio", included by portfolio/urls.py)."""

from django.urls import path

from portfolio.itplan import views as views

urlpatterns = [
    path("it-plans/", views.ITPlanListView.as_view(), name="itplan-list"),
    path("it-plans/assemble/", views.ITPlanAssembleView.as_view(), name="itplan-assemble"),
    path("it-plans/documents/<int:pk>/", views.ITPlanExportStatusView.as_view(), name="itplan-export"),
    path("it-plans/documents/<int:pk>/file/", views.ITPlanExportFileView.as_view(), name="itplan-export-file"),
    path("it-plans/<int:year>/", views.ITPlanDetailView.as_view(), name="itplan-detail"),
    path("it-plans/<int:year>/v<int:number>/", views.ITPlanDetailView.as_view(), name="itplan-version"),
    path(
        "it-plans/<int:year>/v<int:number>/download/<slug:fmt>/",
        views.ITPlanDownloadView.as_view(),
        name="itplan-download",
    ),
    path(
        "it-plans/<int:year>/v<int:number>/build/<slug:fmt>/",
        views.ITPlanExportStartView.as_view(),
        name="itplan-build",
    ),
    path("it-plans/<int:year>/propose/", views.ITPlanProposeView.as_view(), name="itplan-propose"),
    path("it-plans/<int:year>/reopen/", views.ITPlanReopenView.as_view(), name="itplan-reopen"),
    path("it-plans/<int:year>/approve/", views.ITPlanApproveView.as_view(), name="itplan-approve"),
    path("it-plans/<int:year>/revise/", views.ITPlanReviseView.as_view(), name="itplan-revise"),
    path("it-plans/<int:year>/compare/", views.ITPlanCompareView.as_view(), name="itplan-compare"),
    path("it-plans/<int:year>/follow-up/", views.ITPlanFollowUpView.as_view(), name="itplan-follow-up"),
]
