from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        # Imported here, not at module level: an AppConfig module is imported before the models exist.
        from governance.models import MilestoneKind
        from governance.obligations import registry
        from portfolio.projects import workflows as project_workflows
        from portfolio.proposals.selectors import proposals_awaiting_assessment

        registry.milestone_source(MilestoneKind.INVENTORY)(proposals_awaiting_assessment)
        project_workflows.connect()
