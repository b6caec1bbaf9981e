"""Plumbing of the governance pages: object-level permission checks and the shared form page."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .history import HistoryView
from .mixins import BreadcrumbMixin


class ObjectPermissionMixin(PermissionRequiredMixin):
    """`user.has_perm(permission_required, get_permission_object())`, the rules predicates' answer.

    Create views return the parent (the group a meeting is added to); detail and edit views the
    object itself; None asks for the model-level permission. Signed-out people never get here
    (LoginRequiredMiddleware); signed-in people without the permission get 403.
    """

    raise_exception = True

    def get_permission_object(self):
        return None

    def has_permission(self) -> bool:
        obj = self.get_permission_object()
        return all(self.request.user.has_perm(p, obj) for p in self.get_permission_required())


class CachedObjectMixin:
    """`get_object()` runs its query once per request, so the permission check can reuse it."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_cached_object"):
            self._cached_object = super().get_object(queryset)
        return self._cached_object

    def get_permission_object(self):
        return self.get_object()


class FormPageMixin(BreadcrumbMixin):
    """A form page: `governance/form_page.html` with a title, a back link and a success message."""

    template_name = "governance/form_page.html"
    page_title = ""
    success_message = _("Saved.")
    submit_label = _("Save")

    def get_page_title(self) -> str:
        return str(self.page_title)

    def get_back_url(self) -> str:
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = self.get_page_title()
        ctx["back_url"] = self.get_back_url()
        ctx["submit_label"] = self.submit_label
        return ctx

    def announce(self) -> None:
        messages.success(self.request, self.success_message)


class VersionedUpdateMixin:
    """`form_valid` for an edit page of a `VersionedModel`: a stale save is refused with the form error and
    everything the user typed; a good one is announced and goes to the success URL."""

    def form_valid(self, form):
        if form.save_versioned() is None:  # someone else saved in between
            return self.form_invalid(form)
        self.announce()
        return redirect(self.get_success_url())


class HistoryPageView(HistoryView):
    """History tab for records without a page of their own: `back(obj)` gives the page to return to."""

    template_name = "governance/history_page.html"
    back = None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["back_url"] = self.back(self.object) if self.back else self.object.get_absolute_url()
        return ctx
