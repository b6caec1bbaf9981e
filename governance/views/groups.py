from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from ..filters import GroupFilter
from ..forms_pages import MembershipEndForm, MembershipForm, SteeringGroupForm
from ..models import Membership, SteeringGroup
from ..selectors import group_list, group_page
from ..tables import GroupTable
from .base import CachedObjectMixin, FormPageMixin, ObjectPermissionMixin
from .mixins import BreadcrumbMixin, FilteredTableView

GROUPS = (_("Groups"), reverse_lazy("governance:group-list"))


class GroupListView(ObjectPermissionMixin, FilteredTableView):
    permission_required = "governance.view_steeringgroup"
    table_class = GroupTable
    filterset_class = GroupFilter
    template_name = "governance/group_list.html"
    page_title = _("Steering groups")
    export_filename = "steering-groups"

    def get_queryset(self):
        return group_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [(_("Groups"), None)]


class GroupDetailView(CachedObjectMixin, ObjectPermissionMixin, BreadcrumbMixin, DetailView):
    permission_required = "governance.view_steeringgroup"
    template_name = "governance/group_detail.html"
    context_object_name = "group"
    queryset = SteeringGroup.objects.select_related("parent", "scope")

    def get_breadcrumbs(self):
        return [GROUPS, (str(self.object), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page"] = group_page(group=self.object)
        return ctx


class GroupCreateView(ObjectPermissionMixin, FormPageMixin, CreateView):
    permission_required = "governance.add_steeringgroup"
    form_class = SteeringGroupForm
    page_title = _("New steering group")
    success_message = _("The group was created.")

    def get_breadcrumbs(self):
        return [GROUPS, (_("New"), None)]

    def get_back_url(self):
        return reverse("governance:group-list")

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response


class GroupUpdateView(CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, UpdateView):
    permission_required = "governance.change_steeringgroup"
    model = SteeringGroup
    form_class = SteeringGroupForm
    success_message = _("The group was saved.")

    def get_page_title(self):
        return _("Edit %(name)s") % {"name": self.object}

    def get_breadcrumbs(self):
        return [GROUPS, (str(self.object), self.object.get_absolute_url()), (_("Edit"), None)]

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response


class GroupChildMixin:
    """Pages reached through a group in the URL (`group_pk`)."""

    def get_group(self) -> SteeringGroup:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(SteeringGroup, pk=self.kwargs["group_pk"])
        return self._group


class MembershipCreateView(ObjectPermissionMixin, GroupChildMixin, FormPageMixin, CreateView):
    permission_required = "governance.add_membership"
    form_class = MembershipForm
    success_message = _("The member was added.")

    def get_permission_object(self):
        return self.get_group()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Membership(group=self.get_group())
        return kwargs

    def get_page_title(self):
        return _("Add a member to %(group)s") % {"group": self.get_group()}

    def get_breadcrumbs(self):
        group = self.get_group()
        return [GROUPS, (str(group), group.get_absolute_url()), (_("Add member"), None)]

    def get_success_url(self):
        return self.get_group().get_absolute_url() + "#members"

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response


class MembershipUpdateView(CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, UpdateView):
    permission_required = "governance.change_membership"
    queryset = Membership.objects.select_related("group", "user")
    form_class = MembershipForm
    success_message = _("The membership was saved.")

    def get_page_title(self):
        return _("Edit membership: %(person)s in %(group)s") % {"person": self.object.user, "group": self.object.group}

    def get_breadcrumbs(self):
        group = self.object.group
        return [GROUPS, (str(group), group.get_absolute_url()), (_("Edit membership"), None)]

    def get_success_url(self):
        return self.object.group.get_absolute_url() + "#members"

    def form_valid(self, form):
        response = super().form_valid(form)
        self.announce()
        return response


class MembershipEndView(CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, FormView):
    """Confirmation page: the membership ends on a date and stays on record."""

    permission_required = "governance.change_membership"
    form_class = MembershipEndForm
    template_name = "governance/membership_end.html"
    success_message = _("The membership was ended.")
    submit_label = _("End membership")

    def get_object(self, queryset=None):
        if not hasattr(self, "_cached_object"):
            self._cached_object = get_object_or_404(
                Membership.objects.select_related("group", "user"), pk=self.kwargs["pk"]
            )
        return self._cached_object

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["membership"] = self.get_object()
        return kwargs

    def get_page_title(self):
        m = self.get_object()
        return _("End membership: %(person)s in %(group)s") % {"person": m.user, "group": m.group}

    def get_breadcrumbs(self):
        group = self.get_object().group
        return [GROUPS, (str(group), group.get_absolute_url()), (_("End membership"), None)]

    def get_success_url(self):
        return self.get_object().group.get_absolute_url() + "#members"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["membership"] = self.get_object()
        return ctx

    def form_valid(self, form):
        form.save()
        self.announce()
        return super().form_valid(form)
