"""Files for staff and leaders: the statistics workbook (.xlsx) and the draft annual report
(.docx) of a session, the same files the statistics page offers."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from disclosure import export, report
from disclosure.api.common import (
    ROUND_PARAM,
    SESSION_PARAM,
    chosen_round,
    chosen_session,
    read_errors,
)
from suggestions import permissions as perms
from suggestions.downloads import DOCX, XLSX, file_response
from suggestions.errors import NotPermitted


def _require_statistics(user) -> None:
    if not perms.can_view_statistics(user):
        raise NotPermitted()


class WorkbookView(APIView):
    @extend_schema(
        operation_id="stats_export_xlsx",
        summary="The statistics of a session as an Excel workbook, one sheet per breakdown",
        parameters=[SESSION_PARAM, ROUND_PARAM],
        responses={
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook."),
            **read_errors(),
        },
        tags=["stats"],
    )
    def get(self, request):
        _require_statistics(request.user)
        session = chosen_session(request)
        content = export.session_workbook(session, chosen_round(request))
        return file_response(content, f"statistics-{session.pk}.xlsx", XLSX)


class ReportView(APIView):
    @extend_schema(
        operation_id="stats_report_docx",
        summary="The draft annual handling report of a session as a Word document",
        parameters=[SESSION_PARAM],
        responses={
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The report."),
            **read_errors(),
        },
        tags=["stats"],
    )
    def get(self, request):
        _require_statistics(request.user)
        session = chosen_session(request)
        return file_response(report.build(session), f"report-{session.pk}.docx", DOCX)
