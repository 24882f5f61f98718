"""Reply attachments over the API: upload to a reply draft (multipart) and download with the same
permission check as the web page."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from security.uploads import attachment_response
from suggestions import services
from suggestions.api.actionviews import error_responses
from suggestions.errors import NotVisible
from suggestions.models import Attachment


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "uploaded_at"]


UPLOAD_BODY = {
    "multipart/form-data": {
        "type": "object",
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
        },
        "required": ["files"],
    }
}


class AssignmentAttachmentsView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="assignments_attachments_upload",
        summary="Attach files to the unit's reply draft (before the head signs it off)",
        request=UPLOAD_BODY,
        responses={201: AttachmentSerializer(many=True), **error_responses()},
        tags=["assignments actions"],
    )
    def post(self, request, pk: int):
        added = services.reply_add_attachments(
            user=request.user, assignment=pk, files=request.FILES.getlist("files")
        )
        return Response(AttachmentSerializer(added, many=True).data, status=status.HTTP_201_CREATED)


class AttachmentDownloadView(APIView):
    @extend_schema(
        operation_id="attachments_download",
        summary="Download an attachment the caller may see",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(description="The file."),
            **{k: v for k, v in error_responses().items() if k in (401, 404)},
            400: error_responses()[400],
            403: error_responses()[403],
        },
        tags=["attachments"],
    )
    def get(self, request, pk: int):
        try:
            return attachment_response(request.user, pk)
        except Http404 as exc:
            raise NotVisible() from exc
