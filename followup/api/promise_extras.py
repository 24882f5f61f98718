"""Promise extras over the API, as on the promise page: staff upgrade the reply's class after a
fulfilled promise; the unit reports progress with evidence files (multipart); progress updates
with their evidence; an evidence download with the web page's permission check."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from followup import services
from followup.api.common import validated
from followup.files import evidence_response
from followup.models import Evidence, PromiseUpdate
from followup.selectors.promises import visible_tracked_promises
from suggestions.api.actionviews import error_responses
from suggestions.errors import NotVisible
from suggestions.models import Promise, Reply, ResultClass

ID_PARAM = OpenApiParameter("id", int, OpenApiParameter.PATH)


def _promise_or_404(user, pk: int) -> Promise:
    """A tracked promise the caller may see (its deputy, its unit, staff and leaders)."""
    promise = visible_tracked_promises(user).filter(pk=pk).first()
    if promise is None:
        raise NotVisible()
    return promise


class UpgradeClassBody(serializers.Serializer):
    result_class = serializers.ChoiceField(
        choices=ResultClass.choices, help_text="A better class than the reply's current one."
    )


class ReplyClassSerializer(serializers.ModelSerializer):
    reply = serializers.IntegerField(source="pk", read_only=True)

    class Meta:
        model = Reply
        fields = ["reply", "result_class", "original_class"]


class UpgradeClassView(APIView):
    @extend_schema(
        operation_id="promises_action_upgrade_class",
        summary="Upgrade the reply's class (e.g. B→A) after a fulfilled promise (staff)",
        request=UpgradeClassBody,
        responses={200: ReplyClassSerializer, **error_responses()},
        parameters=[ID_PARAM],
        tags=["promises actions"],
    )
    def post(self, request, pk: int):
        reply_id = _promise_or_404(request.user, pk).reply_id

        def upgrade(data):
            return services.reply_upgrade_class(
                user=request.user, reply=reply_id, result_class=data.get("result_class")
            )

        reply = upgrade(validated(UpgradeClassBody, request, lambda: upgrade({})))
        return Response(ReplyClassSerializer(reply).data)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "content_type"]


class PromiseUpdateSerializer(serializers.ModelSerializer):
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = PromiseUpdate
        fields = ["id", "promise", "text", "created_by", "created_by_name", "created_at"]
        fields += ["evidence"]


PROGRESS_BODY = {
    "multipart/form-data": {
        "type": "object",
        "properties": {
            "text": {"type": "string", "description": "What was done so far."},
            "files": {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "description": "Evidence: photos (JPG/PNG), PDF or Word, at most 10.",
            },
        },
        "required": ["text"],
    }
}


class PromiseUpdatesView(ListAPIView):
    serializer_class = PromiseUpdateSerializer
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PromiseUpdate.objects.none()
        promise = _promise_or_404(self.request.user, self.kwargs["pk"])
        return (
            PromiseUpdate.objects.filter(promise=promise)
            .select_related("created_by")
            .prefetch_related("evidence")
            .order_by("created_at", "id")
        )

    @extend_schema(
        operation_id="promises_updates_list",
        summary="The promise's progress updates with their evidence files",
        responses={200: PromiseUpdateSerializer(many=True), **error_responses()},
        parameters=[ID_PARAM],
        tags=["promises"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="promises_updates_create",
        summary="Report progress with evidence files (the promising unit)",
        request=PROGRESS_BODY,
        responses={201: PromiseUpdateSerializer, **error_responses()},
        parameters=[ID_PARAM],
        tags=["promises actions"],
    )
    def post(self, request, pk: int):
        update = services.promise_report_progress(
            user=request.user,
            promise=pk,
            text=str(request.data.get("text", "")),
            files=request.FILES.getlist("files"),
        )
        update = PromiseUpdate.objects.prefetch_related("evidence").get(pk=update.pk)
        return Response(PromiseUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


EVIDENCE_MEDIA = sorted(set(settings.EVIDENCE_TYPES.values()))


class EvidenceDownloadView(APIView):
    @extend_schema(
        operation_id="evidence_download",
        summary="Download an evidence file of a promise the caller may see",
        responses={
            **{
                (200, media): OpenApiResponse(
                    {"type": "string", "format": "binary"}, description="The file."
                )
                for media in EVIDENCE_MEDIA
            },
            **error_responses(),
        },
        tags=["promises"],
    )
    def get(self, request, pk: int):
        return evidence_response(request.user, pk)
