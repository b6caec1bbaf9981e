from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView

from ..audit import history_entries
from ..workflow import state_changes_for


class HistoryView(PermissionRequiredMixin, DetailView):
    """The history tab of any audited record: `HistoryView.as_view(model=..., back_url_name=...)`."""

    template_name = "includes/history_page.html"
    context_object_name = "object"

    def get_permission_required(self):
        meta = self.model._meta
        return [f"{meta.app_label}.view_{meta.model_name}"]

    def has_permission(self):
        return all(self.request.user.has_perm(p, self.get_object()) for p in self.get_permission_required())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entries"] = history_entries(self.object)
        ctx["state_changes"] = state_changes_for(self.object)
        return ctx
