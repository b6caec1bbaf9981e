from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenancePlansConfig(AppConfig):
    name = "maintenance_plans"
    verbose_name = _("Systems and maintenance plans")

    def ready(self) -> None:
        from . import obligations

        obligations.register()
