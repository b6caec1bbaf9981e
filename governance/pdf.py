"""What every PDF shares (reportlab platypus): the house paragraph styles, a paragraph that escapes its
text, the grid table and the facts table, and the A4 document with its footer.

The maintenance plan, the procurement audit pack, the decision memo and the IT plan are built from these
pieces, so they look alike and a fix reaches all four. Numbers and money in a PDF come from
`governance.money` with `plain=True`: the standard fonts have no minus sign (U+2212).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape_xml

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as _landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Table, TableStyle

from .money import DASH

PRIMARY = colors.HexColor("#0b3d6b")  # headings and the rule under a table's header (as governance.charts)
HEADER_BG = colors.HexColor("#e7f0f8")
LABEL_BG = colors.HexColor("#e9ecef")
RULE = colors.HexColor("#adb5bd")
MUTED = colors.HexColor("#495057")
MARGIN = 15 * mm


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle  # the document's title
    h1: ParagraphStyle  # a part (the IT plan's table-of-contents level)
    h2: ParagraphStyle  # a section
    body: ParagraphStyle
    small: ParagraphStyle  # notes, and the labels of a facts table
    cell: ParagraphStyle  # text in a table cell
    head: ParagraphStyle  # a table's header cell
    head_right: ParagraphStyle  # the header cell of a column of numbers
    cell_padding: float  # top and bottom padding of table cells


def styles(*, compact: bool = False) -> Styles:
    """The house styles: 10 pt body text for reports, or `compact` (8.5 pt) for documents that hold much
    on a page (the one-page decision memo, the IT plan's wide tables)."""
    sample = getSampleStyleSheet()
    size = 8.5 if compact else 10.0
    body = ParagraphStyle(
        "body", parent=sample["BodyText"], fontSize=size, leading=size * 1.25, spaceAfter=2 if compact else 6
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=size - 1.5 if compact else size - 2, leading=size, spaceBefore=0, spaceAfter=0
    )
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    return Styles(
        title=ParagraphStyle(
            "title", parent=sample["Heading1"], fontSize=size * 1.8, leading=size * 2.15, spaceAfter=2 if compact else 6
        ),
        h1=ParagraphStyle("h1", parent=sample["Heading1"], fontSize=size * 1.5, leading=size * 1.85),
        h2=ParagraphStyle(
            "h2",
            parent=sample["Heading2"],
            fontSize=size * 1.25,
            leading=size * 1.55,
            spaceBefore=6 if compact else 10,
            spaceAfter=2 if compact else 4,
            textColor=PRIMARY,
        ),
        body=body,
        small=ParagraphStyle(
            "small", parent=body, fontSize=size - 1 if compact else size - 2, leading=size + 0.5 if compact else size
        ),
        cell=cell,
        head=head,
        head_right=ParagraphStyle("head_right", parent=head, alignment=TA_RIGHT),
        cell_padding=1.5 if compact else 3,
    )


def escape(text) -> str:
    """`text` as paragraph markup that prints as typed: <, > and & escaped, line breaks kept."""
    return _escape_xml(str(text)).replace("\n", "<br/>")


def paragraph(text, style: ParagraphStyle, *, empty: str = DASH) -> Paragraph:
    """A paragraph of `text` (anything, shown as str()), escaped; None or '' show `empty`."""
    return Paragraph(escape(empty if text is None or text == "" else text), style)


def table(
    header: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[float],
    st: Styles,
    *,
    numeric: Iterable[int] = (),
    total_row: bool = False,
    extra: Sequence[tuple] = (),
    long: bool = False,
) -> Table:
    """A grid table: the `header` (plain texts, which wrap) in bold on a light band ruled in the house
    colour, repeated on every page, then `rows` (texts, which do not wrap and cost little, or flowables
    such as `paragraph`s, which do) at the top of their cells in the cell style's size.

    `numeric` columns are right-aligned; `total_row` sets the last row in bold under a rule; `extra` adds
    TableStyle commands; `long` makes a LongTable (for hundreds of rows).
    """
    numeric = set(numeric)
    data = [
        [paragraph(text, st.head_right if i in numeric else st.head, empty="") for i, text in enumerate(header)],
        *rows,
    ]
    grid = (LongTable if long else Table)(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    font, leading = st.cell.fontSize, st.cell.leading
    commands = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", font, leading),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), st.cell_padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), st.cell_padding),
        *[("ALIGN", (i, 0), (i, -1), "RIGHT") for i in sorted(numeric)],
    ]
    if total_row:
        commands += [
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", font, leading),
            ("LINEABOVE", (0, -1), (-1, -1), 0.75, colors.black),
        ]
    grid.setStyle(TableStyle([*commands, *extra]))
    return grid


def facts_table(facts: Iterable[tuple], widths: Sequence[float], st: Styles) -> Table:
    """Label and value per row (label on a grey band), for a document's key facts."""
    grid = Table(
        [[paragraph(label, st.small), paragraph(value, st.body)] for label, value in facts],
        colWidths=list(widths),
        hAlign="LEFT",
    )
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
                ("TOPPADDING", (0, 0), (-1, -1), st.cell_padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), st.cell_padding),
            ]
        )
    )
    return grid


class Document(SimpleDocTemplate):
    """An A4 document (portrait or `landscape`) with the house margins, its title, author and subject set,
    and on every page a `footer` line (with "Page n" at the right when `page_numbers`).

    Paragraphs in `contents_style` become table-of-contents entries for a `TableOfContents` in the story
    (build such a document with `multiBuild`).
    """

    def __init__(
        self,
        out,
        *,
        title: str,
        author: str = "",
        subject: str = "",
        landscape: bool = False,
        footer: str = "",
        page_numbers: bool = False,
        contents_style: ParagraphStyle | None = None,
    ):
        super().__init__(
            out,
            pagesize=_landscape(A4) if landscape else A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 2 * mm,
            title=title,
            author=author,
            subject=subject,
        )
        self.footer = footer
        self.page_numbers = page_numbers
        self.contents_style = contents_style

    def draw_footer(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(MUTED)
        if self.footer:
            canvas.drawString(MARGIN, 9 * mm, self.footer)
        if self.page_numbers:
            canvas.drawRightString(doc.pagesize[0] - MARGIN, 9 * mm, _("Page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    onFirstPage = onLaterPages = draw_footer  # SimpleDocTemplate.build draws these on every page

    def afterFlowable(self, flowable) -> None:
        if self.contents_style is not None and getattr(flowable, "style", None) is self.contents_style:
            self.notify("TOCEntry", (0, escape(flowable.getPlainText()), self.page))
