"""/api/v1/awards/: the staff's selection of a session (id = the session's id) over
`disclosure.awards` as on the web page — open, nominate, score, publish — and the published
results at /api/v1/public/awards/. Errors 404 → 409 → 403 → 400."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from disclosure import awards
from disclosure.api.common import (
    SESSION_PARAM,
    PublicView,
    chosen_session,
    public_errors,
    read_errors,
)
from disclosure.models import AwardSelection, Nomination
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses, validated_body
from suggestions.errors import InvalidState, NotPermitted, NotVisible
from suggestions.models import Session


class AwardSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SelectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardSelection
        fields = ["state", "min_satisfaction", "unit_share", "excellent_count"]
        fields += ["opened_at", "published_at"]


class UnitResultSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    name = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2)
    rank = serializers.IntegerField(allow_null=True)
    awarded = serializers.BooleanField()
    excluded_reason = serializers.CharField(help_text="Why the unit cannot be an advanced unit.")


class UnitAwardSerializer(UnitResultSerializer):
    name = serializers.CharField(source="unit.name")


class PublicNominationSerializer(serializers.Serializer):
    number = serializers.CharField(source="suggestion.display_number")
    title = serializers.CharField(source="suggestion.title")
    lead_deputy = serializers.CharField(source="suggestion.lead_deputy.name")
    score = serializers.IntegerField(allow_null=True)


class NominationSerializer(PublicNominationSerializer):
    id = serializers.IntegerField()
    suggestion = serializers.IntegerField(source="suggestion_id")
    reason = serializers.CharField()
    awarded = serializers.BooleanField()


class PublicResultsSerializer(serializers.Serializer):
    units = UnitAwardSerializer(many=True)
    suggestions = PublicNominationSerializer(many=True)


class ResultsSerializer(PublicResultsSerializer):
    suggestions = NominationSerializer(many=True)


class AwardsSerializer(serializers.Serializer):
    session = AwardSessionSerializer()
    selection = SelectionSerializer(allow_null=True, help_text="Null until staff open one.")
    ranking = UnitResultSerializer(
        many=True, help_text="The live unit ranking while the selection is open (else empty)."
    )
    nominations = NominationSerializer(many=True)
    results = ResultsSerializer(allow_null=True, help_text="Null until published.")


class PublicAwardsSerializer(serializers.Serializer):
    session = AwardSessionSerializer()
    results = PublicResultsSerializer(allow_null=True, help_text="Null until published.")


def _session(pk: int) -> Session:
    session = Session.objects.filter(pk=pk).first()
    if session is None:
        raise NotVisible()
    return session


def _require_staff(user, status: str | None = None) -> None:
    if not perms.can_run_awards(user):
        raise NotPermitted(status=status)


def _workspace(request, session: Session) -> Response:
    return Response(AwardsSerializer({"session": session, **awards.workspace(session)}).data)


ID_PARAM = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The session's id.")


class AwardsView(APIView):
    @extend_schema(
        operation_id="awards_retrieve",
        summary="The award selection of a session: ranking, nominations, results (staff)",
        parameters=[ID_PARAM],
        responses={200: AwardsSerializer, **read_errors()},
        tags=["awards"],
    )
    def get(self, request, pk: int):
        session = _session(pk)
        _require_staff(request.user)
        return _workspace(request, session)


def _open_selection_of(session: Session) -> AwardSelection:
    """The session's selection; 409 when there is none (open one first)."""
    selection = awards.selection_of(session)
    if selection is None:
        raise InvalidState(_("No award selection has been opened for this session."))
    return selection


class OpenBody(serializers.Serializer):
    min_satisfaction = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.8"),
        help_text="Units below this first-round satisfied-or-basic rate are excluded.",
    )
    unit_share = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.25"),
        help_text="Share of the units named advanced units.",
    )
    excellent_count = serializers.IntegerField(
        default=10, help_text="How many excellent suggestions."
    )


class NominateBody(serializers.Serializer):
    suggestion = serializers.IntegerField(help_text="Id of a replied suggestion of the session.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreBody(serializers.Serializer):
    score = serializers.IntegerField(help_text="0 to 100.")


def _action_schema(name: str, summary: str, body, what: str = "The session's id.") -> dict:
    return extend_schema(
        operation_id=f"awards_action_{name}",
        summary=summary,
        request=body,
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description=what)],
        responses={200: AwardsSerializer, **error_responses()},
        tags=["awards actions"],
    )


class OpenView(APIView):
    @_action_schema("open", "Open the session's selection with its rules (staff)", OpenBody)
    def post(self, request, pk: int):
        session = _session(pk)
        data = validated_body(
            OpenBody, request, lambda: awards.check_access(user=request.user, session=session)
        )
        awards.award_open(user=request.user, session=session, **data)
        return _workspace(request, session)


class NominateView(APIView):
    @_action_schema("nominate", "Nominate a replied suggestion as excellent (staff)", NominateBody)
    def post(self, request, pk: int):
        session = _session(pk)
        selection = _open_selection_of(session)
        data = validated_body(
            NominateBody,
            request,
            lambda: awards.check_access(user=request.user, selection=selection),
        )
        awards.award_nominate(user=request.user, selection=selection, **data)
        return _workspace(request, session)


class PublishView(APIView):
    @_action_schema(
        "publish", "Freeze the unit ranking and the best-scored suggestions, publish them", None
    )
    def post(self, request, pk: int):
        session = _session(pk)
        awards.award_publish(user=request.user, selection=_open_selection_of(session))
        return _workspace(request, session)


class ScoreView(APIView):
    @_action_schema("score", "Score a nomination (staff)", ScoreBody, "The nomination's id.")
    def post(self, request, pk: int):
        data = validated_body(
            ScoreBody, request, lambda: awards.check_access(user=request.user, nomination=pk)
        )
        nomination = awards.award_score(user=request.user, nomination=pk, score=data["score"])
        scored = Nomination.objects.select_related("selection__session").get(pk=nomination.pk)
        return _workspace(request, scored.selection.session)


class PublicAwardsView(PublicView, APIView):
    @extend_schema(
        operation_id="public_awards_retrieve",
        summary="The published awards of a session: excellent suggestions and advanced units",
        parameters=[SESSION_PARAM],
        responses={200: PublicAwardsSerializer, **public_errors()},
    )
    def get(self, request):
        session = chosen_session(request)
        results = awards.results_of(awards.selection_of(session))
        return Response(PublicAwardsSerializer({"session": session, "results": results}).data)
