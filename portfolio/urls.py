"""Portfolio URLs: each concern's own, in one namespace."""

from portfolio.itplan.urls import urlpatterns as itplan
from portfolio.prioritisation.urls import urlpatterns as prioritisation
from portfolio.projects.urls import urlpatterns as projects
from portfolio.proposals.urls import urlpatterns as proposals

app_name = "portfolio"

urlpatterns = [*proposals, *projects, *prioritisation, *itplan]
