"""governance.downloads.download_response, the one download response: a file to save, or a PDF to read."""

from governance.downloads import PDF, XLSX, download_response


def test_attachment():
    response = download_response(b"PK\x03\x04data", filename="plan-2027.xlsx", content_type=XLSX)
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="plan-2027.xlsx"'
    assert response["Content-Length"] == "8"
    assert response.getvalue() == b"PK\x03\x04data"


def test_inline_keeps_the_file_name():
    response = download_response(b"%PDF-1.4", filename="memo-P2027-1.pdf", content_type=PDF, inline=True)
    assert response["Content-Disposition"] == 'inline; filename="memo-P2027-1.pdf"'
    assert response.getvalue() == b"%PDF-1.4"


def test_a_name_beyond_ascii_is_encoded():
    response = download_response(b"x", filename="underhållsplan.pdf", content_type=PDF)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''underh%C3%A5llsplan.pdf"
