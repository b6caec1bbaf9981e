"""governance.pdf, what every PDF shares: the house styles, the escaping paragraph, the grid and facts
tables, and the A4 document with its footer, page numbers and table of contents."""

import io

import pytest
from django.utils import translation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, PageBreak, Paragraph, Table
from reportlab.platypus.tableofcontents import TableOfContents

from governance import pdf
from tests.pdfs import page_count, pdf_text


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_styles_report_and_compact():
    report, compact = pdf.styles(), pdf.styles(compact=True)
    assert (report.body.fontSize, report.body.leading) == (10, 12.5)
    assert (report.cell.fontSize, report.cell.leading) == (8, 10)
    assert (report.small.fontSize, report.title.fontSize, report.h1.fontSize, report.h2.fontSize) == (8, 18, 15, 12.5)
    assert (compact.body.fontSize, compact.body.leading) == (8.5, 10.625)
    assert (compact.cell.fontSize, compact.cell.leading, compact.small.fontSize) == (7, 8.5, 7.5)
    assert report.head.fontName == "Helvetica-Bold" and report.head_right.alignment == 2  # TA_RIGHT
    assert report.h2.textColor == pdf.PRIMARY
    assert (report.cell_padding, compact.cell_padding) == (3, 1.5)


def test_escape_keeps_what_was_typed():
    assert pdf.escape('A < B & "C" > D\nnext') == 'A &lt; B &amp; "C" &gt; D<br/>next'
    assert pdf.escape(12) == "12"


def test_paragraph_escapes_and_shows_a_dash_for_nothing():
    style = pdf.styles().body
    assert pdf.paragraph("<b>bold?</b> & more", style).getPlainText() == "<b>bold?</b> & more"
    assert pdf.paragraph(None, style).getPlainText() == "–"
    assert pdf.paragraph("", style, empty="").getPlainText() == ""
    assert pdf.paragraph(0, style).getPlainText() == "0"  # zero is a value, not nothing


def test_table_header_numbers_and_total():
    st = pdf.styles()
    grid = pdf.table(
        ["Item", "Amount"],
        [["Licences", "1 000 kr"], ["Total", "1 000 kr"]],
        [100, 60],
        st,
        numeric=[1],
        total_row=True,
    )
    assert type(grid) is Table and grid.repeatRows == 1 and grid._colWidths == [100, 60]
    head = grid._cellvalues[0]
    assert [p.getPlainText() for p in head] == ["Item", "Amount"]
    assert head[0].style is st.head and head[1].style is st.head_right
    assert grid._cellvalues[1] == ["Licences", "1 000 kr"]  # body texts stay plain strings (cheap, no wrap)
    style = grid._cellStyles
    assert style[1][1].alignment == "RIGHT" and style[1][0].alignment == "LEFT"
    assert style[2][0].fontname == "Helvetica-Bold" and style[1][0].fontname == "Helvetica"  # the total row
    assert style[1][0].fontsize == st.cell.fontSize and style[1][0].topPadding == st.cell_padding
    assert pdf.table(["A"], [["x"]], [50], st, long=True).__class__ is LongTable


def test_table_extra_commands_apply():
    grid = pdf.table(["A", "B"], [["x", "y"]], [50, 50], pdf.styles(), extra=[("FONTNAME", (1, 1), (1, 1), "Courier")])
    assert grid._cellStyles[1][1].fontname == "Courier"


def test_facts_table_labels_on_a_grey_band():
    st = pdf.styles()
    facts = pdf.facts_table([("State", "Draft"), ("Supplier", None)], [40 * mm, 100 * mm], st)
    rows = facts._cellvalues
    assert [[p.getPlainText() for p in row] for row in rows] == [["State", "Draft"], ["Supplier", "–"]]
    assert rows[0][0].style is st.small and rows[0][1].style is st.body
    assert ("BACKGROUND", (0, 0), (0, -1), pdf.LABEL_BG) in facts._bkgrndcmds


def build(story, **kwargs) -> bytes:
    out = io.BytesIO()
    doc = pdf.Document(out, title="Test", **kwargs)
    if any(isinstance(f, TableOfContents) for f in story):
        doc.multiBuild(story)
    else:
        doc.build(story)
    return out.getvalue()


def test_document_margins_and_page_sizes():
    out = io.BytesIO()
    portrait = pdf.Document(out, title="T")
    assert portrait.pagesize == A4 and portrait.leftMargin == portrait.rightMargin == portrait.topMargin == 15 * mm
    assert portrait.bottomMargin == pytest.approx(17 * mm) and portrait.width == pytest.approx(A4[0] - 30 * mm)
    assert pdf.Document(out, title="T", landscape=True).pagesize == landscape(A4)


def test_document_footer_and_page_numbers():
    st = pdf.styles()
    data = build(
        [pdf.paragraph("One", st.body), PageBreak(), pdf.paragraph("Two", st.body)],
        footer="Plan 2027 & more",
        page_numbers=True,
    )
    assert page_count(data) == 2
    text = pdf_text(data)
    assert text.count("Plan 2027 & more") == 2 and "Page 1" in text and "Page 2" in text


def test_document_without_page_numbers():
    data = build([pdf.paragraph("One", pdf.styles().body)], footer="Memo")
    assert "Memo" in pdf_text(data) and "Page 1" not in pdf_text(data)


def test_table_of_contents_lists_the_contents_style_paragraphs():
    st = pdf.styles(compact=True)
    toc = TableOfContents()
    toc.levelStyles = [st.body]
    story = [
        toc,
        PageBreak(),
        pdf.paragraph("Costs & benefits", st.h1),
        pdf.paragraph("Not listed", st.h2),
        PageBreak(),
        pdf.paragraph("Risks", st.h1),
    ]
    out = io.BytesIO()
    doc = pdf.Document(out, title="T", contents_style=st.h1)
    doc.multiBuild(story)
    assert [(level, text, page) for level, text, page, *_ in toc._lastEntries] == [
        (0, "Costs &amp; benefits", 2),
        (0, "Risks", 3),
    ]
    assert "Costs & benefits" in pdf_text(out.getvalue())


def test_a_whole_report_renders():
    st = pdf.styles()
    story = [
        pdf.paragraph("Title", st.title),
        pdf.facts_table([("A", "B")], [50 * mm, 100 * mm], st),
        pdf.table(["X", "Y"], [[Paragraph("p", st.cell), "1"]] * 80, [60 * mm, 30 * mm], st, numeric=[1], long=True),
    ]
    data = build(story, footer="Report", page_numbers=True)
    assert data.startswith(b"%PDF") and page_count(data) >= 2
