"""Two-tier dispatch over the API, the actions of the dispatcher's assignment page: forward a
signed assignment to departments, follow their progress, return a department's reply for
revision, accept the departments' replies as the dispatcher's own draft. The same
`office.two_tier` services; errors 404 → 409 → 403 → 400 (a malformed body is reported only
after the checks the service makes before reading it)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from office import two_tier
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses, validated_body
from suggestions.api.assignment_views import assignment_response
from suggestions.api.serializers import AssignmentDetailSerializer, UnitRefSerializer
from suggestions.errors import InvalidState, NotPermitted, NotVisible
from suggestions.forms import REASON_MAX
from suggestions.models import Assignment, AssignmentStatus, ResultClass
from suggestions.services.base import check_transition

ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class ForwardedSerializer(serializers.ModelSerializer):
    """A department's assignment as its dispatcher follows it."""

    unit = UnitRefSerializer()
    reply_text = serializers.SerializerMethodField(help_text="The current round's reply draft.")
    result_class = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "unit", "status", "round", "due_date", "reply_text", "result_class"]

    def _reply(self, child):
        return next((r for r in child.replies.all() if r.round == child.round), None)

    def get_reply_text(self, child) -> str | None:
        reply = self._reply(child)
        return reply.text if reply else None

    def get_result_class(self, child) -> str | None:
        reply = self._reply(child)
        return reply.result_class if reply else None


class DispatchForwardBody(serializers.Serializer):
    departments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        min_length=1,
        max_length=200,
        help_text="Ids of the dispatcher's departments (units whose parent it is).",
    )


class DispatchReturnBody(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX, help_text="What to revise.")


class DispatchAcceptBody(serializers.Serializer):
    result_class = serializers.ChoiceField(choices=ResultClass.choices)
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The combined reply; empty: the departments' replies one after another.",
    )


def _visible(user, pk: int) -> Assignment:
    assignment = (
        Assignment.objects.select_related("unit", "suggestion", "parent").filter(pk=pk).first()
    )
    if assignment is None or not perms.can_view_assignment(user, assignment):
        raise NotVisible()
    return assignment


def _schema(name: str, summary: str, body, ok) -> dict:
    return extend_schema(
        operation_id=f"assignments_action_{name}",
        summary=summary,
        request=body,
        parameters=[ID],
        responses={200: ok, **error_responses()},
        tags=["assignments actions"],
    )


def _progress(user, assignment) -> list[Assignment]:
    return two_tier.forwarded_progress(user, assignment)


class ForwardView(APIView):
    @_schema(
        "forward",
        "Forward the dispatcher's signed assignment to its departments",
        DispatchForwardBody,
        ForwardedSerializer(many=True),
    )
    def post(self, request, pk: int):
        def precheck():
            assignment = _visible(request.user, pk)
            if assignment.status != AssignmentStatus.SIGNED:
                raise InvalidState(status=assignment.status)
            if not perms.can_forward(request.user, assignment):
                raise NotPermitted(status=assignment.status)

        data = validated_body(DispatchForwardBody, request, precheck)
        two_tier.assignment_forward(
            user=request.user, assignment=pk, departments=data["departments"]
        )
        assignment = _visible(request.user, pk)
        return Response(ForwardedSerializer(_progress(request.user, assignment), many=True).data)


class ReturnForwardedView(APIView):
    @_schema(
        "return_forwarded",
        "The dispatcher returns a department's signed-off reply for revision (id: the "
        "department's assignment)",
        DispatchReturnBody,
        ForwardedSerializer,
    )
    def post(self, request, pk: int):
        def precheck():
            check_transition(_visible(request.user, pk), "return_reply", request.user)

        data = validated_body(DispatchReturnBody, request, precheck)
        child = two_tier.forwarded_return(user=request.user, child=pk, reason=data["reason"])
        child = (
            Assignment.objects.select_related("unit").prefetch_related("replies").get(pk=child.pk)
        )
        return Response(ForwardedSerializer(child).data)


class AcceptForwardedView(APIView):
    @_schema(
        "accept_forwarded",
        "Accept every department's signed-off reply and draft the dispatcher's reply from them",
        DispatchAcceptBody,
        AssignmentDetailSerializer,
    )
    def post(self, request, pk: int):
        def precheck():
            two_tier.forwarded_consolidate_check(
                user=request.user, assignment=_visible(request.user, pk)
            )

        data = validated_body(DispatchAcceptBody, request, precheck)
        two_tier.forwarded_consolidate(
            user=request.user, assignment=pk, result_class=data["result_class"], text=data["text"]
        )
        return assignment_response(request, pk)


class ForwardedListView(GenericAPIView):
    serializer_class = ForwardedSerializer
    queryset = Assignment.objects.none()  # for the schema only; the rows come from the service

    @extend_schema(
        operation_id="assignments_forwarded",
        summary="The departments' assignments forwarded from this one, with their replies",
        parameters=[ID],
        responses={200: ForwardedSerializer(many=True), **error_responses()},
        tags=["assignments"],
    )
    def get(self, request, pk: int):
        assignment = perms.visible_assignments(request.user).filter(pk=pk).first()
        if assignment is None:
            raise NotVisible()
        page = self.paginate_queryset(_progress(request.user, assignment))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
