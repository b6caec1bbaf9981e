"""Portfolio URLs, one module per area (proposals, projects, prioritisation, IT plan)."""

from importlib import import_module

app_name = "portfolio"

AREAS = ("urls_proposals", "urls_projects", "urls_prioritisation", "urls_itplan")

urlpatterns: list = []
for _area in AREAS:
    try:
        _module = import_module(f"portfolio.{_area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"portfolio.{_area}":
            raise
        continue
    urlpatterns += _module.urlpatterns
