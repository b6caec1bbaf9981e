"""Reading uploaded spreadsheets and writing exports, safely. Every app's imports and exports use this.

Uploads: `check_xlsx_upload` refuses anything that is not a modest, genuine .xlsx before openpyxl opens
it (size, zip magic, required parts, member count, uncompressed size, compression ratio) and requires
defusedxml, which openpyxl then uses for its XML parsing. `read_sheet` / `read_sheets` parse sheets
against declared columns and collect every problem as a `CellError` instead of stopping at the first,
so an import can show the user all of them at once.

Exports: `xlsx_bytes` and `csv_bytes` write user text as text. openpyxl turns any str starting with "="
into a live formula, and Excel evaluates CSV cells starting with = + - @; neither may happen to
something a user typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import logging
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

import openpyxl
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 1_000
# Real workbooks compress sheet XML 5-50x; a member far beyond that is a bomb, not a sheet. Small
# members are exempt because a few KB of repetitive XML can legitimately compress very well.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ROWS = 10_000
MAX_ERRORS = 1_000
ROW_NUMBER_KEY = "row_number"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also every password-protected .xlsx
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_EXACT_INT = 10**15  # Excel keeps 15 significant digits; longer integers are written as text
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")  # OWASP, plus full-width forms

MSG_NOT_XLSX = _(
    "The file is not an Excel workbook (.xlsx). Open it in Excel, choose Save as, "
    "'Excel Workbook (*.xlsx)', and upload it again."
)
MSG_UNREADABLE = _("The workbook could not be read. Open it in Excel, save it again as .xlsx and upload it again.")
MSG_FORMULA = _("Formulas are not allowed; enter the value.")
MSG_REQUIRED = _("This value is required.")


class SpreadsheetError(ValidationError):
    """The upload as a whole was refused. `messages` lists why; each entry in `error_list` has a code."""

    @property
    def codes(self) -> list[str | None]:
        return [error.code for error in self.error_list]


@dataclass(frozen=True)
class CellError:
    """One problem in an uploaded sheet. `row` is the spreadsheet row number the user sees (1 = header)."""

    sheet: str
    row: int
    column_header: str
    message: str
    code: str = "invalid"

    def __str__(self) -> str:
        where = gettext("Sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.column_header:
            where += gettext(", column “%(column)s”") % {"column": self.column_header}
        return f"{where}: {self.message}"


# --- Upload checks -------------------------------------------------------------------------------


def require_defusedxml() -> None:
    """openpyxl parses with defusedxml when it could import it at start-up (`openpyxl.DEFUSEDXML`).

    Without it, a crafted workbook can expand entities (billion laughs); refuse to read uploads at all.
    lxml is not installed here; if it were, openpyxl would parse parts with a non-resolving lxml parser
    and still stream sheets through defusedxml.
    """
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured(
            "defusedxml must be installed (and OPENPYXL_DEFUSEDXML not set to False) before reading uploads."
        )


def check_xlsx_upload(
    file: IO[bytes] | bytes,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES,
    max_members: int = MAX_ZIP_MEMBERS,
    max_compression_ratio: float = MAX_COMPRESSION_RATIO,
) -> IO[bytes]:
    """Check an upload (Django UploadedFile, binary file or bytes) before anything parses it.

    Returns a seekable binary file at position 0, ready for openpyxl. Raises SpreadsheetError with codes
    too_large, xls, not_xlsx, encrypted, too_many_members, duplicate_members, too_large_uncompressed,
    compression_ratio. Nothing is extracted: the checks read only the zip's central directory. Reading
    later cannot exceed the declared sizes, because zipfile stops each member at its declared length.
    """
    require_defusedxml()
    fh, size = _seekable(file, max_bytes)
    if size > max_bytes:
        raise SpreadsheetError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    head = fh.read(len(OLE_MAGIC))
    fh.seek(0)
    if not isinstance(head, bytes):
        raise TypeError("Open the upload in binary mode.")
    if head.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _(
                "This is an old-format Excel file (.xls) or a password-protected workbook. Save it as "
                "'Excel Workbook (*.xlsx)' without a password and upload it again."
            ),
            code="xls",
        )
    if not head.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(fh):
        raise SpreadsheetError(MSG_NOT_XLSX, code="not_xlsx")
    fh.seek(0)
    try:
        with zipfile.ZipFile(fh) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        logger.info("Refused upload: unreadable zip: %s", exc)
        raise SpreadsheetError(MSG_NOT_XLSX, code="not_xlsx") from exc
    finally:
        fh.seek(0)
    errors = _zip_errors(members, max_uncompressed_bytes, max_members, max_compression_ratio)
    if errors:
        raise SpreadsheetError(errors)
    return fh


def _seekable(file: IO[bytes] | bytes, max_bytes: int) -> tuple[IO[bytes], int]:
    if isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
        return io.BytesIO(data), len(data)
    seekable = getattr(file, "seekable", None)
    if seekable is not None and seekable():
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(0)
        return file, size
    # A stream: read one byte past the limit, enough to know it is too big without reading it all.
    data = file.read(max_bytes + 1)
    return io.BytesIO(data), len(data)


def _zip_errors(
    members: list[zipfile.ZipInfo], max_uncompressed: int, max_members: int, max_ratio: float
) -> list[ValidationError]:
    names = [m.filename for m in members]
    if len(members) > max_members:
        return [
            ValidationError(
                _("The workbook has %(count)s parts; at most %(limit)s are allowed.")
                % {"count": len(members), "limit": max_members},
                code="too_many_members",
            )
        ]
    errors = []
    if any(name not in names for name in REQUIRED_MEMBERS):
        errors.append(ValidationError(MSG_NOT_XLSX, code="not_xlsx"))
    if len(set(names)) != len(names):
        errors.append(ValidationError(_("The workbook contains duplicate parts."), code="duplicate_members"))
    if any(m.flag_bits & 0x1 for m in members):
        errors.append(
            ValidationError(_("The workbook is encrypted; remove the password and upload it again."), code="encrypted")
        )
    total = sum(m.file_size for m in members)
    if total > max_uncompressed:
        errors.append(
            ValidationError(
                _("The workbook unpacks to %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(total), "limit": filesizeformat(max_uncompressed)},
                code="too_large_uncompressed",
            )
        )
    if any(m.file_size >= RATIO_CHECK_MIN_BYTES and m.file_size > max_ratio * max(m.compress_size, 1) for m in members):
        errors.append(
            ValidationError(
                _("The workbook is compressed suspiciously hard and was refused."), code="compression_ratio"
            )
        )
    return errors


# --- Reading -------------------------------------------------------------------------------------

Parser = Callable[[Any], Any]


def _number_text(value: str) -> str:
    # Swedish thousands separators are (narrow) no-break spaces; a typographic minus is still a minus.
    return re.sub(r"[\s\u00a0\u202f]", "", value).replace("\u2212", "-")


def parse_text(value: Any) -> str:
    """Any cell as trimmed text; whole numbers without '.0', dates as YYYY-MM-DD."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_int(value: Any) -> int:
    """A whole number: a number cell, or text such as '-5' or '1 000'."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, (float, Decimal)):
        if math.isfinite(value) and value == int(value):
            return int(value)
    elif isinstance(value, str):
        text = _number_text(value)
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
    raise ValidationError(_("Enter a whole number."), code="invalid_int")


def parse_decimal(value: Any) -> Decimal:
    """A number as Decimal: a number cell, or text with a decimal comma or point ('1 234,50')."""
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."), code="invalid_decimal")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = repr(value)  # the shortest text that is this float: what the user typed, not binary noise
    elif isinstance(value, str):
        value = _number_text(value)
        if "," in value and "." in value:
            raise ValidationError(
                _("Enter a number with one decimal separator and no thousands separator, e.g. 1234,50."),
                code="invalid_decimal",
            )
        value = value.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
            raise ValidationError(_("Enter a number."), code="invalid_decimal")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Enter a number."), code="invalid_decimal") from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."), code="invalid_decimal")
    return number


def parse_date(value: Any) -> dt.date:
    """A date cell, or text 'YYYY-MM-DD'."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise ValidationError(_("Enter a date without a time of day."), code="invalid_date")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="invalid_date")


TRUE_WORDS = frozenset({"ja", "yes", "1", "true", "sant"})
FALSE_WORDS = frozenset({"nej", "no", "0", "false", "falskt"})


def parse_bool(value: Any) -> bool:
    """A true/false cell, 1/0, or ja/nej, yes/no (any case)."""
    if isinstance(value, bool):
        return value
    word = parse_text(value).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Enter ja or nej (yes or no)."), code="invalid_bool")


def parse_choice(choices: Mapping[str, Any] | Iterable[tuple[Any, Any]] | type) -> Parser:
    """A parser for one of `choices`, matched case- and space-insensitively.

    `choices` is a mapping from accepted text to the value to store, or Django choices ((value, label)
    pairs or a TextChoices class), where the stored value and the label in Swedish or English are all
    accepted: a sheet filled in under either language imports the same.
    """

    @functools.cache  # the same in every language: built once, on the first cell
    def accepted() -> dict[str, Any]:
        source = getattr(choices, "choices", choices)
        if isinstance(source, Mapping):
            return {_key(text): stored for text, stored in source.items()}
        table = {}
        for stored, label in source:
            table[_key(stored)] = stored
            for language in ("sv", "en"):
                with translation.override(language):
                    table[_key(label)] = stored
        return table

    def parse(value: Any) -> Any:
        table = accepted()
        key = _key(parse_text(value))
        if key in table:
            return table[key]
        raise ValidationError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": parse_text(value), "choices": choice_help(choices)},
            code="invalid_choice",
        )

    return parse


def choice_help(choices: Mapping[str, Any] | Iterable[tuple[Any, Any]] | type) -> str:
    """The accepted values for people: "value (label); …" for Django choices, the texts for a mapping."""
    source = getattr(choices, "choices", choices)
    if isinstance(source, Mapping):
        return ", ".join(str(text) for text in source)
    return "; ".join(f"{stored} ({label})" for stored, label in source)


def max_length(n: int) -> Callable[[str], None]:
    """A column validator: at most `n` characters."""

    def check(value: str) -> None:
        if len(value) > n:
            raise ValidationError(_("At most %(n)s characters.") % {"n": n}, code="too_long")

    return check


def _key(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class ColumnSpec:
    """One expected column: its header text (matched case- and whitespace-insensitively), the key its
    parsed value gets in each row dict, a parser, whether a value is required, and Django validators
    run on the parsed value. An empty optional cell gives `default`."""

    header: str
    key: str
    parser: Parser = parse_text
    required: bool = False
    validators: Sequence[Callable[[Any], None]] = ()
    default: Any = None


@dataclass
class SheetData:
    """Rows parsed without error (dicts keyed by ColumnSpec.key, plus ROW_NUMBER_KEY), and every error.
    `row_count` counts all non-empty data rows, with or without errors."""

    sheet: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    row_count: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors


def read_sheet(
    file: IO[bytes] | bytes,
    sheet_name: str | None = None,
    *,
    columns: Sequence[ColumnSpec],
    max_rows: int = MAX_ROWS,
    max_errors: int = MAX_ERRORS,
    **upload_limits: Any,
) -> SheetData:
    """Parse one sheet (the first when `sheet_name` is None) of an uploaded workbook.

    Raises SpreadsheetError only for the file as a whole (see check_xlsx_upload; also sheet_missing and
    unreadable). Header and cell problems never raise: they are collected in SheetData.errors.
    `upload_limits` are passed to check_xlsx_upload.
    """
    return read_sheets(file, {sheet_name: columns}, max_rows=max_rows, max_errors=max_errors, **upload_limits)[
        sheet_name
    ]


def read_sheets(
    file: IO[bytes] | bytes,
    sheets: Mapping[str | None, Sequence[ColumnSpec]],
    *,
    max_rows: int = MAX_ROWS,
    max_errors: int = MAX_ERRORS,
    **upload_limits: Any,
) -> dict[str | None, SheetData]:
    """Like read_sheet for several sheets of one upload, opening it once. Keyed as `sheets` is."""
    for columns in sheets.values():
        _check_specs(columns)
    fh = check_xlsx_upload(file, **upload_limits)
    try:
        workbook = openpyxl.load_workbook(fh, read_only=True, data_only=False)
    except Exception as exc:  # untrusted input may trip anything inside openpyxl; the user gets one answer
        logger.info("Refused upload: openpyxl could not open it: %r", exc)
        raise SpreadsheetError(MSG_UNREADABLE, code="unreadable") from exc
    try:
        found = {name: _find_sheet(workbook, name) for name in sheets}
        missing = [name for name, ws in found.items() if ws is None]
        if missing:
            raise SpreadsheetError(
                _("The workbook has no sheet named %(missing)s. Its sheets are: %(sheets)s.")
                % {
                    "missing": ", ".join(f"“{name}”" for name in missing),
                    "sheets": ", ".join(f"“{name}”" for name in workbook.sheetnames),
                },
                code="sheet_missing",
            )
        return {
            name: _read_worksheet(found[name], columns, max_rows=max_rows, max_errors=max_errors)
            for name, columns in sheets.items()
        }
    finally:
        workbook.close()


def _check_specs(columns: Sequence[ColumnSpec]) -> None:
    keys = [c.key for c in columns]
    headers = [_key(c.header) for c in columns]
    if ROW_NUMBER_KEY in keys or len(set(keys)) != len(keys) or len(set(headers)) != len(headers):
        raise ValueError(f"Column keys and headers must be unique and not {ROW_NUMBER_KEY!r}.")


def _find_sheet(workbook, name: str | None):
    worksheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
    if name is None:
        return worksheets[0] if worksheets else None
    by_key = {_key(ws.title): ws for ws in worksheets}
    return next((ws for ws in worksheets if ws.title == name), None) or by_key.get(_key(name))


def _guarded(rows: Iterable[Any]) -> Iterator[Any]:
    """Turn any failure inside openpyxl's lazy XML parsing into SpreadsheetError, and nothing else."""
    iterator = iter(rows)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as exc:
            logger.info("Refused upload: openpyxl failed while reading rows: %r", exc)
            raise SpreadsheetError(MSG_UNREADABLE, code="unreadable") from exc
        yield item


def _is_blank(cell: Any) -> bool:
    value = cell.value
    return value is None or (isinstance(value, str) and not value.strip() and cell.data_type != "f")


def _read_worksheet(ws, columns: Sequence[ColumnSpec], *, max_rows: int, max_errors: int) -> SheetData:
    data = SheetData(sheet=ws.title)

    def error(row: int, column: str, message: Any, code: str) -> None:
        data.errors.append(CellError(ws.title, row, column, str(message), code))

    # Some writers declare wrong dimensions; read-only mode would silently cut the sheet to them.
    ws.reset_dimensions()
    header_cells = next(_guarded(ws.iter_rows(min_row=1, max_row=1)), ())
    by_key = {_key(spec.header): spec for spec in columns}
    positions: dict[str, int] = {}  # spec.key -> 0-based column index
    unlabelled: list[int] = []
    for index, cell in enumerate(header_cells):
        if _is_blank(cell):
            unlabelled.append(index)
            continue
        text = parse_text(cell.value)
        spec = by_key.get(_key(text))
        if cell.data_type == "f":
            error(1, text, MSG_FORMULA, "formula")
        elif spec is None:
            error(1, text, _("Unknown column; remove it or correct the heading."), "unknown_column")
        elif spec.key in positions:
            error(1, text, _("The column appears twice."), "duplicate_column")
        else:
            positions[spec.key] = index
    for spec in columns:
        if spec.key not in positions:
            error(1, str(spec.header), _("The column is missing."), "missing_column")
    width = max([i + 1 for i in positions.values()], default=0)
    if not width:
        return data
    unlabelled = [i for i in unlabelled if i < width]
    last_row = max_rows + 2  # header + max_rows data rows + one row to notice that there are more

    for row_number, cells in enumerate(_guarded(ws.iter_rows(min_row=2, max_row=last_row, max_col=width)), start=2):
        if all(_is_blank(cell) for cell in cells):
            continue
        if row_number == last_row:
            error(row_number, "", _("The sheet has more than %(limit)s rows.") % {"limit": max_rows}, "too_many_rows")
            break
        data.row_count += 1
        for index in [i for i in unlabelled if not _is_blank(cells[i])]:
            unlabelled.remove(index)  # report each such column once
            error(row_number, get_column_letter(index + 1), _("This column has values but no heading."), "unlabelled")
        row, row_errors = _parse_row(ws.title, row_number, cells, columns, positions)
        if row_errors:
            data.errors.extend(row_errors)
        else:
            data.rows.append(row)
        if len(data.errors) >= max_errors:
            error(row_number, "", _("Too many errors; reading stopped here."), "too_many_errors")
            break
    return data


def _parse_row(sheet: str, row_number: int, cells, columns, positions) -> tuple[dict[str, Any], list[CellError]]:
    row: dict[str, Any] = {ROW_NUMBER_KEY: row_number}
    errors = []
    for spec in columns:
        if spec.key not in positions:
            row[spec.key] = spec.default
            continue
        cell = cells[positions[spec.key]]
        try:
            row[spec.key] = _parse_cell(cell, spec)
        except ValidationError as error:
            errors.append(CellError(sheet, row_number, str(spec.header), " ".join(error.messages), _error_code(error)))
    return row, errors


def _parse_cell(cell, spec: ColumnSpec) -> Any:
    if cell.data_type == "f":
        raise ValidationError(MSG_FORMULA, code="formula")
    if cell.data_type == "e":
        raise ValidationError(
            _("The cell shows an error (%(error)s); enter a value.") % {"error": cell.value}, code="error_value"
        )
    if _is_blank(cell):
        if spec.required:
            raise ValidationError(MSG_REQUIRED, code="required")
        return spec.default
    value = spec.parser(cell.value)
    for validator in spec.validators:
        validator(value)
    return value


def _error_code(error: ValidationError) -> str:
    return next((e.code for e in error.error_list if e.code), "invalid")


# --- Writing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetSpec:
    """One exported sheet. `column_widths` and `number_formats` are per column (None = default); dates
    default to 'yyyy-mm-dd', datetimes to 'yyyy-mm-dd hh:mm'."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    column_widths: Sequence[float | None] = ()
    number_formats: Sequence[str | None] = ()


def xlsx_bytes(sheets: Sequence[SheetSpec]) -> bytes:
    """An .xlsx file with one sheet per spec: bold frozen header, auto-filter over the data, numbers as
    numbers, dates as dates, and every string as text (never a formula or an error value)."""
    if not sheets:
        raise ValueError("An export needs at least one sheet.")
    workbook = openpyxl.Workbook(write_only=True)
    used_titles: set[str] = set()
    bold = Font(bold=True)
    for spec in sheets:
        ws = workbook.create_sheet(_sheet_title(spec.title, used_titles))
        ncols = len(spec.header)
        # Everything that goes before <sheetData> must be set before the first append.
        ws.freeze_panes = "A2"
        for index in range(ncols):
            width = _at(spec.column_widths, index)
            if width is None:
                width = min(max(len(str(spec.header[index])) + 4, 10), 60)
            ws.column_dimensions[get_column_letter(index + 1)].width = width
        header_cells = []
        for title in spec.header:
            cell = _xlsx_cell(ws, str(title), None)
            cell.font = bold
            header_cells.append(cell)
        ws.append(header_cells)
        last_row = 1
        for values in spec.rows:
            ws.append([_xlsx_cell(ws, value, _at(spec.number_formats, i)) for i, value in enumerate(values)])
            last_row += 1
        if ncols:
            ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{last_row}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _at(values: Sequence[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _sheet_title(title: Any, used: set[str]) -> str:
    base = re.sub(r"[\\*?:/\[\]]", "-", str(title)).strip().strip("'")[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def _xlsx_cell(ws, value: Any, number_format: str | None):
    value = _excel_value(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl made "=..." a formula and "#N/A" an error; it is the user's text
    if isinstance(value, dt.datetime):
        cell.number_format = number_format or "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = number_format or "yyyy-mm-dd"
    elif number_format:
        cell.number_format = number_format
    return cell


def _excel_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        return value
    if isinstance(value, int):
        return value if abs(value) < EXCEL_EXACT_INT else str(value)
    if isinstance(value, (float, Decimal)):
        return value if math.isfinite(value) else str(value)  # Excel has no NaN or infinity
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:EXCEL_MAX_CELL_CHARS]


def csv_bytes(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ";", decimal_separator: str = ","
) -> bytes:
    """CSV as UTF-8 with BOM, for Swedish Excel (';' and decimal comma by default).

    Strings starting with = + - @ tab CR LF get a leading apostrophe so Excel shows them instead of
    evaluating them; numbers are written as numbers, so -5 stays -5.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_csv_value(value, decimal_separator) for value in header])
    for values in rows:
        writer.writerow([_csv_value(value, decimal_separator) for value in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_value(value: Any, decimal_separator: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            return ""
        return format(number, "f").replace(".", decimal_separator)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(CSV_TRIGGERS) else text
