"""The public site over the API (no login): published suggestions (list, detail, open data).

Only the redacted copies of `disclosure.selectors.public_fields` ever leave through here."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from disclosure import export, selectors
from disclosure.api.common import PublicPagination, PublicView, public_errors
from disclosure.api.stats import ErrorShapeMixin
from suggestions.downloads import CSV, file_response
from suggestions.errors import NotVisible
from suggestions.models import AssignmentRole

FILTER_PARAMS = [
    OpenApiParameter(
        name, OpenApiTypes.STR if name in ("status", "class", "q") else OpenApiTypes.INT
    )
    for name in selectors.FILTERS
]


class PublicUnitSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=AssignmentRole.choices)
    role_display = serializers.CharField()
    responsible_person = serializers.CharField()


class PublicSuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    session = serializers.CharField()
    category = serializers.CharField()
    title = serializers.CharField()
    content = serializers.CharField(help_text="empty unless the deputy consented to full text")
    lead_deputy = serializers.CharField()
    co_signers = serializers.ListField(child=serializers.CharField())
    units = PublicUnitSerializer(many=True)
    status = serializers.CharField()
    status_display = serializers.CharField()
    result_class = serializers.CharField()
    reply = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance):
        return selectors.public_fields(instance)


class PublicSuggestionsView(ErrorShapeMixin, PublicView, ListAPIView):
    serializer_class = PublicSuggestionSerializer
    pagination_class = PublicPagination

    def get_queryset(self):
        return selectors.filter_published(self.request.query_params)

    @extend_schema(
        operation_id="public_suggestions_list",
        parameters=FILTER_PARAMS,
        responses={200: PublicSuggestionSerializer(many=True), **public_errors()},
        description="Published suggestions only, with their redacted texts. No login.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicSuggestionView(PublicView, APIView):
    @extend_schema(
        operation_id="public_suggestions_retrieve",
        summary="One published suggestion (the id of the public list)",
        responses={200: PublicSuggestionSerializer, **public_errors()},
    )
    def get(self, request, pk: int):
        publication = selectors.published().filter(pk=pk).first()
        if publication is None:
            raise NotVisible()
        return Response(selectors.public_fields(publication))


OpenData = inline_serializer(
    "PublicOpenData",
    {"count": serializers.IntegerField(), "results": PublicSuggestionSerializer(many=True)},
)


class PublicOpenDataCsvView(PublicView, APIView):
    @extend_schema(
        operation_id="public_suggestions_export_csv",
        summary="Open data: the published suggestions matching the filters, as CSV (UTF-8, BOM)",
        parameters=FILTER_PARAMS,
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file."),
            **public_errors(),
        },
    )
    def get(self, request):
        rows = selectors.open_data_rows(request.query_params)
        return file_response(export.open_data_csv(rows), "suggestions.csv", CSV)


class PublicOpenDataJsonView(PublicView, APIView):
    @extend_schema(
        operation_id="public_suggestions_export_json",
        summary="Open data: the published suggestions matching the filters, as one JSON document",
        parameters=FILTER_PARAMS,
        responses={200: OpenData, **public_errors()},
    )
    def get(self, request):
        return HttpResponse(
            export.open_data_json(selectors.open_data_rows(request.query_params)),
            content_type="application/json; charset=utf-8",
        )
