"""Upload → preview every row → import all or nothing, for paper suggestions and the directory."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.importing import directory, suggestions
from office.importing.workbook import WorkbookError
from office.views.http import XLSX, file_response, require
from suggestions import permissions as perms

KINDS = {
    "suggestions": (
        suggestions,
        perms.can_import,
        gettext_lazy("Import paper suggestions"),
        "建议导入模板.xlsx",
    ),
    "directory": (
        directory,
        perms.can_manage_directory,
        gettext_lazy("Import the directory"),
        "名册导入模板.xlsx",
    ),
}


KEEP_UPLOADS_SECONDS = 24 * 3600


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
    except (ValueError, TypeError):
        return None
    path = _upload_dir() / f"{name}.xlsx"
    return path if path.exists() else None


@login_required
def template_download(request, kind: str):
    module, allowed, _title, filename = KINDS[kind]
    require(allowed(request.user))
    return file_response(module.template(), filename, XLSX)


@login_required
def import_page(request, kind: str):
    module, allowed, title, _filename = KINDS[kind]
    require(allowed(request.user))
    context = {"kind": kind, "title": title}
    if request.method != "POST":
        return render(request, "office/import.html", context)
    token = request.POST.get("token", "")
    if token:
        return _confirm(request, module, context, token)
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = _("Please choose an Excel workbook (.xlsx).")
        return render(request, "office/import.html", context, status=400)
    if upload.size > settings.MAX_UPLOAD_BYTES:
        context["error"] = _("The file is too large.")
        return render(request, "office/import.html", context, status=400)
    _forget_old_uploads()
    token = uuid.uuid4().hex
    path = _upload_dir() / f"{token}.xlsx"
    path.write_bytes(upload.read())
    try:
        context["preview"] = module.preview(path, user=request.user)
        context["preview_rows"] = _pairs(context["preview"])
    except WorkbookError as exc:
        path.unlink(missing_ok=True)
        context["error"] = str(exc)
        return render(request, "office/import.html", context, status=400)
    context["token"] = token
    return render(request, "office/import.html", context)


def _confirm(request, module, context, token: str):
    path = _stored(token)
    if path is None:
        context["error"] = _("The uploaded file has expired. Please upload it again.")
        return render(request, "office/import.html", context, status=400)
    rejected = (getattr(module, "ImportRejected", None), getattr(module, "DirectoryRejected", None))
    try:
        result = module.import_workbook(path, user=request.user)
    except tuple(r for r in rejected if r) as exc:
        context.update(preview=exc.preview, preview_rows=_pairs(exc.preview), token=token)
        context["error"] = _("Some rows have problems. Nothing was saved.")
        return render(request, "office/import.html", context, status=400)
    except WorkbookError as exc:
        context["error"] = str(exc)
        return render(request, "office/import.html", context, status=400)
    path.unlink(missing_ok=True)
    done = sum(1 for r in _rows(result) if r.action in ("create", "update"))
    skipped = sum(1 for r in _rows(result) if r.action == "skip")
    messages.success(
        request,
        _("Imported: %(done)s rows saved, %(skipped)s already present and skipped.")
        % {"done": done, "skipped": skipped},
    )
    return redirect("office:import", kind=context["kind"])


def _pairs(result) -> list[tuple[str, object]]:
    return [r if isinstance(r, tuple) else ("", r) for r in result.rows]


def _rows(result):
    return [row for _sheet, row in _pairs(result)]
