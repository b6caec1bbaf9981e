from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from ..selectors import orgchart_groups
from .base import ObjectPermissionMixin
from .mixins import BreadcrumbMixin


class OrgChartView(ObjectPermissionMixin, BreadcrumbMixin, TemplateView):
    """The three tiers drawn as a chart: each group with its scope, convener and active members."""

    template_name = "governance/orgchart.html"
    permission_required = "governance.view_steeringgroup"

    def get_breadcrumbs(self):
        return [(_("Organisation"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        ctx["roots"] = orgchart_groups(on=ctx["today"])
        return ctx
