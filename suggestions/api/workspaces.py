"""The workspaces' own lists and figures through the API: the deputy's co-sign invitations, the
unit inbox with traffic lights, the staff dashboard, work queues, pending unit requests and units'
loads, and the leader's key suggestions.

Each endpoint reads the same selector and asks the same permission predicate as its web page.
There is no object to hide, so a caller of the wrong role gets 403, then bad filters 400.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from suggestions import permissions as perms
from suggestions import selectors
from suggestions.api.actionviews import error_responses
from suggestions.api.serializers import (
    AssignmentSerializer,
    CategoryRefSerializer,
    DeputyRefSerializer,
    HandlingRequestSerializer,
    SuggestionListSerializer,
    SuggestionSummarySerializer,
    UnitRefSerializer,
)
from suggestions.errors import NotPermitted
from suggestions.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    CoSigner,
    KeySupervision,
    Status,
    Suggestion,
    UnitRequest,
)

LIST_ERRORS = {k: v for k, v in error_responses().items() if k in (400, 401, 403, 404)}


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotPermitted()


class WorkspaceList(generics.ListAPIView):
    """A paginated list behind one permission predicate."""

    allowed = staticmethod(lambda user: False)

    def exists(self) -> bool:
        return True

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # 401 for anonymous callers
        if not self.exists():
            raise Http404()
        _require(self.allowed(request.user))


# --- deputy: co-sign invitations ---------------------------------------------------------
class InvitedSuggestionSerializer(serializers.ModelSerializer):
    lead_deputy = DeputyRefSerializer()
    category = CategoryRefSerializer(allow_null=True)

    class Meta:
        model = Suggestion
        fields = ["id", "title", "status", "lead_deputy", "category", "created_at"]


class CosignInvitationSerializer(serializers.ModelSerializer):
    suggestion = InvitedSuggestionSerializer()

    class Meta:
        model = CoSigner
        fields = ["id", "suggestion"]  # always still "invited"


@extend_schema_view(
    get=extend_schema(
        operation_id="me_cosign_invitations",
        summary="Drafts the caller is invited to co-sign (deputies)",
        responses={200: CosignInvitationSerializer(many=True), **LIST_ERRORS},
        tags=["workspaces"],
    )
)
class CosignInvitationsView(WorkspaceList):
    serializer_class = CosignInvitationSerializer
    allowed = staticmethod(perms.can_view_cosign_invitations)

    def get_queryset(self):
        return selectors.cosign_invitations(self.request.user)


# --- unit: the inbox ---------------------------------------------------------------------
class InboxQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["open", *AssignmentStatus.values],
        default="open",
        help_text="`open` (default): every status still needing the unit's work.",
    )
    light = serializers.ChoiceField(choices=list(selectors.LIGHTS), required=False)
    role = serializers.ChoiceField(choices=AssignmentRole.values, required=False)
    sort = serializers.ChoiceField(choices=list(selectors.INBOX_SORTS), default="due")


class InboxAssignmentSerializer(AssignmentSerializer):
    suggestion_summary = SuggestionSummarySerializer(source="suggestion")
    light = serializers.ChoiceField(
        choices=list(selectors.LIGHTS), help_text="Traffic light of the due date."
    )
    has_pending_request = serializers.BooleanField()

    class Meta(AssignmentSerializer.Meta):
        fields = [
            *AssignmentSerializer.Meta.fields,
            "suggestion_summary",
            "light",
            "has_pending_request",
        ]


@extend_schema_view(
    get=extend_schema(
        operation_id="assignments_inbox",
        summary="The unit's inbox: assignments with due dates and traffic lights (units, staff)",
        parameters=[InboxQuerySerializer],
        responses={200: InboxAssignmentSerializer(many=True), **LIST_ERRORS},
        tags=["workspaces"],
    )
)
class UnitInboxView(WorkspaceList):
    serializer_class = InboxAssignmentSerializer
    allowed = staticmethod(perms.can_view_unit_inbox)

    def get_queryset(self):
        query = InboxQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        inbox = selectors.unit_inbox(self.request.user, **query.validated_data)
        # available_actions reads each assignment's requests.
        return inbox.prefetch_related("requests")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        selectors.with_lights(page)
        return page


# --- staff: dashboard, queues, requests, units' loads -------------------------------------
class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class OverdueUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit__name")
    count = serializers.IntegerField(source="n")


class DashboardSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = StatusCountSerializer(many=True)
    waiting = serializers.DictField(
        child=serializers.IntegerField(), help_text="Suggestions waiting on staff, by status."
    )
    overdue = OverdueUnitSerializer(many=True, help_text="Open overdue assignments per unit.")
    pending_requests = serializers.IntegerField()
    missing_calendar_years = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="This year or next without an official working-day calendar.",
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="staff_dashboard",
        summary="The committee's dashboard figures (staff, leaders)",
        request=None,
        responses={200: DashboardSerializer, **LIST_ERRORS},
        tags=["workspaces"],
    )
)
class DashboardView(APIView):
    def get(self, request):
        _require(perms.can_view_dashboard(request.user))
        figures = selectors.dashboard(request.user)
        data = {
            **figures,
            "by_status": [
                {"status": value, "label": str(label), "count": n}
                for label, value, n in figures["by_status"]
            ],
            "waiting": {str(k): v for k, v in figures["waiting"].items()},
            "missing_calendar_years": selectors.missing_calendar_years(),
        }
        return Response(DashboardSerializer(data).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="staff_queue",
        summary="A staff work queue: review, assign, check or close (staff)",
        parameters=[
            OpenApiParameter("name", str, OpenApiParameter.PATH, enum=list(selectors.STAFF_QUEUES))
        ],
        responses={200: SuggestionListSerializer(many=True), **LIST_ERRORS},
        tags=["workspaces"],
    )
)
class StaffQueueView(WorkspaceList):
    serializer_class = SuggestionListSerializer
    allowed = staticmethod(perms.can_view_staff_queues)

    def exists(self) -> bool:
        # An unknown queue does not exist for anyone: 404 before the role check.
        return self.kwargs.get("name") in selectors.STAFF_QUEUES

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Suggestion.objects.none()
        return selectors.staff_queue(selectors.STAFF_QUEUES[self.kwargs["name"]])


class RequestAssignmentSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    suggestion = SuggestionSummarySerializer()

    class Meta:
        model = Assignment
        fields = ["id", "role", "status", "due_date", "unit", "suggestion"]


class PendingRequestSerializer(HandlingRequestSerializer):
    assignment = RequestAssignmentSerializer()
    requested_by = serializers.CharField(
        source="requested_by.display_name", allow_null=True, default=None
    )

    class Meta(HandlingRequestSerializer.Meta):
        fields = [*HandlingRequestSerializer.Meta.fields, "assignment", "requested_by"]


@extend_schema_view(
    get=extend_schema(
        operation_id="staff_requests",
        summary="Units' pending re-assignment and extension requests, oldest first (staff)",
        responses={200: PendingRequestSerializer(many=True), **LIST_ERRORS},
        tags=["workspaces"],
    )
)
class PendingRequestsView(WorkspaceList):
    serializer_class = PendingRequestSerializer
    allowed = staticmethod(perms.can_view_staff_queues)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UnitRequest.objects.none()
        return selectors.pending_requests()


class UnitLoadSerializer(UnitRefSerializer):
    open_load = serializers.IntegerField(help_text="Open assignments now.")

    class Meta(UnitRefSerializer.Meta):
        fields = [*UnitRefSerializer.Meta.fields, "open_load"]


@extend_schema_view(
    get=extend_schema(
        operation_id="units_loads",
        summary="Active units with their open assignments, for choosing units (staff)",
        request=None,
        responses={200: UnitLoadSerializer(many=True), **LIST_ERRORS},
        tags=["workspaces"],
    )
)
class UnitLoadsView(APIView):
    def get(self, request):
        _require(perms.can_view_staff_queues(request.user))
        return Response(UnitLoadSerializer(selectors.unit_loads(), many=True).data)


# --- leader: the key suggestions they lead -------------------------------------------------
class SupervisedAssignmentSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer()
    contacts = serializers.IntegerField(source="n_contacts", help_text="Contacts recorded.")

    class Meta:
        model = Assignment
        fields = ["id", "unit", "role", "status", "due_date", "contacts"]


class SupervisedSuggestionSerializer(SuggestionListSerializer):
    assignments = SupervisedAssignmentSerializer(source="active_assignments", many=True)

    class Meta(SuggestionListSerializer.Meta):
        fields = [*SuggestionListSerializer.Meta.fields, "assignments"]


class LeaderSupervisionSerializer(serializers.ModelSerializer):
    suggestion = SupervisedSuggestionSerializer()

    class Meta:
        model = KeySupervision
        fields = ["id", "responsible_committee", "note", "decided_at", "suggestion"]


@extend_schema_view(
    get=extend_schema(
        operation_id="leader_supervisions",
        summary="The key suggestions the caller leads, with each unit's progress (leaders)",
        responses={200: LeaderSupervisionSerializer(many=True), **LIST_ERRORS},
        tags=["workspaces"],
    )
)
class LeaderSupervisionsView(WorkspaceList):
    serializer_class = LeaderSupervisionSerializer
    allowed = staticmethod(perms.can_view_leader_home)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KeySupervision.objects.none()
        return selectors.leader_supervisions(self.request.user)
