"""View plumbing shared by every app: the one list page (filter, sort, page, export) and breadcrumbs."""

from django.http import FileResponse
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from .. import spreadsheets
from ..downloads import CSV, XLSX, download_response

EXPORT_PARAMETER = "_export"
EXPORT_FORMATS = {"csv": CSV, "xlsx": XLSX}


class BreadcrumbMixin:
    """Views set `breadcrumbs` (label, url) pairs, the last one without a url."""

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return []

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("breadcrumbs", self.get_breadcrumbs())
        return ctx


def spreadsheet_download(data: bytes, *, fmt: str, stem: str) -> FileResponse:
    """Spreadsheet bytes (`fmt` "csv" or "xlsx") as the file `<stem>-<today>.<fmt>`."""
    return download_response(
        data, filename=f"{stem}-{timezone.localdate().isoformat()}.{fmt}", content_type=EXPORT_FORMATS[fmt]
    )


class FilteredTableView(BreadcrumbMixin, SingleTableMixin, FilterView):
    """The list page of every app.

    - filtering: `filterset_class` (django-filter) over `get_queryset()`, a selector that applies visibility;
      input the filter refuses selects no rows, and the form shows why beside the field;
    - sorting and paging: `table_class` (django-tables2): `?sort=` by its orderable columns, 50 rows a page
      with exactly one COUNT (pagination is set on the table only, never `paginate_by`: tables2 #910);
    - the page: `includes/filtered_table_page.html` (blocks `actions`, `before_filter`) with the filter form,
      `tables/lean_table.html` and the export links;
    - `?_export=csv|xlsx`: every filtered row in the page's order, written formula-safe by
      `governance.spreadsheets`: the table's columns, unless `export_bytes()` writes another file (through
      `governance.spreadsheets` too).

    `get_table_data()` may turn the filtered queryset (`self.object_list`) into `.values()` rows, which
    the lean template renders fastest.
    """

    table_pagination = {"per_page": 50}
    template_name = "includes/filtered_table_page.html"
    page_title = ""
    export_filename = "export"
    export_exclude: tuple[str, ...] = ()

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = self.get_filtered_queryset()
        fmt = request.GET.get(EXPORT_PARAMETER)
        if fmt in EXPORT_FORMATS:
            return self.export_response(fmt)
        return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    def get_filtered_queryset(self):
        filterset = self.filterset
        if not filterset.is_bound or filterset.is_valid() or not self.get_strict():
            return filterset.qs
        return filterset.queryset.none()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = self.page_title
        # The filter form's fields as plain dicts for `includes/filter_form.html` (a template looks a dict up
        # directly; a BoundField only after its __getitem__ has refused the name).
        ctx["filter_fields"] = [
            {"id": field.auto_id, "label": field.label, "field": field, "errors": field.errors}
            for field in self.filterset.form.visible_fields()
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["export_query"] = query.urlencode()
        return ctx

    # Export ----------------------------------------------------------------------------------------

    def export_response(self, fmt: str) -> FileResponse:
        table = self.get_table_class()(data=self.get_table_data(), **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        return spreadsheet_download(self.export_bytes(table, fmt), fmt=fmt, stem=self.export_filename)

    def export_bytes(self, table, fmt: str) -> bytes:
        """The file: by default the table's columns (their `value_<column>`s) for every row of `table`."""
        values = table.as_values(exclude_columns=self.export_exclude)
        header = next(values)
        if fmt == "xlsx":
            return spreadsheets.xlsx_bytes(
                [spreadsheets.SheetSpec(title=self.export_filename[:31], header=header, rows=values)]
            )
        return spreadsheets.csv_bytes(header, values)

    def export_queryset(self, table):
        """The filtered queryset in the table's order, for exports that read more than the table shows."""
        ordering = table.data.data.query.order_by
        return self.object_list.order_by(*ordering) if ordering else self.object_list
