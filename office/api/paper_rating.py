"""Staff enter a paper feedback form (征询意见表) for a deputy without an account, as on the
documents page: `office.services.rating_enter_from_paper`, the rating marked staff-entered."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from office.services import rating_enter_from_paper
from suggestions import notify
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses
from suggestions.api.serializers import RatingSerializer
from suggestions.errors import InvalidState, NotPermitted, NotVisible
from suggestions.models import Grade, Rating, Status

# A paper form answers a formal reply: the lead deputy's while it awaits rating, a co-signer's
# also after the lead deputy has rated.
RATEABLE = (Status.REPLIED, Status.RATED)


class PaperRatingBody(serializers.Serializer):
    deputy = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The deputy (without an account) who answered."
    )
    process = serializers.ChoiceField(choices=Grade.choices, help_text="办理态度")
    result = serializers.ChoiceField(choices=Grade.choices, help_text="办理结果")
    met = serializers.BooleanField(help_text="Whether the unit met the deputy face to face.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class PaperRatingResultSerializer(RatingSerializer):
    deputy_notified = serializers.SerializerMethodField(
        help_text="Whether the system told the deputy (only an active account is told, and never "
        "by e-mail to a deactivated one); false: tell them in person or by letter."
    )

    class Meta(RatingSerializer.Meta):
        fields = [*RatingSerializer.Meta.fields, "deputy_notified"]

    def get_deputy_notified(self, rating) -> bool:
        return notify.deputy_is_reachable(rating.deputy_id)


class PaperRatingView(APIView):
    @extend_schema(
        operation_id="suggestions_paper_rating",
        summary="Enter a deputy's paper feedback form (staff; marked as entered by staff)",
        request=PaperRatingBody,
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        responses={201: PaperRatingResultSerializer, **error_responses()},
        tags=["suggestions actions"],
    )
    def post(self, request, pk: int):
        suggestion = perms.visible_suggestions(request.user).filter(pk=pk).first()
        if suggestion is None:
            raise NotVisible()
        if suggestion.status not in RATEABLE:
            raise InvalidState(status=suggestion.status)
        if not perms.can_enter_paper_rating(request.user, suggestion):
            raise NotPermitted(status=suggestion.status)
        body = PaperRatingBody(data=request.data)
        body.is_valid(raise_exception=True)
        rating = rating_enter_from_paper(user=request.user, suggestion=pk, **body.validated_data)
        rating = Rating.objects.select_related("deputy", "rated_by").get(pk=rating.pk)
        data = PaperRatingResultSerializer(rating, context={"request": request}).data
        return Response(data, status=201)
