from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label). Apps that are not installed yet or lack a page are skipped.
NAV = [
    ("governance:my-work", _("My work")),
    ("governance:orgchart", _("Organisation")),
    ("governance:group-list", _("Groups")),
    ("governance:meeting-list", _("Meetings")),
    ("governance:strategy-list", _("Strategies")),
    ("governance:cycle-list", _("Budget cycles")),
    ("maintenance_plans:system-list", _("Systems")),
    ("maintenance_plans:plan-list", _("Maintenance plans")),
    ("portfolio:proposal-list", _("Proposals")),
    ("portfolio:project-list", _("Projects")),
    ("portfolio:prioritisation-home", _("Prioritisation")),
    ("portfolio:itplan-list", _("IT plan")),
    ("procurement:case-list", _("Procurement")),
]


def _items(path: str):
    items = []
    for name, label in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": url != "/" and path.startswith(url) or path == url})
    return items


def navigation(request):
    return {
        "product_name": getattr(settings, "SITE_NAME", "Kommunens IT-styrning"),
        "nav_items": _items(request.path) if request.user.is_authenticated else [],
    }
