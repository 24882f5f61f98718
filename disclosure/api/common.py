"""What the disclosure endpoints share: the session and round parameters, the documented errors,
public (no-login) views, and reading a body only after the access checks passed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny

from disclosure.params import parse_id
from suggestions.api.actionviews import error_responses
from suggestions.models import Session

SESSION_PARAM = OpenApiParameter(
    "session", OpenApiTypes.INT, description="Session id (default: the current session)"
)
ROUND_PARAM = OpenApiParameter(
    "round",
    OpenApiTypes.STR,
    enum=["latest", "first"],
    description="Which handling round the ratings and classes come from",
)


def read_errors() -> dict:
    """A logged-in read: no 409."""
    return {k: v for k, v in error_responses().items() if k != 409}


def public_errors() -> dict:
    """A public read: no login (no 401) and no state (no 409)."""
    return {k: v for k, v in error_responses().items() if k in (400, 403, 404)}


class PublicView:
    """No login, and a token sent anyway is ignored: the public sees the same for everyone."""

    permission_classes = [AllowAny]
    authentication_classes: list = []


class PublicPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def chosen_session(request) -> Session:
    raw = request.query_params.get("session")
    if raw is None or raw == "":
        session = Session.objects.filter(is_current=True).first() or Session.objects.first()
        if session is None:
            raise NotFound(_("There is no session yet."))
        return session
    pk = parse_id(raw)
    if pk is None:
        raise ValidationError({"session": [_("Give the id of a session.")]})
    session = Session.objects.filter(pk=pk).first()
    if session is None:
        raise NotFound(_("No such session."))
    return session


def chosen_round(request) -> str:
    value = request.query_params.get("round", "latest")
    if value not in ("latest", "first"):
        raise ValidationError({"round": [_("Choose latest or first.")]})
    return value
