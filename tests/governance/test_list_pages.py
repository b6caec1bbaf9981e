"""The one list page (`governance.views.mixins.FilteredTableView`) and what renders it: every list page of the
project is one; the lean table template gives what django-tables2 gives, cheaper; the fast filter widgets
and HTML helpers keep Django's contracts; exports follow the page's filter and order."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import django_tables2 as tables
import openpyxl
import pytest
from django import forms
from django.db import connection
from django.forms.utils import flatatt
from django.template import Context, Template
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from governance.filters import FastSelect, FilterForm, StyledFilterSet
from governance.lean_table import TiesAscendingColumn, ValuesRows, lean_table
from governance.markup import attributes, escape, format_html_fast, format_html_join_fast, template_text
from governance.models import OrganisationUnit, SteeringGroup
from governance.views.mixins import FilteredTableView
from tests.maintenance_plans.factories import PlanFactory, SystemFactory
from tests.portfolio.factories import ProposalFactory

from .factories import BudgetCycleFactory, MeetingFactory

# Every list page: url name, query (plan lists are per year).
LISTS = [
    ("governance:group-list", ""),
    ("governance:meeting-list", ""),
    ("governance:decision-list", ""),
    ("governance:strategy-list", ""),
    ("governance:cycle-list", ""),
    ("maintenance_plans:system-list", ""),
    ("maintenance_plans:plan-list", "?year=2027"),
    ("portfolio:proposal-list", ""),
    ("portfolio:proposal-mine", ""),
    ("portfolio:proposal-inbox", ""),
    ("portfolio:project-list", ""),
    ("portfolio:programme-list", ""),
    ("portfolio:itplan-list", ""),
    ("procurement:case-list", ""),
]


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"].upper() for q in ctx.captured_queries]


# The pages ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "query"), LISTS)
def test_every_list_page_is_the_one_list_page(name, query, org, people, client_for):
    url = reverse(name) + query
    assert issubclass(resolve(reverse(name)).func.view_class, FilteredTableView)
    client = client_for(people["it_coordinator"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response, sqls = _get(client, url)
    body = response.content.decode()
    assert body.count("<h1") == 1
    if 'role="region"' in body:  # rows to show: the accessible table
        assert '<th scope="col"' in body and '<caption class="visually-hidden">' in body
    assert 'aria-label="Filter"' in body  # the labelled filter form
    # The paginator's COUNT, once (none for a list that is empty by definition, such as an inbox of nothing).
    assert sum(s.startswith("SELECT COUNT(*)") for s in sqls) <= 1
    for fmt, content_type in (("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")):
        export = client.get(url + ("&" if query else "?") + "_export=" + fmt)
        assert export.status_code == 200 and export["Content-Type"].startswith(content_type)
        assert re.match(
            rf'attachment; filename="[a-z-]+(-\d{{4}})?-\d{{4}}-\d\d-\d\d\.{fmt}"', export["Content-Disposition"]
        ), export["Content-Disposition"]


def test_sort_links_start_from_page_one_and_only_the_sort_column_says_it_is_sorted(org, people, client_for):
    for i in range(55):
        MeetingFactory(group=org.ict_group, starts_at=timezone.now() - dt.timedelta(days=i), location=f"Rum {i}")
    client = client_for(people["ict_member"])
    body = client.get(reverse("governance:meeting-list"), {"group": org.ict_group.pk, "page": 2}).content.decode()
    assert body.count("aria-sort=") == 1
    assert '<th scope="col" class="desc orderable" aria-sort="descending"><a href="?group=' in body
    heads = re.findall(r'<th scope="col"[^>]*><a href="([^"]+)"', body)
    assert heads and all("page=" not in h and "sort=" in h for h in heads)
    assert f"?group={org.ict_group.pk}&amp;page=1" in body  # the pager keeps the filter (and the sort)


def test_groups_sorted_by_tier_then_name_mark_only_the_tier(org, people, client_for):
    body = client_for(people["it_coordinator"]).get(reverse("governance:group-list")).content.decode()
    assert body.count('aria-sort="ascending"') == 1
    assert re.search(r'aria-sort="ascending"><a href="\?sort=-tier">', body)


def test_export_follows_the_filter_and_the_order_of_the_page(org, people, client_for):
    for name in ("Beta", "Alfa", "Gamma"):
        SystemFactory(name=name, administration=org.administration)
    SystemFactory(name="Delta", administration=org.other_administration)
    client = client_for(people["ict_member"])
    url = reverse("maintenance_plans:system-list")
    response = client.get(url, {"administration": org.administration.pk, "sort": "-name", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Gamma", "Beta", "Alfa"]
    # Input the filter refuses selects no rows, on the page and in the export alike.
    response = client.get(url, {"kind": "no-such-kind", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    assert sheet.max_row == 1
    assert "No systems match." in client.get(url, {"kind": "no-such-kind"}).content.decode()


def test_descending_sort_keeps_ties_in_ascending_name_order(org, people, client_for):
    for name in ("Beta", "Alfa"):
        SystemFactory(name=name, administration=org.administration)
    SystemFactory(name="Ceres", administration=org.other_administration)
    body = (
        client_for(people["ict_member"])
        .get(reverse("maintenance_plans:system-list"), {"sort": "-administration"})
        .content.decode()
    )
    # Utbildningsförvaltningen before Samhällsbyggnadsförvaltningen, and within it Alfa before Beta.
    assert body.index(">Alfa</a>") < body.index(">Beta</a>") < body.index(">Ceres</a>")


def test_the_register_counts_systems_without_the_joins_of_its_rows(org, people, client_for):
    SystemFactory(administration=org.administration, system_manager=people["ict_member"])
    _response, sqls = _get(client_for(people["ict_member"]), reverse("maintenance_plans:system-list"))
    counts = [s for s in sqls if "COUNT(" in s]
    assert len(counts) == 1 and "JOIN" not in counts[0]


def test_plan_list_counts_once_and_does_not_grow_with_rows(org, people, client_for):
    client = client_for(people["it_coordinator"])
    url = reverse("maintenance_plans:plan-list") + "?year=2027"
    PlanFactory(system=SystemFactory(administration=org.administration), plan_year=2027)
    client.get(url)
    _response, few = _get(client, url)
    for _ in range(55):
        PlanFactory(system=SystemFactory(administration=org.administration), plan_year=2027)
    _response, many = _get(client, url)
    assert len(many) == len(few)
    assert sum("COUNT(" in s for s in many) == 1


def test_a_chosen_filter_object_is_not_fetched_twice(org, people, client_for):
    cycle = BudgetCycleFactory(plan_year=2031)
    ProposalFactory(owning_group=org.ict_group, author=people["ict_member"], target_cycle=cycle, state="submitted")
    client = client_for(people["ict_member"])
    url = reverse("portfolio:proposal-list")
    _response, unfiltered = _get(client, url)
    response, filtered = _get(client, url + f"?cycle={cycle.pk}")
    assert len(filtered) == len(unfiltered)  # the cycle is found among the choices the form already read
    assert f'<option value="{cycle.pk}" selected>' in response.content.decode()


# The lean table --------------------------------------------------------------------------------------


class _GroupTable(tables.Table):
    name = tables.Column(linkify=True)
    tier = tables.Column()  # a choice field: tables2 shows get_tier_display()
    scope = tables.Column(accessor="scope__name", attrs={"td": {"class": "num", "data-x": "{x}"}})
    founded = tables.DateColumn(accessor="parent__name", default="none")
    note = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = SteeringGroup
        fields = ("name", "tier", "scope", "founded", "note")

    def render_note(self, record):
        return format_html("<b>{}</b> &amp; {}", record.name, "<i>")


class _DictTable(tables.Table):
    title = tables.Column()
    amount = tables.Column(attrs={"td": {"class": "num"}})
    when = tables.Column()
    group = tables.Column(accessor="group__name", default="–")
    marked = tables.Column(empty_values=(None,))

    def render_amount(self, value, record):
        return f"{value} ({record['title']})"

    def render_marked(self, value):
        return mark_safe(f"<mark>{conditional_escape(value)}</mark>")  # noqa: S308 - escaped


def _tables2_rows(table) -> list[str]:
    """The rows as tables2 renders them: each cell through `BoundRow.items()` in a template."""
    template = Template(
        "{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endfor %}"
    )
    return [template.render(Context({"row": row})) for row in table.rows]


def _same_html(a: str, b: str) -> bool:
    return parse_html(a) == parse_html(b)


def test_lean_rows_are_the_cells_tables2_renders(org):
    SteeringGroup.objects.filter(pk=org.board.pk).update(name='Board <"&">')
    table = _GroupTable(SteeringGroup.objects.select_related("scope", "parent").order_by("pk"))
    lean = lean_table(table)["rows"]
    expected = _tables2_rows(table)
    assert len(lean) == len(expected) == SteeringGroup.objects.count()
    assert all(_same_html(a, b) for a, b in zip(lean, expected, strict=True)), (lean[:2], expected[:2])


@pytest.mark.parametrize("language", ["en", "sv"])
def test_lean_rows_of_dicts_take_the_fast_path_and_match_tables2(language):
    rows = [
        {
            "title": "<script>x</script>",
            "amount": Decimal("1234.5"),
            "when": dt.date(2026, 11, 18),
            "group__name": None,
            "marked": "a & b",
        },
        {"title": "", "amount": 7, "when": timezone.now(), "group__name": "G", "marked": None},
        {"title": gettext_lazy("Draft"), "amount": 2.5, "when": None, "group__name": "", "marked": ""},
    ]
    with translation.override(language):
        table = _DictTable(rows)
        lean = lean_table(table)["rows"]
        expected = _tables2_rows(table)
    assert all(_same_html(a, b) for a, b in zip(lean, expected, strict=True)), (lean, expected)
    assert "&lt;script&gt;" in lean[0] and "<script>" not in lean[0]


def test_lean_header_cells():
    table = _DictTable([], order_by="-amount")
    header = lean_table(table)["header"]
    assert [str(h["label"]) for h in header] == ["Title", "Amount", "When", "Group", "Marked"]
    assert [h["sort"] for h in header] == ["", "descending", "", "", ""]
    assert header[1]["attrs"] == ' class="desc orderable"'


def test_ties_ascending_column_reverses_only_its_first_field(org):
    class Table(tables.Table):
        parent = TiesAscendingColumn(accessor="parent__name", order_by=("parent__name", "name"))

    qs = SteeringGroup.objects.exclude(parent=None)
    table = Table(qs, order_by="-parent")
    assert list(table.data.data.query.order_by) == ["-parent__name", "name"]


def test_values_rows_count_the_queryset_itself(org):
    rows = ValuesRows(SteeringGroup.objects.all(), ("name", "scope__name", "parent__name"))
    with CaptureQueriesContext(connection) as ctx:
        assert len(rows) == SteeringGroup.objects.count()
    assert "JOIN" not in ctx.captured_queries[0]["sql"].upper()
    assert {"name", "scope__name", "parent__name"} == set(next(iter(rows)))


# Filters and HTML helpers ----------------------------------------------------------------------------


class _Filter(StyledFilterSet):
    import django_filters

    kind = django_filters.ChoiceFilter(choices=OrganisationUnit.Kind.choices)
    unit = django_filters.ModelChoiceFilter(field_name="scope", queryset=OrganisationUnit.objects.order_by("name"))
    blocked = django_filters.BooleanFilter(field_name="is_active")
    amount = django_filters.NumberFilter(field_name="meetings_min_per_year")
    q = django_filters.CharFilter(field_name="name")

    class Meta:
        model = SteeringGroup
        fields = ["kind", "unit", "blocked", "amount", "q"]


def test_filter_widgets_render_as_django_renders_them(org):
    data = {"kind": "administration", "unit": str(org.administration.pk), "amount": "5", "q": '<b>"x"</b>'}
    form = _Filter(data, queryset=SteeringGroup.objects.all()).form
    assert isinstance(form, FilterForm)
    for name, django_widget in (
        ("kind", forms.Select),
        ("unit", forms.Select),
        ("amount", forms.NumberInput),
        ("q", forms.TextInput),
    ):
        field = form[name]
        ours = field.field.widget
        theirs = django_widget(attrs=ours.attrs)
        if isinstance(ours, forms.Select):
            theirs.choices = ours.choices
        attrs = {"id": field.auto_id, "aria-describedby": "x"}
        assert _same_html(
            ours.render(field.html_name, field.value(), attrs), theirs.render(field.html_name, field.value(), attrs)
        ), name
    assert type(form.fields["blocked"].widget) is forms.NullBooleanSelect  # left to Django
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in str(form["q"])
    assert str(form["unit"]).count("<option") == OrganisationUnit.objects.count() + 1


def test_model_choice_filter_finds_the_chosen_object_among_its_choices(org):
    form = _Filter({"unit": f"0{org.administration.pk}"}, queryset=SteeringGroup.objects.all()).form
    with CaptureQueriesContext(connection) as ctx:
        assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == org.administration and not ctx.captured_queries
    form = _Filter({"unit": "999999"}, queryset=SteeringGroup.objects.all()).form
    assert not form.is_valid()
    assert form.errors["unit"] == ["Select a valid choice. That choice is not one of the available choices."]
    assert not _Filter({"unit": "x"}, queryset=SteeringGroup.objects.all()).form.is_valid()


def test_fast_select_escapes_and_marks_the_choice():
    html = FastSelect(choices=[("", "---------"), ("a&b", '<"x">'), (3, gettext_lazy("Draft"))]).render(
        "f", "a&b", {"id": "id_f"}
    )
    assert _same_html(
        html,
        '<select name="f" id="id_f"><option value="">---------</option>'
        '<option value="a&amp;b" selected>&lt;&quot;x&quot;&gt;</option>'
        '<option value="3">Draft</option></select>',
    )


VALUES = [
    '<a href="x">&\'"',
    mark_safe("<b>safe</b>"),
    42,
    -3,
    Decimal("1234.50"),
    2.5,
    True,
    None,  # noqa: S308
    dt.date(2026, 1, 2),
    dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
    gettext_lazy("Draft"),
    "",
]


@pytest.mark.parametrize("language", ["en", "sv"])
def test_markup_helpers_keep_djangos_contracts(language):
    with translation.override(language):
        for value in VALUES:
            assert escape(value) == conditional_escape(value)
            assert template_text(value) == Template("{{ v }}").render(Context({"v": value})), value
        assert format_html_fast("<p {}>{}</p>", *VALUES[:2]) == format_html("<p {}>{}</p>", *VALUES[:2])
        args = [(v, v) for v in VALUES]
        assert format_html_join_fast(", ", "{}={}", args) == format_html_join(", ", "{}={}", args)
        attrs = {"id": "x", "data-v": '"<>', "required": True, "disabled": False, "title": None, "class": "a b"}
        assert attributes(attrs) == flatatt(attrs)
