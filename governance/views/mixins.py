"""View plumbing shared by every app: filtered, sortable, exportable tables and breadcrumbs."""

from django.http import HttpResponse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .. import spreadsheets


class BreadcrumbMixin:
    """Views set `breadcrumbs` (label, url) pairs, the last one without a url."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("breadcrumbs", self.get_breadcrumbs())
        return ctx


def table_export_response(table, *, fmt: str, filename: str, exclude=()) -> HttpResponse:
    """Every row of `table` (not just the page) as a formula-safe CSV or XLSX download."""
    values = list(table.as_values(exclude_columns=exclude))
    header, rows = values[0], values[1:]
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = spreadsheets.xlsx_bytes([spreadsheets.SheetSpec(title=filename[:31], header=header, rows=rows)])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = spreadsheets.csv_bytes(header, rows)
        content_type = "text/csv; charset=utf-8"
        fmt = "csv"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.{fmt}"'
    return response


class FilteredTableView(BreadcrumbMixin, SingleTableMixin, FilterView):
    """A list page: django-filter + django-tables2, 50 rows a page, `?_export=csv|xlsx` for all rows.

    Pagination is set on the table only (not `paginate_by`), so each page runs a single COUNT.
    """

    table_pagination = {"per_page": 50}
    export_filename = "export"
    export_exclude: tuple[str, ...] = ()
    template_name = "includes/filtered_table_page.html"
    page_title = ""

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("_export")
        if fmt in ("csv", "xlsx"):
            filterset = self.get_filterset(self.get_filterset_class())
            qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
            table = self.get_table_class()(qs, request=request)
            table.order_by = request.GET.get("sort")
            return table_export_response(table, fmt=fmt, filename=self.export_filename, exclude=self.export_exclude)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = self.page_title
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["export_query"] = query.urlencode()
        return ctx
