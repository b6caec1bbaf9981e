from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from ..filters import DecisionFilter, MeetingFilter
from ..forms_pages import AgendaItemFormSet, DecisionForm, MeetingForm, meeting_save
from ..models import Decision, Meeting, SteeringGroup
from ..selectors import decision_list, meeting_detail, meeting_list
from ..tables import DecisionTable, MeetingTable
from .base import CachedObjectMixin, FormPageMixin, ObjectPermissionMixin, VersionedUpdateMixin
from .mixins import BreadcrumbMixin, FilteredTableView

MEETINGS = (_("Meetings"), reverse_lazy("governance:meeting-list"))


class MeetingListView(ObjectPermissionMixin, FilteredTableView):
    permission_required = "governance.view_meeting"
    table_class = MeetingTable
    filterset_class = MeetingFilter
    template_name = "governance/meeting_list.html"
    page_title = _("Meetings")
    export_filename = "meetings"

    def get_queryset(self):
        return meeting_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [(_("Meetings"), None)]


class DecisionListView(ObjectPermissionMixin, FilteredTableView):
    permission_required = "governance.view_decision"
    table_class = DecisionTable
    filterset_class = DecisionFilter
    page_title = _("Decisions")
    export_filename = "decisions"

    def get_queryset(self):
        return decision_list(user=self.request.user)

    def get_breadcrumbs(self):
        return [MEETINGS, (_("Decisions"), None)]


class MeetingDetailView(CachedObjectMixin, ObjectPermissionMixin, BreadcrumbMixin, DetailView):
    permission_required = "governance.view_meeting"
    template_name = "governance/meeting_detail.html"
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        if not hasattr(self, "_cached_object"):
            try:
                self._cached_object = meeting_detail(pk=self.kwargs["pk"])
            except Meeting.DoesNotExist:
                raise Http404 from None
        return self._cached_object

    def get_breadcrumbs(self):
        group = self.object.group
        return [
            (_("Groups"), reverse("governance:group-list")),
            (str(group), group.get_absolute_url()),
            (str(self.object), None),
        ]


class MeetingFormMixin(FormPageMixin):
    """Meeting form plus agenda-item formset, saved together or not at all."""

    form_class = MeetingForm

    def get_group(self) -> SteeringGroup:
        raise NotImplementedError

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["group"] = self.get_group()
        return kwargs

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return AgendaItemFormSet(data, instance=self.object or Meeting(group=self.get_group()), prefix="agenda")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_initial_object()
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            meeting = meeting_save(form=form, formset=formset)
            if meeting is not None:
                self.object = meeting
                self.announce()
                return redirect(meeting.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class MeetingCreateView(ObjectPermissionMixin, MeetingFormMixin, CreateView):
    permission_required = "governance.add_meeting"
    success_message = _("The meeting was created.")

    def get_group(self):
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(SteeringGroup, pk=self.kwargs["group_pk"])
        return self._group

    def get_permission_object(self):
        return self.get_group()

    def get_initial_object(self):
        return None

    def get_page_title(self):
        return _("New meeting of %(group)s") % {"group": self.get_group()}

    def get_back_url(self):
        return self.get_group().get_absolute_url()

    def get_breadcrumbs(self):
        group = self.get_group()
        return [
            (_("Groups"), reverse("governance:group-list")),
            (str(group), group.get_absolute_url()),
            (_("New meeting"), None),
        ]


class MeetingUpdateView(CachedObjectMixin, ObjectPermissionMixin, MeetingFormMixin, UpdateView):
    permission_required = "governance.change_meeting"
    queryset = Meeting.objects.select_related("group")
    success_message = _("The meeting was saved.")

    def get_group(self):
        return self.get_object().group

    def get_initial_object(self):
        return self.get_object()

    def get_page_title(self):
        return _("Edit meeting: %(meeting)s") % {"meeting": self.get_object()}

    def get_breadcrumbs(self):
        return [MEETINGS, (str(self.object), self.object.get_absolute_url()), (_("Edit"), None)]


class DecisionCreateView(ObjectPermissionMixin, FormPageMixin, CreateView):
    permission_required = "governance.add_decision"
    form_class = DecisionForm
    success_message = _("The decision was recorded.")

    def get_meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=self.kwargs["pk"])
        return self._meeting

    def get_permission_object(self):
        return self.get_meeting()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["meeting"] = self.get_meeting()
        return kwargs

    def get_page_title(self):
        return _("Record a decision: %(meeting)s") % {"meeting": self.get_meeting()}

    def get_back_url(self):
        return self.get_meeting().get_absolute_url()

    def get_breadcrumbs(self):
        meeting = self.get_meeting()
        return [MEETINGS, (str(meeting), meeting.get_absolute_url()), (_("New decision"), None)]

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        self.announce()
        return response


class DecisionUpdateView(VersionedUpdateMixin, CachedObjectMixin, ObjectPermissionMixin, FormPageMixin, UpdateView):
    """Correct a recorded decision (a stale save is refused). Who recorded it stays unchanged."""

    permission_required = "governance.change_decision"
    queryset = Decision.objects.select_related("meeting__group")
    form_class = DecisionForm
    success_message = _("The decision was saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["meeting"] = self.get_object().meeting
        return kwargs

    def get_page_title(self):
        return _("Edit decision %(decision)s") % {"decision": self.get_object()}

    def get_success_url(self):
        return self.get_object().get_absolute_url()

    def get_breadcrumbs(self):
        meeting = self.get_object().meeting
        return [MEETINGS, (str(meeting), meeting.get_absolute_url()), (_("Edit decision"), None)]
