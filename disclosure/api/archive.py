"""The deputy archive (代表履职档案) over `disclosure.archive`, as on the web pages: the public
list and record (no login) and the internal record (staff, leaders, the deputy themself)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from disclosure import archive
from disclosure.api.common import (
    SESSION_PARAM,
    PublicPagination,
    PublicView,
    chosen_session,
    public_errors,
    read_errors,
)
from suggestions import permissions as perms
from suggestions.errors import NotPermitted, NotVisible
from suggestions.models import Deputy, Grade, Status

ID_PARAM = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The deputy's id.")


class DeputyCountsSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    group = serializers.SerializerMethodField(help_text="Street committee or deputy group.")
    led = serializers.IntegerField(help_text="Suggestions led (submitted).")
    led_assigned = serializers.IntegerField(help_text="…of which assigned to units.")
    led_published = serializers.IntegerField(help_text="…of which published.")
    cosigned = serializers.IntegerField(help_text="Suggestions co-signed (confirmed).")
    ratings_given = serializers.IntegerField()
    meetings_confirmed = serializers.IntegerField(help_text="Face-to-face meetings confirmed.")

    def get_group(self, deputy) -> str:
        return deputy.group.name if deputy.group else ""


class PublishedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id in /api/v1/public/suggestions/.")
    number = serializers.CharField(source="suggestion.display_number")
    title = serializers.CharField(help_text="The published (redacted) title.")
    result_class = serializers.CharField()


class PublicRecordSerializer(DeputyCountsSerializer):
    published_led = PublishedRefSerializer(many=True, source="archive_published_led")
    published_cosigned = PublishedRefSerializer(many=True, source="archive_published_cosigned")


class KeySupervisionRefSerializer(serializers.Serializer):
    leader = serializers.CharField()
    responsible_committee = serializers.CharField()


class LedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="display_number")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    key_supervision = serializers.SerializerMethodField()

    @extend_schema_field(KeySupervisionRefSerializer(allow_null=True))
    def get_key_supervision(self, suggestion):
        key = getattr(suggestion, "key_supervision", None)
        if key is None:
            return None
        return {"leader": str(key.leader), "responsible_committee": key.responsible_committee}


class CosignedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(source="display_number")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    lead_deputy = serializers.CharField(source="lead_deputy.name")


class RatingGivenSerializer(serializers.Serializer):
    suggestion = serializers.IntegerField(source="suggestion_id")
    number = serializers.CharField(source="suggestion.display_number")
    round = serializers.IntegerField()
    process = serializers.ChoiceField(choices=Grade.choices)
    result = serializers.ChoiceField(choices=Grade.choices)
    met = serializers.BooleanField()


class InternalRecordSerializer(DeputyCountsSerializer):
    led_suggestions = LedSerializer(many=True, source="archive_led")
    cosigned_suggestions = CosignedSerializer(many=True, source="archive_cosigned")
    ratings = RatingGivenSerializer(many=True, source="archive_ratings")


def _deputy_with_counts(request, pk: int):
    session = chosen_session(request)
    deputy = archive.deputies_with_counts(session).filter(pk=pk).first()
    if deputy is None:
        raise NotVisible()
    return deputy, session


class InternalRecordView(APIView):
    @extend_schema(
        operation_id="deputies_archive_retrieve",
        summary="A deputy's full record for a session (staff, leaders and the deputy)",
        parameters=[ID_PARAM, SESSION_PARAM],
        responses={200: InternalRecordSerializer, **read_errors()},
        tags=["deputies"],
    )
    def get(self, request, pk: int):
        deputy = Deputy.objects.filter(pk=pk).first()
        if deputy is None:
            raise NotVisible()
        if not perms.can_view_deputy_archive(request.user, deputy):
            raise NotPermitted()
        deputy, session = _deputy_with_counts(request, pk)
        internal = archive.internal_of(deputy, session)
        # Plain attributes: `ratings` is taken by the reverse relation.
        deputy.archive_led = internal["led"]
        deputy.archive_cosigned = internal["cosigned"]
        deputy.archive_ratings = internal["ratings"]
        return Response(InternalRecordSerializer(deputy).data)


class PublicDeputiesView(PublicView, ListAPIView):
    serializer_class = DeputyCountsSerializer
    pagination_class = PublicPagination
    filter_backends: list = []

    def get_queryset(self):
        return archive.deputies_with_counts(chosen_session(self.request)).filter(is_active=True)

    @extend_schema(
        operation_id="public_deputies_list",
        summary="Every active deputy with their record's counts for a session",
        parameters=[SESSION_PARAM],
        responses={200: DeputyCountsSerializer(many=True), **public_errors()},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicDeputyView(PublicView, APIView):
    @extend_schema(
        operation_id="public_deputies_retrieve",
        summary="A deputy's public record: counts and the published suggestions",
        parameters=[ID_PARAM, SESSION_PARAM],
        responses={200: PublicRecordSerializer, **public_errors()},
    )
    def get(self, request, pk: int):
        deputy, session = _deputy_with_counts(request, pk)
        published = archive.published_of(deputy, session)
        deputy.archive_published_led = published["led"]
        deputy.archive_published_cosigned = published["cosigned"]
        return Response(PublicRecordSerializer(deputy).data)
