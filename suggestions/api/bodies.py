"""Request bodies of the API: creating a suggestion and every action, one serializer each.

These only check shape and types; the services check the meaning and answer with per-field
messages of their own.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from suggestions.models import Category, Consent, Contact, Deputy, Grade, ResultClass, Session

REASON = {"max_length": 5000}
# Ids are bounded so that no generated number overflows a database integer.
ID = {"min_value": 1, "max_value": 2**31 - 1}


class Text(serializers.CharField):
    """Text only: DRF's CharField would store the number 12345 as "12345"; refuse wrong types."""

    default_error_messages = {"invalid": _("Enter text.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SuggestionWriteSerializer(serializers.Serializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.all())
    title = Text(max_length=200)
    content = Text(max_length=20000)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), allow_null=True, required=False
    )
    co_signers = serializers.ListField(
        child=serializers.IntegerField(**ID),
        required=False,
        default=list,
        help_text="Deputy ids invited to co-sign; each must confirm before submission.",
    )
    publication_consent = serializers.ChoiceField(choices=Consent.choices, default=Consent.FULL)
    in_session = serializers.BooleanField(default=False)
    lead_deputy = serializers.PrimaryKeyRelatedField(
        queryset=Deputy.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Staff registering a paper suggestion name the lead deputy; "
        "deputies lead their own.",
    )


class EmptyBody(serializers.Serializer):
    """No fields."""


class WithdrawBody(serializers.Serializer):
    reason = Text(required=False, allow_blank=True, **REASON)


class AcceptBody(serializers.Serializer):
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True
    )


class ReasonBody(serializers.Serializer):
    reason = Text(**REASON)


class ReturnReplyBody(ReasonBody):
    assignments = serializers.ListField(
        child=serializers.IntegerField(**ID),
        required=False,
        default=list,
        help_text="Assignment ids whose replies go back; all signed-off replies when empty.",
    )


class MergeBody(serializers.Serializer):
    into = serializers.IntegerField(**ID, help_text="Id of the suggestion to merge into.")


class AssignBody(serializers.Serializer):
    lead_unit = serializers.IntegerField(**ID, required=False, allow_null=True)
    co_units = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list
    )
    split_units = serializers.ListField(
        child=serializers.IntegerField(**ID),
        required=False,
        default=list,
        help_text="Several units that each reply (分办); instead of lead_unit and co_units.",
    )


class RateBody(serializers.Serializer):
    process = serializers.ChoiceField(choices=Grade.choices)
    result = serializers.ChoiceField(choices=Grade.choices)
    met = serializers.BooleanField(help_text="The unit met the deputy face to face.")
    comment = Text(required=False, allow_blank=True, default="", **REASON)


class KeySupervisionBody(serializers.Serializer):
    leader = serializers.IntegerField(**ID, help_text="User id of a committee leader.")
    responsible_committee = Text(required=False, allow_blank=True, default="", max_length=100)
    note = Text(required=False, allow_blank=True, default="", **REASON)


class ReassignmentRequestBody(ReasonBody):
    suggested_unit = serializers.IntegerField(**ID, required=False, allow_null=True)


class ContactBody(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Contact.Kind.choices)
    date = serializers.DateField()
    note = Text(required=False, allow_blank=True, default="", **REASON)


class OpinionBody(serializers.Serializer):
    text = Text(max_length=50000)


class PromiseBody(serializers.Serializer):
    text = Text(max_length=1000)
    due_date = serializers.DateField()


class DraftReplyBody(serializers.Serializer):
    result_class = serializers.ChoiceField(choices=ResultClass.choices)
    text = Text(max_length=50000)
    promises = PromiseBody(many=True, required=False, default=list)


class ExtensionRequestBody(ReasonBody):
    due_date = serializers.DateField()


class ApproveReassignmentBody(serializers.Serializer):
    unit = serializers.IntegerField(
        **ID,
        required=False,
        allow_null=True,
        help_text="Unit that takes over; the unit the request suggested when omitted.",
    )


class ApproveExtensionBody(serializers.Serializer):
    due_date = serializers.DateField(
        required=False, allow_null=True, help_text="The requested date when omitted."
    )
