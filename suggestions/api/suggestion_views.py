"""/api/v1/suggestions/: the role-scoped list, drafts (create, edit) and the detail."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from suggestions import permissions as perms
from suggestions import selectors, services, status_counts
from suggestions.api.actionviews import error_responses
from suggestions.api.bodies import SuggestionWriteSerializer
from suggestions.api.errors import ErrorSerializer, ValidationErrorSerializer
from suggestions.api.pagination import KnownCountPagination
from suggestions.api.serializers import SuggestionDetailSerializer, SuggestionListSerializer
from suggestions.api.visibility import visible_ratings, visible_replies
from suggestions.errors import InvalidState, NotPermitted
from suggestions.models import Assignment, Category, CoSigner, Session, Status, Suggestion


class SuggestionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    session = django_filters.ModelChoiceFilter(queryset=Session.objects.all())
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all())
    unit = django_filters.NumberFilter(
        method="filter_unit",
        min_value=1,
        max_value=2**31 - 1,
        help_text="Assigned to this unit id.",
    )
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=100,
        help_text="Words in the title or content, the lead deputy's name, or the number.",
    )
    # A choice, not a BooleanFilter: that one ignores a value it does not understand.
    entered_by_staff = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_entered_by_staff",
        help_text="true: only suggestions with a rating (that the caller sees) entered by staff "
        "from a paper feedback form; false: only those without one.",
    )

    class Meta:
        model = Suggestion
        fields = ["status", "session", "category", "unit", "q", "entered_by_staff"]

    def filter_unit(self, qs, name, unit):
        assigned = Assignment.objects.filter(suggestion=OuterRef("pk"), unit_id=int(unit))
        return qs.filter(Exists(assigned))

    def filter_q(self, qs, name, value):
        # The same match as the staff's list page.
        return qs.filter(selectors.suggestion_match(value))

    def filter_entered_by_staff(self, qs, name, value):
        # The same rule as the staff's list page.
        entered = selectors.has_rating_entered_by_staff(self.request.user)
        return qs.filter(entered if value == "true" else ~entered)


def detail_queryset(user):
    assignments = Assignment.objects.select_related("unit").prefetch_related("requests")
    return (
        perms.visible_suggestions(user)
        .select_related("session", "category", "lead_deputy")
        .prefetch_related(
            Prefetch("cosigners", queryset=CoSigner.objects.select_related("deputy")),
            Prefetch("assignments", queryset=assignments),
        )
    )


def suggestion_response(request, pk: int, *, code: int = 200) -> Response:
    """The suggestion as the caller sees it now."""
    suggestion = get_object_or_404(detail_queryset(request.user), pk=pk)
    context = {
        "request": request,
        "replies": list(visible_replies(request.user, suggestion=suggestion)),
        "ratings": list(visible_ratings(request.user, suggestion)),
    }
    return Response(SuggestionDetailSerializer(suggestion, context=context).data, status=code)


def _service_arguments(data: dict) -> dict:
    return {
        "title": data["title"],
        "content": data["content"],
        "category": data.get("category"),
        "co_signers": data.get("co_signers", []),
        "publication_consent": data["publication_consent"],
        "in_session": data["in_session"],
    }


_write_errors = {k: v for k, v in error_responses().items() if k in (400, 401, 403)}


@extend_schema_view(
    list=extend_schema(
        summary="Suggestions the caller may see",
        responses={
            200: SuggestionListSerializer(many=True),
            400: ValidationErrorSerializer,
            401: ErrorSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such page."),
        },
    ),
    retrieve=extend_schema(
        summary="One suggestion with its assignments, replies, ratings and available actions",
        responses={200: SuggestionDetailSerializer, 401: ErrorSerializer, 404: ErrorSerializer},
    ),
    create=extend_schema(
        summary="Draft a suggestion (deputies; staff register paper suggestions)",
        request=SuggestionWriteSerializer,
        responses={201: SuggestionDetailSerializer, **_write_errors},
    ),
    update=extend_schema(
        summary="Edit a draft",
        request=SuggestionWriteSerializer,
        responses={200: SuggestionDetailSerializer, **error_responses()},
    ),
)
class SuggestionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = SuggestionFilter
    lookup_value_regex = r"[0-9]{1,18}"
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            # Newest first, as the workspaces list them: the model's default order (session
            # year, number) sorted every visible row through a join, 90 ms at 100,000.
            return (
                perms.visible_suggestions(self.request.user)
                .select_related("session", "category", "lead_deputy")
                .order_by("-created_at", "-id")
            )
        return detail_queryset(self.request.user)

    pagination_class = KnownCountPagination

    def known_count(self, request) -> int | None:
        """The list's size without COUNT(*) when it is everything, or everything in one status."""
        status = request.query_params.get("status", "")
        filtered = bool(set(request.query_params) - {"page", "format", "status"})
        return status_counts.known_total(request.user, status=status, filtered=filtered)

    def get_serializer_class(self):
        if self.action == "list":
            return SuggestionListSerializer
        if self.action in ("create", "update"):
            return SuggestionWriteSerializer
        return SuggestionDetailSerializer

    def retrieve(self, request, pk=None):
        return suggestion_response(request, pk)

    def create(self, request):
        if not perms.can_create_suggestion(request.user):
            raise NotPermitted()
        body = SuggestionWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        suggestion = services.suggestion_create(
            user=request.user,
            session=data["session"],
            lead_deputy=data.get("lead_deputy"),
            **_service_arguments(data),
        )
        return suggestion_response(request, suggestion.pk, code=status.HTTP_201_CREATED)

    def update(self, request, pk=None):
        suggestion = self.get_object()
        body = SuggestionWriteSerializer(data=request.data)
        if not body.is_valid():
            if suggestion.status != Status.DRAFT:
                raise InvalidState(status=suggestion.status)
            if not perms.can_edit_draft(request.user, suggestion):
                raise NotPermitted(status=suggestion.status)
            raise ValidationError(body.errors)
        services.suggestion_update_draft(
            user=request.user, suggestion=suggestion, **_service_arguments(body.validated_data)
        )
        return suggestion_response(request, suggestion.pk)
