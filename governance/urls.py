from django.urls import path

from .models import BudgetCycle, Decision, Goal, Indicator, Meeting, Membership, Milestone, SteeringGroup, Strategy
from .views import cycles, groups, meetings, orgchart, strategies
from .views.base import HistoryPageView
from .views.history import HistoryView
from .views.home import MyWorkView

app_name = "governance"

urlpatterns = [
    path("", MyWorkView.as_view(), name="my-work"),
    path("organisation/", orgchart.OrgChartView.as_view(), name="orgchart"),
    # Groups and memberships
    path("groups/", groups.GroupListView.as_view(), name="group-list"),
    path("groups/add/", groups.GroupCreateView.as_view(), name="group-create"),
    path("groups/<int:pk>/", groups.GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/edit/", groups.GroupUpdateView.as_view(), name="group-update"),
    path("groups/<int:pk>/history/", HistoryView.as_view(model=SteeringGroup), name="group-history"),
    path("groups/<int:group_pk>/members/add/", groups.MembershipCreateView.as_view(), name="membership-create"),
    path("memberships/<int:pk>/edit/", groups.MembershipUpdateView.as_view(), name="membership-update"),
    path("memberships/<int:pk>/end/", groups.MembershipEndView.as_view(), name="membership-end"),
    path(
        "memberships/<int:pk>/history/",
        HistoryPageView.as_view(model=Membership, back=lambda m: m.group.get_absolute_url()),
        name="membership-history",
    ),
    # Meetings and decisions
    path("groups/<int:group_pk>/meetings/add/", meetings.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/", meetings.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting-update"),
    path("meetings/<int:pk>/history/", HistoryView.as_view(model=Meeting), name="meeting-history"),
    path("meetings/<int:pk>/decisions/add/", meetings.DecisionCreateView.as_view(), name="decision-create"),
    path("decisions/", meetings.DecisionListView.as_view(), name="decision-list"),
    path("decisions/<int:pk>/edit/", meetings.DecisionUpdateView.as_view(), name="decision-update"),
    path("decisions/<int:pk>/history/", HistoryView.as_view(model=Decision), name="decision-history"),
    # Strategies, goals, indicators, measurements
    path("strategies/", strategies.StrategyListView.as_view(), name="strategy-list"),
    path("strategies/add/", strategies.StrategyCreateView.as_view(), name="strategy-create"),
    path("strategies/<int:pk>/", strategies.StrategyDetailView.as_view(), name="strategy-detail"),
    path("strategies/<int:pk>/edit/", strategies.StrategyUpdateView.as_view(), name="strategy-update"),
    path("strategies/<int:pk>/history/", HistoryView.as_view(model=Strategy), name="strategy-history"),
    path("strategies/<int:pk>/goals/add/", strategies.GoalCreateView.as_view(), name="goal-create"),
    path("goals/<int:pk>/edit/", strategies.GoalUpdateView.as_view(), name="goal-update"),
    path(
        "goals/<int:pk>/history/",
        HistoryPageView.as_view(model=Goal, back=lambda g: g.strategy.get_absolute_url() + f"#goal-{g.pk}"),
        name="goal-history",
    ),
    path("goals/<int:pk>/indicators/add/", strategies.IndicatorCreateView.as_view(), name="indicator-create"),
    path("indicators/<int:pk>/edit/", strategies.IndicatorUpdateView.as_view(), name="indicator-update"),
    path(
        "indicators/<int:pk>/history/",
        HistoryPageView.as_view(
            model=Indicator, back=lambda i: i.goal.strategy.get_absolute_url() + f"#indicator-{i.pk}"
        ),
        name="indicator-history",
    ),
    path(
        "indicators/<int:pk>/measurements/add/", strategies.MeasurementCreateView.as_view(), name="measurement-create"
    ),
    path("measurements/<int:pk>/edit/", strategies.MeasurementUpdateView.as_view(), name="measurement-update"),
    path("measurements/<int:pk>/delete/", strategies.MeasurementDeleteView.as_view(), name="measurement-delete"),
    # Budget cycles and milestones
    path("cycles/", cycles.CycleListView.as_view(), name="cycle-list"),
    path("cycles/add/", cycles.CycleCreateView.as_view(), name="cycle-create"),
    path("cycles/<int:pk>/", cycles.CycleDetailView.as_view(), name="cycle-detail"),
    path("cycles/<int:pk>/edit/", cycles.CycleUpdateView.as_view(), name="cycle-update"),
    path("cycles/<int:pk>/history/", HistoryView.as_view(model=BudgetCycle), name="cycle-history"),
    path("milestones/<int:pk>/edit/", cycles.MilestoneUpdateView.as_view(), name="milestone-update"),
    path(
        "milestones/<int:pk>/history/",
        HistoryPageView.as_view(model=Milestone, back=lambda m: m.cycle.get_absolute_url() + f"#milestone-{m.pk}"),
        name="milestone-history",
    ),
]
