"""Upload checks: size, name, and the type read from the file's content (libmagic), which must
agree with the extension. Files are stored under MEDIA_ROOT (outside the web root) and served
only by `security.views.attachment_download` after a permission check."""

from __future__ import annotations

import os

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

OLE = (
    "application/msword",
    "application/vnd.ms-excel",
    "application/CDFV2",
    "application/x-ole-storage",
    "application/vnd.ms-office",
)
ZIP = ("application/zip",)
# Content types libmagic may report for each allowed extension.
TYPES = {
    "pdf": ("application/pdf",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "doc": OLE,
    "xls": OLE,
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", *ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", *ZIP),
    "ofd": ZIP,
    "txt": ("text/plain",),
}
SNIFF_BYTES = 8192
NAME_MAX = 200
# Files in one upload (a reply's attachments, a promise's evidence): Django's own cap of 100
# parts per request is far more than anyone attaches, and each file is sniffed and stored.
MAX_FILES = 10


def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def detected_type(upload) -> str:
    return magic.from_buffer(_head(upload), mime=True)


def _check_name(name: str) -> str:
    base = os.path.basename(name or "")
    if not base or base != name.replace("\\", "/").split("/")[-1] or len(base) > NAME_MAX:
        raise ValidationError(_("The file name is not acceptable."), code="bad_name")
    if any(ord(c) < 32 or c == "\x7f" for c in base):
        raise ValidationError(_("The file name is not acceptable."), code="bad_name")
    return base


# Bytes of a stored file's name: file systems allow 255, and Django may add "_" + 7 characters
# when the name is taken. The original name is kept in the database row for downloads.
STORED_NAME_BYTES = 150


def stored_name(filename: str) -> str:
    """`filename` shortened (keeping its extension) so that it fits on any file system: 200
    characters of, say, CJK Extension B take 800 bytes in UTF-8 and would fail the save."""
    stem, ext = os.path.splitext(os.path.basename(filename))
    while stem and len((stem + ext).encode()) > STORED_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "file") + ext[:16]


def validate_file_count(files) -> None:
    """Raise ValidationError (a user-facing message) when one upload carries too many files."""
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("At most %(n)s files at a time.") % {"n": MAX_FILES}, code="too_many_files"
        )


def validate_upload(upload) -> None:
    """Raise ValidationError (a user-facing message) unless `upload` is acceptable."""
    name = _check_name(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None) or 0
    limit = settings.MAX_UPLOAD_BYTES
    if size <= 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name}, code="empty")
    if size > limit:
        raise ValidationError(
            _("The file %(name)s is too large (at most %(mb)s MB).")
            % {"name": name, "mb": limit // (1024 * 1024)},
            code="too_large",
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [e for e in settings.UPLOAD_ALLOWED_EXTENSIONS if e in TYPES]
    if ext not in allowed:
        raise ValidationError(
            _("Files of type %(ext)s are not accepted. Accepted: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(allowed)},
            code="type_not_allowed",
        )
    if detected_type(upload) not in TYPES[ext]:
        raise ValidationError(
            _("The content of %(name)s is not a real .%(ext)s file.") % {"name": name, "ext": ext},
            code="content_mismatch",
        )


def attachment_response(user, pk) -> FileResponse:
    """A reply's file, served only to someone allowed to see it, always as a download that the
    browser may neither sniff nor run; Http404 otherwise (also when the file is gone). The one
    way every page and the API serve attachments."""
    from suggestions import permissions as perms
    from suggestions.models import Attachment

    attachment = (
        Attachment.objects.select_related("reply__assignment__suggestion").filter(pk=pk).first()
    )
    if attachment is None or not perms.can_view_attachment(user, attachment):
        raise Http404()
    return download(attachment.file, attachment.name, attachment.content_type)


def download(file, name: str, content_type: str = "") -> FileResponse:
    """An uploaded file as a download the browser may neither sniff nor run; Http404 when the
    stored file is gone. Callers check who may see it first."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404() from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
