"""/api/v1/publications/: the staff's publication queue and the working copy of each replied
suggestion (keyed by the suggestion's id), over `disclosure.services` as on the web page:
prepare (or refresh), update the redacted texts, publish, withdraw. Errors 404 → 409 → 403 → 400.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from disclosure import selectors, services
from disclosure.api.common import read_errors
from disclosure.models import Publication
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses, validated_body
from suggestions.errors import NotPermitted, NotVisible
from suggestions.models import Consent

ID_PARAM = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The suggestion's id.")


class PublicationStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Publication.State.choices)
    due_date = serializers.DateField(allow_null=True, help_text="Publish by this date.")
    approved_at = serializers.DateTimeField(allow_null=True)


class FindingSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()


class WorkingCopySerializer(serializers.ModelSerializer):
    findings = serializers.SerializerMethodField(
        help_text="Personal details the automatic check found, per text: they block publishing."
    )

    class Meta:
        model = Publication
        fields = ["state", "title", "content", "reply_text", "result_class", "due_date"]
        fields += ["approved_at", "findings"]

    @extend_schema_field(serializers.DictField(child=FindingSerializer(many=True)))
    def get_findings(self, publication) -> dict:
        return services.check(publication)


def _copy(suggestion) -> Publication | None:
    return getattr(suggestion, "publication", None)


class QueueItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The suggestion's id.")
    number = serializers.CharField(source="display_number")
    session = serializers.CharField(source="session.name")
    title = serializers.CharField(help_text="The original title (not the published copy).")
    publication_consent = serializers.ChoiceField(choices=Consent.choices)
    replied_at = serializers.DateTimeField(allow_null=True)
    publication = serializers.SerializerMethodField(help_text="Null until a copy is prepared.")

    @extend_schema_field(PublicationStateSerializer(allow_null=True))
    def get_publication(self, suggestion):
        found = _copy(suggestion)
        return PublicationStateSerializer(found).data if found else None


class PublicationDetailSerializer(QueueItemSerializer):
    publication = serializers.SerializerMethodField(help_text="Null until a copy is prepared.")

    @extend_schema_field(WorkingCopySerializer(allow_null=True))
    def get_publication(self, suggestion):
        found = _copy(suggestion)
        return WorkingCopySerializer(found).data if found else None


def _require_publisher(user) -> None:
    if not perms.can_publish(user):
        raise NotPermitted()


class PublicationQueueView(ListAPIView):
    serializer_class = QueueItemSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.publication_queue(self.request.query_params)

    @extend_schema(
        operation_id="publications_list",
        summary="Replied suggestions the deputies consented to publish, unpublished first (staff)",
        parameters=[
            OpenApiParameter("session", OpenApiTypes.INT, description="Session id"),
            OpenApiParameter("state", OpenApiTypes.STR, enum=list(selectors.QUEUE_STATES)),
        ],
        responses={200: QueueItemSerializer(many=True), **read_errors()},
        tags=["publications"],
    )
    def get(self, request, *args, **kwargs):
        _require_publisher(request.user)
        return super().get(request, *args, **kwargs)


def _detail(request, pk: int) -> Response:
    suggestion = (
        perms.visible_suggestions(request.user)
        .select_related("session", "publication")
        .filter(pk=pk)
        .first()
    )
    if suggestion is None:
        raise NotVisible()
    _require_publisher(request.user)
    return Response(PublicationDetailSerializer(suggestion).data)


class PublicationDetailView(APIView):
    @extend_schema(
        operation_id="publications_retrieve",
        summary="A replied suggestion with its working copy and the automatic check (staff)",
        parameters=[ID_PARAM],
        responses={200: PublicationDetailSerializer, **read_errors()},
        tags=["publications"],
    )
    def get(self, request, pk: int):
        return _detail(request, pk)


class UpdateBody(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    content = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Must stay empty unless the deputy consented to publishing in full.",
    )
    reply_text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class PublicationWithdrawBody(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _prepare(user, pk: int, data: dict) -> None:
    services.working_copy(user=user, suggestion=pk, refresh=True)


def _update(user, pk: int, data: dict) -> None:
    publication = services.working_copy(user=user, suggestion=pk)
    values = {f: data.get(f, getattr(publication, f)) for f in services.TEXT_FIELDS}
    services.publication_update(user=user, publication=publication, **values)


def _publish(user, pk: int, data: dict) -> None:
    publication = services.working_copy(user=user, suggestion=pk)
    services.publication_publish(user=user, publication=publication)


def _withdraw(user, pk: int, data: dict) -> None:
    publication = services.working_copy(user=user, suggestion=pk)
    services.publication_withdraw(user=user, publication=publication, reason=data["reason"])


ACTIONS: dict[str, tuple[str, type[serializers.Serializer] | None, Callable]] = {
    "prepare": (
        "Prepare the working copy, or refresh its reply to the latest round (staff)",
        None,
        _prepare,
    ),
    "update": (
        "Save redacted texts (fields left out keep their value; originals never change)",
        UpdateBody,
        _update,
    ),
    "publish": (
        "Publish the working copy; refused (400) while the automatic check finds personal details",
        None,
        _publish,
    ),
    "withdraw": (
        "Withdraw a published suggestion from the public site",
        PublicationWithdrawBody,
        _withdraw,
    ),
}


def _action_view(name: str, summary: str, body, run) -> type[APIView]:
    class ActionView(APIView):
        @extend_schema(
            operation_id=f"publications_action_{name}",
            summary=summary,
            request=body,
            parameters=[ID_PARAM],
            responses={200: PublicationDetailSerializer, **error_responses()},
            tags=["publications actions"],
        )
        def post(self, request, pk: int):
            def precheck():
                services.check_access(user=request.user, suggestion=pk, action=name)

            data = validated_body(body, request, precheck) if body else {}
            # A working copy prepared on the way is rolled back if the action is refused.
            with transaction.atomic():
                run(request.user, pk, data)
            return _detail(request, pk)

    ActionView.__name__ = ActionView.__qualname__ = f"Publication{name.title()}View"
    return ActionView


ACTION_VIEWS = {name: _action_view(name, *spec) for name, spec in ACTIONS.items()}
