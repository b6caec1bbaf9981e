"""The IT plan's documents, all rendered from `itplan_document` (the same sections the page shows):

- PDF (reportlab platypus): cover, table of contents, the sections with the chart, page numbers, and the
  approval block; the follow-up pack for the leadership group's October–November meeting;
- XLSX (governance.spreadsheets.xlsx_bytes): one sheet per section, numbers as numbers, a total row,
  frozen headers and filters;
- CSV (open data, long format): one row per figure – section, item, year, measure, value;
- JSON (open data): the sections with their columns, rows and totals.

Money is kronor; the PDF prints whole kronor (half up), the spreadsheets and open data carry the stored
values (öre included), so every document sums to the same krona as the page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from governance import pdf, spreadsheets
from governance.downloads import CSV, JSON, PDF, XLSX
from governance.money import format_number, format_percent
from portfolio.itplan.selectors import Column, PlanDocument, Section, itplan_chart

Progress = Callable[[int], None] | None

FORMATS = {"pdf": PDF, "xlsx": XLSX, "csv": CSV, "json": JSON}


def _cell_text(value, column: Column) -> str:
    """A cell as the PDF prints it: whole kronor, percentages, numbers, dates (governance.money, plain)."""
    if value is None or value == "":
        return ""
    if column.kind == "money":
        return format_number(value, plain=True)
    if column.kind == "percent":
        return format_percent(value, plain=True)
    if column.kind == "number":
        return format_number(value, 2, plain=True, trim=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def filename(document: PlanDocument, fmt: str, *, kind: str = "itplan") -> str:
    return f"{kind}-{document.plan_year}-v{document.version}.{fmt}"


# JSON ---------------------------------------------------------------------------------------------


def _json_value(value: Any, column: Column | None = None) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def json_bytes(document: PlanDocument) -> bytes:
    data = {
        "title": document.title,
        "plan_year": document.plan_year,
        "version": document.version,
        "state": document.state,
        "approved": document.approved,
        "approval": {k: _json_value(v) for k, v in document.approval.items()},
        "currency": "SEK",
        "generated_at": document.generated_at.isoformat(),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "columns": [{"key": c.key, "label": c.label, "type": c.kind} for c in s.columns],
                "rows": [{c.key: _json_value(v, c) for c, v in zip(s.columns, row, strict=True)} for row in s.rows],
                "total": None
                if s.total is None
                else {c.key: _json_value(v, c) for c, v in zip(s.columns, s.total, strict=True)},
            }
            for s in document.sections
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


# CSV (long format) --------------------------------------------------------------------------------

CSV_SECTIONS = ("projects", "project_benefits", "maintenance", "procurements")


def csv_rows(document: PlanDocument):
    """One row per figure of the plan's item sections: every money cell of every row."""
    for section in document.sections:
        if section.key not in CSV_SECTIONS:
            continue
        keys = [c.key for c in section.columns]
        for row in section.rows:
            values = dict(zip(keys, row, strict=True))
            label = values.get("reference") or ""
            name = values.get("title") or values.get("system") or ""
            admin = values.get("administration") or ""
            status = values.get("status") or values.get("phase") or ""
            for column in section.columns:
                if column.kind != "money":
                    continue
                yield [
                    document.plan_year,
                    document.version,
                    section.key,
                    label,
                    name,
                    admin,
                    status,
                    column.key,
                    column.label,
                    values[column.key],
                ]


CSV_HEADER = (
    "plan_year",
    "version",
    "section",
    "reference",
    "name",
    "administration",
    "status",
    "measure",
    "measure_label",
    "amount_sek",
)


def csv_bytes(document: PlanDocument) -> bytes:
    """Open data: comma separated, decimal point, UTF-8 (with BOM for Excel), formula-safe text."""
    return spreadsheets.csv_bytes(CSV_HEADER, csv_rows(document), delimiter=",", decimal_separator=".")


# XLSX ---------------------------------------------------------------------------------------------

_XLSX_FORMATS = {"money": "#,##0", "int": "0", "percent": "0%", "number": "0.##", "date": "yyyy-mm-dd"}


def xlsx_bytes(document: PlanDocument, *, progress: Progress = None) -> bytes:
    sheets = [
        spreadsheets.SheetSpec(
            title=_("About"),
            header=[_("Field"), _("Value")],
            rows=[
                [_("IT plan"), document.plan_year],
                [_("Version"), document.version],
                [_("State"), document.state_label],
                [_("Approved"), document.approval.get("approved_at")],
                [_("Decision"), document.approval.get("decision")],
                [_("Generated"), document.generated_at],
            ],
            column_widths=[24, 60],
        )
    ]
    for section in document.sections:
        rows = [list(r) for r in section.rows]
        if section.total is not None:
            rows.append(list(section.total))
        sheets.append(
            spreadsheets.SheetSpec(
                title=section.title,
                header=[c.label for c in section.columns],
                rows=rows,
                number_formats=[_XLSX_FORMATS.get(c.kind) for c in section.columns],
                column_widths=[
                    40
                    if c.key in ("title", "system", "reason", "decision", "goal", "indicator")
                    else (14 if c.kind == "money" else None)
                    for c in section.columns
                ],
            )
        )
    if progress:
        progress(50)
    data = spreadsheets.xlsx_bytes(sheets)
    if progress:
        progress(100)
    return data


# PDF ----------------------------------------------------------------------------------------------


def pdf_bytes(document: PlanDocument, *, progress: Progress = None, follow_up: list[Section] | None = None) -> bytes:
    """The plan as a PDF: cover, contents, the sections (the chart beside the summary), page numbers
    and the approval block. With `follow_up` sections it is the follow-up pack instead."""

    st = pdf.styles(compact=True)
    para = pdf.paragraph
    site = getattr(settings, "SITE_NAME", "")
    is_pack = follow_up is not None
    title = _("Follow-up of the IT plan %(year)s") % {"year": document.plan_year} if is_pack else document.title
    out = io.BytesIO()
    doc = pdf.Document(
        out,
        title=title,
        author=site,
        landscape=True,
        page_numbers=True,
        contents_style=st.h1,
        footer=f"{title}, {_('version')} {document.version}",
    )
    width = doc.width

    story: list = []
    # Cover.
    story += [
        Spacer(1, 40 * mm),
        para(site, st.h2, empty=""),
        para(title, st.title),
        para(f"{_('Version')} {document.version} – {document.state_label}", st.h2),
    ]
    approval = document.approval
    if approval.get("approved_at"):
        story.append(
            para(
                _("Approved %(date)s, %(decision)s, %(meeting)s.")
                % {
                    "date": approval["approved_at"].date().isoformat(),
                    "decision": approval["decision"],
                    "meeting": approval["meeting"],
                },
                st.body,
            )
        )
    else:
        story.append(para(_("Not approved."), st.body))
    story.append(para(_("Generated %(when)s.") % {"when": document.generated_at.strftime("%Y-%m-%d %H:%M")}, st.body))
    story.append(PageBreak())
    # Contents.
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("toc1", parent=st.body, fontSize=10, leftIndent=10, firstLineIndent=-10)]
    story += [para(_("Contents"), st.h2), toc, PageBreak()]

    sections = list(document.sections)
    if is_pack:
        sections = [document.section("summary_administration"), document.section("summary_year"), *follow_up]
    for index, section in enumerate(sections):
        story.append(para(section.title, st.h1))
        if section.intro:
            story.append(para(section.intro, st.body))
        if section.key == "summary_administration":
            story += [
                itplan_chart(document),
                para(
                    _("Development (blue) and maintenance (orange) cost of %(year)s per administration.")
                    % {"year": document.plan_year},
                    st.body,
                ),
                Spacer(1, 3 * mm),
            ]
        story.append(_table(section, width, st))
        story.append(Spacer(1, 6 * mm))
        if progress:
            progress(10 + int(60 * (index + 1) / len(sections)))

    # Approval block.
    story.append(para(_("Approval"), st.h1))
    rows = [
        [_("Version"), str(document.version)],
        [_("Assembled"), f"{_fmt_dt(approval.get('assembled_at'))} {approval.get('assembled_by', '')}".strip()],
        [_("Reason"), approval.get("reason")],
        [_("Proposed"), f"{_fmt_dt(approval.get('proposed_at'))} {approval.get('proposed_by', '')}".strip()],
        [_("Approved"), f"{_fmt_dt(approval.get('approved_at'))} {approval.get('approved_by', '')}".strip()],
        [_("Decision"), approval.get("decision")],
        [_("Meeting"), approval.get("meeting")],
    ]
    story.append(pdf.facts_table(rows, [40 * mm, width - 40 * mm], st))
    if not approval.get("approved_at"):
        story += [
            Spacer(1, 12 * mm),
            para(_("Approved by the municipal leadership group") + ":", st.body),
            Spacer(1, 12 * mm),
            para("_" * 50, st.body),
            para(_("Date and signature"), st.body),
        ]
    doc.multiBuild(story)
    if progress:
        progress(100)
    return out.getvalue()


def _fmt_dt(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d") if timezone.is_aware(value) else value.strftime("%Y-%m-%d")
        )
    return value.isoformat()


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


WIDE_COLUMNS = {"title", "system", "reason", "decision", "goal", "indicator", "for"}
NUMERIC_KINDS = ("money", "int", "percent", "number")


def _table(section: Section, width: float, st: pdf.Styles):
    columns = section.columns
    weights = [3.0 if c.key in WIDE_COLUMNS else (1.2 if c.kind == "money" else 1.0) for c in columns]
    unit = width / sum(weights)
    right = [i for i, c in enumerate(columns) if c.kind in NUMERIC_KINDS]
    # Paragraphs (which wrap) only in the wide text columns; short text is clipped to its column, which
    # keeps a 2,000-row plan well within the time aim.
    wrap = [c.key in WIDE_COLUMNS for c in columns]
    fits = [max(int(w * unit / 3.6), 4) for w in weights]
    rows = []
    for row in section.rows:
        rows.append(
            [
                pdf.paragraph(_cell_text(v, c), st.cell, empty="")
                if wrap[i]
                else _cell_text(v, c)
                if i in right
                else _clip(_cell_text(v, c), fits[i])
                for i, (v, c) in enumerate(zip(row, columns, strict=True))
            ]
        )
    if not section.rows:
        rows.append([_("Nothing to show.")] + [""] * (len(columns) - 1))
    total = section.total is not None and bool(section.rows)
    if total:
        rows.append([_cell_text(v, c) for v, c in zip(section.total, columns, strict=True)])
    return pdf.table(
        [c.label for c in columns], rows, [w * unit for w in weights], st, numeric=right, total_row=total, long=True
    )


# Dispatch -----------------------------------------------------------------------------------------


def render(document: PlanDocument, fmt: str, *, progress: Progress = None) -> bytes:
    if fmt == "pdf":
        return pdf_bytes(document, progress=progress)
    if fmt == "xlsx":
        return xlsx_bytes(document, progress=progress)
    if fmt == "csv":
        return csv_bytes(document)
    if fmt == "json":
        return json_bytes(document)
    raise ValueError(_("Unknown format “%(fmt)s”: choose pdf, xlsx, csv or json.") % {"fmt": fmt})
