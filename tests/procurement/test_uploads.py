import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from procurement.uploads import check_evidence_file

from .factories import TINY_PDF, TINY_PNG


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


@pytest.mark.parametrize(
    "name, data, label",
    [
        ("beslut.pdf", TINY_PDF, "PDF"),
        ("skiss.PNG", TINY_PNG, "PNG"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, "JPEG"),
        ("avtal.docx", DOCX, "Word (.docx)"),
        ("kalkyl.xlsx", XLSX, "Excel (.xlsx)"),
        ("anteckning.txt", "Mötesanteckning åäö".encode(), "plain text"),
    ],
)
def test_genuine_files_pass(name, data, label):
    assert str(check_evidence_file(SimpleUploadedFile(name, data)).label) == label


@pytest.mark.parametrize(
    "name, data",
    [
        ("beslut.pdf", b"MZ\x90\x00 this is an exe"),
        ("beslut.pdf", TINY_PNG),
        ("bild.png", TINY_PDF),
        ("avtal.docx", XLSX),  # a workbook named as a document
        ("kalkyl.xlsx", b"PK\x03\x04 not really a zip"),
        ("anteckning.txt", b"\xff\xfe\x00binary"),
    ],
)
def test_content_must_match_the_extension(name, data):
    with pytest.raises(ValidationError) as exc:
        check_evidence_file(SimpleUploadedFile(name, data))
    assert exc.value.code == "content"


@pytest.mark.parametrize("name", ["program.exe", "skript.html", "utan-filändelse"])
def test_other_types_are_refused(name):
    with pytest.raises(ValidationError) as exc:
        check_evidence_file(SimpleUploadedFile(name, TINY_PDF))
    assert exc.value.code == "extension"


@override_settings(UPLOAD_MAX_BYTES=100)
def test_oversized_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_evidence_file(SimpleUploadedFile("stor.pdf", TINY_PDF + b"0" * 100))
    assert exc.value.code == "too_large"
    assert check_evidence_file(SimpleUploadedFile("liten.pdf", TINY_PDF))
