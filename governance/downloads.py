"""The one download response: bytes an export or document function built, sent as a file.

Views only wrap the bytes (`exports.py` and `documents.py` make them); the content types of the files
the project sends are here too.
"""

import io

from django.http import FileResponse

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"


def download_response(data: bytes, *, filename: str, content_type: str, inline: bool = False) -> FileResponse:
    """`data` as the file `filename`: saved by the browser, or shown in it when `inline` (a PDF to read)."""
    return FileResponse(io.BytesIO(data), as_attachment=not inline, filename=filename, content_type=content_type)
