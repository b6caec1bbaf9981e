"""Safe spreadsheet reading and writing (governance/spreadsheets.py). No database needed.

Files are built in memory with openpyxl and zipfile. Assertions use error codes, not message texts,
except where a test switches to English to check what the user reads.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import defusedxml
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxLengthValidator
from django.utils import translation

from governance.spreadsheets import (
    MSG_FORMULA,
    ROW_NUMBER_KEY,
    CellError,
    ColumnSpec,
    SheetSpec,
    SpreadsheetError,
    check_xlsx_upload,
    csv_bytes,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    read_sheet,
    read_sheets,
    xlsx_bytes,
)

HEADER = ["Namn", "Antal", "Belopp", "Startdatum", "Aktiv", "Nivå"]
COLUMNS = [
    ColumnSpec("Namn", "name", required=True, validators=[MaxLengthValidator(20)]),
    ColumnSpec("Antal", "count", parse_int),
    ColumnSpec("Belopp", "amount", parse_decimal, required=True),
    ColumnSpec("Startdatum", "start", parse_date),
    ColumnSpec("Aktiv", "active", parse_bool, default=False),
    ColumnSpec("Nivå", "level", parse_choice({"Hög": "high", "Låg": "low"})),
]


def workbook_bytes(*rows, title="Data", extra_sheets=()):
    """An .xlsx made by openpyxl's normal writer; a str starting with '=' becomes a real formula."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for name in extra_sheets:
        wb.create_sheet(name)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def codes(data):
    return [e.code for e in data.errors]


def read(*rows, **kwargs):
    return read_sheet(workbook_bytes(HEADER, *rows), "Data", columns=COLUMNS, **kwargs)


# --- Reading ---------------------------------------------------------------------------------------


def test_good_file_is_parsed_with_row_numbers_and_empty_rows_skipped():
    data = read(
        ["Server", 3, 1234.5, dt.datetime(2024, 5, 1), True, "hög"],
        [None, None, None, None, None, None],
        ["  Licenser ", "1 000", "1 234,50", "2024-12-31", "nej", "Låg"],
        ["Drift", None, "-5", None, None, None],
    )

    assert data.errors == []
    assert data.is_valid
    assert data.row_count == 3
    assert data.rows == [
        {ROW_NUMBER_KEY: 2, "name": "Server", "count": 3, "amount": Decimal("1234.5"),
         "start": dt.date(2024, 5, 1), "active": True, "level": "high"},
        {ROW_NUMBER_KEY: 4, "name": "Licenser", "count": 1000, "amount": Decimal("1234.50"),
         "start": dt.date(2024, 12, 31), "active": False, "level": "low"},
        {ROW_NUMBER_KEY: 5, "name": "Drift", "count": None, "amount": Decimal("-5"),
         "start": None, "active": False, "level": None},
    ]  # fmt: skip


def test_headers_match_regardless_of_case_order_and_spacing():
    data = read_sheet(
        workbook_bytes([" belopp", "NAMN "], [10, "A"]), columns=[COLUMNS[0], COLUMNS[2]]
    )  # first sheet when no name is given

    assert data.errors == []
    assert data.rows == [{ROW_NUMBER_KEY: 2, "name": "A", "amount": Decimal(10)}]


def test_missing_and_unknown_columns_are_reported_by_name_and_rows_still_checked():
    content = workbook_bytes(["Namn", "Kommentar", "Belopp", "Antal"], ["A", "x", "inte ett tal", 1])

    data = read_sheet(content, "Data", columns=COLUMNS)

    header_errors = [(e.row, e.column_header, e.code) for e in data.errors if e.row == 1]
    assert header_errors == [
        (1, "Kommentar", "unknown_column"),
        (1, "Startdatum", "missing_column"),
        (1, "Aktiv", "missing_column"),
        (1, "Nivå", "missing_column"),
    ]
    assert [(e.row, e.column_header, e.code) for e in data.errors if e.row > 1] == [(2, "Belopp", "invalid_decimal")]
    assert not data.is_valid


def test_duplicate_and_unlabelled_columns_are_reported():
    content = workbook_bytes(["Namn", None, "Belopp", "Namn"], ["A", "oops", 1, "B"], ["C", "again", 2, "D"])

    data = read_sheet(content, columns=[COLUMNS[0], COLUMNS[2]])

    assert [(e.row, e.column_header, e.code) for e in data.errors] == [
        (1, "Namn", "duplicate_column"),
        (2, "B", "unlabelled"),
    ]


def test_every_bad_cell_is_collected_with_sheet_row_and_header():
    data = read(
        [None, 1, 10, None, None, None],  # row 2: name required
        ["A", 1.5, None, "1 maj 2024", "kanske", "Mellan"],  # row 3: five problems
        ["B", 2, 20, "2024-02-30", None, None],  # row 4: no such date
        ["C", 3, "1.234,5", dt.datetime(2024, 5, 1, 13, 30), None, None],  # row 5
        ["x" * 21, 4, 40, None, None, None],  # row 6: validator
        ["OK", 5, 50, None, None, None],  # row 7: fine
    )

    assert [(e.sheet, e.row, e.column_header, e.code) for e in data.errors] == [
        ("Data", 2, "Namn", "required"),
        ("Data", 3, "Antal", "invalid_int"),
        ("Data", 3, "Belopp", "required"),
        ("Data", 3, "Startdatum", "invalid_date"),
        ("Data", 3, "Aktiv", "invalid_bool"),
        ("Data", 3, "Nivå", "invalid_choice"),
        ("Data", 4, "Startdatum", "invalid_date"),
        ("Data", 5, "Belopp", "invalid_decimal"),
        ("Data", 5, "Startdatum", "invalid_date"),
        ("Data", 6, "Namn", "max_length"),
    ]
    assert data.row_count == 6
    assert [row[ROW_NUMBER_KEY] for row in data.rows] == [7]


def test_non_date_in_date_column_says_how_to_write_it():
    with translation.override("en"):
        data = read(["A", 1, 10, "nästa vecka", None, None])
        message = str(data.errors[0])

    assert data.errors == [CellError("Data", 2, "Startdatum", "Enter a date as YYYY-MM-DD.", "invalid_date")]
    assert message == "Sheet “Data”, row 2, column “Startdatum”: Enter a date as YYYY-MM-DD."


def test_formula_cells_are_refused_even_when_the_result_would_parse():
    with translation.override("en"):
        data = read(["A", "=1+1", "=SUM(1,2)", None, None, None])

    assert [(e.row, e.column_header, e.code) for e in data.errors] == [
        (2, "Antal", "formula"),
        (2, "Belopp", "formula"),
    ]
    assert data.errors[0].message == "Formulas are not allowed; enter the value."
    assert data.rows == []


def test_error_value_cells_are_refused():
    data = read(["A", "#N/A", 10, None, None, None])

    assert codes(data) == ["error_value"]


def test_choice_accepts_django_choices_by_value_or_label():
    parse_level = parse_choice([("high", "Hög"), ("low", "Låg")])

    assert parse_level("HÖG") == "high"
    assert parse_level("low") == "low"


@pytest.mark.parametrize(
    ("parser", "text", "expected"),
    [
        (parse_int, "−12", -12),
        (parse_int, 7.0, 7),
        (parse_decimal, 0.1, Decimal("0.1")),
        (parse_decimal, "1\u00a0234,5", Decimal("1234.5")),
        (parse_bool, "JA", True),
        (parse_bool, 0, False),
        (parse_bool, "yes", True),
    ],
)
def test_parsers_accept_what_swedish_users_type(parser, text, expected):
    assert parser(text) == expected


def test_too_many_rows_stops_reading():
    data = read(*[["A", i, 1, None, None, None] for i in range(5)], max_rows=3)

    assert codes(data) == ["too_many_rows"]
    assert data.errors[0].row == 5
    assert data.row_count == 3


def test_too_many_errors_stops_reading():
    data = read(*[[None, 1, 1, None, None, None] for _ in range(10)], max_errors=3)

    assert codes(data) == ["required", "required", "required", "too_many_errors"]


def test_missing_sheet_lists_the_sheets_there_are():
    with pytest.raises(SpreadsheetError) as caught:
        read_sheets(workbook_bytes(HEADER, extra_sheets=["Projekt"]), {"Data": COLUMNS, "Nyttor": COLUMNS})

    assert caught.value.codes == ["sheet_missing"]
    assert "“Nyttor”" in caught.value.messages[0]
    assert "“Projekt”" in caught.value.messages[0]


def test_several_sheets_are_read_from_one_upload():
    wb = openpyxl.Workbook()
    wb.active.title = "A"
    wb.active.append(["Namn", "Belopp"])
    wb.active.append(["x", 1])
    other = wb.create_sheet("B")
    other.append(["Namn", "Belopp"])
    out = io.BytesIO()
    wb.save(out)

    result = read_sheets(out.getvalue(), {"A": [COLUMNS[0], COLUMNS[2]], "B": [COLUMNS[0], COLUMNS[2]]})

    assert result["A"].rows == [{ROW_NUMBER_KEY: 2, "name": "x", "amount": Decimal(1)}]
    assert result["B"].rows == []
    assert result["B"].is_valid


def test_uploaded_file_and_plain_binary_file_are_accepted(tmp_path):
    content = workbook_bytes(HEADER, ["A", 1, 10, None, None, None])
    path = tmp_path / "import.xlsx"
    path.write_bytes(content)

    from_upload = read_sheet(SimpleUploadedFile("import.xlsx", content), "Data", columns=COLUMNS)
    with path.open("rb") as fh:
        from_file = read_sheet(fh, "Data", columns=COLUMNS)

    assert from_upload.rows == from_file.rows == [
        {ROW_NUMBER_KEY: 2, "name": "A", "count": 1, "amount": Decimal(10), "start": None, "active": False,
         "level": None}
    ]  # fmt: skip


# --- Upload checks ---------------------------------------------------------------------------------


def refused(content, **limits):
    with pytest.raises(SpreadsheetError) as caught:
        check_xlsx_upload(content, **limits)
    return caught.value


def test_defusedxml_is_used_by_openpyxl():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_entity_expansion_is_refused(part):
    """Billion laughs in a part read at load and in one streamed later: defusedxml stops both, and
    the user gets a plain refusal."""
    doctype = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(["Namn"], ["A"]))) as good:
        members = {name: good.read(name) for name in good.namelist()}
    members[part] = doctype + members[part].decode().replace("<t>A</t>", "<t>&c;</t>")

    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(zip_bytes(members), columns=[COLUMNS[0]])

    assert caught.value.codes == ["unreadable"]
    chain, cause = [], caught.value
    while cause is not None:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    assert any(isinstance(e, defusedxml.DefusedXmlException) for e in chain), chain


def test_text_file_renamed_xlsx_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile("budget.xlsx", "Förvaltning;Belopp\nÄldreomsorg;1000\n".encode())

    with translation.override("en"):
        error = refused(upload)

    assert error.codes == ["not_xlsx"]
    assert "not an Excel workbook (.xlsx)" in error.messages[0]


def test_old_xls_file_is_refused_and_told_to_save_as_xlsx():
    xls_like = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)

    with translation.override("en"):
        error = refused(SimpleUploadedFile("budget.xlsx", xls_like))

    assert error.codes == ["xls"]
    assert ".xls" in error.messages[0]


def test_empty_file_and_zip_without_workbook_are_refused():
    assert refused(b"").codes == ["not_xlsx"]
    assert refused(zip_bytes({"readme.txt": "hej"})).codes == ["not_xlsx"]


def test_file_over_the_size_limit_is_refused_before_opening():
    content = workbook_bytes(HEADER)

    assert refused(content, max_bytes=len(content) - 1).codes == ["too_large"]
    assert check_xlsx_upload(content, max_bytes=len(content)).read(4) == b"PK\x03\x04"


def test_size_limit_applies_to_streams_without_reading_them_all():
    class Stream(io.RawIOBase):
        def __init__(self):
            self.served = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[: len(buffer)] = b"x" * len(buffer)
            self.served += len(buffer)
            return len(buffer)

    stream = Stream()

    assert refused(stream, max_bytes=1000).codes == ["too_large"]
    assert stream.served <= 1001


def test_zip_bomb_is_refused_by_declared_uncompressed_size():
    content = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/worksheets/sheet1.xml": bytes(3_000_000),
        }
    )
    assert len(content) < 10_000

    error = refused(content, max_uncompressed_bytes=1_000_000)

    assert error.codes == ["too_large_uncompressed", "compression_ratio"]


def test_compression_ratio_is_checked_even_under_the_size_limit():
    content = zip_bytes(
        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "xl/big.xml": bytes(2**21)}
    )

    assert refused(content).codes == ["compression_ratio"]


def test_too_many_members_is_refused():
    members = {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}
    members.update({f"xl/media/{i}.xml": "<x/>" for i in range(20)})

    assert refused(zip_bytes(members), max_members=10).codes == ["too_many_members"]
    assert check_xlsx_upload(zip_bytes(members), max_members=22)


def test_read_sheet_runs_the_upload_checks():
    content = workbook_bytes(HEADER)

    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(content, columns=COLUMNS, max_bytes=100)

    assert caught.value.codes == ["too_large"]


# --- Writing ---------------------------------------------------------------------------------------

DANGEROUS = ["=1+1", '=HYPERLINK("http://evil.example","klicka")', "+SUM(A1)", "-2+3", "@cmd", "\tx", "\nx"]
CSV_DANGEROUS = [*DANGEROUS, "\rx"]  # XML turns a stored CR into LF, so only CSV can keep it


def sheet_xml(content, number=1):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode()


def test_xlsx_keeps_formula_looking_text_as_text():
    texts = [*DANGEROUS, "#N/A"]  # openpyxl would otherwise write this one as an error value
    content = xlsx_bytes([SheetSpec("Export", ["Text"], [[text] for text in texts])])

    ws = openpyxl.load_workbook(io.BytesIO(content), data_only=False)["Export"]
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(text, "s") for text in texts]
    assert not re.search(r"<f[ >]", sheet_xml(content))


def test_xlsx_numbers_and_dates_round_trip_as_numbers_and_dates():
    rows = [
        [-5, Decimal("1234.50"), 0.25, dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 8, 30), True, None],
        [10**16, Decimal("NaN"), None, None, None, False, "-5"],
    ]
    content = xlsx_bytes([SheetSpec("Tal", list("ABCDEFG"), rows, number_formats=[None, "#,##0.00"])])

    ws = openpyxl.load_workbook(io.BytesIO(content))["Tal"]
    first, second = ([(c.value, c.data_type) for c in row] for row in ws.iter_rows(min_row=2))
    assert first == [
        (-5, "n"),
        (1234.5, "n"),
        (0.25, "n"),
        (dt.datetime(2024, 5, 1), "d"),
        (dt.datetime(2024, 5, 1, 8, 30), "d"),
        (True, "b"),
        (None, "n"),
    ]
    assert ws["B2"].number_format == "#,##0.00"
    assert ws["D2"].number_format == "yyyy-mm-dd"
    assert second[:2] == [(str(10**16), "s"), ("NaN", "s")]  # Excel would round or reject them as numbers
    assert second[6] == ("-5", "s")


def test_xlsx_has_bold_frozen_header_filter_and_widths():
    content = xlsx_bytes(
        [
            SheetSpec("Projekt", ["Namn", "Belopp"], [["a", 1], ["b", 2], ["c", 3]], column_widths=[30]),
            SheetSpec("Tom", ["Namn"], []),
        ]
    )

    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["Projekt"]
    assert ws["A1"].font.bold and ws["B1"].font.bold
    assert not ws["A2"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B4"
    assert ws.column_dimensions["A"].width == 30
    assert ws.column_dimensions["B"].width == 10
    assert wb["Tom"].auto_filter.ref == "A1:A1"


def test_xlsx_sanitises_sheet_titles_and_user_text():
    content = xlsx_bytes(
        [
            SheetSpec("Budget 2024/2025: [utkast]", ["a"], [["rad\x0bbrytning", "x" * 40_000]]),
            SheetSpec("budget 2024-2025- -utkast-", ["a"], []),
        ]
    )

    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Budget 2024-2025- -utkast-", "budget 2024-2025- -utkast- (2)"]
    ws = wb.worksheets[0]
    assert ws["A2"].value == "radbrytning"
    assert len(ws["B2"].value) == 32_767


def test_xlsx_writes_aware_datetimes_in_local_time():
    moment = dt.datetime(2024, 1, 15, 11, 0, tzinfo=dt.UTC)

    with translation.override("sv"):
        content = xlsx_bytes([SheetSpec("Tid", ["När"], [[moment]])])

    ws = openpyxl.load_workbook(io.BytesIO(content))["Tid"]
    assert ws["A2"].value == dt.datetime(2024, 1, 15, 12, 0)  # Europe/Stockholm, winter time


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8")), delimiter=";"))


def test_csv_neutralises_formula_looking_text_but_not_numbers():
    content = csv_bytes(
        ["Text", "Tal"], [[text, -5] for text in CSV_DANGEROUS] + [["vanlig text", Decimal("-1234.50")]]
    )

    rows = csv_rows(content)
    assert rows[0] == ["Text", "Tal"]
    assert [row[0] for row in rows[1:-1]] == ["'" + text for text in CSV_DANGEROUS]
    assert {row[1] for row in rows[1:-1]} == {"-5"}
    assert rows[-1] == ["vanlig text", "-1234,50"]


def test_csv_writes_swedish_text_dates_and_decimal_comma():
    content = csv_bytes(
        ["Förvaltning", "Belopp", "Andel", "Datum", "Aktiv", "Tom"],
        [["Äldreomsorg; hemtjänst", Decimal("1000000.5"), 0.1, dt.date(2024, 5, 1), True, None]],
    )

    with translation.override("sv"):
        yes = csv_rows(csv_bytes(["x"], [[True]]))[1][0]
    assert "Förvaltning".encode() in content
    assert csv_rows(content)[1][:4] == ["Äldreomsorg; hemtjänst", "1000000,5", "0,1", "2024-05-01"]
    assert yes == "Ja"


def test_csv_delimiter_and_decimal_separator_are_parameters():
    content = csv_bytes(["a", "b"], [[Decimal("1.5"), "=x"]], delimiter=",", decimal_separator=".")

    assert content.decode("utf-8-sig") == "a,b\r\n1.5,'=x\r\n"


def test_formula_message_is_english_source_text():
    with translation.override("en"):
        assert str(MSG_FORMULA) == "Formulas are not allowed; enter the value."
