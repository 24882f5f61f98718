"""Generated files (workbooks, documents, open data) as downloads, for the pages and the API of
every app; uploaded files are served by `security.uploads.download`."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"


def file_response(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A download with a Chinese file name that every browser keeps (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
