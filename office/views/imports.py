"""Upload → preview every row → import all or nothing, for paper suggestions and the directory
(the steps themselves are in `office.importing.uploads`, shared with the API)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from office.importing import uploads
from office.importing.workbook import WorkbookError
from suggestions.downloads import XLSX, file_response
from suggestions.views.common import require

TITLES = {
    "suggestions": gettext_lazy("Import paper suggestions"),
    "directory": gettext_lazy("Import the directory"),
}


@login_required
def template_download(request, kind: str):
    importer = uploads.IMPORTERS[kind]
    require(importer.allowed(request.user))
    return file_response(importer.module.template(), importer.template_name, XLSX)


@login_required
def import_page(request, kind: str):
    require(uploads.IMPORTERS[kind].allowed(request.user))
    context = {"kind": kind, "title": TITLES[kind]}
    if request.method != "POST":
        return render(request, "office/import.html", context)
    token = request.POST.get("token", "")
    if token:
        return _confirm(request, kind, context, token)
    try:
        token, preview = uploads.preview_upload(kind, request.FILES.get("file"), user=request.user)
    except WorkbookError as exc:
        context["error"] = str(exc)
        return render(request, "office/import.html", context, status=400)
    context.update(preview=preview, preview_rows=uploads.pairs(preview), token=token)
    return render(request, "office/import.html", context)


def _confirm(request, kind: str, context, token: str):
    try:
        result = uploads.commit_upload(kind, token, user=request.user)
    except uploads.REJECTED as exc:
        context.update(preview=exc.preview, preview_rows=uploads.pairs(exc.preview), token=token)
        context["error"] = _("Some rows have problems. Nothing was saved.")
        return render(request, "office/import.html", context, status=400)
    except WorkbookError as exc:
        context["error"] = str(exc)
        return render(request, "office/import.html", context, status=400)
    done, skipped = uploads.counts(result)
    messages.success(
        request,
        _("Imported: %(done)s rows saved, %(skipped)s already present and skipped.")
        % {"done": done, "skipped": skipped},
    )
    return redirect("office:import", kind=context["kind"])
