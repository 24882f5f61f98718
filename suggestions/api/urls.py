"""Routes of /api/v1/. `not_found` answers JSON for any other /api/ path (see config/urls)."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from suggestions.api import (
    accounts,
    attachments,
    auth,
    directory,
    notifications,
    promises,
    timeline,
    workspaces,
)
from suggestions.api.assignment_views import VIEWS as ASSIGNMENT_ACTION_VIEWS
from suggestions.api.assignment_views import AssignmentViewSet
from suggestions.api.suggestion_actions import VIEWS as SUGGESTION_ACTION_VIEWS
from suggestions.api.suggestion_views import SuggestionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("sessions", directory.SessionViewSet, basename="api-session")
router.register("categories", directory.CategoryViewSet, basename="api-category")
router.register("groups", directory.DeputyGroupViewSet, basename="api-group")
router.register("units", directory.UnitViewSet, basename="api-unit")
router.register("deputies", directory.DeputyViewSet, basename="api-deputy")
router.register("users", accounts.UserViewSet, basename="api-user")
router.register("suggestions", SuggestionViewSet, basename="api-suggestion")
router.register("assignments", AssignmentViewSet, basename="api-assignment")
router.register("promises", promises.PromiseViewSet, basename="api-promise")
router.register("notifications", notifications.NotificationViewSet, basename="api-notification")


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([AllowAny])
@schema(None)
def not_found(request, rest=""):
    return Response({"detail": _("Not found."), "code": "not_found"}, status=404)


urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="api-token"),
    path("auth/password/", auth.PasswordView.as_view(), name="api-password"),
    *[
        path(f"suggestions/<int:pk>/actions/{name}/", view, name=f"api-suggestion-{name}")
        for name, view in SUGGESTION_ACTION_VIEWS.items()
    ],
    *[
        path(f"assignments/<int:pk>/actions/{name}/", view, name=f"api-assignment-{name}")
        for name, view in ASSIGNMENT_ACTION_VIEWS.items()
    ],
    path(
        "suggestions/<int:pk>/events/",
        timeline.SuggestionEventsView.as_view(),
        name="api-suggestion-events",
    ),
    *[
        path(f"promises/<int:pk>/actions/{name}/", view.as_view(), name=f"api-promise-{name}")
        for name, view in (
            ("progress", promises.ProgressView),
            ("confirm", promises.ConfirmView),
            ("not_fulfilled", promises.NotFulfilledView),
        )
    ],
    path(
        "suggestions/<int:pk>/implementation_rating/",
        promises.ImplementationRatingView.as_view(),
        name="api-suggestion-implementation-rating",
    ),
    path(
        "assignments/<int:pk>/attachments/",
        attachments.AssignmentAttachmentsView.as_view(),
        name="api-assignment-attachments",
    ),
    path(
        "attachments/<int:pk>/",
        attachments.AttachmentDownloadView.as_view(),
        name="api-attachment-download",
    ),
    path(
        "me/cosign_invitations/",
        workspaces.CosignInvitationsView.as_view(),
        name="api-cosign-invitations",
    ),
    path("assignments/inbox/", workspaces.UnitInboxView.as_view(), name="api-unit-inbox"),
    path("staff/dashboard/", workspaces.DashboardView.as_view(), name="api-staff-dashboard"),
    path("staff/queues/<str:name>/", workspaces.StaffQueueView.as_view(), name="api-staff-queue"),
    path("staff/requests/", workspaces.PendingRequestsView.as_view(), name="api-staff-requests"),
    path("units/loads/", workspaces.UnitLoadsView.as_view(), name="api-unit-loads"),
    path(
        "leader/supervisions/",
        workspaces.LeaderSupervisionsView.as_view(),
        name="api-leader-supervisions",
    ),
    *router.urls,
]
