"""/api/v1/surveys/: the independent satisfaction survey as on the web pages — staff create,
open and close; a deputy answers about each unit that handled their suggestions; results are
aggregates (a unit only its own, over a minimum group); individual answers are for staff."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from followup import services
from followup.api.common import id_field, validated
from followup.models import Survey, SurveyAnswer
from followup.selectors.survey import survey_answers, survey_results, units_to_survey
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses
from suggestions.models import Grade

TAGS = ["surveys"]


class SurveySerializer(serializers.ModelSerializer):
    session_name = serializers.CharField(source="session.name", read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "session", "session_name", "title", "status"]
        fields += ["created_at", "opened_at", "closed_at"]


class SurveyUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SurveyDetailSerializer(SurveySerializer):
    units = serializers.SerializerMethodField(
        help_text="For a deputy: the units to answer about (empty for everyone else)."
    )
    answered = serializers.SerializerMethodField(help_text="The calling deputy has answered.")

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "units", "answered"]

    def _deputy(self):
        return perms.deputy_id(self.context["request"].user)

    @extend_schema_field(SurveyUnitSerializer(many=True))
    def get_units(self, survey):
        deputy = self._deputy()
        if deputy is None:
            return []
        return SurveyUnitSerializer(units_to_survey(survey, deputy), many=True).data

    def get_answered(self, survey) -> bool:
        deputy = self._deputy()
        return deputy is not None and survey.responses.filter(deputy_id=deputy).exists()


class CreateBody(serializers.Serializer):
    session = id_field()
    title = serializers.CharField(allow_blank=True)


class UnitAnswerBody(serializers.Serializer):
    unit = id_field()
    satisfaction = serializers.ChoiceField(choices=Grade.choices)
    met = serializers.BooleanField(help_text="Did the unit meet you face to face?")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class AnswerBody(serializers.Serializer):
    answers = UnitAnswerBody(many=True, help_text="One answer per unit of `units`.")


class ResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    survey = serializers.IntegerField(source="survey_id")
    submitted_at = serializers.DateTimeField()


class ResultRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit__name")
    suppressed = serializers.BooleanField(
        help_text="Too few answers to show figures (fewer than the minimum group)."
    )
    answers = serializers.IntegerField(required=False)
    satisfied = serializers.IntegerField(required=False)
    basically = serializers.IntegerField(required=False)
    dissatisfied = serializers.IntegerField(required=False)
    met = serializers.IntegerField(required=False)
    good_rate = serializers.FloatField(required=False)
    met_rate = serializers.FloatField(required=False)


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    responses = serializers.IntegerField()
    rows = ResultRowSerializer(many=True)


class IndividualAnswerSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    deputy = serializers.IntegerField(source="response.deputy_id", read_only=True)
    deputy_name = serializers.CharField(source="response.deputy.name", read_only=True)
    submitted_at = serializers.DateTimeField(source="response.submitted_at", read_only=True)

    class Meta:
        model = SurveyAnswer
        fields = ["id", "unit", "unit_name", "deputy", "deputy_name", "satisfaction", "met"]
        fields += ["comment", "submitted_at"]


class SurveyListView(ListAPIView):
    serializer_class = SurveySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        if not perms.can_list_surveys(self.request.user):
            raise PermissionDenied()
        return perms.visible_surveys(self.request.user).select_related("session")

    @extend_schema(
        operation_id="surveys_list",
        summary="Surveys (staff all; deputies, leaders and units those opened)",
        responses={200: SurveySerializer(many=True), **error_responses()},
        tags=TAGS,
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="surveys_create",
        summary="Prepare a survey of a session (staff)",
        request=CreateBody,
        responses={201: SurveySerializer, **error_responses()},
        tags=TAGS,
    )
    def post(self, request, *args, **kwargs):
        def create(data):
            return services.survey_create(
                user=request.user, session=data.get("session"), title=data.get("title", "")
            )

        survey = create(validated(CreateBody, request, lambda: create({})))
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)


def _visible(user, pk: int) -> Survey:
    return get_object_or_404(perms.visible_surveys(user).select_related("session"), pk=pk)


class SurveyDetailView(APIView):
    @extend_schema(
        operation_id="surveys_retrieve",
        summary="One survey; for a deputy, the units to answer about and whether they answered",
        responses={200: SurveyDetailSerializer, **error_responses()},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        survey = _visible(request.user, pk)
        return Response(SurveyDetailSerializer(survey, context={"request": request}).data)


def _transition_view(name: str, service, summary: str) -> type[APIView]:
    class SurveyTransitionView(APIView):
        @extend_schema(
            operation_id=f"surveys_action_{name}",
            summary=summary,
            request=None,
            responses={200: SurveySerializer, **error_responses()},
            tags=TAGS,
        )
        def post(self, request, pk: int):
            survey = service(user=request.user, survey=pk)
            return Response(
                SurveySerializer(Survey.objects.select_related("session").get(pk=survey.pk)).data
            )

    SurveyTransitionView.__name__ = f"Survey{name.title()}View"
    SurveyTransitionView.__qualname__ = SurveyTransitionView.__name__
    return SurveyTransitionView


SurveyOpenView = _transition_view("open", services.survey_open, "Open the survey (staff)")
SurveyCloseView = _transition_view("close", services.survey_close, "Close the survey (staff)")


class SurveyAnswerView(APIView):
    @extend_schema(
        operation_id="surveys_action_answer",
        summary="Answer the survey once, about every unit that handled one's suggestions (deputy)",
        request=AnswerBody,
        responses={201: ResponseSerializer, **error_responses()},
        tags=TAGS,
    )
    def post(self, request, pk: int):
        def answer(data):
            answers = {
                str(a["unit"]): {k: a[k] for k in ("satisfaction", "met", "comment")}
                for a in data.get("answers", [])
            }
            return services.survey_answer(user=request.user, survey=pk, answers=answers)

        response = answer(validated(AnswerBody, request, lambda: answer({})))
        return Response(ResponseSerializer(response).data, status=status.HTTP_201_CREATED)


def _survey_for(user, pk: int, permitted) -> Survey:
    """As on the web pages: any survey by id, then the role check (403)."""
    survey = get_object_or_404(Survey, pk=pk)
    if not permitted(user, survey):
        raise PermissionDenied()
    return survey


class SurveyResultsView(APIView):
    @extend_schema(
        operation_id="surveys_results",
        summary="Per-unit aggregates (staff and leaders every unit, a unit only its own)",
        responses={200: SurveyResultsSerializer, **error_responses()},
        tags=TAGS,
    )
    def get(self, request, pk: int):
        survey = _survey_for(request.user, pk, perms.can_view_survey_results)
        body = {
            "survey": survey.pk,
            "responses": survey.responses.count(),
            "rows": survey_results(request.user, survey),
        }
        return Response(SurveyResultsSerializer(body).data)


class SurveyAnswersView(ListAPIView):
    serializer_class = IndividualAnswerSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SurveyAnswer.objects.none()
        survey = _survey_for(self.request.user, self.kwargs["pk"], perms.can_read_survey_answers)
        return survey_answers(survey)

    @extend_schema(
        operation_id="surveys_answers",
        summary="Individual answers (committee staff only; units never see them)",
        responses={200: IndividualAnswerSerializer(many=True), **error_responses()},
        tags=TAGS,
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
