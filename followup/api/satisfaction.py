"""/api/v1/ratings/{id}/actions/change/ and /api/v1/satisfaction/: the deputy changes their own
rating; staff read the satisfaction overview of a session (as on the staff page)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from disclosure.params import parse_id
from followup import services
from followup.api.common import validated
from followup.selectors.overview import satisfaction_overview, session_or_current
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses
from suggestions.api.serializers import RatingSerializer
from suggestions.models import Grade, Rating


class RatingChangeBody(serializers.Serializer):
    process = serializers.ChoiceField(choices=Grade.choices)
    result = serializers.ChoiceField(choices=Grade.choices)
    met = serializers.BooleanField(help_text="Did the unit meet you face to face?")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class RatingChangeView(APIView):
    @extend_schema(
        operation_id="ratings_action_change",
        summary="Change one's own rating of the current round before the suggestion is closed",
        request=RatingChangeBody,
        responses={200: RatingSerializer, **error_responses()},
        tags=["satisfaction"],
    )
    def post(self, request, pk: int):
        def change(data):
            return services.rating_change(
                user=request.user,
                rating=pk,
                process=data.get("process"),
                result=data.get("result"),
                met=data.get("met"),
                comment=data.get("comment", ""),
            )

        change(validated(RatingChangeBody, request, lambda: change({})))
        rating = Rating.objects.select_related("deputy", "rated_by").get(pk=pk)
        return Response(RatingSerializer(rating, context={"request": request}).data)


# --- the staff overview ----------------------------------------------------------------------
def _counts(name: str, *keys: str, rate: bool = False):
    fields = {k: serializers.IntegerField() for k in keys}
    if rate:
        fields["rate"] = serializers.FloatField(allow_null=True, help_text="percent, 1 place")
    return type(name, (serializers.Serializer,), fields)


ASPECTS = [f"{a}_{g}" for a in ("process", "result") for g in Grade.values]
RatingFigures = type(
    "RatingFigures",
    (serializers.Serializer,),
    {
        "which": serializers.CharField(help_text="`first` or `latest` round."),
        "rated": serializers.IntegerField(),
        **{k: serializers.IntegerField() for k in ASPECTS},
    },
)
MeetingFigures = _counts("MeetingFigures", "replied", "met")
PromiseFigures = _counts(
    "PromiseFigures",
    "total",
    "due",
    "fulfilled_due",
    "fulfilled",
    "not_fulfilled",
    "open",
    rate=True,
)
ImplementationFigures = type(
    "ImplementationFigures",
    (serializers.Serializer,),
    {
        "rated": serializers.IntegerField(),
        **{g: serializers.IntegerField() for g in Grade.values},
        "satisfied_rate": serializers.FloatField(allow_null=True),
    },
)
ClassFigures = _counts(
    "ClassFigures",
    "replies",
    "upgraded",
    *[f"{when}_{c}" for when in ("original", "current") for c in "ABCD"],
)


class DisputeSerializer(serializers.Serializer):
    rating = serializers.IntegerField(source="id")
    suggestion = serializers.IntegerField(source="suggestion_id")
    suggestion_title = serializers.CharField(source="suggestion.title")
    deputy = serializers.CharField(source="deputy.name")
    round = serializers.IntegerField()
    claimed = serializers.IntegerField(help_text="Meetings the units recorded.")
    created_at = serializers.DateTimeField()


class AuditEntrySerializer(serializers.Serializer):
    event = serializers.IntegerField(source="id")
    suggestion = serializers.IntegerField(source="suggestion_id")
    verb = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    payload = serializers.JSONField()


class DisagreementSerializer(serializers.Serializer):
    unit = serializers.CharField()
    survey_answers = serializers.IntegerField()
    survey_good_rate = serializers.FloatField()
    rating_good_rate = serializers.FloatField()
    survey_met_rate = serializers.FloatField()
    rating_met_rate = serializers.FloatField()
    rated = serializers.IntegerField()
    gap_good = serializers.FloatField()
    gap_met = serializers.FloatField()


class OverviewSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session.pk")
    disputes = DisputeSerializer(many=True, help_text="The latest 100 disputed meetings.")
    audit = AuditEntrySerializer(many=True, help_text="The latest 100 ratings given or changed.")
    first = RatingFigures()
    latest = RatingFigures()
    meetings = MeetingFigures()
    promises = PromiseFigures()
    implementation = ImplementationFigures()
    classes = ClassFigures()
    survey = serializers.IntegerField(source="survey.pk", allow_null=True, default=None)
    disagreement = DisagreementSerializer(many=True)


class SatisfactionOverviewView(APIView):
    @extend_schema(
        operation_id="satisfaction_overview",
        summary="Staff overview of a session: disputed meetings, rating changes, figures, survey",
        parameters=[
            OpenApiParameter(
                "session", int, description="Session id; the current session when left out."
            )
        ],
        responses={200: OverviewSerializer, **error_responses()},
        tags=["satisfaction"],
    )
    def get(self, request):
        if not perms.can_view_meeting_disputes(request.user):
            raise PermissionDenied()
        raw = request.query_params.get("session")
        if raw is not None and parse_id(raw) is None:
            raise serializers.ValidationError({"session": [_("Enter a valid session id.")]})
        session = session_or_current(raw)
        if session is None:
            raise NotFound()
        return Response(OverviewSerializer(satisfaction_overview(session)).data)
