"""Excel imports over the API, the same two steps as the import page: upload a workbook to get
every row previewed with its problems and a token, then commit the token (all rows or none)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from office.api.files import FileAPIView, XlsxRenderer, file_responses
from office.importing import uploads
from office.importing.workbook import WorkbookError
from suggestions.api.actionviews import error_responses
from suggestions.downloads import XLSX, file_response

KIND = OpenApiParameter(
    "kind",
    str,
    OpenApiParameter.PATH,
    enum=list(uploads.IMPORTERS),
    description="suggestions: paper suggestions; directory: units, deputies and accounts.",
)
HIDDEN_COLUMNS = {"初始密码"}  # initial passwords are never echoed back


class ImportRowSerializer(serializers.Serializer):
    sheet = serializers.CharField(help_text="Sheet name (directory workbooks), else empty.")
    row = serializers.IntegerField(help_text="The row number as Excel shows it.")
    action = serializers.ChoiceField(choices=["create", "update", "skip"])
    values = serializers.DictField(child=serializers.CharField(allow_blank=True))
    problems = serializers.ListField(child=serializers.CharField())
    notes = serializers.ListField(child=serializers.CharField(), help_text="Not blocking.")
    suggestion = serializers.IntegerField(
        allow_null=True, help_text="The suggestion created from this row (after commit)."
    )


class ImportPreviewSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Pass to commit/ to import this upload.")
    ok = serializers.BooleanField(help_text="No row has a problem: commit will import.")
    rows = ImportRowSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    saved = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Rows already present (not saved again).")
    rows = ImportRowSerializer(many=True)


class CommitBody(serializers.Serializer):
    token = serializers.CharField(max_length=64, help_text="The token the preview answered.")


UPLOAD_BODY = {
    "multipart/form-data": {
        "type": "object",
        "properties": {"file": {"type": "string", "format": "binary"}},
        "required": ["file"],
    }
}


def _rows(result) -> list[dict]:
    return [
        {
            "sheet": sheet,
            "row": row.number,
            "action": row.action,
            "values": {
                k: ("******" if k in HIDDEN_COLUMNS and v else v) for k, v in row.values.items()
            },
            "problems": [str(p) for p in row.problems],
            "notes": [str(n) for n in row.notes],
            "suggestion": row.suggestion_id,
        }
        for sheet, row in uploads.pairs(result)
    ]


def _file_error(exc: WorkbookError, field: str) -> ValidationError:
    return ValidationError({field: [str(exc)]})


class ImportPreviewView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="office_import_preview",
        summary="Upload a workbook: every row is checked and reported, nothing is saved",
        request=UPLOAD_BODY,
        parameters=[KIND],
        responses={200: ImportPreviewSerializer, **error_responses()},
        tags=["office"],
    )
    def post(self, request, kind: str):
        uploads.importer_for(kind, request.user)  # 403 before looking at the file
        try:
            token, preview = uploads.preview_upload(
                kind, request.FILES.get("file"), user=request.user
            )
        except WorkbookError as exc:
            raise _file_error(exc, "file") from exc
        return Response({"token": token, "ok": preview.ok, "rows": _rows(preview)})


class ImportCommitView(APIView):
    @extend_schema(
        operation_id="office_import_commit",
        summary="Import a previewed workbook: every row is checked again; all rows or none",
        description="400 with one entry per problem row in `fields` (`rows.<n>` or "
        "`<sheet>.<n>`) when any row has a problem; nothing is saved then.",
        request=CommitBody,
        parameters=[KIND],
        responses={201: ImportResultSerializer, **error_responses()},
        tags=["office"],
    )
    def post(self, request, kind: str):
        uploads.importer_for(kind, request.user)
        body = CommitBody(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = uploads.commit_upload(kind, body.validated_data["token"], user=request.user)
        except uploads.REJECTED as exc:
            problems = {
                f"{sheet or 'rows'}.{row.number}": [str(p) for p in row.problems]
                for sheet, row in uploads.pairs(exc.preview)
                if row.problems
            }
            raise ValidationError(
                problems or {"token": [_("Some rows have problems. Nothing was saved.")]}
            ) from exc
        except WorkbookError as exc:
            raise _file_error(exc, "token") from exc
        saved, skipped = uploads.counts(result)
        return Response({"saved": saved, "skipped": skipped, "rows": _rows(result)}, status=201)


class ImportTemplateView(FileAPIView):
    renderer_classes = [XlsxRenderer]

    @extend_schema(
        operation_id="office_import_template",
        summary="The import workbook template (.xlsx) with an example row",
        parameters=[KIND],
        responses=file_responses(XLSX, description="The template workbook."),
        tags=["office"],
    )
    def get(self, request, kind: str):
        importer = uploads.importer_for(kind, request.user)
        return file_response(importer.module.template(), importer.template_name, XLSX)
