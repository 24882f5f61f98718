"""/api/v1/notifications/: the caller's own in-app notifications; mark one or all as read."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from notifications.models import Notification
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from suggestions import notify
from suggestions.api.pagination import KnownCountPagination
from suggestions.notify import notification_text, targets_of
from suggestions.pagination import capped_count


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()
    suggestion = serializers.SerializerMethodField()
    key_item = serializers.SerializerMethodField(
        help_text="The key supervision item the notice is about, when the caller may see it "
        "(open it rather than the suggestion); else null."
    )

    assignment = serializers.SerializerMethodField(
        help_text="For a handling unit's reader: the unit's own assignment of the suggestion, "
        "the page it works on; else null."
    )

    class Meta:
        model = Notification
        fields = [
            "id",
            "verb",
            "text",
            "unread",
            "timestamp",
            "suggestion",
            "key_item",
            "assignment",
        ]

    def get_text(self, n) -> str:
        return notification_text(n)

    def get_suggestion(self, n) -> int | None:
        value = (n.data or {}).get("suggestion")
        return value if isinstance(value, int) else None

    def _opens(self, n, kind: str) -> int | None:
        # The view resolves a whole page at once (`targets`); one notice alone resolves itself.
        targets = self.context.get("targets")
        if targets is None or n.pk not in targets:
            targets = targets_of(self.context["request"].user, [n])
            self.context["targets"] = {**(self.context.get("targets") or {}), **targets}
        target = targets[n.pk]
        return target.pk if target is not None and target.kind == kind else None

    def get_key_item(self, n) -> int | None:
        return self._opens(n, "key_item")

    def get_assignment(self, n) -> int | None:
        return self._opens(n, "assignment")


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    lookup_value_regex = r"[0-9]{1,18}"
    pagination_class = KnownCountPagination

    def known_count(self, request) -> int:
        """As the web list: the newest `notify.LISTED` notices, counted no further."""
        return capped_count(self.filter_queryset(self.get_queryset()), notify.LISTED)[0]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        qs = Notification.objects.filter(recipient=self.request.user).order_by("-timestamp", "-id")
        if self.request.query_params.get("unread") in ("true", "1"):
            qs = qs.filter(unread=True)
        return qs

    @extend_schema(
        summary="My notifications, newest first",
        description=f"The newest {notify.LISTED:,} at most: `count` stops there.",
        parameters=[OpenApiParameter("unread", bool, description="Only unread ones.")],
    )
    def list(self, request, *args, **kwargs):
        # As ListModelMixin.list, with the page's targets resolved at once (not one by one).
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "targets": targets_of(request.user, page)}
        data = NotificationSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Mark one notification as read",
        request=None,
        responses={200: NotificationSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = get_object_or_404(self.get_queryset(), pk=pk)
        notification.mark_as_read()
        context = self.get_serializer_context()
        return Response(NotificationSerializer(notification, context=context).data)

    @extend_schema(
        summary="Mark all my notifications as read",
        request=None,
        responses={200: ReadAllSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read_all")
    def read_all(self, request):
        marked = notify.mark_all_read(request.user)
        return Response({"marked": marked})
