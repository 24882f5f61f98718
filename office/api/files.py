"""File downloads through DRF: the file types are negotiated like any representation (the first
listed is the default, so `Accept: */*` gets it), while every error stays JSON."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from suggestions.api.actionviews import error_responses
from suggestions.api.errors import ErrorSerializer
from suggestions.downloads import DOCX, PDF, XLSX

JSON = "application/json"


class _FileRenderer(BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data  # views answer HttpResponse with the bytes; only negotiation uses this


class XlsxRenderer(_FileRenderer):
    media_type = XLSX
    format = "xlsx"


class DocxRenderer(_FileRenderer):
    media_type = DOCX
    format = "docx"


class PdfRenderer(_FileRenderer):
    media_type = PDF
    format = "pdf"


class FileAPIView(APIView):
    """An APIView answering a file; its errors are rendered as JSON whatever was accepted."""

    renderer_classes = [XlsxRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSON
        return super().finalize_response(request, response, *args, **kwargs)


def file_responses(*media_types: str, errors=(400, 401, 403, 404), description: str = "") -> dict:
    """200 as binary under each media type, errors as JSON (and 406 for an unmet Accept)."""
    documented = error_responses()
    responses = {
        (200, media): OpenApiResponse(OpenApiTypes.BINARY, description=description)
        for media in media_types
    }
    responses[(406, JSON)] = OpenApiResponse(
        ErrorSerializer, description="None of the accepted media types can be produced."
    )
    for code in errors:
        responses[(code, JSON)] = documented[code]
    return responses
