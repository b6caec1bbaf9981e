"""Prioritisation URLs (included by portfolio/urls.py in the "portfolio" namespace)."""

from django.urls import path

from portfolio.prioritisation import views as v

BOARD = "prioritisation/<int:cycle_pk>/board/<int:board_pk>/"

urlpatterns = [
    path("prioritisation/", v.PrioritisationHomeView.as_view(), name="prioritisation-home"),
    path(BOARD, v.BoardOverviewView.as_view(), name="prioritisation-board"),
    path(BOARD + "criteria/", v.CriteriaEditView.as_view(), name="prioritisation-criteria"),
    path(BOARD + "score/", v.ScoringView.as_view(), name="prioritisation-score"),
    path(BOARD + "ranking/", v.RankingView.as_view(), name="prioritisation-ranking"),
    path(BOARD + "open-scores/", v.OpenScoresView.as_view(), name="prioritisation-open-scores"),
    path(BOARD + "final/<int:proposal_pk>/", v.FinalScoreView.as_view(), name="prioritisation-final-score"),
    path(BOARD + "scenarios/new/", v.ScenarioCreateView.as_view(), name="scenario-create"),
    path("prioritisation/<int:cycle_pk>/leadership/", v.LeadershipView.as_view(), name="prioritisation-leadership"),
    path(
        "prioritisation/<int:cycle_pk>/leadership/scenarios/new/",
        v.ScenarioCreateView.as_view(leadership=True),
        name="leadership-scenario-create",
    ),
    path("prioritisation/scenarios/compare/", v.ScenarioCompareView.as_view(), name="scenario-compare"),
    path("prioritisation/scenarios/<int:pk>/", v.ScenarioDetailView.as_view(), name="scenario-detail"),
    path("prioritisation/scenarios/<int:pk>/delete/", v.ScenarioDeleteView.as_view(), name="scenario-delete"),
    path("prioritisation/scenarios/<int:pk>/status/", v.ScenarioStatusView.as_view(), name="scenario-status"),
    path("prioritisation/scenarios/<int:pk>/recommend/", v.ScenarioRecommendView.as_view(), name="scenario-recommend"),
    path("prioritisation/scenarios/<int:pk>/settle/", v.ScenarioSettleView.as_view(), name="scenario-settle"),
]
