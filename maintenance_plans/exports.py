"""Register and plan exports: rows from selectors turned into formula-safe XLSX/CSV bytes.

The register export uses the import's columns, so an exported file can be edited and imported again.
"""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from governance import spreadsheets
from governance.spreadsheets import choice_help

from .imports import COLUMNS
from .models import CostType, InformationType
from .selectors import plans_of_year_rows


def _spreadsheets():

    return spreadsheets


def _person(user) -> str:
    if user is None:
        return ""
    return user.email or user.username


def register_rows(queryset) -> tuple[list[str], list[list]]:
    """The import columns, one row per system; the information-type columns carry the system's most
    severely classified information type (all of them are on the XLSX's second sheet)."""
    header = [c.key for c in COLUMNS]
    systems = queryset.select_related(
        "administration", "system_owner", "system_manager", "information_owner"
    ).prefetch_related(Prefetch("information_types", queryset=InformationType.objects.order_by("name")))
    rows = []
    for s in systems.iterator(chunk_size=1000):
        infos = list(s.information_types.all())
        top = max(infos, key=lambda i: (i.highest_level, -infos.index(i)), default=None)
        rows.append(
            [
                s.register_id,
                s.name,
                s.description,
                s.capabilities,
                s.kind,
                s.administration.name,
                _person(s.system_owner),
                _person(s.system_manager),
                _person(s.information_owner),
                _("yes") if s.personal_data else _("no"),
                s.operation_form,
                s.supplier,
                s.contract_start,
                s.contract_end,
                s.lifecycle,
                s.planned_retirement_year,
                top.name if top else "",
                top.confidentiality if top else None,
                top.integrity if top else None,
                top.availability if top else None,
                top.traceability if top else None,
            ]
        )
    return header, rows


def information_type_rows(queryset) -> tuple[list[str], list[list]]:
    header = [
        _("System"),
        _("Information type"),
        _("Confidentiality"),
        _("Integrity"),
        _("Availability"),
        _("Traceability"),
        _("Personal data"),
    ]
    rows = [
        [sname, name, c, i, a, t, _("yes") if p else _("no")]
        for sname, name, c, i, a, t, p in InformationType.objects.filter(system__in=queryset.values("pk"))
        .order_by("system__name", "name")
        .values_list(
            "system__name", "name", "confidentiality", "integrity", "availability", "traceability", "personal_data"
        )
    ]
    return header, rows


def register_bytes(queryset, *, fmt: str) -> bytes:
    """The filtered register as XLSX (systems + information types sheets) or CSV (systems)."""
    ss = _spreadsheets()
    header, rows = register_rows(queryset)
    if fmt == "csv":
        return ss.csv_bytes(header, rows)
    info_header, info_rows = information_type_rows(queryset)
    return ss.xlsx_bytes(
        [
            ss.SheetSpec(title=_("Systems")[:31], header=header, rows=rows),
            ss.SheetSpec(title=_("Information types")[:31], header=info_header, rows=info_rows),
        ]
    )


def import_template_bytes() -> bytes:
    """An empty Systems sheet with the import columns and an Instructions sheet explaining each one."""
    ss = _spreadsheets()
    explain = []
    for c in COLUMNS:
        allowed = ""
        if c.choices is not None:
            allowed = choice_help(c.choices)
        elif c.kind == "level":
            allowed = "0, 1, 2, 3, 4"
        elif c.kind == "bool":
            allowed = _("yes / no")
        elif c.kind == "date":
            allowed = "YYYY-MM-DD"
        explain.append([c.key, _("required") if c.required else _("optional"), str(c.help), allowed])
    notes = [
        [_("Fill in one row per system on the Systems sheet; keep the header row as it is.")],
        [
            _(
                "Every row is checked before anything is saved; if any row has an error, nothing is saved and the "
                "errors are listed by row and column."
            )
        ],
        [_("Importing the same file again updates the systems instead of adding them twice.")],
        [_("Formulas are not accepted: type values.")],
    ]
    return ss.xlsx_bytes(
        [
            ss.SheetSpec(title=_("Systems")[:31], header=[c.key for c in COLUMNS], rows=[]),
            ss.SheetSpec(
                title=_("Instructions")[:31],
                header=[_("Column"), _("Required"), _("Meaning"), _("Allowed values")],
                rows=explain + [[]] + notes,
            ),
        ]
    )


def plan_list_bytes(rows: list[dict], *, fmt: str) -> bytes:
    ss = _spreadsheets()
    header = [_("System"), _("Administration"), _("System manager"), _("State"), _("Budget (SEK)")]
    data = [
        [r["system__name"], r["system__administration__name"], r["system_manager"], r["state_label"], r["budget_total"]]
        for r in rows
    ]
    if fmt == "csv":
        return ss.csv_bytes(header, data)
    return ss.xlsx_bytes([ss.SheetSpec(title=_("Maintenance plans")[:31], header=header, rows=data)])


def plans_of_year_xlsx(*, year: int) -> bytes:
    """All plans of `year`: one row per system with totals per cost type, and a sheet of activities."""
    ss = _spreadsheets()
    plans, activities = plans_of_year_rows(year=year)
    types = CostType.choices
    header = [
        _("System"),
        _("Administration"),
        _("System manager"),
        _("State"),
        *[str(label) for _v, label in types],
        _("Total (SEK)"),
    ]
    rows = [
        [
            p["system__name"],
            p["system__administration__name"],
            p["system_manager"],
            p["state_label"],
            *[p["totals"][v] for v, _l in types],
            p["total"],
        ]
        for p in plans
    ]
    if plans:
        rows.append(
            [
                _("Total"),
                "",
                "",
                "",
                *[sum((p["totals"][v] for p in plans), Decimal(0)) for v, _l in types],
                sum((p["total"] for p in plans), Decimal(0)),
            ]
        )
    act_header = [_("System"), _("Quarter"), _("Kind"), _("Description"), _("Estimate (SEK)")]
    act_rows = [
        [a["plan__system__name"], f"Q{a['quarter']}", a["kind_label"], a["description"], a["estimate"]]
        for a in activities
    ]
    return ss.xlsx_bytes(
        [
            ss.SheetSpec(title=(_("Plans %(year)s") % {"year": year})[:31], header=header, rows=rows),
            ss.SheetSpec(title=_("Activities")[:31], header=act_header, rows=act_rows),
        ]
    )
