"""A lean list page: django-filter + a plain-dict table, 50 rows a page, whitelisted sorting, export.

django-tables2's per-cell rendering costs more than the query itself on a 50-row page, so the register
renders `.values()` rows in a hand-written template partial instead. Exports use the same filtered
queryset and the formula-safe writers in `governance.spreadsheets`.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django_filters.views import FilterView

from governance.views.mixins import BreadcrumbMixin

PER_PAGE = 50


def spreadsheet_response(body: bytes, *, fmt: str, filename: str) -> HttpResponse:
    content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx"
                    else "text/csv; charset=utf-8")
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response


class LeanListView(BreadcrumbMixin, FilterView):
    """Subclasses give `columns` [(sort key or None, label)], `rows(queryset)`, `order(queryset, sort)`
    and `export(queryset, fmt) -> bytes`."""

    columns: list = []
    export_filename = "export"
    page_title = ""

    def order(self, queryset, sort):
        return queryset, sort

    def rows(self, queryset) -> list[dict]:
        raise NotImplementedError

    def export(self, queryset, fmt: str) -> bytes:
        raise NotImplementedError

    def filtered_queryset(self):
        filterset = self.get_filterset(self.get_filterset_class())
        self.filterset = filterset
        qs = filterset.qs if (filterset.is_bound and filterset.is_valid()) else self.get_queryset()
        qs, self.sort = self.order(qs, self.request.GET.get("sort"))
        return qs

    def get(self, request, *args, **kwargs):
        qs = self.filtered_queryset()
        fmt = request.GET.get("_export")
        if fmt in ("csv", "xlsx"):
            return spreadsheet_response(self.export(qs, fmt), fmt=fmt, filename=self.export_filename)
        paginator = Paginator(qs, PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        self.object_list = qs
        context = self.get_context_data(filter=self.filterset, page_obj=page, paginator=paginator,
                                        rows=self.rows(page.object_list))
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object_list", [])
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["export_query"] = query.urlencode()
        query.pop("sort", None)
        ctx["sort_query"] = query.urlencode()
        page_query = self.request.GET.copy()
        page_query.pop("page", None)
        ctx["page_query"] = page_query.urlencode()
        ctx["page_title"] = self.page_title
        current = self.sort or ""
        ctx["columns"] = [
            {"key": key, "label": label, "sorted": current.lstrip("-") == key if key else False,
             "descending": current.startswith("-"),
             "next": ("-" + key if current == key else key) if key else None}
            for key, label in self.columns
        ]
        return ctx

    def get_template_names(self):
        return [self.template_name]
