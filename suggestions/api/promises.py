"""/api/v1/promises/: follow-through on a reply's promises over the `followup` services, as on
the web pages: progress updates (text), the three confirmations, ending not fulfilled, and the
deputy's implementation rating. Errors in the usual order 404 → 409 → 403 → 400."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from followup import services
from followup.models import ImplementationRating, PromiseConfirmation
from followup.selectors.promises import (
    suggestion_promises,
    visible_tracked_promises,
)
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses, validated_body
from suggestions.errors import InvalidState, NotPermitted, NotVisible
from suggestions.models import Grade, Promise


class TrackedPromiseSerializer(serializers.ModelSerializer):
    suggestion = serializers.IntegerField(source="reply.assignment.suggestion_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    confirmed_by = serializers.SerializerMethodField(
        help_text="Parties that confirmed: deputy, unit, staff."
    )

    class Meta:
        model = Promise
        fields = ["id", "suggestion", "unit", "unit_name", "text", "due_date", "state"]
        fields += ["confirmed_by"]

    def get_confirmed_by(self, promise) -> list[str]:
        return [c.party for c in promise.confirmations.all()]


class ProgressBody(serializers.Serializer):
    text = serializers.CharField(help_text="What was done so far.", allow_blank=True)


class ConfirmBody(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NotFulfilledBody(serializers.Serializer):
    explanation = serializers.CharField(allow_blank=True, help_text="Why the promise was not kept.")


class ImplementationRatingBody(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ImplementationRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImplementationRating
        fields = ["id", "suggestion", "deputy", "grade", "comment"]


def promise_queryset(user):
    return (
        visible_tracked_promises(user)
        .select_related("unit", "reply__assignment")
        .prefetch_related(Prefetch("confirmations", queryset=PromiseConfirmation.objects.all()))
        .order_by("due_date", "id")
    )


class PromiseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Promise.State.choices)

    class Meta:
        model = Promise
        fields = ["state"]


def _precheck(user, pk: int, permitted) -> None:
    """The service's checks before the body (the body is malformed: it never gets that far)."""
    promise = Promise.objects.select_related("reply__assignment__suggestion").filter(pk=pk).first()
    suggestion = promise.reply.assignment.suggestion if promise else None
    if promise is None or not perms.can_view_suggestion(user, suggestion):
        raise NotVisible()
    if promise.reply.approved_at is None or promise.state != Promise.State.OPEN:
        raise InvalidState(status=promise.state)
    if not permitted(user, promise, suggestion):
        raise NotPermitted(status=promise.state)


def _promise_response(request, pk: int) -> Response:
    # Whoever may act on a promise may see it (its deputy, its unit, staff).
    promise = get_object_or_404(promise_queryset(request.user), pk=pk)
    return Response(TrackedPromiseSerializer(promise).data)


@extend_schema_view(
    list=extend_schema(summary="Promises of approved replies the caller may see"),
    retrieve=extend_schema(summary="One promise"),
)
class PromiseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TrackedPromiseSerializer
    filterset_class = PromiseFilter
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Promise.objects.none()
        return promise_queryset(self.request.user)


def _action_schema(name: str, summary: str, body) -> dict:
    return extend_schema(
        operation_id=f"promises_action_{name}",
        summary=summary,
        request=body,
        responses={200: TrackedPromiseSerializer, **error_responses()},
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        tags=["promises actions"],
    )


class ProgressView(APIView):
    @_action_schema("progress", "Report progress on the promise (the promising unit)", ProgressBody)
    def post(self, request, pk: int):
        def permitted(user, promise, suggestion):
            return perms.can_report_promise_progress(user, promise)

        data = validated_body(ProgressBody, request, lambda: _precheck(request.user, pk, permitted))
        services.promise_report_progress(user=request.user, promise=pk, text=data["text"])
        return _promise_response(request, pk)


class ConfirmView(APIView):
    @_action_schema(
        "confirm", "Confirm the promise was kept (lead deputy, unit or staff)", ConfirmBody
    )
    def post(self, request, pk: int):
        def permitted(user, promise, suggestion):
            return perms.promise_party(user, promise, suggestion) is not None

        data = validated_body(ConfirmBody, request, lambda: _precheck(request.user, pk, permitted))
        services.promise_confirm(user=request.user, promise=pk, note=data["note"])
        return _promise_response(request, pk)


class NotFulfilledView(APIView):
    @_action_schema(
        "not_fulfilled",
        "End the promise not fulfilled, with an explanation (the unit or staff)",
        NotFulfilledBody,
    )
    def post(self, request, pk: int):
        def permitted(user, promise, suggestion):
            return perms.can_end_promise_unfulfilled(user, promise)

        data = validated_body(
            NotFulfilledBody, request, lambda: _precheck(request.user, pk, permitted)
        )
        services.promise_end_unfulfilled(
            user=request.user, promise=pk, explanation=data["explanation"]
        )
        return _promise_response(request, pk)


class ImplementationRatingView(APIView):
    @extend_schema(
        operation_id="suggestions_implementation_rating",
        summary="The lead deputy rates how the promises were kept, once all have ended",
        request=ImplementationRatingBody,
        responses={201: ImplementationRatingSerializer, **error_responses()},
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        tags=["suggestions actions"],
    )
    def post(self, request, pk: int):
        def precheck():
            suggestion = get_object_or_404(perms.visible_suggestions(request.user), pk=pk)
            states = list(suggestion_promises(suggestion).values_list("state", flat=True))
            if not states or Promise.State.OPEN in states:
                raise InvalidState(status=suggestion.status)
            if not perms.can_rate_implementation(request.user, suggestion):
                raise NotPermitted(status=suggestion.status)

        data = validated_body(ImplementationRatingBody, request, precheck)
        rating = services.implementation_rate(
            user=request.user, suggestion=pk, grade=data["grade"], comment=data["comment"]
        )
        return Response(ImplementationRatingSerializer(rating).data, status=201)
