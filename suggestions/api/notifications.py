"""/api/v1/notifications/: the caller's own in-app notifications; mark one or all as read."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from notifications.models import Notification
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from suggestions.notify import notification_text


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    suggestion = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "verb", "text", "unread", "timestamp", "suggestion"]

    def get_text(self, n) -> str:
        return notification_text(n)

    def get_suggestion(self, n) -> int | None:
        value = (n.data or {}).get("suggestion")
        return value if isinstance(value, int) else None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        qs = Notification.objects.filter(recipient=self.request.user).order_by("-timestamp", "-id")
        if self.request.query_params.get("unread") in ("true", "1"):
            qs = qs.filter(unread=True)
        return qs

    @extend_schema(
        summary="My notifications, newest first",
        parameters=[OpenApiParameter("unread", bool, description="Only unread ones.")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Mark one notification as read",
        request=None,
        responses={200: NotificationSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = get_object_or_404(self.get_queryset(), pk=pk)
        notification.mark_as_read()
        return Response(NotificationSerializer(notification).data)

    @extend_schema(
        summary="Mark all my notifications as read",
        request=None,
        responses={200: ReadAllSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read_all")
    def read_all(self, request):
        marked = request.user.notifications.mark_all_as_read()
        return Response({"marked": marked})
