"""Input checks the follow-through services share."""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from security.inputs import text_error
from security.uploads import validate_file_count, validate_upload


def required_text(value, field: str, errors: dict, *, limit: int, message: str) -> str:
    """As `optional_text`, and `message` when the text is empty."""
    if refused := text_error(value or ""):
        errors[field] = [refused]
        return ""
    text = value.strip() if value else ""
    if not text:
        errors[field] = [message]
    elif len(text) > limit:
        errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    return text


def optional_text(value, field: str, errors: dict, *, limit: int) -> str:
    """The text stripped; a message in `errors[field]` when it is not text, holds control
    characters (a NUL cannot be stored in PostgreSQL) or is longer than `limit`."""
    if message := text_error(value or ""):
        errors[field] = [message]
        return ""
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
    """The number of files, then each file as every upload is checked (security.uploads: name,
    size, type read from the content), limited to the evidence types (photos, PDF, Word)."""
    files = list(files or [])
    try:
        validate_file_count(files)
    except ValidationError as exc:
        errors[field] = list(exc.messages)
        return
    for upload in files:
        name = os.path.basename(upload.name or "")
        if os.path.splitext(name)[1].lower() not in settings.EVIDENCE_TYPES:
            errors[field] = [
                _("The file %(name)s is not an accepted type (photo JPG/PNG, PDF, Word).")
                % {"name": name}
            ]
            continue
        try:
            validate_upload(upload)
        except ValidationError as exc:
            errors[field] = list(exc.messages)


def evidence_type(upload) -> str:
    return settings.EVIDENCE_TYPES[os.path.splitext(upload.name)[1].lower()]
