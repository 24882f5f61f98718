"""The standard ledger (台账) as .xlsx over the API: the suggestion list's filters, scoped to
what the caller may see, exactly as /office/ledger.xlsx."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError

from office.api.files import FileAPIView, XlsxRenderer, file_responses
from office.export import xlsx_response
from office.filters import SuggestionFilter
from office.ledger import LEDGER_COLUMNS, ledger_queryset
from suggestions.downloads import XLSX
from suggestions.models import Status
from suggestions.permissions import visible_suggestions

FILTERS = [
    OpenApiParameter("session", int, description="Session id."),
    OpenApiParameter("status", str, many=True, enum=Status.values, explode=True),
    OpenApiParameter("category", int, description="Category id."),
    OpenApiParameter("unit", int, description="Handled by this unit (id)."),
    OpenApiParameter("in_session", bool, description="Submitted during the congress session."),
    OpenApiParameter("q", str, description="Title, number or lead deputy."),
]


class LedgerView(FileAPIView):
    renderer_classes = [XlsxRenderer]

    @extend_schema(
        operation_id="office_ledger",
        summary="The ledger (台账) of the suggestions the caller may see, as .xlsx",
        parameters=FILTERS,
        responses=file_responses(XLSX, description="The ledger workbook."),
        tags=["office"],
    )
    def get(self, request):
        f = SuggestionFilter(request.query_params, queryset=visible_suggestions(request.user))
        if not f.is_valid():
            raise ValidationError(f.errors)
        qs = ledger_queryset(f.qs.order_by("session__year", "number", "id"))
        filename = f"建议办理台账-{timezone.localdate():%Y%m%d}.xlsx"
        return xlsx_response(qs, LEDGER_COLUMNS, filename, title="建议办理台账")
