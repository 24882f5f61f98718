"""/api/v1/assignments/: each unit's assignments (role-scoped), the detail, and unit actions."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from suggestions import permissions as perms
from suggestions import services
from suggestions.actions import ASSIGNMENT_ACTIONS
from suggestions.api import bodies
from suggestions.api.actionviews import ActionSpec, make_action_view
from suggestions.api.errors import ErrorSerializer, ValidationErrorSerializer
from suggestions.api.serializers import AssignmentDetailSerializer, AssignmentSerializer
from suggestions.api.visibility import visible_replies
from suggestions.models import Assignment, AssignmentRole, AssignmentStatus, Unit, UnitRequest


class AssignmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AssignmentStatus.choices)
    role = django_filters.ChoiceFilter(choices=AssignmentRole.choices)
    unit = django_filters.ModelChoiceFilter(queryset=Unit.objects.all())
    suggestion = django_filters.NumberFilter(min_value=1, max_value=2**31 - 1)

    class Meta:
        model = Assignment
        fields = ["status", "role", "unit", "suggestion"]


def list_queryset(user):
    return (
        perms.visible_assignments(user)
        .select_related("unit", "suggestion__session")
        .prefetch_related("requests")
    )


def assignment_response(request, pk: int) -> Response:
    qs = (
        list_queryset(request.user)
        .select_related("suggestion__lead_deputy")
        .prefetch_related("contacts", "requests__suggested_unit")
    )
    assignment = get_object_or_404(qs, pk=pk)
    user = request.user
    context = {
        "request": request,
        "sees_details": perms.can_view_timeline_details(user, assignment.suggestion),
        "sees_requests": perms.can_view_unit_work(user, assignment),
        "replies": list(visible_replies(user, assignment=assignment)),
    }
    return Response(AssignmentDetailSerializer(assignment, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary="Assignments the caller may see (a unit: its own)",
        responses={
            200: AssignmentSerializer(many=True),
            400: ValidationErrorSerializer,
            401: ErrorSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such page."),
        },
    ),
    retrieve=extend_schema(
        summary="One assignment with due dates, contacts, opinion, requests and replies",
        responses={200: AssignmentDetailSerializer, 401: ErrorSerializer, 404: ErrorSerializer},
    ),
)
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    filterset_class = AssignmentFilter
    serializer_class = AssignmentSerializer
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        return list_queryset(self.request.user)

    def get_serializer_class(self):
        return AssignmentDetailSerializer if self.action == "retrieve" else AssignmentSerializer

    def retrieve(self, request, pk=None):
        return assignment_response(request, pk)


def _decide(kind: str, approve: bool):
    """Staff decide the assignment's pending request of `kind`."""

    def run(user, assignment, data):
        request = services.assignment_for_request(user, assignment.pk, kind)
        if not approve:
            return services.request_reject(user=user, request=request, reason=data["reason"])
        extra = (
            {"unit": data.get("unit")}
            if kind == UnitRequest.Kind.REASSIGNMENT
            else {"due_date": data.get("due_date")}
        )
        return services.request_approve(user=user, request=request, **extra)

    return run


SPECS = [
    ActionSpec(
        "sign",
        "Sign for the assignment (签收) (the unit)",
        None,
        lambda u, a, d: services.assignment_sign(user=u, assignment=a),
    ),
    ActionSpec(
        "request_reassignment",
        "Ask to be relieved (申请调整), with the reason (the unit)",
        bodies.ReassignmentRequestBody,
        lambda u, a, d: services.assignment_request_reassignment(
            user=u, assignment=a, reason=d["reason"], suggested_unit=d.get("suggested_unit")
        ),
    ),
    ActionSpec(
        "record_contact",
        "Record a contact with the deputy (the unit)",
        bodies.ContactBody,
        lambda u, a, d: services.assignment_record_contact(
            user=u, assignment=a, kind=d["kind"], date=d["date"], note=d["note"]
        ),
    ),
    ActionSpec(
        "submit_opinion",
        "Send the co-unit's written opinion to the lead unit",
        bodies.OpinionBody,
        lambda u, a, d: services.assignment_submit_opinion(user=u, assignment=a, text=d["text"]),
    ),
    ActionSpec(
        "draft_reply",
        "Write or revise the reply (lead or split unit)",
        bodies.DraftReplyBody,
        lambda u, a, d: services.assignment_draft_reply(
            user=u,
            assignment=a,
            result_class=d["result_class"],
            text=d["text"],
            promises=d["promises"],
        ),
    ),
    ActionSpec(
        "request_extension",
        "Ask for more time (延期), with the reason and the new date",
        bodies.ExtensionRequestBody,
        lambda u, a, d: services.assignment_request_extension(
            user=u, assignment=a, reason=d["reason"], due_date=d["due_date"]
        ),
    ),
    ActionSpec(
        "sign_off",
        "Sign off the reply (签发) (the unit head)",
        None,
        lambda u, a, d: services.assignment_sign_off(user=u, assignment=a),
    ),
    ActionSpec(
        "approve_reassignment",
        "Approve the pending re-assignment request (staff)",
        bodies.ApproveReassignmentBody,
        _decide(UnitRequest.Kind.REASSIGNMENT, True),
    ),
    ActionSpec(
        "reject_reassignment",
        "Refuse the pending re-assignment request (staff)",
        bodies.ReasonBody,
        _decide(UnitRequest.Kind.REASSIGNMENT, False),
    ),
    ActionSpec(
        "approve_extension",
        "Approve the pending extension request (staff)",
        bodies.ApproveExtensionBody,
        _decide(UnitRequest.Kind.EXTENSION, True),
    ),
    ActionSpec(
        "reject_extension",
        "Refuse the pending extension request (staff)",
        bodies.ReasonBody,
        _decide(UnitRequest.Kind.EXTENSION, False),
    ),
]

VIEWS = {
    spec.name: make_action_view(
        spec,
        ASSIGNMENT_ACTIONS[spec.name],
        queryset=lambda user: perms.visible_assignments(user).prefetch_related("requests"),
        respond=assignment_response,
        detail_serializer=AssignmentDetailSerializer,
        resource="assignments",
    ).as_view()
    for spec in SPECS
}
