"""Reading back the PDFs the project writes (pypdf is not installed): their pages and the text they draw."""

import base64
import re
import zlib


def page_count(pdf: bytes) -> int:
    """Page objects in the PDF: '/Type /Page' not followed by 's'."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def pdf_text(pdf: bytes) -> str:
    """The strings the content streams show (reportlab's ASCII85 over Flate inflated), one a line."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        raw = match.group(1)
        if raw.rstrip().endswith(b"~>"):
            raw = base64.a85decode(raw.strip(), adobe=True)
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            pass
        for s in re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", raw):
            s = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), s)
            s = re.sub(rb"\\(.)", rb"\1", s)
            chunks.append(s.decode("latin-1"))
    return "\n".join(chunks)
