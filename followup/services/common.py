"""Input checks the follow-through services share."""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.utils.translation import gettext as _

# The first bytes of each accepted file type: a renamed executable is refused.
MAGIC = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/pdf": (b"%PDF-",),
    "application/msword": (b"\xd0\xcf\x11\xe0",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
}
MAX_FILES = 10


def required_text(value, field: str, errors: dict, *, limit: int, message: str) -> str:
    text = (value or "").strip()
    if not text:
        errors[field] = [message]
    elif len(text) > limit:
        errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    return text


def optional_text(value, field: str, errors: dict, *, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    return text


def parse_date(value, field: str, errors: dict) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors[field] = [_("Enter a valid date (YYYY-MM-DD).")]
        return None


def check_evidence(files, errors: dict, field: str = "files") -> None:
    """Check the number, size, extension and first bytes of the uploaded files."""
    files = list(files or [])
    if len(files) > MAX_FILES:
        errors[field] = [_("At most %(n)s files at a time.") % {"n": MAX_FILES}]
        return
    for upload in files:
        name = os.path.basename(upload.name or "")
        content_type = settings.EVIDENCE_TYPES.get(os.path.splitext(name)[1].lower())
        if upload.size > settings.MAX_UPLOAD_BYTES:
            errors[field] = [
                _("The file %(name)s is too large (at most %(mb)s MB).")
                % {"name": name, "mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            ]
        elif upload.size == 0:
            errors[field] = [_("The file %(name)s is empty.") % {"name": name}]
        elif content_type is None or not _starts_like(upload, content_type):
            errors[field] = [
                _("The file %(name)s is not an accepted type (photo JPG/PNG, PDF, Word).")
                % {"name": name}
            ]


def _starts_like(upload, content_type: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return any(head.startswith(magic) for magic in MAGIC[content_type])


def evidence_type(upload) -> str:
    return settings.EVIDENCE_TYPES[os.path.splitext(upload.name)[1].lower()]
