"""REST endpoints for statistics: the full figures (staff and leaders) and the public ones.

Errors are JSON `{"detail", "code"}` like the rest of the API."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.views import APIView

from disclosure import cache
from disclosure.api.common import ROUND_PARAM, SESSION_PARAM, chosen_round, chosen_session
from suggestions import permissions as perms
from suggestions.api.errors import ErrorSerializer  # one error shape for the whole API
from suggestions.models import AssignmentRole


class RateSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True, help_text="fraction rounded to 4 places")


GRADE_RATES = (
    "satisfied_rate",
    "basically_satisfied_rate",
    "dissatisfied_rate",
    "satisfied_or_basic_rate",
)
COUNTS = (
    "assigned",
    "replied",
    "on_time",
    "on_time_original",
    "rated",
    "met",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "class_a",
    "class_b",
    "class_c",
    "class_d",
    "promises_due",
    "promises_fulfilled",
    "rated_online",
    "satisfied_online",
    "rated_by_staff",
    "satisfied_by_staff",
)
RATES = (
    "reply_rate",
    "on_time_rate",
    "on_time_original_rate",
    "meeting_rate",
    "feedback_rate",
    *GRADE_RATES,
    "solved_rate",
    "solved_or_planned_rate",
    "fulfilment_rate",
    "satisfied_online_rate",
    "satisfied_by_staff_rate",
    "by_staff_rate",
)


class ProcessRatingsSerializer(serializers.Serializer):
    satisfied = serializers.IntegerField()
    basically_satisfied = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    satisfied_rate = RateSerializer()
    basically_satisfied_rate = RateSerializer()
    dissatisfied_rate = RateSerializer()
    satisfied_or_basic_rate = RateSerializer()


def _block_fields() -> dict:
    fields = {c: serializers.IntegerField() for c in COUNTS}
    fields.update({r: RateSerializer() for r in RATES})
    fields["process"] = ProcessRatingsSerializer()
    return fields


def _named(name: str):
    return inline_serializer(
        name, {"id": serializers.IntegerField(allow_null=True), "name": serializers.CharField()}
    )


def _row(name: str, entity: str, extra: dict | None = None):
    return inline_serializer(
        name, {entity: _named(f"{name}Entity"), **(extra or {}), **_block_fields()}, many=True
    )


def _stats_serializer(name: str, *, public: bool):
    fields = {
        "session": _named(f"{name}Session"),
        "round": serializers.ChoiceField(choices=["latest", "first"]),
        **_block_fields(),
        "by_unit": _row(
            f"{name}Unit",
            "unit",
            {"role": serializers.ChoiceField(choices=AssignmentRole.choices)},
        ),
        "by_category": _row(f"{name}Category", "category"),
        "by_group": _row(f"{name}Group", "group"),
    }
    if not public:
        fields["by_deputy"] = _row(f"{name}Deputy", "deputy")
    return inline_serializer(name, fields)


class ErrorShapeMixin:
    """Every error as {"detail", "code"} (plus per-field messages for 400)."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, APIException):
            codes = exc.get_codes()
            detail = exc.detail
            if isinstance(detail, dict) and "detail" not in detail:
                response.data = {
                    "detail": _("Please correct the errors below."),
                    "code": "invalid",
                    "fields": detail,
                }
            else:
                code = codes if isinstance(codes, str) else "error"
                response.data = {"detail": str(response.data.get("detail", detail)), "code": code}
        return response


def _stats_response(request, *, public: bool) -> HttpResponse:
    session = chosen_session(request)
    round_ = chosen_round(request)

    def body() -> bytes:
        stats = cache.session_stats(session, round_, public=public)
        figures = {"session": {"id": session.pk, "name": session.name}, **stats}
        # As DRF's JSONRenderer writes it (UNICODE_JSON, COMPACT_JSON); kept as bytes, because
        # encoding 2 MB of Chinese names per request cost more than reading it from the cache.
        return json.dumps(figures, ensure_ascii=False, separators=(",", ":")).encode()

    # The figures change only with their generation; encoding thousands of rows on every
    # request cost 130-170 ms at 100,000 suggestions, so the encoded body is cached with them.
    # As on the statistics page: the last body while another request builds the new one.
    encoded = cache.rendered("stats-api", (session.pk, round_, public), body, stale_ok=True)
    return HttpResponse(encoded, content_type="application/json")


class CanViewStatistics(BasePermission):
    message = _lazy("You are not permitted to see these statistics.")

    def has_permission(self, request, view) -> bool:
        return perms.can_view_statistics(request.user)


ERRORS = {400: ErrorSerializer, 404: ErrorSerializer}


class StatsView(ErrorShapeMixin, APIView):
    # Token first, so that a caller who is not logged in gets 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, CanViewStatistics]

    @extend_schema(
        operation_id="stats_retrieve",
        parameters=[SESSION_PARAM, ROUND_PARAM],
        responses={
            200: _stats_serializer("Stats", public=False),
            401: ErrorSerializer,
            403: ErrorSerializer,
            **ERRORS,
        },
        description="Every figure of DOMAIN.md with numerator and denominator, for staff and "
        "leaders, with breakdowns by unit (per role), category, street committee "
        "and deputy. Ratings staff entered "
        "from paper feedback forms are counted apart from those given online "
        "(`rated_by_staff`, `satisfied_by_staff`, `rated_online`, `satisfied_online`).",
    )
    def get(self, request):
        return _stats_response(request, public=False)


class PublicStatsView(ErrorShapeMixin, APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="public_stats_retrieve",
        parameters=[SESSION_PARAM, ROUND_PARAM],
        responses={200: _stats_serializer("PublicStats", public=True), **ERRORS},
        description="The published aggregates (no per-deputy figures). No login.",
    )
    def get(self, request):
        return _stats_response(request, public=True)
