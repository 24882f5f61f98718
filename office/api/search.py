"""Full-text search over the suggestions the caller may see, similar suggestions while drafting,
and the review help staff get (similar suggestions and proposed units): the functions behind
/office/search/, /office/similar/ and /office/suggestions/<pk>/review-help/."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from office.search.query import MAX_QUERY, search
from office.similar import review_help, similar
from office.views.similar import MAX_TEXT
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses
from suggestions.api.serializers import (
    SuggestionListSerializer,
    SuggestionSummarySerializer,
    UnitRefSerializer,
)
from suggestions.errors import NotPermitted, NotVisible
from suggestions.models import Suggestion


class SearchHitSerializer(SuggestionListSerializer):
    rank = serializers.FloatField(source="search_rank", help_text="Higher is a better match.")

    class Meta(SuggestionListSerializer.Meta):
        fields = [*SuggestionListSerializer.Meta.fields, "rank"]


class SearchQuery(serializers.Serializer):
    q = serializers.CharField(max_length=MAX_QUERY, help_text="Words to find (Chinese or not).")


class SimilarQuery(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    content = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, default=""
    )


class MatchSerializer(serializers.Serializer):
    suggestion = SuggestionSummarySerializer()
    score = serializers.FloatField(help_text="Cosine similarity, 0–1.")
    units = serializers.SerializerMethodField(help_text="Units that replied (lead/split).")
    result_classes = serializers.CharField(help_text="Classes of the approved replies.")

    def get_units(self, match) -> list[str]:
        return [a.unit.name for a in match.units]


class ProposalSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    score = serializers.FloatField()
    category_share = serializers.FloatField(
        help_text="The unit's share of this category's past assignments."
    )
    reasons = serializers.SerializerMethodField(help_text="The similar suggestions it handled.")

    def get_reasons(self, proposal) -> list[int]:
        return [m.suggestion.pk for m in proposal.reasons]


class ReviewHelpSerializer(serializers.Serializer):
    matches = MatchSerializer(many=True, help_text="Similar suggestions (merge candidates).")
    proposals = ProposalSerializer(many=True, help_text="Units proposed for assignment.")


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class SearchView(GenericAPIView):
    serializer_class = SearchHitSerializer
    queryset = Suggestion.objects.none()  # for the schema only; `search` scopes the rows

    @extend_schema(
        operation_id="office_search",
        summary="Search the suggestions the caller may see, best match first",
        parameters=[SearchQuery],
        responses={200: SearchHitSerializer(many=True), **error_responses()},
        tags=["office"],
    )
    def get(self, request):
        q = _query(SearchQuery, request)["q"]
        qs = search(request.user, q).select_related("session", "category", "lead_deputy")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SimilarView(APIView):
    @extend_schema(
        operation_id="office_similar",
        summary="The filed suggestions most like a draft's title and content (at most 5)",
        description="For deputies and staff while drafting; only suggestions the caller may "
        "know of (their own, and others' published with consent).",
        parameters=[SimilarQuery],
        responses={200: MatchSerializer(many=True), **error_responses()},
        tags=["office"],
    )
    def get(self, request):
        if not perms.can_create_suggestion(request.user):
            raise NotPermitted()
        text = _query(SimilarQuery, request)
        matches = similar(request.user, text["title"], text["content"])
        return Response(MatchSerializer(matches, many=True).data)


class ReviewHelpView(APIView):
    @extend_schema(
        operation_id="suggestions_review_help",
        summary="Review help for staff: similar suggestions and units proposed for assignment",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={200: ReviewHelpSerializer, **error_responses()},
        tags=["office"],
    )
    def get(self, request, pk: int):
        suggestion = perms.visible_suggestions(request.user).filter(pk=pk).first()
        if suggestion is None:
            raise NotVisible()
        if not perms.can_review(request.user, suggestion):
            raise NotPermitted(status=suggestion.status)
        matches, proposals = review_help(request.user, suggestion)
        data = {"matches": matches, "proposals": proposals}
        return Response(ReviewHelpSerializer(data).data)
