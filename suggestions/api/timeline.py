"""/api/v1/suggestions/{id}/events/: the suggestion's timeline, as on its web page.

Internal details (the event payload: reasons, opinions) only for callers who may see them.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from suggestions import permissions as perms
from suggestions import selectors
from suggestions.api.actionviews import error_responses
from suggestions.models import Event


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text="The actor's display name.")
    payload = serializers.SerializerMethodField(
        help_text="Internal details; null unless the caller may see them."
    )

    class Meta:
        model = Event
        fields = [
            "id",
            "verb",
            "created_at",
            "actor",
            "from_status",
            "to_status",
            "round",
            "payload",
        ]

    def get_actor(self, event) -> str | None:
        return event.actor.display_name if event.actor_id else None

    def get_payload(self, event) -> dict | None:
        return event.payload if self.context.get("details") else None


@extend_schema(
    summary="The suggestion's timeline, oldest first",
    parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
    responses={
        200: EventSerializer(many=True),
        **{k: v for k, v in error_responses().items() if k in (400, 401, 403, 404)},
    },
    tags=["suggestions"],
)
class SuggestionEventsView(generics.ListAPIView):
    serializer_class = EventSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return selectors.timeline(self.suggestion)

    def list(self, request, *args, **kwargs):
        visible = perms.visible_suggestions(request.user)
        self.suggestion = get_object_or_404(visible, pk=kwargs["pk"])
        return super().list(request, *args, **kwargs)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        suggestion = getattr(self, "suggestion", None)
        if suggestion is not None:
            context["details"] = perms.can_view_timeline_details(self.request.user, suggestion)
        return context
