"""Two-step imports shared by the import page and the API: a staff member uploads a workbook,
sees every row previewed (the file is kept under a random token), then confirms with the token;
the confirmation re-checks every row and saves all or nothing."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from office.importing import directory, suggestions
from office.importing.workbook import WorkbookError
from suggestions import permissions as perms
from suggestions.errors import NotPermitted

KEEP_UPLOADS_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Importer:
    module: object  # preview(file, user=), import_workbook(file, user=), template()
    allowed: object  # permission predicate: user -> bool
    template_name: str


IMPORTERS = {
    "suggestions": Importer(suggestions, perms.can_import, "建议导入模板.xlsx"),
    "directory": Importer(directory, perms.can_manage_directory, "名册导入模板.xlsx"),
}
REJECTED = (suggestions.ImportRejected, directory.DirectoryRejected)


class UploadExpired(WorkbookError):
    """The token names no kept upload (expired, already imported, or made up)."""


def importer_for(kind: str, user) -> Importer:
    importer = IMPORTERS[kind]
    if not importer.allowed(user):
        raise NotPermitted()
    return importer


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "office_imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_old_uploads() -> None:
    """Uploads whose preview was never confirmed are kept a day, then removed."""
    limit = time.time() - KEEP_UPLOADS_SECONDS
    for old in _upload_dir().glob("*.xlsx"):
        if old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


def _stored(token: str) -> Path | None:
    try:
        name = uuid.UUID(token).hex
    except (ValueError, TypeError, AttributeError):
        return None
    path = _upload_dir() / f"{name}.xlsx"
    return path if path.exists() else None


def check_upload(upload) -> None:
    """WorkbookError when no file was sent or it is too large (nothing is kept)."""
    if upload is None:
        raise WorkbookError(_("Please choose an Excel workbook (.xlsx)."))
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise WorkbookError(_("The file is too large."))


def preview_upload(kind: str, upload, *, user):
    """(token, preview) for an uploaded workbook; raises NotPermitted, or WorkbookError for a
    missing, oversized or unreadable file."""
    importer = importer_for(kind, user)
    check_upload(upload)
    _forget_old_uploads()
    token = uuid.uuid4().hex
    path = _upload_dir() / f"{token}.xlsx"
    path.write_bytes(upload.read())
    try:
        return token, importer.module.preview(path, user=user)
    except WorkbookError:
        path.unlink(missing_ok=True)
        raise


def commit_upload(kind: str, token: str, *, user):
    """Import the previewed upload. Raises NotPermitted, UploadExpired, WorkbookError, or one of
    REJECTED (with `.preview`) when a row has a problem; the upload is kept for another try."""
    importer = importer_for(kind, user)
    path = _stored(token)
    if path is None:
        raise UploadExpired(_("The uploaded file has expired. Please upload it again."))
    result = importer.module.import_workbook(path, user=user)
    path.unlink(missing_ok=True)
    return result


def pairs(result) -> list[tuple[str, object]]:
    """(sheet, row) for every row; the suggestions workbook has one unnamed sheet."""
    return [r if isinstance(r, tuple) else ("", r) for r in result.rows]


def counts(result) -> tuple[int, int]:
    """(rows saved, rows already present and skipped)."""
    rows = [row for _sheet, row in pairs(result)]
    saved = sum(1 for r in rows if r.action in ("create", "update"))
    return saved, sum(1 for r in rows if r.action == "skip")
