"""Read serializers: how suggestions, assignments and their parts look to a caller.

What a caller may see beyond the object itself (replies, ratings, opinions, requests) is decided in
`suggestions.api.visibility` and handed over in the serializer context.
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from suggestions import actions, deadlines, selectors
from suggestions import permissions as perms
from suggestions.models import (
    Assignment,
    Attachment,
    Category,
    Contact,
    CoSigner,
    Deputy,
    KeySupervision,
    Promise,
    Rating,
    Reply,
    Session,
    Suggestion,
    Unit,
    UnitRequest,
)


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class DeputyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deputy
        fields = ["id", "name"]


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name"]


class SessionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "name"]


class CoSignerSerializer(serializers.ModelSerializer):
    deputy = DeputyRefSerializer()

    class Meta:
        model = CoSigner
        fields = ["deputy", "state", "responded_at"]


class PromiseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Promise
        fields = ["id", "text", "due_date", "state"]


class AttachmentRefSerializer(serializers.ModelSerializer):
    """Download at /api/v1/attachments/{id}/."""

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type"]


class ReplySerializer(serializers.ModelSerializer):
    unit = serializers.SerializerMethodField()
    promises = PromiseSerializer(many=True)
    attachments = AttachmentRefSerializer(many=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "assignment",
            "unit",
            "round",
            "result_class",
            "original_class",
            "text",
            "promises",
            "attachments",
            "drafted_at",
            "signed_off_at",
            "approved_at",
        ]

    @extend_schema_field(UnitRefSerializer)
    def get_unit(self, reply) -> dict:
        return UnitRefSerializer(reply.assignment.unit).data


class RatingSerializer(serializers.ModelSerializer):
    deputy = DeputyRefSerializer()
    entered_by_staff = serializers.BooleanField(
        read_only=True,
        help_text="Entered by committee staff from the deputy's paper feedback form, not given "
        "by the deputy with their own account.",
    )
    entered_by = serializers.SerializerMethodField(
        help_text="Who typed in the paper feedback form (display name); only for callers who may "
        "read the rating audit, else null; null for a rating the deputy gave themself.",
    )

    class Meta:
        model = Rating
        fields = [
            "id",
            "deputy",
            "round",
            "process",
            "result",
            "met",
            "comment",
            "entered_by_staff",
            "entered_by",
            "created_at",
        ]

    def get_entered_by(self, rating) -> str | None:
        request = self.context.get("request")
        if not rating.entered_by_staff or request is None:
            return None
        if not perms.can_view_rating_audit(request.user):
            return None
        return rating.rated_by.display_name


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "kind", "date", "note", "created_at"]


class HandlingRequestSerializer(serializers.ModelSerializer):
    suggested_unit = UnitRefSerializer(allow_null=True)

    class Meta:
        model = UnitRequest
        fields = [
            "id",
            "kind",
            "state",
            "reason",
            "requested_due_date",
            "suggested_unit",
            "created_at",
            "decided_at",
            "decision_note",
        ]


def _dues(assignment) -> dict:
    """The assignment's due dates with explanations, computed once per object."""
    if not hasattr(assignment, "_api_dues"):
        assignment._api_dues = deadlines.assignment_due_dates(assignment)
    return assignment._api_dues


def _explanation(assignment, key: str) -> str | None:
    due = _dues(assignment).get(key)
    return due.explanation if due is not None else None


class AssignmentSerializer(serializers.ModelSerializer):
    """One unit's assignment as shown inside a suggestion and in assignment lists."""

    unit = UnitRefSerializer()
    due_date_explanation = serializers.SerializerMethodField()
    reassignment_due_explanation = serializers.SerializerMethodField()
    opinion_due_explanation = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "suggestion",
            "unit",
            "role",
            "status",
            "round",
            "assigned_at",
            "signed_at",
            "due_date",
            "due_date_explanation",
            "original_due_date",
            "reassignment_due",
            "reassignment_due_explanation",
            "opinion_due",
            "opinion_due_explanation",
            "opinion_at",
            "replaced_by",
            "available_actions",
        ]

    def get_due_date_explanation(self, a) -> str | None:
        return _explanation(a, "due_date")

    def get_reassignment_due_explanation(self, a) -> str | None:
        return _explanation(a, "reassignment_due")

    def get_opinion_due_explanation(self, a) -> str | None:
        return _explanation(a, "opinion_due")

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=list(actions.ASSIGNMENT_ACTIONS))
        )
    )
    def get_available_actions(self, a) -> list[str]:
        return actions.available_assignment_actions(self.context["request"].user, a)


class SuggestionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Suggestion
        fields = ["id", "number", "display_number", "title", "status"]


class CoUnitOpinionSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    text = serializers.CharField(source="opinion")

    class Meta:
        model = Assignment
        fields = ["id", "unit", "text", "opinion_at"]


class AssignmentDetailSerializer(AssignmentSerializer):
    """An assignment with the unit's work on it, as far as the caller may see it."""

    suggestion = SuggestionSummarySerializer()
    opinion = serializers.SerializerMethodField()
    co_opinions = serializers.SerializerMethodField(
        help_text="The co-units' opinions, on a lead assignment, for those who see details."
    )
    contacts = ContactSerializer(many=True)
    requests = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    class Meta(AssignmentSerializer.Meta):
        fields = [
            *AssignmentSerializer.Meta.fields,
            "opinion",
            "co_opinions",
            "contacts",
            "requests",
            "replies",
        ]

    def get_opinion(self, a) -> str | None:
        return a.opinion if self.context.get("sees_details") else None

    @extend_schema_field(CoUnitOpinionSerializer(many=True))
    def get_co_opinions(self, a) -> list:
        if not self.context.get("sees_details"):
            return []
        return CoUnitOpinionSerializer(selectors.co_unit_opinions(a), many=True).data

    @extend_schema_field(HandlingRequestSerializer(many=True))
    def get_requests(self, a) -> list:
        if not self.context.get("sees_requests"):
            return []
        return HandlingRequestSerializer(a.requests.all(), many=True).data

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, a) -> list:
        return ReplySerializer(self.context.get("replies", []), many=True).data


class SupervisionLeaderSerializer(serializers.ModelSerializer):
    leader = serializers.CharField(source="leader.display_name")

    class Meta:
        model = KeySupervision
        fields = ["leader", "responsible_committee"]


class SuggestionListSerializer(serializers.ModelSerializer):
    session = SessionRefSerializer()
    category = CategoryRefSerializer(allow_null=True)
    lead_deputy = DeputyRefSerializer()

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "number",
            "display_number",
            "title",
            "status",
            "session",
            "category",
            "lead_deputy",
            "in_session",
            "round",
            "created_at",
            "submitted_at",
            "replied_at",
        ]


class SuggestionDetailSerializer(SuggestionListSerializer):
    co_signers = CoSignerSerializer(source="cosigners", many=True)
    assignments = AssignmentSerializer(many=True)
    replies = serializers.SerializerMethodField()
    ratings = serializers.SerializerMethodField()
    rating_due_explanation = serializers.SerializerMethodField()
    key_supervision = serializers.SerializerMethodField(
        help_text="The leading committee leader and committee, if under key supervision."
    )
    available_actions = serializers.SerializerMethodField()

    class Meta(SuggestionListSerializer.Meta):
        fields = [
            *SuggestionListSerializer.Meta.fields,
            "key_supervision",
            "content",
            "publication_consent",
            "assignment_mode",
            "not_accepted_reason",
            "merged_into",
            "co_signers",
            "assignments",
            "replies",
            "ratings",
            "rating_due",
            "rating_due_explanation",
            "closed_at",
            "available_actions",
        ]

    @extend_schema_field(ReplySerializer(many=True))
    def get_replies(self, s) -> list:
        return ReplySerializer(self.context.get("replies", []), many=True).data

    @extend_schema_field(RatingSerializer(many=True))
    def get_ratings(self, s) -> list:
        ratings = self.context.get("ratings", [])
        return RatingSerializer(ratings, many=True, context=self.context).data

    def get_rating_due_explanation(self, s) -> str | None:
        if not (s.rating_due and s.replied_at):
            return None
        replied = timezone.localtime(s.replied_at).date()
        return deadlines.rating_due(s.session, replied).explanation

    @extend_schema_field(SupervisionLeaderSerializer(allow_null=True))
    def get_key_supervision(self, s) -> dict | None:
        supervision = selectors.key_supervision_of(s)
        return SupervisionLeaderSerializer(supervision).data if supervision else None

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=list(actions.SUGGESTION_ACTIONS))
        )
    )
    def get_available_actions(self, s) -> list[str]:
        return actions.available_suggestion_actions(self.context["request"].user, s)
