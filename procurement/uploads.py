"""Evidence files: a size limit, and the content must be what the name claims.

Accepted: PDF (%PDF magic), PNG and JPEG (magic numbers), XLSX and DOCX (a zip with the parts of an
Office Open XML workbook or document, checked without extracting, with member-count and uncompressed-size
guards) and plain text (valid UTF-8 without NUL bytes). Anything else, or a file whose content does not
match its extension, is refused with a message saying what to do.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ZIP_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str


PDF = Kind("PDF", "application/pdf")
PNG = Kind("PNG", "image/png")
JPEG = Kind("JPEG", "image/jpeg")
XLSX = Kind("Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOCX = Kind("Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
TEXT = Kind(_("plain text"), "text/plain; charset=utf-8")

KIND_BY_EXTENSION = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".xlsx": XLSX, ".docx": DOCX, ".txt": TEXT}
ALLOWED = ", ".join(sorted(KIND_BY_EXTENSION))


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def _read_all(file: IO[bytes], limit: int) -> bytes:
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    return data


def _zip_has(data_file: IO[bytes], required: tuple[str, ...]) -> bool:
    try:
        with zipfile.ZipFile(data_file) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
                return False
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        data_file.seek(0)
    return all(name in names for name in required)


def _content_matches(kind: Kind, head: bytes, file: IO[bytes], size: int) -> bool:
    if kind is PDF:
        return head.startswith(b"%PDF-")
    if kind is PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind is JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if kind is XLSX:
        return head.startswith(b"PK\x03\x04") and _zip_has(file, ("[Content_Types].xml", "xl/workbook.xml"))
    if kind is DOCX:
        return head.startswith(b"PK\x03\x04") and _zip_has(file, ("[Content_Types].xml", "word/document.xml"))
    if kind is TEXT:
        data = _read_all(file, size)
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return False


def check_evidence_file(file) -> Kind:
    """Check an uploaded evidence file (Django UploadedFile or any binary file with a `.name`).

    Returns the detected kind. Raises ValidationError (codes too_large, empty, extension, content).
    """
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Upload a smaller file, or link to the document instead.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = KIND_BY_EXTENSION.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ValidationError(
            _("Files of this type cannot be uploaded as evidence. Allowed: %(allowed)s.") % {"allowed": ALLOWED},
            code="extension",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not _content_matches(kind, head, file, size):
        raise ValidationError(
            _(
                "The file’s content is not %(kind)s, as its name “%(name)s” claims. Save it in the "
                "right format (or give it the right extension) and upload it again."
            )
            % {"kind": kind.label, "name": PurePath(name).name},
            code="content",
        )
    return kind
