"""Evidence files of promise progress, served to whoever may see them (web page and API)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from followup.selectors.promises import evidence_for


def evidence_response(user, pk: int) -> FileResponse:
    """The file as an attachment, or 404 when the caller may not see it or it is gone."""
    evidence = evidence_for(user, pk)
    if evidence is None or not evidence.file.storage.exists(evidence.file.name):
        raise Http404()
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
