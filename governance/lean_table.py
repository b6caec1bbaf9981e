"""What `templates/tables/lean_table.html` shows of a django-tables2 table: its header cells and the rows of
its page, worked out per column once a page instead of per cell.

django-tables2 renders each cell through `BoundRow.get_cell`, which inspects the render method's signature
on every call, and recomputes a column's attributes each time a template asks for them; over a 50-row page
that costs several times the page's SQL. `lean_table(table)` gives the same cells (the table's
`render_<column>` methods, the column's default for empty values, the column's `td` attributes): rows of
`.values()` dicts take a fast path, anything else (model instances, linkified columns, columns with their
own `render`) goes through tables2's own `get_cell`.

In a row, the markup is each column's `<td>` with its declared attributes (built by `format_html`), and every
cell is printed as `{{ cell }}` would print it (`governance.markup.template_text`): escaped, unless a render
method returned safe HTML.
"""

import inspect
from urllib.parse import quote_plus

import django_tables2 as tables
from django.utils.safestring import SafeString
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.data import TableQuerysetData
from django_tables2.utils import signature

from .markup import format_html_fast, template_text

_PLAIN_TD, _NO_ATTRS = SafeString("<td>"), SafeString("")
# What tables2 may pass to a render method; a method asking for anything else gets tables2's own call.
_FAST_ARGUMENTS = frozenset({"value", "record", "table", "column", "bound_column"})
_ARGUMENTS: dict = {}
_ATTRS: dict = {}


def header_cell(label, attrs: SafeString, sort: str, url: str) -> dict:
    """One <th> (a dict: the template's fastest lookup): the column's `label`; the `attrs` of its <th> besides
    scope, with a leading space (or ""); `sort`, "ascending" or "descending" for the column the rows are
    sorted by, else ""; `url`, the column's sort link (this page's query, from page 1, with the column's
    next ?sort=), or "" when it is not orderable."""
    return {"label": label, "attrs": attrs, "sort": sort, "url": url}


def _arguments(method) -> tuple[tuple[str, ...], str | None, bool]:
    """tables2's `signature(method)` (its arguments without `self`, and its `**` name), and whether they may
    be passed by position; once a function."""
    function = method.__func__
    if function not in _ARGUMENTS:
        arguments, catch_all = signature(method)
        kinds = {p.name: p.kind for p in inspect.signature(method).parameters.values()}
        positional = all(kinds[a] is inspect.Parameter.POSITIONAL_OR_KEYWORD for a in arguments)
        _ARGUMENTS[function] = arguments, catch_all, positional
    return _ARGUMENTS[function]


def _column_cells(table, bound_column):
    """A function `(rows, records) -> [cell, ...]` giving the column's cells on the page as `{{ cell }}` prints
    tables2's `BoundRow.get_cell(...)` (see `template_text`).

    For `.values()` dicts and a column showing its value as it is, or through a `render_<column>` method
    of the table taking the value (and the record), it looks the values up and calls the method itself, in
    one loop a column; anything else gets tables2's own `get_cell`.
    """
    name, column, render = bound_column.name, bound_column.column, bound_column.render

    def exact(rows, records):
        return [template_text(row.get_cell(name)) for row in rows]

    own = getattr(render, "__self__", None) is table  # a render_<column> method of the table
    plain = getattr(render, "__func__", None) is tables.Column.render  # the value as it is
    arguments, catch_all, positional = _arguments(render) if own else ((), None, True)
    if (
        not (own or plain)
        or bound_column.link is not None
        or catch_all is not None
        or isinstance(column, ManyToManyColumn)
        or not set(arguments) <= _FAST_ARGUMENTS
    ):
        return exact
    key, empty_values = str(bound_column.accessor), column.empty_values
    default = template_text(bound_column.default)
    # tables2's test `value in column.empty_values`; for its default (None, "") without comparing every
    # Decimal with "".
    simple_empty = tuple(empty_values) == (None, "")
    extra = {k: v for k, v in (("table", table), ("column", column), ("bound_column", bound_column)) if k in arguments}
    by_value = positional and arguments == ("value",)
    by_value_and_record = positional and arguments == ("value", "record")

    def show(value, record):  # what the render method makes of a value, called as tables2 would call it
        if by_value_and_record:
            return render(value, record)
        return render(**extra, **{k: v for k, v in (("value", value), ("record", record)) if k in arguments})

    def cells(rows, records):
        out = []
        for row, record in zip(rows, records, strict=True):
            if type(record) is not dict or key not in record:
                out.append(template_text(row.get_cell(name)))
                continue
            value = record[key]
            if (value is None or isinstance(value, str) and not value) if simple_empty else value in empty_values:
                out.append(default)
            elif not own:
                out.append(template_text(value))
            elif by_value:
                out.append(template_text(render(value)))
            else:
                out.append(template_text(show(value, record)))
        return out

    return cells


def _cell_attrs(table, bound_column) -> tuple[SafeString, SafeString]:
    """The column's ` th attributes` and `<td attributes>`, as tables2 computes them.

    tables2 recomputes a column's attributes on every access; they depend only on the table's class (its
    `Meta.attrs`, the column's declared `attrs`) and on the column's sort state, so they are kept per
    class and state unless the table or the column was given other attributes when it was made.
    """
    key = None
    declared = type(table).base_columns.get(bound_column.name)
    if (
        declared is not None
        and declared.attrs == bound_column.column.attrs
        and all(table.attrs.get(part) == table._meta.attrs.get(part) for part in ("th", "td", "cell"))
        and not _has_callable_attrs(bound_column, ("th", "td", "cell"))
    ):
        key = (
            type(table),
            bound_column.name,
            bound_column.orderable,
            bound_column.is_ordered,
            bound_column.is_ordered and bound_column.order_by_alias.is_descending,
        )
        if key in _ATTRS:
            return _ATTRS[key]
    attrs = bound_column.attrs  # th and td computed together, on each access
    th, td = attrs["th"].as_html(), attrs["td"].as_html()
    found = (format_html_fast(" {}", th) if th else _NO_ATTRS, format_html_fast("<td {}>", td) if td else _PLAIN_TD)
    if key is not None:
        _ATTRS[key] = found
    return found


def _has_callable_attrs(bound_column, parts=("td", "cell")) -> bool:
    declared = [bound_column.column.attrs, bound_column._table.attrs]
    return any(callable(value) for attrs in declared for part in parts for value in (attrs.get(part) or {}).values())


def lean_table(table) -> dict:
    """`header`, the table's header cells (`header_cell`), and `rows`, the <td> cells of each row on the table's
    page (every row when it is not paginated), as safe HTML."""
    columns = list(table.columns)
    sorted_by = table.order_by[0] if table.order_by else None
    request = getattr(table, "request", None)
    query = ""
    if request is not None:
        params = request.GET.copy()
        params.pop(table.prefixed_page_field, None)
        params.pop(table.prefixed_order_by_field, None)
        query = params.urlencode()
    header, tds = [], []
    for column in columns:
        th, td = _cell_attrs(table, column)
        tds.append(td)
        sort = ""
        if sorted_by is not None and sorted_by.bare == column.name:
            sort = "descending" if sorted_by.is_descending else "ascending"
        url = ""
        if column.orderable and request is not None:
            sort_param = f"{quote_plus(table.prefixed_order_by_field)}={quote_plus(column.order_by_alias.next)}"
            url = f"?{query}&{sort_param}" if query else f"?{sort_param}"
        header.append(header_cell(column.header, th, sort, url))
    page = getattr(table, "page", None)
    rows = list(page.object_list if page is not None else table.rows)
    if any(_has_callable_attrs(c) for c in columns):
        # Attributes computed per cell: tables2's own iteration sets what they are computed from.
        return {
            "header": header,
            "rows": [
                SafeString(
                    "".join("<td {}>{}</td>".format(c.attrs["td"].as_html(), template_text(v)) for c, v in row.items())
                )
                for row in rows
            ],
        }
    records = [row.record for row in rows]
    cells = [_column_cells(table, c)(rows, records) for c in columns]
    # One format string a row: each column's <td> (built by format_html) around a "{}" for its cell, which
    # `_column_cells` gives as `template_text` (escaped, or HTML a render method marked safe).
    row_format = "".join(td.replace("{", "{{").replace("}", "}}") + "{}</td>" for td in tds)
    return {"header": header, "rows": [SafeString(row_format.format(*row)) for row in zip(*cells, strict=True)]}


class ValuesRows(TableQuerysetData):
    """A table's data: the rows of `queryset` as `.values(*fields)` dicts (the fast path of `lean_table`),
    counted for paging on `queryset` itself, so the COUNT needs none of the joins the fields bring. The
    fields follow single-valued relations only, or there would be more rows than the count says."""

    def __init__(self, queryset, fields):
        super().__init__(queryset.values(*fields))
        self.counted = queryset

    def __len__(self):
        if getattr(self, "_length", None) is None:
            self._length = self.counted.count()
        return self._length


class TiesAscendingColumn(tables.Column):
    """A column sorted by several fields (`order_by`) of which a descending sort reverses only the first:
    rows that tie on it stay in ascending order of the others (by name, say), as a reader expects."""

    def order(self, queryset, is_descending):
        if not is_descending or self.order_by is None:
            return queryset, False
        first, *rest = self.order_by
        return queryset.order_by(first.opposite.for_queryset(), *(o.for_queryset() for o in rest)), True
