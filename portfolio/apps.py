from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self) -> None:
        from governance.models import MilestoneKind
        from governance.obligations import registry

        from .selectors import proposals_awaiting_assessment

        registry.milestone_source(MilestoneKind.INVENTORY)(proposals_awaiting_assessment)
