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
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from governance import spreadsheets
from portfolio.itplan.selectors import Column, PlanDocument, Section, itplan_chart

Progress = Callable[[int], None] | None

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def kronor(value) -> str:
    """Whole kronor with a plain space as thousands separator (PDF fonts lack the narrow space and −)."""
    if value is None or value == "":
        return ""
    number = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{number:,.0f}".replace(",", " ")


def _cell_text(value, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == "money":
        return kronor(value)
    if column.kind == "percent":
        return f"{Decimal(value) * 100:.0f} %"
    if column.kind == "number":
        return f"{Decimal(value):g}"
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
                "key": s.key, "title": s.title,
                "columns": [{"key": c.key, "label": c.label, "type": c.kind} for c in s.columns],
                "rows": [{c.key: _json_value(v, c) for c, v in zip(s.columns, row, strict=True)} for row in s.rows],
                "total": None if s.total is None else {
                    c.key: _json_value(v, c) for c, v in zip(s.columns, s.total, strict=True)},
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
                yield [document.plan_year, document.version, section.key, label, name, admin, status,
                       column.key, column.label, values[column.key]]


CSV_HEADER = ("plan_year", "version", "section", "reference", "name", "administration", "status", "measure",
              "measure_label", "amount_sek")


def csv_bytes(document: PlanDocument) -> bytes:
    """Open data: comma separated, decimal point, UTF-8 (with BOM for Excel), formula-safe text."""
    return spreadsheets.csv_bytes(CSV_HEADER, csv_rows(document), delimiter=",", decimal_separator=".")


# XLSX ---------------------------------------------------------------------------------------------

_XLSX_FORMATS = {"money": "#,##0", "int": "0", "percent": "0%", "number": "0.##", "date": "yyyy-mm-dd"}


def xlsx_bytes(document: PlanDocument, *, progress: Progress = None) -> bytes:
    sheets = [spreadsheets.SheetSpec(
        title=_("About"), header=[_("Field"), _("Value")],
        rows=[[_("IT plan"), document.plan_year], [_("Version"), document.version],
              [_("State"), document.state_label], [_("Approved"), document.approval.get("approved_at")],
              [_("Decision"), document.approval.get("decision")],
              [_("Generated"), document.generated_at]],
        column_widths=[24, 60])]
    for section in document.sections:
        rows = [list(r) for r in section.rows]
        if section.total is not None:
            rows.append(list(section.total))
        sheets.append(spreadsheets.SheetSpec(
            title=section.title, header=[c.label for c in section.columns], rows=rows,
            number_formats=[_XLSX_FORMATS.get(c.kind) for c in section.columns],
            column_widths=[40 if c.key in ("title", "system", "reason", "decision", "goal", "indicator")
                           else (14 if c.kind == "money" else None) for c in section.columns],
        ))
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
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        LongTable,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus.tableofcontents import TableOfContents

    styles = getSampleStyleSheet()
    h1 = ParagraphStyle("H1", parent=styles["Heading1"], fontSize=16)
    h2 = ParagraphStyle("H2", parent=styles["Heading2"], fontSize=12, spaceBefore=4)
    body = ParagraphStyle("Body", parent=styles["BodyText"], fontSize=9)
    cell = ParagraphStyle("Cell", parent=body, fontSize=7, leading=8)
    site = getattr(settings, "SITE_NAME", "")
    is_pack = follow_up is not None
    title = (_("Follow-up of the IT plan %(year)s") % {"year": document.plan_year} if is_pack else document.title)
    footer_text = f"{title}, {_('version')} {document.version}"

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable):
            if isinstance(flowable, Paragraph) and flowable.style.name == "H1":
                self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        width, _height = doc.pagesize
        canvas.drawString(15 * mm, 8 * mm, footer_text)
        canvas.drawRightString(width - 15 * mm, 8 * mm, _("Page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    out = io.BytesIO()
    pagesize = landscape(A4)
    doc = Doc(out, pagesize=pagesize, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
              bottomMargin=15 * mm, title=title, author=site)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="normal")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
    width = doc.width

    story: list = []
    # Cover.
    story += [Spacer(1, 40 * mm), Paragraph(site, styles["Heading3"]), Paragraph(title, styles["Title"]),
              Paragraph(f"{_('Version')} {document.version} – {document.state_label}", styles["Heading3"])]
    approval = document.approval
    if approval.get("approved_at"):
        story.append(Paragraph(_("Approved %(date)s, %(decision)s, %(meeting)s.") % {
            "date": approval["approved_at"].date().isoformat(), "decision": approval["decision"],
            "meeting": approval["meeting"]}, body))
    else:
        story.append(Paragraph(_("Not approved."), body))
    story.append(Paragraph(_("Generated %(when)s.") % {"when": document.generated_at.strftime("%Y-%m-%d %H:%M")},
                           body))
    story.append(PageBreak())
    # Contents.
    toc = TableOfContents()
    toc.levelStyles = [ParagraphStyle("TOC1", parent=body, fontSize=10, leftIndent=10, firstLineIndent=-10)]
    story += [Paragraph(_("Contents"), h2), toc, PageBreak()]

    sections = list(document.sections)
    if is_pack:
        sections = [document.section("summary_administration"), document.section("summary_year"), *follow_up]
    grid = TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 7),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6ef")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#adb5bd")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ])
    for index, section in enumerate(sections):
        story.append(Paragraph(section.title, h1))
        if section.intro:
            story.append(Paragraph(section.intro, body))
        if section.key == "summary_administration":
            story += [itplan_chart(document), Paragraph(
                _("Development (blue) and maintenance (orange) cost of %(year)s per administration.")
                % {"year": document.plan_year}, body), Spacer(1, 3 * mm)]
        story.append(_table(section, width, grid, cell, LongTable))
        story.append(Spacer(1, 6 * mm))
        if progress:
            progress(10 + int(60 * (index + 1) / len(sections)))

    # Approval block.
    story.append(Paragraph(_("Approval"), h1))
    rows = [[_("Version"), str(document.version)],
            [_("Assembled"), f"{_fmt_dt(approval.get('assembled_at'))} {approval.get('assembled_by', '')}".strip()],
            [_("Reason"), approval.get("reason") or "–"],
            [_("Proposed"), f"{_fmt_dt(approval.get('proposed_at'))} {approval.get('proposed_by', '')}".strip() or "–"],
            [_("Approved"), f"{_fmt_dt(approval.get('approved_at'))} {approval.get('approved_by', '')}".strip() or "–"],
            [_("Decision"), approval.get("decision") or "–"], [_("Meeting"), approval.get("meeting") or "–"]]
    block = LongTable([[Paragraph(_esc(a), cell), Paragraph(_esc(b), cell)] for a, b in rows],
                      colWidths=[40 * mm, width - 40 * mm])
    block.setStyle(grid)
    story.append(block)
    if not approval.get("approved_at"):
        story += [Spacer(1, 12 * mm), Paragraph(_("Approved by the municipal leadership group") + ":", body),
                  Spacer(1, 12 * mm), Paragraph("_" * 50, body), Paragraph(_("Date and signature"), body)]
    doc.multiBuild(story)
    if progress:
        progress(100)
    return out.getvalue()


def _fmt_dt(value) -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d") if timezone.is_aware(value) else value.strftime(
            "%Y-%m-%d")
    return value.isoformat()


def _esc(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _table(section: Section, width: float, grid, cell_style, table_class):
    from reportlab.platypus import Paragraph

    columns = section.columns
    wide = {"title", "system", "reason", "decision", "goal", "indicator", "for"}
    weights = [3.0 if c.key in wide else (1.2 if c.kind == "money" else 1.0) for c in columns]
    unit = width / sum(weights)
    header = [Paragraph(_esc(c.label), cell_style) for c in columns]
    data = [header]
    right = [i for i, c in enumerate(columns) if c.kind in ("money", "int", "percent", "number")]
    # Paragraphs (which wrap) only in the wide text columns; short text is clipped to its column, which
    # keeps a 2,000-row plan well within the time aim.
    wrap = [c.key in wide for c in columns]
    fits = [max(int(w * unit / 3.6), 4) for w in weights]
    for row in section.rows:
        data.append([Paragraph(_esc(_cell_text(v, c)), cell_style) if wrap[i]
                     else _cell_text(v, c) if i in right else _clip(_cell_text(v, c), fits[i])
                     for i, (v, c) in enumerate(zip(row, columns, strict=True))])
    if not section.rows:
        data.append([_("Nothing to show.")] + [""] * (len(columns) - 1))
    if section.total is not None and section.rows:
        data.append([_cell_text(v, c) for v, c in zip(section.total, columns, strict=True)])
    table = table_class(data, colWidths=[w * unit for w in weights], repeatRows=1)
    style = [*grid.getCommands()]
    for i in right:
        style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    if section.total is not None and section.rows:
        style += [("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 7), ("LINEABOVE", (0, -1), (-1, -1), 0.75,
                                                                        "black")]
    from reportlab.platypus import TableStyle

    table.setStyle(TableStyle(style))
    return table


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
