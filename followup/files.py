"""Evidence files of promise progress, served to whoever may see them (web page and API)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from followup.selectors.promises import evidence_for
from security.uploads import download


def evidence_response(user, pk: int) -> FileResponse:
    """The file as an attachment, or 404 when the caller may not see it or it is gone."""
    evidence = evidence_for(user, pk)
    if evidence is None:
        raise Http404()
    return download(evidence.file, evidence.name, evidence.content_type)
