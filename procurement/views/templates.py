"""Checklist template pages for IT coordination: versions, edit a draft, start a new draft, publish."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from governance.exceptions import ConcurrentEditError
from governance.forms import ConfirmForm, add_service_errors
from governance.views.mixins import BreadcrumbMixin

from .. import services
from ..forms import TemplateForm, TemplateItemFormSet
from ..models import ChecklistTemplate, DecisionThreshold
from ..models.phases import WORKING_PHASES


def templates_crumb():
    return (_("Checklist versions"), reverse("procurement:template-list"))


class TemplateListView(BreadcrumbMixin, TemplateView):
    template_name = "procurement/template_list.html"

    def get_context_data(self, **kwargs):

        ctx = super().get_context_data(**kwargs)
        ctx["templates"] = ChecklistTemplate.objects.select_related("published_by", "created_by").annotate(
            item_count=Count("items", distinct=True), case_count=Count("cases", distinct=True)
        )
        ctx["current"] = ChecklistTemplate.objects.current()
        ctx["can_edit"] = self.request.user.has_perm("procurement.change_checklisttemplate")
        ctx["thresholds"] = DecisionThreshold.objects.select_related("decider")
        ctx["breadcrumbs"] = [
            (_("Procurement cases"), reverse("procurement:case-list")),
            (_("Checklist versions"), None),
        ]
        return ctx


class TemplateDetailView(BreadcrumbMixin, TemplateView):
    template_name = "procurement/template_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        template = get_object_or_404(ChecklistTemplate, pk=kwargs["pk"])
        items = list(template.items.all())
        ctx["template"] = template
        ctx["phases"] = [(p.label, [i for i in items if i.phase == p]) for p in WORKING_PHASES]
        ctx["can_edit"] = self.request.user.has_perm("procurement.change_checklisttemplate", template)
        ctx["breadcrumbs"] = [templates_crumb(), (str(template), None)]
        return ctx


class TemplateNewDraftView(View):
    """POST: start (or reopen) the draft version copied from the current one."""

    def post(self, request):
        try:
            draft = services.template_new_draft(actor=request.user)
        except PermissionDenied:
            raise
        messages.info(
            request, _("You are editing draft version %(n)s. Running cases keep their version.") % {"n": draft.number}
        )
        return redirect("procurement:template-edit", pk=draft.pk)


class TemplateEditView(BreadcrumbMixin, View):
    def dispatch(self, request, *args, **kwargs):
        self.template = get_object_or_404(ChecklistTemplate, pk=kwargs["pk"])
        if not request.user.has_perm("procurement.change_checklisttemplate", self.template):
            raise PermissionDenied
        if self.template.is_published:
            messages.warning(
                request,
                _(
                    "Version %(n)s is published and in use, so it is not changed in place. "
                    "Start a new draft version to change the checklist."
                )
                % {"n": self.template.number},
            )
            return redirect(self.template)
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, form, formset):
        title = _("Edit draft version %(n)s") % {"n": self.template.number}
        return render(
            request,
            "procurement/template_form.html",
            {
                "form": form,
                "formset": formset,
                "template": self.template,
                "page_title": title,
                "back_url": self.template.get_absolute_url(),
                "breadcrumbs": [templates_crumb(), (title, None)],
            },
        )

    def get(self, request, pk):
        form = TemplateForm(
            initial={
                "title": self.template.title,
                "change_note": self.template.change_note,
                "expected_version": self.template.version,
            }
        )
        formset = TemplateItemFormSet(queryset=self.template.items.all(), prefix="items")
        return self.page(request, form, formset)

    def post(self, request, pk):
        form = TemplateForm(request.POST)
        formset = TemplateItemFormSet(request.POST, queryset=self.template.items.all(), prefix="items")
        if form.is_valid() and formset.is_valid():
            items, deleted = [], []
            for f in formset.forms:
                if not f.has_changed() and not f.instance.pk:
                    continue
                if f.cleaned_data.get("DELETE"):
                    if f.instance.pk:
                        deleted.append(f.instance.pk)
                    continue
                row = {
                    k: f.cleaned_data[k]
                    for k in ("phase", "order", "text", "guidance", "mandatory", "evidence_required")
                }
                row["id"] = f.instance.pk
                items.append(row)
            try:
                services.template_items_save(
                    template=self.template,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    change_note=form.cleaned_data["change_note"],
                    items=items,
                    deleted_ids=deleted,
                    expected_version=form.cleaned_data.get("expected_version") or self.template.version,
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect(self.template)
        return self.page(request, form, formset)


class TemplatePublishView(BreadcrumbMixin, View):
    def dispatch(self, request, *args, **kwargs):
        self.template = get_object_or_404(ChecklistTemplate, pk=kwargs["pk"])
        if not request.user.has_perm("procurement.publish_checklisttemplate", self.template):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def page(self, request, form):
        title = _("Publish version %(n)s") % {"n": self.template.number}
        return render(
            request,
            "procurement/template_publish.html",
            {
                "form": form,
                "template": self.template,
                "page_title": title,
                "back_url": self.template.get_absolute_url(),
                "breadcrumbs": [templates_crumb(), (title, None)],
            },
        )

    def get(self, request, pk):
        return self.page(request, ConfirmForm())

    def post(self, request, pk):
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.template_publish(template=self.template, actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Version %(n)s is published: new cases get it.") % {"n": self.template.number}
                )
                return redirect(self.template)
        return self.page(request, form)
