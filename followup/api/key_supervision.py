"""/api/v1/key_items/: key supervision (重点督办) as on the web pages — the caller's list, a
leader's own items, proposing, one item with its actions (decide, plan, milestone, activity,
hold, midterm, conclude), a deputy's invitations and answers, and the public key list."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from disclosure.params import parse_id
from followup import services
from followup.api.common import id_field, id_list, public_error_responses, validated
from followup.models import Activity, ActivityKind, ActivityParticipant, KeyItem, KeyItemStatus
from followup.selectors.key_supervision import (
    invitations_of,
    items_of_leader,
    items_visible_to,
    key_items_with_details,
    public_key_list,
)
from followup.selectors.overview import session_or_current
from suggestions import permissions as perms
from suggestions.api.actionviews import error_responses
from suggestions.errors import NotVisible
from suggestions.models import Suggestion

SESSION_PARAM = OpenApiParameter(
    "session", int, description="Session id; the current session when left out."
)
STATUS_PARAM = OpenApiParameter("status", str, enum=KeyItemStatus.values)
# Clients have relied on `key_items/` listing every session since it was published; the web list,
# which carries the proposal form of one session, always shows one. The difference is kept and
# said here and on the web page, rather than changing what a client gets without `session`.
LIST_SESSIONS = (
    "Without `session`, every session's items are listed. The web list (`/followup/key/`) "
    "differs: it always shows one session, the current one unless another is chosen."
)


# --- output --------------------------------------------------------------------------------
class KeySuggestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Suggestion
        fields = ["id", "number", "title", "status"]


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_date = serializers.DateField()
    done_at = serializers.DateField(allow_null=True)


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = ActivityParticipant
        fields = ["user", "name", "answer", "attended", "responded_at"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "kind", "date", "place", "status", "findings", "held_at"]


class ActivityWithParticipantsSerializer(ActivitySerializer):
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "participants"]


class KeyItemSerializer(serializers.ModelSerializer):
    leader_name = serializers.CharField(source="leader.display_name", read_only=True)
    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True)
    milestones_total = serializers.IntegerField(read_only=True)
    milestones_done = serializers.IntegerField(read_only=True)
    activities_held = serializers.IntegerField(read_only=True)

    class Meta:
        model = KeyItem
        fields = [
            "id",
            "session",
            "kind",
            "title",
            "status",
            "leader",
            "leader_name",
            "responsible_committee",
            "lead_unit",
            "lead_unit_name",
            "milestones_total",
            "milestones_done",
            "activities_held",
        ]


class LeaderKeyItemSerializer(KeyItemSerializer):
    suggestions = KeySuggestionSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta(KeyItemSerializer.Meta):
        fields = [*KeyItemSerializer.Meta.fields, "suggestions", "milestones", "activities"]


class KeyItemDetailSerializer(LeaderKeyItemSerializer):
    responsible_person = serializers.IntegerField(
        source="responsible_person_id", allow_null=True, read_only=True
    )
    activities = ActivityWithParticipantsSerializer(many=True, read_only=True)

    class Meta(LeaderKeyItemSerializer.Meta):
        fields = [
            *LeaderKeyItemSerializer.Meta.fields,
            "responsible_person",
            "reason",
            "meeting_ref",
            "decided_at",
            "plan",
            "midterm_note",
            "midterm_at",
            "conclusion",
            "committee_opinion",
            "concluded_at",
        ]


class PublicActivitySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    date = serializers.DateField()


class PublicKeyItemSerializer(serializers.Serializer):
    """No personal data: titles only of suggestions whose deputies consented to publication."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=KeyItem.Kind.choices)
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=KeyItemStatus.choices)
    responsible_committee = serializers.CharField()
    lead_unit_name = serializers.CharField(source="lead_unit.name")
    milestones_total = serializers.IntegerField()
    milestones_done = serializers.IntegerField()
    activities_held = serializers.IntegerField()
    suggestions = KeySuggestionSerializer(source="public_suggestions", many=True)
    activities = PublicActivitySerializer(source="held_activities", many=True)
    conclusion = serializers.SerializerMethodField()

    def get_conclusion(self, item) -> str:
        return item.conclusion if item.status == KeyItemStatus.CONCLUDED else ""


class InvitationSerializer(serializers.ModelSerializer):
    activity = serializers.IntegerField(source="activity_id", read_only=True)
    item = serializers.IntegerField(source="activity.item_id", read_only=True)
    item_title = serializers.CharField(source="activity.item.title", read_only=True)
    kind = serializers.CharField(source="activity.kind", read_only=True)
    date = serializers.DateField(source="activity.date", read_only=True)
    place = serializers.CharField(source="activity.place", read_only=True)
    activity_status = serializers.CharField(source="activity.status", read_only=True)

    class Meta:
        model = ActivityParticipant
        fields = ["id", "activity", "item", "item_title", "kind", "date", "place"]
        fields += ["activity_status", "answer", "attended", "responded_at"]


# --- bodies --------------------------------------------------------------------------------
class ProposeBody(serializers.Serializer):
    session = id_field(required=False, help_text="Session id; the current session if left out.")
    title = serializers.CharField(allow_blank=True, max_length=1000)
    suggestions = id_list(help_text="Suggestion ids; several make a topic.")
    leader = id_field(help_text="The leading committee leader (user id).")
    responsible_committee = serializers.CharField(allow_blank=True, max_length=1000)
    lead_unit = id_field(help_text="Unit id.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DecideBody(serializers.Serializer):
    selected = serializers.BooleanField(help_text="Did the leaders' meeting select the item?")
    meeting_ref = serializers.CharField(allow_blank=True, help_text="Which meeting decided.")


class MilestoneBody(serializers.Serializer):
    id = id_field(
        required=False,
        help_text="A milestone of this item not yet done, to edit; left out, one is added.",
    )
    title = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField()


class PlanBody(serializers.Serializer):
    plan = serializers.CharField(allow_blank=True)
    milestones = MilestoneBody(
        many=True,
        help_text="Milestones to edit (with their id) or add. A milestone not yet done that is "
        "left out is kept as it is.",
    )
    remove = id_list(
        required=False, default=list, help_text="Ids of milestones not yet done to remove."
    )


class MilestoneDoneBody(serializers.Serializer):
    milestone = id_field(help_text="A milestone of this item.")
    done_on = serializers.DateField()


class ActivityBody(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    date = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    deputies = id_list(required=False, default=list, help_text="Deputies' user ids to invite.")
    participants = id_list(
        required=False, default=list, help_text="Leaders, staff or unit users taking part."
    )


class HoldBody(serializers.Serializer):
    activity = id_field(help_text="A scheduled activity of this item.")
    findings = serializers.CharField(allow_blank=True)
    attended = id_list(required=False, default=list, help_text="User ids of who attended.")


class MidtermBody(serializers.Serializer):
    note = serializers.CharField(allow_blank=True)


class ConcludeBody(serializers.Serializer):
    conclusion = serializers.CharField(allow_blank=True)
    committee_opinion = serializers.CharField(allow_blank=True)


class InvitationAnswerBody(serializers.Serializer):
    accept = serializers.BooleanField(help_text="Take part (true) or decline (false).")


# --- lists ---------------------------------------------------------------------------------
def _session_filter(request):
    raw = request.query_params.get("session")
    if raw is not None and parse_id(raw) is None:
        raise serializers.ValidationError({"session": [_("Enter a valid session id.")]})
    return session_or_current(raw)


class KeyItemListView(ListAPIView):
    serializer_class = KeyItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KeyItem.objects.none()
        # The web list's rule: a deputy (or anyone without a list) is refused, not shown nothing.
        if not perms.can_list_key_items(self.request.user):
            raise PermissionDenied()
        params = self.request.query_params
        session = None
        if "session" in params:
            session = parse_id(params["session"]) or 0  # 0: no such session, an empty list
        state = params.get("status")
        if state is not None and state not in KeyItemStatus.values:
            return KeyItem.objects.none()
        return items_visible_to(self.request.user, session=session, status=state)

    @extend_schema(
        operation_id="key_items_list",
        summary="Key supervision items the caller may see (staff and leaders all, a unit those it "
        "leads; others 403)",
        description=LIST_SESSIONS,
        parameters=[
            OpenApiParameter(
                "session",
                int,
                description="Only this session's items. Left out: every session's items, not "
                "the current session's as on the web list.",
            ),
            STATUS_PARAM,
        ],
        responses={200: KeyItemSerializer(many=True), **error_responses()},
        tags=["key supervision"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="key_items_propose",
        summary="Propose an item (one suggestion or a topic of several) for the key list (staff)",
        request=ProposeBody,
        responses={201: KeyItemDetailSerializer, **error_responses()},
        tags=["key supervision"],
    )
    def post(self, request, *args, **kwargs):
        def propose(data):
            return services.key_item_propose(
                user=request.user,
                session=session_or_current(data.get("session")),
                title=data.get("title", ""),
                suggestions=data.get("suggestions", []),
                leader=data.get("leader"),
                responsible_committee=data.get("responsible_committee", ""),
                lead_unit=data.get("lead_unit"),
                reason=data.get("reason", ""),
            )

        item = propose(validated(ProposeBody, request, lambda: propose({})))
        return Response(_detail(item.pk), status=status.HTTP_201_CREATED)


class LeaderItemsView(ListAPIView):
    serializer_class = LeaderKeyItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KeyItem.objects.none()
        if not perms.can_view_led_key_items(self.request.user):
            raise PermissionDenied()
        return items_of_leader(self.request.user)

    @extend_schema(
        operation_id="key_items_mine",
        summary="The items the calling leader leads, with milestones and activities",
        responses={200: LeaderKeyItemSerializer(many=True), **error_responses()},
        tags=["key supervision"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PublicPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class PublicKeyListView(ListAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = PublicKeyItemSerializer
    pagination_class = PublicPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KeyItem.objects.none()
        session = _session_filter(self.request)
        return public_key_list(session) if session else KeyItem.objects.none()

    @extend_schema(
        operation_id="public_key_items_list",
        summary="The public key supervision list and its progress (no login, no personal data)",
        parameters=[SESSION_PARAM],
        responses={200: PublicKeyItemSerializer(many=True), **public_error_responses()},
        tags=["public"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class InvitationListView(ListAPIView):
    serializer_class = InvitationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActivityParticipant.objects.none()
        return invitations_of(self.request.user)

    @extend_schema(
        operation_id="key_invitations_list",
        summary="The caller's supervision invitations (a deputy accepts or declines them)",
        responses={200: InvitationSerializer(many=True), **error_responses()},
        tags=["key supervision"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- one item ------------------------------------------------------------------------------
def _detail(pk: int) -> dict:
    return KeyItemDetailSerializer(key_items_with_details().get(pk=pk)).data


class KeyItemDetailView(APIView):
    @extend_schema(
        operation_id="key_items_retrieve",
        summary="One key item with its suggestions, plan, milestones and activities",
        responses={200: KeyItemDetailSerializer, **error_responses()},
        tags=["key supervision"],
    )
    def get(self, request, pk: int):
        item = get_object_or_404(key_items_with_details(), pk=pk)
        if not perms.can_view_key_item(request.user, item):
            raise NotVisible()
        return Response(KeyItemDetailSerializer(item).data)


# name → (summary, body, service call with the validated body (or {} for the dry run))
ACTIONS = {
    "decide": (
        "Record the leaders' meeting decision on a proposed item (staff or a leader)",
        DecideBody,
        lambda user, pk, d: services.key_item_decide(
            user=user, item=pk, selected=d.get("selected"), meeting_ref=d.get("meeting_ref", "")
        ),
    ),
    "plan": (
        "Write the plan and its milestones (staff or the item's leader)",
        PlanBody,
        lambda user, pk, d: services.key_item_set_plan(
            user=user,
            item=pk,
            plan=d.get("plan", ""),
            milestones=d.get("milestones", []),
            remove=d.get("remove", []),
        ),
    ),
    "milestone": (
        "Mark a milestone of the item done (staff or the item's leader)",
        MilestoneDoneBody,
        lambda user, pk, d: services.milestone_mark_done(
            user=user, item=pk, milestone=d.get("milestone"), done_on=d.get("done_on")
        ),
    ),
    "activity": (
        "Schedule an inspection, supervision meeting or survey and invite deputies",
        ActivityBody,
        lambda user, pk, d: services.activity_schedule(
            user=user,
            item=pk,
            kind=d.get("kind"),
            date=d.get("date"),
            place=d.get("place", ""),
            deputies=d.get("deputies", []),
            participants=d.get("participants", []),
        ),
    ),
    "hold": (
        "Record that an activity of the item took place, who attended and what it found",
        HoldBody,
        lambda user, pk, d: services.activity_hold(
            user=user,
            item=pk,
            activity=d.get("activity"),
            findings=d.get("findings", ""),
            attended=d.get("attended", []),
        ),
    ),
    "midterm": (
        "Record the mid-term check (staff or the item's leader)",
        MidtermBody,
        lambda user, pk, d: services.key_item_midterm_check(
            user=user, item=pk, note=d.get("note", "")
        ),
    ),
    "conclude": (
        "Conclude the supervision with the committee's opinion (staff or the item's leader)",
        ConcludeBody,
        lambda user, pk, d: services.key_item_conclude(
            user=user,
            item=pk,
            conclusion=d.get("conclusion", ""),
            committee_opinion=d.get("committee_opinion", ""),
        ),
    ),
}


def _action_view(name: str, summary: str, body, run) -> type[APIView]:
    class KeyItemActionView(APIView):
        @extend_schema(
            operation_id=f"key_items_action_{name}",
            summary=summary,
            request=body,
            responses={200: KeyItemDetailSerializer, **error_responses()},
            tags=["key supervision actions"],
        )
        def post(self, request, pk: int):
            data = validated(body, request, lambda: run(request.user, pk, {}))
            run(request.user, pk, data)
            return Response(_detail(pk))

    KeyItemActionView.__name__ = f"KeyItem{name.title()}View"
    KeyItemActionView.__qualname__ = KeyItemActionView.__name__
    return KeyItemActionView


ACTION_VIEWS = {name: _action_view(name, *spec) for name, spec in ACTIONS.items()}


class ActivityAnswerView(APIView):
    @extend_schema(
        operation_id="key_activities_action_answer",
        summary="Accept or decline an invitation to a supervision activity (the invited deputy)",
        request=InvitationAnswerBody,
        responses={200: InvitationSerializer, **error_responses()},
        tags=["key supervision actions"],
    )
    def post(self, request, pk: int):
        def answer(data):
            return services.activity_respond(
                user=request.user, activity=pk, accept=data.get("accept")
            )

        participant = answer(validated(InvitationAnswerBody, request, lambda: answer({})))
        participant = invitations_of(request.user).get(pk=participant.pk)
        return Response(InvitationSerializer(participant).data)
